//! Lockout: how many failed sign-in attempts (passwords, second-factor, recovery and reset
//! codes) an email and a client address may make before further attempts are refused;
//! and how many requests for accounts are accepted.
//! Each attempt is reserved before it is checked (see `store::attempts`), so parallel
//! attempts cannot pass the limit, and only a complete sign-in forgets the failures.

use crate::{
    error::AppError,
    metrics::Metrics,
    state::AppState,
    store::{
        attempts::{self, Kind, Quota, Reserved},
        audit::AuditEntry,
        users,
    },
};
use chrono::{DateTime, TimeDelta, Utc};

/// Failed sign-ins for one email within the window before it is locked.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed sign-ins from one client address within the window before it is refused.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
/// How long failures count, and so how long a lockout lasts.
pub const LOCKOUT_MINUTES: i64 = 15;
/// Requests for accounts accepted from one client address in an hour (the limit for
/// everyone together is the setting `DSR_JOINS_PER_HOUR`).
pub const JOINS_PER_CLIENT_PER_HOUR: i64 = 5;

/// Reserves one sign-in attempt for `email` from `client`, or refuses it (429, audited)
/// when either has reached its limit. Release the attempt if it succeeds.
pub async fn reserve(
    state: &AppState,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Reserved, AppError> {
    let quota = Quota {
        kind: Kind::SignIn,
        email: Some((email, MAX_FAILURES_PER_EMAIL)),
        client,
        per_client: MAX_FAILURES_PER_CLIENT,
        in_all: None,
        since: now - TimeDelta::minutes(LOCKOUT_MINUTES),
    };
    match attempts::reserve(&state.db, &quota, now).await? {
        Some(reserved) => Ok(reserved),
        None => {
            audit_attempt(
                state,
                email,
                "login_refused",
                "too many failed attempts",
                client,
            )
            .await?;
            Err(AppError::TooManyAttempts)
        }
    }
}

/// Counts one request for an account from `client`, before its password is hashed, or
/// refuses it (429) when this client, or everyone together, has sent the most allowed in
/// the last hour. Every request counts, whether or not its email already had an account.
pub async fn reserve_join(
    state: &AppState,
    client: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let quota = Quota {
        kind: Kind::Join,
        email: None,
        client,
        per_client: JOINS_PER_CLIENT_PER_HOUR,
        in_all: Some(state.settings.joins_per_hour.into()),
        since: now - TimeDelta::hours(1),
    };
    match attempts::reserve(&state.db, &quota, now).await? {
        Some(_counted) => Ok(()),
        None => Err(AppError::TooManyAttempts),
    }
}

/// Appends a sign-in event about a typed email that may be anything (an attempt before
/// the account is known): the actor is the email only if an account has it; otherwise
/// a fixed marker and a keyed hash of what was typed, so a password typed into the email
/// field never reaches the audit trail, while repeated tries of one text still match.
pub async fn audit_attempt(
    state: &AppState,
    typed_email: &str,
    action: &'static str,
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    state.kept::<Metrics>().sign_in_failed(action);
    let email = users::normalise_email(typed_email);
    let actor = if users::role_and_status(&state.db, &email).await?.is_some() {
        email
    } else {
        let hash = state
            .settings
            .secret_key
            .derive(UNKNOWN_EMAIL_LABEL)
            .sign(&[email.as_bytes()]);
        format!("{UNKNOWN_EMAIL} {}", &hash[..16])
    };
    state
        .audit(&AuditEntry::new(&actor, action, client).detail(detail))
        .await
}

/// Appends and counts a failed check (`action`, such as a wrong second-factor code) by
/// the account `email` is signed in to.
pub async fn audit_failure(
    state: &AppState,
    email: &str,
    action: &'static str,
    client: &str,
) -> Result<(), AppError> {
    state.kept::<Metrics>().sign_in_failed(action);
    state.audit(&AuditEntry::new(email, action, client)).await
}

/// The actor recorded for an attempt with an email no account has, before its hash.
pub const UNKNOWN_EMAIL: &str = "unknown email";

/// Labels the key that hashes unknown emails in the audit trail.
const UNKNOWN_EMAIL_LABEL: &str = "dsr audit unknown email v1";
