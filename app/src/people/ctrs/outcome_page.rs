//! `/people/{id}/ctrs/{ctr}/outcome`: what happened when a C(E)TR was held.

use super::{
    page::{ctr_form_page, CtrDrawn},
    save::SaveCtrOutcome,
};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, CountedText, DateField, RadiosField},
    models::{CtrOutcome, CONSENT_LONG_MAX, SHORT_TEXT_MAX},
};
use leptos::prelude::*;

/// The outcome page.
#[component]
pub fn CtrOutcomePage() -> impl IntoView {
    let action = ServerAction::<SaveCtrOutcome>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |drawn: CtrDrawn| {
        let ctr = drawn.saved.as_ref().map(|s| s.ctr.clone());
        let held = ctr.as_ref().and_then(|c| c.held.clone());
        let err = move |field| field_error(error, field);
        let consent_first = ctr.as_ref().is_some_and(|c| c.consent.is_none()).then(|| {
            let href = format!("/people/{}/ctrs/{}/consent", drawn.person.id, drawn.ctr_id);
            view! {
                <div class="nhsuk-inset-text">
                    <p>"A review is recorded as held only once its consent is recorded. "<a href=href>"Record consent for this review"</a>" first."</p>
                </div>
            }
        });
        view! {
            {consent_first}
            <DraftedForm action name=drawn.draft_name("outcome")>
                {drawn.hidden_fields()}
                <DateField prefix="held" legend="When was it held?" value=held.as_ref().map(|h| h.held_on) error/>
                <RadiosField name="outcome" legend="Outcome" options=CtrOutcome::options()
                    checked=held.as_ref().map_or("", |h| h.outcome.code()) error=err("outcome")/>
                <CountedText name="outcome_other" label="If other, the outcome in a few words" line=true
                    value=held.as_ref().map(|h| h.outcome_other.clone()).unwrap_or_default() max=SHORT_TEXT_MAX error=err("outcome_other")/>
                <CountedText name="summary" label="Summary of the review" hint="What the panel found and why. After saving, add each recommendation as an action from the record."
                    value=held.as_ref().map(|h| h.summary.clone()).unwrap_or_default() max=CONSENT_LONG_MAX error=err("summary")/>
                <button class="nhsuk-button" type="submit">"Save outcome"</button>
            </DraftedForm>
        }
    };
    ctr_form_page("Record the outcome of a C(E)TR", "held_day", error, form)
}
