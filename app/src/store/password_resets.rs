//! One-time password reset codes that an admin issues and reads out to the account's
//! owner (the portal sends no email). Only a code's SHA-256 is kept; a code works once,
//! until it expires, and issuing a new one cancels the account's earlier unused codes.

use super::{on_pool, on_tx, Db, Tx};
use crate::random_code::typed_code_hash as code_hash;
use chrono::{DateTime, Utc};

/// Keeps `code` for `user`, issued by `by` at `at` and good until `expires`, cancelling
/// their earlier unused codes; inside `tx`.
pub async fn issue(
    tx: &mut Tx,
    user: &str,
    code: &str,
    by: &str,
    at: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(&mut *tx, conn => sqlx::query(
        "DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user)
    .execute(conn)
    .await
    .map(|_| ()))?;
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO password_resets (user_id, code_hash, issued_by, issued_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user)
    .bind(code_hash(code))
    .bind(by)
    .bind(at)
    .bind(expires)
    .execute(conn)
    .await
    .map(|_| ()))
}

/// Whether `code` is an unused, unexpired reset code of `user` at `now`.
pub async fn is_valid(
    db: &Db,
    user: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT 1 FROM password_resets WHERE user_id = $1 AND code_hash = $2 \
         AND used_at IS NULL AND expires_at > $3",
    )
    .bind(user)
    .bind(code_hash(code))
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Uses up `user`'s reset `code` at `now`, inside `tx`; false when it is not an unused,
/// unexpired code of theirs (so of two requests at once, one wins).
pub async fn use_code(
    tx: &mut Tx,
    user: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE password_resets SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 \
         AND used_at IS NULL AND expires_at > $3",
    )
    .bind(user)
    .bind(code_hash(code))
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1))
}
