//! The pool never hands on a connection left inside a transaction.

use app::store::Db;
use sqlx::Connection;

app::on_both_backends!(a_connection_left_in_a_transaction_is_not_handed_on);

/// A request cancelled after `BEGIN` ran but before its transaction guard existed leaves
/// its connection inside a transaction (on SQLite holding the write lock); here the guard
/// is forgotten to leave it so. Every later transaction, on every connection, still starts
/// and commits.
async fn a_connection_left_in_a_transaction_is_not_handed_on(db: &Db) {
    match db {
        Db::Sqlite(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            std::mem::forget(conn.begin_with("BEGIN IMMEDIATE").await.unwrap());
        }
        Db::Postgres(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            std::mem::forget(conn.begin().await.unwrap());
        }
    }
    for _ in 0..12 {
        db.begin().await.unwrap().commit().await.unwrap();
        db.begin_read().await.unwrap().commit().await.unwrap();
    }
}
