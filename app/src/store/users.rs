//! Staff accounts.

use super::{on_pool, Db};
use crate::models::{AccountStatus, Role};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// An account to create. Its password is already hashed.
#[derive(Debug)]
pub struct NewUser<'a> {
    /// Work email; kept lower-cased.
    pub email: &'a str,
    /// Full name.
    pub full_name: &'a str,
    /// Job title.
    pub job_title: &'a str,
    /// What they may do.
    pub role: Role,
    /// Where the account starts.
    pub status: AccountStatus,
    /// The argon2id hash of their password.
    pub password_hash: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// Why an account was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// Someone already has this email.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An email as accounts keep it: trimmed and lower-cased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates an account; returns its id.
pub async fn create(db: &Db, user: &NewUser<'_>) -> Result<Uuid, CreateError> {
    let id = Uuid::new_v4();
    let result = on_pool!(db, pool => sqlx::query(
        "INSERT INTO users (id, email, full_name, job_title, role, status, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(normalise_email(user.email))
    .bind(user.full_name)
    .bind(user.job_title)
    .bind(user.role.code())
    .bind(user.status.code())
    .bind(user.password_hash)
    .bind(user.at)
    .execute(pool)
    .await
    .map(|_| ()));
    match result {
        Ok(()) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(CreateError::EmailTaken),
        Err(e) => Err(e.into()),
    }
}

/// An account's role and status by email, if there is one.
pub async fn role_and_status(
    db: &Db,
    email: &str,
) -> Result<Option<(Role, AccountStatus)>, sqlx::Error> {
    let row: Option<(String, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT role, status FROM users WHERE email = $1",
    )
    .bind(normalise_email(email))
    .fetch_optional(pool)
    .await)?;
    row.map(|(role, status)| {
        Ok((
            super::rows::decode("role", &role)?,
            super::rows::decode("status", &status)?,
        ))
    })
    .transpose()
}
