//! The `dsr` command line against a real database file.

use app::store::{
    audit::{self, AuditEntry},
    Db,
};
use std::process::Command;

fn dsr(url: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dsr"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn audit_verify_passes_an_intact_chain_and_names_an_altered_row() {
    let dir = std::env::temp_dir().join(format!("dsr-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("audit.db").display());
    let db = Db::connect(&url, 1).await.unwrap();
    db.migrate().await.unwrap();
    for action in ["login", "person_viewed", "logout"] {
        audit::record(
            &db,
            &AuditEntry {
                at: app::store::timestamp_now(),
                actor: "Asha Patel",
                action,
                person: None,
                detail: "",
                client: "192.0.2.7",
            },
        )
        .await
        .unwrap();
    }
    let (ok, text) = dsr(&url, &["audit", "verify"]);
    assert!(ok, "{text}");
    assert!(text.contains("intact: 3 rows"), "{text}");

    let Db::Sqlite(pool) = &db else {
        unreachable!()
    };
    for sql in [
        "DROP TRIGGER audit_log_append_only_update",
        "UPDATE audit_log SET detail = 'edited' WHERE id = 2",
    ] {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
    let (ok, text) = dsr(&url, &["audit", "verify"]);
    assert!(!ok, "a broken chain fails the command");
    assert!(text.contains("broken at row 2"), "{text}");
    db.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
