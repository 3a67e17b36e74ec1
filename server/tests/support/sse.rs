//! Reading `/events` as a browser would: server-sent events parsed from the stream.
//! Shared by the tests and the benchmark, each of which uses a part.

use app::models::{BoardChange, FeedEntry};
use futures::StreamExt;
use std::time::Duration;

/// How long a reader waits for something that should happen at once, before giving up.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sse {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

impl Sse {
    /// The entry, as the viewer received it.
    pub fn entry(&self) -> FeedEntry {
        serde_json::from_str(&self.data).unwrap()
    }

    /// The entry, which must be a change in full.
    pub fn change(&self) -> BoardChange {
        match self.entry() {
            FeedEntry::Change(change) => change,
            other => panic!("expected a change in full, got {other:?}"),
        }
    }
}

/// A connected `/events` stream.
pub struct EventReader {
    body: futures::stream::BoxStream<'static, reqwest::Result<axum::body::Bytes>>,
    buffer: String,
}

impl EventReader {
    /// Connects with `client`, optionally sending `Last-Event-ID`; panics unless the
    /// answer is 200.
    pub async fn connect(
        client: &reqwest::Client,
        url: &str,
        last_event_id: Option<&str>,
    ) -> EventReader {
        let response = open(client, url, last_event_id).await;
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
            ids.push(event.entry().id());
        }
        ids
    }
}

/// Opens `/events` with `client` without reading it.
pub async fn open(
    client: &reqwest::Client,
    url: &str,
    last_event_id: Option<&str>,
) -> reqwest::Response {
    let mut request = client.get(url);
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    request.send().await.unwrap()
}
