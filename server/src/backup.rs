//! `dsr backup` and `dsr restore` on SQLite: a consistent copy of the register made while
//! the portal serves (`VACUUM INTO` reads one snapshot: everything committed before it
//! began and nothing after), and putting such a copy back in place of the register. On
//! PostgreSQL both are the database's own tools (README, "Backups").

use app::store::Db;
use sqlx::{sqlite::SqliteConnectOptions, Connection, SqliteConnection};
use std::{error::Error, fmt, path::Path};

/// The answer on PostgreSQL.
pub const ON_POSTGRES: &str = "the register is on PostgreSQL: back it up with pg_dump and \
     restore it with pg_restore or point-in-time recovery (see the README, \"Backups\")";

/// What a backup holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Held {
    /// People on it (and those who have left).
    pub people: i64,
    /// The newest change-log entry.
    pub changes: i64,
    /// Rows of the audit trail.
    pub audit_rows: i64,
}

impl fmt::Display for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} people, change log to entry {}, {} audit rows",
            self.people, self.changes, self.audit_rows
        )
    }
}

/// Copies the register in `db` to the new file `to`, made durable before it returns.
pub async fn backup(db: &Db, to: &Path) -> Result<Held, Box<dyn Error>> {
    let Db::Sqlite(pool) = db else {
        return Err(ON_POSTGRES.into());
    };
    // Made empty first, readable by its owner only (it holds everyone's records), and
    // never over a file that exists; `VACUUM INTO` fills an empty file.
    let mut new = std::fs::OpenOptions::new();
    new.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut new, 0o600);
    new.open(to).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            format!("{} exists already: name a new file", to.display())
        }
        _ => format!("{}: {e}", to.display()),
    })?;
    sqlx::query("VACUUM INTO ?")
        .bind(to.to_string_lossy().as_ref())
        .execute(pool)
        .await?;
    sync(to)?;
    held_in(to).await
}

/// Puts the backup `from` in place of the register file `file` (its pool `db` is closed
/// first). Refuses unless the register holds nothing (no person, account or referral),
/// or `force` is given. The portal must not be running on `file`.
pub async fn restore(
    db: Db,
    file: &Path,
    from: &Path,
    force: bool,
) -> Result<Held, Box<dyn Error>> {
    let Db::Sqlite(pool) = &db else {
        return Err(ON_POSTGRES.into());
    };
    let held = held_in(from).await?;
    let holds: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM users) \
         + (SELECT COUNT(*) FROM referrals)",
    )
    .fetch_one(pool)
    .await?;
    if holds > 0 && !force {
        return Err(format!(
            "the register in {} is not empty: restoring would replace it. Stop the portal, \
             back it up, and run again with --force to replace it",
            file.display()
        )
        .into());
    }
    db.close().await;
    let restoring = file.with_extension("restoring");
    std::fs::copy(from, &restoring)?;
    sync(&restoring)?;
    for journal in ["-wal", "-shm"] {
        let path = format!("{}{journal}", file.display());
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    std::fs::rename(&restoring, file)?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        sync(dir)?;
    }
    Ok(held)
}

/// Flushes `path` (a file or a folder) to the disk.
fn sync(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

/// Opens a copy read-only, checks that it is whole, and counts what it holds.
async fn held_in(file: &Path) -> Result<Held, Box<dyn Error>> {
    let options = SqliteConnectOptions::new().filename(file).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| format!("{}: not a register backup ({e})", file.display()))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    if check != "ok" {
        return Err(format!("{} is damaged: {check}", file.display()).into());
    }
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let held = Held {
        people: count("SELECT COUNT(*) FROM people")
            .fetch_one(&mut conn)
            .await?,
        changes: count("SELECT COALESCE(MAX(id), 0) FROM change_log")
            .fetch_one(&mut conn)
            .await?,
        audit_rows: count("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&mut conn)
            .await?,
    };
    conn.close().await?;
    Ok(held)
}
