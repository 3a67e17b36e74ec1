//! Server-side sessions. The browser holds a random token; the database holds only its
//! SHA-256, with who it belongs to and when it was last used.

use super::{on_pool, Db};
use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};
use std::fmt;

/// A session token as the cookie carries it: 256 random bits, hex. Its `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

impl SessionToken {
    /// A new random token.
    fn generate() -> SessionToken {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        SessionToken(hex::encode(bytes))
    }

    /// The token as sent in a cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A token read from a cookie (checked only by looking it up).
    pub fn from_cookie(value: &str) -> SessionToken {
        SessionToken(value.to_owned())
    }

    /// What the database keeps.
    fn stored(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// How long a session lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionLimits {
    /// Ends after this long unused (default 30 minutes).
    pub idle: TimeDelta,
    /// Ends this long after it started, however busy (default 12 hours).
    pub absolute: TimeDelta,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            idle: TimeDelta::minutes(30),
            absolute: TimeDelta::hours(12),
        }
    }
}

/// Starts a session for `user` (a new token every time, so a login never reuses one).
pub async fn start(
    db: &Db,
    user: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<SessionToken, sqlx::Error> {
    let token = SessionToken::generate();
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, client, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(token.stored())
    .bind(user)
    .bind(client)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(token)
}

/// The user of a live session, which is marked as used now; `None` when the token is
/// unknown, ended, idle too long or too old (an expired session is ended as well).
pub async fn resume(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
    limits: SessionLimits,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String, DateTime<Utc>, DateTime<Utc>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT user_id, created_at, last_seen_at FROM sessions \
         WHERE id_hash = $1 AND ended_at IS NULL",
    )
    .bind(token.stored())
    .fetch_optional(pool)
    .await)?;
    let Some((user, created, seen)) = row else {
        return Ok(None);
    };
    if now - seen > limits.idle || now - created > limits.absolute {
        end(db, token, now).await?;
        return Ok(None);
    }
    on_pool!(db, pool => sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(token.stored())
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
    Ok(Some(user))
}

/// Ends one session (logout).
pub async fn end(db: &Db, token: &SessionToken, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL",
    )
    .bind(token.stored())
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// Ends every session of `user` (their account was disabled); returns how many.
pub async fn end_all(db: &Db, user: &str, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL",
    )
    .bind(user)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
}
