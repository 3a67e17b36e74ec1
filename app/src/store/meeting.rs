//! DSR meetings: the agenda, and where the meeting's chair is.

use super::{
    change_log::{self, NewChange},
    on_tx,
    rows::{decode, person_columns, PersonRow},
    Db, Tx,
};
use crate::models::{BoardCard, ChangeKind, Person, PersonId};
use chrono::{DateTime, NaiveDate, Utc};

/// Everyone on a meeting's agenda as of `today`: Blue, Red and Amber, then Green people
/// whose review is due; within a rating, soonest (most overdue) review first, then by id.
pub async fn agenda(tx: &mut Tx, today: NaiveDate) -> Result<Vec<BoardCard>, sqlx::Error> {
    let rows: Vec<PersonRow> = on_tx!(tx, conn => sqlx::query_as(concat!(
        "SELECT ",
        person_columns!(),
        " FROM people WHERE rating <> 'green' OR review_due <= $1 \
         ORDER BY CASE rating WHEN 'blue' THEN 0 WHEN 'red' THEN 1 WHEN 'amber' THEN 2 ELSE 3 END, \
         review_due, id"
    ))
    .bind(today)
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|row| Person::try_from(row).map(|p| p.card(today)))
        .collect()
}

/// The chair's latest move made at or after `since`: the person and when.
pub async fn chair_position(
    tx: &mut Tx,
    since: DateTime<Utc>,
) -> Result<Option<(PersonId, DateTime<Utc>)>, sqlx::Error> {
    let row: Option<(String, DateTime<Utc>)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT person_id, created_at FROM change_log \
         WHERE kind = $1 AND created_at >= $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(ChangeKind::ChairMoved.code())
    .bind(since)
    .fetch_optional(conn)
    .await)?;
    row.map(|(id, at)| Ok((decode("person_id", &id)?, at)))
        .transpose()
}

/// Records that the chair moved on to `person`, so followers open the same record.
/// Returns the change-log id, or `None` when there is no such person.
pub async fn move_chair(
    db: &Db,
    person: PersonId,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let version: Option<i64> = on_tx!(&mut tx, conn => sqlx::query_scalar(
        "SELECT version FROM people WHERE id = $1",
    )
    .bind(person.to_string())
    .fetch_optional(conn)
    .await)?;
    let Some(version) = version else {
        return Ok(None);
    };
    let id = change_log::append(
        &mut tx,
        &NewChange {
            person,
            kind: ChangeKind::ChairMoved,
            version,
            from: None,
            to: None,
            actor,
            at,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}
