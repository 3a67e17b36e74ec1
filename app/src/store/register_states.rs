//! What the figures count of each person, kept as it stood after every change to their
//! record (`register_states`): written in the change's own transaction, never changed
//! after, so the figures for a day that is over read the same states however often asked.

use super::{on_tx, Tx};
use crate::models::{uk_today, PersonId, SectionKind, Setting};
use chrono::{DateTime, NaiveDate, Utc};

/// The columns a state holds, in order.
macro_rules! state_columns {
    () => {
        "left_on, rating, setting, placement, admitted_on, security, discharged_on, \
         date_of_birth, review_due, consent_due, keyworker_until, policy_dues"
    };
}

/// One person's state as the figures count it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StateRow {
    /// The day they left the register; `None` while on it.
    pub left_on: Option<NaiveDate>,
    /// Their rating's code.
    pub rating: String,
    /// Their setting's code.
    pub setting: String,
    /// While in hospital: in or out of area (a `Placement` code).
    pub placement: Option<String>,
    /// While in hospital: the day they were admitted.
    pub admitted_on: Option<NaiveDate>,
    /// While in hospital: how secure the unit is (a `Security` code).
    pub security: Option<String>,
    /// On the first state after a stay in hospital: the day it was recorded.
    pub discharged_on: Option<NaiveDate>,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// When their next review is due.
    pub review_due: NaiveDate,
    /// When their consent must be checked again; `None` when none is recorded.
    pub consent_due: Option<NaiveDate>,
    /// While a keyworker is asked for and none named: the day that lapses.
    pub keyworker_until: Option<NaiveDate>,
    /// What the policy clock asked for (see `PolicyDue::encode`).
    pub policy_dues: String,
}

impl StateRow {
    /// Whether they were in hospital.
    pub fn inpatient(&self) -> bool {
        self.setting == Setting::InpatientUnit.code()
    }
}

/// The stay in hospital a saved home section (its JSON) names: in or out of area, the
/// day of admission and how secure the unit is.
fn stay(home: Option<&str>) -> (Option<String>, Option<NaiveDate>, Option<String>) {
    let value: serde_json::Value = home
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    let inpatient = &value["body"]["inpatient"];
    let text = |field: &str| inpatient[field].as_str().map(str::to_owned);
    (
        text("placement"),
        text("admitted_on").and_then(|d| d.parse().ok()),
        text("security"),
    )
}

/// Keeps `person`'s state as it is now in `tx`, following their newest change-log entry,
/// unless it is the same as their last kept state. Nothing for no such person.
pub async fn keep(tx: &mut Tx, person: PersonId) -> Result<(), sqlx::Error> {
    let id = person.to_string();
    let now: Option<StateRow> = on_tx!(&mut *tx, conn => sqlx::query_as(
        "SELECT left_on, rating, setting, NULL AS placement, NULL AS admitted_on, \
         NULL AS security, NULL AS discharged_on, date_of_birth, review_due, consent_due, \
         keyworker_until, policy_dues FROM people WHERE id = $1",
    )
    .bind(&id)
    .fetch_optional(conn)
    .await)?;
    let Some(mut state) = now else {
        return Ok(());
    };
    if state.inpatient() {
        let home: Option<String> = on_tx!(&mut *tx, conn => sqlx::query_scalar(
            "SELECT body FROM record_sections WHERE person_id = $1 AND section = $2",
        )
        .bind(&id)
        .bind(SectionKind::Home.code())
        .fetch_optional(conn)
        .await)?;
        (state.placement, state.admitted_on, state.security) = stay(home.as_deref());
    }
    let last: Option<StateRow> = on_tx!(&mut *tx, conn => sqlx::query_as(concat!(
        "SELECT ", state_columns!(), " FROM register_states WHERE person_id = $1 ORDER BY id DESC LIMIT 1"
    ))
    .bind(&id)
    .fetch_optional(conn)
    .await)?;
    let change: Option<(i64, DateTime<Utc>)> = on_tx!(&mut *tx, conn => sqlx::query_as(
        "SELECT id, created_at FROM change_log WHERE person_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(conn)
    .await)?;
    let Some((change_id, at)) = change else {
        return Ok(());
    };
    if let Some(last) = &last {
        let without_discharge = |s: &StateRow| StateRow {
            discharged_on: None,
            ..s.clone()
        };
        if without_discharge(last) == without_discharge(&state) {
            return Ok(());
        }
        if last.inpatient() && !state.inpatient() {
            state.discharged_on = Some(uk_today(at));
        }
    }
    on_tx!(tx, conn => sqlx::query(concat!(
        "INSERT INTO register_states (change_id, person_id, recorded_at, ", state_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(change_id)
    .bind(&id)
    .bind(at)
    .bind(state.left_on)
    .bind(&state.rating)
    .bind(&state.setting)
    .bind(&state.placement)
    .bind(state.admitted_on)
    .bind(&state.security)
    .bind(state.discharged_on)
    .bind(state.date_of_birth)
    .bind(state.review_due)
    .bind(state.consent_due)
    .bind(state.keyworker_until)
    .bind(&state.policy_dues)
    .execute(conn)
    .await
    .map(|_| ()))
}
