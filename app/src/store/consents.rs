//! Consent records: who agreed to a person being on the register, or the best-interests
//! decision made for them. Append-only: a new record supersedes, nothing is edited.

use super::{on_tx, Tx};
use crate::models::{ConsentRecord, PersonId};
use chrono::{DateTime, NaiveDate, Utc};

/// Adds `record` to `person`'s file inside `tx`.
pub async fn record(
    tx: &mut Tx,
    person: PersonId,
    record: &ConsentRecord,
    recorded_by: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO consents (person_id, kind, given_by, method, decided_on, reason, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(person.to_string())
    .bind(record.kind.code())
    .bind(&record.given_by)
    .bind(&record.method)
    .bind(record.decided_on)
    .bind(&record.reason)
    .bind(recorded_by)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ()))
}

#[derive(sqlx::FromRow)]
struct ConsentRow {
    kind: String,
    given_by: String,
    method: String,
    decided_on: NaiveDate,
    reason: String,
}

/// `person`'s consent records, newest first, read inside `tx`.
pub async fn of_person(tx: &mut Tx, person: PersonId) -> Result<Vec<ConsentRecord>, sqlx::Error> {
    let rows: Vec<ConsentRow> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT kind, given_by, method, decided_on, reason FROM consents WHERE person_id = $1 ORDER BY id DESC",
    )
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(ConsentRecord {
                kind: r
                    .kind
                    .parse()
                    .map_err(|_| sqlx::Error::Decode("bad consent kind".into()))?,
                given_by: r.given_by,
                method: r.method,
                decided_on: r.decided_on,
                reason: r.reason,
            })
        })
        .collect()
}
