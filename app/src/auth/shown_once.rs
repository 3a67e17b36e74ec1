//! Secrets shown once to the person they are for (new recovery codes, a reset code an
//! admin issued), and a refused form's typed text to put back (a rating reason). A server
//! function keeps one with the caller's session (sealed, bound to it), and the next page
//! that asks takes it, so it is shown whether the form was sent by the page's script or
//! posted without JavaScript, and never again.

use super::wire::ShownOnce;
use crate::error::AppError;
use leptos::prelude::*;

/// Minutes within which a kept value must be shown, or it is dropped unseen.
#[cfg(feature = "ssr")]
const SHOW_WITHIN_MINUTES: i64 = 10;

/// Whether the current request is a form posted without JavaScript: it asks for HTML, so
/// its answer is a redirect back to the page (the rule `leptos_axum` follows), and
/// anything to show there must be kept with the session.
#[cfg(feature = "ssr")]
pub fn is_plain_form_post() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// Keeps `value` with `token`'s session until it is shown.
#[cfg(feature = "ssr")]
pub async fn keep(
    state: &crate::state::AppState,
    token: &crate::store::sessions::SessionToken,
    value: &ShownOnce,
) -> Result<(), AppError> {
    let json = serde_json::to_string(value).map_err(|_| AppError::Internal)?;
    let now = crate::store::timestamp_now();
    crate::store::sessions::keep_shown_once(
        &state.db,
        &state.settings.secret_key,
        token,
        &json,
        now,
    )
    .await?;
    Ok(())
}

/// Takes what the caller's session keeps to be shown once, if anything (it is forgotten as
/// it is read).
#[server(prefix = "/api", endpoint = "shown_once")]
pub async fn take_shown_once() -> Result<Option<ShownOnce>, AppError> {
    use crate::{
        state::AppState,
        store::{sessions, timestamp_now},
    };
    let Some(session) = crate::auth::session::current() else {
        return Ok(None);
    };
    let state = AppState::current()?;
    let since = timestamp_now() - chrono::TimeDelta::minutes(SHOW_WITHIN_MINUTES);
    let kept =
        sessions::take_shown_once(&state.db, &state.settings.secret_key, &session.token, since)
            .await?;
    Ok(kept.and_then(|json| serde_json::from_str(&json).ok()))
}
