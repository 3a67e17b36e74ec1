//! Server function: save the record's current issues, what has been tried, what would
//! reduce the risk, and the person's and their family's views.

use crate::error::AppError;
use leptos::prelude::*;

/// Saves the narrative of `person_id`'s record, made from section `version` (0 when it
/// was empty). On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "save_narrative")]
pub async fn save_narrative(
    person_id: String,
    version: i64,
    current_issues: String,
    tried: String,
    would_reduce_risk: String,
    own_view: String,
    family_view: String,
) -> Result<(), AppError> {
    use super::save::save_section;
    use crate::{models::Narrative, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "save_narrative").await?;
    let narrative = Narrative {
        current_issues,
        tried,
        would_reduce_risk,
        own_view,
        family_view,
    }
    .check()
    .map_err(AppError::Invalid)?;
    save_section(checked, version, narrative.into()).await
}
