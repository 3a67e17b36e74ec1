//! Two `dsr` processes on one PostgreSQL database: a change made through one reaches a
//! feed client of the other, also after the listener's connection is killed.

use crate::support;

use app::store::{change_log, scratch::ScratchDb, Db};
use support::{change_rating, instance::start, sse::EventReader, staff::sign_in};

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
    let (person, version) = support::one_demo_person(db).await;
    let person = person.to_string();
    let head = change_log::head(db).await.unwrap();

    let staff = sign_in(db, app::models::Role::Coordinator, None).await;
    let client = &staff.client;
    let a = start(scratch.url(), &[]).await;
    let b = start(scratch.url(), &[]).await;
    let mut on_b =
        EventReader::connect(client, &format!("{}/events?after={head}", b.base), None).await;

    assert!(change_rating(client, &a.base, &person, version, "red")
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
    assert!(
        change_rating(client, &a.base, &person, version + 1, "amber")
            .await
            .is_success()
    );
    assert!(
        change_rating(client, &a.base, &person, version + 2, "green")
            .await
            .is_success()
    );
    assert_eq!(
        on_b.ids(2).await,
        vec![head + 2, head + 3],
        "nothing missed after the listener dropped"
    );
    assert_eq!(on_b.next().await, None, "and nothing twice");

    drop((a, b, on_b));
    scratch.remove().await.unwrap();
}
