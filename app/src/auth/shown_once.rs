//! Secrets shown once to the person they are for (new recovery codes, a reset code an
//! admin issued), and a refused form's typed text to put back. A server function (or, for
//! a refused form, the server's request layer) keeps one with the caller's session
//! (sealed, bound to it), and the next page that asks takes it, so it is shown whether the
//! form was sent by the page's script or posted without JavaScript, and never again.

use super::wire::{KeptForm, ShownOnce};
use crate::error::AppError;
use leptos::prelude::*;

/// Minutes within which a kept value must be shown, or it is dropped unseen.
#[cfg(feature = "ssr")]
const SHOW_WITHIN_MINUTES: i64 = 10;

/// The field a staff form posts (with any value) to have its fields kept with the session
/// when the form is posted without JavaScript and refused; the server's request layer
/// does the keeping, and the page drawn again takes them back with [`refused_form`].
pub const KEEP_ON_REFUSAL: &str = "keep_on_refusal";

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

/// Takes what was typed into a refused form if it was kept for `page` (the path of the
/// page asking); anything else kept with the session (such as new recovery codes, or
/// a form kept for another page) stays for the page it is for.
#[server(prefix = "/api", endpoint = "kept_form")]
pub async fn take_kept_form(page: String) -> Result<Option<KeptForm>, AppError> {
    let kept = take_shown_once().await?;
    match kept {
        Some(ShownOnce::KeptForm(form)) if form.page == page => Ok(Some(form)),
        Some(other) => {
            if let Some(session) = crate::auth::session::current() {
                let state = crate::state::AppState::current()?;
                keep(&state, &session.token, &other).await?;
            }
            Ok(None)
        }
        None => Ok(None),
    }
}

/// When the page is being drawn again after a form posted without JavaScript was refused
/// (the address carries the refusal), what was typed into that form, if it was kept for
/// this page, taken from the session before the page is drawn (the page awaits it);
/// `None` on any other visit. With `person`, what was typed into a form about anyone else
/// is dropped, never sent.
pub fn refused_form(person: Option<String>) -> Option<Resource<Option<KeptForm>>> {
    let refused = leptos_router::hooks::use_query_map()
        .with_untracked(|query| query.get_str("__err").is_some());
    let page = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    refused.then(|| {
        Resource::new_blocking(
            || (),
            move |_| {
                let (person, page) = (person.clone(), page.clone());
                async move {
                    take_kept_form(page).await.ok().flatten().filter(|kept| {
                        person.as_deref().is_none_or(|person| {
                            kept.value("person_id")
                                .is_some_and(|p| p.eq_ignore_ascii_case(person))
                        })
                    })
                }
            },
        )
    })
}
