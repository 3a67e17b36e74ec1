//! Request protection: the session behind each request, refusing requests for another host
//! and changes that another site started, and the security headers on every response.

use crate::observe::route_of;
use app::{
    auth::session::{self, Activity, Session},
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, uri::Authority, HeaderMap, HeaderValue, Method, Response, StatusCode, Uri},
    middleware::Next,
    response::IntoResponse,
};

/// Paths of static files, which need no session and may be cached.
fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/nhsuk/")
        || path.starts_with("/pictures/")
        || path == "/favicon.ico"
}

/// The health checks, which load balancers call by IP address and which need no session,
/// and the metrics, which a monitor reads from each instance by its address (they need the
/// operator's token).
fn is_health_check(path: &str) -> bool {
    path == "/healthz" || path == "/readyz" || path == "/metrics"
}

/// Finds the session the request's cookie names and leaves it in the request's
/// extensions for pages, server functions and the feed; after the answer, marks it as used
/// unless the request was not a person's: the live feed (`/events`, which the browser
/// opens and reopens by itself) or a page refreshing itself from it
/// (`session::note_refresh`).
pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    let path = request.uri().path();
    let is_feed = path == "/events";
    let mut used = None;
    // Static files and health checks need no session (and a health check must answer
    // even when the database cannot).
    if !is_static(path) && !is_health_check(path) {
        if let Some(token) = session::token_in(request.headers()) {
            match session::load(&state, token).await {
                Ok(Some(found)) => {
                    if !is_feed {
                        let activity = Activity::person();
                        request.extensions_mut().insert(activity.clone());
                        used = Some((found.token.clone(), found.seen, activity));
                    }
                    request.extensions_mut().insert::<Session>(found);
                }
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(%error, "session could not be read");
                    return unavailable(request.uri().path(), request.headers());
                }
            }
        }
    }
    let response = next.run(request).await;
    if let Some((token, seen, _)) = used.filter(|(_, _, activity)| activity.counts()) {
        if let Err(error) = session::mark_used(&state, &token, seen).await {
            tracing::error!(%error, "session could not be marked as used");
        }
    }
    response
}

/// The answer when the database cannot be reached: 503 with `Retry-After`; to a server
/// function called from a page (which asks for JSON), the error it shows the person.
fn unavailable(path: &str, headers: &HeaderMap) -> Response<Body> {
    let retry = [(header::RETRY_AFTER, "5")];
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if path.starts_with("/api/") && wants_json {
        let body = serde_json::to_string(&app::error::AppError::Busy).expect("serialises");
        let json = [(header::CONTENT_TYPE, "application/json")];
        return (StatusCode::SERVICE_UNAVAILABLE, retry, json, body).into_response();
    }
    let text = "The service is unavailable; try again shortly";
    (StatusCode::SERVICE_UNAVAILABLE, retry, text).into_response()
}

/// Where a site is served: over HTTPS or not, its host (lower-cased) and its port.
#[derive(Debug, PartialEq)]
struct Place {
    https: bool,
    host: String,
    port: u16,
}

impl Place {
    /// Reads an origin, `http(s)://host[:port]` with nothing after it.
    fn of_origin(origin: &str) -> Option<Place> {
        let (scheme, authority) = origin.split_once("://")?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        Place::at(authority, https)
    }

    /// Reads `host[:port]` (the scheme's default port when none is written).
    fn at(authority: &str, https: bool) -> Option<Place> {
        // A host never names a user: `user@host` is refused, not read as `host`.
        if authority.contains('@') {
            return None;
        }
        let host = authority
            .parse::<Authority>()
            .ok()?
            .host()
            .to_ascii_lowercase();
        let port = match authority[host.len()..].strip_prefix(':') {
            Some(port) => port.parse().ok()?,
            None if https => 443,
            None => 80,
        };
        Some(Place { https, host, port })
    }
}

/// Whether `origin` is an origin `http(s)://host[:port]`, as `DSR_PUBLIC_ORIGIN` must be.
pub fn is_origin(origin: &str) -> bool {
    Place::of_origin(origin).is_some()
}

