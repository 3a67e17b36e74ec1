//! Shared by the feed tests: a server on a free port, rating changes over HTTP, and a small
//! server-sent-events reader.

#![allow(dead_code)]

use app::{
    models::BoardChange,
    state::{AppState, Settings},
    store::Db,
};
use futures::StreamExt;
use leptos::prelude::LeptosOptions;
use std::time::Duration;

/// How long a test waits for something that should happen at once, before failing.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// Serves the router for `db` on a free local port; returns its base URL and state.
pub async fn serve(db: &Db) -> (String, AppState) {
    let state = AppState::start(db.clone(), Settings::default())
        .await
        .unwrap();
    let router = server::router::router(
        state.clone(),
        LeptosOptions::builder().output_name("dsr").build(),
    );
    let listener = server::router::listen(([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let addr = axum::serve::Listener::local_addr(&listener).unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), state)
}

/// Changes a rating through the HTTP API, as a browser would.
pub async fn change_rating(
    base: &str,
    person: &str,
    version: i64,
    rating: &str,
) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("{base}/api/change_rating"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(format!(
            "person_id={person}&version={version}&rating={rating}&rationale=Agreed+at+meeting"
        ))
        .send()
        .await
        .unwrap()
        .status()
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sse {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

impl Sse {
    pub fn change(&self) -> BoardChange {
        serde_json::from_str(&self.data).unwrap()
    }
}

/// A connected `/events` stream.
pub struct EventReader {
    body: futures::stream::BoxStream<'static, reqwest::Result<axum::body::Bytes>>,
    buffer: String,
}

impl EventReader {
    /// Connects, optionally sending `Last-Event-ID`; panics unless the answer is 200.
    pub async fn connect(url: &str, last_event_id: Option<&str>) -> EventReader {
        let response = open(url, last_event_id).await;
        assert_eq!(response.status(), 200, "{url}");
        EventReader::from_response(response)
    }

    /// Reads an already opened `/events` response.
    pub fn from_response(response: reqwest::Response) -> EventReader {
        EventReader {
            body: response.bytes_stream().boxed(),
            buffer: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped), or `None` if the stream ended or
    /// nothing came within [`PATIENCE`].
    pub async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = Sse {
                    id: None,
                    event: "message".into(),
                    data: String::new(),
                };
                let mut has_data = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        event.id = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event.event = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        event.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        has_data = true;
                    }
                }
                if has_data {
                    return Some(event);
                }
                continue;
            }
            match tokio::time::timeout(PATIENCE, self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return None,
            }
        }
    }

    /// The next `n` change events' ids.
    pub async fn ids(&mut self, n: usize) -> Vec<i64> {
        let mut ids = Vec::new();
        while ids.len() < n {
            let Some(event) = self.next().await else {
                break;
            };
            assert_eq!(event.event, "change");
            ids.push(event.change().id);
        }
        ids
    }
}

/// Opens `/events` without reading it.
pub async fn open(url: &str, last_event_id: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(url);
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    request.send().await.unwrap()
}

/// A client that asks for `/events` and then never reads: a tiny receive buffer makes the
/// server's writes back up almost at once.
pub async fn stuck_client(base: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(2048).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let request =
        format!("GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream
}
