//! The one error type every server function returns.

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

/// A message about one form field, shown beside it and in the error summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's `name` (and element id suffix).
    pub field: String,
    /// What to fix, in plain words.
    pub message: String,
}

/// Errors a server function can return. Messages are safe to show; none carries
/// personal data, because a form posted without JavaScript receives them in its URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input that fails validation, field by field.
    #[error("There is a problem with what was entered")]
    Invalid(Vec<FieldError>),
    /// The record changed after the form was loaded.
    #[error("Someone else changed this record while you were editing it")]
    Conflict,
    /// The person has left the register: their record is closed and kept, and changes
    /// only by being reopened with a new consent record.
    #[error("This record is closed: the person has left the register. Reopen it with a new consent record before changing it.")]
    RecordClosed,
    /// No such record (or the caller may not know it exists).
    #[error("That record could not be found")]
    NotFound,
    /// A form's key was used before for different answers (a replayed or forged submit).
    #[error("This form was already sent with different answers. Start a new form to send these answers.")]
    KeyReused,
    /// Not signed in, or the session has ended.
    #[error("Sign in to continue")]
    Unauthorised,
    /// Signed in, but this account may not do this (or see this record).
    #[error("You do not have permission to do this")]
    Forbidden,
    /// An admin tried to approve a request for an account sent from their own session or
    /// computer.
    #[error("Another admin must approve this request: it was sent from your computer")]
    OwnRequest,
    /// A form kept in the browser was written while another account was signed in; it
    /// is not sent under this one.
    #[error("This form was written while someone else was signed in on this browser, so it has not been sent and has been deleted")]
    OtherAccount,
    /// Too many attempts from this account or address; wait and try again.
    #[error("Too many attempts. Wait up to an hour, then try again.")]
    TooManyAttempts,
    /// Too many passwords are being checked at once, or the database cannot be reached;
    /// answered 503 with `Retry-After`.
    #[error("The service is busy. Wait a few seconds, then try again.")]
    Busy,
    /// The request could not be read.
    #[error("The request could not be understood: {0}")]
    BadRequest(String),
    /// The server could not be reached (the browser is offline or the network failed).
    #[error("The server could not be reached. Check your connection and try again.")]
    Unreachable,
    /// Anything else: details are logged on the server, never sent.
    #[error(
        "Something went wrong on our side. Try again, and tell the LDA team if it keeps happening."
    )]
    Internal,
}

impl AppError {
    /// One field error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// Refuses a form with empty required fields: `fields` lists each field's name,
    /// whether it was left empty, and what to ask for; every empty one gets its message.
    pub fn require(fields: &[(&str, bool, &str)]) -> Result<(), AppError> {
        let missing: Vec<FieldError> = fields
            .iter()
            .filter(|(_, empty, _)| *empty)
            .map(|(field, _, message)| FieldError {
                field: (*field).to_owned(),
                message: (*message).to_owned(),
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(missing))
        }
    }

    /// The message for `field`, if this error has one.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::Conflict
            | AppError::RecordClosed
            | AppError::KeyReused
            | AppError::OtherAccount => 409,
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::Unauthorised => 401,
            AppError::Forbidden | AppError::OwnRequest => 403,
            AppError::TooManyAttempts => 429,
            AppError::Unreachable | AppError::Busy => 503,
            AppError::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The parser's words quote what was sent (which may be a name or an NHS
            // number) and the code's types: neither goes back in an answer or an address.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::BadRequest("the form's answers could not be read".into())
            }
            ServerFnErrorErr::MissingArg(m) => AppError::BadRequest(format!("{m} is missing")),
            ServerFnErrorErr::Request(_) => AppError::Unreachable,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::auth::password::Busy> for AppError {
    fn from(_: crate::auth::password::Busy) -> Self {
        AppError::Busy
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// The database unreachable is [`AppError::Busy`] (try again shortly: a change sent
    /// again is kept once); text it cannot store is [`AppError::BadRequest`]; any other
    /// database error is [`AppError::Internal`].
    fn from(error: sqlx::Error) -> Self {
        if unreachable_database(&error) {
            tracing::warn!(%error, "database unavailable");
            return AppError::Busy;
        }
        // PostgreSQL stores no NUL character in text (SQLite does): text holding one is
        // refused, whichever query met it first.
        if let sqlx::Error::Database(e) = &error {
            if e.code().as_deref() == Some("22021") {
                return AppError::BadRequest(
                    "the form's answers hold a character that cannot be stored".into(),
                );
            }
        }
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

/// Whether `error` says the database could not be reached or was too busy, rather than
/// that a query failed: no connection came free or could be made in time, the connection
/// broke, PostgreSQL is refusing connections (`ALLOW_CONNECTIONS false`, too many
/// connections, starting up or shutting down, or the backend was terminated), or SQLite
/// stayed locked by another writer past its busy timeout (`SQLITE_BUSY`, 5 and 517).
#[cfg(feature = "ssr")]
fn unreachable_database(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(e) => e.code().is_some_and(|code| {
            code.starts_with("08")
                || code.starts_with("57P")
                || ["53300", "55000", "5", "517"].contains(&&*code)
        }),
        _ => false,
    }
}
