//! Server function: one person's record and rating history.

use super::wire::PersonRecord;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use chrono::NaiveDate;
use leptos::prelude::*;

/// Reads one person's record and full rating history. A `refresh` (the page reading
/// again because the live feed said the record changed) is not recorded as a new view
/// when the view is already recorded (see `auth::view_audit`).
#[server(prefix = "/api", endpoint = "get_person")]
pub async fn get_person(
    id: String,
    #[server(default)] refresh: bool,
) -> Result<PersonRecord, AppError> {
    use crate::{
        auth::{access, caller, view_audit},
        models::{uk_today, PersonId},
        state::AppState,
        store::change_log,
    };

    let caller = caller()?;
    let state = AppState::current()?;
    let id: PersonId = id.parse().map_err(|_| AppError::NotFound)?;
    access::require_role(&state, &caller, "get_person", access::REGISTER).await?;
    access::require_record(&state, &caller, "get_person", id).await?;
    let mut tx = state.db.begin_read().await?;
    let head = change_log::head(&mut tx).await?;
    let today = uk_today(chrono::Utc::now());
    let record = read_record(&mut tx, id, today, head, state.settings.policy).await?;
    tx.commit().await?;
    view_audit::audit_view(
        &state,
        &caller,
        "person_viewed",
        Some(id),
        "person page",
        refresh,
    )
    .await?;
    Ok(record)
}

/// The record of `id` and its history, read inside `tx`, whose change-log position is
/// `head`, with the policy clock's timescales `policy`; not found when there is no such
/// person.
#[cfg(feature = "ssr")]
pub async fn read_record(
    tx: &mut crate::store::Tx,
    id: crate::models::PersonId,
    today: NaiveDate,
    head: i64,
    policy: crate::models::PolicyTimescales,
) -> Result<PersonRecord, AppError> {
    use crate::store::{actions, consents, ctrs, departures, people, reviews, sections};
    let person = people::get(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let history = people::history(&mut *tx, id).await?;
    let consent = consents::of_person(&mut *tx, id).await?;
    let sections = sections::of_person(&mut *tx, &person).await?;
    let departures = departures::of_person(&mut *tx, id).await?;
    let reviews = reviews::of_person(&mut *tx, id).await?;
    let ctrs = ctrs::of_person(&mut *tx, id).await?;
    let actions = actions::of_person(&mut *tx, id).await?;
    let discharged_on = sections::discharged_on(&mut *tx, id).await?;
    Ok(PersonRecord {
        person,
        history,
        consent,
        sections,
        departures,
        reviews,
        ctrs,
        actions,
        discharged_on,
        policy,
        new_id: uuid::Uuid::new_v4(),
        today,
        head,
    })
}
