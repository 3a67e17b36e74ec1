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
    dsr_with_env(url, args, input, &[])
}

/// [`dsr_with_input`], with extra settings `env`.
fn dsr_with_env(url: &str, args: &[&str], input: &str, env: &[(&str, &str)]) -> (bool, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsr"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("DSR_SECRET_KEY", KEY)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
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

/// The service key of the CLI tests' registers (given to `dsr` as `DSR_SECRET_KEY`).
const KEY: &str = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

/// Runs `sql` on the SQLite file as someone with write access to it (but not the key).
async fn write_straight(db: &Db, sql: &'static str) {
    let Db::Sqlite(pool) = db else { unreachable!() };
    sqlx::query(sql).execute(pool).await.unwrap();
}

#[tokio::test]
async fn audit_verify_finds_a_rewritten_chain_and_rows_cut_after_a_checkpoint() {
    let dir = std::env::temp_dir().join(format!("dsr-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("audit.db").display());
    let db = Db::connect(&url, 1).await.unwrap();
    db.migrate().await.unwrap();
    let key = app::sealed::SecretKey::from_hex(KEY).unwrap();
    let entry = |detail| AuditEntry::new("Asha Patel", "person_viewed", "192.0.2.7").detail(detail);
    for _ in 0..4 {
        audit::record(&db, &key, &entry("")).await.unwrap();
    }
    let (ok, text) = dsr(&url, &["audit", "verify"]);
    assert!(ok, "{text}");
    assert!(text.contains("intact: 4 rows"), "{text}");
    let file = dir.join("checkpoints");
    let file_arg = file.to_str().unwrap();
    let (ok, printed) = dsr(&url, &["audit", "checkpoint", "--append", file_arg]);
    assert!(ok, "{printed}");
    let line = printed.trim().to_owned();
    assert!(line.starts_with("dsr-audit-checkpoint v1 4 "), "{line}");
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), line);
    let (ok, text) = dsr(&url, &["audit", "verify", "--checkpoint", &line]);
    assert!(ok && text.contains("1 checkpoints matched"), "{text}");

    // Rows cut from the end: the chain left is intact, but the checkpoint names row 4.
    write_straight(&db, "DROP TRIGGER audit_log_append_only_update").await;
    write_straight(&db, "DROP TRIGGER audit_log_append_only_delete").await;
    write_straight(&db, "DELETE FROM audit_log WHERE id > 2").await;
    let (ok, text) = dsr(&url, &["audit", "verify"]);
    assert!(ok && text.contains("intact: 2 rows"), "{text}");
    let (ok, text) = dsr(&url, &["audit", "verify", "--checkpoint", file_arg]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("ends at row 2, but a checkpoint names row 4"),
        "{text}"
    );
    // A forged or altered checkpoint is refused, never skipped.
    let forged = line.replace(" 4 ", " 2 ");
    let (ok, text) = dsr(&url, &["audit", "verify", "--checkpoint", &forged]);
    assert!(!ok && text.contains("not a checkpoint signed"), "{text}");

    // Row 2 edited and the chain from it recomputed without the service's key (here with
    // another): found.
    write_straight(&db, "DELETE FROM audit_log WHERE id = 2").await;
    audit::record(&db, &app::sealed::SecretKey::random(), &entry("edited"))
        .await
        .unwrap();
    let (ok, text) = dsr(&url, &["audit", "verify"]);
    assert!(!ok, "a broken chain fails the command");
    assert!(text.contains("broken at row 2"), "{text}");
    db.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_register_in_service_refuses_demo_accounts() {
    let dir = std::env::temp_dir().join(format!("dsr-cli-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("demo.db").display());
    let origin = [("DSR_PUBLIC_ORIGIN", "https://dsr.example.nhs.uk")];
    for args in [&["serve", "--demo"][..], &["seed-demo", "--people", "5"]] {
        let (ok, text) = dsr_with_env(&url, args, "", &origin);
        assert!(!ok, "{text}");
        assert!(
            text.contains("staff accounts whose password is published"),
            "{text}"
        );
    }
    let db = Db::connect(&url, 1).await.unwrap();
    assert_eq!(app::store::people::count(&db).await.unwrap(), 0);
    let Db::Sqlite(pool) = &db else {
        unreachable!()
    };
    let accounts: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(accounts, 0, "no demo accounts were added");
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

/// Run without the portal's settings, `backup` and `audit` refuse and make no register
/// (they would otherwise report on a new, empty one and succeed), and `restore` refuses
/// without the portal's key before it writes anything (no register, no new key).
#[tokio::test]
async fn commands_without_the_portals_settings_refuse_and_make_nothing() {
    let dir = std::env::temp_dir().join(format!("dsr-cli-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |db: &std::path::Path, args: &[&str], key: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dsr"));
        command
            .args(args)
            .env("DATABASE_URL", format!("sqlite:{}", db.display()))
            .env_remove("DSR_SECRET_KEY")
            .env("RUST_LOG", "warn");
        if let Some(key) = key {
            command.env("DSR_SECRET_KEY", key);
        }
        let out = command.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let missing = dir.join("missing.db");
    let copy = dir.join("copy.db");
    let copy_arg = copy.to_str().unwrap();
    for args in [
        &["backup", copy_arg][..],
        &["audit", "verify"],
        &["audit", "checkpoint"],
    ] {
        let (ok, text) = run(&missing, args, Some(KEY));
        assert!(!ok, "{args:?}: {text}");
        assert!(text.contains("no register at"), "{args:?}: {text}");
        assert!(!missing.exists() && !copy.exists(), "{args:?} made a file");
    }

    // A real register and its backup, made with the portal's key.
    let live = dir.join("live.db");
    let db = Db::connect(&format!("sqlite:{}", live.display()), 1)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let key = app::sealed::SecretKey::from_hex(KEY).unwrap();
    let entry = AuditEntry::new("Asha Patel", "person_viewed", "192.0.2.7");
    audit::record(&db, &key, &entry).await.unwrap();
    let (ok, text) = run(&live, &["backup", copy_arg], Some(KEY));
    assert!(ok, "{text}");

    let new = dir.join("new.db");
    let new_key_file = dir.join("new.db.key");
    let (ok, text) = run(&new, &["restore", copy_arg], None);
    assert!(!ok, "{text}");
    assert!(text.contains("no key"), "{text}");
    assert!(
        !new.exists() && !new_key_file.exists(),
        "a refused restore wrote something"
    );
    let (ok, text) = run(&new, &["restore", copy_arg], Some(KEY));
    assert!(ok && text.contains("intact: 1 rows"), "{text}");
    assert!(
        !new_key_file.exists(),
        "the given key is not written to a file"
    );
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
