//! The audit trail: an append-only, hash-chained record of who looked at or changed what.
//! Each row's hash covers its own content and the previous row's hash, so a row edited or
//! removed straight in the database breaks the chain from that row on.
//!
//! Rows written since the chain became keyed (`chain` = 2) carry an HMAC-SHA256 under a
//! key derived from the service's key (`DSR_SECRET_KEY`), held apart from the database,
//! so someone who can write to the database cannot recompute the chain after an edit.
//! Older rows (`chain` = 1) keep their plain SHA-256 and are checked as such; once a keyed
//! row appears, every later row must be keyed. Rows removed from the end leave a shorter,
//! intact chain: a signed [`Checkpoint`] of the head, kept outside the database, finds
//! that.

use super::{on_pool, on_tx, Db, Tx};
use crate::{
    models::PersonId,
    sealed::{MacKey, SecretKey},
};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// `chain` of rows hashed with plain SHA-256 (written before the chain was keyed).
const PLAIN: i64 = 1;
/// `chain` of rows signed with the audit key (HMAC-SHA256).
const KEYED: i64 = 2;

/// Labels the key that signs audit rows.
const CHAIN_LABEL: &str = "dsr audit chain v1";
/// Labels the key that signs checkpoints.
const CHECKPOINT_LABEL: &str = "dsr audit checkpoint v1";

/// One thing to record, built from who did it ([`AuditEntry::new`], or `Caller::audit`
/// for a signed-in caller) and then what it was about.
#[derive(Clone, Copy, Debug)]
pub struct AuditEntry<'a> {
    /// When, at the precision both backends store.
    at: DateTime<Utc>,
    /// Who.
    actor: &'a str,
    /// What, as a short code (for example `person_viewed`).
    action: &'a str,
    /// Which record, if any.
    person: Option<PersonId>,
    /// Anything else worth keeping; never a secret.
    detail: &'a str,
    /// The client's address.
    client: &'a str,
}

impl<'a> AuditEntry<'a> {
    /// `action` (a short code such as `person_viewed`) by `actor` from `client`, now,
    /// about no record and with no detail.
    pub fn new(actor: &'a str, action: &'a str, client: &'a str) -> Self {
        AuditEntry {
            at: super::timestamp_now(),
            actor,
            action,
            person: None,
            detail: "",
            client,
        }
    }

    /// About `person`'s record (or none).
    pub fn about(self, person: impl Into<Option<PersonId>>) -> Self {
        AuditEntry {
            person: person.into(),
            ..self
        }
    }

    /// With `detail`: anything else worth keeping, never a secret.
    pub fn detail(self, detail: &'a str) -> Self {
        AuditEntry { detail, ..self }
    }

