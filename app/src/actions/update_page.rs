//! `/people/{id}/actions/{action}`: updating an action: done, cancelled (with why), a new
//! due date, or a dated note.

use super::{on_record::ActionSummary, save::UpdateAction};
use crate::{
    drafts::DraftedForm,
    error::AppError,
    layout::{field_error, CountedText, DateField, Problem, RadiosField},
    models::{ActionStatus, CONSENT_LONG_MAX},
    people::{
        sections::{closed_notice, record_resource, section_page, SectionTop},
        wire::PersonRecord,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The page that updates an action.
#[component]
pub fn UpdateActionPage() -> impl IntoView {
    let (id, record) = record_resource();
    let chosen = StoredValue::new(
        use_params_map()
            .read_untracked()
            .get("action")
            .unwrap_or_default(),
    );
    let action = ServerAction::<UpdateAction>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let name = record.person.full_name();
        let id = id.get_untracked();
        if record.person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let Some(saved) = record
            .actions
            .iter()
            .find(|a| a.id.to_string() == chosen.get_value())
            .cloned()
        else {
            return view! { <Problem error=AppError::NotFound/> }.into_any();
        };
        let err = move |field| field_error(error, field);
        let today = record.today;
        view! {
            <SectionTop topic="Update an action" person=name.clone() id=id.clone() error first_field="status"/>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Update an action"</h1>
            <ActionSummary action=saved.clone() today/>
            <DraftedForm action name=format!("action-{}:{id}", saved.id)>
                <input type="hidden" name="person_id" value=id.clone()/>
                <input type="hidden" name="action_id" value=saved.id.to_string()/>
                <input type="hidden" name="version" value=saved.version/>
                <RadiosField name="status" legend="Where does it stand now?" options=ActionStatus::options()
                    checked=saved.status.code() error=err("status")/>
                <CountedText name="note" label="Note" hint="What happened. If you cancel it, say why."
                    value="" max=CONSENT_LONG_MAX error=err("note")/>
                <DateField prefix="due" legend="New due date (optional)" error/>
                <button class="nhsuk-button" type="submit">"Save update"</button>
            </DraftedForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}
