//! The caller of a server function.

use super::{
    client::client_address,
    session::{self, Session},
};
use crate::{
    error::AppError,
    models::Role,
    store::{audit::AuditEntry, sessions::Stage},
};

/// The signed-in member of staff making a request, as recorded against changes and in
/// the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// Account id.
    pub id: String,
    /// Name recorded in rating history and the change log.
    pub name: String,
    /// Work email: who they are in the audit trail.
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// Their agency's id.
    pub agency: Option<String>,
    /// The client's address, or "unknown" when the connection does not say.
    pub client: String,
}

impl Caller {
    /// The caller of a fully signed-in `session`.
    pub fn of(session: &Session) -> Caller {
        let member = &session.account.member;
        Caller {
            id: member.id.clone(),
            name: member.name.clone(),
            email: member.email.clone(),
            role: member.role,
            agency: session.account.agency_id.clone(),
            client: client_address(),
        }
    }

    /// An audit entry for `action` by this caller, now (add what it is about with the
    /// entry's own methods).
    pub fn audit<'a>(&'a self, action: &'a str) -> AuditEntry<'a> {
        AuditEntry::new(&self.email, action, &self.client)
    }
}

/// The current caller: signed in with every factor, or [`AppError::Unauthorised`].
pub fn caller() -> Result<Caller, AppError> {
    session::current()
        .filter(|s| s.stage == Stage::Full)
        .map(|s| Caller::of(&s))
        .ok_or(AppError::Unauthorised)
}
