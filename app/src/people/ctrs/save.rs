//! Server functions: plan a C(E)TR (or change its plan), record its consent, record what
//! happened when it was held. Each saves the whole review from the version the form was
//! loaded at, so two people never overwrite each other, and a save sent twice is kept once.

// The forms post each answer as its own field (so they work without JavaScript and each
// error links to its input), so the server functions take them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Plans a new C(E)TR on `person_id`'s record (`version` 0, `ctr_id` fresh from the page)
/// or changes the plan of the one whose id is `ctr_id` (made from its `version`): the
/// kind, the planned day, the panel's names and roles and the day the papers were sent.
/// On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "save_ctr_plan")]
pub async fn save_ctr_plan(
    person_id: String,
    ctr_id: String,
    version: i64,
    #[server(default)] kind: Option<String>,
    #[server(default)] planned_day: String,
    #[server(default)] planned_month: String,
    #[server(default)] planned_year: String,
    #[server(default)] chair_name: String,
    #[server(default)] chair_role: String,
    #[server(default)] clinical_name: String,
    #[server(default)] clinical_role: String,
    #[server(default)] expert_name: String,
    #[server(default)] expert_role: String,
    #[server(default)] papers_day: String,
    #[server(default)] papers_month: String,
    #[server(default)] papers_year: String,
) -> Result<(), AppError> {
    use crate::models::{uk_today, Ctr, PlanAnswers};
    let (checked, current) = checked_ctr(&person_id, &ctr_id, version, "save_ctr_plan").await?;
    let answers = PlanAnswers {
        kind: kind.unwrap_or_default(),
        planned: [planned_day, planned_month, planned_year],
        chair: [chair_name, chair_role],
        clinical_expert: [clinical_name, clinical_role],
        expert_by_experience: [expert_name, expert_role],
        papers: [papers_day, papers_month, papers_year],
    };
    let today = uk_today(crate::store::timestamp_now());
    let held = current.as_ref().and_then(|c| c.held.as_ref());
    let plan = answers
        .check(today, checked.2.date_of_birth, held)
        .map_err(AppError::Invalid)?;
    let ctr = match current {
        Some(ctr) => Ctr { plan, ..ctr },
        None => Ctr {
            plan,
            consent: None,
            held: None,
        },
    };
    save(checked, &ctr_id, version, ctr, "ctr_planned").await
}

/// Records consent to the C(E)TR `ctr_id` on `person_id`'s record, made from its
/// `version`: on what footing (`basis`), who gave it, the day, the child's view (a
/// parent's consent) or the reason (a best-interests decision). On success the browser
/// goes back to the record.
#[server(prefix = "/api", endpoint = "save_ctr_consent")]
pub async fn save_ctr_consent(
    person_id: String,
    ctr_id: String,
    version: i64,
    #[server(default)] basis: Option<String>,
    given_by: String,
    decided_day: String,
    decided_month: String,
    decided_year: String,
    #[server(default)] child_view: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::models::{uk_today, ConsentToCtrAnswers, Ctr};
    let (checked, current) = checked_ctr(&person_id, &ctr_id, version, "save_ctr_consent").await?;
    let current = current.ok_or(AppError::NotFound)?;
    if current.held.is_some() {
        return Err(AppError::field(
            "basis",
            "This review was held: its consent cannot be changed now",
        ));
    }
    let answers = ConsentToCtrAnswers {
        basis: basis.unwrap_or_default(),
        given_by,
        decided: [decided_day, decided_month, decided_year],
        child_view,
        reason,
    };
    let today = uk_today(crate::store::timestamp_now());
    let consent = answers
        .check(today, checked.2.date_of_birth)
        .map_err(AppError::Invalid)?;
    let ctr = Ctr {
        consent: Some(consent),
        ..current
    };
    save(checked, &ctr_id, version, ctr, "ctr_consent_recorded").await
}

