//! The signed-in session behind a request. The server's session middleware reads the
//! cookie once per request and leaves a [`Session`] in the request's extensions; server
//! functions and pages find it there through [`current`].

use crate::models::AccountStatus;
use crate::{
    state::AppState,
    store::{
        sessions::{self, SessionToken, Stage},
        users::{self, Account},
    },
};
use axum::http::{header, HeaderMap, HeaderValue};

/// The session cookie. The `__Host-` prefix makes the browser accept it only with
/// `Secure`, `Path=/` and no `Domain`, so no other site or subdomain can set or read it.
pub const COOKIE: &str = "__Host-dsr_session";

/// A session and whose it is.
#[derive(Clone, Debug)]
pub struct Session {
    /// The token the cookie carries.
    pub token: SessionToken,
    /// The account.
    pub account: Account,
    /// Whether the second factor is still to come.
    pub stage: Stage,
    /// When the session was last marked as used.
    pub seen: chrono::DateTime<chrono::Utc>,
}

/// The session `token` opens, if it is live and its account is active; an account that
/// has stopped being active has its session ended. Loading does not count as use: the
/// middleware calls [`mark_used`] once the request turns out to be a person's.
pub async fn load(state: &AppState, token: SessionToken) -> Result<Option<Session>, sqlx::Error> {
    let now = crate::store::timestamp_now();
    let Some((user, stage, seen)) =
        sessions::resume(&state.db, &token, now, state.settings.sessions).await?
    else {
        return Ok(None);
    };
    let Some(account) = users::get(&state.db, &user).await? else {
        return Ok(None);
    };
    if account.member.status != AccountStatus::Active {
        sessions::end(&state.db, &token, now).await?;
        return Ok(None);
    }
    Ok(Some(Session {
        token,
        account,
        stage,
        seen,
    }))
}

/// How long after the session was last marked as used a use goes unmarked: someone moving
/// through pages writes at most once in this time, not at every page, and their session
/// may end as idle this much early, never late.
pub const MARK_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

/// Marks `token`'s session, last marked as used at `seen`, as used now, which keeps it
/// from ending as idle; nothing is written within [`MARK_EVERY`] of `seen`.
pub async fn mark_used(
    state: &AppState,
    token: &SessionToken,
    seen: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let now = crate::store::timestamp_now();
    if now - seen < MARK_EVERY {
        return Ok(());
    }
    sessions::mark_used(&state.db, token, now).await
}

/// Whether a request is a person using the portal, which keeps their session alive, or a
/// page refreshing itself from the live feed, which does not (so a page left open does
/// not keep a session open for ever). The session middleware leaves one in each request's
/// extensions and marks the session as used after the answer unless [`note_refresh`]
/// switched it off.
#[derive(Clone, Debug)]
pub struct Activity(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Activity {
    /// A request that counts as use until told otherwise.
    pub fn person() -> Self {
        Activity(std::sync::Arc::new(std::sync::atomic::AtomicBool::new(
            true,
        )))
    }

    /// Whether the request counted as use.
    pub fn counts(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// When `refresh` is set, takes the current request as its page refreshing itself from the
/// live feed: the session is not marked as used for it. Returns `refresh`, for the caller
/// to skip its view audit too. The browser says so itself; a client that said it on a
/// person's own reads would only let its own session time out sooner and write fewer view
/// rows about itself (never hide another's), so it is believed.
pub fn note_refresh(refresh: bool) -> bool {
    if refresh {
        if let Some(activity) = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Activity>().cloned())
        {
            activity
                .0
                .store(false, std::sync::atomic::Ordering::Relaxed);
        }
    }
    refresh
}

/// The session token in a request's `Cookie` headers.
pub fn token_in(headers: &HeaderMap) -> Option<SessionToken> {
    cookie_in(headers, COOKIE).map(SessionToken::from_cookie)
}

/// The first non-empty value of the cookie `wanted` in a request's `Cookie` headers.
pub fn cookie_in<'a>(headers: &'a HeaderMap, wanted: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == wanted && !value.is_empty()).then_some(value)
        })
}

/// The `Set-Cookie` value that gives the browser `token`: HttpOnly (no script can read
/// it), Secure, SameSite=Strict (never sent with a request another site starts). It has
/// no expiry of its own: the server ends the session.
pub fn set_cookie(token: &SessionToken) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Strict",
        token.expose()
    ))
    .expect("a hex token is a valid header value")
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "__Host-dsr_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
    )
}

/// The current request's session, as the middleware found it.
pub fn current() -> Option<Session> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Session>().cloned())
}

/// Sends `value` as a `Set-Cookie` header with the current response.
pub fn send_cookie(value: HeaderValue) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(header::SET_COOKIE, value);
    }
}