    /// At `at` (the time of the change it records) rather than now.
    pub fn at(self, at: DateTime<Utc>) -> Self {
        AuditEntry { at, ..self }
    }
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

/// A stored row with its chain version, as [`verify`] reads it.
#[derive(sqlx::FromRow)]
struct ChainedRow {
    #[sqlx(flatten)]
    row: AuditRow,
    chain: i64,
}

/// The hash of row `id` with this content after `prev_hash`: with `key`, its HMAC-SHA256
/// (a keyed row); without, its plain SHA-256 (a row from before the chain was keyed).
/// Every field is length-prefixed, so no two different rows hash the same text.
fn row_hash(
    key: Option<&MacKey>,
    id: i64,
    entry: &AuditEntry<'_>,
    person: Option<&str>,
    prev_hash: &str,
) -> String {
    let at = entry.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let id = id.to_string();
    let fields = [
        id.as_str(),
        &at,
        entry.actor,
        entry.action,
        person.unwrap_or("-"),
        entry.detail,
        entry.client,
        prev_hash,
    ];
    if let Some(key) = key {
        return key.sign(&fields.map(str::as_bytes));
    }
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Appends `entry` inside `tx` (so it commits or rolls back with the change it records),
/// signed with the audit key derived from `key`, and returns its id.
pub async fn append(
    tx: &mut Tx,
    key: &SecretKey,
    entry: &AuditEntry<'_>,
) -> Result<i64, sqlx::Error> {
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
    let mac = key.derive(CHAIN_LABEL);
    let hash = row_hash(Some(&mac), id, entry, person.as_deref(), &prev_hash);
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO audit_log (id, at, actor, action, person_id, detail, client, prev_hash, hash, chain) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
    .bind(KEYED)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(id)
}

/// Whether a row like `entry` (the same actor, action, record and detail) was recorded at
/// or after `since`.
pub async fn recorded_since(
    db: &Db,
    entry: &AuditEntry<'_>,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let person = entry.person.map(|p| p.to_string());
    let found: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT id FROM audit_log WHERE actor = $1 AND action = $2 AND detail = $3 \
         AND ((person_id IS NULL AND $4 IS NULL) OR person_id = $4) AND at >= $5 LIMIT 1",
    )
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.detail)
    .bind(person)
    .bind(since)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Appends `entry` in a transaction of its own (for things that change nothing else, such as
/// a view of a record).
pub async fn record(db: &Db, key: &SecretKey, entry: &AuditEntry<'_>) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = append(&mut tx, key, entry).await?;
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

/// Checks the whole chain, oldest row first, with the audit key derived from `key`, and
/// names the first row that does not fit.
pub async fn verify(db: &Db, key: &SecretKey) -> Result<ChainCheck, sqlx::Error> {
    let mac = key.derive(CHAIN_LABEL);
    let mut expected_id = 1;
    let mut prev_hash = GENESIS.to_owned();
    let mut keyed = false;
    loop {
        let rows: Vec<ChainedRow> = on_pool!(db, pool => sqlx::query_as(
            "SELECT id, at, actor, action, person_id, detail, client, prev_hash, hash, chain \
             FROM audit_log WHERE id >= $1 ORDER BY id LIMIT $2",
        )
        .bind(expected_id)
        .bind(BATCH)
        .fetch_all(pool)
        .await)?;
        let done = (rows.len() as i64) < BATCH;
        for ChainedRow { row, chain } in rows {
            let entry = AuditEntry::new(&row.actor, &row.action, &row.client)
                .detail(&row.detail)
                .at(row.at);
            // A plain row after a keyed one would be a keyed row rewritten without the key.
            let signer = match chain {
                KEYED => Some(&mac),
                PLAIN if !keyed => None,
                _ => return Ok(ChainCheck::BrokenAt(expected_id.min(row.id).max(1))),
            };
            keyed = chain == KEYED;
            let fits = row.id == expected_id
                && row.prev_hash == prev_hash
                && row_hash(signer, row.id, &entry, row.person_id.as_deref(), &prev_hash)
                    == row.hash;
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

/// The head of the chain at one moment (its last row's id and hash; 0 and 64 zeros when
/// empty), signed with a key derived from the service's key, for an operator to keep
/// outside the database. Written as one line:
/// `dsr-audit-checkpoint v1 <id> <hash> <signature>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The last row's id.
    pub id: i64,
    /// The last row's hash.
    pub hash: String,
    /// HMAC-SHA256 of the id and hash.
    signature: String,
}

/// What a checkpoint line starts with.
const CHECKPOINT_PREFIX: &str = "dsr-audit-checkpoint v1";

impl Checkpoint {
    /// A checkpoint of `id` and `hash`, signed with `key`.
    fn signed(key: &SecretKey, id: i64, hash: String) -> Checkpoint {
        let signature = Checkpoint::signature(key, id, &hash);
        Checkpoint {
            id,
            hash,
            signature,
        }
    }

    fn signature(key: &SecretKey, id: i64, hash: &str) -> String {
        key.derive(CHECKPOINT_LABEL)
            .sign(&[id.to_string().as_bytes(), hash.as_bytes()])
    }

    /// Reads a checkpoint line and checks its signature with `key`; `None` if it is not
    /// one, or was not signed with this key (or was altered).
    pub fn parse(line: &str, key: &SecretKey) -> Option<Checkpoint> {
        let rest = line.trim().strip_prefix(CHECKPOINT_PREFIX)?;
        let mut parts = rest.split_whitespace();
        let id = parts.next()?.parse().ok()?;
        let hash = parts.next()?.to_owned();
        let signature = parts.next()?.to_owned();
        let expected = Checkpoint::signature(key, id, &hash);
        let same = parts.next().is_none()
            && expected.len() == signature.len()
            && expected
                .bytes()
                .zip(signature.bytes())
                .fold(0u8, |d, (a, b)| d | (a ^ b))
                == 0;
        same.then_some(Checkpoint {
            id,
            hash,
            signature,
        })
    }
}

impl std::fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{CHECKPOINT_PREFIX} {} {} {}",
            self.id, self.hash, self.signature
        )
    }
}

/// A checkpoint of the chain's head now, signed with a key derived from `key`.
pub async fn checkpoint(db: &Db, key: &SecretKey) -> Result<Checkpoint, sqlx::Error> {
    let last: Option<(i64, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await)?;
    let (id, hash) = last.unwrap_or((0, GENESIS.to_owned()));
    Ok(Checkpoint::signed(key, id, hash))
}

/// How the stored chain compares with a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckpointCheck {
    /// The checkpoint's row is there with the hash it had.
    Matches,
    /// The chain now ends before the checkpoint's row: rows were removed from the end.
    Shorter {
        /// The last row there is now (0 when none).
        last: i64,
    },
    /// The checkpoint's row has another hash now: it or a row before it was rewritten.
    Differs,
}

/// Compares the stored chain with `checkpoint` (check the chain itself with [`verify`]).
pub async fn check_checkpoint(
    db: &Db,
    checkpoint: &Checkpoint,
) -> Result<CheckpointCheck, sqlx::Error> {
    if checkpoint.id == 0 {
        return Ok(CheckpointCheck::Matches);
    }
    let (hash, last): (Option<String>, Option<i64>) = on_pool!(db, pool => sqlx::query_as(
        "SELECT (SELECT hash FROM audit_log WHERE id = $1), (SELECT MAX(id) FROM audit_log)",
    )
    .bind(checkpoint.id)
    .fetch_one(pool)
    .await)?;
    Ok(match hash {
        None => CheckpointCheck::Shorter {
            last: last.unwrap_or(0),
        },
        Some(hash) if hash == checkpoint.hash => CheckpointCheck::Matches,
        Some(_) => CheckpointCheck::Differs,
    })
}
