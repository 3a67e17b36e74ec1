//! PostgreSQL faults under a running `dsr serve`, which must ride them out without a
//! restart: the listener's connection killed on one of two instances (a change made on
//! the other still reaches its boards), and the database refusing connections for 5 s
//! and for 40 s, both as PostgreSQL refusing them (`ALLOW_CONNECTIONS false`) and as a
//! database server restarting (every backend terminated, then nothing listening). During
//! an outage `/readyz` answers 503, and a write answered while the database is down is a
//! clear 503 with `Retry-After` that leaves nothing behind (one that waits for the pool
//! and is answered after the database is back is either that or done once, whole);
//! afterwards `/readyz` answers 200 again, the listener reconnects, the same process
//! serves, and a board that was open receives every change, each once.
//!
//! PostgreSQL only; skipped (like every PostgreSQL test) unless `DSR_TEST_POSTGRES` is
//! set. The 40 s outage is the one long test here (about 45 s; its two kinds of outage
//! run side by side).

use crate::support;

use app::{
    error::AppError,
    models::Role,
    store::{change_log, people, scratch::ScratchDb, Db},
};
use reqwest::StatusCode;
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};
use support::{
    instance::start,
    referral::{family, submission},
    sse::{open, EventReader},
    staff::{browser, sign_in, Staff},
};
use tokio::{
    net::{TcpListener, TcpStream},
    task::JoinHandle,
    time::Instant,
};

/// How long the test waits for something that must happen eventually (a reconnection, a
/// board catching up); never a claim about how fast it happens.
const EVENTUALLY: Duration = Duration::from_secs(90);

