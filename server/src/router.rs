//! The HTTP router: pages, server functions, health checks and static files.

use crate::health::{healthz, readyz};
use app::{error::AppError, shell, state::AppState, App};
use axum::{
    body::Body,
    extract::Extension,
    http::{header, HeaderValue, Response, StatusCode},
    middleware::map_response,
    routing::get,
    Router,
};
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{compression::CompressionLayer, limit::RequestBodyLimitLayer};

/// The largest request body accepted (rating forms are small; a rationale is 2,000
/// characters at most).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Builds the router for `state`, serving the site described by `options`.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .layer(map_response(server_fn_status))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(Extension(state))
        .with_state(options)
}

/// Server functions answer every error with 500; give each [`AppError`] its own status
/// (422 invalid, 409 conflict, 404, 400…) so direct callers get a correct, readable answer.
async fn server_fn_status(response: Response<Body>) -> Response<Body> {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}
