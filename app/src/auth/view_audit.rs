//! Views of records and searches are audited once per opening: a page refreshing itself
//! because the live feed said something changed is not a new view. The browser says when
//! it refreshes, but its word alone never turns the audit off: a refresh goes unrecorded
//! only when the same caller's same view (or search) is already recorded within a
//! session's longest life.

use super::{session, Caller};
use crate::{error::AppError, state::AppState, store::audit};

/// Records `caller`'s `action` (a view or a search) about `person`, with `detail`, unless
/// it is a `refresh` of one already recorded (see the module). Also tells the session
/// middleware that a refresh is not a person's activity.
pub async fn audit_view(
    state: &AppState,
    caller: &Caller,
    action: &str,
    person: Option<crate::models::PersonId>,
    detail: &str,
    refresh: bool,
) -> Result<(), AppError> {
    let entry = caller.audit(action).about(person).detail(detail);
    if session::note_refresh(refresh) {
        let since = crate::store::timestamp_now() - state.settings.sessions.absolute;
        if audit::recorded_since(&state.db, &entry, since).await? {
            return Ok(());
        }
    }
    state.audit(&entry).await
}
