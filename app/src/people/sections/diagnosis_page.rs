//! `/people/{id}/diagnosis`: the diagnosis (learning disability, autism, both, or awaiting
//! assessment) and other conditions.

use super::{
    counted_text::CountedText,
    page::{heading, hidden_fields, saved_meanwhile, section_of, section_page, SectionTop},
    save_diagnosis::SaveDiagnosis,
};
use crate::{
    layout::{field_error, RadiosField},
    models::{Diagnosis, DiagnosisSection, Section, LONG_TEXT_MAX},
    people::{standing_pages::closed_notice, wire::PersonRecord},
};
use leptos::prelude::*;

/// The diagnosis page.
#[component]
pub fn DiagnosisPage() -> impl IntoView {
    let (id, record) = super::page::record_resource();
    let action = ServerAction::<SaveDiagnosis>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let name = record.person.full_name();
        let id = id.get_untracked();
        if record.person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let (version, section) = section_of::<DiagnosisSection>(&record)
            .unwrap_or_else(|| (0, DiagnosisSection::of(&record.person)));
        let (from, meanwhile) = saved_meanwhile(id.clone(), DiagnosisSection::KIND, version, error);
        view! {
            <SectionTop topic="Diagnosis" person=name.clone() id=id.clone() error first_field="diagnosis">{meanwhile}</SectionTop>
            {heading(name, "Diagnosis")}
            <ActionForm action attr:novalidate=true>
                {hidden_fields(id, from)}
                <RadiosField name="diagnosis" legend="What is their diagnosis?"
                    options=Diagnosis::options()
                    checked=section.diagnosis.code() error=field_error(error, "diagnosis")/>
                <CountedText name="other_conditions" label="Other conditions (optional)"
                    hint="Physical or mental health conditions, such as epilepsy or anxiety."
                    value=section.other_conditions max=LONG_TEXT_MAX error=field_error(error, "other_conditions")/>
                <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Save"</button>
            </ActionForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}
