//! The record's sections on the person page (an NHS summary list each, with "Change"
//! links) and the page that changes each one (one topic per page):
//! `/people/{id}/narrative` and `/people/{id}/keyworker`.

use super::{
    get_person::get_person,
    save_section::{SaveKeyworker, SaveNarrative},
    wire::PersonRecord,
};
use crate::{
    drafts::DraftedForm,
    error::AppError,
    layout::{field_error, summary_for, Problem, TextField},
    models::{
        format_date_time, keyworker_eligible, Keyworker, Narrative, SavedSection, SectionBody,
        SectionKind, LONG_TEXT_MAX,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The saved section of `kind` in `record`, if any.
fn saved(record: &PersonRecord, kind: SectionKind) -> Option<&SavedSection> {
    record.sections.iter().find(|s| s.body.kind() == kind)
}

/// The narrative in `record` and its version (0 and empty when never saved).
fn narrative_of(record: &PersonRecord) -> (i64, Narrative) {
    match saved(record, SectionKind::Narrative) {
        Some(SavedSection {
            body: SectionBody::Narrative(n),
            version,
            ..
        }) => (*version, n.clone()),
        _ => (0, Narrative::default()),
    }
}

/// The keyworker in `record` and its version (0 and none when never saved).
fn keyworker_of(record: &PersonRecord) -> (i64, Option<Keyworker>) {
    match saved(record, SectionKind::Keyworker) {
        Some(SavedSection {
            body: SectionBody::Keyworker(k),
            version,
            ..
        }) => (*version, Some(k.clone())),
        _ => (0, None),
    }
}

/// The narrative and keyworker sections of the person page.
#[component]
pub fn RecordSections(record: PersonRecord) -> impl IntoView {
    let id = record.person.id;
    let (_, narrative) = narrative_of(&record);
    let (_, keyworker) = keyworker_of(&record);
    let eligible = keyworker_eligible(
        record.person.date_of_birth,
        record.person.rating,
        keyworker.as_ref(),
        record.today,
    );
    let changed = |kind| {
        saved(&record, kind).map(|s| {
            view! { <p class="nhsuk-body-s">"Last changed " {format_date_time(s.changed_at)} " by " {s.changed_by.clone()}</p> }
        })
    };
    let change_link = move |path: &'static str, what: &'static str| {
        view! {
            <dd class="nhsuk-summary-list__actions">
                <a href=format!("/people/{id}/{path}")>"Change"<span class="nhsuk-u-visually-hidden">{format!(" {what}")}</span></a>
            </dd>
        }
    };
    view! {
        <h2 class="nhsuk-heading-m">"Current issues and views"</h2>
        <dl class="nhsuk-summary-list">
            {SectionBody::Narrative(narrative).rows().into_iter().map(|(label, value)| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{label}</dt>
                    <dd class="nhsuk-summary-list__value dsr-rationale">{value}</dd>
                    {change_link("narrative", label)}
                </div>
            }).collect_view()}
        </dl>
        {changed(SectionKind::Narrative)}
        <h2 class="nhsuk-heading-m">"Keyworker"</h2>
        {eligible.then(|| view! { <p><strong class="nhsuk-tag nhsuk-tag--yellow">"Keyworker eligible"</strong> " Aged 25 or under and rated Red, Amber or Blue, with no keyworker named."</p> })}
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Keyworker"</dt>
                <dd class="nhsuk-summary-list__value">{keyworker.map_or_else(|| "Not recorded".to_owned(), |k| k.describe())}</dd>
                {change_link("keyworker", "keyworker")}
            </div>
        </dl>
        {changed(SectionKind::Keyworker)}
    }
}

/// The record for a section page: the person in the address, read once (a view, audited).
pub(super) fn record_resource() -> (Memo<String>, Resource<Result<PersonRecord, AppError>>) {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let record = Resource::new(move || id.get(), |id| get_person(id, false));
    (id, record)
}

/// The message for a refused save of a section.
fn refusal(error: &AppError) -> Option<&'static str> {
    (*error == AppError::Conflict).then_some(
        "Someone else saved this section while you were editing it, so your changes were not saved.",
    )
}

