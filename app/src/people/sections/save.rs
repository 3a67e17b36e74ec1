//! Saving one section of a record, shared by each section's server function: from the
//! version the form was loaded at, with its history, change-log entry and audit row in
//! one transaction. A save from an out-of-date copy is refused and writes nothing.

#[cfg(feature = "ssr")]
use crate::{
    auth::Caller,
    error::AppError,
    models::{Person, Section, SectionBody},
    state::AppState,
    store::sections::SaveError,
};

/// The caller, the state and the person, once the caller may change the record (see
/// `standing::checked_caller`).
#[cfg(feature = "ssr")]
pub(super) type Checked = (AppState, Caller, Person);

/// How a refused section save is answered: not found (404), closed or saved meanwhile
/// (409), an NHS number another record has (422), or a database failure (500, logged).
#[cfg(feature = "ssr")]
impl From<SaveError> for AppError {
    fn from(error: SaveError) -> Self {
        match error {
            SaveError::NotFound => AppError::NotFound,
            // A repeat is answered as done by `save_section`; anywhere else it is stale.
            SaveError::Conflict(_) | SaveError::Repeated(_) => AppError::Conflict,
            SaveError::Closed => AppError::RecordClosed,
            SaveError::NhsNumberTaken => {
                AppError::field("nhs_number", "Another record has this NHS number")
            }
            SaveError::Db(e) => e.into(),
        }
    }
}

/// Today in the UK, for the date checks of a section's form.
#[cfg(feature = "ssr")]
pub(super) fn today() -> chrono::NaiveDate {
    crate::models::uk_today(chrono::Utc::now())
}

/// Saves `body` to the record of the person in `checked`, made from section `version` (0
/// when never saved), with its history, change-log entry and audit row in one
/// transaction; then sends the browser back to the record. A stale save is refused with
/// [`AppError::Conflict`].
#[cfg(feature = "ssr")]
pub(super) async fn save_section(
    (state, caller, person): Checked,
    version: i64,
    body: SectionBody,
) -> Result<(), AppError> {
    use crate::{
        people::standing::finish,
        store::{
            sections::{self, SectionSave},
            timestamp_now,
        },
    };
    if version < 0 {
        return Err(AppError::BadRequest(
            "the section's version is not valid".into(),
        ));
    }
    let at = timestamp_now();
    let save = SectionSave {
        person: person.id,
        from_version: version,
        body: &body,
        actor: &caller.name,
        at,
    };
    let mut tx = state.db.begin().await?;
    let saved = match sections::save(&mut tx, &save).await {
        // This very save, sent again after its answer was lost: kept once, audited once.
        Err(SaveError::Repeated(_)) => {
            leptos_axum::redirect(&format!("/people/{}", person.id));
            return Ok(());
        }
        saved => saved?,
    };
    let detail = format!("{} version {}", body.kind().code(), saved.version);
    let action = Some("section_changed");
    finish(tx, &state, &caller, action, person.id, &detail, at).await
}

/// `person`'s section of type `S` as it was saved at `version` (`None` when never saved
/// at that version). A change to a list is made to the list as the form showed it, and
/// saved from that version: so a change made meanwhile refuses it, and a repeat of a
/// change already made is recognised.
#[cfg(feature = "ssr")]
pub(super) async fn saved_at<S: Section>(
    state: &AppState,
    person: &Person,
    version: i64,
) -> Result<Option<S>, AppError> {
    let versions = crate::store::sections::versions(&state.db, person.id).await?;
    Ok(versions
        .iter()
        .filter(|s| s.version == version)
        .find_map(|s| S::in_body(&s.body).cloned()))
}
