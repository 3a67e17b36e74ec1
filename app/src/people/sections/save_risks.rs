//! Server function: save the risk factors checklist.

use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Saves `person_id`'s risk factors, made from section `version` (0 when never saved):
/// `risks` holds each factor's answers under its code (the form's `risks[{code}]`, ticked,
/// `risks[{code}_note]` and `risks[{code}_day]`…); only ticked factors are kept. On success the
/// browser goes back to the record.
#[server(prefix = "/api", endpoint = "save_risks")]
pub async fn save_risks(
    person_id: String,
    version: i64,
    #[server(default)] risks: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use super::save::{save_section, today};
    use crate::{models::RiskFactors, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "save_risks").await?;
    let risks =
        RiskFactors::check(&risks, today(), checked.2.date_of_birth).map_err(AppError::Invalid)?;
    save_section(checked, version, risks.into()).await
}
