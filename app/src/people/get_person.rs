//! Server function: one person's record and rating history.

use crate::{
    error::AppError,
    models::{Person, RatingChange},
};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the person page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    /// The record.
    pub person: Person,
    /// Rating history, newest first.
    pub history: Vec<RatingChange>,
    /// Today in the UK, for age and overdue.
    pub today: NaiveDate,
    /// The newest change-log entry when the record was read; the live feed continues from it.
    pub head: i64,
}

/// Reads one person's record and full rating history.
#[server(prefix = "/api", endpoint = "get_person")]
pub async fn get_person(id: String) -> Result<PersonRecord, AppError> {
    use crate::{
        auth::caller,
        models::{uk_today, PersonId},
        state::AppState,
        store::people,
    };

    caller()?;
    let state = AppState::current()?;
    let id: PersonId = id.parse().map_err(|_| AppError::NotFound)?;
    let head = crate::store::change_log::head(&state.db).await?;
    let person = people::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let history = people::history(&state.db, id).await?;
    Ok(PersonRecord {
        person,
        history,
        today: uk_today(chrono::Utc::now()),
        head,
    })
}
