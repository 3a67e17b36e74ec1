//! Server function: change a person's rating, refusing stale changes.

use crate::{error::AppError, models::Person};
use leptos::prelude::*;

/// Changes the rating of `person_id` from the record at `version` to `rating`, with a
/// `rationale`. Every field is validated here; a change made from an out-of-date record
/// is refused with [`AppError::Conflict`] and nothing is written (posted without
/// JavaScript, the form's typed answers are kept with the session and put back; see
/// [`crate::auth::shown_once::refused_form`]).
#[server(prefix = "/api", endpoint = "change_rating")]
pub async fn change_rating(
    person_id: String,
    version: i64,
    rating: Option<String>,
    rationale: Option<String>,
) -> Result<Person, AppError> {
    use crate::{
        auth::{access, caller},
        error::FieldError,
        models::{PersonId, Rating, Rationale},
        state::AppState,
        store::people::{self, RatingUpdate},
    };

    let caller = caller()?;
    let state = AppState::current()?;
    let person: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    access::require_role(&state, &caller, "change_rating", access::REGISTER).await?;
    access::require_record(&state, &caller, "change_rating", person).await?;
    let rating = rating.as_deref().unwrap_or_default().parse::<Rating>();
    let rationale = Rationale::try_from(rationale.unwrap_or_default());
    let mut errors = Vec::new();
    if rating.is_err() {
        errors.push(FieldError {
            field: "rating".into(),
            message: "Choose the new rating".into(),
        });
    }
    if let Err(e) = &rationale {
        errors.push(FieldError {
            field: "rationale".into(),
            message: e.to_string(),
        });
    }
    let (Ok(rating), Ok(rationale)) = (rating, rationale) else {
        return Err(AppError::Invalid(errors));
    };
    let update = RatingUpdate {
        person,
        from_version: version,
        to: rating,
        rationale: &rationale,
        actor: &caller.name,
        at: crate::store::timestamp_now(),
    };
    // The change, its history, its change-log entry and its audit row commit together.
    let mut tx = state.db.begin().await?;
    let (saved, written) = rating_changed_in(&mut tx, &state, &caller, &update).await?;
    if !written {
        // The same change sent again (its answer was lost): kept once, audited once.
        return Ok(saved);
    }
    let today = crate::models::uk_today(update.at);
    crate::store::policy_dues::refresh(&mut tx, person, &state.settings.policy, today).await?;
    // The card as it is now, with what the policy asks for after the change.
    let saved = people::get(&mut tx, person).await?.unwrap_or(saved);
    tx.commit().await?;
    state.feed.wake();
    Ok(saved)
}

/// Applies `update` inside `tx` as the versioned rating change does (a change made from
/// an out-of-date record is refused; the same change sent again is kept once) and audits
/// it. Returns the person after it and whether anything was written.
#[cfg(feature = "ssr")]
pub(crate) async fn rating_changed_in(
    tx: &mut crate::store::Tx,
    state: &crate::state::AppState,
    caller: &crate::auth::Caller,
    update: &crate::store::people::RatingUpdate<'_>,
) -> Result<(Person, bool), AppError> {
    use crate::store::{audit, people};
    let before = people::get(&mut *tx, update.person).await?;
    let (saved, written) =
        people::apply_rating_change_once(tx, update, &state.settings.review_intervals).await?;
    if written {
        let detail = format!(
            "{} to {}",
            before.map_or("none", |b| b.rating.code()),
            saved.rating.code()
        );
        let entry = caller
            .audit("rating_changed")
            .about(update.person)
            .detail(&detail)
            .at(update.at);
        audit::append(tx, &state.settings.secret_key, &entry).await?;
    }
    Ok((saved, written))
}
