//! `/people/{id}/narrative`: change current issues, what has been tried, what would
//! reduce the risk, and the person's and family's views.

use super::{
    page::{hidden_fields, section_form_page, Drawn},
    save_narrative::SaveNarrative,
};
use crate::layout::CountedText;
use crate::{
    drafts::DraftedForm,
    layout::field_error,
    models::{Narrative, LONG_TEXT_MAX},
};
use leptos::prelude::*;

/// The narrative page.
#[component]
pub fn NarrativePage() -> impl IntoView {
    let action = ServerAction::<SaveNarrative>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |Drawn { section, id, from }: Drawn<Narrative>| {
        Some(view! {
            <DraftedForm action name=format!("narrative:{id}")>
                {hidden_fields(id, from)}
                {section.fields().into_iter().map(|(name, label, text)| view! {
                    <CountedText name label value=text max=LONG_TEXT_MAX error=field_error(error, name)/>
                }).collect_view()}
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        })
    };
    section_form_page(
        "Current issues and views",
        "current_issues",
        error,
        |_| Narrative::default(),
        form,
    )
}
