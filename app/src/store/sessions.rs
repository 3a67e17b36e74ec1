//! Server-side sessions. The browser holds a random token; the database holds only its
//! SHA-256, with who it belongs to and when it was last used.

use super::{on_pool, Db};
use crate::{models::OpenSession, sealed::SecretKey};
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
        SessionToken(crate::random_code::random_token())
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
    pub fn stored(&self) -> String {
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

/// How long a session may stay half signed in (password accepted, second factor not yet).
pub const PASSWORD_STAGE_LIMIT: TimeDelta = TimeDelta::minutes(5);

/// How far a session has got through signing in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; the second factor is still to come. Nothing else is allowed.
    Password,
    /// Signed in.
    Full,
}

impl Stage {
    fn code(self) -> &'static str {
        match self {
            Stage::Password => "password",
            Stage::Full => "full",
        }
    }
}

/// Starts a session for `user` at `stage` (a new token every time, so a login never reuses one).
pub async fn start(
    db: &Db,
    user: &str,
    client: &str,
    now: DateTime<Utc>,
    stage: Stage,
) -> Result<SessionToken, sqlx::Error> {
    let token = SessionToken::generate();
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, client, created_at, last_seen_at, stage) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(token.stored())
    .bind(user)
    .bind(client)
    .bind(now)
    .bind(stage.code())
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(token)
}

/// The user and stage of a live session, and when it was last marked as used; `None` when
/// the token is unknown, ended, idle too long or too old, or half signed in for longer than
/// [`PASSWORD_STAGE_LIMIT`] (an expired session is ended as well). It is not marked as
/// used: see [`mark_used`].
pub async fn resume(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
    limits: SessionLimits,
) -> Result<Option<(String, Stage, DateTime<Utc>)>, sqlx::Error> {
    let row: Option<(String, DateTime<Utc>, DateTime<Utc>, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT user_id, created_at, last_seen_at, stage FROM sessions \
         WHERE id_hash = $1 AND ended_at IS NULL",
    )
    .bind(token.stored())
    .fetch_optional(pool)
    .await)?;
    let Some((user, created, seen, stage)) = row else {
        return Ok(None);
    };
    let stage = if stage == Stage::Full.code() {
        Stage::Full
    } else {
        Stage::Password
    };
    let half_too_long = stage == Stage::Password && now - created > PASSWORD_STAGE_LIMIT;
    if now - seen > limits.idle || now - created > limits.absolute || half_too_long {
        end(db, token, now).await?;
        return Ok(None);
    }
    Ok(Some((user, stage, seen)))
}

/// Marks the session as used at `now`, which keeps it from ending as idle.
pub async fn mark_used(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(token.stored())
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
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
    end_others(db, user, None, now).await
}

/// Ends every session of `user` but `keep` (their password or authenticator app changed);
/// returns how many.
pub async fn end_others(
    db: &Db,
    user: &str,
    keep: Option<&SessionToken>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL \
         AND id_hash <> $3",
    )
    .bind(user)
    .bind(now)
    .bind(keep.map(SessionToken::stored).unwrap_or_default())
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
}

/// What a sealed value kept with a session is bound to, so it opens for that session only.
fn sealed_for(token: &SessionToken) -> String {
    format!("session:{}", token.stored())
}

/// Keeps `secret` (an authenticator app's secret being set up) with the session, sealed
/// with `key`, unless the session already has one (which is kept, so a page loaded twice
/// shows the same QR code).
pub async fn offer_secret(
    db: &Db,
    key: &SecretKey,
    token: &SessionToken,
    secret: &str,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET pending_totp_secret = $2 \
         WHERE id_hash = $1 AND pending_totp_secret IS NULL",
    )
    .bind(token.stored())
    .bind(key.seal(secret, &sealed_for(token)))
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The secret being set up in this session, if any, opened with `key`.
pub async fn pending_secret(
    db: &Db,
    key: &SecretKey,
    token: &SessionToken,
) -> Result<Option<String>, sqlx::Error> {
    let sealed: Option<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT pending_totp_secret FROM sessions WHERE id_hash = $1",
    )
    .bind(token.stored())
    .fetch_optional(pool)
    .await)?
    .flatten();
    sealed
        .map(|s| {
            key.open(&s, &sealed_for(token))
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))
        })
        .transpose()
}

