//! `/metrics` in the Prometheus text format: on the site's port for the bearer of
//! `DSR_METRICS_TOKEN` (see `app::auth::operator`), and on `DSR_METRICS_ADDR`, when set,
//! for anyone who can reach that address.

use app::{
    auth::operator::may_read_metrics,
    metrics::{Gauges, Metrics},
    state::AppState,
};
use axum::{
    extract::Extension,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

/// The token `/metrics` on the site's port asks for (`DSR_METRICS_TOKEN`), added to the
/// router as an extension; without it, `/metrics` is not on the site's port.
#[derive(Clone, Debug, Default)]
pub struct MetricsToken(pub Option<String>);

/// `GET /metrics` on the site's port: the metrics to the bearer of the token; 401 to
/// anyone else; 404 when no token is set (then the page is not there).
pub async fn with_token(
    Extension(state): Extension<AppState>,
    token: Option<Extension<MetricsToken>>,
    headers: HeaderMap,
) -> Response {
    let Some(Extension(MetricsToken(Some(token)))) = token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !may_read_metrics(Some(&token), authorization) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "The metrics need the operator's token",
        )
            .into_response();
    }
    text(&state)
}

/// The router for the separate monitoring address: `/metrics` only.
pub fn monitoring_router(state: AppState) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let state = state.clone();
            async move { text(&state) }
        }),
    )
}

/// The metrics now.
fn text(state: &AppState) -> Response {
    let gauges = Gauges {
        feed_clients: state.feed.subscribers(),
        pool: state.db.pool_use(),
    };
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        state.kept::<Metrics>().render(gauges),
    )
        .into_response()
}
