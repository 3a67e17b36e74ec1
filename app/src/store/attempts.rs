//! Attempts to sign in and to register, counted so that limits hold across every server
//! instance and under parallel requests. An attempt is *reserved* before its slow check
//! (a password hash, a code): its row is written under a lock, and only while the counts
//! allow one more, so 50 attempts at once get no more checks than the limit. A successful
//! attempt is released (it does not count); a failed one stays until the window passes.
//! An email is kept only as its SHA-256, and unknown emails are counted exactly as known
//! ones, so a lockout says nothing about whether an account exists.

use super::{on_pool, on_tx, Db, Tx};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// What is being attempted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Signing in: a password, a second-factor or recovery code, or a reset code.
    SignIn,
    /// Registering for an account.
    Join,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::SignIn => "sign_in",
            Kind::Join => "join",
        }
    }
}

/// Who an attempt counts against, and how many are allowed since `since`.
#[derive(Clone, Debug)]
pub struct Quota<'a> {
    /// What is attempted.
    pub kind: Kind,
    /// The email the attempt is for (counted by its hash), if any, and the attempts
    /// allowed for it.
    pub email: Option<(&'a str, i64)>,
    /// The client's address.
    pub client: &'a str,
    /// Attempts allowed from that address.
    pub per_client: i64,
    /// Attempts of this kind allowed from everyone together, if limited.
    pub in_all: Option<i64>,
    /// The start of the window.
    pub since: DateTime<Utc>,
}

/// A reserved attempt: release it when the attempt succeeded.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "a reserved attempt is released when it succeeds, or left to count"]
pub struct Reserved(i64);

/// The key an email is counted under.
fn email_key(email: &str) -> String {
    hex::encode(Sha256::digest(
        super::users::normalise_email(email).as_bytes(),
    ))
}

/// Reserves one attempt at `at` if `quota` allows it; `None` when a limit is reached
/// (nothing is written then).
pub async fn reserve(
    db: &Db,
    quota: &Quota<'_>,
    at: DateTime<Utc>,
) -> Result<Option<Reserved>, sqlx::Error> {
    let subject = quota
        .email
        .map(|(email, _)| email_key(email))
        .unwrap_or_default();
    let mut tx = db.begin().await?;
    tx.serialise_attempts().await?;
    let email_full = match quota.email {
        Some((_, most)) => {
            let sql = "SELECT COUNT(*) FROM attempts WHERE kind = $1 AND at > $2 AND subject = $3";
            count(&mut tx, sql, quota, Some(&subject)).await? >= most
        }
        None => false,
    };
    let from_client = count(
        &mut tx,
        "SELECT COUNT(*) FROM attempts WHERE kind = $1 AND at > $2 AND client = $3",
        quota,
        Some(quota.client),
    )
    .await?;
    let all_full = match quota.in_all {
        Some(most) => {
            let sql = "SELECT COUNT(*) FROM attempts WHERE kind = $1 AND at > $2";
            count(&mut tx, sql, quota, None).await? >= most
        }
        None => false,
    };
    if email_full || from_client >= quota.per_client || all_full {
        return Ok(None);
    }
    let id: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar(
        "INSERT INTO attempts (kind, subject, client, at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(quota.kind.code())
    .bind(&subject)
    .bind(quota.client)
    .bind(at)
    .fetch_one(conn)
    .await)?;
    tx.commit().await?;
    Ok(Some(Reserved(id)))
}

/// Counts `quota`'s kind of attempt in its window with `sql`, whose third parameter (if
/// any) is `key`.
async fn count(
    tx: &mut Tx,
    sql: &'static str,
    quota: &Quota<'_>,
    key: Option<&str>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        let query = sqlx::query_scalar::<_, i64>(sql)
            .bind(quota.kind.code())
            .bind(quota.since);
        match key {
            Some(key) => query.bind(key.to_owned()),
            None => query,
        }
        .fetch_one(conn)
        .await
    })
}

/// Releases an attempt that succeeded (or was never checked): it no longer counts.
pub async fn release(db: &Db, attempt: Reserved) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("DELETE FROM attempts WHERE id = $1")
        .bind(attempt.0)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Forgets every failed sign-in for `email`: only a complete sign-in (password and, where
/// needed, second factor) does this.
pub async fn clear_sign_in(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "DELETE FROM attempts WHERE kind = 'sign_in' AND subject = $1",
    )
    .bind(email_key(email))
    .execute(pool)
    .await
    .map(|_| ()))
}
