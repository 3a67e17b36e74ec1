//! Consent records: who agreed to a person being on the register, or the best-interests
//! decision made for them. Append-only: a new record supersedes, nothing is edited.

use super::{
    change_log::{self, NewChange},
    on_tx,
    people::{self, ChangeError},
    Tx,
};
use crate::models::{ChangeKind, ConsentRecord, PersonId, RecordedConsent};
use chrono::{DateTime, NaiveDate, Utc};

/// Adds `record` to `person`'s file inside `tx`; their consent is next re-checked on `due`.
pub async fn record(
    tx: &mut Tx,
    person: PersonId,
    record: &ConsentRecord,
    due: NaiveDate,
    recorded_by: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(&mut *tx, conn => sqlx::query("UPDATE people SET consent_due = $1 WHERE id = $2")
        .bind(due)
        .bind(person.to_string())
        .execute(conn)
        .await
        .map(|_| ()))?;
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
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

/// Adds a consent re-check (or a new best-interests decision) to `person`'s record inside
/// `tx`, with its change-log entry, if they are on the register; `true` when written.
/// `seen` is how many consent records the form was drawn from: a check made before another
/// was added is refused as stale ([`ChangeError::Conflict`]), so two people checking at
/// once (or an old check sent again later) never both land unseen. Sending the same record
/// twice adds it once: when the record added since is this one, nothing is written and the
/// answer is `false`.
pub async fn recheck(
    tx: &mut Tx,
    person: PersonId,
    consent: &ConsentRecord,
    seen: usize,
    due: NaiveDate,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<bool, ChangeError> {
    // Locks the person's row first, so concurrent checks of one person go one at a time
    // (SQLite's writers already do).
    on_tx!(&mut *tx, conn => sqlx::query("UPDATE people SET consent_due = consent_due WHERE id = $1")
        .bind(person.to_string())
        .execute(conn)
        .await
        .map(|_| ()))?;
    let now = people::get(&mut *tx, person)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if now.left_on.is_some() {
        return Err(ChangeError::Closed);
    }
    let held = of_person(tx, person).await?;
    if held.len() != seen {
        let repeat = held.len() == seen.saturating_add(1) && held.first() == Some(consent);
        return if repeat {
            Ok(false)
        } else {
            Err(ChangeError::Conflict(Box::new(now)))
        };
    }
    record(tx, person, consent, due, actor, at).await?;
    let change = NewChange {
        person,
        kind: ChangeKind::ConsentRecorded,
        // The rating and version did not change: the entry carries the record's version.
        version: now.version,
        from: None,
        to: None,
        actor,
        at,
    };
    change_log::append(tx, &change).await?;
    Ok(true)
}

/// `person`'s consent records, newest first, read inside `tx`.
pub async fn of_person(tx: &mut Tx, person: PersonId) -> Result<Vec<ConsentRecord>, sqlx::Error> {
    Ok(recorded(tx, person)
        .await?
        .into_iter()
        .map(|r| r.consent)
        .collect())
}

/// `person`'s consent records with who recorded each and when, newest first, read inside
/// `tx`.
pub async fn recorded(tx: &mut Tx, person: PersonId) -> Result<Vec<RecordedConsent>, sqlx::Error> {
    let rows: Vec<ConsentRow> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT kind, given_by, method, decided_on, reason, recorded_by, recorded_at \
         FROM consents WHERE person_id = $1 ORDER BY id DESC",
    )
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(RecordedConsent {
                consent: ConsentRecord {
                    kind: r
                        .kind
                        .parse()
                        .map_err(|_| sqlx::Error::Decode("bad consent kind".into()))?,
                    given_by: r.given_by,
                    method: r.method,
                    decided_on: r.decided_on,
                    reason: r.reason,
                },
                recorded_by: r.recorded_by,
                recorded_at: r.recorded_at,
            })
        })
        .collect()
}
