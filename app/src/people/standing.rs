//! Server functions: whether a person is on the register at all. Re-checking their consent,
//! taking them off the register (the record is closed and kept) and reopening a closed
//! record with a new consent record; and the coordinators' list of closed records.

// The forms post each answer as its own field (so they work without JavaScript and each
// error links to its input), so the server functions take them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::{error::AppError, models::ClosedRecord};
use leptos::prelude::*;

/// Adds a consent re-check (or a new best-interests decision) to `person_id`'s record, or,
/// when the record is closed, reopens it with that consent (coordinators only; `version`
/// is the record's version the form was loaded at, `consents_seen` how many consent
/// records it showed). On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "record_consent")]
pub async fn record_consent(
    person_id: String,
    version: i64,
    consents_seen: usize,
    #[server(default)] consent_kind: Option<String>,
    given_by: String,
    method: String,
    decided_day: String,
    decided_month: String,
    decided_year: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::{
        auth::access,
        models::{recheck_due, uk_today, ConsentAnswers},
        store::{consents, departures},
    };
    let (state, caller, person) = checked_caller(&person_id, "record_consent").await?;
    let at = crate::store::timestamp_now();
    let answers = ConsentAnswers {
        kind: consent_kind.unwrap_or_default(),
        given_by,
        method,
        day: decided_day,
        month: decided_month,
        year: decided_year,
        reason,
    };
    let born = person.date_of_birth;
    let consent = answers
        .check(uk_today(at), Some(born))
        .map_err(AppError::Invalid)?;
    let due = recheck_due(
        consent.decided_on,
        born,
        state.settings.consent_recheck_months,
    );
    let reopening = person.left_on.is_some();
    if reopening {
        access::require_role(&state, &caller, "reopen_record", access::COORDINATORS).await?;
    }
    let mut tx = state.db.begin().await?;
    let done = departures::Done {
        actor: &caller.name,
        at,
    };
    let outcome = if reopening {
        departures::reopen(&mut tx, person.id, version, &consent, due, done)
            .await
            .map(|(_, written)| written)
    } else {
        consents::recheck(
            &mut tx,
            person.id,
            &consent,
            consents_seen,
            due,
            &caller.name,
            at,
        )
        .await
    };
    // Closed since the form was loaded: reopening needs a coordinator's form.
    let written = outcome?;
    let action = if reopening {
        "record_reopened"
    } else {
        "consent_recorded"
    };
    let detail = format!("{}, re-check due {due}", consent.kind.code());
    finish(
        tx,
        &state,
        &caller,
        written.then_some(action),
        person.id,
        &detail,
        at,
    )
    .await
}

/// Takes `person_id` off the register (made from the record's `version`): why (`reason`),
/// the day they left, who decided (or who withdrew consent), why in words, and the
/// receiving ICB or how a withdrawal was told (`detail`). The record is closed and kept;
/// every board drops the card at once. A linked professional may record only a withdrawal
/// of consent.
#[server(prefix = "/api", endpoint = "leave_register")]
pub async fn leave_register(
    person_id: String,
    version: i64,
    #[server(default)] reason: Option<String>,
    left_day: String,
    left_month: String,
    left_year: String,
    decided_by: String,
    why: String,
    #[server(default)] detail: String,
) -> Result<(), AppError> {
    use crate::{
        auth::access,
        models::{uk_today, DepartureAnswers},
        store::departures,
    };
    let (state, caller, person) = checked_caller(&person_id, "leave_register").await?;
    let at = crate::store::timestamp_now();
    let answers = DepartureAnswers {
        reason: reason.unwrap_or_default(),
        left: [left_day, left_month, left_year],
        decided_by,
        why,
        detail,
    };
    let departure = answers
        .check(uk_today(at), person.date_of_birth)
        .map_err(AppError::Invalid)?;
    if !access::may_close_for(&caller, departure.reason) {
        return Err(AppError::field(
            "reason",
            "Only the LDA team can take someone off the register for this reason. If consent was withdrawn, choose that.",
        ));
    }
    let mut tx = state.db.begin().await?;
    let done = departures::Done {
        actor: &caller.name,
        at,
    };
    let (_, written) = departures::leave(&mut tx, person.id, version, &departure, done).await?;
    let detail = format!("{} on {}", departure.reason.code(), departure.left_on);
    let action = written.then_some("left_register");
    finish(tx, &state, &caller, action, person.id, &detail, at).await
}

