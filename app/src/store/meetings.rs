//! DSR meetings as records: set up once (a repeated send is recognised by its id), their
//! attendance, the append-only entries recorded per person (each with its change-log
//! entry, so open meeting views show it), and the day the minutes were sent round.

use super::{
    change_log::{self, NewChange},
    on_exec, on_tx, people,
    rows::decode,
    Exec, Tx,
};
use crate::models::{
    Attendee, AttendeeId, ChangeKind, EntryId, EntryKind, MeetingEntry, MeetingId, MeetingRecord,
    PersonId, Rating, MAX_ATTENDEES, MAX_ENTRIES,
};
use chrono::{DateTime, NaiveDate, Utc};

/// A meeting as kept: the record its pages show, and the accounts of its chair and
/// note-taker (who may record for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMeeting {
    /// What its pages show.
    pub record: MeetingRecord,
    /// The chair's account.
    pub chair_user: String,
    /// The note-taker's account, if one was named.
    pub note_taker_user: Option<String>,
}

/// Someone who holds a part in a meeting: their account and name.
#[derive(Clone, Copy, Debug)]
pub struct Holder<'a> {
    /// Their account.
    pub user: &'a str,
    /// Their name.
    pub name: &'a str,
}

/// A new meeting.
#[derive(Clone, Copy, Debug)]
pub struct NewMeeting<'a> {
    /// Its identity, from the form.
    pub id: MeetingId,
    /// The day it is held.
    pub held_on: NaiveDate,
    /// Its chair.
    pub chair: Holder<'a>,
    /// Its note-taker.
    pub note_taker: Option<Holder<'a>>,
}

/// Who did something, and when.
#[derive(Clone, Copy, Debug)]
pub struct Done<'a> {
    /// Their name.
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// Why a change to a meeting was not written.
#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    /// No such meeting or person (or the line is another meeting's).
    #[error("not found")]
    NotFound,
    /// The person has left the register.
    #[error("record closed")]
    Closed,
    /// The meeting already holds as much as it may.
    #[error("too many")]
    TooMany,
    /// Changed by someone else since the version the change was made from, or the id is
    /// already another thing's.
    #[error("stale version")]
    Conflict,
    /// The database failed; nothing was written.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A row of `meetings`.
#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: String,
    held_on: NaiveDate,
    chair_user: String,
    chair_name: String,
    note_taker_user: Option<String>,
    note_taker_name: Option<String>,
    circulated_on: Option<NaiveDate>,
    version: i64,
}

impl TryFrom<MeetingRow> for StoredMeeting {
    type Error = sqlx::Error;

    fn try_from(row: MeetingRow) -> Result<Self, Self::Error> {
        Ok(StoredMeeting {
            record: MeetingRecord {
                id: decode("id", &row.id)?,
                held_on: row.held_on,
                chair: row.chair_name,
                note_taker: row.note_taker_name,
                circulated_on: row.circulated_on,
                version: row.version,
            },
            chair_user: row.chair_user,
            note_taker_user: row.note_taker_user,
        })
    }
}

const SELECT: &str = "SELECT id, held_on, chair_user, chair_name, note_taker_user, \
     note_taker_name, circulated_on, version FROM meetings";

/// Sets up `meeting`, choosing its agenda (see [`super::meeting_agenda::choose`]). The same
/// meeting sent again (its answer lost) writes nothing and answers `false`; an id already
/// another meeting's is a conflict.
pub async fn create(
    tx: &mut Tx,
    meeting: &NewMeeting<'_>,
    done: Done<'_>,
) -> Result<bool, MeetingError> {
    let written = on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO meetings (id, held_on, chair_user, chair_name, note_taker_user, \
         note_taker_name, version, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) ON CONFLICT (id) DO NOTHING",
    )
    .bind(meeting.id.to_string())
    .bind(meeting.held_on)
    .bind(meeting.chair.user)
    .bind(meeting.chair.name)
    .bind(meeting.note_taker.map(|n| n.user))
    .bind(meeting.note_taker.map(|n| n.name))
    .bind(done.actor)
    .bind(done.at)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if written == 1 {
        super::meeting_agenda::choose(tx, meeting.id, meeting.held_on, done.actor, done.at).await?;
        return Ok(true);
    }
    match get(&mut *tx, meeting.id).await? {
        Some(now)
            if now.record.held_on == meeting.held_on
                && now.chair_user == meeting.chair.user
                && now.note_taker_user.as_deref() == meeting.note_taker.map(|n| n.user) =>
        {
            Ok(false)
        }
        _ => Err(MeetingError::Conflict),
    }
}

