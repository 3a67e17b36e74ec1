//! `/people/{id}/diagnosis`: the diagnosis (learning disability, autism, both, or awaiting
//! assessment) and other conditions.

use super::{
    page::{hidden_fields, section_form_page, Drawn},
    save_diagnosis::SaveDiagnosis,
};
use crate::layout::CountedText;
use crate::{
    drafts::DraftedForm,
    layout::{field_error, RadiosField},
    models::{Diagnosis, DiagnosisSection, LONG_TEXT_MAX},
};
use leptos::prelude::*;

/// The diagnosis page.
#[component]
pub fn DiagnosisPage() -> impl IntoView {
    let action = ServerAction::<SaveDiagnosis>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |Drawn { section, id, from }: Drawn<DiagnosisSection>| {
        Some(view! {
            <DraftedForm action name=format!("diagnosis:{id}")>
                {hidden_fields(id, from)}
                <RadiosField name="diagnosis" legend="What is their diagnosis?" options=Diagnosis::options()
                    checked=section.diagnosis.code() error=field_error(error, "diagnosis")/>
                <CountedText name="other_conditions" label="Other conditions (optional)"
                    hint="Physical or mental health conditions, such as epilepsy or anxiety."
                    value=section.other_conditions max=LONG_TEXT_MAX error=field_error(error, "other_conditions")/>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        })
    };
    section_form_page("Diagnosis", "diagnosis", error, DiagnosisSection::of, form)
}
