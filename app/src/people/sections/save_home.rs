//! Server function: save where the person lives (the setting on the people row, which
//! the card shows) and, for an inpatient, their stay in hospital.

// The form posts each answer as its own field (so it works without JavaScript and each
// error links to its input), so the server function takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves where `person_id` lives, made from section `version` (0 when never saved): the
/// `setting` code, since when, and for an inpatient unit the unit, provider, type
/// (`ward`), `security`, `placement` (in or out of area), the admission and the Mental
/// Health Act status (`mha`, with `mha_other` for another section). On success the
/// browser goes back to the record.
#[server(prefix = "/api", endpoint = "save_home")]
pub async fn save_home(
    person_id: String,
    version: i64,
    #[server(default)] setting: Option<String>,
    #[server(default)] since_day: String,
    #[server(default)] since_month: String,
    #[server(default)] since_year: String,
    #[server(default)] unit: String,
    #[server(default)] provider: String,
    #[server(default)] ward: Option<String>,
    #[server(default)] security: Option<String>,
    #[server(default)] placement: Option<String>,
    #[server(default)] admitted_day: String,
    #[server(default)] admitted_month: String,
    #[server(default)] admitted_year: String,
    #[server(default)] mha: Option<String>,
    #[server(default)] mha_other: String,
) -> Result<(), AppError> {
    use super::save::{save_section, today};
    use crate::{models::HomeAnswers, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "save_home").await?;
    let answers = HomeAnswers {
        setting: setting.unwrap_or_default(),
        since: [since_day, since_month, since_year],
        unit,
        provider,
        ward: ward.unwrap_or_default(),
        security: security.unwrap_or_default(),
        placement: placement.unwrap_or_default(),
        admitted: [admitted_day, admitted_month, admitted_year],
        mha: mha.unwrap_or_default(),
        mha_other,
    };
    let home = answers
        .check(today(), checked.2.date_of_birth)
        .map_err(AppError::Invalid)?;
    save_section(checked, version, home.into()).await
}
