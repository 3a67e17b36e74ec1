//! Server functions: save one section of a person's record (the narrative, the keyworker),
//! from the version the form was loaded at. Each form posts its fields one by one, so it
//! works without JavaScript; a save from an out-of-date copy is refused and writes nothing.

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
    use crate::models::{Narrative, SectionBody};
    let body = SectionBody::Narrative(Narrative {
        current_issues,
        tried,
        would_reduce_risk,
        own_view,
        family_view,
    });
    save_section(&person_id, version, body, "save_narrative").await
}

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
    use crate::models::{Keyworker, SectionBody};
    let keyworker = match status.as_deref() {
        Some("named") => Keyworker::Named { name, agency },
        Some("waiting") => Keyworker::Waiting,
        Some("not_needed") => Keyworker::NotNeeded,
        _ => {
            return Err(AppError::field(
                "status",
                "Choose whether the person has a keyworker",
            ))
        }
    };
    save_section(
        &person_id,
        version,
        SectionBody::Keyworker(keyworker),
        "save_keyworker",
    )
    .await
}

/// Checks the caller may change `person_id`'s record (`action` names the server function
/// in the audit trail), checks `body`, and saves it from section `version`, with its
/// history, change-log entry and audit row in one transaction; then sends the browser back
/// to the record. A stale save is refused with [`AppError::Conflict`].
#[cfg(feature = "ssr")]
async fn save_section(
    person_id: &str,
    version: i64,
    body: crate::models::SectionBody,
    action: &str,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        models::PersonId,
        state::AppState,
        store::{
            audit,
            sections::{self, SaveError, SectionSave},
            timestamp_now,
        },
    };
    let caller = caller()?;
    let state = AppState::current()?;
    let person: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    access::require_role(&state, &caller, action, access::REGISTER).await?;
    access::require_record(&state, &caller, action, person).await?;
    if version < 0 {
        return Err(AppError::BadRequest(
            "the section's version is not valid".into(),
        ));
    }
    let body = body.trimmed();
    let problems = body.problems();
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let at = timestamp_now();
    let save = SectionSave {
        person,
        from_version: version,
        body: &body,
        actor: &caller.name,
        at,
    };
    let mut tx = state.db.begin().await?;
    let saved = match sections::save(&mut tx, &save).await {
        Ok(saved) => saved,
        Err(SaveError::Repeated(_)) => {
            leptos_axum::redirect(&format!("/people/{person}"));
            return Ok(());
        }
        Err(SaveError::NotFound) => return Err(AppError::NotFound),
        Err(SaveError::Conflict(_)) => return Err(AppError::Conflict),
        Err(SaveError::Closed) => return Err(AppError::RecordClosed),
        Err(SaveError::Db(e)) => return Err(e.into()),
    };
    let detail = format!("{} version {}", body.kind().code(), saved.version);
    let entry = caller
        .audit("section_changed")
        .about(person)
        .detail(&detail)
        .at(at);
    audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    tx.commit().await?;
    state.feed.wake();
    leptos_axum::redirect(&format!("/people/{person}"));
    Ok(())
}
