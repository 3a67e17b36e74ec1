//! Staff accounts.

use super::{on_pool, on_tx, rows::decode, Db, Tx};
use crate::models::{AccountStatus, Approval, Role, StaffMember};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// An account to create. Its password is already hashed.
#[derive(Debug)]
pub struct NewUser<'a> {
    /// Work email; kept as [`normalise_email`] leaves it.
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
    /// Where a request at `/join` came from; `None` for accounts made any other way.
    pub origin: Option<Origin<'a>>,
}

/// Where a request for an account came from, kept so that its sender cannot approve it.
#[derive(Clone, Copy, Debug)]
pub struct Origin<'a> {
    /// The client's address.
    pub client: &'a str,
    /// The stored hash of the session it was sent from, if the sender was signed in.
    pub session: Option<&'a str>,
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

/// An email as accounts keep it: Unicode NFKC (so fullwidth and other compatibility forms
/// become plain letters), lower-cased and trimmed.
pub fn normalise_email(email: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    email
        .nfkc()
        .collect::<String>()
        .to_lowercase()
        .trim()
        .to_owned()
}

/// The answer to an email with hidden characters in it, at `/join` and `dsr admin create`.
pub const HIDDEN_CHARACTERS: &str = "Enter your email address without hidden characters. Type it in, rather than copying and pasting it";

/// What an email looks like on screen: [`normalise_email`] without hidden characters.
/// Two accounts with the same skeleton have emails a person cannot tell apart.
pub fn email_skeleton(email: &str) -> String {
    normalise_email(email)
        .chars()
        .filter(|c| !crate::models::is_hidden_character(*c))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Creates an account; returns its id.
pub async fn create(db: &Db, user: &NewUser<'_>) -> Result<Uuid, CreateError> {
    let id = Uuid::new_v4();
    let result = on_pool!(db, pool => sqlx::query(
        "INSERT INTO users (id, email, full_name, job_title, agency_id, role, status, password_hash, created_at, \
         registered_client, registered_session) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
    .bind(user.origin.map(|o| o.client))
    .bind(user.origin.and_then(|o| o.session))
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
    approved_by: Option<String>,
    approved_at: Option<DateTime<Utc>>,
}

/// Columns and join every staff query reads.
const SELECT_STAFF: &str = "SELECT u.id, u.full_name, u.email, u.job_title, u.role, u.status, \
     u.status_reason, u.agency_id, a.name AS agency, u.created_at, \
     u.totp_secret IS NOT NULL AS has_totp, u.approved_by, u.approved_at \
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
                approval: row
                    .approved_by
                    .zip(row.approved_at)
                    .map(|(by, at)| Approval { by, at }),
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
    Ok(with_status_and_agency(db, status)
        .await?
        .into_iter()
        .map(|a| a.member)
        .collect())
}

/// [`with_status`], with each account's agency id.
pub async fn with_status_and_agency(
    db: &Db,
    status: AccountStatus,
) -> Result<Vec<Account>, sqlx::Error> {
    let rows: Vec<StaffRow> = on_pool!(db, pool => sqlx::query_as(
        &format!("{SELECT_STAFF} WHERE u.status = $1 ORDER BY u.created_at, u.id")
    )
    .bind(status.code())
    .fetch_all(pool)
    .await)?;
    rows.into_iter().map(Account::try_from).collect()
}

/// Where a pending account's request came from, as kept at `/join`.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisteredFrom {
    /// The client's address, if known.
    pub client: Option<String>,
    /// The stored hash of the session it was sent from, if any.
    pub session: Option<String>,
    /// Whose that session was.
    pub session_user: Option<String>,
}

/// Where account `id`'s request came from; `None` when there is no such account.
pub async fn registered_from(db: &Db, id: &str) -> Result<Option<RegisteredFrom>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT u.registered_client AS client, u.registered_session AS session, \
         s.user_id AS session_user \
         FROM users u LEFT JOIN sessions s ON s.id_hash = u.registered_session WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await)
}

/// Makes pending account `id` active in `agency`, approved by `by` at `at`, inside `tx`;
/// false when it is no longer pending.
pub async fn approve(
    tx: &mut Tx,
    id: &str,
    agency: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE users SET status = $2, agency_id = $3, approved_by = $4, approved_at = $5, \
         status_reason = '' WHERE id = $1 AND status = $6",
    )
    .bind(id)
    .bind(AccountStatus::Active.code())
    .bind(agency)
    .bind(by)
    .bind(at)
    .bind(AccountStatus::Pending.code())
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Moves account `id` from status `from` to `to` with `reason`, inside `tx`, in one
/// statement; false when there is no such account or it no longer has status `from` (a
/// decision taken meanwhile), so two decisions never both apply.
pub async fn change_status(
    tx: &mut Tx,
    id: &str,
    from: AccountStatus,
    to: AccountStatus,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE users SET status = $2, status_reason = $3 WHERE id = $1 AND status = $4",
    )
    .bind(id)
    .bind(to.code())
    .bind(reason)
    .bind(from.code())
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
