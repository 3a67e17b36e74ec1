//! `/triage/{id}/accept`: adding the referred person to the register, with their first
//! rating and the consent record or best-interests decision that allows it.

use super::{accept::AcceptReferral, inbox::open_referral};
use crate::{
    layout::{
        field_error, summary_for, ConsentFields, Problem, RadiosField, TextAreaField, TextField,
    },
    models::{Rating, ReferralRecord},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The accept page.
#[component]
pub fn AcceptPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let record = Resource::new(move || id.get(), open_referral);
    view! {
        <Suspense fallback=|| view! { <p>"Loading the referral…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(error) => view! { <Problem error/> }.into_any(),
                    Ok(record) => accept_form(record).into_any(),
                }
            })}
        </Suspense>
    }
}

/// The form, for `record`.
fn accept_form(record: ReferralRecord) -> impl IntoView {
    let action = ServerAction::<AcceptReferral>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let r = &record.referral;
    let suggested = r
        .professional
        .as_ref()
        .map(|p| format!("The referrer suggested {}.", p.suggested_rating.label()));
    let consent_given = format!("On the form: {}.", r.consent.answer.label());
    let nhs_number = r
        .nhs_number
        .as_ref()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let ReferralRecord {
        summary,
        version,
        possible_duplicates,
        ..
    } = record;
    let name = summary.name.clone();
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Accept {} onto the register - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }, name))/>
        <a class="nhsuk-back-link" href=format!("/triage/{}", summary.id)>"Back to the referral"</a>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || error.get().map(|e| summary_for(&e, "nhs_number"))}
                <span class="nhsuk-caption-l">{format!("Referral {}", summary.reference)}</span>
                <h1>{format!("Accept {} onto the register", summary.name)}</h1>
                {(!possible_duplicates.is_empty()).then(|| view! {
                    <div class="nhsuk-warning-callout">
                        <h2 class="nhsuk-warning-callout__label"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Possible duplicate"</h2>
                        <p>"Someone already on the register may be the same person. Check the referral page before you accept."</p>
                    </div>
                })}
                <ActionForm action attr:novalidate=true>
                    <input type="hidden" name="id" value=summary.id.clone()/>
                    <input type="hidden" name="version" value=version/>
                    <TextField name="nhs_number" label="NHS number" hint="Needed to add someone to the register." class="nhsuk-input--width-10"
                        value=nhs_number error=field_error(error, "nhs_number")/>
                    <h2>"First rating"</h2>
                    {suggested.map(|s| view! { <p>{s}</p> })}
                    <RadiosField name="rating" legend="Rating after assessment"
                        options=Rating::ALL.iter().map(|r| (r.code().to_owned(), format!("{}: {}", r.label(), r.meaning()))).collect()
                        error=field_error(error, "rating")/>
                    <TextAreaField name="rationale" label="Reason for the rating" error=field_error(error, "rationale")/>
                    <TextField name="area" label="Local area (optional)" error=field_error(error, "area")/>
                    <h2>"Consent"</h2>
                    <p>{consent_given}</p>
                    <p>"A person can only be added with their consent (for under-16s, from someone with parental responsibility), or, if they lack capacity, a best-interests decision under the Mental Capacity Act."</p>
                    <ConsentFields error/>
                    <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Add to the register"</button>
                </ActionForm>
            </div>
        </div>
    }
}
