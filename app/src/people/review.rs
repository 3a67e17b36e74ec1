//! Server function: record a review of a person: when it was held, who took part, the
//! outcome (the rating kept or changed, with the reason), notes and the next review date.

// The form posts each answer as its own field (so it works without JavaScript and each
// error links to its input), so the server function takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Records a review of `person_id`, made from the record's `version`: `rating` is the
/// rating after it (the current one to keep it). The next review is the rating's usual
/// interval from the day it was held unless `next_*` give a date (with `next_reason`). On
/// success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "record_review")]
pub async fn record_review(
    person_id: String,
    version: i64,
    held_day: String,
    held_month: String,
    held_year: String,
    attendees: String,
    #[server(default)] rating: Option<String>,
    rationale: String,
    #[server(default)] notes: String,
    #[server(default)] next_day: String,
    #[server(default)] next_month: String,
    #[server(default)] next_year: String,
    #[server(default)] next_reason: String,
) -> Result<(), AppError> {
    use super::standing::{checked_caller, finish};
    use crate::{
        models::{uk_today, ReviewAnswers},
        store::{departures::Done, reviews},
    };
    let (state, caller, person) = checked_caller(&person_id, "record_review").await?;
    let at = crate::store::timestamp_now();
    let answers = ReviewAnswers {
        held: [held_day, held_month, held_year],
        attendees,
        rating: rating.unwrap_or_default(),
        rationale,
        notes,
        next: [next_day, next_month, next_year],
        next_reason,
    };
    let intervals = &state.settings.review_intervals;
    let review = answers
        .check(uk_today(at), person.date_of_birth, intervals)
        .map_err(AppError::Invalid)?;
    let mut tx = state.db.begin().await?;
    let done = Done {
        actor: &caller.name,
        at,
    };
    let (now, written) =
        reviews::record(&mut tx, person.id, version, &review, intervals, done).await?;
    let detail = format!(
        "{} to {}, next review {}",
        person.rating.code(),
        review.rating.code(),
        now.review_due
    );
    let action = written.then_some("review_recorded");
    finish(tx, &state, &caller, action, person.id, &detail, at).await
}
