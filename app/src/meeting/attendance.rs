//! Server functions: a meeting's attendance (name, agency, present or apologies), read
//! by anyone on the register and changed by the meeting's chair or note-taker.

use super::wire::AttendanceSheet;
use crate::error::AppError;
use leptos::prelude::*;

/// The attendance of meeting `meeting_id`, and whether the caller may change it.
#[server(prefix = "/api", endpoint = "read_attendance")]
pub async fn read_attendance(meeting_id: String) -> Result<AttendanceSheet, AppError> {
    use crate::{auth::access, store::meetings};
    let (state, caller, meeting) =
        super::set_up::meeting_for(&meeting_id, "read_attendance", access::REGISTER).await?;
    Ok(AttendanceSheet {
        may_change: access::records_for(&caller, &meeting),
        attendees: meetings::attendance(&state.db, meeting.record.id).await?,
        meeting: meeting.record,
        new_id: uuid::Uuid::new_v4().to_string(),
    })
}

/// Adds `attendee_id` (fresh from the page) to meeting `meeting_id`'s attendance: a name,
/// an agency, and `present` (`yes`) or apologies (`no`). A repeated send is kept once.
/// On success the browser goes back to the attendance.
#[server(prefix = "/api", endpoint = "add_attendee")]
pub async fn add_attendee(
    meeting_id: String,
    attendee_id: String,
    #[server(default)] name: String,
    #[server(default)] agency: String,
    #[server(default)] present: String,
) -> Result<(), AppError> {
    use super::set_up::{recorder, refused};
    use crate::{
        models::{check_attendee, Attendee, MAX_ATTENDEES},
        store::meetings::{self, Done},
    };
    let (state, caller, meeting) = recorder(&meeting_id, "add_attendee").await?;
    let id = attendee_id.parse().map_err(|_| AppError::NotFound)?;
    super::set_up::still_open(&meeting.record, "name", None)?;
    let (name, agency, present) =
        check_attendee(&name, &agency, &present).map_err(AppError::Invalid)?;
    let attendee = Attendee {
        id,
        name,
        agency,
        present,
    };
    let at = crate::store::timestamp_now();
    let meeting_id = meeting.record.id;
    let mut tx = state.db.begin().await?;
    let done = Done {
        actor: &caller.name,
        at,
    };
    let written = meetings::add_attendee(&mut tx, meeting_id, &attendee, done)
        .await
        .map_err(|e| {
            refused(
                e,
                "name",
                &format!("A meeting's attendance lists at most {MAX_ATTENDEES} people"),
            )
        })?;
    if written {
        let detail = format!("{meeting_id}, {id}, {}", attendee.name);
        let entry = caller.audit("attendee_added").detail(&detail).at(at);
        crate::store::audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!("/meetings/{meeting_id}/attendance"));
    Ok(())
}

/// Takes `attendee_id` off meeting `meeting_id`'s attendance (done once; a repeat finds
/// nothing to take off). On success the browser goes back to the attendance.
#[server(prefix = "/api", endpoint = "remove_attendee")]
pub async fn remove_attendee(meeting_id: String, attendee_id: String) -> Result<(), AppError> {
    use super::set_up::{recorder, still_open};
    use crate::store::meetings;
    let (state, caller, meeting) = recorder(&meeting_id, "remove_attendee").await?;
    let id = attendee_id.parse().map_err(|_| AppError::NotFound)?;
    still_open(&meeting.record, "name", None)?;
    let meeting_id = meeting.record.id;
    let at = crate::store::timestamp_now();
    let mut tx = state.db.begin().await?;
    if meetings::remove_attendee(&mut tx, meeting_id, id).await? {
        let detail = format!("{meeting_id}, {id}");
        let entry = caller.audit("attendee_removed").detail(&detail).at(at);
        crate::store::audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!("/meetings/{meeting_id}/attendance"));
    Ok(())
}
