//! The `dsr` command line against a real database file.

use app::store::{
    audit::{self, AuditEntry},
    Db,
};
use std::process::Command;

fn dsr(url: &str, args: &[&str]) -> (bool, String) {
    dsr_with_input(url, args, "")
}

/// Runs `dsr` with `input` on its standard input.
fn dsr_with_input(url: &str, args: &[&str], input: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsr"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
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

#[tokio::test]
async fn admin_create_reads_the_password_from_stdin_and_checks_it() {
    let dir = std::env::temp_dir().join(format!("dsr-admin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("admin.db").display());
    let create = [
        "admin",
        "create",
        "--email",
        "Asha.Patel@NHS.net",
        "--name",
        "Asha Patel",
    ];

    let (ok, text) = dsr_with_input(&url, &create, "password1234\n");
    assert!(!ok && text.contains("harder to guess"), "{text}");
    let (ok, text) = dsr_with_input(&url, &create, "short\n");
    assert!(!ok && text.contains("at least 12 characters"), "{text}");
    let (ok, text) = dsr_with_input(&url, &create, "velvet otters juggle quietly\n");
    assert!(ok, "{text}");
    let (ok, text) = dsr_with_input(&url, &create, "another fine passphrase here\n");
    assert!(!ok && text.contains("already exists"), "{text}");

    let db = Db::connect(&url, 1).await.unwrap();
    let account = app::store::users::role_and_status(&db, "asha.patel@nhs.net")
        .await
        .unwrap();
    assert_eq!(
        account,
        Some((app::models::Role::Admin, app::models::AccountStatus::Active))
    );
    let Db::Sqlite(pool) = &db else {
        unreachable!()
    };
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "only the hash is kept");
    let (ok, text) = dsr(&url, &["audit", "verify"]);
    assert!(
        ok && text.contains("intact: 1 rows"),
        "the creation is audited: {text}"
    );
    db.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
