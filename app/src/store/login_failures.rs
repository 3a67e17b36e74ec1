//! Failed sign-ins, counted per email and per client address over a window, so lockout
//! and rate limits hold across every server instance. An email is kept only as its
//! SHA-256, and unknown emails are counted exactly as known ones, so a lockout says
//! nothing about whether an account exists.

use super::{on_pool, Db};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The key an email is counted under.
fn email_key(email: &str) -> String {
    hex::encode(Sha256::digest(
        super::users::normalise_email(email).as_bytes(),
    ))
}

/// Records one failed sign-in.
pub async fn record(
    db: &Db,
    email: &str,
    client: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO login_failures (email_hash, client, at) VALUES ($1, $2, $3)",
    )
    .bind(email_key(email))
    .bind(client)
    .bind(at)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// Failures since `since`: for this email, and from this client address.
pub async fn count_since(
    db: &Db,
    email: &str,
    client: &str,
    since: DateTime<Utc>,
) -> Result<(i64, i64), sqlx::Error> {
    let for_email: i64 = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE email_hash = $1 AND at > $2",
    )
    .bind(email_key(email))
    .bind(since)
    .fetch_one(pool)
    .await)?;
    let from_client: i64 = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE client = $1 AND at > $2",
    )
    .bind(client)
    .bind(since)
    .fetch_one(pool)
    .await)?;
    Ok((for_email, from_client))
}

/// Forgets an email's failures after it signs in successfully.
pub async fn clear(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("DELETE FROM login_failures WHERE email_hash = $1")
        .bind(email_key(email))
        .execute(pool)
        .await
        .map(|_| ()))
}
