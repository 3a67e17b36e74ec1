//! CSV downloads: a table of figures (`GET /figures/export`) and a list with names a
//! coordinator asked for (`GET /figures/names/download`). Each runs the app's export in
//! the request's context (its session, its client address), as a server function would,
//! so the same access rules and audit apply; the file is sent as an attachment, never
//! kept by a cache.

use app::{
    error::AppError,
    figures::{export, names_page::DOWNLOAD},
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Extension, Query, Request},
    http::{header, HeaderValue, Response, StatusCode},
    response::{IntoResponse, Redirect},
};
use leptos::{
    prelude::provide_context,
    reactive::{computed::ScopedFuture, owner::Owner},
};
use std::future::Future;

/// Runs `work` with the request's parts (its session and client) and the app's state in
/// context, as the app's server functions run.
async fn in_request<T>(state: AppState, request: Request, work: impl Future<Output = T>) -> T {
    let (parts, _) = request.into_parts();
    let owner = Owner::new();
    owner
        .with(|| {
            ScopedFuture::new(async move {
                provide_context(parts);
                provide_context(state);
                work.await
            })
        })
        .await
}

/// A CSV file as an attachment.
fn attachment((name, content): export::Download) -> Response<Body> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        content,
    )
        .into_response()
}

/// A refusal in plain words, with its status.
fn refusal(error: AppError) -> Response<Body> {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let words = match &error {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join(". "),
        other => other.to_string(),
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        words,
    )
        .into_response()
}

/// What `/figures/export` takes: the table and the day.
#[derive(Debug, Default, serde::Deserialize)]
pub struct TableAsked {
    table: Option<String>,
    on_day: Option<String>,
    on_month: Option<String>,
    on_year: Option<String>,
}

/// `GET /figures/export?table=…&on_day=…&on_month=…&on_year=…`: one table of figures.
pub async fn figures_table(
    Extension(state): Extension<AppState>,
    Query(asked): Query<TableAsked>,
    request: Request,
) -> Response<Body> {
    let parts = [asked.on_day, asked.on_month, asked.on_year].map(Option::unwrap_or_default);
    let key = asked.table.unwrap_or_default();
    match in_request(state, request, export::figures_table(&key, parts)).await {
        Ok(file) => attachment(file),
        Err(error) => refusal(error),
    }
}

/// `GET /figures/names/download`: the list with names the caller asked for, once; with
/// nothing asked for (or already downloaded), back to asking.
pub async fn names(Extension(state): Extension<AppState>, request: Request) -> Response<Body> {
    match in_request(state, request, export::names()).await {
        Ok(Some(file)) => attachment(file),
        Ok(None) => Redirect::to("/figures/names?gone=yes").into_response(),
        Err(error) => refusal(error),
    }
}

/// `HEAD` of a download: refused (405), since a download is made and audited as it is
/// sent (a link checker or prefetcher must not use up a list with names).
pub async fn no_head() -> StatusCode {
    StatusCode::METHOD_NOT_ALLOWED
}

/// The address of the names download, as routed.
pub const NAMES_DOWNLOAD: &str = DOWNLOAD;
