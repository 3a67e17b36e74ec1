//! Pages about whether a person is on the register: `/people/{id}/consent` (a consent
//! re-check, or reopening a closed record with a new consent record), `/people/{id}/leave`
//! (taking them off the register) and `/register/closed` (closed records, for coordinators).

use super::{
    sections::{closed_notice, record_resource, section_page, SectionTop},
    standing::{closed_records, LeaveRegister, RecordConsent},
    wire::PersonRecord,
};
use crate::{
    drafts::DraftedForm,
    error::AppError,
    layout::{
        field_error, ConsentFields, DateField, Problem, RadiosField, TableHead, TextAreaField,
        TextField,
    },
    models::{format_date, ConsentStanding, LeavingReason},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
        view! {
            <SectionTop topic person=name.clone() id=id.get_untracked() error first_field="consent_kind"/>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>{heading}</h1>
            <p>{now}</p>
            <p>"Consent is checked every year, and when a young person turns 16 their own consent is sought. If the person cannot decide, record a best-interests decision under the Mental Capacity Act."</p>
            <DraftedForm action name=format!("consent:{}", id.get_untracked())>
                <input type="hidden" name="person_id" value=id.get_untracked()/>
                <input type="hidden" name="version" value=person.version/>
                <ConsentFields error/>
                <button class="nhsuk-button" type="submit">{button}</button>
            </DraftedForm>
        }
    };
    section_page(record, view_of)
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
                <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"What happens"</span></h2>
                <p>"They leave the register at once and every open board drops their card. The record is closed and kept: nothing is deleted, and the LDA team can reopen it with a new consent record."</p>
            </div>
            <DraftedForm action name=format!("leave:{}", id.get_untracked())>
                <input type="hidden" name="person_id" value=id.get_untracked()/>
                <input type="hidden" name="version" value=record.person.version/>
                <RadiosField name="reason" legend="Why are they leaving the register?"
                    options=LeavingReason::options()
                    error=field_error(error, "reason")/>
                <DateField prefix="left" legend="When did they leave?" error/>
                <TextField name="decided_by" label="Who decided, or who withdrew consent"
                    hint="Their name and role, or for a withdrawal, the person or their parent." error=field_error(error, "decided_by")/>
                <TextAreaField name="why" label="Why" hint="Not needed when consent was withdrawn." error=field_error(error, "why")/>
                <TextField name="detail" label="The receiving ICB, or how the withdrawal was told"
                    hint="Needed when they moved out of the area or withdrew consent." error=field_error(error, "detail")/>
                <button class="nhsuk-button nhsuk-button--warning" type="submit">"Take off the register"</button>
            </DraftedForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}

/// `/register/closed`: closed records, newest first, with a search by name or NHS number.
#[component]
pub fn ClosedPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let list = Resource::new(move || q.get(), closed_records);
    let error = Signal::derive(move || list.get().and_then(Result::err));
    view! {
        <Title text=move || format!("{}Closed records - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" })/>
        <a class="nhsuk-back-link" href="/register">"Back to the register board"</a>
        <h1>"Closed records"</h1>
        <p>"People who have left the register. Their records are kept; open one to see why they left or to reopen it with a new consent record."</p>
        <form method="get" action="/register/closed" role="search">
            <TextField name="q" label="Search by name or NHS number" hint="At least 3 letters or numbers." value=q.get_untracked() error=field_error(error, "q")/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Search"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(AppError::Invalid(_)) => ().into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                    Ok(records) if records.is_empty() => view! { <p>"No closed records match."</p> }.into_any(),
                    Ok(records) => view! {
                        <table class="nhsuk-table">
                            <caption class="nhsuk-table__caption">{format!("{} closed records, most recently closed first", records.len())}</caption>
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
                }
            })}
        </Suspense>
    }
}