/// Records what happened at the C(E)TR `ctr_id` on `person_id`'s record, made from its
/// `version`: the day it was held, the outcome (in words for "other") and a summary.
/// Consent must be recorded first. On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "save_ctr_outcome")]
pub async fn save_ctr_outcome(
    person_id: String,
    ctr_id: String,
    version: i64,
    held_day: String,
    held_month: String,
    held_year: String,
    #[server(default)] outcome: Option<String>,
    #[server(default)] outcome_other: String,
    summary: String,
) -> Result<(), AppError> {
    use crate::models::{uk_today, Ctr, HeldAnswers};
    let (checked, current) = checked_ctr(&person_id, &ctr_id, version, "save_ctr_outcome").await?;
    let current = current.ok_or(AppError::NotFound)?;
    let answers = HeldAnswers {
        held: [held_day, held_month, held_year],
        outcome: outcome.unwrap_or_default(),
        outcome_other,
        summary,
    };
    let today = uk_today(crate::store::timestamp_now());
    let held = answers
        .check(today, checked.2.date_of_birth, &current)
        .map_err(AppError::Invalid)?;
    let ctr = Ctr {
        held: Some(held),
        ..current
    };
    save(checked, &ctr_id, version, ctr, "ctr_held").await
}

/// What a C(E)TR save checks first: the caller may change the record, and the C(E)TR
/// named is on it (`None` for a new one, `version` 0).
#[cfg(feature = "ssr")]
async fn checked_ctr(
    person_id: &str,
    ctr_id: &str,
    version: i64,
    action: &str,
) -> Result<
    (
        (
            crate::state::AppState,
            crate::auth::Caller,
            crate::models::Person,
        ),
        Option<crate::models::Ctr>,
    ),
    AppError,
> {
    use crate::{models::CtrId, people::standing::checked_caller, store::ctrs};
    let checked = checked_caller(person_id, action).await?;
    let id: CtrId = ctr_id.parse().map_err(|_| AppError::NotFound)?;
    if version < 0 {
        return Err(AppError::NotFound);
    }
    let current = match ctrs::get(&checked.0.db, id).await? {
        Some((owner, saved)) if owner == checked.2.id => Some(saved.ctr),
        Some(_) => return Err(AppError::NotFound),
        // A new one; a change of one that does not exist is not found.
        None if version == 0 => None,
        None => return Err(AppError::NotFound),
    };
    Ok((checked, current))
}

/// Saves `ctr` as `ctr_id` from `version`, audits it as `action` (unless it was a repeat
/// of the save already made) and sends the browser back to the record.
#[cfg(feature = "ssr")]
async fn save(
    (state, caller, person): (
        crate::state::AppState,
        crate::auth::Caller,
        crate::models::Person,
    ),
    ctr_id: &str,
    version: i64,
    ctr: crate::models::Ctr,
    action: &str,
) -> Result<(), AppError> {
    use crate::{
        people::standing::finish,
        store::ctrs::{self, CtrSave, CtrSaveError},
    };
    let at = crate::store::timestamp_now();
    let id = ctr_id.parse().map_err(|_| AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    let save = CtrSave {
        person: person.id,
        id: crate::models::CtrId(id),
        from_version: version,
        ctr: &ctr,
        actor: &caller.name,
        at,
    };
    let written = match ctrs::save(&mut tx, &save).await {
        Ok(_) => true,
        Err(CtrSaveError::Repeated(_)) => false,
        Err(CtrSaveError::Conflict(_)) => return Err(AppError::Conflict),
        Err(CtrSaveError::Closed) => return Err(AppError::RecordClosed),
        Err(CtrSaveError::NotFound) => return Err(AppError::NotFound),
        Err(CtrSaveError::Db(e)) => return Err(e.into()),
    };
    let detail = format!("{} {ctr_id}", ctr.plan.kind.code());
    let action = written.then_some(action);
    finish(tx, &state, &caller, action, person.id, &detail, at).await
}
