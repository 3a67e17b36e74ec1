//! Today's meeting beside the person open in the meeting view: what it recorded about
//! them, and for its chair or note-taker the form that records a note or decision.

use super::{record_entry::RecordEntry, wire::Recording};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, summary_for, CountedText, RadiosField},
    models::{format_date_time, EntryKind, MeetingEntry, PersonId, Rating, CONSENT_LONG_MAX},
};
use leptos::prelude::*;

/// What today's meeting recorded about `person` (read at `version`), and its form.
#[component]
pub fn RecordingPanel(
    recording: Recording,
    /// The page's entry action.
    action: ServerAction<RecordEntry>,
    person: PersonId,
    name: String,
    version: i64,
    /// A fresh id for the next entry.
    new_id: String,
) -> impl IntoView {
    let meeting = recording.meeting.id;
    let title = recording.meeting.title();
    let entries = if recording.entries.is_empty() {
        view! { <p>{format!("Nothing is recorded about {name} at this meeting yet.")}</p> }
            .into_any()
    } else {
        view! {
            <ol class="nhsuk-list dsr-entries" aria-label="Recorded at this meeting">
                {recording.entries.into_iter().map(|e| view! { <EntryLine entry=e/> }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let form = recording.may_record.then(|| {
        let error = Signal::derive(move || action.value().get().and_then(Result::err));
        let form_ref = emptied_after_saving(action);
        let saved = move || matches!(action.value().get(), Some(Ok(())));
        let err = move |field| field_error(error, field);
        let mut ratings = vec![(String::new(), "No change".to_owned())];
        ratings.extend(
            Rating::ALL
                .iter()
                .map(|r| (r.code().to_owned(), format!("Change to {}", r.label()))),
        );
        view! {
            <h3>"Record a note or decision"</h3>
            <div role="status">
                {move || saved().then(|| view! { <p class="nhsuk-inset-text dsr-saved">"Recorded. Everyone at the meeting who can see this record now sees it."</p> })}
            </div>
            {move || error.get().map(|e| summary_for(&e, "entry_kind"))}
            <DraftedForm action name=format!("meeting-entry:{meeting}:{person}") node_ref=form_ref>
                <input type="hidden" name="meeting_id" value=meeting.to_string()/>
                <input type="hidden" name="person_id" value=person.to_string()/>
                <input type="hidden" name="entry_id" value=new_id/>
                <input type="hidden" name="version" value=version.to_string()/>
                <RadiosField name="entry_kind" legend="Is this discussion or a decision?" options=EntryKind::options() error=err("entry_kind")/>
                <CountedText name="entry_text" label="What was discussed or decided"
                    hint="Everyone at the meeting who can see this record sees it once it is recorded. For a change of rating, this is the reason for it."
                    value="" max=CONSENT_LONG_MAX error=err("entry_text")/>
                <RadiosField name="new_rating" legend="Does the meeting change the rating?" options=ratings checked="" error=err("new_rating")/>
                <button class="nhsuk-button" type="submit">"Record it"</button>
            </DraftedForm>
            <p>
                <a href=format!("/people/{person}/actions/new?source=meeting&meeting={meeting}")>
                    "Add an action agreed at this meeting"
                </a>
            </p>
        }
    });
    view! {
        <section class="dsr-recording" aria-labelledby="recording-heading">
            <h2 id="recording-heading">{title}</h2>
            {entries}
            {form}
            <p><a href=format!("/meetings/{meeting}/minutes")>"Read the minutes so far"</a></p>
        </section>
    }
}

/// The form element of a form sent through `action`, emptied once each save of it
/// succeeds (a second press is then a new entry, never the same one again).
pub fn emptied_after_saving<S>(action: ServerAction<S>) -> NodeRef<leptos::html::Form>
where
    S: leptos::server_fn::ServerFn<Output = ()> + Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    let emptied = StoredValue::new(0usize);
    Effect::new(move |_| {
        let version = action.version().get();
        if version != emptied.get_value() && matches!(action.value().get(), Some(Ok(()))) {
            if let Some(form) = form.get() {
                form.reset();
                emptied.set_value(version);
            }
        }
    });
    form
}

/// One entry: a note or decision, the rating change it made, who recorded it and when.
#[component]
pub fn EntryLine(entry: MeetingEntry) -> impl IntoView {
    let change = entry.rating_from.map(|from| {
        format!(
            "Rating changed from {} to {}. ",
            from.label(),
            entry.rating.label()
        )
    });
    view! {
        <li class="dsr-entry">
            <strong>{entry.kind.label()}": "</strong>
            {change}
            <span class="dsr-rationale">{entry.text}</span>
            <span class="nhsuk-body-s dsr-entry__by">{format!(" ({}, {})", entry.by, format_date_time(entry.at))}</span>
        </li>
    }
}
