//! NHS.UK form pieces shared by the sign-in, registration and account pages: a text
//! field with its label, hint and error, and the error summary for a failed submit.

use super::{server_escaped, start_chosen, start_text, ErrorSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// A labelled text input (`type` from `kind`), with optional hint, showing `error`
/// beside it while there is one. Its id is `field-{name}`.
#[component]
pub fn TextField(
    /// The input's `name`, as the server function takes it.
    name: &'static str,
    /// The label.
    label: &'static str,
    /// Hint text under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// `text`, `email`, `password`…
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autofill purpose.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The message for this field, if the last submit failed on it.
    error: Signal<Option<String>>,
    /// Extra classes, such as a width.
    #[prop(default = "")]
    class: &'static str,
    /// The value it starts with.
    #[prop(optional, into)]
    value: Option<String>,
    /// The keyboard a phone shows (`numeric` for codes).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let value = start_text(name, value);
    let described = described_by(hint.map(|_| hint_id.clone()), error_id, error, None);
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id>{h}</div> })}
            {error_message(id.clone(), error)}
            <input
                class=format!("nhsuk-input {class}")
                class:nhsuk-input--error=move || error.get().is_some()
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                spellcheck="false"
                aria-describedby=described
                aria-invalid=move || error.get().is_some().then_some("true")
                value=value
                inputmode=inputmode
            />
        </div>
    }
}

/// A labelled drop-down of `options` (value, words), first offering `placeholder` with no
/// value, showing `error` beside it while there is one. Its id is `field-{field}`, where
/// `field` is `name` unless given.
#[component]
pub fn SelectField(
    /// The select's `name`, as the server function takes it.
    name: &'static str,
    /// The label.
    label: &'static str,
    /// Hint text under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The choices: value and words.
    options: Vec<(String, String)>,
    /// The first, empty choice.
    placeholder: &'static str,
    /// The message for this field, if the last submit failed on it.
    error: Signal<Option<String>>,
    /// The field's key when several forms on a page share `name`.
    #[prop(optional, into)]
    field: Option<String>,
    /// The value chosen at first.
    #[prop(optional, into)]
    selected: Option<String>,
) -> impl IntoView {
    let id = format!("field-{}", field.as_deref().unwrap_or(name));
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    let selected = start_text(name, selected);
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id>{h}</div> })}
            {error_message(id.clone(), error)}
            <select class="nhsuk-select" class:nhsuk-select--error=move || error.get().is_some() id=id name=name aria-describedby=described>
                <option value="">{placeholder}</option>
                {options.into_iter().map(|(value, words)| {
                    let chosen = selected.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=chosen>{words}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// One checkbox with its label, posting `yes` as `name` when ticked; its id is `id`.
#[component]
pub fn Checkbox(
    /// The element id.
    #[prop(into)]
    id: String,
    /// The checkbox's `name`, as the server function takes it.
    #[prop(into)]
    name: String,
    /// The words beside it.
    #[prop(into)]
    label: String,
    /// Whether it starts ticked.
    checked: bool,
) -> impl IntoView {
    let checked = start_chosen(&name, "yes", checked);
    view! {
        <div class="nhsuk-checkboxes__item">
            <input class="nhsuk-checkboxes__input" id=id.clone() name=name type="checkbox" value="yes" checked=checked/>
            <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label}</label>
        </div>
    }
}

/// The message beside field `id` (with id `{id}-error`) while `error` has one.
pub fn error_message(id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|m| {
            view! { <span class="nhsuk-error-message" id=format!("{id}-error")><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span> }
        })
    }
}

/// What a field's `aria-describedby` names: its hint (`hint_id`, when it has one), its
/// message (`error_id`, while `error` holds one), then `after` (such as a character count).
pub(crate) fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<String>>,
    after: Option<String>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        let message = error.get().is_some().then(|| error_id.clone());
        let ids: Vec<String> = [hint_id.clone(), message, after.clone()]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The error summary for `error`: each field message links to its field, and any other
/// error links to `first_field`.
pub fn summary_for(error: &AppError, first_field: &str) -> impl IntoView {
    let items: Vec<(String, String)> = match error {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| (format!("#field-{}", f.field), f.message.clone()))
            .collect(),
        other => vec![(format!("#field-{first_field}"), other.to_string())],
    };
    view! { <ErrorSummary items/> }
}

/// The message for `field` in `error` (the last submit's error), as a signal for [`TextField`].
pub fn field_error(
    error: Signal<Option<AppError>>,
    field: impl Into<String>,
) -> Signal<Option<String>> {
    let field = field.into();
    Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.message_for(&field))))
}

/// A labelled textarea, showing `error` beside it while there is one. Its id is
/// `field-{name}`.
#[component]
pub fn TextAreaField(
    /// The textarea's `name`, as the server function takes it.
    name: &'static str,
    /// The label.
    label: &'static str,
    /// Hint text under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The message for this field, if the last submit failed on it.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    let typed = start_text(name, None).map(server_escaped);
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id>{h}</div> })}
            {error_message(id.clone(), error)}
            <textarea class="nhsuk-textarea" class:nhsuk-textarea--error=move || error.get().is_some() id=id name=name rows="4" aria-describedby=described>{typed}</textarea>
        </div>
    }
}

/// Radios for `options` (value, words) in a fieldset, showing `error` beside them while
/// there is one. The first radio's id is `field-{name}`.
#[component]
pub fn RadiosField(
    /// The radios' `name`, as the server function takes it.
    name: &'static str,
    /// The question.
    legend: &'static str,
    /// The choices: value and words.
    options: Vec<(String, String)>,
    /// The message for this field, if the last submit failed on it.
    error: Signal<Option<String>>,
    /// The value chosen at first.
    #[prop(optional, into)]
    checked: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let described = described_by(None, format!("{id}-error"), error, None);
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <fieldset class="nhsuk-fieldset" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {error_message(id.clone(), error)}
                <div class="nhsuk-radios">
                    {options.into_iter().enumerate().map(|(i, (value, words))| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{value}") };
                        let chosen = start_chosen(name, &value, checked.as_deref() == Some(value.as_str()));
                        view! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id=input_id.clone() name=name type="radio" value=value checked=chosen/>
                                <label class="nhsuk-label nhsuk-radios__label" for=input_id>{words}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
