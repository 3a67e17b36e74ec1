//! The public origin and client addresses over HTTP, on both backends: with
//! `DSR_PUBLIC_ORIGIN` set, requests for another host are misdirected (421) and a change
//! must carry that `Origin`; behind a balancer reached over a dual-stack listener, the
//! forwarded client is the one audited.

use crate::support;

use app::{state::Settings, store::Db};
use reqwest::{header, Method, StatusCode};
use support::{serve_with, Site};

/// The public origin the tests' server is configured with, and the host it names.
const PUBLIC: &str = "https://dsr.example.nhs.uk";
const HOST: &str = "dsr.example.nhs.uk";

/// A server whose public origin is [`PUBLIC`].
async fn behind_public_origin(db: &Db) -> Site {
    serve_with(
        db,
        Settings {
            public_origin: Some(PUBLIC.into()),
            ..Default::default()
        },
    )
    .await
}

/// The status of `method path` on `site` as its coordinator, sending `headers` (which
/// name the `Host`; without one, it is the test server's own address).
async fn status(site: &Site, method: Method, path: &str, headers: &[(&str, &str)]) -> StatusCode {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", site.base))
        .header(header::COOKIE, &site.staff.cookie)
        .header(header::ACCEPT, "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap().status()
}

/// The client addresses in the audit trail for `actor`, oldest first.
async fn clients_of(db: &Db, actor: &str) -> Vec<String> {
    let sql = "SELECT client FROM audit_log WHERE actor = $1 ORDER BY id";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(actor).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(actor).fetch_all(pool).await,
    }
    .unwrap()
}

app::on_both_backends!(
    requests_for_another_host_are_misdirected,
    changes_need_the_public_origin,
    behind_a_balancer_on_a_dual_stack_listener_the_forwarded_client_is_audited,
);

async fn requests_for_another_host_are_misdirected(db: &Db) {
    let site = behind_public_origin(db).await;
    let own = [("host", HOST), ("origin", PUBLIC)];
    assert_eq!(status(&site, Method::GET, "/register", &own).await, 200);
    for host in ["DSR.Example.NHS.uk", "dsr.example.nhs.uk:443"] {
        assert_eq!(
            status(&site, Method::GET, "/register", &[("host", host)]).await,
            200,
            "{host} is the same host"
        );
    }
    // The server's address, a rebound name (sending what a browser on it would) and
    // another port are all refused, pages and server functions alike.
    let rebound = [
        ("host", "rebound.evil.example"),
        ("origin", "http://rebound.evil.example"),
        ("sec-fetch-site", "same-origin"),
    ];
    let elsewhere: [&[(&str, &str)]; 3] = [&[], &rebound, &[("host", "dsr.example.nhs.uk:8443")]];
    for headers in elsewhere {
        assert_eq!(
            status(&site, Method::GET, "/register", headers).await,
            StatusCode::MISDIRECTED_REQUEST,
            "{headers:?}"
        );
        assert_eq!(
            status(&site, Method::POST, "/api/current_user", headers).await,
            StatusCode::MISDIRECTED_REQUEST,
            "{headers:?}"
        );
    }
    let refused = reqwest::get(format!("{}/register", site.base))
        .await
        .unwrap();
    assert_eq!(
        refused.text().await.unwrap(),
        "This service is not reached at this address"
    );
    // Balancers call the health checks by address.
    for path in ["/healthz", "/readyz"] {
        assert_eq!(status(&site, Method::GET, path, &[]).await, 200, "{path}");
    }
}

async fn changes_need_the_public_origin(db: &Db) {
    let site = behind_public_origin(db).await;
    let logout = |headers: &'static [(&'static str, &'static str)]| {
        status(&site, Method::POST, "/api/logout", headers)
    };
    let board = || status(&site, Method::GET, "/register", &[("host", HOST)]);
    // What the browser on a rebound name sends once the name points here: refused.
    assert_eq!(
        logout(&[("host", HOST), ("sec-fetch-site", "same-origin")]).await,
        403,
        "Sec-Fetch-Site alone is not enough"
    );
    for origin in [
        "https://evil.example",
        "http://dsr.example.nhs.uk",
        "https://dsr.example.nhs.uk:8443",
        "null",
    ] {
        let headers = [("host", HOST), ("origin", origin)];
        assert_eq!(
            status(&site, Method::POST, "/api/logout", &headers).await,
            403,
            "{origin}"
        );
    }
    assert_eq!(logout(&[("host", HOST)]).await, 403, "no Origin");
    assert_eq!(
        board().await,
        200,
        "none of them signed the coordinator out"
    );
    assert_eq!(
        logout(&[
            ("host", HOST),
            ("origin", PUBLIC),
            ("sec-fetch-site", "same-origin")
        ])
        .await,
        200
    );
    assert_eq!(board().await, 401, "the public origin's sign-out counted");
}

async fn behind_a_balancer_on_a_dual_stack_listener_the_forwarded_client_is_audited(db: &Db) {
    // Listening on [::] and reached at 127.0.0.1, the peer is ::ffff:127.0.0.1.
    let settings = Settings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    let site = support::serve_on(db, settings, "::".parse().unwrap()).await;
    // Known accounts, so their failed sign-ins are audited under their email.
    for email in ["nobody@nhs.example", "balancer@nhs.example"] {
        support::signing_in::account(db, email, app::models::Role::Professional).await;
    }
    let login = |email: &'static str, forwarded: Option<&'static str>| {
        let mut request = reqwest::Client::new()
            .post(format!("{}/api/login", site.base))
            .header("sec-fetch-site", "same-origin")
            .header(header::ACCEPT, "application/json")
            .form(&[("email", email), ("password", "not the password")]);
        if let Some(forwarded) = forwarded {
            request = request.header("x-forwarded-for", forwarded);
        }
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(
        login("nobody@nhs.example", Some("::ffff:198.51.100.7")).await,
        422
    );
    assert_eq!(login("nobody@nhs.example", Some("198.51.100.7")).await, 422);
    assert_eq!(login("balancer@nhs.example", None).await, 422);
    assert_eq!(
        clients_of(db, "nobody@nhs.example").await,
        ["198.51.100.7", "198.51.100.7"],
        "the client behind the balancer, as an IPv4 address"
    );
    assert_eq!(
        clients_of(db, "balancer@nhs.example").await,
        ["127.0.0.1"],
        "the balancer itself, as an IPv4 address"
    );
}
