//! Self-referral drafts kept on the server for a family filling in the form without
//! JavaScript. A draft is found by the keyed digest of its cookie; its answers arrive
//! here already sealed, and are emptied once the referral is sent (its reference stays,
//! so posting the last page again shows the same reference). Expired drafts are deleted
//! whenever a new one is made, and are never read.

use super::{on_pool, on_tx, Db, Tx};
use chrono::{DateTime, Utc};

/// A kept draft.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Kept {
    /// The referral's idempotency key, chosen when the draft was made.
    pub idempotency_key: String,
    /// The sealed answers (empty once sent).
    pub answers: String,
    /// The referral's reference, once sent.
    pub reference: Option<String>,
}

/// A new draft from a client, as [`create`] takes it.
#[derive(Clone, Debug)]
pub struct NewDraft<'a> {
    /// The cookie's keyed digest.
    pub id: &'a str,
    /// The referral's idempotency key.
    pub key: &'a str,
    /// The sealed answers.
    pub answers: &'a str,
    /// The client's address.
    pub client: &'a str,
    /// Now.
    pub at: DateTime<Utc>,
    /// When it is deleted unless changed again.
    pub expires_at: DateTime<Utc>,
    /// Drafts the client may start in the hour before `at`.
    pub per_hour: i64,
}

/// Makes `draft` inside `tx`, first deleting every expired draft; false, with nothing
/// made, when its client has started `per_hour` drafts in the last hour. New drafts are
/// counted one after another (as public referrals are), so the limit holds under
/// requests at once.
pub async fn create(tx: &mut Tx, draft: &NewDraft<'_>) -> Result<bool, sqlx::Error> {
    tx.serialise_public_referrals().await?;
    on_tx!(&mut *tx, conn => sqlx::query("DELETE FROM referral_drafts WHERE expires_at <= $1")
        .bind(draft.at)
        .execute(conn)
        .await
        .map(|_| ()))?;
    let started: i64 = on_tx!(&mut *tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM referral_drafts WHERE client = $1 AND created_at > $2",
    )
    .bind(draft.client)
    .bind(draft.at - chrono::TimeDelta::hours(1))
    .fetch_one(conn)
    .await)?;
    if started >= draft.per_hour {
        return Ok(false);
    }
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO referral_drafts (id, idempotency_key, answers, client, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(draft.id)
    .bind(draft.key)
    .bind(draft.answers)
    .bind(draft.client)
    .bind(draft.at)
    .bind(draft.expires_at)
    .execute(conn)
    .await
    .map(|_| true))
}

/// The unexpired draft `id` at `now`.
pub async fn get(db: &Db, id: &str, now: DateTime<Utc>) -> Result<Option<Kept>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT idempotency_key, answers, reference FROM referral_drafts \
         WHERE id = $1 AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(pool)
    .await)
}

/// Replaces the answers of unsent, unexpired draft `id`, if they are still `was` (as read
/// before the change: sealed answers differ on every save, so this is a compare-and-swap),
/// and keeps it until `expires_at`; false when the draft was changed, sent, expired or
/// deleted meanwhile.
pub async fn save(
    db: &Db,
    id: &str,
    was: &str,
    answers: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE referral_drafts SET answers = $2, expires_at = $4 \
         WHERE id = $1 AND answers = $5 AND reference IS NULL AND expires_at > $3",
    )
    .bind(id)
    .bind(answers)
    .bind(now)
    .bind(expires_at)
    .bind(was)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Marks draft `id` sent as `reference` inside `tx`, emptying its answers.
pub async fn mark_sent(tx: &mut Tx, id: &str, reference: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE referral_drafts SET answers = '', reference = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(reference)
    .execute(conn)
    .await
    .map(|_| ()))
}

/// Deletes draft `id`, sent or not.
pub async fn delete(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("DELETE FROM referral_drafts WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
}
