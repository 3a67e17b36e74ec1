//! A family's self-referral answers kept on the server between pages posted without
//! JavaScript. The browser holds only a random token in an HttpOnly, SameSite=Strict
//! `__Host-` cookie; the server finds the draft by the token's keyed digest and keeps
//! the answers sealed under `DSR_SECRET_KEY` (bound to that digest), for
//! `DSR_DRAFT_DAYS` after the last change. A missing, forged or expired cookie finds
//! nothing, exactly as no cookie does.

use super::wire::{KeptReferral, Receipt};
use crate::{
    error::AppError,
    models::ReferralAnswers,
    state::AppState,
    store::referral_drafts::{self, NewDraft},
};
use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, TimeDelta, Utc};

/// The cookie that names a kept draft.
pub const COOKIE: &str = "__Host-dsr_referral";

/// New drafts one client may start in an hour, per referral it may send.
const DRAFTS_PER_REFERRAL: i64 = 5;

/// A kept draft as found by its cookie: where it is, and what it holds.
#[derive(Clone, Debug)]
pub struct Found {
    /// The row: the keyed digest of the cookie's token.
    pub id: String,
    /// What it holds.
    pub kept: KeptReferral,
    /// The cookie's token.
    token: String,
    /// The answers as sealed when read (what a save must find unchanged).
    sealed: String,
}

impl Found {
    /// The `Set-Cookie` value that names this draft until it expires, `now` changed.
    pub fn cookie(&self, state: &AppState, now: DateTime<Utc>) -> HeaderValue {
        cookie(&self.token, Some((expiry(state, now) - now).num_seconds()))
    }

    /// The `Set-Cookie` value that names this sent draft until the browser closes (so the
    /// next person at a shared computer does not meet it).
    pub fn session_cookie(&self) -> HeaderValue {
        cookie(&self.token, None)
    }
}

/// The `Set-Cookie` value naming the draft `token`, for `max_age` seconds (or the session).
fn cookie(token: &str, max_age: Option<i64>) -> HeaderValue {
    let age = max_age
        .map(|s| format!("; Max-Age={s}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict{age}"
    ))
    .expect("a hex token is a valid header value")
}

/// The token in a request's cookies, if it has one of the right shape.
fn token_in(headers: &HeaderMap) -> Option<String> {
    crate::auth::session::cookie_in(headers, COOKIE)
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}

/// Whether the request carries a draft cookie at all (found or not).
pub fn has_cookie(headers: &HeaderMap) -> bool {
    token_in(headers).is_some()
}

/// The row of the draft `token` names.
fn row_of(state: &AppState, token: &str) -> String {
    state.settings.secret_key.digest("referral-draft", token)
}

/// When a draft changed at `now` is deleted.
fn expiry(state: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    now + TimeDelta::days(i64::from(state.settings.referrals.draft_days))
}

