//! Server function: save who the person's keyworker is, or why there is none.

use crate::error::AppError;
use leptos::prelude::*;

/// Saves who `person_id`'s keyworker is (`status`: `named` with `name` and `agency`,
/// `waiting`, or `not_needed`), made from section `version` (0 when never saved).
#[server(prefix = "/api", endpoint = "save_keyworker")]
pub async fn save_keyworker(
    person_id: String,
    version: i64,
    #[server(default)] status: Option<String>,
    #[server(default)] name: String,
    #[server(default)] agency: String,
) -> Result<(), AppError> {
    use super::save::save_section;
    use crate::{models::Keyworker, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "save_keyworker").await?;
    let keyworker = Keyworker::check(status.as_deref().unwrap_or_default(), &name, &agency)
        .map_err(AppError::Invalid)?;
    save_section(checked, version, keyworker.into()).await
}
