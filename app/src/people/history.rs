//! Server function: a record's history, every change with what it was before and after,
//! for the coordinators and the professionals linked to the record.

use super::wire::RecordChanges;
use crate::error::AppError;
use leptos::prelude::*;

/// Every change to `person_id`'s record, newest first. Each read is audited.
#[server(prefix = "/api", endpoint = "record_history")]
pub async fn record_history(person_id: String) -> Result<RecordChanges, AppError> {
    use crate::{
        auth::{access, caller},
        models::{PersonId, RecordPast},
        state::AppState,
        store::{consents, departures, people, reviews, sections},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    let id: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    access::require_role(&state, &caller, "record_history", access::REGISTER).await?;
    access::require_record(&state, &caller, "record_history", id).await?;
    let mut tx = state.db.begin_read().await?;
    let person = people::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let past = RecordPast {
        section_versions: sections::versions(&mut tx, id).await?,
        ratings: people::history(&mut tx, id).await?,
        consents: consents::recorded(&mut tx, id).await?,
        reviews: reviews::of_person(&mut tx, id).await?,
        departures: departures::of_person(&mut tx, id).await?,
    };
    tx.commit().await?;
    let entries = past.history();
    let detail = format!("record history, {} changes", entries.len());
    state
        .audit(&caller.audit("history_viewed").about(id).detail(&detail))
        .await?;
    Ok(RecordChanges {
        name: person.full_name(),
        entries,
    })
}
