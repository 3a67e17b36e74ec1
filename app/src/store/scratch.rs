//! Fresh, migrated, throw-away databases for tests and benchmarks, on either backend.

use super::Db;
use std::path::PathBuf;

/// A database created for one test or benchmark run; [`ScratchDb::remove`] deletes it.
pub struct ScratchDb {
    /// The migrated pool.
    pub db: Db,
    url: String,
    place: Place,
}

enum Place {
    Dir(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl ScratchDb {
    /// A new SQLite file in its own temporary folder.
    pub async fn sqlite() -> Result<ScratchDb, sqlx::Error> {
        let dir =
            std::env::temp_dir().join(format!("dsr-scratch-{}", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite:{}", dir.join("dsr.db").display());
        ScratchDb::open(url, Place::Dir(dir)).await
    }

    /// A new database on the PostgreSQL server that `admin_url` reaches (any existing
    /// database there, for example `postgres://postgres@127.0.0.1:5432/postgres`).
    pub async fn postgres(admin_url: &str) -> Result<ScratchDb, sqlx::Error> {
        let name = format!("dsr_scratch_{}", uuid::Uuid::new_v4().simple());
        let admin = Db::connect(admin_url, 1).await?;
        super::on_pool!(&admin, pool => sqlx::query(&format!("CREATE DATABASE {name}")).execute(pool).await.map(|r| r.rows_affected()))?;
        admin.close().await;
        let url = with_database(admin_url, &name);
        let place = Place::Postgres {
            admin_url: admin_url.to_owned(),
            name,
        };
        ScratchDb::open(url, place).await
    }

    /// Connects to the new database at `url` and migrates it.
    async fn open(url: String, place: Place) -> Result<ScratchDb, sqlx::Error> {
        let db = Db::connect(&url, 8).await?;
        db.migrate()
            .await
            .map_err(|e| sqlx::Error::Migrate(Box::new(e)))?;
        Ok(ScratchDb { db, url, place })
    }

    /// A PostgreSQL scratch database for a test, on the server named by the environment
    /// variable `DSR_TEST_POSTGRES` (an admin URL). `None`, with a note on stderr, when it
    /// is unset, unless `DSR_REQUIRE_POSTGRES=1`, when the test fails instead of skipping.
    pub async fn postgres_for_test() -> Option<ScratchDb> {
        let required = std::env::var("DSR_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
        match std::env::var("DSR_TEST_POSTGRES") {
            Ok(url) => Some(
                ScratchDb::postgres(&url)
                    .await
                    .expect("PostgreSQL scratch database"),
            ),
            Err(_) if required => panic!("DSR_REQUIRE_POSTGRES=1 but DSR_TEST_POSTGRES is not set"),
            Err(_) => {
                eprintln!("skipping PostgreSQL test: DSR_TEST_POSTGRES is not set");
                None
            }
        }
    }

    /// The URL another process can connect to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Closes the pool and deletes the database.
    pub async fn remove(self) -> Result<(), sqlx::Error> {
        self.db.close().await;
        match self.place {
            Place::Dir(dir) => std::fs::remove_dir_all(dir).map_err(sqlx::Error::Io),
            Place::Postgres { admin_url, name } => {
                let admin = Db::connect(&admin_url, 1).await?;
                let dropped = super::on_pool!(&admin, pool => sqlx::query(&format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                ))
                .execute(pool)
                .await
                .map(|r| r.rows_affected()));
                admin.close().await;
                dropped.map(|_| ())
            }
        }
    }
}

/// Generates, for each named `async fn(&Db)`, a module with a `sqlite` and a `postgres`
/// test that run it on a fresh database (see [`ScratchDb::postgres_for_test`]).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let scratch = $crate::store::scratch::ScratchDb::sqlite().await.expect("sqlite scratch db");
                super::$name(&scratch.db).await;
                scratch.remove().await.expect("remove scratch db");
            }

            #[tokio::test]
            async fn postgres() {
                let Some(scratch) = $crate::store::scratch::ScratchDb::postgres_for_test().await else { return };
                super::$name(&scratch.db).await;
                scratch.remove().await.expect("remove scratch db");
            }
        }
    )+};
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_or_adds_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h:5432", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
