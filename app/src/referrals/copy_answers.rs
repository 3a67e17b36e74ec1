//! Server function: a family's answers given in the browser, copied to the server's
//! kept draft (see [`super::plain_post::copy_from_browser`]).

use crate::{error::AppError, models::ReferralAnswers};
use leptos::prelude::*;

/// Copies a family's answers so far, under their browser draft's `key`, to the draft
/// the server keeps for this browser (started, with its cookie, when there is none).
/// Nothing is changed once that draft has been sent.
#[server(prefix = "/api", endpoint = "copy_referral_answers", input = server_fn::codec::Json)]
pub async fn copy_referral_answers(key: String, answers: ReferralAnswers) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, session::send_cookie},
        state::AppState,
    };
    let state = AppState::current()?;
    let parts = use_context::<axum::http::request::Parts>().ok_or(AppError::Internal)?;
    let cookie = super::plain_post::copy_from_browser(
        &state,
        &parts.headers,
        &client_address(),
        &key,
        &answers,
    )
    .await?;
    if let Some(cookie) = cookie {
        send_cookie(cookie);
    }
    Ok(())
}
