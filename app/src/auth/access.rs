//! Who may do what. Every server function and route asks here, on the server, per call
//! and per record; the pages only hide what a user may not do.

use super::Caller;
use crate::{
    error::AppError,
    models::{BoardCard, PersonId, Role},
    state::AppState,
    store::{
        audit::{self, AuditEntry},
        links,
    },
};
use std::collections::HashSet;

/// Coordinators and professionals: the register (board, meetings, records).
pub const REGISTER: &[Role] = &[Role::Coordinator, Role::Professional];
/// Coordinators only: triage, linking, every record.
pub const COORDINATORS: &[Role] = &[Role::Coordinator];
/// Admins only: accounts, agencies, settings, the audit trail.
pub const ADMINS: &[Role] = &[Role::Admin];

/// Records a refusal in the audit trail.
async fn deny(
    state: &AppState,
    caller: &Caller,
    action: &str,
    person: Option<PersonId>,
) -> Result<(), AppError> {
    audit::record(
        &state.db,
        &state.settings.secret_key,
        &AuditEntry {
            at: crate::store::timestamp_now(),
            actor: &caller.email,
            action: "access_denied",
            person,
            detail: action,
            client: &caller.client,
        },
    )
    .await?;
    Ok(())
}

/// Allows `caller` to do `action` if their role is one of `allowed`; otherwise the
/// refusal is audited and the answer is [`AppError::Forbidden`].
pub async fn require_role(
    state: &AppState,
    caller: &Caller,
    action: &str,
    allowed: &[Role],
) -> Result<(), AppError> {
    if allowed.contains(&caller.role) {
        return Ok(());
    }
    deny(state, caller, action, None).await?;
    Err(AppError::Forbidden)
}

/// Allows `caller` to do `action` with `person`'s full record: coordinators always, a
/// professional only when linked to the person (as key professional or through their
/// agency). A refusal is audited and answered with [`AppError::Forbidden`].
pub async fn require_record(
    state: &AppState,
    caller: &Caller,
    action: &str,
    person: PersonId,
) -> Result<(), AppError> {
    let allowed = match caller.role {
        Role::Coordinator => true,
        Role::Professional => {
            links::is_linked(&state.db, &caller.id, caller.agency.as_deref(), person).await?
        }
        Role::Admin => false,
    };
    if allowed {
        return Ok(());
    }
    deny(state, caller, action, Some(person)).await?;
    Err(AppError::Forbidden)
}

/// Whose full cards a caller sees on the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everyone's (coordinators).
    Everyone,
    /// Only these people's; everyone else's card shows name, rating and review date.
    Linked(HashSet<PersonId>),
}

impl Scope {
    /// The scope of `caller`, who may see the register.
    pub async fn of(state: &AppState, caller: &Caller) -> Result<Scope, AppError> {
        Ok(match caller.role {
            Role::Coordinator => Scope::Everyone,
            _ => Scope::Linked(
                links::people_of(&state.db, &caller.id, caller.agency.as_deref()).await?,
            ),
        })
    }

    /// Whether the full record of `person` is in scope.
    pub fn covers(&self, person: PersonId) -> bool {
        match self {
            Scope::Everyone => true,
            Scope::Linked(people) => people.contains(&person),
        }
    }

    /// `card` as this scope shows it.
    pub fn show(&self, card: BoardCard) -> BoardCard {
        if self.covers(card.id) {
            card
        } else {
            card.limited()
        }
    }
}
