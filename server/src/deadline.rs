//! A deadline on every request (`DSR_REQUEST_SECONDS`, default 30): one not answered in
//! time, such as a body that never finishes arriving or a database that does not answer,
//! is dropped (a transaction it had begun rolls back) and answered 503 with a retry hint.
//! A live feed is answered as soon as it opens, so its stream is not cut.

use app::state::AppState;
use axum::{
    extract::{Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Answers `request`, or 503 once its deadline has passed.
pub async fn deadline(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.settings.request_deadline;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                seconds = limit.as_secs(),
                "a request was cut at its deadline"
            );
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                "The service took too long to answer. Try again shortly; if you were saving a change, check first whether it was saved",
            )
                .into_response()
        }
    }
}
