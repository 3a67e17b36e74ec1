//! Every request's id, log line and metrics. The id (random, also sent back as
//! `X-Request-Id`) is on every log line written while the request is handled, including
//! by tasks a page render spawns ([`SpanExecutor`]). A request is logged and counted by
//! its route's pattern (`/people/{id}`), never its path or query, so nothing a person
//! typed or a record's address reaches the log.

use app::{metrics::Metrics, state::AppState};
use axum::{
    extract::{MatchedPath, Request, State},
    http::HeaderValue,
    middleware::Next,
    response::Response,
};
use rand::RngCore;
use tracing::Instrument;

/// The response header naming the request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// Gives the request its id and span, then logs and counts its answer.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let id = request_id();
    let span = tracing::info_span!("request", request_id = %id);
    let mut pending = Pending {
        metrics: state.kept::<Metrics>(),
        route: route_of(&request),
        method: method_of(&request),
        started: std::time::Instant::now(),
        span: span.clone(),
        done: false,
    };
    let mut response = next.run(request).instrument(span).await;
    pending.answered(response.status().as_u16(), "answered");
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// A request being handled. Dropped before it is answered (its client went away, or a
/// proxy gave up on it), it is still logged and counted, with status 499.
struct Pending {
    metrics: std::sync::Arc<Metrics>,
    route: String,
    method: &'static str,
    started: std::time::Instant,
    span: tracing::Span,
    done: bool,
}

impl Pending {
    fn answered(&mut self, status: u16, message: &'static str) {
        self.done = true;
        let took = self.started.elapsed();
        self.metrics.request(&self.route, self.method, status, took);
        self.span.in_scope(|| {
            tracing::info!(
                method = %self.method,
                route = %self.route,
                status,
                ms = took.as_secs_f64() * 1000.0,
                "{message}"
            )
        });
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            self.answered(CLIENT_GONE, "abandoned by its client");
        }
    }
}

/// The status a request is counted with when its client stopped waiting (nginx's 499).
pub const CLIENT_GONE: u16 = 499;

/// 16 random hex digits.
fn request_id() -> String {
    format!("{:016x}", rand::thread_rng().next_u64())
}

/// The pattern of the route that answered `request`; static files and unknown paths
/// share one label each, so the metrics' labels stay few whatever is asked for.
pub fn route_of(request: &Request) -> String {
    match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        None if request.uri().path().starts_with("/pkg/") => "/pkg/{file}".into(),
        None if request.uri().path().starts_with("/nhsuk/") => "/nhsuk/{file}".into(),
        None => "other".into(),
    }
}

/// The request's method, when it is one the portal answers; any other (a client may send
/// any token) is `other`, so the metrics' labels stay few.
fn method_of(request: &Request) -> &'static str {
    use axum::http::Method;
    match *request.method() {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// Spawns Leptos's tasks on Tokio inside the span of whoever spawned them, so a page
/// render's lines carry its request's id.
pub struct SpanExecutor;

impl any_spawner::CustomExecutor for SpanExecutor {
    fn spawn(&self, task: any_spawner::PinnedFuture<()>) {
        tokio::spawn(task.in_current_span());
    }

    fn spawn_local(&self, task: any_spawner::PinnedLocalFuture<()>) {
        tokio::task::spawn_local(task.in_current_span());
    }

    fn poll_local(&self) {}
}
