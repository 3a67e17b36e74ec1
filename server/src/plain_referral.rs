//! The self-referral form without JavaScript: its posts (`/refer/answer`, `/refer/send`,
//! `/refer/delete`, answered by [`app::referrals::plain_post`]) and, for the form's
//! pages, the kept draft found by the request's cookie, left in the request for the page
//! to draw (`app::referrals::kept`).

use app::{
    auth::client::resolve,
    error::AppError,
    referrals::{
        kept,
        plain_post::{self, Posted, Reply},
    },
    state::AppState,
    store::timestamp_now,
};
use axum::{
    body::Body,
    extract::{ConnectInfo, Extension, Form, Request},
    http::{header, HeaderMap, Method, Response, StatusCode},
    middleware::Next,
    response::IntoResponse,
};
use std::net::SocketAddr;

/// The form's address.
const FORM: &str = "/refer";

/// Leaves the draft the cookie names (if any) in a request for one of the form's pages.
pub async fn find_kept_referral(
    Extension(state): Extension<AppState>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    if request.method() == Method::GET && request.uri().path() == FORM {
        match kept::find(&state, request.headers(), timestamp_now()).await {
            Ok(Some(found)) => {
                request.extensions_mut().insert(found.kept);
            }
            Ok(None) => {}
            Err(error) => return failed(&error),
        }
    }
    next.run(request).await
}

/// The client's address, as the rest of the service works it out.
fn client_of(
    state: &AppState,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: &HeaderMap,
) -> String {
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    resolve(
        peer.map(|Extension(ConnectInfo(addr))| addr.ip()),
        forwarded,
        &state.settings.trusted_proxies,
    )
}

/// A question page posted.
pub async fn answer(
    Extension(state): Extension<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response<Body> {
    let client = client_of(&state, peer, &headers);
    reply(plain_post::answer(&state, &headers, &client, Posted(&posted)).await)
}

/// "Check your answers" posted: the referral sent.
pub async fn send(
    Extension(state): Extension<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response<Body> {
    let client = client_of(&state, peer, &headers);
    reply(plain_post::send(&state, &headers, &client, Posted(&posted)).await)
}

/// "Delete my answers" confirmed.
pub async fn delete(
    Extension(state): Extension<AppState>,
    headers: HeaderMap,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response<Body> {
    reply(plain_post::delete(&state, &headers, Posted(&posted)).await)
}

/// A redirect (303, so the browser follows with a GET) with the draft's cookie.
fn reply(result: Result<Reply, AppError>) -> Response<Body> {
    match result {
        Ok(reply) => {
            let mut response = Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header(header::LOCATION, reply.location);
            if let Some(cookie) = reply.cookie {
                response = response.header(header::SET_COOKIE, cookie);
            }
            response.body(Body::empty()).expect("a valid redirect")
        }
        Err(error) => failed(&error),
    }
}

/// A page saying the form could not be kept or read (the database failed): nothing
/// was half-written, and the family can try again.
fn failed(error: &AppError) -> Response<Body> {
    tracing::error!(error = %error, "the self-referral form's kept answers failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "5")],
        axum::response::Html(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sorry, there is a problem - Dynamic Support Register</title>\
             <link rel=\"stylesheet\" href=\"/nhsuk/nhsuk-frontend.min.css\"></head><body><main class=\"nhsuk-width-container nhsuk-main-wrapper\" id=\"maincontent\">\
             <h1>Sorry, there is a problem with the service</h1><p>Your answers have not been lost. Go back and try again in a few minutes.</p>\
             <p>If someone needs help now, call NHS 111 and choose the mental health option, or 999 in an emergency.</p></main></body></html>",
        ),
    )
        .into_response()
}