/// Polls `check` every 100 ms until it is true; panics with `what` if it never is.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + EVENTUALLY;
    while !check().await {
        assert!(Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The native pool of `db`, which is PostgreSQL here.
fn pg(db: &Db) -> &sqlx::PgPool {
    match db {
        Db::Postgres(pool) => pool,
        Db::Sqlite(_) => unreachable!("PostgreSQL only"),
    }
}

/// The backends of the database `scratch` now listening for changes.
async fn listeners(scratch: &ScratchDb) -> Vec<i32> {
    sqlx::query_scalar(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
         AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid() ORDER BY pid",
    )
    .fetch_all(pg(&scratch.db))
    .await
    .unwrap()
}

/// The board of one instance: `/events` followed as a browser follows it, reconnecting
/// with `Last-Event-ID` whenever its stream ends (or goes quiet), and retrying while the
/// server answers anything but 200. Collects the change ids received, in order, and any
/// other event.
struct Board {
    ids: Arc<Mutex<Vec<i64>>>,
    others: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Board {
    fn follow(staff: &Staff, base: &str, after: i64) -> Board {
        let ids = Arc::new(Mutex::new(Vec::new()));
        let others = Arc::new(Mutex::new(Vec::new()));
        let (client, url) = (staff.client.clone(), format!("{base}/events"));
        let (seen, odd) = (ids.clone(), others.clone());
        let task = tokio::spawn(async move {
            loop {
                let last = seen.lock().unwrap().last().copied().unwrap_or(after);
                let response = open(&client, &url, Some(&last.to_string())).await;
                if response.status() != StatusCode::OK {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    continue;
                }
                let mut reader = EventReader::from_response(response);
                while let Some(event) = reader.next().await {
                    if event.event == "change" {
                        seen.lock().unwrap().push(event.entry().id());
                    } else {
                        odd.lock().unwrap().push(format!("{event:?}"));
                    }
                }
            }
        });
        Board { ids, others, task }
    }

    fn ids(&self) -> Vec<i64> {
        self.ids.lock().unwrap().clone()
    }

    /// Waits until the board has received as many changes as the log holds after
    /// `after`, then checks they are exactly those, in order, each once.
    async fn has_all_after(&self, db: &Db, after: i64) {
        let logged: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM change_log WHERE id > $1 ORDER BY id")
                .bind(after)
                .fetch_all(pg(db))
                .await
                .unwrap();
        eventually("the board receives every change", || async {
            self.ids.lock().unwrap().len() >= logged.len()
        })
        .await;
        assert_eq!(self.ids(), logged, "every change, in order, each once");
        assert_eq!(*self.others.lock().unwrap(), Vec::<String>::new());
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test]
async fn a_killed_listener_on_one_instance_reconnects_and_its_boards_miss_nothing() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    let db = &scratch.db;
    let (person, mut version) = support::one_demo_person(db).await;
    let person = person.to_string();
    let staff = sign_in(db, Role::Coordinator, None).await;
    let head = change_log::head(db).await.unwrap();

    // The board's instance first, so its listener is the one backend listening.
    let watched = start(scratch.url(), &[]).await;
    eventually("the first instance listens", || async {
        listeners(&scratch).await.len() == 1
    })
    .await;
    let killed = listeners(&scratch).await[0];
    let other = start(scratch.url(), &[]).await;
    eventually("the second instance listens", || async {
        listeners(&scratch).await.len() == 2
    })
    .await;
    let board = Board::follow(&staff, &watched.base, head);
    let mut change = |rating: &'static str| {
        let (client, base, person) = (staff.client.clone(), other.base.clone(), person.clone());
        version += 1;
        let from = version - 1;
        async move {
            let status = support::change_rating(&client, &base, &person, from, rating).await;
            assert_eq!(status, StatusCode::OK);
        }
    };
    change("red").await;
    eventually(
        "a change on the other instance reaches the board",
        || async { board.ids().len() == 1 },
    )
    .await;

    let terminated: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(killed)
        .fetch_one(pg(db))
        .await
        .unwrap();
    assert!(terminated);
    // Made while the watched instance may still be without its listener.
    change("amber").await;
    eventually("the listener reconnects", || async {
        let now = listeners(&scratch).await;
        now.len() == 2 && !now.contains(&killed)
    })
    .await;
    change("green").await;
    board.has_all_after(db, head).await;
    assert_eq!(board.ids().len(), 3);

    drop((board, watched, other));
    scratch.remove().await.unwrap();
}

/// How the database becomes unreachable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outage {
    /// PostgreSQL refuses: `ALTER DATABASE … ALLOW_CONNECTIONS false`, and every backend
    /// of the database terminated. Connections are refused at once with an error.
    Refused,
    /// The database server restarting: every backend terminated and nothing listening on
    /// its port (the portal reaches it through a proxy that stops). Connections are
    /// refused by the network, which the pool retries until its acquire timeout.
    Restarting,
}

/// A TCP proxy to PostgreSQL that can stop listening (new connections are refused) and
/// cut the connections through it, and listen again on the same port.
struct Proxy {
    port: u16,
    target: SocketAddr,
    accepting: Option<JoinHandle<()>>,
    tunnels: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut proxy = Proxy {
            port: listener.local_addr().unwrap().port(),
            target,
            accepting: None,
            tunnels: Arc::default(),
        };
        proxy.accept_on(listener);
        proxy
    }

    fn accept_on(&mut self, listener: TcpListener) {
        let (target, tunnels) = (self.target, self.tunnels.clone());
        self.accepting = Some(tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let tunnel = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tunnels.lock().unwrap().push(tunnel);
            }
        }));
    }

    /// Stops listening: connections are refused from now on.
    fn stop_listening(&mut self) {
        if let Some(accepting) = self.accepting.take() {
            accepting.abort();
        }
    }

    /// Cuts every connection through the proxy.
    fn cut(&self) {
        for tunnel in self.tunnels.lock().unwrap().drain(..) {
            tunnel.abort();
        }
    }

    /// Listens again on the same port.
    async fn listen(&mut self) {
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(address).await {
                Ok(listener) => break listener,
                // The aborted accept task may not have dropped its socket yet.
                Err(_) if tries < 50 => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => panic!("the proxy's port is taken: {error}"),
            }
        };
        self.accept_on(listener);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop_listening();
        self.cut();
    }
}

/// `url` with its host and port replaced by `127.0.0.1:port`.
fn through(url: &str, port: u16) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let user = authority
        .rsplit_once('@')
        .map_or(String::new(), |(u, _)| format!("{u}@"));
    format!("{scheme}://{user}127.0.0.1:{port}{path}")
}

/// The host and port of the PostgreSQL `url`.
async fn address_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").unwrap().1;
    let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    };
    tokio::net::lookup_host(host).await.unwrap().next().unwrap()
}

/// The name of the database the PostgreSQL `url` names.
fn database_of(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let path = &rest[rest.find('/').unwrap() + 1..];
    path.split('?').next().unwrap().to_owned()
}

/// Terminates every backend of the database `name`.
async fn terminate_all(admin: &Db, name: &str) {
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind(name)
    .execute(pg(admin))
    .await
    .unwrap();
}

/// `/readyz` polled every 100 ms; every status seen, in order (0: no answer).
struct Readiness {
    seen: Arc<Mutex<Vec<u16>>>,
    task: JoinHandle<()>,
}

