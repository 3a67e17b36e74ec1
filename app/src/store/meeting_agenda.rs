//! A DSR meeting's agenda: chosen when the meeting is set up, and changed by its chair or
//! note-taker as it runs (it is read in `store::meeting`). Someone taken off keeps their
//! row (with who took them off and when), so the agenda's history stays known.

use super::{change_log, meeting::end_of_day, on_tx, Tx};
use crate::models::{ChangeKind, MeetingId, PersonId};
use chrono::{DateTime, NaiveDate, Utc};

/// Chooses the agenda of `meeting`, held on `day`: everyone on the register rated Blue, Red
/// or Amber, Green people whose review is due by then, and everyone who joined the register
/// after the last meeting before it. Returns how many were chosen; two choosing at once
/// (a meeting set up before agendas, changed from two screens) keep each person once.
pub async fn choose(
    tx: &mut Tx,
    meeting: MeetingId,
    day: NaiveDate,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let new_after = super::meeting::last_meeting_before(&mut *tx, day)
        .await?
        .map(end_of_day);
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO meeting_agenda (meeting_id, person_id, added_by, added_at) \
         SELECT $1, id, $2, $3 FROM people WHERE left_on IS NULL \
         AND (rating <> 'green' OR review_due <= $4 OR created_at >= $5) \
         ON CONFLICT (meeting_id, person_id) DO NOTHING",
    )
    .bind(meeting.to_string())
    .bind(actor)
    .bind(at)
    .bind(day)
    // With no meeting before, no one is new to the register by this rule.
    .bind(new_after.unwrap_or(at))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))
}

/// Puts `person` on the agenda of `meeting` (`on`), or takes them off, logging the change
/// on them so open meeting views read the agenda again. Returns whether it changed:
/// putting on someone already on it, or taking off someone not on it, does not.
pub async fn set_on(
    tx: &mut Tx,
    meeting: MeetingId,
    person: PersonId,
    on: bool,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = if on {
        "INSERT INTO meeting_agenda (meeting_id, person_id, added_by, added_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (meeting_id, person_id) DO UPDATE \
         SET added_by = $3, added_at = $4, removed_by = NULL, removed_at = NULL \
         WHERE meeting_agenda.removed_at IS NOT NULL"
    } else {
        "UPDATE meeting_agenda SET removed_by = $3, removed_at = $4 \
         WHERE meeting_id = $1 AND person_id = $2 AND removed_at IS NULL"
    };
    let changed = on_tx!(&mut *tx, conn => sqlx::query(sql)
        .bind(meeting.to_string())
        .bind(person.to_string())
        .bind(actor)
        .bind(at)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1))?;
    if changed {
        change_log::append_on(tx, person, ChangeKind::AgendaChanged, actor, at).await?;
    }
    Ok(changed)
}

/// Whether `meeting` has chosen its agenda (a meeting set up before agendas were chosen has
/// not).
pub async fn chosen_for(tx: &mut Tx, meeting: MeetingId) -> Result<bool, sqlx::Error> {
    let found: i64 = on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM meeting_agenda WHERE meeting_id = $1 LIMIT 1) AS chosen",
    )
    .bind(meeting.to_string())
    .fetch_one(conn)
    .await)?;
    Ok(found > 0)
}
