//! Stored second-factor state: each account's TOTP secret (sealed), the newest time step accepted
//! (so a code is never accepted twice, on any instance) and one-use recovery codes, kept
//! only as SHA-256 hashes.

use super::{on_pool, on_tx, Db, Tx};
use crate::random_code::typed_code_hash as code_hash;
use crate::sealed::SecretKey;
use chrono::{DateTime, Utc};

/// The account's TOTP secret (base32), once enrolled, opened with `key`. A secret that
/// does not open (altered, or sealed under another key) is an error.
pub async fn secret(db: &Db, key: &SecretKey, user: &str) -> Result<Option<String>, sqlx::Error> {
    let sealed: Option<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT totp_secret FROM users WHERE id = $1",
    )
    .bind(user)
    .fetch_optional(pool)
    .await)?
    .flatten();
    sealed
        .map(|s| {
            key.open(&s, user)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))
        })
        .transpose()
}

/// Records that the code for `step` was used; false when that step or a later one was
/// already accepted (a replayed code). Atomic, so two instances cannot both accept it.
pub async fn accept_step(db: &Db, user: &str, step: i64) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE users SET totp_last_step = $2 \
         WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(user)
    .bind(step)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Whether enrolling may replace an app the account already has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Only an account with no app may enrol (signing in for the first time, or after an
    /// admin's reset).
    Refuse,
    /// The account's owner proved who they are again: their app may be replaced.
    Replace,
}

/// Enrols `secret` for `user` (sealed with `key`), whose first code was for `step`,
/// replacing any recovery codes with `codes`; inside `tx`. False (and nothing changed)
/// when the account already has an app and `existing` is [`Existing::Refuse`].
pub async fn enrol(
    tx: &mut Tx,
    key: &SecretKey,
    user: &str,
    secret: &str,
    step: i64,
    codes: &[String],
    existing: Existing,
) -> Result<bool, sqlx::Error> {
    let enrolled = on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE users SET totp_secret = $2, totp_last_step = $3 \
         WHERE id = $1 AND (totp_secret IS NULL OR $4)",
    )
    .bind(user)
    .bind(key.seal(secret, user))
    .bind(step)
    .bind(existing == Existing::Replace)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1))?;
    if !enrolled {
        return Ok(false);
    }
    delete_recovery_codes(tx, user).await?;
    for code in codes {
        on_tx!(&mut *tx, conn => sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)",
        )
        .bind(user)
        .bind(code_hash(code))
        .execute(conn)
        .await
        .map(|_| ()))?;
    }
    Ok(true)
}

/// Forgets `user`'s TOTP secret, last step and recovery codes, inside `tx`, if the account
/// is active and has an app: both are checked in the same statement, so a reset never
/// applies to an account disabled meanwhile, and of two resets at once only one applies.
/// False (and nothing forgotten) otherwise.
pub async fn forget(tx: &mut Tx, user: &str) -> Result<bool, sqlx::Error> {
    let active = on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_last_step = NULL \
         WHERE id = $1 AND status = $2 AND totp_secret IS NOT NULL",
    )
    .bind(user)
    .bind(crate::models::AccountStatus::Active.code())
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1))?;
    if active {
        delete_recovery_codes(tx, user).await?;
    }
    Ok(active)
}

/// Deletes `user`'s recovery codes, inside `tx`.
async fn delete_recovery_codes(tx: &mut Tx, user: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Uses one of the account's recovery codes; false when it is not theirs or was used.
pub async fn use_recovery_code(
    db: &Db,
    user: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 \
         WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user)
    .bind(code_hash(code))
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}
