//! The HTTP router: pages, server functions, health checks and static files.

use crate::{
    deadline::deadline,
    downloads,
    events::events,
    health::{healthz, readyz},
    metrics,
    observe::observe,
    plain_referral::{self, find_kept_referral},
    preload_links::anonymous_preloads,
    redirects::own_site_redirects,
    refused_forms::keep_refused_forms,
    refused_pages::audit_refused_pages,
    security::{check_origin, resolve_session, security_headers},
    service_worker::refer_service_worker,
};
use app::{
    auth::session::Session,
    error::AppError,
    people::wire::ClosedSearch,
    register::board_query::{BoardQuery, FilterForm, Filters},
    shell,
    state::AppState,
    App,
};
use axum::{
    body::Body,
    extract::{ConnectInfo, Extension, Form, State},
    http::{header, HeaderMap, HeaderValue, Request, Response, StatusCode, Uri},
    middleware::{from_fn_with_state, map_response},
    response::{IntoResponse, Redirect},
    routing::{get, post},
    Router,
};
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::{compression::CompressionLayer, limit::RequestBodyLimitLayer};

/// Kernel send buffer per connection. Set explicitly so hundreds of long-lived event
/// streams cannot each grow to megabytes, and so a client that stops reading backs up
/// quickly, falls behind the feed and is dropped (it catches up when it reconnects).
pub const SEND_BUFFER_BYTES: usize = 256 * 1024;

/// The listener [`listen`] returns: TCP with each connection tuned by [`tune`].
pub type TunedListener =
    axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)>;

/// Binds `addr` for serving: no Nagle delay (events go out at once) and a bounded send
/// buffer per connection. Served with `into_make_service_with_connect_info::<SocketAddr>()`,
/// requests carry the client's address for the audit trail.
pub async fn listen(addr: std::net::SocketAddr) -> std::io::Result<TunedListener> {
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    Ok(listener.tap_io(tune as fn(&mut tokio::net::TcpStream)))
}

/// Tunes one accepted connection.
fn tune(stream: &mut tokio::net::TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = socket2::SockRef::from(&*stream).set_send_buffer_size(SEND_BUFFER_BYTES);
}

/// The largest request body accepted (rating forms are small; a rationale is 2,000
/// characters at most).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The app's page routes, worked out once per process. Working them out renders the app
/// with resource loading suppressed process-wide (leptos-rs/leptos#4773), so it must never
/// run while a page is rendering: here it runs before the first router exists, and never
/// again.
pub fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the router for `state`, serving the site described by `options`.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/events", get(events))
        .route("/metrics", get(metrics::with_token))
        .route("/register", post(searched_page::<FilterForm>))
        .route("/register/closed", post(searched_page::<ClosedSearch>))
        .route("/refer-sw.js", get(refer_service_worker))
        .route("/refer/answer", post(plain_referral::answer))
        .route("/refer/send", post(plain_referral::send))
        .route("/refer/delete", post(plain_referral::delete))
        // GET only (not HEAD): each answer is made and audited as it is sent.
        .route(
            "/figures/export",
            get(downloads::figures_table).head(downloads::no_head),
        )
        .route(
            downloads::NAMES_DOWNLOAD,
            get(downloads::names).head(downloads::no_head),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .layer(map_response(server_fn_status))
        .layer(from_fn_with_state(state.clone(), audit_refused_pages))
        .layer(from_fn_with_state(state.clone(), keep_refused_forms))
        .layer(axum::middleware::from_fn(find_kept_referral))
        .layer(axum::middleware::from_fn(own_site_redirects))
        .layer(from_fn_with_state(state.clone(), resolve_session))
        .layer(from_fn_with_state(state.clone(), check_origin))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(from_fn_with_state(state.clone(), security_headers))
        // After the page's policy is settled (it names the nonce), before compression.
        .layer(map_response(anonymous_preloads))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(state.clone(), deadline))
        .layer(from_fn_with_state(state.clone(), observe))
        .layer(Extension(state))
        .with_state(options)
}

/// A search form as posted without JavaScript.
trait PostedSearch {
    /// The page's address for what was posted, when it holds nothing that may not go in a
    /// URL; `None` when it holds a search.
    fn address(&self) -> Option<String>;
}

impl PostedSearch for FilterForm {
    /// Filters without a search have an address of their own (so Back and bookmarks work).
    fn address(&self) -> Option<String> {
        let filters = Filters::from(self.clone());
        filters.q.is_empty().then(|| {
            BoardQuery::default()
                .as_list(self.view.as_deref() == Some("list"))
                .with_filters(&filters)
                .href()
        })
    }
}

impl PostedSearch for ClosedSearch {
    fn address(&self) -> Option<String> {
        None
    }
}

/// A search form posted without JavaScript (the board's filters, the closed records'
/// search): the same page rendered with the posted form in its context, so a search (a
/// name or NHS number) never appears in a URL or access log. Without a search, a
/// redirect (303) to the page's address for what was posted.
async fn searched_page<F>(
    State(options): State<LeptosOptions>,
    Extension(state): Extension<AppState>,
    session: Option<Extension<Session>>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<F>,
) -> Response<Body>
where
    F: PostedSearch + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    if let Some(address) = form.address() {
        return Redirect::to(&address).into_response();
    }
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(form.clone());
        },
        move || shell(options.clone()),
    );
    let mut request = Request::get(uri)
        .body(Body::empty())
        .expect("valid request");
    *request.headers_mut() = headers;
    if let Some(Extension(session)) = session {
        request.extensions_mut().insert(session);
    }
    if let Some(Extension(client)) = client {
        request.extensions_mut().insert(client);
    }
    // The render is a GET of the same page; the posted body has been read.
    request.headers_mut().remove(header::CONTENT_TYPE);
    request.headers_mut().remove(header::CONTENT_LENGTH);
    render(request).await
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
        if error == AppError::Busy {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
