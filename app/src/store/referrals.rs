//! Referrals: received at most once per idempotency key, then triaged.

use super::{on_exec, on_pool, on_tx, Db, Exec, Tx};
use crate::models::{PersonId, PossibleDuplicate, Referral, ReferralEvent, ReferralStatus};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

/// A referral to receive.
#[derive(Clone, Copy, Debug)]
pub struct Incoming<'a> {
    /// The key the browser chose for its draft.
    pub key: &'a str,
    /// The checked answers.
    pub referral: &'a Referral,
    /// The professional referring, if any (a user id).
    pub referrer: Option<&'a str>,
    /// The sender's address.
    pub client: &'a str,
    /// When.
    pub at: DateTime<Utc>,
    /// For a public referral, how many new referrals and hidden-field hits one client may
    /// send an hour; `None` when not limited.
    pub limit: Option<u32>,
}

/// What receiving a referral did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// The referral's id.
    pub id: String,
    /// Its reference.
    pub reference: String,
    /// Whether this call created it (false when the key had been used already).
    pub created: bool,
}

/// Why a referral was not received.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// The key was used before for different answers.
    #[error("idempotency key reused with different content")]
    KeyReused,
    /// A new referral from a client already at its limit.
    #[error("too many referrals from this client")]
    OverLimit,
    /// The database failed; nothing was written.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<ReceiveError> for crate::error::AppError {
    fn from(error: ReceiveError) -> Self {
        match error {
            ReceiveError::KeyReused => crate::error::AppError::KeyReused,
            ReceiveError::OverLimit => crate::error::AppError::TooManyAttempts,
            ReceiveError::Db(e) => e.into(),
        }
    }
}

/// Receives `incoming` inside `tx`: creates the referral, or, when its key was used
/// before for the same answers, returns that referral unchanged. A limited referral with
/// a new key is refused, with nothing written, when its client is at the limit. Safe to
/// call concurrently: the unique key decides which call creates it, and limited sends are
/// counted one after another.
pub async fn receive(tx: &mut Tx, incoming: &Incoming<'_>) -> Result<Received, ReceiveError> {
    if let Some(limit) = incoming.limit {
        if over_limit(tx, incoming.client, Some(incoming.key), incoming.at, limit).await? {
            return Err(ReceiveError::OverLimit);
        }
    }
    let answers = serde_json::to_string(incoming.referral).expect("answers serialise");
    let hash = hex::encode(Sha256::digest(answers.as_bytes()));
    let id = uuid::Uuid::new_v4().to_string();
    let r = incoming.referral;
    let kind = if r.professional.is_some() {
        "professional"
    } else {
        "family"
    };
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO referrals (id, reference, idempotency_key, content_hash, kind, status, answers, \
         given_name, family_name, date_of_birth, nhs_number, referrer_id, client, received_at, urgency) \
         VALUES ($1, $2, $3, $4, $5, 'new', $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&id)
    .bind(new_reference())
    .bind(incoming.key)
    .bind(&hash)
    .bind(kind)
    .bind(&answers)
    .bind(&r.given_name)
    .bind(&r.family_name)
    .bind(r.date_of_birth)
    .bind(r.nhs_number.as_ref().map(|n| n.digits().to_owned()))
    .bind(incoming.referrer)
    .bind(incoming.client)
    .bind(incoming.at)
    .bind(r.urgency.code())
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let (found_id, reference, found_hash, found_referrer): (
        String,
        String,
        String,
        Option<String>,
    ) = on_tx!(tx, conn => sqlx::query_as(
            "SELECT id, reference, content_hash, referrer_id FROM referrals WHERE idempotency_key = $1",
        )
        .bind(incoming.key)
        .fetch_one(conn)
        .await)?;
    // The same answers under the same key from someone else (another account, or the
    // public for a professional's) is no retry: it is not handed that referral's reference.
    if found_hash != hash || found_referrer.as_deref() != incoming.referrer {
        return Err(ReceiveError::KeyReused);
    }
    Ok(Received {
        id: found_id,
        reference,
        created: inserted == 1,
    })
}

/// A reference such as `R-7K4M-2Q9P`: eight symbols with no look-alikes (no I, L, O, U,
/// 0 or 1), about 40 bits, easy to read out on the phone.
fn new_reference() -> String {
    format!(
        "R-{}",
        crate::random_code::random_code(b"23456789ABCDEFGHJKMNPQRSTVWXYZ", 2, 4)
    )
}

/// The clock hour (UTC) that `at` falls in, as its start: hidden-field hits are tallied
/// per client per clock hour.
fn clock_hour(at: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::DurationRound;
    at.duration_trunc(chrono::TimeDelta::hours(1))
        .expect("in range")
}

