//! Server function: record the root-cause review of the admission the record holds now.

use crate::error::AppError;
use leptos::prelude::*;

/// Records the root-cause review of `person_id`'s current admission, made from section
/// `version` (0 when never saved): the day it was done and what it found (`notes`). A
/// record with no stay in hospital has no admission to review. On success the browser
/// goes back to the record.
#[server(prefix = "/api", endpoint = "save_root_cause")]
pub async fn save_root_cause(
    person_id: String,
    version: i64,
    #[server(default)] done_day: String,
    #[server(default)] done_month: String,
    #[server(default)] done_year: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    use super::save::{save_section, today};
    use crate::{
        models::{Home, RootCauseReview, Section},
        people::standing::checked_caller,
        store::sections,
    };
    let checked = checked_caller(&person_id, "save_root_cause").await?;
    let saved = sections::of_person(&checked.0.db, &checked.2).await?;
    let admitted_on = saved
        .iter()
        .find_map(|s| Home::in_body(&s.body))
        .and_then(|home| home.inpatient.as_ref())
        .map(|stay| stay.admitted_on)
        .ok_or_else(|| {
            AppError::field(
                "done_day",
                "The record has no stay in hospital to review. Record where they live first.",
            )
        })?;
    let review = RootCauseReview::check(
        admitted_on,
        &[done_day, done_month, done_year],
        &notes,
        today(),
    )
    .map_err(AppError::Invalid)?;
    save_section(checked, version, review.into()).await
}