/// The unexpired draft the request's cookie names, at `now`. A draft whose answers do not
/// open (another key, or altered) is treated as none.
pub async fn find(
    state: &AppState,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Option<Found>, AppError> {
    match token_in(headers) {
        Some(token) => read(state, token, now).await,
        None => Ok(None),
    }
}

impl Found {
    /// The same draft as it is now (changed by another request since it was read), or
    /// `None` once it has expired or been deleted.
    pub async fn read_again(
        &self,
        state: &AppState,
        now: DateTime<Utc>,
    ) -> Result<Option<Found>, AppError> {
        read(state, self.token.clone(), now).await
    }
}

/// The unexpired draft `token` names, at `now`.
async fn read(
    state: &AppState,
    token: String,
    now: DateTime<Utc>,
) -> Result<Option<Found>, AppError> {
    let id = row_of(state, &token);
    let Some(row) = referral_drafts::get(&state.db, &id, now).await? else {
        return Ok(None);
    };
    let answers = if row.reference.is_some() {
        ReferralAnswers::default()
    } else {
        match state
            .settings
            .secret_key
            .open(&row.answers, &id)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
        {
            Some(answers) => answers,
            None => return Ok(None),
        }
    };
    let receipt = row.reference.map(|reference| Receipt {
        reference,
        contact_days: state.settings.referrals.contact_days,
    });
    Ok(Some(Found {
        id,
        kept: KeptReferral {
            key: row.idempotency_key,
            answers,
            receipt,
        },
        token,
        sealed: row.answers,
    }))
}

/// Keeps `answers` in a new draft from `client` at `now`, with the idempotency key `key`
/// if it is one (the browser's own draft's), else a new one. Returns the draft (its
/// cookie from [`Found::cookie`]), or [`AppError::TooManyAttempts`] when the client (an
/// IPv6 client's /64 network) has started too many drafts this hour.
pub async fn start(
    state: &AppState,
    answers: &ReferralAnswers,
    client: &str,
    now: DateTime<Utc>,
    key: Option<&str>,
) -> Result<Found, AppError> {
    let token = crate::random_code::random_token();
    let id = row_of(state, &token);
    let key = key
        .and_then(|k| uuid::Uuid::parse_str(k).ok())
        .unwrap_or_else(uuid::Uuid::new_v4)
        .hyphenated()
        .to_string();
    let sealed = seal(state, answers, &id);
    let expires_at = expiry(state, now);
    let mut tx = state.db.begin().await?;
    let made = referral_drafts::create(
        &mut tx,
        &NewDraft {
            id: &id,
            key: &key,
            answers: &sealed,
            client: &crate::auth::client::limit_group(client),
            at: now,
            expires_at,
            per_hour: i64::from(state.settings.referrals_per_hour) * DRAFTS_PER_REFERRAL,
        },
    )
    .await?;
    if !made {
        return Err(AppError::TooManyAttempts);
    }
    tx.commit().await?;
    let found = Found {
        id,
        kept: KeptReferral {
            key,
            answers: answers.clone(),
            receipt: None,
        },
        token,
        sealed,
    };
    Ok(found)
}

/// Replaces the answers of the unsent draft `found` with `answers`; false when it was
/// changed (by another request), sent, expired or deleted since it was read.
pub async fn save(
    state: &AppState,
    found: &Found,
    answers: &ReferralAnswers,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let sealed = seal(state, answers, &found.id);
    Ok(referral_drafts::save(
        &state.db,
        &found.id,
        &found.sealed,
        &sealed,
        now,
        expiry(state, now),
    )
    .await?)
}

/// Marks the draft `id` sent as `reference`, emptying its answers.
pub async fn mark_sent(state: &AppState, id: &str, reference: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    referral_drafts::mark_sent(&mut tx, id, reference).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the draft `id`.
pub async fn delete(state: &AppState, id: &str) -> Result<(), AppError> {
    Ok(referral_drafts::delete(&state.db, id).await?)
}

/// The `Set-Cookie` value that removes the draft cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "__Host-dsr_referral=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
    )
}

/// After the browser sent the referral keyed `key` as `reference` (a family that began
/// without JavaScript and finished with it): the kept draft with that key, if this
/// request's cookie names one, is marked sent and its answers emptied.
pub async fn sent_from_browser(
    state: &AppState,
    key: &str,
    reference: &str,
) -> Result<(), AppError> {
    let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() else {
        return Ok(());
    };
    let now = crate::store::timestamp_now();
    match find(state, &parts.headers, now).await? {
        Some(found) if found.kept.key == key && found.kept.receipt.is_none() => {
            mark_sent(state, &found.id, reference).await
        }
        _ => Ok(()),
    }
}

/// `answers` sealed for the row `id`.
fn seal(state: &AppState, answers: &ReferralAnswers, id: &str) -> String {
    let text = serde_json::to_string(answers).expect("answers serialise");
    state.settings.secret_key.seal(&text, id)
}