/// Whether one more public send from `client` at `at` would go over `limit`: its referrals
/// in the hour before `at` plus its hidden-field hits in this clock hour are already at
/// `limit`. A send with a `key` already received is a retry and never over. Takes the
/// public-referral lock first (held until `tx` ends), so parallel sends are counted one
/// after another, each seeing what the one before it wrote.
async fn over_limit(
    tx: &mut Tx,
    client: &str,
    key: Option<&str>,
    at: DateTime<Utc>,
    limit: u32,
) -> Result<bool, sqlx::Error> {
    tx.serialise_public_referrals().await?;
    if let Some(key) = key {
        let known: Option<String> = on_tx!(&mut *tx, conn => sqlx::query_scalar(
            "SELECT id FROM referrals WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(conn)
        .await)?;
        if known.is_some() {
            return Ok(false);
        }
    }
    let sent: i64 = on_tx!(&mut *tx, conn => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM referrals WHERE client = $1 AND received_at >= $2) \
         + COALESCE((SELECT hits FROM referral_trap_hits WHERE client = $1 AND hour = $3), 0)",
    )
    .bind(client)
    .bind(at - chrono::TimeDelta::hours(1))
    .bind(clock_hour(at))
    .fetch_one(conn)
    .await)?;
    Ok(sent >= i64::from(limit))
}

/// Counts a send from `client` at `at` that filled in the form's hidden field, inside
/// `tx`: the client's tally for this clock hour goes up by one. Returns the tally with
/// this hit (1 for the first of the hour), or `None` when `limit` (as in
/// [`Incoming::limit`]) is already reached, and nothing is written.
pub async fn trap_hit(
    tx: &mut Tx,
    client: &str,
    at: DateTime<Utc>,
    limit: Option<u32>,
) -> Result<Option<i64>, sqlx::Error> {
    if let Some(limit) = limit {
        if over_limit(tx, client, None, at, limit).await? {
            return Ok(None);
        }
    }
    let hits = on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO referral_trap_hits (client, hour, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (client, hour) DO UPDATE SET hits = referral_trap_hits.hits + 1 \
         RETURNING hits",
    )
    .bind(client)
    .bind(clock_hour(at))
    .fetch_one(conn)
    .await)?;
    Ok(Some(hits))
}

/// A stored referral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Identifier.
    pub id: String,
    /// Reference.
    pub reference: String,
    /// Where it is in triage.
    pub status: ReferralStatus,
    /// The answers.
    pub referral: Referral,
    /// The referring professional's name and agency.
    pub referrer: Option<String>,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// The person, once accepted.
    pub person: Option<PersonId>,
    /// Version.
    pub version: i64,
    /// The referring professional's user id.
    pub referrer_id: Option<String>,
    /// Whether a contact has been recorded.
    pub contacted: bool,
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    id: String,
    reference: String,
    status: String,
    answers: String,
    referrer: Option<String>,
    received_at: DateTime<Utc>,
    person_id: Option<String>,
    version: i64,
    referrer_id: Option<String>,
    contacted: bool,
}

const SELECT_STORED: &str = "SELECT r.id, r.reference, r.status, r.answers, \
     CASE WHEN u.id IS NULL THEN NULL ELSE u.full_name || COALESCE(', ' || a.name, '') END AS referrer, \
     r.received_at, r.person_id, r.version, r.referrer_id, \
     EXISTS (SELECT 1 FROM referral_events e WHERE e.referral_id = r.id AND e.kind = 'contact') AS contacted \
     FROM referrals r LEFT JOIN users u ON u.id = r.referrer_id \
     LEFT JOIN agencies a ON a.id = u.agency_id";

impl TryFrom<StoredRow> for Stored {
    type Error = sqlx::Error;

    fn try_from(row: StoredRow) -> Result<Self, Self::Error> {
        let bad =
            |what: &str| sqlx::Error::Decode(format!("referral {}: bad {what}", row.id).into());
        Ok(Stored {
            status: row.status.parse().map_err(|_| bad("status"))?,
            referral: serde_json::from_str(&row.answers).map_err(|_| bad("answers"))?,
            person: match &row.person_id {
                Some(p) => Some(p.parse().map_err(|_| bad("person"))?),
                None => None,
            },
            id: row.id,
            reference: row.reference,
            referrer: row.referrer,
            received_at: row.received_at,
            version: row.version,
            referrer_id: row.referrer_id,
            contacted: row.contacted,
        })
    }
}

/// The inbox's order: the most urgent first, then the oldest.
const MOST_URGENT_FIRST: &str =
    "ORDER BY CASE r.urgency WHEN 'urgent' THEN 0 WHEN 'soon' THEN 1 ELSE 2 END, \
     r.received_at, r.id";

/// Referrals with `status` (all when `None`), the most urgent first, then the oldest.
pub async fn list(db: &Db, status: Option<ReferralStatus>) -> Result<Vec<Stored>, sqlx::Error> {
    let rows: Vec<StoredRow> = on_pool!(db, pool => sqlx::query_as(&format!(
        "{SELECT_STORED} WHERE ($1 IS NULL OR r.status = $1) {MOST_URGENT_FIRST}"
    ))
    .bind(status.map(|s| s.code()))
    .fetch_all(pool)
    .await)?;
    rows.into_iter().map(Stored::try_from).collect()
}

