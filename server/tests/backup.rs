//! `dsr backup` taken while the portal serves and ratings are being changed, then
//! `dsr restore` into an empty register: every change committed before the backup began
//! is in it, the change log has no gap and the audit chain verifies. Restore refuses to
//! replace a register that holds anything unless told to; on PostgreSQL both commands
//! point to the database's own tools.

use crate::support;

use app::{
    models::Role,
    store::{change_log, scratch::ScratchDb, Db},
};
use std::process::Output;
use support::{
    change_rating,
    instance::{start, TEST_SECRET_KEY},
    staff::sign_in,
};

/// Runs `dsr args…` on the register at `url`.
async fn dsr(url: &str, args: &[&str]) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_dsr"));
    command
        .args(args)
        .env("DATABASE_URL", url)
        .env("DSR_SECRET_KEY", TEST_SECRET_KEY)
        .env("RUST_LOG", "warn");
    command.output().await.unwrap()
}

/// The change log as (id, person, rating it moved to), up to `last`.
async fn log(db: &Db, last: i64) -> Vec<(i64, String, Option<String>)> {
    let sql = "SELECT id, person_id, to_rating FROM change_log WHERE id <= $1 ORDER BY id";
    match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).bind(last).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).bind(last).fetch_all(pool).await,
    }
    .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_everything_committed_before_it() {
    let dir = std::env::temp_dir().join(format!("dsr-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("dsr.db").display());
    assert!(dsr(&url, &["seed-demo", "--people", "5"])
        .await
        .status
        .success());
    let db = Db::connect(&url, 2).await.unwrap();
    let today = app::models::uk_today(chrono::Utc::now());
    let first = change_log::changes_after(&db, 0, 1, today)
        .await
        .unwrap()
        .remove(0);
    let staff = sign_in(&db, Role::Coordinator, None).await;
    let instance = start(&url, &[]).await;

    // Ratings keep changing while the backup is taken.
    let (client, base) = (staff.client.clone(), instance.base.clone());
    let person = first.person.to_string();
    let mut version = first.card.version;
    let writer = tokio::spawn(async move {
        for n in 0..60 {
            let rating = ["red", "amber"][n % 2];
            assert!(change_rating(&client, &base, &person, version, rating)
                .await
                .is_success());
            version += 1;
        }
    });
    while change_log::head(&db).await.unwrap() < first.id + 10 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let committed = change_log::head(&db).await.unwrap();
    let copy = dir.join("backup.db");
    let backup = dsr(&url, &["backup", copy.to_str().unwrap()]).await;
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    writer.await.unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "a backup is readable by its owner only"
        );
    }
    let again = dsr(&url, &["backup", copy.to_str().unwrap()]).await;
    assert!(!again.status.success(), "never over an existing file");

    // Into an empty register.
    let restored_url = format!("sqlite:{}", dir.join("restored.db").display());
    let restore = dsr(&restored_url, &["restore", copy.to_str().unwrap()]).await;
    let said = String::from_utf8_lossy(&restore.stdout);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert!(said.starts_with("restored"), "{said}");
    let restored = Db::connect(&restored_url, 1).await.unwrap();
    let head = change_log::head(&restored).await.unwrap();
    assert!(
        head >= committed,
        "everything committed before the backup began is there"
    );
    assert_eq!(log(&restored, committed).await, log(&db, committed).await);
    let ids: Vec<i64> = log(&restored, head).await.iter().map(|e| e.0).collect();
    assert_eq!(
        ids,
        (1..=head).collect::<Vec<_>>(),
        "no gap in the change log"
    );
    let verified = dsr(&restored_url, &["audit", "verify"]).await;
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );

    // A register that holds anything is replaced only when asked.
    let refused = dsr(&restored_url, &["restore", copy.to_str().unwrap()]).await;
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not empty"));
    let forced = dsr(
        &restored_url,
        &["restore", copy.to_str().unwrap(), "--force"],
    )
    .await;
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    drop(instance);
    restored.close().await;
    db.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn on_postgres_both_point_to_the_database_s_own_tools() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    for args in [["backup", "/tmp/never.db"], ["restore", "/tmp/never.db"]] {
        let out = dsr(scratch.url(), &args).await;
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("pg_dump"),
            "{args:?}"
        );
    }
    scratch.remove().await.unwrap();
}
