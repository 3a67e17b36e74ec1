//! The append-only change log: one row per change to a person, written in the same
//! transaction as the change itself.

use super::{on_pool, on_tx, Db, Tx};
use crate::models::{ChangeKind, PersonId};
use chrono::{DateTime, Utc};

/// One entry of the change log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeEntry {
    /// Increasing id; ids become visible in increasing order.
    pub id: i64,
    /// Whose record changed.
    pub person_id: PersonId,
    /// What changed.
    pub kind: ChangeKind,
    /// The person's version after the change.
    pub version: i64,
    /// Who made it.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    id: i64,
    person_id: String,
    kind: String,
    version: i64,
    actor: String,
    created_at: DateTime<Utc>,
}

/// Appends an entry inside `tx` and returns its id.
pub async fn append(
    tx: &mut Tx,
    person: PersonId,
    kind: ChangeKind,
    version: i64,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    tx.serialise_change_log().await?;
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO change_log (person_id, kind, version, actor, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(person.to_string())
    .bind(kind.code())
    .bind(version)
    .bind(actor)
    .bind(at)
    .fetch_one(conn)
    .await)
}

/// Up to `limit` entries with id greater than `after`, oldest first.
pub async fn after(db: &Db, after: i64, limit: i64) -> Result<Vec<ChangeEntry>, sqlx::Error> {
    let rows: Vec<ChangeRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, person_id, kind, version, actor, created_at FROM change_log \
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(ChangeEntry {
                id: r.id,
                person_id: r
                    .person_id
                    .parse()
                    .map_err(|e: uuid::Error| sqlx::Error::Decode(e.into()))?,
                kind: r
                    .kind
                    .parse()
                    .map_err(|e: crate::models::UnknownCode| sqlx::Error::Decode(e.into()))?,
                version: r.version,
                actor: r.actor,
                at: r.created_at,
            })
        })
        .collect()
}
