//! `GET /events`: the change log as server-sent events.
//!
//! A client names the last entry it has, by the `Last-Event-ID` header (sent by the
//! browser when it reconnects) or `?after=` (on its first connection, from the board it
//! rendered). It receives every later entry from the database, in order, then continues
//! live, with no gap and no duplicate: it subscribes to the live feed *before* reading the
//! log, and skips live entries it has already sent. Each entry is sent as the viewer may
//! see it (`auth::access::Scope::entry`), catch-up included: the viewer's links are read
//! once per connection and again on each change of who is linked to a record.

use app::{
    auth::{
        access::{Scope, REGISTER},
        session::Session,
        Caller,
    },
    metrics::Metrics,
    models::{uk_today, BoardChange, FeedEntry, PersonId},
    state::AppState,
    store::{audit::AuditEntry, change_log, sessions, sessions::Stage, timestamp_now},
};
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
use std::{collections::HashMap, convert::Infallible, time::Duration};
use tokio::sync::broadcast::error::RecvError;

/// Entries read from the database per catch-up query.
const CATCH_UP_BATCH: i64 = 500;

/// The most entries a reconnecting page catches up on without it being audited: a catch-up
/// reaching further back (such as a replay from 0) reads history, so it is recorded.
pub const LIVE_TAIL: i64 = 100;

/// The optional starting point of a first connection.
#[derive(Debug, Deserialize)]
pub struct After {
    after: Option<String>,
}

/// A `Last-Event-ID` (or `?after=`) that is not a change number.
#[derive(Debug, PartialEq, Eq)]
pub struct NotAChangeNumber;

/// The change number a client names as its last, from a `Last-Event-ID` header or an
/// `?after=` value: digits only (no sign), with any surrounding whitespace; `None` when
/// it names none (empty or blank).
pub fn parse_last_event_id(text: &str) -> Result<Option<i64>, NotAChangeNumber> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NotAChangeNumber);
    }
    text.parse().map(Some).map_err(|_| NotAChangeNumber)
}

/// Streams change-log entries after the client's last one.
pub async fn events(
    Extension(state): Extension<AppState>,
    session: Option<Extension<Session>>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Query(query): Query<After>,
) -> Response {
    let given = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or("?").to_owned())
        .or(query.after);
    let Ok(after) = parse_last_event_id(given.as_deref().unwrap_or("")) else {
        return (
            StatusCode::BAD_REQUEST,
            "Last-Event-ID must be a change number (a whole number, 0 or more)",
        )
            .into_response();
    };
    if *state.feed.closing().borrow() {
        return unavailable();
    }
    let Some(Extension(session)) = session.filter(|s| s.stage == Stage::Full) else {
        return (StatusCode::UNAUTHORIZED, "Sign in to follow the register").into_response();
    };
    if !REGISTER.contains(&session.account.member.role) {
        return (
            StatusCode::FORBIDDEN,
            "Your account does not give access to the register",
        )
            .into_response();
    }
    let viewer = Caller {
        client: String::new(),
        ..Caller::of(&session)
    };
    // Subscribe before reading the log, so nothing committed in between is missed.
    let live = state.feed.subscribe();
    let (head, scope) = match (
        change_log::head(&state.db).await,
        Scope::of(&state, &viewer).await,
    ) {
        (Ok(head), Ok(scope)) => (head, scope),
        _ => {
            tracing::error!("change feed could not read the log head or the viewer's scope");
            return unavailable();
        }
    };
    if let Some(after) = after.filter(|after| head - after > LIVE_TAIL) {
        let client = crate::refused_pages::client_of(&state, &headers, &extensions);
        let detail = format!("from {after} to {head}: {} entries", head - after);
        let entry = AuditEntry::new(&viewer.email, "feed_catch_up", &client).detail(&detail);
        if state.audit(&entry).await.is_err() {
            return unavailable();
        }
    }
    let stream = match after {
        // Ahead of the log: the database was restored or reset. The board must reload.
        Some(after) if after > head => reset(head).boxed(),
        Some(after) => changes(state, session, scope, after, live).boxed(),
        None => changes(state, session, scope, head, live).boxed(),
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

/// The answer when the feed cannot start (or this instance is stopping): try again shortly.
fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [("retry-after", "1")],
        "The change feed is unavailable; try again shortly",
    )
        .into_response()
}

/// How soon a client whose stream ended because this instance is stopping should
/// reconnect (the `retry` field its browser follows).
pub const RETRY_WHEN_STOPPING: Duration = Duration::from_millis(500);

/// The last event of a stream ended because this instance is stopping.
fn stopping() -> Event {
    Event::default()
        .retry(RETRY_WHEN_STOPPING)
        .comment("this server is stopping; reconnect")
}

/// One `reset` event naming the newest entry, then the end of the stream.
fn reset(head: i64) -> impl Stream<Item = Result<Event, Infallible>> {
    async_stream::stream! {
        yield Ok(Event::default().event("reset").data(head.to_string()));
    }
}

/// How often a live stream checks that its session is still live.
const SESSION_CHECK: Duration = Duration::from_secs(60);

