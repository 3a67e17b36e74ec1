//! Staff accounts.

use super::{on_pool, on_tx, rows::decode, Db, Tx};
use crate::models::{AccountStatus, Role, StaffMember};
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
    /// Their agency's id, if any.
    pub agency: Option<&'a str>,
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
        "INSERT INTO users (id, email, full_name, job_title, agency_id, role, status, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(normalise_email(user.email))
    .bind(user.full_name)
    .bind(user.job_title)
    .bind(user.agency)
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

/// What signing in needs to know about an account.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LoginAccount {
    /// Identifier.
    pub id: String,
    /// The argon2id hash of their password.
    pub password_hash: String,
    /// `pending`, `active`, `rejected` or `disabled`.
    pub status: String,
    /// Role code.
    pub role: String,
    /// Whether a second factor is enrolled.
    pub has_totp: bool,
}

/// The account with `email`, for signing in.
pub async fn for_login(db: &Db, email: &str) -> Result<Option<LoginAccount>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, password_hash, status, role, totp_secret IS NOT NULL AS has_totp \
         FROM users WHERE email = $1",
    )
    .bind(normalise_email(email))
    .fetch_optional(pool)
    .await)
}

/// An account as stored, with its agency's name.
#[derive(sqlx::FromRow)]
struct StaffRow {
    id: String,
    full_name: String,
    email: String,
    job_title: String,
    role: String,
    status: String,
    status_reason: String,
    agency_id: Option<String>,
    agency: Option<String>,
    created_at: DateTime<Utc>,
    has_totp: bool,
}

/// Columns and join every staff query reads.
const SELECT_STAFF: &str = "SELECT u.id, u.full_name, u.email, u.job_title, u.role, u.status, \
     u.status_reason, u.agency_id, a.name AS agency, u.created_at, \
     u.totp_secret IS NOT NULL AS has_totp \
     FROM users u LEFT JOIN agencies a ON a.id = u.agency_id";

/// An account and its agency's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// The account.
    pub member: StaffMember,
    /// Their agency's id.
    pub agency_id: Option<String>,
}

impl TryFrom<StaffRow> for Account {
    type Error = sqlx::Error;

    fn try_from(row: StaffRow) -> Result<Self, Self::Error> {
        Ok(Account {
            member: StaffMember {
                id: row.id,
                name: row.full_name,
                email: row.email,
                job_title: row.job_title,
                role: decode("role", &row.role)?,
                status: decode("status", &row.status)?,
                reason: row.status_reason,
                agency: row.agency,
                registered: row.created_at,
                two_factor: row.has_totp,
            },
            agency_id: row.agency_id,
        })
    }
}

/// The account with `id`.
pub async fn get(db: &Db, id: &str) -> Result<Option<Account>, sqlx::Error> {
    let row: Option<StaffRow> = on_pool!(db, pool => sqlx::query_as(
        &format!("{SELECT_STAFF} WHERE u.id = $1")
    )
    .bind(id)
    .fetch_optional(pool)
    .await)?;
    row.map(Account::try_from).transpose()
}

/// The account with `email`.
pub async fn by_email(db: &Db, email: &str) -> Result<Option<Account>, sqlx::Error> {
    let row: Option<StaffRow> = on_pool!(db, pool => sqlx::query_as(
        &format!("{SELECT_STAFF} WHERE u.email = $1")
    )
    .bind(normalise_email(email))
    .fetch_optional(pool)
    .await)?;
    row.map(Account::try_from).transpose()
}

/// Every account with `status`, oldest registration first.
pub async fn with_status(db: &Db, status: AccountStatus) -> Result<Vec<StaffMember>, sqlx::Error> {
    let rows: Vec<StaffRow> = on_pool!(db, pool => sqlx::query_as(
        &format!("{SELECT_STAFF} WHERE u.status = $1 ORDER BY u.created_at, u.id")
    )
    .bind(status.code())
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|r| Account::try_from(r).map(|a| a.member))
        .collect()
}

/// Sets an account's status and the reason, inside `tx`; false when there is no such account.
pub async fn set_status(
    tx: &mut Tx,
    id: &str,
    status: AccountStatus,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE users SET status = $2, status_reason = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(status.code())
    .bind(reason)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// An account's role and status by email, if there is one.
pub async fn role_and_status(
    db: &Db,
    email: &str,
) -> Result<Option<(Role, AccountStatus)>, sqlx::Error> {
    Ok(by_email(db, email)
        .await?
        .map(|a| (a.member.role, a.member.status)))
}

/// Replaces `user`'s password hash, inside `tx`.
pub async fn set_password(tx: &mut Tx, user: &str, hash: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user)
        .bind(hash)
        .execute(conn)
        .await
        .map(|_| ()))
}