/// Referrals still open (not accepted or found not eligible), only those of people born on
/// `born` when given; the most urgent first, then the oldest.
pub async fn open(db: &Db, born: Option<NaiveDate>) -> Result<Vec<Stored>, sqlx::Error> {
    let rows: Vec<StoredRow> = on_pool!(db, pool => sqlx::query_as(&format!(
        "{SELECT_STORED} WHERE r.status NOT IN ('accepted', 'not_eligible') \
         AND ($1 IS NULL OR r.date_of_birth = $1) {MOST_URGENT_FIRST}"
    ))
    .bind(born)
    .fetch_all(pool)
    .await)?;
    rows.into_iter().map(Stored::try_from).collect()
}

/// The referral `id`, read on the pool or inside a transaction.
pub async fn get<'a>(on: impl Into<Exec<'a>>, id: &str) -> Result<Option<Stored>, sqlx::Error> {
    let row: Option<StoredRow> = on_exec!(on.into(), conn => sqlx::query_as(&format!("{SELECT_STORED} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(Stored::try_from).transpose()
}

/// What triage records.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// A contact made with the referrer or family.
    Contact(&'a str),
    /// A note.
    Note(&'a str),
    /// A new status, with the reason.
    Status(ReferralStatus, &'a str),
}

/// Why a triage step was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// No such referral.
    #[error("no such referral")]
    NotFound,
    /// The referral changed since `version`, or is closed.
    #[error("stale or closed")]
    Conflict,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<StepError> for crate::error::AppError {
    fn from(error: StepError) -> Self {
        match error {
            StepError::NotFound => crate::error::AppError::NotFound,
            StepError::Conflict => crate::error::AppError::Conflict,
            StepError::Db(e) => e.into(),
        }
    }
}

/// Records `step` on referral `id` (seen at `version`) inside `tx`, moving the version on
/// (and the status, for a change of status; accepting also links `person`). Refused when
/// the referral changed since, or is already closed.
pub async fn record(
    tx: &mut Tx,
    id: &str,
    version: i64,
    step: Step<'_>,
    person: Option<PersonId>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), StepError> {
    let (kind, status, body) = match step {
        Step::Contact(body) => ("contact", None, body),
        Step::Note(body) => ("note", None, body),
        Step::Status(status, body) => ("status", Some(status), body),
    };
    let updated = on_tx!(tx, conn => sqlx::query(
        "UPDATE referrals SET version = version + 1, status = COALESCE($3, status), \
         person_id = COALESCE($4, person_id) \
         WHERE id = $1 AND version = $2 AND status NOT IN ('accepted', 'not_eligible')",
    )
    .bind(id)
    .bind(version)
    .bind(status.map(|s| s.code()))
    .bind(person.map(|p| p.to_string()))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if updated == 0 {
        let exists: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar("SELECT version FROM referrals WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await)?;
        return Err(if exists.is_some() {
            StepError::Conflict
        } else {
            StepError::NotFound
        });
    }
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO referral_events (referral_id, kind, status, body, actor, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(kind)
    .bind(status.map(|s| s.code()))
    .bind(body)
    .bind(actor)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    status: Option<String>,
    body: String,
    actor: String,
    at: DateTime<Utc>,
}

/// What triage has recorded on referral `id`, oldest first.
pub async fn events(db: &Db, id: &str) -> Result<Vec<ReferralEvent>, sqlx::Error> {
    let rows: Vec<EventRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT kind, status, body, actor, at FROM referral_events WHERE referral_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|r| ReferralEvent {
            kind: r.kind,
            status: r.status.and_then(|s| s.parse().ok()),
            body: r.body,
            actor: r.actor,
            at: r.at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct MatchRow {
    id: String,
    given_name: String,
    family_name: String,
    date_of_birth: NaiveDate,
    same_number: bool,
}

/// People on the register with the NHS number `nhs_number`, or the same family name
/// (ignoring case) and date of birth.
pub async fn possible_duplicates(
    db: &Db,
    nhs_number: Option<&str>,
    family_name: &str,
    date_of_birth: NaiveDate,
) -> Result<Vec<PossibleDuplicate>, sqlx::Error> {
    let rows: Vec<MatchRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, given_name, family_name, date_of_birth, \
         COALESCE(nhs_number = $1, FALSE) AS same_number FROM people \
         WHERE nhs_number = $1 OR (LOWER(family_name) = LOWER($2) AND date_of_birth = $3) \
         ORDER BY family_name, given_name LIMIT 20",
    )
    .bind(nhs_number)
    .bind(family_name.trim())
    .bind(date_of_birth)
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(PossibleDuplicate {
                person: r
                    .id
                    .parse()
                    .map_err(|_| sqlx::Error::Decode("bad person id".into()))?,
                name: format!("{} {}", r.given_name, r.family_name),
                date_of_birth: r.date_of_birth,
                matched_on: if r.same_number {
                    "NHS number"
                } else {
                    "name and date of birth"
                }
                .to_owned(),
            })
        })
        .collect()
}
