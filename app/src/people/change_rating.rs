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
        store::{
            audit,
            people::{self, ChangeError, RatingUpdate},
        },
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
    let before = people::get(&mut tx, person).await?;
    let changed =
        people::apply_rating_change_once(&mut tx, &update, &state.settings.review_intervals).await;
    let saved = match changed {
        // The same change sent again (its answer was lost): kept once, audited once.
        Ok((saved, false)) => return Ok(saved),
        Ok((saved, true)) => saved,
        Err(ChangeError::NotFound) => return Err(AppError::NotFound),
        Err(ChangeError::Closed) => return Err(AppError::RecordClosed),
        Err(ChangeError::Db(e)) => return Err(e.into()),
        Err(ChangeError::Conflict(_)) => return Err(AppError::Conflict),
    };
    let detail = format!(
        "{} to {}",
        before.map_or("none", |b| b.rating.code()),
        saved.rating.code()
    );
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &caller
            .audit("rating_changed")
            .about(person)
            .detail(&detail)
            .at(update.at),
    )
    .await?;
    let today = crate::models::uk_today(update.at);
    crate::store::policy_dues::refresh(&mut tx, person, &state.settings.policy, today).await?;
    // The card as it is now, with what the policy asks for after the change.
    let saved = people::get(&mut tx, person).await?.unwrap_or(saved);
    tx.commit().await?;
    state.feed.wake();
    Ok(saved)
}