/// Whether a request was sent to the public origin's host and port: its `Host`, and the
/// authority in its target when it has one (HTTP/2, or an absolute URL), all name it.
pub fn addressed_to(public_origin: &str, uri: &Uri, headers: &HeaderMap) -> bool {
    let Some(public) = Place::of_origin(public_origin) else {
        return false;
    };
    let mut names = headers
        .get_all(header::HOST)
        .iter()
        .map(|v| v.to_str().ok())
        .chain(uri.authority().map(|a| Some(a.as_str())))
        .peekable();
    names.peek().is_some()
        && names.all(|name| {
            name.and_then(|n| Place::at(n, public.https))
                .is_some_and(|place| place == public)
        })
}

/// Whether a state-changing request came from this site. With a public origin configured,
/// its `Origin` must be that origin (and `Sec-Fetch-Site`, if sent, `same-origin`): a page
/// on another name that resolves to this server (DNS rebinding) is same-origin to its
/// browser. With none, the browser's `Sec-Fetch-Site: same-origin` is enough, or, from a
/// browser that does not send it, an `Origin` matching the `Host` it was sent to.
pub fn same_site(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let fetch_site = header("sec-fetch-site");
    let origin = header(header::ORIGIN.as_str());
    if let Some(expected) = public_origin {
        let from = origin.and_then(Place::of_origin);
        return fetch_site.is_none_or(|site| site == "same-origin")
            && from.is_some()
            && from == Place::of_origin(expected);
    }
    if let Some(site) = fetch_site {
        return site == "same-origin";
    }
    let Some(origin) = origin else {
        return false;
    };
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    authority.is_some() && authority == header(header::HOST.as_str())
}

/// With a public origin configured, refuses a request sent to another host with 421
/// (health checks excepted: balancers call them by address); and refuses any request other
/// than GET, HEAD and OPTIONS that another site started with 403.
pub async fn check_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let public_origin = state.settings.public_origin.as_deref();
    if let Some(public) = public_origin.filter(|_| !is_health_check(request.uri().path())) {
        if !addressed_to(public, request.uri(), request.headers()) {
            tracing::warn!(
                route = %route_of(&request),
                "request for another host refused"
            );
            return (
                StatusCode::MISDIRECTED_REQUEST,
                "This service is not reached at this address",
            )
                .into_response();
        }
    }
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !same_site(request.headers(), public_origin) {
        tracing::warn!(route = %route_of(&request), "cross-site request refused");
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
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_page
        && !response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        response = with_page_policy(response).await;
    }
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

