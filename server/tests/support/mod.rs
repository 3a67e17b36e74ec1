//! Shared by the feed tests: a server on a free port, `dsr` processes, rating changes and
//! chair moves over HTTP, and a small server-sent-events reader.

#![allow(dead_code)]

use app::{
    state::{AppState, Settings},
    store::Db,
};
use leptos::prelude::LeptosOptions;

pub mod instance;
pub mod sse;

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
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    (format!("http://{addr}"), state)
}

/// Posts a form to a server function, as a browser would; returns the status.
pub async fn post_form(base: &str, endpoint: &str, body: String) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("{base}/api/{endpoint}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

/// Changes a rating through the HTTP API.
pub async fn change_rating(
    base: &str,
    person: &str,
    version: i64,
    rating: &str,
) -> reqwest::StatusCode {
    let body =
        format!("person_id={person}&version={version}&rating={rating}&rationale=Agreed+at+meeting");
    post_form(base, "change_rating", body).await
}

/// Moves the meeting's chair to `person` through the HTTP API.
pub async fn move_chair(base: &str, person: &str) -> reqwest::StatusCode {
    post_form(base, "move_chair", format!("person_id={person}")).await
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
