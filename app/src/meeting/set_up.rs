//! Server functions: the list of DSR meetings, and setting one up (the LDA team): its
//! day, its chair and perhaps a note-taker.

use super::wire::MeetingList;
use crate::error::AppError;
use leptos::prelude::*;

/// How many meetings the meetings page lists.
pub const MEETINGS_LISTED: i64 = 50;

/// The latest meetings; for the LDA team, also who may chair or take notes and a fresh
/// id for a new meeting. Lists no one on the register, so it is not audited.
#[server(prefix = "/api", endpoint = "list_meetings")]
pub async fn list_meetings() -> Result<MeetingList, AppError> {
    use crate::{
        auth::{access, caller},
        models::Role,
        state::AppState,
        store::meetings,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "list_meetings", access::REGISTER).await?;
    let may_set_up = caller.role == Role::Coordinator;
    let staff = if may_set_up {
        lda_team(&state).await?
    } else {
        Vec::new()
    };
    Ok(MeetingList {
        meetings: meetings::latest(&state.db, MEETINGS_LISTED).await?,
        may_set_up,
        staff,
        me: caller.id,
        new_id: uuid::Uuid::new_v4().to_string(),
    })
}

/// Sets up the meeting `meeting_id` (fresh from the page) on the day given, chaired by
/// the account `chair`, with the account `note_taker` (optional) taking notes; both must
/// be active LDA team accounts. On success the browser goes to its attendance.
#[server(prefix = "/api", endpoint = "set_up_meeting")]
pub async fn set_up_meeting(
    meeting_id: String,
    #[server(default)] held_day: String,
    #[server(default)] held_month: String,
    #[server(default)] held_year: String,
    #[server(default)] chair: String,
    #[server(default)] note_taker: String,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        error::FieldError,
        models::{check_held_on, uk_today, MeetingId},
        state::AppState,
        store::meetings::{self, Done, Holder, NewMeeting},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "set_up_meeting", access::COORDINATORS).await?;
    let id: MeetingId = meeting_id.parse().map_err(|_| AppError::NotFound)?;
    let at = crate::store::timestamp_now();
    let staff = lda_team(&state).await?;
    let find = |id: &str| staff.iter().find(|s| s.id == id.trim());
    let held_on = check_held_on(&[held_day, held_month, held_year], uk_today(at));
    let mut problems = held_on.clone().err().unwrap_or_default();
    let chair = find(&chair);
    if chair.is_none() {
        problems.push(FieldError {
            field: "chair".into(),
            message: "Choose who chairs the meeting".into(),
        });
    }
    let note_taker = match note_taker.trim() {
        "" => None,
        chosen => {
            let found = find(chosen);
            if found.is_none() {
                problems.push(FieldError {
                    field: "note_taker".into(),
                    message: "Choose a note-taker from the list, or no one".into(),
                });
            }
            found
        }
    };
    let (Some(chair), Ok(held_on), true) = (chair, held_on, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let new = NewMeeting {
        id,
        held_on,
        chair: Holder {
            user: &chair.id,
            name: &chair.name,
        },
        // The chair taking their own notes names no one else.
        note_taker: note_taker.filter(|n| n.id != chair.id).map(|n| Holder {
            user: &n.id,
            name: &n.name,
        }),
    };
    let mut tx = state.db.begin().await?;
    let done = Done {
        actor: &caller.name,
        at,
    };
    let written = meetings::create(&mut tx, &new, done)
        .await
        .map_err(|e| refused(e, "held_day", ""))?;
    if written {
        let detail = format!("{id}, held {}", new.held_on);
        let entry = caller.audit("meeting_set_up").detail(&detail).at(at);
        crate::store::audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!("/meetings/{id}/attendance"));
    Ok(())
}

/// The active LDA team accounts, by name: who may chair a meeting or take its notes.
#[cfg(feature = "ssr")]
async fn lda_team(
    state: &crate::state::AppState,
) -> Result<Vec<super::wire::StaffChoice>, AppError> {
    use crate::{
        models::{AccountStatus, Role},
        store::users,
    };
    let mut staff: Vec<_> = users::with_status(&state.db, AccountStatus::Active)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Coordinator)
        .map(|m| super::wire::StaffChoice {
            id: m.id,
            name: m.name,
        })
        .collect();
    staff.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(staff)
}

/// A call about a meeting: the state, the caller and the meeting.
#[cfg(feature = "ssr")]
pub(crate) type MeetingCall = (
    crate::state::AppState,
    crate::auth::Caller,
    crate::store::meetings::StoredMeeting,
);

/// The meeting `meeting_id`, when `caller` has one of `roles` (`action` names the server
/// function in the audit trail), with the state and the caller.
#[cfg(feature = "ssr")]
pub(crate) async fn meeting_for(
    meeting_id: &str,
    action: &str,
    roles: &[crate::models::Role],
) -> Result<MeetingCall, AppError> {
    use crate::{
        auth::{access, caller},
        models::MeetingId,
        state::AppState,
        store::meetings,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, action, roles).await?;
    let id: MeetingId = meeting_id.parse().map_err(|_| AppError::NotFound)?;
    let meeting = meetings::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((state, caller, meeting))
}

/// [`meeting_for`] the LDA team, if `caller` records for the meeting (its chair or
/// note-taker).
#[cfg(feature = "ssr")]
pub(crate) async fn recorder(meeting_id: &str, action: &str) -> Result<MeetingCall, AppError> {
    use crate::auth::access;
    let (state, caller, meeting) = meeting_for(meeting_id, action, access::COORDINATORS).await?;
    access::require_recorder(&state, &caller, action, &meeting).await?;
    Ok((state, caller, meeting))
}

/// How a refused change of a meeting is answered: not found (404), a closed record or a
/// change made meanwhile (409), too much (a problem against `field`), or a database
/// failure (500, logged).
#[cfg(feature = "ssr")]
pub(crate) fn refused(
    error: crate::store::meetings::MeetingError,
    field: &str,
    too_many: &str,
) -> AppError {
    use crate::store::meetings::MeetingError;
    match error {
        MeetingError::NotFound => AppError::NotFound,
        MeetingError::Closed => AppError::RecordClosed,
        MeetingError::Conflict => AppError::Conflict,
        MeetingError::TooMany => AppError::field(field, too_many),
        MeetingError::Db(e) => e.into(),
    }
}

/// Refuses, against `field`, a change to what `meeting` recorded once its minutes were
/// sent round (they would no longer say what was circulated), or (with `today`) one
/// that [`crate::models::closed_for_recording`] refuses.
#[cfg(feature = "ssr")]
pub(crate) fn still_open(
    meeting: &crate::models::MeetingRecord,
    field: &str,
    today: Option<(chrono::NaiveDate, bool)>,
) -> Result<(), AppError> {
    let refusal = match today {
        Some((today, changes_rating)) => crate::models::closed_for_recording(
            meeting.held_on,
            meeting.circulated_on,
            today,
            changes_rating,
        ),
        None => meeting.circulated_on.map(|sent| {
            format!(
                "The minutes of this meeting were sent round on {}: its attendance can no longer change",
                crate::models::format_date(sent)
            )
        }),
    };
    refusal.map_or(Ok(()), |message| Err(AppError::field(field, message)))
}
