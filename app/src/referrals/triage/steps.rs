//! Server function: record a contact, a note or a change of status on a referral.

use crate::error::AppError;
use leptos::prelude::*;

/// Most characters in a triage note or reason.
#[cfg(feature = "ssr")]
const NOTE_MAX: usize = 2000;

/// Records `step` on referral `id`, seen at `version`: `contact` (a contact made, `body`
/// says what happened), `note`, or a new status `in_triage`, `more_information` or
/// `not_eligible` (`body` is the reason, needed for the last two). Refused when the
/// referral changed since it was opened, or is closed.
#[server(prefix = "/api", endpoint = "record_triage")]
pub async fn record_triage(
    id: String,
    version: i64,
    step: String,
    body: String,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        models::ReferralStatus,
        state::AppState,
        store::{
            audit,
            referrals::{self, Step},
            timestamp_now,
        },
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "record_triage", access::COORDINATORS).await?;
    let body = body.trim();
    if body.chars().count() > NOTE_MAX {
        return Err(AppError::field(
            "body",
            "Notes must be 2000 characters or fewer",
        ));
    }
    if crate::models::has_control_characters(body) {
        return Err(AppError::field(
            "body",
            format!("Notes {}", crate::models::HIDDEN_CHARACTERS),
        ));
    }
    let step = match step.as_str() {
        "contact" => Step::Contact(body),
        "note" => Step::Note(body),
        "in_triage" => Step::Status(ReferralStatus::InTriage, body),
        "more_information" => Step::Status(ReferralStatus::MoreInformation, body),
        "not_eligible" => Step::Status(ReferralStatus::NotEligible, body),
        _ => return Err(AppError::field("step", "Select what to record")),
    };
    let needs_words = !matches!(step, Step::Status(ReferralStatus::InTriage, _));
    if needs_words && body.is_empty() {
        let message = match step {
            Step::Contact(_) => "Enter who was contacted and what was agreed",
            Step::Note(_) => "Enter the note",
            _ => "Enter the reason",
        };
        return Err(AppError::field("body", message));
    }
    let at = timestamp_now();
    let mut tx = state.db.begin().await?;
    let person = referrals::get(&mut tx, &id)
        .await?
        .ok_or(AppError::NotFound)?
        .person;
    referrals::record(&mut tx, &id, version, step, None, &caller.name, at).await?;
    let action = match step {
        Step::Contact(_) => "referral_contact",
        Step::Note(_) => "referral_note",
        Step::Status(..) => "referral_status",
    };
    let detail = match step {
        Step::Status(status, _) => format!("{id}: {}", status.code()),
        _ => id.clone(),
    };
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &caller.audit(action).about(person).detail(&detail).at(at),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
