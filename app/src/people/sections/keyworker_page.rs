//! `/people/{id}/keyworker`: who the keyworker is, or why there is none.

use super::{
    page::{
        closed_notice, hidden_fields, saved, saved_meanwhile, section_of, section_page, SectionTop,
    },
    save_keyworker::SaveKeyworker,
};
use crate::layout::CountedText;
use crate::{
    drafts::DraftedForm,
    layout::{error_message, field_error, start_chosen},
    models::{Keyworker, Section, SHORT_TEXT_MAX},
    people::wire::PersonRecord,
};
use leptos::prelude::*;

/// The keyworker page.
#[component]
pub fn KeyworkerPage() -> impl IntoView {
    let (id, record) = super::page::record_resource();
    let action = ServerAction::<SaveKeyworker>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        if record.person.left_on.is_some() {
            return closed_notice(record.person.full_name(), id.get_untracked()).into_any();
        }
        let keyworker = section_of::<Keyworker>(&record).map(|(_, keyworker)| keyworker);
        let (name, agency) = match &keyworker {
            Some(Keyworker::Named { name, agency }) => (name.clone(), agency.clone()),
            _ => Default::default(),
        };
        let chosen = keyworker.as_ref().map(Keyworker::code);
        let status_error = field_error(error, "status");
        let id = id.get_untracked();
        let now = saved(&record, Keyworker::KIND).cloned();
        let (from, meanwhile) = saved_meanwhile(id.clone(), Keyworker::KIND, now, error);
        view! {
            <SectionTop topic="Keyworker" person=record.person.full_name() id=id.clone() error first_field="status">{meanwhile}</SectionTop>
            <DraftedForm action name=format!("keyworker:{id}")>
                {hidden_fields(id, from)}
                <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || status_error.get().is_some()>
                    <fieldset class="nhsuk-fieldset" aria-describedby="field-status-hint">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l">
                            <h1 class="nhsuk-fieldset__heading"><span class="nhsuk-caption-l">{record.person.full_name()}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Does this person have a keyworker?"</h1>
                        </legend>
                        <div class="nhsuk-hint" id="field-status-hint">"Keyworkers support children and young people aged up to 25 who are rated Red, Amber or Blue."</div>
                        {error_message("field-status".into(), status_error)}
                        <div class="nhsuk-radios">
                            {[("named", "Yes, a keyworker is named"), ("waiting", "Referred, waiting for a keyworker"), ("not_needed", "Not needed")].into_iter().enumerate().map(|(i, (value, words))| {
                                let input = if i == 0 { "field-status".to_owned() } else { format!("field-status-{value}") };
                                view! {
                                    <div class="nhsuk-radios__item">
                                        <input class="nhsuk-radios__input" id=input.clone() name="status" type="radio" value=value checked=start_chosen("status", value, chosen == Some(value))/>
                                        <label class="nhsuk-label nhsuk-radios__label" for=input>{words}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <CountedText name="name" label="Keyworker's name (if named)" value=name max=SHORT_TEXT_MAX line=true error=field_error(error, "name")/>
                <CountedText name="agency" label="Keyworker's agency (if named)" value=agency max=SHORT_TEXT_MAX line=true error=field_error(error, "agency")/>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}