/// Records that the session's owner proved who they are again at `now` (or, with `None`,
/// forgets it), and forgets any secret being set up.
pub async fn set_reauthenticated(
    db: &Db,
    token: &SessionToken,
    now: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET reauthenticated_at = $2, pending_totp_secret = NULL \
         WHERE id_hash = $1",
    )
    .bind(token.stored())
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// Whether the session's owner proved who they are again after `since`.
pub async fn reauthenticated_since(
    db: &Db,
    token: &SessionToken,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT 1 FROM sessions WHERE id_hash = $1 AND reauthenticated_at > $2",
    )
    .bind(token.stored())
    .bind(since)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Characters of the stored hash shown as a session's reference.
const REFERENCE_CHARS: usize = 16;

/// `user`'s sessions that are still usable at `now`, newest first.
pub async fn open_sessions(
    db: &Db,
    user: &str,
    current: &SessionToken,
    now: DateTime<Utc>,
    limits: SessionLimits,
) -> Result<Vec<OpenSession>, sqlx::Error> {
    let rows: Vec<(String, String, DateTime<Utc>, DateTime<Utc>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id_hash, client, created_at, last_seen_at FROM sessions \
         WHERE user_id = $1 AND ended_at IS NULL AND stage = 'full' \
         AND created_at > $2 AND last_seen_at > $3 ORDER BY created_at DESC",
    )
    .bind(user)
    .bind(now - limits.absolute)
    .bind(now - limits.idle)
    .fetch_all(pool)
    .await)?;
    let mine = current.stored();
    Ok(rows
        .into_iter()
        .map(|(hash, client, started, last_seen)| OpenSession {
            reference: hash[..REFERENCE_CHARS].to_owned(),
            current: hash == mine,
            client,
            started,
            last_seen,
        })
        .collect())
}

/// Ends `user`'s session with `reference`; false when they have no such open session.
pub async fn end_by_reference(
    db: &Db,
    user: &str,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    if reference.len() != REFERENCE_CHARS || !reference.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET ended_at = $3 \
         WHERE user_id = $1 AND substr(id_hash, 1, 16) = $2 AND ended_at IS NULL",
    )
    .bind(user)
    .bind(reference.to_ascii_lowercase())
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// Whether the session is still usable at `now`, without marking it used (the live feed
/// checks this now and then, so an ended session stops receiving changes).
pub async fn is_live(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
    limits: SessionLimits,
) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT 1 FROM sessions WHERE id_hash = $1 AND ended_at IS NULL AND stage = 'full' \
         AND created_at > $2 AND last_seen_at > $3",
    )
    .bind(token.stored())
    .bind(now - limits.absolute)
    .bind(now - limits.idle)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Keeps `value` with the session, sealed with `key`, to be shown once (replacing anything
/// kept before).
pub async fn keep_shown_once(
    db: &Db,
    key: &SecretKey,
    token: &SessionToken,
    value: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET shown_once = $2, shown_once_at = $3 WHERE id_hash = $1",
    )
    .bind(token.stored())
    .bind(key.seal(value, &sealed_for(token)))
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// Takes what is kept with the session to be shown once, if it was kept after `since`: it
/// is forgotten as it is read, so of two readers only one gets it.
pub async fn take_shown_once(
    db: &Db,
    key: &SecretKey,
    token: &SessionToken,
    since: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    let kept: Option<(Option<String>, Option<DateTime<Utc>>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT shown_once, shown_once_at FROM sessions WHERE id_hash = $1",
    )
    .bind(token.stored())
    .fetch_optional(pool)
    .await)?;
    let Some((Some(sealed), Some(at))) = kept else {
        return Ok(None);
    };
    let taken = on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET shown_once = NULL, shown_once_at = NULL \
         WHERE id_hash = $1 AND shown_once = $2",
    )
    .bind(token.stored())
    .bind(&sealed)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))?;
    if !taken || at <= since {
        return Ok(None);
    }
    key.open(&sealed, &sealed_for(token))
        .map(Some)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
