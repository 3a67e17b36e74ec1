//! `GET /events`: the change log as server-sent events.
//!
//! A client names the last entry it has, by the `Last-Event-ID` header (sent by the
//! browser when it reconnects) or `?after=` (on its first connection, from the board it
//! rendered). It receives every later entry from the database, in order, then continues
//! live, with no gap and no duplicate: it subscribes to the live feed *before* reading the
//! log, and skips live entries it has already sent.

use app::{models::uk_today, state::AppState, store::change_log};
use axum::{
    extract::{Extension, Query},
    http::{HeaderMap, StatusCode},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures::{Stream, StreamExt};
use serde::Deserialize;
use std::{convert::Infallible, time::Duration};
use tokio::sync::broadcast::error::RecvError;

/// Entries read from the database per catch-up query.
const CATCH_UP_BATCH: i64 = 500;

/// The optional starting point of a first connection.
#[derive(Debug, Deserialize)]
pub struct After {
    after: Option<String>,
}

/// Streams change-log entries after the client's last one.
pub async fn events(
    Extension(state): Extension<AppState>,
    headers: HeaderMap,
    Query(query): Query<After>,
) -> Response {
    let given = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or("?").to_owned())
        .or(query.after);
    let after = match given.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) if id >= 0 => Some(id),
            _ => {
                return (
                    StatusCode::BAD_REQUEST,
                    "Last-Event-ID must be a change number (a whole number, 0 or more)",
                )
                    .into_response()
            }
        },
    };
    if app::auth::caller().is_err() {
        return (StatusCode::UNAUTHORIZED, "Sign in to follow the register").into_response();
    }
    // Subscribe before reading the log, so nothing committed in between is missed.
    let live = state.feed.subscribe();
    let head = match change_log::head(&state.db).await {
        Ok(head) => head,
        Err(error) => {
            tracing::error!(%error, "change feed could not read the log head");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The change feed is unavailable; try again shortly",
            )
                .into_response();
        }
    };
    let stream = match after {
        // Ahead of the log: the database was restored or reset. The board must reload.
        Some(after) if after > head => reset(head).boxed(),
        Some(after) => changes(state, after, live).boxed(),
        None => changes(state, head, live).boxed(),
    };
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    response
        .headers_mut()
        .insert("cache-control", "no-store".parse().expect("header"));
    response
        .headers_mut()
        .insert("x-accel-buffering", "no".parse().expect("header"));
    response
}

/// One `reset` event naming the newest entry, then the end of the stream.
fn reset(head: i64) -> impl Stream<Item = Result<Event, Infallible>> {
    async_stream::stream! {
        yield Ok(Event::default().event("reset").data(head.to_string()));
    }
}

/// Every entry after `after` from the log, then live entries.
fn changes(
    state: AppState,
    after: i64,
    mut live: tokio::sync::broadcast::Receiver<std::sync::Arc<app::models::BoardChange>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    async_stream::stream! {
        let mut last = after;
        loop {
            let today = uk_today(chrono::Utc::now());
            let batch = match change_log::changes_after(&state.db, last, CATCH_UP_BATCH, today).await {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::warn!(%error, "change feed catch-up failed; the client will reconnect");
                    return;
                }
            };
            let done = (batch.len() as i64) < CATCH_UP_BATCH;
            for change in batch {
                last = change.id;
                yield Ok(event(&change));
            }
            if done {
                break;
            }
        }
        loop {
            match live.recv().await {
                Ok(change) if change.id > last => {
                    last = change.id;
                    yield Ok(event(&change));
                }
                Ok(_) => {}
                // Too slow to keep up: end the stream; the browser reconnects with
                // Last-Event-ID and catches up from the database.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return,
            }
        }
    }
}

fn event(change: &app::models::BoardChange) -> Event {
    Event::default()
        .id(change.id.to_string())
        .event("change")
        .json_data(change)
        .unwrap_or_else(|_| Event::default().comment("unserialisable change"))
}
