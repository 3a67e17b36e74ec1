//! NHS.UK inputs bound to a referral draft: each shows the saved answer, saves every
//! keystroke or choice at once, and shows its error beside it. A field's id is
//! `field-{name}` (for radios and dates, the first input's), so error summaries link to it.
//! Each also writes its saved answer into the HTML (value, text, checked), so a page the
//! server draws shows what it kept, with or without JavaScript.

use super::ReferralDraft;
use crate::layout::error_message;
use leptos::prelude::*;

/// The message for `field` among `errors`.
pub fn error_for(
    errors: RwSignal<Vec<crate::error::FieldError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    })
}

/// The `aria-describedby` of a field with an optional hint and an error.
fn described_by(
    id: &str,
    hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let id = id.to_owned();
    move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{id}-hint"));
        }
        if error.get().is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A text input. `kind` (`tel`, `email`) brings up the matching keyboard on a phone;
/// `inputmode` is only for a `text` input that takes digits, such as an NHS number.
#[component]
pub fn AnswerText(
    draft: ReferralDraft,
    field: &'static str,
    label: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "")] class: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{field}");
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{h}</div> })}
            {error_message(id.clone(), error)}
            <input
                class=format!("nhsuk-input {class}")
                class:nhsuk-input--error=move || error.get().is_some()
                id=id.clone()
                name=field
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                spellcheck="false"
                aria-describedby=described_by(&id, hint.is_some(), error)
                value=draft.answers.with_untracked(|a| a.get(field))
                prop:value=move || draft.answers.with(|a| a.get(field))
                on:input=move |ev| { let v = event_target_value(&ev); draft.edit(|a| a.set(field, v)); }
            />
        </div>
    }
}

/// A textarea of up to `max` characters, saying how many are left.
#[component]
pub fn AnswerArea(
    draft: ReferralDraft,
    field: &'static str,
    label: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] label_is_heading: bool,
    max: usize,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{field}");
    let used = move || draft.answers.with(|a| a.get(field).chars().count());
    let label_view = if label_is_heading {
        view! { <h1 class="nhsuk-label-wrapper"><label class="nhsuk-label nhsuk-label--l" for=id.clone()>{label}</label></h1> }.into_any()
    } else {
        view! { <label class="nhsuk-label" for=id.clone()>{label}</label> }.into_any()
    };
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            {label_view}
            {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{h}</div> })}
            {error_message(id.clone(), error)}
            <textarea
                class="nhsuk-textarea"
                class:nhsuk-textarea--error=move || error.get().is_some()
                id=id.clone()
                name=field
                rows="6"
                aria-describedby=described_by(&id, hint.is_some(), error)
                prop:value=move || draft.answers.with(|a| a.get(field))
                on:input=move |ev| { let v = event_target_value(&ev); draft.edit(|a| a.set(field, v)); }
            >{crate::layout::server_escaped(draft.answers.with_untracked(|a| a.get(field)))}</textarea>
            <div class="nhsuk-hint dsr-count" aria-live="polite">
                {move || {
                    let used = used();
                    if used > max { format!("You have {} characters too many", used - max) } else { format!("You have {} characters remaining", max - used) }
                }}
            </div>
        </div>
    }
}

