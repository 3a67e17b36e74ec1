//! Server function: the agenda of a DSR meeting.

use super::agenda::Agenda;
use crate::error::AppError;
use leptos::prelude::*;

/// How long a chair's move counts as part of the meeting in progress.
#[cfg(feature = "ssr")]
const MEETING_HOURS: i64 = 12;

/// Reads the agenda in one snapshot: the people to discuss, in order, where the chair is
/// (a move in the last 12 hours), and the change-log position it reflects.
#[server(prefix = "/api", endpoint = "get_agenda")]
pub async fn get_agenda() -> Result<Agenda, AppError> {
    use super::agenda::ChairPosition;
    use crate::{
        auth::caller,
        models::uk_today,
        state::AppState,
        store::{change_log, meeting},
    };

    caller()?;
    let state = AppState::current()?;
    let now = chrono::Utc::now();
    let today = uk_today(now);
    let mut tx = state.db.begin_read().await?;
    let head = change_log::head_in(&mut tx).await?;
    let people = meeting::agenda(&mut tx, today).await?;
    let chair = meeting::chair_position(&mut tx, now - chrono::TimeDelta::hours(MEETING_HOURS))
        .await?
        .map(|(person, at)| ChairPosition { person, at });
    Ok(Agenda {
        today,
        people,
        chair,
        head,
    })
}
