//! Server function: accept a referral, adding the person to the register with their
//! first rating and the consent record (or best-interests decision) that allows it.

// The form posts each answer as its own field (so it works without JavaScript and each
// error links to its input), so the server function takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// The answers of the accept form.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AcceptForm {
    /// NHS number (needed to add someone to the register).
    pub nhs_number: String,
    /// First rating, after assessment.
    pub rating: String,
    /// Why that rating.
    pub rationale: String,
    /// Local area (optional).
    pub area: String,
    /// The consent record or best-interests decision, as typed.
    pub consent: crate::models::ConsentAnswers,
}

/// Accepts referral `id`, seen at `version`: adds the person with their first rating and
/// the consent record, links the referring professional to the record, and closes the
/// referral, all in one transaction (nothing is half-written). The board shows the person
/// at once.
#[server(prefix = "/api", endpoint = "accept_referral")]
pub async fn accept_referral(
    id: String,
    version: i64,
    nhs_number: String,
    rating: Option<String>,
    rationale: String,
    area: String,
    consent_kind: Option<String>,
    given_by: String,
    method: String,
    decided_day: String,
    decided_month: String,
    decided_year: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        models::{uk_today, PersonId, ReferralStatus},
        state::AppState,
        store::{
            audit, consents,
            links::{self, LinkTarget},
            people::{self, NewPerson},
            referrals::{self, Step},
            timestamp_now, users,
        },
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "accept_referral", access::COORDINATORS).await?;
    let stored = referrals::get(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = timestamp_now();
    let form = AcceptForm {
        nhs_number,
        rating: rating.unwrap_or_default(),
        rationale,
        area,
        consent: crate::models::ConsentAnswers {
            kind: consent_kind.unwrap_or_default(),
            given_by,
            method,
            day: decided_day,
            month: decided_month,
            year: decided_year,
            reason,
        },
    };
    let r = &stored.referral;
    let checked =
        check::accept_form(&form, uk_today(at), r.date_of_birth).map_err(AppError::Invalid)?;
    let new = NewPerson {
        id: PersonId::random(),
        nhs_number: checked.nhs_number,
        given_name: r.given_name.clone(),
        family_name: r.family_name.clone(),
        date_of_birth: r.date_of_birth,
        diagnosis: r.diagnosis,
        setting: r.setting,
        area: form.area.trim().to_owned(),
        rating: checked.rating,
        rationale: checked.rationale,
    };
    // Read before the write transaction: the audit names the referrer by email.
    let referrer_email = match &stored.referrer_id {
        Some(id) => users::get(&state.db, id)
            .await?
            .map_or_else(|| id.clone(), |a| a.member.email),
        None => String::new(),
    };
    let mut tx = state.db.begin().await?;
    people::insert(
        &mut tx,
        &new,
        &caller.name,
        at,
        &state.settings.review_intervals,
    )
    .await
    .map_err(|e| match e.as_database_error() {
        Some(d) if d.is_unique_violation() => AppError::field(
            "nhs_number",
            "Someone on the register already has this NHS number. Check for a duplicate.",
        ),
        _ => e.into(),
    })?;
    let body = format!("Accepted with rating {}", new.rating.label());
    referrals::record(
        &mut tx,
        &id,
        version,
        Step::Status(ReferralStatus::Accepted, &body),
        Some(new.id),
        &caller.name,
        at,
    )
    .await?;
    let due = crate::models::recheck_due(
        checked.consent.decided_on,
        new.date_of_birth,
        state.settings.consent_recheck_months,
    );
    consents::record(&mut tx, new.id, &checked.consent, due, &caller.name, at).await?;
    crate::store::policy_dues::refresh(&mut tx, new.id, &state.settings.policy, uk_today(at))
        .await?;
    if let Some(referrer) = &stored.referrer_id {
        links::link(
            &mut tx,
            new.id,
            LinkTarget::Professional(referrer),
            &caller.name,
            at,
        )
        .await?;
        let named = format!("professional {referrer_email}");
        let linked = caller
            .audit("link_added")
            .about(new.id)
            .detail(&named)
            .at(at);
        audit::append(&mut tx, &state.settings.secret_key, &linked).await?;
    }
    let detail = format!("{}: {}", stored.reference, checked.consent.kind.code());
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &caller
            .audit("referral_accepted")
            .about(new.id)
            .detail(&detail)
            .at(at),
    )
    .await?;
    tx.commit().await?;
    state.feed.wake();
    leptos_axum::redirect(&format!("/people/{}", new.id));
    Ok(())
}

/// Checking the accept form.
#[cfg(feature = "ssr")]
pub mod check {
    use super::AcceptForm;
    use crate::{
        error::FieldError,
        models::{ConsentRecord, NhsNumber, Rating, Rationale},
    };
    use chrono::NaiveDate;

    /// A checked accept form.
    #[derive(Clone, Debug)]
    pub struct Accepted {
        /// NHS number.
        pub nhs_number: NhsNumber,
        /// First rating.
        pub rating: Rating,
        /// Why.
        pub rationale: Rationale,
        /// The consent record.
        pub consent: ConsentRecord,
    }

    /// Checks `form` as of `today`: a valid NHS number, a rating with its reason, and
    /// either consent (who, how, when) or a best-interests decision (who, their role,
    /// when, why).
    pub fn accept_form(
        form: &AcceptForm,
        today: NaiveDate,
        born: NaiveDate,
    ) -> Result<Accepted, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| {
            errors.push(FieldError {
                field: field.into(),
                message,
            })
        };
        let nhs_number = form
            .nhs_number
            .parse::<NhsNumber>()
            .map_err(|e| fail("nhs_number", e.to_string()))
            .ok();
        let rating = form
            .rating
            .parse::<Rating>()
            .map_err(|_| fail("rating", "Select the first rating".into()))
            .ok();
        let rationale = Rationale::try_from(form.rationale.clone())
            .map_err(|e| fail("rationale", e.to_string()))
            .ok();
        let area = form.area.trim();
        if area.chars().count() > 100 {
            fail("area", "Area must be 100 characters or fewer".into());
        } else if crate::models::has_control_characters(area) {
            fail("area", format!("Area {}", crate::models::HIDDEN_CHARACTERS));
        }
        let consent = form
            .consent
            .check(today, Some(born))
            .map_err(|e| errors.extend(e))
            .ok();
        match (nhs_number, rating, rationale, consent) {
            (Some(nhs_number), Some(rating), Some(rationale), Some(consent))
                if errors.is_empty() =>
            {
                Ok(Accepted {
                    nhs_number,
                    rating,
                    rationale,
                    consent,
                })
            }
            _ => Err(errors),
        }
    }
}