impl Readiness {
    fn poll(base: &str) -> Readiness {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (url, statuses) = (format!("{base}/readyz"), seen.clone());
        let task = tokio::spawn(async move {
            let client = reqwest::Client::new();
            loop {
                let status = match client.get(&url).send().await {
                    Ok(response) => response.status().as_u16(),
                    Err(_) => 0,
                };
                statuses.lock().unwrap().push(status);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Readiness { seen, task }
    }

    fn saw_503(&self) -> bool {
        self.seen.lock().unwrap().contains(&503)
    }

    /// Whether a 200 was seen after a 503.
    fn saw_200_after_503(&self) -> bool {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .position(|s| *s == 503)
            .is_some_and(|i| seen[i..].contains(&200))
    }
}

impl Drop for Readiness {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A write sent while the database was unreachable, and what it was answered.
struct Write {
    status: StatusCode,
    retry_after: bool,
    body: String,
    /// Answered before the database came back.
    while_down: bool,
}

impl Write {
    async fn read(response: reqwest::Response, restored: &Mutex<Option<Instant>>) -> Write {
        let while_down = restored.lock().unwrap().is_none();
        Write {
            status: response.status(),
            retry_after: response.headers().contains_key("retry-after"),
            body: response.text().await.unwrap(),
            while_down,
        }
    }

    /// Whether it was done: answered 200. Otherwise it must have been refused clearly: a
    /// 503 with `Retry-After` and the error that tells the person to wait and try again.
    /// Answered while the database was down, it must have been refused.
    fn done(&self) -> bool {
        if self.status == StatusCode::OK {
            assert!(!self.while_down, "done without a database? {}", self.body);
            return true;
        }
        assert_eq!(
            self.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            self.body
        );
        assert!(self.retry_after, "a 503 says when to retry: {}", self.body);
        let error: AppError =
            serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("{}", self.body));
        assert_eq!(error, AppError::Busy, "{}", self.body);
        false
    }
}

/// Where the log tables stood before the test's changes: their newest ids.
async fn newest_ids(db: &Db) -> [i64; 3] {
    let ids: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM rating_changes), \
         (SELECT COALESCE(MAX(id), 0) FROM change_log), (SELECT COALESCE(MAX(id), 0) FROM audit_log)",
    )
    .fetch_one(pg(db))
    .await
    .unwrap();
    [ids.0, ids.1, ids.2]
}

/// `person`'s rating changes since `since` (from [`newest_ids`]) as (rationale, version
/// after), oldest first, after checking each was written whole: its history row, its
/// change-log entry and its audit row.
async fn changes_of(db: &Db, person: &str, since: [i64; 3]) -> Vec<(String, i64)> {
    let pool = pg(db);
    let rationales: Vec<String> = sqlx::query_scalar(
        "SELECT rationale FROM rating_changes WHERE person_id = $1 AND id > $2 ORDER BY id",
    )
    .bind(person)
    .bind(since[0])
    .fetch_all(pool)
    .await
    .unwrap();
    let versions: Vec<i64> = sqlx::query_scalar(
        "SELECT version FROM change_log WHERE person_id = $1 AND kind = 'rating_changed' \
         AND id > $2 ORDER BY id",
    )
    .bind(person)
    .bind(since[1])
    .fetch_all(pool)
    .await
    .unwrap();
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE person_id = $1 AND action = 'rating_changed' \
         AND id > $2",
    )
    .bind(person)
    .bind(since[2])
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(rationales.len(), versions.len(), "one log entry per change");
    assert_eq!(audited as usize, versions.len(), "one audit row per change");
    rationales.into_iter().zip(versions).collect()
}

/// The referrals' keys, after checking each has its one audit row.
async fn referrals_of(db: &Db) -> Vec<String> {
    let pool = pg(db);
    let keys: Vec<String> = sqlx::query_scalar("SELECT idempotency_key FROM referrals")
        .fetch_all(pool)
        .await
        .unwrap();
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'referral_received'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(audited as usize, keys.len(), "one audit row per referral");
    keys
}

