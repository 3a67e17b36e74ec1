//! `/people/{id}/review`: recording a review's outcome, with the current rating chosen
//! already ("Keep Amber"), so the commonest outcome of a meeting is one click.

use super::{
    review::RecordReview,
    sections::{closed_notice, record_resource, section_page, SectionTop},
    wire::PersonRecord,
};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, CountedText, DateField, RadiosField},
    models::{Rating, CONSENT_LONG_MAX, RATIONALE_MAX_CHARS},
};
use leptos::prelude::*;

/// The review page.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let (id, record) = record_resource();
    let action = ServerAction::<RecordReview>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let person = record.person;
        let name = person.full_name();
        if person.left_on.is_some() {
            return closed_notice(name, id.get_untracked()).into_any();
        }
        let current = person.rating;
        let outcomes: Vec<(String, String)> = std::iter::once(current)
            .chain(Rating::ALL.iter().copied().filter(|r| *r != current))
            .map(|r| {
                let words = if r == current {
                    format!("Keep {}: {}", r.label(), r.meaning())
                } else {
                    format!("Change to {}: {}", r.label(), r.meaning())
                };
                (r.code().to_owned(), words)
            })
            .collect();
        view! {
            <SectionTop topic="Record review outcome" person=name.clone() id=id.get_untracked() error first_field="held_day"/>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Record review outcome"</h1>
            <DraftedForm action name=format!("review:{}", id.get_untracked())>
                <input type="hidden" name="person_id" value=id.get_untracked()/>
                <input type="hidden" name="version" value=person.version/>
                <DateField prefix="held" legend="When was the review held?" error/>
                <CountedText name="attendees" label="Who took part" value="" max=CONSENT_LONG_MAX
                    hint="Agencies and names, for example: Jo Reid (community nurse), their mother, LDA team." error=field_error(error, "attendees")/>
                <RadiosField name="rating" legend="Outcome" options=outcomes checked=current.code() error=field_error(error, "rating")/>
                <CountedText name="rationale" label="Reason for the outcome" value="" max=RATIONALE_MAX_CHARS error=field_error(error, "rationale")/>
                <CountedText name="notes" label="Notes (optional)" hint="Anything else agreed." value="" max=CONSENT_LONG_MAX error=field_error(error, "notes")/>
                <DateField prefix="next" legend="Next review (optional)" error/>
                <CountedText name="next_reason" label="Why a different next review date" line=true value="" max=CONSENT_LONG_MAX
                    hint="Leave the date blank for the usual interval for the outcome's rating; if you set another date, say why." error=field_error(error, "next_reason")/>
                <button class="nhsuk-button" type="submit">"Save review"</button>
            </DraftedForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}
