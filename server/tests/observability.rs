//! What an operator sees: `/metrics` (only for the token's bearer on the site's port, and
//! on the separate monitoring address) counting requests by route and status, sign-in
//! failures, referrals, live feed clients and lag and the database pool; and a JSON log
//! with a request id on every line written for a request and none of the personal data
//! that passed through the portal (names, NHS numbers, emails, searches, form answers).

use crate::support;

use app::{
    models::Role,
    store::{people, scratch::ScratchDb},
};
use support::{
    change_rating, instance::start_logged, post_form, referral, sse::EventReader, staff::sign_in,
};

const TOKEN: &str = "metrics-token-for-tests-0123456789abcdef";

/// A free port on this machine.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The value of the sample `name` (with its labels, exactly as written) in `text`.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

async fn observed(scratch: &ScratchDb) {
    let db = &scratch.db;
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 12, 3, today, &Default::default())
        .await
        .unwrap();
    let coordinator = sign_in(db, Role::Coordinator, None).await;
    let dir = std::env::temp_dir().join(format!("dsr-log-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("dsr.log");
    let monitoring = format!("127.0.0.1:{}", free_port());
    let mut instance = start_logged(
        scratch.url(),
        &[
            ("DSR_LOG_FORMAT", "json"),
            ("RUST_LOG", "info"),
            ("DSR_METRICS_TOKEN", TOKEN),
            ("DSR_METRICS_ADDR", &monitoring),
        ],
        &log,
    )
    .await;
    let base = instance.base.clone();
    let client = &coordinator.client;
    let mut request_ids = Vec::new();

    // Personal data passes through: the board, a record, a search by name, a rating
    // change with its rationale, a failed sign-in naming a real email, and a referral.
    let ids = people::first_by_name(db, 50).await.unwrap();
    let person = people::get(db, ids[0]).await.unwrap().unwrap();
    for page in ["/register".to_owned(), format!("/people/{}", person.id)] {
        let response = client.get(format!("{base}{page}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{page}");
        request_ids.push(
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }
    let search = client
        .post(format!("{base}/register"))
        .header("origin", &base)
        .form(&[("q", person.family_name.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(search.status(), 200);
    let mut feed = EventReader::connect(client, &format!("{base}/events"), None).await;
    let id = person.id.to_string();
    assert_eq!(
        change_rating(client, &base, &id, person.version, "red").await,
        200
    );
    feed.next().await.expect("the change reaches the board");
    let wrong = post_form(
        &support::staff::browser(None),
        &base,
        "login",
        format!(
            "email={}&password=not+my+password",
            coordinator.email.replace('@', "%40")
        ),
    )
    .await;
    assert_eq!(wrong, 422);
    let answers = referral::family();
    let key = uuid::Uuid::new_v4().to_string();
    let sent = support::staff::browser(None)
        .post(format!("{base}/api/submit_referral"))
        .header("origin", &base)
        .header("content-type", "application/json")
        .body(referral::submission(&key, &answers, false, ""))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);

    // Any method token may be sent: it is counted as `other`, so labels stay few.
    let brew = reqwest::Method::from_bytes(b"BREW").unwrap();
    let odd = reqwest::Client::new()
        .request(brew, format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(odd.status(), 403, "refused: not from the site's pages");

    // A change another site started is refused and logged by its route, not its path.
    let cross_site = reqwest::Client::new()
        .post(format!("{base}/people/{id}/review"))
        .header("origin", "https://evil.example")
        .header("cookie", &coordinator.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);

    // The site's port: only for the token's bearer.
    let metrics = format!("{base}/metrics");
    let anonymous = reqwest::get(&metrics).await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let staff_without_token = client.get(&metrics).send().await.unwrap();
    assert_eq!(staff_without_token.status(), 401);
    let forged = reqwest::Client::new()
        .get(&metrics)
        .bearer_auth(&TOKEN[..TOKEN.len() - 1])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let read = reqwest::Client::new()
        .get(&metrics)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(
        read.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = read.text().await.unwrap();
    let count = |name: &str| sample(&text, name).unwrap_or_else(|| panic!("{name} in\n{text}"));
    assert_eq!(
        count("dsr_sign_in_failures_total{step=\"login_failed\"}"),
        1.0
    );
    assert_eq!(count("dsr_referrals_received_total{from=\"family\"}"), 1.0);
    assert_eq!(
        count("dsr_referrals_received_total{from=\"professional\"}"),
        0.0
    );
    assert_eq!(
        count(
            "dsr_http_requests_total{route=\"/api/change_rating\",method=\"POST\",status=\"200\"}"
        ),
        1.0
    );
    assert_eq!(
        count("dsr_http_requests_total{route=\"/api/login\",method=\"POST\",status=\"422\"}"),
        1.0
    );
    assert_eq!(
        count("dsr_http_requests_total{route=\"/people/{id}\",method=\"GET\",status=\"200\"}"),
        1.0
    );
    assert_eq!(
        count("dsr_http_requests_total{route=\"/metrics\",method=\"GET\",status=\"401\"}"),
        3.0
    );
    assert_eq!(
        count("dsr_http_request_duration_seconds_count{route=\"/register\"}"),
        2.0,
        "the board, and a search posted to it"
    );
    assert_eq!(count("dsr_feed_clients"), 1.0, "the open board");
    assert_eq!(count("dsr_feed_lag_seconds_count"), 1.0, "one change sent");
    assert!(count("dsr_db_pool_max_connections") >= 1.0);
    assert_eq!(
        count("dsr_http_requests_total{route=\"/healthz\",method=\"other\",status=\"403\"}"),
        1.0
    );
    assert!(!text.contains("BREW"));
    assert!(
        !text.contains(&person.id.to_string()),
        "labels are route patterns, not paths"
    );

    // The monitoring address: the same metrics, without a token, and nothing else.
    let separate = reqwest::get(format!("http://{monitoring}/metrics"))
        .await
        .unwrap();
    assert_eq!(separate.status(), 200);
    let separate = separate.text().await.unwrap();
    assert_eq!(
        sample(&separate, "dsr_referrals_received_total{from=\"family\"}"),
        Some(1.0)
    );
    let other = reqwest::get(format!("http://{monitoring}/register"))
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    drop(feed);

    let _ = instance.process.start_kill();
    let _ = instance.process.wait().await;
    let written = std::fs::read_to_string(&log).unwrap();
    // Leptos's debug builds (tests run one) also print advice about reading resources
    // to standard error, not through the log; release builds leave it out, and the
    // release server's log is checked line by line by `scripts/scan-log.sh`.
    let lines: Vec<serde_json::Value> = written
        .lines()
        .filter(|line| !line.trim().is_empty())
        .filter(|line| !cfg!(debug_assertions) || line.starts_with('{'))
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let answered: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|line| line["message"] == "answered")
        .collect();
    assert!(answered.len() >= 12, "each request logged: {written}");
    for line in &answered {
        let id = line["span"]["request_id"].as_str().expect("a request id");
        assert_eq!(id.len(), 16, "{line}");
        assert!(
            line["route"].is_string() && line["status"].is_number(),
            "{line}"
        );
    }
    for id in &request_ids {
        assert!(
            answered
                .iter()
                .any(|line| line["span"]["request_id"] == id.as_str()),
            "the id sent back ({id}) is the one logged"
        );
    }

    let mut secrets = vec![
        coordinator.email.clone(),
        answers.email.clone(),
        answers.contact_name.clone(),
        format!("{} {}", answers.given_name, answers.family_name),
        answers.nhs_number.clone(),
        answers.nhs_number.replace(' ', ""),
        answers.whats_happening.clone(),
        "Agreed at meeting".to_owned(),
        "not my password".to_owned(),
        person.id.to_string(),
    ];
    for id in ids {
        let someone = people::get(db, id).await.unwrap().unwrap();
        let number = someone.nhs_number.to_string();
        secrets.push(someone.family_name);
        secrets.push(number.replace(' ', ""));
        secrets.push(number);
    }
    for secret in secrets {
        assert!(
            !written.contains(&secret),
            "the log holds personal data ({secret:?}):\n{written}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn sqlite() {
    let scratch = ScratchDb::sqlite().await.unwrap();
    observed(&scratch).await;
    scratch.remove().await.unwrap();
}

#[tokio::test]
async fn postgres() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    observed(&scratch).await;
    scratch.remove().await.unwrap();
}