/// A page whose policy did not reach its response (a page sets it as it renders, and a
/// lazily loaded page has been seen to lose it) gets it here, from the nonce of the
/// page's first script; without one, the strict policy stands and the page's scripts do
/// not run.
async fn with_page_policy(response: Response<Body>) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "The page could not be read",
        )
            .into_response();
    };
    if let Some(value) =
        script_nonce(&bytes).and_then(|nonce| HeaderValue::from_str(&app::page_policy(nonce)).ok())
    {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The nonce of the first `<script nonce="…">` in `html`: only the page's own markup can
/// hold `<script` (text from users is escaped), and a nonce is base64.
fn script_nonce(html: &[u8]) -> Option<&str> {
    const OPEN: &[u8] = b"<script nonce=\"";
    let start = html.windows(OPEN.len()).position(|w| w == OPEN)? + OPEN.len();
    let len = html[start..].iter().position(|b| *b == b'"')?;
    let nonce = std::str::from_utf8(&html[start..start + len]).ok()?;
    let base64 = |c: char| c.is_ascii_alphanumeric() || "+/=-_".contains(c);
    (!nonce.is_empty() && nonce.len() <= 64 && nonce.chars().all(base64)).then_some(nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_s_nonce_is_read_only_from_its_own_script_tag() {
        let page = br#"<title>nonce="evil"</title><script nonce="Ab3+/9=">x</script>"#;
        assert_eq!(script_nonce(page), Some("Ab3+/9="));
        assert_eq!(script_nonce(br#"<p>&lt;script nonce="x"</p>"#), None);
        assert_eq!(script_nonce(br#"<script nonce="a b">"#), None);
        assert_eq!(script_nonce(b"<script>"), None);
    }
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
    #[case::configured_fetch_site_alone_is_not_enough(&[("sec-fetch-site", "same-origin"), ("host", "dsr.nhs.uk")], Some("https://dsr.nhs.uk"), false)]
    #[case::configured_rebound_page(&[("sec-fetch-site", "same-origin"), ("origin", "http://rebound.evil.test"), ("host", "dsr.nhs.uk")], Some("https://dsr.nhs.uk"), false)]
    #[case::configured_with_fetch_site(&[("sec-fetch-site", "same-origin"), ("origin", "https://dsr.nhs.uk")], Some("https://dsr.nhs.uk"), true)]
    #[case::configured_cross_site_fetch(&[("sec-fetch-site", "cross-site"), ("origin", "https://dsr.nhs.uk")], Some("https://dsr.nhs.uk"), false)]
    #[case::configured_case_and_default_port(&[("origin", "https://dsr.nhs.uk")], Some("HTTPS://DSR.nhs.uk:443"), true)]
    #[case::configured_other_scheme(&[("origin", "http://dsr.nhs.uk")], Some("https://dsr.nhs.uk"), false)]
    #[case::configured_other_port(&[("origin", "https://dsr.nhs.uk:8443")], Some("https://dsr.nhs.uk"), false)]
    #[case::configured_null_origin(&[("origin", "null")], Some("https://dsr.nhs.uk"), false)]
    fn changes_must_come_from_this_site(
        #[case] pairs: &[(&'static str, &'static str)],
        #[case] public: Option<&str>,
        #[case] allowed: bool,
    ) {
        assert_eq!(same_site(&headers(pairs), public), allowed);
    }

    #[rstest]
    #[case::exact("/", &[("host", "dsr.nhs.uk")], "https://dsr.nhs.uk", true)]
    #[case::any_case_and_default_port("/", &[("host", "DSR.NHS.uk:443")], "https://dsr.nhs.uk", true)]
    #[case::default_http_port("/", &[("host", "dsr.nhs.uk:80")], "http://dsr.nhs.uk", true)]
    #[case::explicit_port("/", &[("host", "127.0.0.1:3000")], "http://127.0.0.1:3000", true)]
    #[case::ipv6("/", &[("host", "[::1]:3000")], "http://[::1]:3000", true)]
    #[case::address_instead_of_name("/", &[("host", "10.0.0.5:3000")], "https://dsr.nhs.uk", false)]
    #[case::rebound_name("/", &[("host", "rebound.evil.test")], "https://dsr.nhs.uk", false)]
    #[case::other_port("/", &[("host", "dsr.nhs.uk:8443")], "https://dsr.nhs.uk", false)]
    #[case::port_of_the_other_scheme("/", &[("host", "dsr.nhs.uk:80")], "https://dsr.nhs.uk", false)]
    #[case::longer_name("/", &[("host", "dsr.nhs.uk.evil.test")], "https://dsr.nhs.uk", false)]
    #[case::user_part("/", &[("host", "evil@dsr.nhs.uk")], "https://dsr.nhs.uk", false)]
    #[case::empty_port("/", &[("host", "dsr.nhs.uk:")], "https://dsr.nhs.uk", false)]
    #[case::no_host("/", &[], "https://dsr.nhs.uk", false)]
    #[case::target_authority("https://dsr.nhs.uk/register", &[], "https://dsr.nhs.uk", true)]
    #[case::target_names_another("https://rebound.evil.test/register", &[("host", "dsr.nhs.uk")], "https://dsr.nhs.uk", false)]
    #[case::bad_setting("/", &[("host", "dsr.nhs.uk")], "dsr.nhs.uk", false)]
    fn requests_must_be_for_the_public_host(
        #[case] target: &str,
        #[case] pairs: &[(&'static str, &'static str)],
        #[case] public: &str,
        #[case] allowed: bool,
    ) {
        let uri: Uri = target.parse().unwrap();
        assert_eq!(addressed_to(public, &uri, &headers(pairs)), allowed);
    }
}
