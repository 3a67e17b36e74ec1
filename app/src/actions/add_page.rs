//! `/people/{id}/actions/new`: adding an action to a person's record: what, who owns it
//! (someone with an account, or anyone else by name and agency) and by when.

use super::save::{action_owners, AddAction};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, CountedText, DateField, RadiosField, SelectField},
    models::{ActionSource, MeetingId, ACTION_TEXT_MAX, SHORT_TEXT_MAX},
    people::{
        sections::{closed_notice, record_resource, section_page, SectionTop},
        wire::PersonRecord,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The page that adds an action.
#[component]
pub fn AddActionPage() -> impl IntoView {
    let (id, record) = record_resource();
    // Where it was agreed: a C(E)TR's recommendation, a review or the record itself.
    let query = use_query_map();
    let source = query
        .read_untracked()
        .get("source")
        .and_then(|s| s.parse::<ActionSource>().ok())
        .unwrap_or(ActionSource::Record);
    // The DSR meeting that agreed it (its chair or note-taker only: checked on saving).
    let meeting = query
        .read_untracked()
        .get("meeting")
        .and_then(|m| m.parse::<MeetingId>().ok());
    let topic = match (source, meeting) {
        (ActionSource::Ctr, _) => "Add a C(E)TR recommendation as an action",
        (_, Some(_)) => "Add an action agreed at this meeting",
        _ => "Add an action",
    };
    let owners = Resource::new(move || id.get(), action_owners);
    let action = ServerAction::<AddAction>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let person = record.person;
        let name = person.full_name();
        let id = id.get_untracked();
        if person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let err = move |field| field_error(error, field);
        let action_id = record.new_id.to_string();
        view! {
            <SectionTop topic person=name.clone() id=id.clone() error first_field="what"/>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>{topic}</h1>
            <DraftedForm action name=format!("action-new-{}:{id}", source.code())>
                <input type="hidden" name="person_id" value=id.clone()/>
                <input type="hidden" name="source" value=source.code()/>
                <input type="hidden" name="action_id" value=action_id/>
                {meeting.map(|m| view! { <input type="hidden" name="meeting_id" value=m.to_string()/> })}
                <CountedText name="what" label="What is to be done" value="" max=ACTION_TEXT_MAX error=err("what")/>
                <RadiosField name="owner_kind" legend="Who owns it?" error=err("owner_kind")
                    options=vec![
                        ("account".to_owned(), "Someone who uses this portal".to_owned()),
                        ("named".to_owned(), "Someone else".to_owned()),
                    ]/>
                <Suspense fallback=|| view! { <p>"Loading who can own it…"</p> }>
                    {move || Suspend::new(async move {
                        let options: Vec<(String, String)> = owners.await.unwrap_or_default().into_iter().map(|o| {
                            let words = if o.agency.is_empty() { o.name } else { format!("{}, {}", o.name, o.agency) };
                            (o.id, words)
                        }).collect();
                        view! {
                            <SelectField name="owner_account" label="If someone who uses this portal: who" hint="Only people who can see this record are listed." options placeholder="Choose a person" error=err("owner_account")/>
                        }
                    })}
                </Suspense>
                <CountedText name="owner_name" label="If someone else: their name" line=true value="" max=SHORT_TEXT_MAX error=err("owner_name")/>
                <CountedText name="owner_agency" label="If someone else: their agency" line=true value="" max=SHORT_TEXT_MAX error=err("owner_agency")/>
                <DateField prefix="due" legend="When is it due by?" error/>
                <button class="nhsuk-button" type="submit">"Add action"</button>
            </DraftedForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}
