//! Two `dsr` processes on one PostgreSQL database: a change made through one reaches a
//! feed client of the other, also after the listener's connection is killed.

mod support;

use app::store::{change_log, scratch::ScratchDb, Db};
use std::process::Stdio;
use support::{change_rating, EventReader, PATIENCE};
use tokio::process::{Child, Command};

struct Instance {
    base: String,
    _process: Child,
}

async fn start(url: &str) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let process = Command::new(env!("CARGO_BIN_EXE_dsr"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "dsr")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = tokio::time::Instant::now() + PATIENCE * 6;
    loop {
        if let Ok(response) = reqwest::get(format!("{base}/readyz")).await {
            if response.status().is_success() {
                break;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "instance on {port} did not become ready"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Instance {
        base,
        _process: process,
    }
}

async fn kill_listeners(db: &Db) -> u64 {
    let Db::Postgres(pool) = db else {
        unreachable!()
    };
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    .execute(pool)
    .await
    .unwrap()
    .rows_affected()
}

#[tokio::test]
async fn a_change_through_one_instance_reaches_clients_of_the_other() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    let db = &scratch.db;
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 1, 5, today, &Default::default())
        .await
        .unwrap();
    let first = change_log::changes_after(db, 0, 10, today)
        .await
        .unwrap()
        .remove(0);
    let (person, version) = (first.person.to_string(), first.card.version);
    let head = change_log::head(db).await.unwrap();

    let a = start(scratch.url()).await;
    let b = start(scratch.url()).await;
    let mut on_b = EventReader::connect(&format!("{}/events?after={head}", b.base), None).await;

    assert!(change_rating(&a.base, &person, version, "red")
        .await
        .is_success());
    assert_eq!(
        on_b.ids(1).await,
        vec![head + 1],
        "made on A, received on B"
    );

    // Kill B's (and A's) listener connections; changes made meanwhile must not be lost.
    assert!(
        kill_listeners(db).await >= 1,
        "a LISTEN connection was found and killed"
    );
    assert!(change_rating(&a.base, &person, version + 1, "amber")
        .await
        .is_success());
    assert!(change_rating(&a.base, &person, version + 2, "green")
        .await
        .is_success());
    assert_eq!(
        on_b.ids(2).await,
        vec![head + 2, head + 3],
        "nothing missed after the listener dropped"
    );
    assert_eq!(on_b.next().await, None, "and nothing twice");

    drop((a, b, on_b));
    scratch.remove().await.unwrap();
}
