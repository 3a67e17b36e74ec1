//! Settings admins change in the portal, kept in the database so every instance agrees.

use super::{on_pool, Db};

/// Whether every member of staff must sign in with a second factor (admins always must).
pub const REQUIRE_TOTP_FOR_ALL: &str = "require_totp_for_all_staff";

/// Whether the flag `key` is on (off when never set).
pub async fn flag(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    let value: Option<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT value FROM app_settings WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(pool)
    .await)?;
    Ok(value.as_deref() == Some("on"))
}

/// Turns the flag `key` on or off.
pub async fn set_flag(db: &Db, key: &str, on: bool) -> Result<(), sqlx::Error> {
    let value = if on { "on" } else { "off" };
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO app_settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(pool)
    .await
    .map(|_| ()))
}
