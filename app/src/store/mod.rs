//! Storage: one query layer over SQLite (the embedded default) and PostgreSQL.
//!
//! Every query is written once, as portable SQL, and run by [`on_pool!`] or [`on_tx!`] on
//! whichever backend is configured. The few real dialect differences (DDL, how a write
//! transaction starts, ordering change-log ids) live in this module.

pub mod agencies;
pub mod app_settings;
pub mod attempts;
pub mod audit;
mod backend;
pub mod board;
pub mod change_log;
pub mod consents;
pub mod links;
pub mod meeting;
pub mod password_resets;
pub mod people;
pub mod referrals;
mod rows;
pub mod scratch;
pub mod second_factor;
pub mod sessions;
pub mod users;

pub use backend::{Backend, Db, Tx, CHANGES_CHANNEL};

/// Runs `$body` with `$pool` bound to the native pool of `$db`, for either backend.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Runs `$body` with `$conn` bound to the connection of the open transaction `$tx`.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::store::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

/// The current time at the precision both backends store (microseconds), so a value
/// read back equals the value written.
pub fn timestamp_now() -> chrono::DateTime<chrono::Utc> {
    use chrono::DurationRound;
    chrono::Utc::now()
        .duration_trunc(chrono::TimeDelta::microseconds(1))
        .expect("in range")
}