/// One meeting.
pub async fn get<'a>(
    on: impl Into<Exec<'a>>,
    id: MeetingId,
) -> Result<Option<StoredMeeting>, sqlx::Error> {
    let row: Option<MeetingRow> = on_exec!(on.into(), conn => sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await)?;
    row.map(StoredMeeting::try_from).transpose()
}

/// The meetings held on `day`, the one set up last first.
pub async fn of_day<'a>(
    on: impl Into<Exec<'a>>,
    day: NaiveDate,
) -> Result<Vec<StoredMeeting>, sqlx::Error> {
    let rows: Vec<MeetingRow> = on_exec!(on.into(), conn => sqlx::query_as(&format!(
        "{SELECT} WHERE held_on = $1 ORDER BY created_at DESC, id"
    ))
    .bind(day)
    .fetch_all(conn)
    .await)?;
    rows.into_iter().map(StoredMeeting::try_from).collect()
}

/// Up to `limit` meetings, the latest day first.
pub async fn latest<'a>(
    on: impl Into<Exec<'a>>,
    limit: i64,
) -> Result<Vec<MeetingRecord>, sqlx::Error> {
    let rows: Vec<MeetingRow> = on_exec!(on.into(), conn => sqlx::query_as(&format!(
        "{SELECT} ORDER BY held_on DESC, created_at DESC, id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|r| StoredMeeting::try_from(r).map(|m| m.record))
        .collect()
}

/// Records that the minutes of `meeting`, at `from_version`, were sent round on `day`.
pub async fn set_circulated(
    tx: &mut Tx,
    meeting: MeetingId,
    from_version: i64,
    day: NaiveDate,
) -> Result<(), MeetingError> {
    let written = on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE meetings SET circulated_on = $1, version = version + 1 WHERE id = $2 AND version = $3",
    )
    .bind(day)
    .bind(meeting.to_string())
    .bind(from_version)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    match written {
        1 => Ok(()),
        _ if get(&mut *tx, meeting).await?.is_none() => Err(MeetingError::NotFound),
        _ => Err(MeetingError::Conflict),
    }
}

/// A row of `meeting_attendance`.
#[derive(sqlx::FromRow)]
struct AttendeeRow {
    id: String,
    name: String,
    agency: String,
    present: bool,
}

/// The attendance of `meeting`, in the order it was taken.
pub async fn attendance<'a>(
    on: impl Into<Exec<'a>>,
    meeting: MeetingId,
) -> Result<Vec<Attendee>, sqlx::Error> {
    let rows: Vec<AttendeeRow> = on_exec!(on.into(), conn => sqlx::query_as(
        "SELECT id, name, agency, present FROM meeting_attendance WHERE meeting_id = $1 \
         ORDER BY added_at, id",
    )
    .bind(meeting.to_string())
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(Attendee {
                id: decode("id", &r.id)?,
                name: r.name,
                agency: r.agency,
                present: r.present,
            })
        })
        .collect()
}

