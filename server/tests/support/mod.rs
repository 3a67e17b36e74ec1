//! Shared by the feed tests: a server on a free port, `dsr` processes, rating changes and
//! chair moves over HTTP, and a small server-sent-events reader.

use app::{
    state::{AppState, Settings},
    store::Db,
};
use leptos::prelude::LeptosOptions;

pub mod instance;
pub mod record;
pub mod referral;
pub mod signing_in;
pub mod sse;
pub mod staff;

/// A server under test, and a coordinator signed in to it.
pub struct Site {
    /// Its base URL.
    pub base: String,
    /// Its state.
    pub state: AppState,
    /// A signed-in coordinator.
    pub staff: staff::Staff,
}

impl Site {
    /// The coordinator's client.
    pub fn client(&self) -> &reqwest::Client {
        &self.staff.client
    }
}

/// Serves the router for `db` on a free local port, with a coordinator signed in.
pub async fn serve(db: &Db) -> Site {
    serve_with(db, Settings::default()).await
}

/// [`serve`], with `settings`.
pub async fn serve_with(db: &Db, settings: Settings) -> Site {
    serve_on(db, settings, [127, 0, 0, 1].into()).await
}

/// [`serve_with`], listening on a free port of `ip` and reached at `127.0.0.1` (on a
/// dual-stack `[::]` listener, the peer is then `::ffff:127.0.0.1`).
pub async fn serve_on(db: &Db, settings: Settings, ip: std::net::IpAddr) -> Site {
    let state = AppState::start(db.clone(), settings).await.unwrap();
    let router = server::router::router(
        state.clone(),
        LeptosOptions::builder().output_name("dsr").build(),
    );
    let listener = server::router::listen((ip, 0).into()).await.unwrap();
    let port = axum::serve::Listener::local_addr(&listener).unwrap().port();
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    Site {
        base: format!("http://127.0.0.1:{port}"),
        state,
        staff: staff::sign_in(db, app::models::Role::Coordinator, None).await,
    }
}

/// Posts a form to a server function with `client`, as a browser would; returns the status.
pub async fn post_form(
    client: &reqwest::Client,
    base: &str,
    endpoint: &str,
    body: String,
) -> reqwest::StatusCode {
    post_form_answer(client, base, endpoint, body).await.0
}

/// [`post_form`], returning the status and the body.
pub async fn post_form_answer(
    client: &reqwest::Client,
    base: &str,
    endpoint: &str,
    body: String,
) -> (reqwest::StatusCode, String) {
    let response = client
        .post(format!("{base}/api/{endpoint}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// A date form field set to today: `{prefix}_day`, `{prefix}_month` and `{prefix}_year`.
pub fn today_fields(prefix: &str) -> String {
    use chrono::Datelike;
    let today = app::models::uk_today(chrono::Utc::now());
    format!(
        "{prefix}_day={}&{prefix}_month={}&{prefix}_year={}",
        today.day(),
        today.month(),
        today.year()
    )
}

/// The body of the answer to `request`, as text.
pub async fn text_of(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

/// Seeds one demo person into an empty register; their id and record version.
pub async fn one_demo_person(db: &Db) -> (app::models::PersonId, i64) {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 1, 5, today, &Default::default())
        .await
        .unwrap();
    let first = app::store::change_log::changes_after(db, 0, 10, today)
        .await
        .unwrap()
        .remove(0);
    (first.person, first.card.version)
}

/// Changes a rating through the HTTP API.
pub async fn change_rating(
    client: &reqwest::Client,
    base: &str,
    person: &str,
    version: i64,
    rating: &str,
) -> reqwest::StatusCode {
    let body =
        format!("person_id={person}&version={version}&rating={rating}&rationale=Agreed+at+meeting");
    post_form(client, base, "change_rating", body).await
}

/// Who chairs today's meeting, as the account signed in on `client` reads it (the
/// meeting's `seat`: version, name, mine).
pub async fn chair_seat(client: &reqwest::Client, base: &str) -> serde_json::Value {
    let (status, text) = post_form_answer(client, base, "get_meeting", "page=1".into()).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str::<serde_json::Value>(&text).unwrap()["seat"].clone()
}

/// Takes today's chair for the account signed in on `client`, naming the version of the
/// hold it reads first; the status and body of the take.
pub async fn take_chair(client: &reqwest::Client, base: &str) -> (reqwest::StatusCode, String) {
    let seen = chair_seat(client, base).await["version"].as_i64().unwrap();
    post_form_answer(client, base, "take_chair", format!("seen={seen}")).await
}

/// Takes today's chair (if not held already) and moves it to `person` through the HTTP API.
pub async fn move_chair(client: &reqwest::Client, base: &str, person: &str) -> reqwest::StatusCode {
    // Taking again a chair one holds, having seen one's own hold, is another screen taking
    // over: the screen chairing does not.
    if chair_seat(client, base).await["mine"] != true {
        let (status, text) = take_chair(client, base).await;
        assert_eq!(status, 200, "{text}");
    }
    post_form(client, base, "move_chair", format!("person_id={person}")).await
}

/// A client that asks for `/events` (sending `cookie`) and then never reads: a tiny
/// receive buffer makes the server's writes back up almost at once.
pub async fn stuck_client(base: &str, cookie: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(2048).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let request =
        format!("GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream
}
