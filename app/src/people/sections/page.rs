//! What every section page shares: the record read once, the top of the page (title,
//! back link, error summary), what a stale save shows, the form's hidden fields, and a
//! summary list of a section's rows.

use crate::{
    auth::{shown_once::refused_form, wire::KeptForm},
    error::AppError,
    layout::{summary_for, Problem},
    models::{format_date_time, in_sentence, Person, SavedSection, Section, SectionKind},
    people::{get_person::get_person, wire::PersonRecord},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The saved section of `kind` in `record`, if any.
pub(super) fn saved(record: &PersonRecord, kind: SectionKind) -> Option<&SavedSection> {
    record.sections.iter().find(|s| s.body.kind() == kind)
}

/// The section of type `S` in `record` and its version, if it was ever saved.
pub(super) fn section_of<S: Section>(record: &PersonRecord) -> Option<(i64, S)> {
    let saved = saved(record, S::KIND)?;
    S::in_body(&saved.body).map(|content| (saved.version, content.clone()))
}

/// The record for a section page: the person in the address, read once (a view, audited).
pub(crate) fn record_resource() -> (Memo<String>, Resource<Result<PersonRecord, AppError>>) {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let record = Resource::new(move || id.get(), |id| get_person(id, false));
    (id, record)
}

/// The message for a refused save of a section (or of a consent check).
fn refusal(error: &AppError) -> Option<&'static str> {
    (*error == AppError::Conflict).then_some(
        "Someone else saved a change here while you were editing it, so your changes were not saved.",
    )
}

/// What a section page knows of the section as saved now, after a stale save was refused.
#[derive(Clone)]
enum Meanwhile {
    /// Not read again: the page was drawn by the server (without JavaScript) from the
    /// section as saved now, and the form shows it, or what was typed if that was kept.
    Drawn,
    /// Being read again.
    Reading,
    /// Read again: the form keeps what was typed, and this is shown beside it.
    Read(Box<SavedSection>),
}

/// After a save refused as stale: with JavaScript, reads the section again, shows what is
/// saved now and who saved it (the form keeps what was typed) and makes the next save
/// from that version. Without, the page is drawn from the section as saved now (`now`):
/// it is shown beside what was typed when the refused post's fields were kept, or else
/// the form shows it. Returns the version to save from and what to show.
pub(super) fn saved_meanwhile(
    id: String,
    kind: SectionKind,
    now: Option<SavedSection>,
    error: Signal<Option<AppError>>,
) -> (RwSignal<i64>, impl IntoView) {
    let from = RwSignal::new(now.as_ref().map_or(0, |s| s.version));
    let typed_kept = use_context::<KeptForm>().is_some();
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
                meanwhile.set(Meanwhile::Read(Box::new(now)));
            }
        });
    });
    let shown = move || {
        if error.get() != Some(AppError::Conflict) {
            return None;
        }
        Some(match meanwhile.get() {
            Meanwhile::Drawn => match now.clone().filter(|_| typed_kept) {
                Some(now) => beside_typed(now).into_any(),
                None => view! { <p>"The form now shows what they saved: make your changes again, then save."</p> }.into_any(),
            },
            Meanwhile::Reading => ().into_any(),
            Meanwhile::Read(now) => beside_typed(*now).into_any(),
        })
    };
    (from, shown)
}

/// What was saved meanwhile (`now`), shown above the form that still holds what was typed.
fn beside_typed(now: SavedSection) -> impl IntoView {
    view! {
        <div class="nhsuk-inset-text">
            <h2 class="nhsuk-heading-s">{format!("Saved meanwhile by {}, {}", now.changed_by, format_date_time(now.changed_at))}</h2>
            <SummaryList rows=now.body.rows()/>
            <p>"Your changes are still in the form below. Check them against this, then save again."</p>
        </div>
    }
}

/// The hidden fields of a section's form: whose record, and the version to save from.
pub(super) fn hidden_fields(id: String, from: RwSignal<i64>) -> impl IntoView {
    view! {
        <input type="hidden" name="person_id" value=id/>
        <input type="hidden" name="version" value=move || from.get()/>
    }
}

