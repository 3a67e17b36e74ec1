//! `/people/{id}/ctrs/{ctr}/consent`: consent to one C(E)TR. Each review needs its own:
//! the person's, a parent's with the child's view (under 16), or a best-interests decision.

use super::{
    page::{ctr_form_page, CtrDrawn},
    save::SaveCtrConsent,
};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, CountedText, DateField, RadiosField},
    models::{ConsentBasis, CONSENT_LONG_MAX, SHORT_TEXT_MAX},
};
use leptos::prelude::*;

/// The consent page.
#[component]
pub fn CtrConsentPage() -> impl IntoView {
    let action = ServerAction::<SaveCtrConsent>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |drawn: CtrDrawn| {
        let consent = drawn.saved.as_ref().and_then(|s| s.ctr.consent.clone());
        let text = |f: fn(&crate::models::CtrConsent) -> &String| {
            consent.as_ref().map(f).cloned().unwrap_or_default()
        };
        let (given_by, child_view, reason) = (
            text(|c| &c.given_by),
            text(|c| &c.child_view),
            text(|c| &c.reason),
        );
        let (basis, decided) = (
            consent.as_ref().map_or("", |c| c.basis.code()),
            consent.as_ref().map(|c| c.decided_on),
        );
        let err = move |field| field_error(error, field);
        view! {
            <DraftedForm action name=drawn.draft_name("consent")>
                {drawn.hidden_fields()}
                <RadiosField name="basis" legend="Who consented to this review?" options=ConsentBasis::options()
                    checked=basis error=err("basis")/>
                <CountedText name="given_by" label="Name of who consented, or who made the decision" line=true
                    value=given_by max=SHORT_TEXT_MAX error=err("given_by")/>
                <DateField prefix="decided" legend="When was consent given, or the decision made?" value=decided error/>
                <CountedText name="child_view" label="The child's own view (for a parent's consent)"
                    hint="Under 16, someone with parental responsibility consents; ask the child what they think and write it here."
                    value=child_view max=CONSENT_LONG_MAX error=err("child_view")/>
                <CountedText name="reason" label="Why the review is in their best interests (for a best-interests decision)"
                    hint="When the person lacks capacity to decide: who was consulted and why."
                    value=reason max=CONSENT_LONG_MAX error=err("reason")/>
                <button class="nhsuk-button" type="submit">"Save consent"</button>
            </DraftedForm>
        }
    };
    ctr_form_page("Consent for this C(E)TR", "basis", error, form)
}
