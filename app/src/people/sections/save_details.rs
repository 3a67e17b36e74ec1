//! Server function: save the person's details. Names, date of birth, NHS number and area
//! are written to the people row in the same transaction, so the board card and search
//! show them at once; only coordinators change the NHS number.

// The form posts each answer as its own field (so it works without JavaScript and each
// error links to its input), so the server function takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves `person_id`'s details, made from section `version` (0 when never saved). The
/// form sends `nhs_number` only to those who may change it (coordinators); one that
/// differs from the record's, from anyone else, is refused (403). On success the browser
/// goes back to the record.
#[server(prefix = "/api", endpoint = "save_details")]
pub async fn save_details(
    person_id: String,
    version: i64,
    given_name: String,
    family_name: String,
    #[server(default)] preferred_name: String,
    dob_day: String,
    dob_month: String,
    dob_year: String,
    #[server(default)] nhs_number: Option<String>,
    area: String,
    #[server(default)] sex: Option<String>,
    #[server(default)] gender: String,
    #[server(default)] ethnicity: String,
    #[server(default)] first_language: String,
    #[server(default)] interpreter: Option<String>,
    #[server(default)] easy_read: Option<String>,
    #[server(default)] gp_practice: String,
) -> Result<(), AppError> {
    use super::save::{save_section, today};
    use crate::{auth::access, models::DetailsAnswers, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "save_details").await?;
    let (state, caller, person) = &checked;
    let answers = DetailsAnswers {
        given_name,
        family_name,
        preferred_name,
        date_of_birth: [dob_day, dob_month, dob_year],
        nhs_number: nhs_number.unwrap_or_else(|| person.nhs_number.digits().to_owned()),
        area,
        sex: sex.unwrap_or_default(),
        gender,
        ethnicity,
        first_language,
        interpreter: interpreter.unwrap_or_default(),
        easy_read: easy_read.unwrap_or_default(),
        gp_practice,
    };
    let details = answers.check(today()).map_err(AppError::Invalid)?;
    if details.nhs_number != person.nhs_number {
        access::require_nhs_number_change(state, caller, person.id).await?;
    }
    save_section(checked, version, details.into()).await
}
