//! Request protection: the session behind each request, refusing changes that another
//! site started, and the security headers on every response.

use app::{
    auth::session::{self, Session},
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode},
    middleware::Next,
    response::IntoResponse,
};

/// Paths of static files, which need no session and may be cached.
fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/nhsuk/") || path == "/favicon.ico"
}

/// Finds the session the request's cookie names and leaves it in the request's
/// extensions for pages, server functions and the feed.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    let path = request.uri().path();
    // Static files and health checks need no session (and a health check must answer
    // even when the database cannot).
    if !is_static(path) && path != "/healthz" && path != "/readyz" {
        if let Some(token) = session::token_in(request.headers()) {
            match session::load(&state, token).await {
                Ok(Some(found)) => {
                    request.extensions_mut().insert::<Session>(found);
                }
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(%error, "session could not be read");
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        "The service is unavailable; try again shortly",
                    )
                        .into_response();
                }
            }
        }
    }
    next.run(request).await
}

/// Whether a state-changing request came from this site: the browser says so in
/// `Sec-Fetch-Site`, or its `Origin` is the configured public origin (or, with none
/// configured, matches the `Host` it was sent to).
pub fn same_site(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = header("sec-fetch-site") {
        return site == "same-origin";
    }
    let Some(origin) = header(header::ORIGIN.as_str()) else {
        return false;
    };
    match public_origin {
        Some(expected) => origin == expected,
        None => {
            let authority = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            authority.is_some() && authority == header(header::HOST.as_str())
        }
    }
}

/// Refuses any request other than GET, HEAD and OPTIONS that another site started.
pub async fn check_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !same_site(request.headers(), state.settings.public_origin.as_deref()) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "This request did not come from the register's own pages, so it was refused",
        )
            .into_response();
    }
    next.run(request).await
}

/// The policy for responses that are not pages (pages send their own, with a nonce).
const STRICT_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Adds the security headers to every response: a content security policy (pages set
/// their own), no sniffing, no referrer outside the site, no framing, HSTS when the service is reached over
/// HTTPS, and `Cache-Control: no-store` on everything but static files.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let cacheable = is_static(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_POLICY),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if state
        .settings
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"))
    {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !cacheable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[rstest]
    #[case::fetch_same_origin(&[("sec-fetch-site", "same-origin")], None, true)]
    #[case::fetch_cross_site(&[("sec-fetch-site", "cross-site"), ("origin", "http://dsr.test"), ("host", "dsr.test")], None, false)]
    #[case::fetch_same_site_is_not_enough(&[("sec-fetch-site", "same-site")], None, false)]
    #[case::origin_matches_host(&[("origin", "http://dsr.test:3000"), ("host", "dsr.test:3000")], None, true)]
    #[case::foreign_origin(&[("origin", "https://evil.test"), ("host", "dsr.test")], None, false)]
    #[case::missing(&[("host", "dsr.test")], None, false)]
    #[case::null_origin(&[("origin", "null"), ("host", "dsr.test")], None, false)]
    #[case::configured(&[("origin", "https://dsr.nhs.uk"), ("host", "10.0.0.5:3000")], Some("https://dsr.nhs.uk"), true)]
    #[case::configured_other(&[("origin", "https://10.0.0.5:3000"), ("host", "10.0.0.5:3000")], Some("https://dsr.nhs.uk"), false)]
    fn changes_must_come_from_this_site(
        #[case] pairs: &[(&'static str, &'static str)],
        #[case] public: Option<&str>,
        #[case] allowed: bool,
    ) {
        assert_eq!(same_site(&headers(pairs), public), allowed);
    }
}
