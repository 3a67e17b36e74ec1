//! Pages about whether a person is on the register: `/people/{id}/consent` (a consent
//! re-check, or reopening a closed record with a new consent record), `/people/{id}/leave`
//! (taking them off the register) and `/register/closed` (closed records, for coordinators).

use super::{
    get_person::get_person,
    sections::{closed_notice, record_resource, section_page, SectionTop, SummaryList},
    standing::{closed_records, LeaveRegister, RecordConsent},
    wire::{ClosedSearch, PersonRecord},
};
use crate::{
    auth::wire::KeptForm,
    drafts::DraftedForm,
    error::AppError,
    layout::{
        field_error, ConsentFields, CountedText, DateField, Problem, RadiosField, TableHead,
        TextField,
    },
    models::{
        format_date, ConsentRecord, ConsentStanding, LeavingReason, CONSENT_LONG_MAX,
        CONSENT_SHORT_MAX,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/people/{id}/consent`: records a consent re-check, or, for a closed record, reopens it
/// with a new consent record.
#[component]
pub fn ConsentPage() -> impl IntoView {
    let (id, record) = record_resource();
    let action = ServerAction::<RecordConsent>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let today = record.today;
        let person = record.person;
        let name = person.full_name();
        let closed = person.left_on.is_some();
        let (topic, heading, button) = if closed {
            (
                "Reopen the record",
                "Reopen the record with a new consent record",
                "Reopen the record",
            )
        } else {
            (
                "Consent check",
                "Record a consent check",
                "Save consent record",
            )
        };
        let standing = ConsentStanding::on(person.consent_due, today);
        let now = match standing {
            _ if closed => "They are not on the register: reopening puts them back on it, with the rating they had and a review due today. Only the LDA team can reopen a record.".to_owned(),
            ConsentStanding::Missing => "No consent or best-interests decision is recorded.".to_owned(),
            ConsentStanding::Current(due) | ConsentStanding::Due(due) => format!("The current consent is due to be checked by {}.", format_date(due)),
            ConsentStanding::Overdue(due) => format!("The current consent was due to be checked by {}.", format_date(due)),
        };
        let seen = RwSignal::new(record.consent.len());
        let meanwhile = added_meanwhile(
            id.get_untracked(),
            record.consent.first().cloned(),
            seen,
            error,
        );
        view! {
            <SectionTop topic person=name.clone() id=id.get_untracked() error first_field="consent_kind">{meanwhile}</SectionTop>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>{heading}</h1>
            <p>{now}</p>
            <p>"Consent is checked every year, and when a young person turns 16 their own consent is sought. If the person cannot decide, record a best-interests decision under the Mental Capacity Act."</p>
            <DraftedForm action name=format!("consent:{}", id.get_untracked())>
                <input type="hidden" name="person_id" value=id.get_untracked()/>
                <input type="hidden" name="version" value=person.version/>
                <input type="hidden" name="consents_seen" value=move || seen.get()/>
                <ConsentFields error/>
                <button class="nhsuk-button" type="submit">{button}</button>
            </DraftedForm>
        }
    };
    section_page(record, view_of)
}

/// After a consent check refused because another was added meanwhile: the newest record,
/// shown above the form that still holds what was typed. With JavaScript the record is read
/// again and the next check is made from it (`seen`); without, the page was drawn from the
/// record as it is now (`newest`), and the typed answers were kept if the post was.
fn added_meanwhile(
    id: String,
    newest: Option<ConsentRecord>,
    seen: RwSignal<usize>,
    error: Signal<Option<AppError>>,
) -> impl Fn() -> Option<AnyView> {
    let typed_kept = use_context::<KeptForm>().is_some();
    let shown = RwSignal::new(newest.filter(|_| typed_kept));
    Effect::new(move |_| {
        if error.get() != Some(AppError::Conflict) {
            return;
        }
        let id = id.clone();
        leptos::task::spawn_local(async move {
            if let Ok(record) = get_person(id, true).await {
                seen.set(record.consent.len());
                shown.set(record.consent.first().cloned());
            }
        });
    });
    move || {
        if error.get() != Some(AppError::Conflict) {
            return None;
        }
        let view = match shown.get() {
            Some(newest) => view! {
                <div class="nhsuk-inset-text">
                    <h2 class="nhsuk-heading-s">"Recorded meanwhile"</h2>
                    <SummaryList rows=newest.rows()/>
                    <p>"Your answers are still in the form below. Check them against this, then save again if they are still needed."</p>
                </div>
            }
            .into_any(),
            None => view! { <p>"Another consent record was added meanwhile: go back to the record to see it, then enter your check again."</p> }.into_any(),
        };
        Some(view)
    }
}

/// `/people/{id}/leave`: takes the person off the register, closing the record.
#[component]
pub fn LeavePage() -> impl IntoView {
    let (id, record) = record_resource();
    let action = ServerAction::<LeaveRegister>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let name = record.person.full_name();
        if record.person.left_on.is_some() {
            return closed_notice(name, id.get_untracked()).into_any();
        }
        view! {
            <SectionTop topic="Take off the register" person=name.clone() id=id.get_untracked() error first_field="reason"/>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Take off the register"</h1>
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label"><span class="nhsuk-u-visually-hidden">"Important: "</span>"What happens"</h2>
                <p>"They leave the register at once and every open board drops their card. The record is closed and kept: nothing is deleted, and the LDA team can reopen it with a new consent record."</p>
            </div>
            <DraftedForm action name=format!("leave:{}", id.get_untracked())>
                <input type="hidden" name="person_id" value=id.get_untracked()/>
                <input type="hidden" name="version" value=record.person.version/>
                <RadiosField name="reason" legend="Why are they leaving the register?"
                    options=LeavingReason::options()
                    error=field_error(error, "reason")/>
                <DateField prefix="left" legend="When did they leave?" error/>
                <CountedText name="decided_by" label="Who made the decision or withdrew consent" line=true value="" max=CONSENT_SHORT_MAX
                    hint="Their name and role. If consent was withdrawn, the person or their parent." error=field_error(error, "decided_by")/>
                <CountedText name="why" label="Why they are leaving" value="" max=CONSENT_LONG_MAX
                    hint="Not needed when consent was withdrawn." error=field_error(error, "why")/>
                <CountedText name="detail" label="Receiving ICB, or how consent was withdrawn" line=true value="" max=CONSENT_SHORT_MAX
                    hint="Needed if they moved out of the area (name the receiving ICB) or withdrew consent (say how, for example by phone to the LDA team)." error=field_error(error, "detail")/>
                <button class="nhsuk-button nhsuk-button--warning" type="submit">"Take off the register"</button>
            </DraftedForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}

/// `/register/closed`: closed records, newest first, with a search by name or NHS number.
/// The search is posted (it may be a name or an NHS number, which never go in a URL); with
/// JavaScript it is applied in the page.
#[component]
pub fn ClosedPage() -> impl IntoView {
    let posted = SharedValue::new(posted_search).into_inner();
    let q = RwSignal::new(posted.q);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(text) = submitted_search(&ev) {
            ev.prevent_default();
            q.set(text);
        }
    };
    let list = Resource::new(move || q.get(), closed_records);
    let error = Signal::derive(move || list.get().and_then(Result::err));
    view! {
        <a class="nhsuk-back-link" href="/register">"Back to the register board"</a>
        <h1>"Closed records"</h1>
        <p>"People who have left the register. Their records are kept; open one to see why they left or to reopen it with a new consent record."</p>
        <form method="post" action="/register/closed" role="search" on:submit=submit>
            <TextField name="q" label="Search by name or NHS number" hint="At least 3 letters or numbers." value=q.get_untracked() error=field_error(error, "q")/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Search"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let found = list.await;
                // Titled once the search is answered, so a refused one says so without JavaScript.
                let title = format!("{}Closed records - Dynamic Support Register", if found.is_err() { "Error: " } else { "" });
                let shown = match found {
                    Err(AppError::Invalid(_)) => ().into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                    Ok(records) if records.is_empty() => view! { <p>"No closed records match."</p> }.into_any(),
                    Ok(records) => view! {
                        <table class="nhsuk-table">
                            <caption class="nhsuk-table__caption">{format!("{} closed {}, most recently closed first", records.len(), if records.len() == 1 { "record" } else { "records" })}</caption>
                            <TableHead columns=&["Name", "NHS number", "Left", "Why"]/>
                            <tbody class="nhsuk-table__body">
                                {records.into_iter().map(|r| view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell"><a href=format!("/people/{}", r.id)>{r.name}</a></td>
                                        <td class="nhsuk-table__cell">{r.nhs_number}</td>
                                        <td class="nhsuk-table__cell">{format_date(r.left_on)}</td>
                                        <td class="nhsuk-table__cell">{r.reason.label()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                };
                view! { <Title text=title/> {shown} }
            })}
        </Suspense>
    }
}

/// The search posted to `/register/closed` without JavaScript, if this render answers one.
fn posted_search() -> ClosedSearch {
    #[cfg(feature = "ssr")]
    return use_context::<ClosedSearch>().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    ClosedSearch::default()
}

/// The search typed into the submitted form, when the page is interactive (a plain post
/// otherwise).
fn submitted_search(ev: &leptos::ev::SubmitEvent) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
        web_sys::FormData::new_with_form(&form)
            .ok()?
            .get("q")
            .as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        None
    }
}
