//! Server functions: taking (or taking over) the chair of the day's DSR meeting, and
//! stopping. The chair is held on the server, one at a time: each names the version of the
//! hold its caller saw, so of two people pressing "chair" at once one wins and the other is
//! told who did.

use crate::error::AppError;
use leptos::prelude::*;

/// Makes the caller (a coordinator) the chair of today's meeting, taking over from whoever
/// holds it, if the hold is still at version `seen` (0: no one has chaired today).
/// `person_id`: who the caller has open, so followers go there. Returns the new version.
#[server(prefix = "/api", endpoint = "take_chair")]
pub async fn take_chair(seen: i64, person_id: Option<String>) -> Result<i64, AppError> {
    change_chair(seen, person_id, true).await
}

/// Stops the caller chairing today's meeting, if the hold is still at version `seen` and
/// theirs: followers are told. Returns the new version.
#[server(prefix = "/api", endpoint = "stop_chairing")]
pub async fn stop_chairing(seen: i64) -> Result<i64, AppError> {
    change_chair(seen, None, false).await
}

/// Takes (`take`) or gives up the chair; see [`take_chair`] and [`stop_chairing`].
#[cfg(feature = "ssr")]
async fn change_chair(seen: i64, person_id: Option<String>, take: bool) -> Result<i64, AppError> {
    use crate::{
        auth::{access, caller},
        models::{uk_today, PersonId},
        state::AppState,
        store::{
            meeting::{self, ChairChange},
            timestamp_now,
        },
    };

    let caller = caller()?;
    let state = AppState::current()?;
    let action = if take { "take_chair" } else { "stop_chairing" };
    access::require_role(&state, &caller, action, access::COORDINATORS).await?;
    let person: Option<PersonId> = person_id
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().map_err(|_| AppError::NotFound))
        .transpose()?;
    let at = timestamp_now();
    let day = uk_today(at);
    let mut tx = state.db.begin_read().await?;
    let hold = meeting::chair_hold(&mut tx, day).await?;
    // Where the chair last was today, to tell that person's open views.
    let today = at - chrono::TimeDelta::hours(access::MEETING_HOURS);
    let last = meeting::chair_position(&mut tx, hold.since.max(today)).await?;
    tx.commit().await?;
    let mine = hold
        .holder
        .as_ref()
        .is_some_and(|(user, _)| *user == caller.id);
    // Taking again a chair one holds (a repeat, having seen an older hold), or stopping when
    // no one chairs, is already done. Taking it having seen one's own hold is another
    // screen of the same account taking over: the hold moves on, so the screen that
    // chaired hears it no longer does.
    if (take && mine && seen != hold.version) || (!take && hold.holder.is_none()) {
        return Ok(hold.version);
    }
    if !take && !mine {
        return Err(refused(
            &hold,
            &caller.id,
            "You are not chairing this meeting.",
        ));
    }
    let change = ChairChange {
        day,
        // The holder stopping is never in doubt: whatever version they saw, theirs stops.
        seen: if take { seen } else { hold.version },
        holder: take.then_some((caller.id.as_str(), caller.name.as_str())),
        on: person.or(last.map(|(p, _)| p)),
        actor: &caller.name,
        at,
    };
    let written = meeting::set_chair(&state.db, &change).await?;
    state.feed.wake();
    written.map_err(|now| {
        refused(
            &now,
            &caller.id,
            "Someone changed who chairs the meeting just now.",
        )
    })
}

/// The refusal to account `me` beside the choice of how to take part, saying who chairs
/// now.
#[cfg(feature = "ssr")]
fn refused(now: &crate::store::meeting::ChairHold, me: &str, otherwise: &str) -> AppError {
    let message = match &now.holder {
        Some((user, _)) if user == me => {
            "You are already chairing the meeting, from another screen or tab.".to_owned()
        }
        Some((_, name)) => format!(
            "{name} is chairing the meeting now. Choose chair again to take over from them."
        ),
        None => format!("{otherwise} No one is chairing now: choose chair again to chair it."),
    };
    AppError::field("chair", message)
}
