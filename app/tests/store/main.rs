//! Store tests, each run on a fresh SQLite file and a fresh PostgreSQL database.
//! PostgreSQL runs when `DSR_TEST_POSTGRES` is set (see `ScratchDb::postgres_for_test`).

mod accounts;
mod actions;
mod audit;
mod board;
mod common;
mod ctrs;
mod figures;
mod meetings;
mod people;
mod pool;
mod sections;
mod standing;