/// Adds `attendee` to `meeting`'s attendance, under a lock on the meeting's row so at
/// most [`MAX_ATTENDEES`] are kept. The same line sent again writes nothing (`false`).
pub async fn add_attendee(
    tx: &mut Tx,
    meeting: MeetingId,
    attendee: &Attendee,
    done: Done<'_>,
) -> Result<bool, MeetingError> {
    lock(tx, meeting).await?;
    let written = on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO meeting_attendance (id, meeting_id, name, agency, present, added_by, added_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(attendee.id.to_string())
    .bind(meeting.to_string())
    .bind(&attendee.name)
    .bind(&attendee.agency)
    .bind(attendee.present)
    .bind(done.actor)
    .bind(done.at)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let now = attendance(&mut *tx, meeting).await?;
    if written != 1 {
        return match now.iter().find(|a| a.id == attendee.id) {
            Some(same) if same == attendee => Ok(false),
            _ => Err(MeetingError::Conflict),
        };
    }
    if now.len() > MAX_ATTENDEES {
        return Err(MeetingError::TooMany);
    }
    Ok(true)
}

/// Takes `attendee` off `meeting`'s attendance; `false` when it was not on it (already
/// taken off).
pub async fn remove_attendee(
    tx: &mut Tx,
    meeting: MeetingId,
    attendee: AttendeeId,
) -> Result<bool, sqlx::Error> {
    on_tx!(&mut *tx, conn => sqlx::query(
        "DELETE FROM meeting_attendance WHERE id = $1 AND meeting_id = $2",
    )
    .bind(attendee.to_string())
    .bind(meeting.to_string())
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Locks `meeting`'s row for the rest of `tx`, so additions made at once queue.
async fn lock(tx: &mut Tx, meeting: MeetingId) -> Result<(), MeetingError> {
    let found = on_tx!(&mut *tx, conn => sqlx::query("UPDATE meetings SET version = version WHERE id = $1")
        .bind(meeting.to_string())
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    if found == 1 {
        Ok(())
    } else {
        Err(MeetingError::NotFound)
    }
}

/// A new entry for the store: what it is, and the person's rating once it is recorded
/// (and before, on a decision that changed it).
#[derive(Clone, Copy, Debug)]
pub struct EntryWrite<'a> {
    /// Its identity, from the form.
    pub id: EntryId,
    /// Which meeting.
    pub meeting: MeetingId,
    /// About whom.
    pub person: PersonId,
    /// A note or a decision.
    pub kind: EntryKind,
    /// What was said or decided.
    pub text: &'a str,
    /// The rating after it.
    pub rating: Rating,
    /// The rating before it, when it changed the rating.
    pub rating_from: Option<Rating>,
}

/// Records `entry` inside `tx` with its change-log entry, so open meeting views show it.
/// The same entry sent again writes nothing (`false`); a closed record takes none.
pub async fn add_entry(
    tx: &mut Tx,
    entry: &EntryWrite<'_>,
    done: Done<'_>,
) -> Result<bool, MeetingError> {
    lock(tx, entry.meeting).await?;
    let person = people::get(&mut *tx, entry.person)
        .await?
        .ok_or(MeetingError::NotFound)?;
    if person.left_on.is_some() {
        return Err(MeetingError::Closed);
    }
    let written = on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO meeting_entries (id, meeting_id, person_id, kind, body, rating, rating_from, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(entry.id.to_string())
    .bind(entry.meeting.to_string())
    .bind(entry.person.to_string())
    .bind(entry.kind.code())
    .bind(entry.text)
    .bind(entry.rating.code())
    .bind(entry.rating_from.map(Rating::code))
    .bind(done.actor)
    .bind(done.at)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if written != 1 {
        let same = entries(&mut *tx, entry.meeting, Some(entry.person))
            .await?
            .into_iter()
            .any(|(_, e)| e.id == entry.id && e.text == entry.text && e.kind == entry.kind);
        return if same {
            Ok(false)
        } else {
            Err(MeetingError::Conflict)
        };
    }
    let count: i64 = on_tx!(&mut *tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM meeting_entries WHERE meeting_id = $1",
    )
    .bind(entry.meeting.to_string())
    .fetch_one(conn)
    .await)?;
    if usize::try_from(count).unwrap_or(usize::MAX) > MAX_ENTRIES {
        return Err(MeetingError::TooMany);
    }
    change_log::append(
        tx,
        &NewChange {
            person: entry.person,
            kind: ChangeKind::MeetingNoted,
            version: person.version,
            from: None,
            to: None,
            actor: done.actor,
            at: done.at,
        },
    )
    .await?;
    Ok(true)
}

/// A row of `meeting_entries`.
#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    person_id: String,
    kind: String,
    body: String,
    rating: String,
    rating_from: Option<String>,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

/// How many people `meeting` has recorded something about.
pub async fn discussed<'a>(
    on: impl Into<Exec<'a>>,
    meeting: MeetingId,
) -> Result<i64, sqlx::Error> {
    on_exec!(on.into(), conn => sqlx::query_scalar(
        "SELECT COUNT(DISTINCT person_id) FROM meeting_entries WHERE meeting_id = $1",
    )
    .bind(meeting.to_string())
    .fetch_one(conn)
    .await)
}

/// What `meeting` recorded, in order, about `person` or (with `None`) everyone, each with
/// whom it is about.
pub async fn entries<'a>(
    on: impl Into<Exec<'a>>,
    meeting: MeetingId,
    person: Option<PersonId>,
) -> Result<Vec<(PersonId, MeetingEntry)>, sqlx::Error> {
    let rows: Vec<EntryRow> = on_exec!(on.into(), conn => sqlx::query_as(
        "SELECT id, person_id, kind, body, rating, rating_from, recorded_by, recorded_at \
         FROM meeting_entries WHERE meeting_id = $1 AND ($2 IS NULL OR person_id = $2) ORDER BY seq",
    )
    .bind(meeting.to_string())
    .bind(person.map(|p| p.to_string()))
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok((
                decode("person_id", &r.person_id)?,
                MeetingEntry {
                    id: decode("id", &r.id)?,
                    kind: decode("kind", &r.kind)?,
                    text: r.body,
                    rating: decode("rating", &r.rating)?,
                    rating_from: r
                        .rating_from
                        .map(|f| decode("rating_from", &f))
                        .transpose()?,
                    by: r.recorded_by,
                    at: r.recorded_at,
                },
            ))
        })
        .collect()
}
