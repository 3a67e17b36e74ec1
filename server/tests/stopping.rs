//! `dsr serve` asked to stop with SIGTERM, as every deploy or restart asks it: each live
//! feed ends with a retry hint (browsers reconnect elsewhere), a rating change in flight
//! still commits and gets its answer, and the process exits 0 on its own.

use crate::support;

use app::{
    models::Role,
    store::{people, scratch::ScratchDb},
};
use futures::StreamExt;
use support::{instance::start, staff::sign_in};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Everything `response` sends until it ends (panics if it does not end in time).
async fn to_the_end(response: reqwest::Response) -> String {
    let mut body = response.bytes_stream();
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = body.next().await {
            text.push_str(&String::from_utf8_lossy(
                &chunk.expect("the stream ends cleanly"),
            ));
        }
    };
    tokio::time::timeout(support::sse::PATIENCE * 6, read)
        .await
        .expect("the feed ended");
    text
}

async fn stops_cleanly(scratch: &ScratchDb) {
    let db = &scratch.db;
    let (person, version) = support::one_demo_person(db).await;
    let staff = sign_in(db, Role::Coordinator, None).await;
    let mut instance = start(scratch.url(), &[("DSR_SHUTDOWN_SECONDS", "60")]).await;
    let base = instance.base.clone();

    let mut feeds = Vec::new();
    for _ in 0..3 {
        let feed = support::sse::open(&staff.client, &format!("{base}/events"), None).await;
        assert_eq!(feed.status(), 200);
        feeds.push(feed);
    }
    // A rating change in flight: its head sent, asking to be told before the body is sent;
    // "100 Continue" says the portal is handling it.
    let body =
        format!("person_id={person}&version={version}&rating=red&rationale=Agreed+at+meeting");
    let mut change = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /api/change_rating HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\nSec-Fetch-Site: same-origin\r\n\
         Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
         Expect: 100-continue\r\nContent-Length: {length}\r\n\r\n",
        host = base.trim_start_matches("http://"),
        cookie = staff.cookie,
        length = body.len(),
    );
    change.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 1024];
    let n = change.read(&mut answer).await.unwrap();
    let interim = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(interim.starts_with("HTTP/1.1 100"), "{interim}");

    let pid = instance.process.id().expect("running");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());

    for feed in feeds {
        let text = to_the_end(feed).await;
        assert!(
            text.ends_with("retry: 500\n: this server is stopping; reconnect\n\n"),
            "the last thing a feed sends is a retry hint: {text:?}"
        );
    }
    // Told to stop: not ready, so a load balancer sends nobody new here.
    if let Ok(ready) = reqwest::get(format!("{base}/readyz")).await {
        assert_eq!(ready.status(), 503);
    }
    change.write_all(body.as_bytes()).await.unwrap();
    let mut response = String::new();
    change.read_to_string(&mut response).await.unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "the change in flight was answered: {response}"
    );
    let status = tokio::time::timeout(support::sse::PATIENCE * 12, instance.process.wait())
        .await
        .expect("the server exits on its own")
        .unwrap();
    assert_eq!(status.code(), Some(0), "a clean stop exits 0");
    let kept = people::get(db, person).await.unwrap().unwrap();
    assert_eq!(kept.rating.code(), "red", "the change in flight was kept");
    assert_eq!(kept.version, version + 1);
}

#[tokio::test]
async fn sqlite() {
    let scratch = ScratchDb::sqlite().await.unwrap();
    stops_cleanly(&scratch).await;
    scratch.remove().await.unwrap();
}

#[tokio::test]
async fn postgres() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    stops_cleanly(&scratch).await;
    scratch.remove().await.unwrap();
}