/// Closed records for coordinators, most recently closed first, optionally only those
/// matching `q` (a name, or the start of an NHS number: at least 3 letters or digits).
/// Each read is audited (a search by a keyed hash, never its text).
#[server(prefix = "/api", endpoint = "closed_records")]
pub async fn closed_records(#[server(default)] q: String) -> Result<Vec<ClosedRecord>, AppError> {
    use crate::{
        auth::{access, caller},
        state::AppState,
        store::departures,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "closed_records", access::COORDINATORS).await?;
    let search = access::search_terms(&q)?;
    let records = departures::closed(&state.db, search.as_deref()).await?;
    let detail = match &search {
        Some(s) => format!(
            "closed records, search {}, {} results",
            state
                .settings
                .secret_key
                .digest("closed search", &s.to_lowercase()),
            records.len()
        ),
        None => format!("closed records, {} listed", records.len()),
    };
    state
        .audit(&caller.audit("closed_records_viewed").detail(&detail))
        .await?;
    Ok(records)
}

/// How a refused change of a record is answered: not found (404), closed or changed
/// meanwhile (409), or a database failure (500, logged).
#[cfg(feature = "ssr")]
impl From<crate::store::people::ChangeError> for AppError {
    fn from(error: crate::store::people::ChangeError) -> Self {
        use crate::store::people::ChangeError;
        match error {
            ChangeError::NotFound => AppError::NotFound,
            ChangeError::Closed => AppError::RecordClosed,
            ChangeError::Conflict(_) => AppError::Conflict,
            ChangeError::Db(e) => e.into(),
        }
    }
}

/// The caller, if they may change `person_id`'s record (`action` names the server function
/// in the audit trail), with the state and the person as they are now.
#[cfg(feature = "ssr")]
pub(crate) async fn checked_caller(
    person_id: &str,
    action: &str,
) -> Result<
    (
        crate::state::AppState,
        crate::auth::Caller,
        crate::models::Person,
    ),
    AppError,
> {
    use crate::{
        auth::{access, caller},
        models::PersonId,
        state::AppState,
        store::people,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    let id: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    access::require_role(&state, &caller, action, access::REGISTER).await?;
    access::require_record(&state, &caller, action, id).await?;
    let person = people::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((state, caller, person))
}

/// Audits `action` on `person` inside `tx` (none when a repeated send wrote nothing),
/// keeps what the policy clock asks for on their row, commits, wakes the feed and sends
/// the browser back to the record.
#[cfg(feature = "ssr")]
pub(crate) async fn finish(
    tx: crate::store::Tx,
    state: &crate::state::AppState,
    caller: &crate::auth::Caller,
    action: Option<&str>,
    person: crate::models::PersonId,
    detail: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let done = Finish {
        action,
        person,
        detail,
        at,
    };
    finish_to(tx, state, caller, done, &format!("/people/{person}")).await
}

/// What [`finish_to`] audits.
#[cfg(feature = "ssr")]
pub(crate) struct Finish<'a> {
    /// The audit trail's action (none when a repeated send wrote nothing).
    pub action: Option<&'a str>,
    /// Whose record.
    pub person: crate::models::PersonId,
    /// The audit trail's detail.
    pub detail: &'a str,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// [`finish`], sending the browser to `to` instead of the record.
#[cfg(feature = "ssr")]
pub(crate) async fn finish_to(
    mut tx: crate::store::Tx,
    state: &crate::state::AppState,
    caller: &crate::auth::Caller,
    done: Finish<'_>,
    to: &str,
) -> Result<(), AppError> {
    let Finish {
        action,
        person,
        detail,
        at,
    } = done;
    if let Some(action) = action {
        let entry = caller.audit(action).about(person).detail(detail).at(at);
        crate::store::audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    }
    let today = crate::models::uk_today(at);
    crate::store::policy_dues::refresh(&mut tx, person, &state.settings.policy, today).await?;
    tx.commit().await?;
    state.feed.wake();
    leptos_axum::redirect(to);
    Ok(())
}
