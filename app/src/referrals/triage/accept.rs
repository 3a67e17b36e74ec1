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
    /// `consent` or `best_interests`.
    pub consent_kind: String,
    /// Who consented, or who made the decision.
    pub given_by: String,
    /// How consent was given, or the decision-maker's role.
    pub method: String,
    /// When: day.
    pub decided_day: String,
    /// When: month.
    pub decided_month: String,
    /// When: year.
    pub decided_year: String,
    /// Notes, or why the decision is in the person's best interests.
    pub reason: String,
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
        consent_kind: consent_kind.unwrap_or_default(),
        given_by,
        method,
        decided_day,
        decided_month,
        decided_year,
        reason,
    };
    let checked = check::accept_form(&form, uk_today(at)).map_err(AppError::Invalid)?;
    let r = &stored.referral;
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
    consents::record(&mut tx, new.id, &checked.consent, &caller.name, at).await?;
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
        models::{ConsentKind, ConsentRecord, NhsNumber, Rating, Rationale},
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
    pub fn accept_form(form: &AcceptForm, today: NaiveDate) -> Result<Accepted, Vec<FieldError>> {
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
        }
        let kind = form
            .consent_kind
            .parse::<ConsentKind>()
            .map_err(|_| {
                fail(
                    "consent_kind",
                    "Select whether the person consented or a best-interests decision was made"
                        .into(),
                )
            })
            .ok();
        let best_interests = kind == Some(ConsentKind::BestInterests);
        let text = |value: &str,
                    field: &str,
                    missing: &str,
                    max: usize,
                    fail: &mut dyn FnMut(&str, String)| {
            let value = value.trim();
            if value.is_empty() && !missing.is_empty() {
                fail(field, missing.into());
            } else if value.chars().count() > max {
                fail(field, format!("This must be {max} characters or fewer"));
            }
            value.to_owned()
        };
        let (who, how, why) = if best_interests {
            (
                "Enter who made the decision",
                "Enter the decision-maker's role",
                "Enter why joining the register is in their best interests",
            )
        } else {
            ("Enter who gave consent", "Enter how consent was given", "")
        };
        let given_by = text(&form.given_by, "given_by", who, 100, &mut fail);
        let method = text(&form.method, "method", how, 100, &mut fail);
        let reason = text(&form.reason, "reason", why, 2000, &mut fail);
        let decided_on = match (
            form.decided_day.trim().parse(),
            form.decided_month.trim().parse(),
            form.decided_year.trim().parse(),
        ) {
            (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        };
        let decided_on = match decided_on {
            None => {
                fail(
                    "decided_day",
                    "Enter the date as a real date, like 27 3 2026".into(),
                );
                None
            }
            Some(d) if d > today => {
                fail(
                    "decided_day",
                    "The date must be today or in the past".into(),
                );
                None
            }
            // Far-past years are typing mistakes (and beyond what a database date holds).
            Some(d) if chrono::Datelike::year(&d) < 1900 => {
                fail("decided_year", "The year must be 1900 or later".into());
                None
            }
            Some(d) => Some(d),
        };
        match (nhs_number, rating, rationale, kind, decided_on) {
            (Some(nhs_number), Some(rating), Some(rationale), Some(kind), Some(decided_on))
                if errors.is_empty() =>
            {
                Ok(Accepted {
                    nhs_number,
                    rating,
                    rationale,
                    consent: ConsentRecord {
                        kind,
                        given_by,
                        method,
                        decided_on,
                        reason,
                    },
                })
            }
            _ => Err(errors),
        }
    }
}
