//! Pages refused to a signed-in member of staff (403, drawn by `auth::guard::StaffOnly`):
//! audited here, after the page is drawn, as server functions and downloads audit their
//! own refusals, so every refusal is in the audit trail.

use app::{
    auth::{client::resolve, session::Session, Caller},
    state::AppState,
    store::sessions::Stage,
};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The client a request came from, as the audit trail records it (see `resolve`).
pub fn client_of(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> String {
    let peer = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    resolve(peer, forwarded, &state.settings.trusted_proxies)
}

/// Audits a page (an HTML answer to a GET) refused with 403 to a signed-in caller.
pub async fn audit_refused_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let asked = (request.method() == Method::GET)
        .then(|| request.extensions().get::<Session>().cloned())
        .flatten()
        .filter(|session| session.stage == Stage::Full)
        .map(|session| {
            let client = client_of(&state, request.headers(), request.extensions());
            (
                Caller {
                    client,
                    ..Caller::of(&session)
                },
                request.uri().path().to_owned(),
            )
        });
    let response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let Some((caller, path)) =
        asked.filter(|_| response.status() == StatusCode::FORBIDDEN && is_page)
    {
        let detail = format!("open the page {path}");
        if let Err(error) = state
            .audit(&caller.audit("access_denied").detail(&detail))
            .await
        {
            tracing::error!(%error, "a refused page could not be audited");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is unavailable; try again shortly",
            )
                .into_response();
        }
    }
    response
}
