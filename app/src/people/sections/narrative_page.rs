//! `/people/{id}/narrative`: change current issues, what has been tried, what would
//! reduce the risk, and the person's and family's views.

use super::{
    counted_text::CountedText,
    page::{heading, hidden_fields, saved_meanwhile, section_of, section_page, SectionTop},
    save_narrative::SaveNarrative,
};
use crate::{
    layout::field_error,
    models::{Narrative, Section, LONG_TEXT_MAX},
    people::wire::PersonRecord,
};
use leptos::prelude::*;

/// The narrative page.
#[component]
pub fn NarrativePage() -> impl IntoView {
    let (id, record) = super::page::record_resource();
    let action = ServerAction::<SaveNarrative>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let (version, narrative) = section_of::<Narrative>(&record).unwrap_or_default();
        let id = id.get_untracked();
        let (from, meanwhile) = saved_meanwhile(id.clone(), Narrative::KIND, version, error);
        let name = record.person.full_name();
        view! {
            <SectionTop topic="Current issues and views" person=name.clone() id=id.clone() error first_field="current_issues">{meanwhile}</SectionTop>
            {heading(name, "Current issues and views")}
            <ActionForm action attr:novalidate=true>
                {hidden_fields(id, from)}
                {narrative.fields().into_iter().map(|(name, label, text)| view! {
                    <CountedText name label value=text max=LONG_TEXT_MAX error=field_error(error, name)/>
                }).collect_view()}
                <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Save"</button>
            </ActionForm>
        }
    };
    section_page(record, view_of)
}
