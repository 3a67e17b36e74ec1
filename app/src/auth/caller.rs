//! The caller of a server function.

use crate::error::AppError;

/// The person making a request, as recorded against changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// Name recorded in rating history and the change log.
    pub name: String,
}

/// The current caller. Accounts and sign-in are not built yet, so every caller is the
/// shared LDA team identity; this is the one place that will check sessions and roles.
pub fn caller() -> Result<Caller, AppError> {
    Ok(Caller {
        name: "LDA team".to_owned(),
    })
}