/// An NHS summary list of `rows` (label, value). With `change` (the section page's
/// address), each row has a "Change" link to it.
#[component]
pub(crate) fn SummaryList(
    rows: Vec<(String, String)>,
    #[prop(optional_no_strip)] change: Option<String>,
) -> impl IntoView {
    view! {
        <dl class="nhsuk-summary-list">
            {rows.into_iter().map(|(label, value)| {
                let action = change.clone().map(|href| view! {
                    <dd class="nhsuk-summary-list__actions">
                        <a href=href>"Change"<span class="nhsuk-u-visually-hidden">{format!(" {}", in_sentence(&label))}</span></a>
                    </dd>
                });
                view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{label}</dt>
                        <dd class="nhsuk-summary-list__value dsr-rationale">{value}</dd>
                        {action}
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}

/// The top of a section page: its title (marked "Error:" after a refusal), the way back to
/// the record, the error summary and, for a stale save, what happened (`children`: what
/// was saved meanwhile).
#[component]
pub(crate) fn SectionTop(
    topic: &'static str,
    person: String,
    id: String,
    error: Signal<Option<AppError>>,
    first_field: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <Title text=crate::layout::title_text(move || format!("{}{topic}: {person} - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <a class="nhsuk-back-link" href=format!("/people/{id}")>"Back to the record"</a>
        {move || error.get().map(|e| summary_for(&e, first_field))}
        {move || error.get().as_ref().and_then(refusal).map(|m| view! { <p class="nhsuk-error-message">{m}</p> })}
        {children.map(|c| c())}
    }
}

/// What a page that changes an open record shows for a closed one.
pub(crate) fn closed_notice(name: String, id: String) -> impl IntoView {
    view! {
        <Title text=format!("Record closed: {name} - Dynamic Support Register")/>
        <a class="nhsuk-back-link" href=format!("/people/{id}")>"Back to the record"</a>
        <h1>"This record is closed"</h1>
        <p>{format!("{name} is not on the register. The LDA team can reopen the record with a new consent record.")}</p>
    }
}

/// What a section page's form is drawn from.
pub(super) struct Drawn<S> {
    /// The section as saved, or as it is before it ever was.
    pub section: S,
    /// The record's id.
    pub id: String,
    /// The version to save from.
    pub from: RwSignal<i64>,
}

/// A section page about `topic`: once the record is read, its top (see [`SectionTop`]),
/// heading and what `form` draws from the section as saved (`unsaved` gives it before it
/// ever was). A closed record says so instead; `form` gives `None` when what the address
/// names is not in the section (not found).
pub(super) fn section_form_page<S: Section + Send + Sync + 'static, V: IntoView + 'static>(
    topic: &'static str,
    first_field: &'static str,
    error: Signal<Option<AppError>>,
    unsaved: fn(&Person) -> S,
    form: impl Fn(Drawn<S>) -> Option<V> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (id, record) = record_resource();
    section_page(record, move |record| {
        let name = record.person.full_name();
        let id = id.get_untracked();
        if record.person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let section = section_of::<S>(&record).map_or_else(|| unsaved(&record.person), |(_, s)| s);
        let now = saved(&record, S::KIND).cloned();
        let (from, meanwhile) = saved_meanwhile(id.clone(), S::KIND, now, error);
        let drawn = Drawn {
            section,
            id: id.clone(),
            from,
        };
        let Some(form) = form(drawn) else {
            return view! { <Problem error=AppError::NotFound/> }.into_any();
        };
        view! {
            <SectionTop topic person=name.clone() id error first_field>{meanwhile}</SectionTop>
            {heading(name, topic)}
            {form}
        }
        .into_any()
    })
}

/// The page heading: the person's name as a caption above `topic`.
fn heading(person: String, topic: &'static str) -> impl IntoView {
    view! {
        <h1><span class="nhsuk-caption-l">{person}<span class="nhsuk-u-visually-hidden">" - "</span></span>{topic}</h1>
    }
}

/// A section page: the form drawn by `view_of` once the record is read, or the problem.
/// After its form was posted without JavaScript and refused, what was typed is taken
/// first and given to the form (see [`refused_form`]).
pub(crate) fn section_page<V: IntoView + 'static>(
    record: Resource<Result<PersonRecord, AppError>>,
    view_of: impl Fn(PersonRecord) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let refused = refused_form(use_params_map().read_untracked().get("id"));
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let kept = match refused {
                    Some(kept) => kept.await,
                    None => None,
                };
                if let Some(kept) = kept {
                    provide_context(kept);
                }
                match record.await {
                    Ok(record) => view_of(record).into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
