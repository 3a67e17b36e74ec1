//! Server function: the chair or note-taker records, for today's meeting, a discussion
//! note or a decision about a person; a decision may change the rating, through the same
//! versioned change as the rating form.

use crate::error::AppError;
use leptos::prelude::*;

/// Records `entry_id` (fresh from the page) in meeting `meeting_id` about `person_id`,
/// whose record was read at `version`: `entry_kind` (`note` or `decision`), `entry_text`,
/// and on a decision perhaps a `new_rating` (the text is its rationale; a record changed since
/// `version` refuses it). The entry, the rating change and their audit rows commit
/// together; a repeated send is kept once. On success the browser goes back to the
/// person in the meeting view, where every attendee who may see the record sees it.
#[server(prefix = "/api", endpoint = "record_entry")]
pub async fn record_entry(
    meeting_id: String,
    person_id: String,
    entry_id: String,
    version: i64,
    #[server(default)] entry_kind: Option<String>,
    #[server(default)] entry_text: String,
    #[server(default)] new_rating: Option<String>,
) -> Result<(), AppError> {
    use super::set_up::{recorder, refused};
    use crate::{
        auth::access,
        models::{EntryAnswers, EntryId, PersonId, Rationale, MAX_ENTRIES},
        people::{
            change_rating::rating_changed_in,
            standing::{finish_to, Finish},
        },
        store::{
            meetings::{self, Done, EntryWrite},
            people::{self, RatingUpdate},
        },
    };
    let (state, caller, meeting) = recorder(&meeting_id, "record_entry").await?;
    let person_id: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    access::require_record(&state, &caller, "record_entry", person_id).await?;
    let person = people::get(&state.db, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let id: EntryId = entry_id.parse().map_err(|_| AppError::NotFound)?;
    let answers = EntryAnswers {
        kind: entry_kind.unwrap_or_default(),
        text: entry_text,
        rating: new_rating.unwrap_or_default(),
    };
    // Sent again (its answer lost, perhaps after changing the rating): kept once.
    let earlier = meetings::entries(&state.db, meeting.record.id, Some(person_id))
        .await?
        .into_iter()
        .find(|(_, e)| e.id == id);
    if let Some((_, earlier)) = earlier {
        if earlier.text != answers.text.trim() || earlier.kind.code() != answers.kind.trim() {
            return Err(AppError::Conflict);
        }
        leptos_axum::redirect(&recorded_href(person_id));
        return Ok(());
    }
    let entry = answers.check(person.rating).map_err(AppError::Invalid)?;
    let at = crate::store::timestamp_now();
    let today = crate::models::uk_today(at);
    super::set_up::still_open(
        &meeting.record,
        "entry_text",
        Some((today, entry.change_to.is_some())),
    )?;
    let mut tx = state.db.begin().await?;
    let mut rating_from = None;
    let mut rating_now = person.rating;
    if let Some(to) = entry.change_to {
        let rationale = Rationale::try_from(entry.text.clone())
            .map_err(|e| AppError::field("entry_text", e.to_string()))?;
        let update = RatingUpdate {
            person: person_id,
            from_version: version,
            to,
            rationale: &rationale,
            actor: &caller.name,
            at,
        };
        let (_, written) = rating_changed_in(&mut tx, &state, &caller, &update).await?;
        rating_from = written.then_some(person.rating);
        rating_now = to;
    }
    let write = EntryWrite {
        id,
        meeting: meeting.record.id,
        person: person_id,
        kind: entry.kind,
        text: &entry.text,
        rating: rating_now,
        rating_from,
    };
    let done = Done {
        actor: &caller.name,
        at,
    };
    let written = meetings::add_entry(&mut tx, &write, done)
        .await
        .map_err(|e| {
            refused(
                e,
                "entry_text",
                &format!("A meeting records at most {MAX_ENTRIES} entries"),
            )
        })?;
    let detail = format!("{}, {id}, {}", meeting.record.id, entry.kind.code());
    let done = Finish {
        action: written.then_some("meeting_entry_recorded"),
        person: person_id,
        detail: &detail,
        at,
    };
    finish_to(tx, &state, &caller, done, &recorded_href(person_id)).await
}

/// Where a recorded entry returns: the person in the meeting view, at today's meeting's
/// panel, so the chair keeps their place on the page.
#[cfg(feature = "ssr")]
fn recorded_href(person: crate::models::PersonId) -> String {
    format!("{}#recording-heading", super::href::meeting_href(person))
}