/// Every entry after `after` from the log, then live entries, each as `scope` may see it
/// (entries it may not see are left out); the stream ends when the session does, or with
/// a retry hint when the feed closes (this instance is stopping).
fn changes(
    state: AppState,
    session: Session,
    mut scope: Scope,
    after: i64,
    mut live: tokio::sync::broadcast::Receiver<std::sync::Arc<BoardChange>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let mut closing = state.feed.closing();
    async_stream::stream! {
        let mut last = after;
        loop {
            let closed = *closing.borrow();
            if closed {
                yield Ok(stopping());
                return;
            }
            let today = uk_today(chrono::Utc::now());
            let batch = match change_log::changes_after(&state.db, last, CATCH_UP_BATCH, today).await {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::warn!(%error, "change feed catch-up failed; the client will reconnect");
                    return;
                }
            };
            let done = (batch.len() as i64) < CATCH_UP_BATCH;
            let mut seen = Vec::with_capacity(batch.len());
            for change in batch {
                last = change.id;
                match as_seen(&state, &mut scope, &change).await {
                    Ok(Some(entry)) => seen.push((change.person, entry)),
                    Ok(None) => {}
                    Err(()) => return,
                }
            }
            // Each entry carries the person's card as it is now, so of a person's brief
            // cards only the last is sent: a replay tells no more than that a card changed.
            let latest_brief: HashMap<PersonId, i64> = seen
                .iter()
                .filter(|(_, entry)| matches!(entry, FeedEntry::Brief(_)))
                .map(|(person, entry)| (*person, entry.id()))
                .collect();
            for (person, entry) in seen {
                if matches!(entry, FeedEntry::Brief(_)) && latest_brief.get(&person) != Some(&entry.id()) {
                    continue;
                }
                yield Ok(event(&entry));
            }
            if done {
                break;
            }
        }
        let mut check = tokio::time::interval(SESSION_CHECK);
        check.tick().await;
        loop {
            let received = tokio::select! {
                received = live.recv() => Some(received),
                () = async { let _ = closing.wait_for(|closing| *closing).await; } => None,
                _ = check.tick() => {
                    let limits = state.settings.sessions;
                    match sessions::is_live(&state.db, &session.token, timestamp_now(), limits).await {
                        Ok(true) => continue,
                        _ => return,
                    }
                }
            };
            let Some(received) = received else {
                yield Ok(stopping());
                return;
            };
            match received {
                Ok(change) if change.id > last => {
                    last = change.id;
                    match as_seen(&state, &mut scope, &change).await {
                        Ok(Some(entry)) => {
                            let lag = (chrono::Utc::now() - change.at).to_std().unwrap_or_default();
                            state.kept::<Metrics>().feed_sent(lag);
                            yield Ok(event(&entry))
                        }
                        Ok(None) => {}
                        Err(()) => return,
                    }
                }
                Ok(_) => {}
                // Too slow to keep up: end the stream; the browser reconnects with
                // Last-Event-ID and catches up from the database.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return,
            }
        }
    }
}

/// `change` as `scope` may see it, `None` when it may not; `Err` when the database cannot
/// say (the stream then ends, and the client reconnects).
async fn as_seen(
    state: &AppState,
    scope: &mut Scope,
    change: &BoardChange,
) -> Result<Option<FeedEntry>, ()> {
    match scope.entry(state, change).await {
        Ok(entry) => Ok(entry),
        Err(error) => {
            tracing::warn!(%error, "change feed could not check access; the client will reconnect");
            Err(())
        }
    }
}

/// One entry as a `change` event.
fn event(entry: &FeedEntry) -> Event {
    Event::default()
        .id(entry.id().to_string())
        .event("change")
        .json_data(entry)
        .unwrap_or_else(|_| Event::default().comment("unserialisable change"))
}

#[cfg(test)]
mod tests {
    use super::{parse_last_event_id, NotAChangeNumber};
    use proptest::prelude::*;

    #[test]
    fn reads_change_numbers_and_nothing_else() {
        assert_eq!(parse_last_event_id(""), Ok(None));
        assert_eq!(parse_last_event_id(" \t"), Ok(None));
        assert_eq!(parse_last_event_id("0"), Ok(Some(0)));
        assert_eq!(parse_last_event_id(" 42 "), Ok(Some(42)));
        assert_eq!(
            parse_last_event_id("9223372036854775807"),
            Ok(Some(i64::MAX))
        );
        for refused in [
            "-1",
            "-0",
            "+1",
            "1.0",
            "1e3",
            "0x10",
            "9223372036854775808",
            "1 2",
            "?",
            "٣",
        ] {
            assert_eq!(
                parse_last_event_id(refused),
                Err(NotAChangeNumber),
                "{refused:?}"
            );
        }
    }

    proptest! {
        /// Any text: never a panic; a number exactly when the trimmed text is digits
        /// that fit, nothing exactly when it is blank.
        #[test]
        fn any_text_is_a_change_number_exactly_when_it_is_digits(text in any::<String>()) {
            let trimmed = text.trim();
            let expected = if trimmed.is_empty() {
                Ok(None)
            } else if trimmed.bytes().all(|b| b.is_ascii_digit()) {
                trimmed.parse::<i64>().map(Some).map_err(|_| NotAChangeNumber)
            } else {
                Err(NotAChangeNumber)
            };
            prop_assert_eq!(parse_last_event_id(&text), expected);
        }

        /// Every change number, however padded, reads back as itself.
        #[test]
        fn every_change_number_reads_back(
            id in 0..=i64::MAX,
            zeros in 0..3usize,
            before in "[ \t]{0,3}",
            after in "[ \t]{0,3}",
        ) {
            let text = format!("{before}{}{id}{after}", "0".repeat(zeros));
            prop_assert_eq!(parse_last_event_id(&text), Ok(Some(id)));
        }
    }
}