/// Radios in a fieldset. With `legend_is_heading` the legend is the page's `h1`.
/// `option_hints` explain some options (by code) in a hint under each. `revealed` is shown
/// under the option whose code it names while that option is chosen (the NHS.UK
/// conditional reveal).
#[component]
pub fn AnswerRadios(
    draft: ReferralDraft,
    field: &'static str,
    legend: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] legend_is_heading: bool,
    options: Vec<(&'static str, String)>,
    #[prop(optional)] option_hints: Vec<(&'static str, &'static str)>,
    error: Signal<Option<String>>,
    #[prop(optional)] revealed: Option<(&'static str, ViewFn)>,
) -> impl IntoView {
    let id = format!("field-{field}");
    let legend_view = if legend_is_heading {
        view! { <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">{legend}</h1></legend> }.into_any()
    } else {
        view! { <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend> }
            .into_any()
    };
    let chosen = move || draft.answers.with(|a| a.get(field));
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <fieldset class="nhsuk-fieldset" aria-describedby=described_by(&id, hint.is_some(), error)>
                {legend_view}
                {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{h}</div> })}
                {error_message(id.clone(), error)}
                <div class="nhsuk-radios">
                    {options.into_iter().enumerate().map(|(i, (code, words))| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{code}") };
                        let reveal = revealed.clone().filter(|(c, _)| *c == code).map(|(_, v)| v);
                        let hint = option_hints.iter().find(|(c, _)| *c == code).map(|(_, h)| *h);
                        let hint_id = format!("{id}-{code}-hint");
                        view! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id=input_id.clone() name=field type="radio" value=code
                                    aria-describedby=hint.map(|_| hint_id.clone())
                                    checked=draft.answers.with_untracked(|a| a.get(field) == code)
                                    prop:checked=move || chosen() == code
                                    on:change=move |_| draft.edit(|a| a.set(field, code.to_owned()))/>
                                <label class="nhsuk-label nhsuk-radios__label" for=input_id>{words}</label>
                                {hint.map(|h| view! { <div class="nhsuk-hint nhsuk-radios__hint" id=hint_id>{h}</div> })}
                            </div>
                            // Hidden only while scripts run and another option is chosen:
                            // without JavaScript every revealed question shows.
                            {reveal.map(|v| view! {
                                <div class="nhsuk-radios__conditional" class:dsr-unrevealed=move || chosen() != code>{v.run()}</div>
                            })}
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// The NHS.UK date input (day, month, year) for the date of birth. The browser offers a
/// saved birthday only when it is `own` (the person filling in the form is the person
/// referred): a parent's own birthday is no answer for their child.
#[component]
pub fn AnswerDate(
    draft: ReferralDraft,
    legend: String,
    hint: &'static str,
    own: bool,
    errors: RwSignal<Vec<crate::error::FieldError>>,
) -> impl IntoView {
    let error = Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|e| e.field.starts_with("dob_"))
                .map(|e| e.message.clone())
        })
    });
    // A message about the whole date (not a missing part) marks every part.
    let wrong = move |field: &str| {
        errors.with(|e| {
            e.iter().any(|e| {
                e.field == field || (e.field == "dob_day" && !e.message.contains("include"))
            })
        })
    };
    let part = move |field: &'static str,
                     label: &'static str,
                     width: &'static str,
                     autocomplete: &'static str| {
        view! {
            <div class="nhsuk-date-input__item">
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label nhsuk-date-input__label" for=format!("field-{field}")>{label}</label>
                    <input class=format!("nhsuk-input nhsuk-date-input__input {width}") class:nhsuk-input--error=move || wrong(field)
                        id=format!("field-{field}") name=field type="text" inputmode="numeric" autocomplete=autocomplete
                        value=draft.answers.with_untracked(|a| a.get(field))
                        prop:value=move || draft.answers.with(|a| a.get(field))
                        on:input=move |ev| { let v = event_target_value(&ev); draft.edit(|a| a.set(field, v)); }/>
                </div>
            </div>
        }
    };
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <fieldset class="nhsuk-fieldset" role="group" aria-describedby=described_by("field-dob", true, error)>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">{legend}</h1></legend>
                <div class="nhsuk-hint" id="field-dob-hint">{hint}</div>
                {error_message("field-dob".into(), error)}
                <div class="nhsuk-date-input">
                    {part("dob_day", "Day", "nhsuk-input--width-2", if own { "bday-day" } else { "off" })}
                    {part("dob_month", "Month", "nhsuk-input--width-2", if own { "bday-month" } else { "off" })}
                    {part("dob_year", "Year", "nhsuk-input--width-4", if own { "bday-year" } else { "off" })}
                </div>
            </fieldset>
        </div>
    }
}

/// Checkboxes for the risk factors.
#[component]
pub fn AnswerRisks(draft: ReferralDraft, error: Signal<Option<String>>) -> impl IntoView {
    use crate::models::RiskFactor;
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <fieldset class="nhsuk-fieldset" aria-describedby="field-risk_factors-hint">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">"Which risk factors are present?"</legend>
                <div class="nhsuk-hint" id="field-risk_factors-hint">"Select all that apply."</div>
                {error_message("field-risk_factors".into(), error)}
                <div class="nhsuk-checkboxes">
                    {RiskFactor::ALL.iter().enumerate().map(|(i, r)| {
                        let code = r.code();
                        let id = if i == 0 { "field-risk_factors".to_owned() } else { format!("field-risk_factors-{code}") };
                        view! {
                            <div class="nhsuk-checkboxes__item">
                                <input class="nhsuk-checkboxes__input" id=id.clone() name="risk_factors" type="checkbox" value=code
                                    checked=draft.answers.with_untracked(|a| a.risk_factors.iter().any(|c| c == code))
                                    prop:checked=move || draft.answers.with(|a| a.risk_factors.iter().any(|c| c == code))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.edit(|a| {
                                            a.risk_factors.retain(|c| c != code);
                                            if on { a.risk_factors.push(code.to_owned()); }
                                        });
                                    }/>
                                <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{r.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
