//! Connecting, migrating and starting transactions on either backend.

use sqlx::{
    postgres::{PgPool, PgPoolOptions},
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
    },
    Connection, Postgres, Sqlite, Transaction,
};
use std::{str::FromStr, time::Duration};

/// The PostgreSQL channel on which new change-log ids are announced.
pub const CHANGES_CHANNEL: &str = "dsr_changes";

/// Runs `$body` with `$pool` bound to the native pool of `$db`, for either backend.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::backend::Db::Sqlite($pool) => $body,
            $crate::store::backend::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Runs `$body` with `$conn` bound to the connection of the open transaction `$tx`.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::store::backend::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::store::backend::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

/// Where a read runs: straight on the pool, or inside an open transaction (so it sees
/// what that transaction sees). Functions that read either way take `impl Into<Exec>`, so
/// one function serves both (`people::get(&state.db, id)`, `people::get(&mut tx, id)`).
pub enum Exec<'a> {
    /// A connection from the pool.
    Pool(&'a Db),
    /// The connection of an open transaction.
    Tx(&'a mut Tx),
}

impl Exec<'_> {
    /// The same executor, lent for one more query.
    pub fn reborrow(&mut self) -> Exec<'_> {
        match self {
            Exec::Pool(db) => Exec::Pool(db),
            Exec::Tx(tx) => Exec::Tx(tx),
        }
    }
}

impl<'a> From<&'a Db> for Exec<'a> {
    fn from(db: &'a Db) -> Self {
        Exec::Pool(db)
    }
}

impl<'a> From<&'a mut Tx> for Exec<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        Exec::Tx(tx)
    }
}

/// Runs `$body` with `$conn` bound to whatever `$exec` (an [`Exec`]) runs on: the native
/// pool, or the open transaction's connection, of either backend.
macro_rules! on_exec {
    ($exec:expr, $conn:ident => $body:expr) => {
        match $exec {
            $crate::store::backend::Exec::Pool(db) => $crate::store::backend::on_pool!(db, $conn => $body),
            $crate::store::backend::Exec::Tx(tx) => $crate::store::backend::on_tx!(tx, $conn => $body),
        }
    };
}
pub(crate) use on_exec;

/// Which database engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A connection pool on either backend.
#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// How a [`Db`]'s connections are used, for the operator's metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open.
    pub open: u32,
    /// Of those, idle.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// An open write transaction on either backend.
pub enum Tx {
    /// SQLite, started with `BEGIN IMMEDIATE`.
    Sqlite(Transaction<'static, Sqlite>),
    /// PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

/// Whether a pooled connection may be handed on: not while it is inside a transaction
/// (see [`Db::connect`]); one that is, is closed.
fn outside_transaction<C: Connection>(
    conn: &mut C,
    _: sqlx::pool::PoolConnectionMetadata,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, sqlx::Error>> + Send + '_>> {
    let outside = !conn.is_in_transaction();
    Box::pin(async move { Ok(outside) })
}

impl Db {
    /// Connects to `url`: `postgres://…` or `postgresql://…` for PostgreSQL, anything else
    /// (`sqlite:path`, or a bare path) for a SQLite file, created if missing, in WAL mode
    /// with `synchronous=FULL`, foreign keys on and a busy timeout.
    ///
    /// A connection still inside a transaction is closed, never handed on: a request
    /// cancelled (its client gone) after `BEGIN` ran but before its transaction guard
    /// existed leaves one so, and handed on it would refuse every later `BEGIN` and could
    /// hold SQLite's write lock. It is checked on release and again before use, since the
    /// `BEGIN` may still be queued on the connection when it is released.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .after_release(outside_transaction)
                .before_acquire(outside_transaction)
                .connect(url)
                .await?;
            return Ok(Db::Postgres(pool));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // A connection to a file in this process cannot go stale as a network one can:
        // no ping (a round trip to its worker thread) before each use. The transaction
        // check stays (see above).
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .test_before_acquire(false)
            .after_release(outside_transaction)
            .before_acquire(outside_transaction)
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// The engine behind this pool.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations for this backend.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await,
        }
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a read-then-write never fails half-way with "database is locked".
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Starts a read-only transaction that sees one consistent snapshot (so a page and the
    /// change-log position it was read at agree).
    pub async fn begin_read(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// The pool's connections now.
    pub fn pool_use(&self) -> PoolUse {
        on_pool!(self, pool => PoolUse {
            open: pool.size(),
            idle: pool.num_idle() as u32,
            max: pool.options().get_max_connections(),
        })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}

impl Tx {
    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    /// Tells the other app servers that change `id` exists, once this transaction commits
    /// (PostgreSQL `NOTIFY`; a rolled-back notification is never delivered). A single SQLite
    /// server wakes its own feed in-process instead.
    pub(crate) async fn notify_change(&mut self, id: i64) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANGES_CHANNEL)
                .bind(id.to_string())
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Makes change-log ids commit in the order they are issued, so a reader that has
    /// seen id N never later finds a smaller id appear. SQLite already serialises writers
    /// (`BEGIN IMMEDIATE`); PostgreSQL takes a transaction-scoped advisory lock, held until
    /// commit. Take it as the last lock of the transaction.
    pub(crate) async fn serialise_change_log(&mut self) -> Result<(), sqlx::Error> {
        /// Arbitrary, fixed key of the advisory lock guarding change-log appends.
        const CHANGE_LOG_LOCK: i64 = 0x0d5_c4a1;
        self.advisory_lock(CHANGE_LOG_LOCK).await
    }

    /// Makes audit-log appends one at a time, so each row follows the one before it in the
    /// hash chain (SQLite's write transactions already are).
    pub(crate) async fn serialise_audit_log(&mut self) -> Result<(), sqlx::Error> {
        /// Arbitrary, fixed key of the advisory lock guarding audit-log appends.
        const AUDIT_LOG_LOCK: i64 = 0x0d5_a0d1;
        self.advisory_lock(AUDIT_LOG_LOCK).await
    }

    /// Makes reserving sign-in and registration attempts one at a time, so a count and the
    /// insert that follows it cannot interleave with another's (SQLite's write
    /// transactions already are).
    pub(crate) async fn serialise_attempts(&mut self) -> Result<(), sqlx::Error> {
        /// Arbitrary, fixed key of the advisory lock guarding attempt reservations.
        const ATTEMPTS_LOCK: i64 = 0x0d5_a77e;
        self.advisory_lock(ATTEMPTS_LOCK).await
    }

    /// Makes public referral sends (and hidden-field hits) count against the limit and
    /// write one at a time, so parallel sends from one client never pass the same count
    /// (SQLite's write transactions already are).
    pub(crate) async fn serialise_public_referrals(&mut self) -> Result<(), sqlx::Error> {
        /// Arbitrary, fixed key of the advisory lock guarding the public referral limit.
        const PUBLIC_REFERRALS_LOCK: i64 = 0x0d5_4ef1;
        self.advisory_lock(PUBLIC_REFERRALS_LOCK).await
    }

    /// On PostgreSQL, takes the transaction-scoped advisory lock `key`.
    async fn advisory_lock(&mut self, key: i64) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}
