//! A staff form posted without JavaScript and refused by its server function (a problem
//! with an answer, or saved meanwhile by someone else) is answered by a redirect back to
//! its page, which the server draws again knowing the error but not what was typed. This
//! layer keeps what was typed with the session (sealed, shown once, never in the address),
//! so that page puts it back in the form instead of losing it, and sends the browser to
//! the page's error summary (`#error-summary`), wherever on the page the form is.

use crate::router::MAX_BODY_BYTES;
use app::{
    auth::{
        session::Session,
        shown_once::{self, KEEP_ON_REFUSAL},
        wire::{KeptForm, ShownOnce},
    },
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, Method, Response, StatusCode},
    middleware::Next,
    response::IntoResponse,
};

/// Whether a request is a form posted without JavaScript to a server function by a
/// signed-in person: a form body, and an answer asked for as a page.
fn is_plain_post(request: &Request) -> bool {
    let header_has = |name: header::HeaderName, part: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(part))
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        && header_has(header::ACCEPT, "text/html")
        && request.extensions().get::<Session>().is_some()
}

/// Whether an answer sends the browser back to the form's page with the refusal in the
/// address (how a server function answers a refused plain post).
fn sends_back_refused(headers: &HeaderMap, status: StatusCode) -> bool {
    status.is_redirection()
        && headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|location| location.contains("__err="))
}

/// The page an address names: its path, without the origin or the query.
fn page_of(location: &str) -> String {
    let path = match location.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => location,
    };
    path.split(['?', '#']).next().unwrap_or_default().to_owned()
}

/// The posted fields of a form that asks to be kept when refused, without that field:
/// only a form that changes a person's record (it names the record), and never a field
/// that holds a password.
fn fields_to_keep(body: &[u8]) -> Option<Vec<(String, String)>> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let has = |field: &str| fields.iter().any(|(name, _)| name == field);
    if !(has(KEEP_ON_REFUSAL) && has("person_id")) {
        return None;
    }
    Some(
        fields
            .into_iter()
            .filter(|(name, _)| name != KEEP_ON_REFUSAL && !name.contains("password"))
            .collect(),
    )
}

/// Keeps what was typed into a refused plain post of a staff form with the poster's
/// session; every other request passes through untouched.
pub async fn keep_refused_forms(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    if !is_plain_post(&request) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large").into_response();
    };
    let path = parts.uri.path().to_owned();
    let session = parts.extensions.get::<Session>().cloned();
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if !sends_back_refused(response.headers(), response.status()) {
        return response;
    }
    let page = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(page_of)
        .unwrap_or_default();
    if let (Some(session), Some(fields)) = (session, fields_to_keep(&bytes)) {
        let kept = ShownOnce::KeptForm(KeptForm { path, page, fields });
        if let Err(error) = shown_once::keep(&state, &session.token, &kept).await {
            // The refusal still reaches the page; only the typed text is not put back.
            tracing::warn!(%error, "a refused form's fields could not be kept");
        }
    }
    to_the_summary(response)
}

/// The summary's fragment put on the address a refused post is sent back to, so the page
/// opens at its error summary rather than at the top.
fn to_the_summary(mut response: Response<Body>) -> Response<Body> {
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(with_summary_fragment);
    if let Some(Ok(location)) = location.map(|l| header::HeaderValue::from_str(&l)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// `location` with its fragment, if any, replaced by the error summary's.
fn with_summary_fragment(location: &str) -> String {
    let page = location.split('#').next().unwrap_or_default();
    format!("{page}#{}", app::layout::ERROR_SUMMARY_ID)
}

#[cfg(test)]
mod tests {
    use super::{fields_to_keep, page_of, sends_back_refused, with_summary_fragment};
    use axum::http::{header, HeaderMap, HeaderValue, StatusCode};

    #[test]
    fn only_forms_that_ask_are_kept_without_the_asking_field() {
        assert_eq!(
            fields_to_keep(b"keep_on_refusal=yes&person_id=p1&version=2&current_issues=a+b%26c"),
            Some(vec![
                ("person_id".into(), "p1".into()),
                ("version".into(), "2".into()),
                ("current_issues".into(), "a b&c".into()),
            ])
        );
        assert_eq!(
            fields_to_keep(b"person_id=p1&version=2&current_issues=a"),
            None
        );
        // Never a sign-in or a password change, whatever the post says.
        assert_eq!(
            fields_to_keep(b"keep_on_refusal=yes&email=a%40b&password=secret"),
            None
        );
        assert_eq!(
            fields_to_keep(b"keep_on_refusal=yes&person_id=p&version=1&new_password=s"),
            Some(vec![
                ("person_id".into(), "p".into()),
                ("version".into(), "1".into())
            ])
        );
    }

    #[test]
    fn only_a_redirect_carrying_a_refusal_counts() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::LOCATION,
            HeaderValue::from_static("/people/1/narrative?__path=x&__err=abc"),
        );
        assert!(sends_back_refused(&headers, StatusCode::FOUND));
        assert!(!sends_back_refused(&headers, StatusCode::OK));
        headers.insert(header::LOCATION, HeaderValue::from_static("/people/1"));
        assert!(!sends_back_refused(&headers, StatusCode::FOUND));
    }

    #[test]
    fn the_page_is_the_path_the_browser_is_sent_back_to() {
        assert_eq!(
            page_of("/people/1/narrative?__path=x&__err=abc"),
            "/people/1/narrative"
        );
        assert_eq!(
            page_of("http://127.0.0.1:3000/people/1/consent?__err=a#top"),
            "/people/1/consent"
        );
        assert_eq!(page_of("https://dsr.example"), "/");
    }

    #[test]
    fn the_browser_is_sent_to_the_error_summary() {
        assert_eq!(
            with_summary_fragment("/people/1?__err=a#top"),
            "/people/1?__err=a#error-summary"
        );
        assert_eq!(
            with_summary_fragment("/people/1?__err=a"),
            "/people/1?__err=a#error-summary"
        );
    }
}
