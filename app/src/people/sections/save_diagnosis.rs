//! Server function: save the person's diagnosis (on the people row) and other conditions.

use crate::error::AppError;
use leptos::prelude::*;

/// Saves `person_id`'s diagnosis (a code) and other conditions, made from section
/// `version` (0 when never saved). On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "save_diagnosis")]
pub async fn save_diagnosis(
    person_id: String,
    version: i64,
    #[server(default)] diagnosis: Option<String>,
    #[server(default)] other_conditions: String,
) -> Result<(), AppError> {
    use super::save::save_section;
    use crate::{models::DiagnosisSection, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "save_diagnosis").await?;
    let section =
        DiagnosisSection::check(diagnosis.as_deref().unwrap_or_default(), &other_conditions)
            .map_err(AppError::Invalid)?;
    save_section(checked, version, section.into()).await
}
