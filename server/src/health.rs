//! `/healthz` (the process is up) and `/readyz` (the database answers and the instance
//! is not stopping).

use app::state::AppState;
use axum::{extract::Extension, http::StatusCode};

/// Always 200 while the process serves requests.
pub async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}

/// 200 when the database answers, 503 when it does not or this instance is stopping.
pub async fn readyz(Extension(state): Extension<AppState>) -> (StatusCode, &'static str) {
    if *state.feed.closing().borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "stopping");
    }
    match tokio::time::timeout(std::time::Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