/// What a section page knows of the section as saved now, after a stale save was refused.
#[derive(Clone)]
enum Meanwhile {
    /// Not read again: the page was drawn by the server (without JavaScript), so the form
    /// already shows the section as saved now.
    Drawn,
    /// Being read again.
    Reading,
    /// Read again: the form keeps what was typed, and this is shown beside it.
    Read(SavedSection),
}

/// After a save refused as stale: with JavaScript, reads the section again, shows what is
/// saved now and who saved it (the form keeps what was typed) and makes the next save
/// from that version; without, says the form shows what is saved now. Returns the version
/// to save from and what to show.
fn saved_meanwhile(
    id: String,
    kind: SectionKind,
    version: i64,
    error: Signal<Option<AppError>>,
) -> (RwSignal<i64>, impl IntoView) {
    let from = RwSignal::new(version);
    let meanwhile = RwSignal::new(Meanwhile::Drawn);
    Effect::new(move |_| {
        if error.get() != Some(AppError::Conflict) {
            return;
        }
        meanwhile.set(Meanwhile::Reading);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let now = get_person(id, true)
                .await
                .ok()
                .and_then(|record| saved(&record, kind).cloned());
            if let Some(now) = now {
                from.set(now.version);
                meanwhile.set(Meanwhile::Read(now));
            }
        });
    });
    let shown = move || {
        if error.get() != Some(AppError::Conflict) {
            return None;
        }
        Some(match meanwhile.get() {
            Meanwhile::Drawn => view! { <p>"The form now shows what they saved: make your changes again, then save."</p> }.into_any(),
            Meanwhile::Reading => ().into_any(),
            Meanwhile::Read(now) => view! {
                <div class="nhsuk-inset-text">
                    <h2 class="nhsuk-heading-s">{format!("Saved meanwhile by {}, {}", now.changed_by, format_date_time(now.changed_at))}</h2>
                    <dl class="nhsuk-summary-list">
                        {now.body.rows().into_iter().map(|(label, value)| view! {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">{label}</dt>
                                <dd class="nhsuk-summary-list__value dsr-rationale">{value}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                    <p>"Your changes are still in the form below. Check them against this, then save again."</p>
                </div>
            }.into_any(),
        })
    };
    (from, shown)
}

/// `/people/{id}/narrative`: change current issues, what has been tried, what would
/// reduce the risk, and the person's and family's views.
#[component]
pub fn NarrativePage() -> impl IntoView {
    let (id, record) = record_resource();
    let action = ServerAction::<SaveNarrative>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let (version, narrative) = narrative_of(&record);
        let (from, meanwhile) =
            saved_meanwhile(id.get_untracked(), SectionKind::Narrative, version, error);
        view! {
            <SectionTop topic="Current issues and views" person=record.person.full_name() id=id.get_untracked() error first_field="current_issues">{meanwhile}</SectionTop>
            <h1><span class="nhsuk-caption-l">{record.person.full_name()}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Current issues and views"</h1>
            <DraftedForm action name=format!("narrative:{}", id.get_untracked())>
                <input type="hidden" name="person_id" value=id.get_untracked()/>
                <input type="hidden" name="version" value=move || from.get()/>
                {narrative.fields().into_iter().map(|(name, label, text)| view! {
                    <CountedText name label value=text.to_owned() max=LONG_TEXT_MAX error=field_error(error, name)/>
                }).collect_view()}
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        }
    };
    section_page(record, view_of)
}

/// `/people/{id}/keyworker`: who the keyworker is, or why there is none.
#[component]
pub fn KeyworkerPage() -> impl IntoView {
    let (id, record) = record_resource();
    let action = ServerAction::<SaveKeyworker>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let (version, keyworker) = keyworker_of(&record);
        let (name, agency) = match &keyworker {
            Some(Keyworker::Named { name, agency }) => (name.clone(), agency.clone()),
            _ => Default::default(),
        };
        let chosen = keyworker.as_ref().map(Keyworker::code);
        let status_error = field_error(error, "status");
        let (from, meanwhile) =
            saved_meanwhile(id.get_untracked(), SectionKind::Keyworker, version, error);
        view! {
            <SectionTop topic="Keyworker" person=record.person.full_name() id=id.get_untracked() error first_field="status">{meanwhile}</SectionTop>
            <DraftedForm action name=format!("keyworker:{}", id.get_untracked())>
                <input type="hidden" name="person_id" value=id.get_untracked()/>
                <input type="hidden" name="version" value=move || from.get()/>
                <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || status_error.get().is_some()>
                    <fieldset class="nhsuk-fieldset" aria-describedby="field-status-hint">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l">
                            <h1 class="nhsuk-fieldset__heading"><span class="nhsuk-caption-l">{record.person.full_name()}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Does this person have a keyworker?"</h1>
                        </legend>
                        <div class="nhsuk-hint" id="field-status-hint">"Keyworkers support children and young people aged up to 25 who are rated Red, Amber or Blue."</div>
                        {crate::layout::error_message("field-status".into(), status_error)}
                        <div class="nhsuk-radios">
                            {[("named", "Yes, a keyworker is named"), ("waiting", "Referred, waiting for a keyworker"), ("not_needed", "Not needed")].into_iter().enumerate().map(|(i, (value, words))| {
                                let input = if i == 0 { "field-status".to_owned() } else { format!("field-status-{value}") };
                                view! {
                                    <div class="nhsuk-radios__item">
                                        <input class="nhsuk-radios__input" id=input.clone() name="status" type="radio" value=value checked=chosen == Some(value)/>
                                        <label class="nhsuk-label nhsuk-radios__label" for=input>{words}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <TextField name="name" label="Keyworker's name (if named)" value=name error=field_error(error, "name")/>
                <TextField name="agency" label="Keyworker's agency (if named)" value=agency error=field_error(error, "agency")/>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        }
    };
    section_page(record, view_of)
}

/// The top of a section page: its title (marked "Error:" after a refusal), the way back to
/// the record, the error summary and, for a stale save, what happened (`children`: what
/// was saved meanwhile).
#[component]
pub(super) fn SectionTop(
    topic: &'static str,
    person: String,
    id: String,
    error: Signal<Option<AppError>>,
    first_field: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <Title text=move || format!("{}{topic}: {person} - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" })/>
        <a class="nhsuk-back-link" href=format!("/people/{id}")>"Back to the record"</a>
        {move || error.get().map(|e| summary_for(&e, first_field))}
        {move || error.get().as_ref().and_then(refusal).map(|m| view! { <p class="nhsuk-error-message">{m}</p> })}
        {children.map(|c| c())}
    }
}

/// A section page: the form drawn by `view_of` once the record is read, or the problem.
pub(super) fn section_page<V: IntoView + 'static>(
    record: Resource<Result<PersonRecord, AppError>>,
    view_of: impl Fn(PersonRecord) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(record) => view_of(record).into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A textarea with its limit shown as a character count (the count says how many are
/// left; it is announced politely), starting with `value`.
#[component]
fn CountedText(
    name: &'static str,
    label: &'static str,
    value: String,
    max: usize,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let count_id = format!("{id}-count");
    let used = RwSignal::new(value.chars().count());
    let left = move || {
        let used = used.get();
        if used <= max {
            format!("You have {} characters remaining", max - used)
        } else {
            format!("You have {} characters too many", used - max)
        }
    };
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label nhsuk-label--s" for=id.clone()>{label}</label>
            {crate::layout::error_message(id.clone(), error)}
            <textarea
                class="nhsuk-textarea"
                class:nhsuk-textarea--error=move || error.get().is_some()
                id=id
                name=name
                rows="5"
                aria-describedby=count_id.clone()
                on:input=move |ev| used.set(event_target_value(&ev).chars().count())
            >{value}</textarea>
            <div class="nhsuk-hint" id=count_id aria-live="polite">{left}</div>
        </div>
    }
}
