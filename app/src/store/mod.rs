//! Storage: one query layer over SQLite (the embedded default) and PostgreSQL.
//!
//! Every query is written once, as portable SQL, and run by [`on_pool!`], [`on_tx!`] or [`on_exec!`] on
//! whichever backend is configured. The few real dialect differences (DDL, how a write
//! transaction starts, ordering change-log ids) live in this module.

pub mod actions;
pub mod agencies;
pub mod app_settings;
pub mod attempts;
pub mod audit;
mod backend;
pub mod board;
pub mod change_log;
pub mod consents;
pub mod ctrs;
pub mod departures;
pub mod figures;
pub mod links;
pub mod meeting;
pub mod meeting_agenda;
pub mod meetings;
pub mod password_resets;
pub mod people;
pub mod policy_dues;
pub mod referral_drafts;
pub mod referrals;
pub mod register_states;
pub mod reviews;
mod rows;
#[cfg(feature = "scratch-db")]
pub mod scratch;
pub mod second_factor;
pub mod sections;
pub mod sessions;
pub mod users;

pub(crate) use backend::{on_exec, on_pool, on_tx};
pub use backend::{Backend, Db, Exec, PoolUse, Tx, CHANGES_CHANNEL};

/// The current time at the precision both backends store (microseconds), so a value
/// read back equals the value written.
pub fn timestamp_now() -> chrono::DateTime<chrono::Utc> {
    use chrono::DurationRound;
    chrono::Utc::now()
        .duration_trunc(chrono::TimeDelta::microseconds(1))
        .expect("in range")
}
