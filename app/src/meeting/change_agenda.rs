//! Server function: the chair or note-taker of a meeting puts someone on its agenda, or
//! takes them off; works as a plain form too.

use crate::{
    error::AppError,
    layout::{error_message, field_error},
    models::{MeetingId, PersonId},
};
use leptos::prelude::*;

/// Puts `person_id` on the agenda of meeting `meeting_id` (`on`), or takes them off; only
/// the meeting's chair or note-taker, until the meeting's day is over or its minutes are
/// sent round. Audited; a plain form post returns to the page it was sent from.
#[server(prefix = "/api", endpoint = "change_agenda")]
pub async fn change_agenda(
    meeting_id: String,
    person_id: String,
    on: bool,
) -> Result<(), AppError> {
    use super::set_up::recorder;
    use crate::{
        models::{format_date, uk_today},
        store::{audit, meeting, meeting_agenda, people, timestamp_now},
    };
    let (state, caller, meeting) = recorder(&meeting_id, "change_agenda").await?;
    let person: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    let at = timestamp_now();
    let record = &meeting.record;
    if let Some(sent) = record.circulated_on {
        return Err(AppError::field(
            "agenda",
            format!(
                "The minutes of this meeting were sent round on {}: its agenda can no longer change",
                format_date(sent)
            ),
        ));
    }
    if record.held_on < uk_today(at) {
        return Err(AppError::field(
            "agenda",
            format!(
                "This meeting was on {}: its agenda can no longer change",
                format_date(record.held_on)
            ),
        ));
    }
    let mut tx = state.db.begin().await?;
    // A meeting set up before agendas were chosen starts from the suggested one.
    if !meeting_agenda::chosen_for(&mut tx, record.id).await? {
        meeting_agenda::choose(&mut tx, record.id, record.held_on, &caller.name, at).await?;
    }
    // The day's agenda is one meeting's: another set up later that day has its own.
    if meeting::meeting_of(&mut tx, record.held_on).await? != Some(record.id) {
        return Err(AppError::field(
            "agenda",
            "A meeting set up later for the same day has its own agenda: change that one",
        ));
    }
    let found = people::get(&mut tx, person)
        .await?
        .ok_or(AppError::NotFound)?;
    if on && found.left_on.is_some() {
        return Err(AppError::field(
            "agenda",
            format!(
                "{} has left the register: reopen their record before putting them on an agenda",
                found.full_name()
            ),
        ));
    }
    if meeting_agenda::set_on(&mut tx, record.id, person, on, &caller.name, at).await? {
        let action = if on { "agenda_added" } else { "agenda_removed" };
        let detail = record.id.to_string();
        let entry = caller.audit(action).about(person).detail(&detail).at(at);
        audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    }
    tx.commit().await?;
    // Open meeting views hear of it now, not at the feed's next look at the log.
    state.feed.wake();
    Ok(())
}

/// For the chair or note-taker of `meeting`: a button that takes `name` off its agenda
/// (`on_agenda`) or puts them on it. `on_changed` runs once the agenda has changed.
#[component]
pub fn AgendaChangeForm(
    meeting: MeetingId,
    person: PersonId,
    name: String,
    on_agenda: bool,
    on_changed: Callback<()>,
) -> impl IntoView {
    let change = ServerAction::<ChangeAgenda>::new();
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    let message = field_error(error, "agenda");
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(()))) {
            on_changed.run(());
        }
    });
    let words = if on_agenda {
        "Take off this meeting's agenda"
    } else {
        "Put on this meeting's agenda"
    };
    view! {
        <ActionForm action=change attr:class="dsr-agenda-change">
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || message.get().is_some()>
                <input type="hidden" name="meeting_id" value=meeting.to_string()/>
                <input type="hidden" name="person_id" value=person.to_string()/>
                <input type="hidden" name="on" value=(!on_agenda).to_string()/>
                {error_message("agenda".to_owned(), message)}
                <button class="nhsuk-button nhsuk-button--secondary" id="agenda" type="submit">
                    {words}<span class="nhsuk-u-visually-hidden">{format!(": {name}")}</span>
                </button>
            </div>
        </ActionForm>
    }
}
