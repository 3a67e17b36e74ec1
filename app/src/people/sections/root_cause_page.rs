//! `/people/{id}/root-cause`: the root-cause review of an admission that had no community
//! C(E)TR or emergency protocol meeting before it.

use super::{
    page::{
        closed_notice, hidden_fields, record_resource, saved, saved_meanwhile, section_of,
        section_page, SectionTop,
    },
    save_root_cause::SaveRootCause,
};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, CountedText, DateField},
    models::{format_date, Home, RootCauseReview, Section, CONSENT_LONG_MAX},
    people::wire::PersonRecord,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The root-cause review page. A record with no stay in hospital has nothing to review.
#[component]
pub fn RootCausePage() -> impl IntoView {
    let (id, record) = record_resource();
    let action = ServerAction::<SaveRootCause>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let name = record.person.full_name();
        let id = id.get_untracked();
        if record.person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let admitted_on = section_of::<Home>(&record)
            .and_then(|(_, home)| home.inpatient)
            .map(|stay| stay.admitted_on);
        let Some(admitted_on) = admitted_on else {
            return view! {
                <Title text=format!("Root-cause review: {name} - Dynamic Support Register")/>
                <a class="nhsuk-back-link" href=format!("/people/{id}")>"Back to the record"</a>
                <h1>"There is no admission to review"</h1>
                <p>{format!("The record does not say {name} is in hospital. A root-cause review looks into an admission: record where they live first.")}</p>
                <p><a href=format!("/people/{id}/home")>"Change where they live"</a></p>
            }
            .into_any();
        };
        // A review of an earlier admission does not count for this one: start afresh.
        let review = section_of::<RootCauseReview>(&record)
            .map(|(_, r)| r)
            .filter(|r| r.admitted_on == admitted_on);
        let now = saved(&record, RootCauseReview::KIND).cloned();
        let (from, meanwhile) = saved_meanwhile(id.clone(), RootCauseReview::KIND, now, error);
        view! {
            <SectionTop topic="Root-cause review" person=name.clone() id=id.clone() error first_field="done_day">{meanwhile}</SectionTop>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Root-cause review of the admission"</h1>
            <p>{format!("They were admitted on {} with no community C(E)TR or emergency protocol meeting before it. The review asks whether they were on the register, and what would have helped.", format_date(admitted_on))}</p>
            <DraftedForm action name=format!("root-cause:{id}")>
                {hidden_fields(id, from)}
                <DateField prefix="done" legend="When was the review done?" value=review.as_ref().map(|r| r.done_on) error/>
                <CountedText name="notes" label="What the review found"
                    hint="Whether they were on the register and rated, what was tried, and what would have helped."
                    value=review.map(|r| r.notes).unwrap_or_default() max=CONSENT_LONG_MAX error=field_error(error, "notes")/>
                <button class="nhsuk-button" type="submit">"Save the review"</button>
            </DraftedForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}
