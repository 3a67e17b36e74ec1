//! Server function: the chair of a DSR meeting moves on to a person.

use crate::error::AppError;
use leptos::prelude::*;

/// Records that the caller, holding today's chair (see `take_chair`), now has `person_id` open, so attendees
/// who follow the chair open the same record. Returns the change-log id of the move.
#[server(prefix = "/api", endpoint = "move_chair")]
pub async fn move_chair(person_id: String) -> Result<i64, AppError> {
    use crate::{
        auth::{access, caller},
        models::PersonId,
        state::AppState,
        store::meeting,
    };

    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "move_chair", access::COORDINATORS).await?;
    let person: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    // Only the one holding today's chair moves it.
    let at = crate::store::timestamp_now();
    let day = crate::models::uk_today(at);
    let id = meeting::move_chair(&state.db, day, &caller.id, person, &caller.name, at)
        .await?
        .map_err(|()| {
            AppError::field(
                "chair",
                "You are not chairing this meeting: choose chair to take the chair first.",
            )
        })?
        .ok_or(AppError::NotFound)?;
    state.feed.wake();
    Ok(id)
}
