//! The audit trail: an append-only, hash-chained record of who looked at or changed what.
//! Each row's hash covers its own content and the previous row's hash, so a row edited or
//! removed straight in the database breaks the chain from that row on.

use super::{on_pool, on_tx, Db, Tx};
use crate::models::PersonId;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing to record.
#[derive(Clone, Copy, Debug)]
pub struct AuditEntry<'a> {
    /// When, at the precision both backends store.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: &'a str,
    /// What, as a short code (for example `person_viewed`).
    pub action: &'a str,
    /// Which record, if any.
    pub person: Option<PersonId>,
    /// Anything else worth keeping; never a secret.
    pub detail: &'a str,
    /// The client's address.
    pub client: &'a str,
}

/// Which rows to read back.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Only rows about this person.
    pub person: Option<PersonId>,
    /// Only rows by this actor.
    pub actor: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only rows at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only rows before this time.
    pub to: Option<DateTime<Utc>>,
}

/// The newest `limit` rows matching `filter`, newest first.
pub async fn search(
    db: &Db,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<crate::models::AuditLine>, sqlx::Error> {
    let rows: Vec<AuditRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, at, actor, action, person_id, detail, client, prev_hash, hash FROM audit_log \
         WHERE ($1 IS NULL OR person_id = $1) AND ($2 IS NULL OR actor = $2) \
         AND ($3 IS NULL OR action = $3) AND ($4 IS NULL OR at >= $4) AND ($5 IS NULL OR at < $5) \
         ORDER BY id DESC LIMIT $6",
    )
    .bind(filter.person.map(|p| p.to_string()))
    .bind(filter.actor.as_deref())
    .bind(filter.action.as_deref())
    .bind(filter.from)
    .bind(filter.to)
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|r| crate::models::AuditLine {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            person: r.person_id,
            detail: r.detail,
            client: r.client,
        })
        .collect())
}

/// A stored row, as the chain check reads it.
#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    person_id: Option<String>,
    detail: String,
    client: String,
    prev_hash: String,
    hash: String,
}

/// The hash of row `id` with this content after `prev_hash`. Every field is length-prefixed,
/// so no two different rows hash the same text.
fn row_hash(id: i64, entry: &AuditEntry<'_>, person: Option<&str>, prev_hash: &str) -> String {
    let at = entry.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let mut hasher = Sha256::new();
    for field in [
        id.to_string().as_str(),
        &at,
        entry.actor,
        entry.action,
        person.unwrap_or("-"),
        entry.detail,
        entry.client,
        prev_hash,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Appends `entry` inside `tx` (so it commits or rolls back with the change it records) and
/// returns its id.
pub async fn append(tx: &mut Tx, entry: &AuditEntry<'_>) -> Result<i64, sqlx::Error> {
    tx.serialise_audit_log().await?;
    let last: Option<(i64, String)> = on_tx!(&mut *tx, conn => sqlx::query_as(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(conn)
    .await)?;
    let (id, prev_hash) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let person = entry.person.map(|p| p.to_string());
    let hash = row_hash(id, entry, person.as_deref(), &prev_hash);
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO audit_log (id, at, actor, action, person_id, detail, client, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(entry.at)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(person)
    .bind(entry.detail)
    .bind(entry.client)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(id)
}

/// Appends `entry` in a transaction of its own (for things that change nothing else, such as
/// a view of a record).
pub async fn record(db: &Db, entry: &AuditEntry<'_>) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = append(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// The outcome of checking the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every row is where it should be and hashes as stored.
    Intact {
        /// How many rows were checked.
        rows: i64,
    },
    /// The first row that does not fit: edited, missing before it, or out of place.
    BrokenAt(i64),
}

/// Rows read at a time while checking.
const BATCH: i64 = 1_000;

/// Checks the whole chain, oldest row first, and names the first row that does not fit.
pub async fn verify(db: &Db) -> Result<ChainCheck, sqlx::Error> {
    let mut expected_id = 1;
    let mut prev_hash = GENESIS.to_owned();
    loop {
        let rows: Vec<AuditRow> = on_pool!(db, pool => sqlx::query_as(
            "SELECT id, at, actor, action, person_id, detail, client, prev_hash, hash \
             FROM audit_log WHERE id >= $1 ORDER BY id LIMIT $2",
        )
        .bind(expected_id)
        .bind(BATCH)
        .fetch_all(pool)
        .await)?;
        let done = (rows.len() as i64) < BATCH;
        for row in rows {
            let entry = AuditEntry {
                at: row.at,
                actor: &row.actor,
                action: &row.action,
                person: None,
                detail: &row.detail,
                client: &row.client,
            };
            let fits = row.id == expected_id
                && row.prev_hash == prev_hash
                && row_hash(row.id, &entry, row.person_id.as_deref(), &prev_hash) == row.hash;
            if !fits {
                return Ok(ChainCheck::BrokenAt(expected_id.min(row.id).max(1)));
            }
            prev_hash = row.hash;
            expected_id += 1;
        }
        if done {
            return Ok(ChainCheck::Intact {
                rows: expected_id - 1,
            });
        }
    }
}