/// One outage of `length`, as `outage`, under a serving instance with a board open.
async fn rides_out(outage: Outage, length: Duration) {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    let db = &scratch.db;
    let admin_url = std::env::var("DSR_TEST_POSTGRES").unwrap();
    let admin = Db::connect(&admin_url, 1).await.unwrap();
    let name = database_of(scratch.url());
    let (person, first) = support::one_demo_person(db).await;
    let person = person.to_string();
    let staff = sign_in(db, Role::Coordinator, None).await;
    let mut proxy = Proxy::start(address_of(scratch.url()).await).await;
    let url = match outage {
        Outage::Refused => scratch.url().to_owned(),
        Outage::Restarting => through(scratch.url(), proxy.port),
    };
    let mut instance = start(&url, &[]).await;
    let base = instance.base.clone();
    let since = newest_ids(db).await;
    let head = since[1];
    let board = Board::follow(&staff, &base, head);
    let change = |from: i64, rating: &'static str, rationale: &'static str| {
        let body =
            format!("person_id={person}&version={from}&rating={rating}&rationale={rationale}");
        staff
            .client
            .post(format!("{base}/api/change_rating"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body)
            .send()
    };
    let ok = change(first, "red", "Before+the+outage").await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    eventually("the board has the change", || async {
        board.ids().len() == 1
    })
    .await;
    let ready = Readiness::poll(&base);
    eventually("ready before", || async {
        ready.seen.lock().unwrap().contains(&200)
    })
    .await;

    let began = Instant::now();
    match outage {
        Outage::Refused => {
            sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
                .execute(pg(&admin))
                .await
                .unwrap();
            terminate_all(&admin, &name).await;
        }
        Outage::Restarting => {
            proxy.stop_listening();
            terminate_all(&admin, &name).await;
            proxy.cut();
        }
    }
    let restored = Mutex::new(None);
    let key = uuid::Uuid::new_v4().to_string();
    // Writes sent once the portal knows the database is gone (answered at once, or when
    // the pool gives up or gets a connection), while the database comes back on time.
    let writes = async {
        eventually("/readyz answers 503", || async { ready.saw_503() }).await;
        let rating = change(first + 1, "amber", "During+the+outage");
        let referral = browser(None)
            .post(format!("{base}/api/submit_referral"))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(submission(&key, &family(), false, ""))
            .send();
        let (rating, referral) = tokio::join!(rating, referral);
        (
            Write::read(rating.unwrap(), &restored).await,
            Write::read(referral.unwrap(), &restored).await,
        )
    };
    let restore = async {
        tokio::time::sleep_until(began + length).await;
        match outage {
            Outage::Refused => {
                sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
                    .execute(pg(&admin))
                    .await
                    .unwrap();
            }
            Outage::Restarting => proxy.listen().await,
        }
        *restored.lock().unwrap() = Some(Instant::now());
    };
    let ((rating, referral), ()) = tokio::join!(writes, restore);
    let (rating_done, referral_done) = (rating.done(), referral.done());
    // PostgreSQL refusing answers at once; a database that does not answer at all is
    // waited for up to the pool's acquire timeout (10 s), less than the long outage.
    if outage == Outage::Refused || length > Duration::from_secs(30) {
        assert!(rating.while_down && referral.while_down);
    }

    eventually("/readyz answers 200 again", || async {
        ready.saw_200_after_503()
    })
    .await;
    eventually("the listener reconnects", || async {
        listeners(&scratch).await.len() == 1
    })
    .await;
    // The same process serves again: changes go through and reach the open board.
    let mut version = first + 1 + i64::from(rating_done);
    for (rating, rationale) in [("green", "After+one"), ("red", "After+two")] {
        let answer = change(version, rating, rationale).await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        version += 1;
    }
    let mut expected = vec![("Before the outage".to_owned(), first + 1)];
    if rating_done {
        expected.push(("During the outage".to_owned(), first + 2));
    }
    expected.push(("After one".to_owned(), version - 1));
    expected.push(("After two".to_owned(), version));
    assert_eq!(
        changes_of(db, &person, since).await,
        expected,
        "each change kept whole, once, or not at all"
    );
    let kept = people::get(db, person.parse().unwrap()).await.unwrap();
    assert_eq!(kept.unwrap().version, version);
    let referrals = referrals_of(db).await;
    assert_eq!(referrals, if referral_done { vec![key] } else { vec![] });
    board.has_all_after(db, head).await;
    assert_eq!(board.ids().len(), expected.len());
    assert!(
        instance.process.try_wait().unwrap().is_none(),
        "the server never stopped"
    );

    drop((board, ready, instance, proxy));
    admin.close().await;
    scratch.remove().await.unwrap();
}

#[tokio::test]
async fn the_database_refusing_connections_for_5_seconds() {
    tokio::join!(
        rides_out(Outage::Refused, Duration::from_secs(5)),
        rides_out(Outage::Restarting, Duration::from_secs(5)),
    );
}

#[tokio::test]
async fn the_database_refusing_connections_for_40_seconds() {
    tokio::join!(
        rides_out(Outage::Refused, Duration::from_secs(40)),
        rides_out(Outage::Restarting, Duration::from_secs(40)),
    );
}
