//! The append-only change log: one row per change to a person, written in the same
//! transaction as the change itself. The live board follows it.

use super::{
    on_exec, on_pool, on_tx, register_states,
    rows::{person_columns, ChangeRow},
    Db, Exec, Tx,
};
use crate::models::{BoardChange, ChangeKind, PersonId, Rating};
use chrono::{DateTime, NaiveDate, Utc};

/// A change to record.
#[derive(Clone, Copy, Debug)]
pub struct NewChange<'a> {
    /// Whose record changed.
    pub person: PersonId,
    /// What kind of change.
    pub kind: ChangeKind,
    /// The person's version after the change.
    pub version: i64,
    /// Rating before.
    pub from: Option<Rating>,
    /// Rating after.
    pub to: Option<Rating>,
    /// Who made it.
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// Appends an entry inside `tx` and returns its id. On PostgreSQL the other instances are
/// notified when (and only if) the transaction commits.
pub async fn append(tx: &mut Tx, change: &NewChange<'_>) -> Result<i64, sqlx::Error> {
    tx.serialise_change_log().await?;
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO change_log (person_id, kind, version, from_rating, to_rating, actor, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(change.person.to_string())
    .bind(change.kind.code())
    .bind(change.version)
    .bind(change.from.map(Rating::code))
    .bind(change.to.map(Rating::code))
    .bind(change.actor)
    .bind(change.at)
    .fetch_one(conn)
    .await)?;
    tx.notify_change(id).await?;
    if change.kind.changes_record() {
        register_states::keep(tx, change.person).await?;
    }
    Ok(id)
}

/// Appends an entry of `kind` that changes nothing in the record (such as a meeting's
/// chair moving on) on `person`, at their version now; `None` when there is no such person.
pub async fn append_on(
    tx: &mut Tx,
    person: PersonId,
    kind: ChangeKind,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let version: Option<i64> = on_tx!(&mut *tx, conn => sqlx::query_scalar(
        "SELECT version FROM people WHERE id = $1",
    )
    .bind(person.to_string())
    .fetch_optional(conn)
    .await)?;
    let Some(version) = version else {
        return Ok(None);
    };
    let change = NewChange {
        person,
        kind,
        version,
        from: None,
        to: None,
        actor,
        at,
    };
    append(tx, &change).await.map(Some)
}

/// Whether every entry after `after` up to `upto` is about a meeting's chair (a move, a
/// take or a stop), which changes no record.
pub async fn only_chair_between(tx: &mut Tx, after: i64, upto: i64) -> Result<bool, sqlx::Error> {
    let others: i64 = on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM change_log WHERE id > $1 AND id <= $2 AND kind NOT IN ($3, $4, $5)",
    )
    .bind(after)
    .bind(upto)
    .bind(ChangeKind::ChairMoved.code())
    .bind(ChangeKind::ChairTaken.code())
    .bind(ChangeKind::ChairStopped.code())
    .fetch_one(conn)
    .await)?;
    Ok(others == 0)
}

/// The newest entry's id; 0 when the log is empty.
const HEAD: &str = "SELECT COALESCE(MAX(id), 0) FROM change_log";

/// The newest entry's id (0 when the log is empty); read inside a transaction, it is
/// consistent with what that transaction reads.
pub async fn head<'a>(on: impl Into<Exec<'a>>) -> Result<i64, sqlx::Error> {
    on_exec!(on.into(), conn => sqlx::query_scalar(HEAD).fetch_one(conn).await)
}

/// Up to `limit` changes with id greater than `after`, oldest first, each with the
/// person's current card (age group and overdue judged on `today`).
pub async fn changes_after(
    db: &Db,
    after: i64,
    limit: i64,
    today: NaiveDate,
) -> Result<Vec<BoardChange>, sqlx::Error> {
    let rows: Vec<ChangeRow> = on_pool!(db, pool => sqlx::query_as(concat!(
        "SELECT c.id AS change_id, c.kind, c.version AS change_version, c.from_rating, c.to_rating, \
         c.created_at, p.* FROM change_log c JOIN (SELECT ",
        person_columns!(),
        " FROM people) p ON p.id = c.person_id WHERE c.id > $1 ORDER BY c.id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    rows.into_iter().map(|row| row.into_change(today)).collect()
}
