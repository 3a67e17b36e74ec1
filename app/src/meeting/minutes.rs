//! Server functions: a meeting's minutes, assembled from what it recorded, and the day
//! they were sent round.

use super::wire::Minutes;
use crate::error::AppError;
use leptos::prelude::*;

/// The minutes of meeting `meeting_id`: its attendance and, per person discussed (in the
/// order first discussed), what was recorded and the actions agreed, as the reader may
/// see each (`access::Scope::sight`: in full, as one line, or only counted). The reading
/// is audited, and each record shown in full as a view of it.
#[server(prefix = "/api", endpoint = "get_minutes")]
pub async fn get_minutes(meeting_id: String) -> Result<Minutes, AppError> {
    use super::wire::MinutesPerson;
    use crate::{
        auth::{access, view_audit},
        models::{uk_today, PersonId},
        store::{actions, meetings, people},
    };
    let (state, caller, meeting) =
        super::set_up::meeting_for(&meeting_id, "get_minutes", access::REGISTER).await?;
    let id = meeting.record.id;
    let today = uk_today(crate::store::timestamp_now());
    let mut tx = state.db.begin_read().await?;
    let attendance = meetings::attendance(&mut tx, id).await?;
    let entries = meetings::entries(&mut tx, id, None).await?;
    let agreed = actions::of_meeting(&mut tx, id).await?;
    // Everyone discussed or given an action, in the order they first came up.
    let mut order: Vec<PersonId> = Vec::new();
    let moments = entries
        .iter()
        .map(|(p, e)| (*p, e.at))
        .chain(agreed.iter().map(|(a, _)| (a.person, a.created_at)));
    let mut moments: Vec<_> = moments.collect();
    moments.sort_by_key(|(_, at)| *at);
    for (person, _) in moments {
        if !order.contains(&person) {
            order.push(person);
        }
    }
    let scope = access::Scope::of(&state, &caller).await?;
    let mut shown = Vec::new();
    let mut unseen = 0;
    for person_id in order {
        let Some(person) = people::get(&mut tx, person_id).await? else {
            continue;
        };
        let own: Vec<_> = entries
            .iter()
            .filter(|(p, _)| *p == person_id)
            .map(|(_, e)| e.clone())
            .collect();
        // Their rating as the meeting last recorded it, or as it is now.
        let rating = own.last().map_or(person.rating, |e| e.rating);
        shown.push(match scope.sight(&person.card(today)) {
            access::Sight::Full => MinutesPerson::Full {
                id: person_id,
                name: person.full_name(),
                rating,
                entries: own,
                actions: agreed
                    .iter()
                    .filter(|(a, _)| a.person == person_id)
                    .map(|(a, _)| a.clone())
                    .collect(),
            },
            access::Sight::Brief => MinutesPerson::Line {
                name: person.full_name(),
                rating,
            },
            access::Sight::Nothing => {
                unseen += 1;
                continue;
            }
        });
    }
    tx.commit().await?;
    let full: Vec<PersonId> = shown
        .iter()
        .filter_map(|p| match p {
            MinutesPerson::Full { id, .. } => Some(*id),
            MinutesPerson::Line { .. } => None,
        })
        .collect();
    let detail = format!(
        "{id}, {} in full, {} in one line, {unseen} not shown",
        full.len(),
        shown.len() - full.len()
    );
    view_audit::audit_view(&state, &caller, "minutes_read", None, &detail, false).await?;
    for person in full {
        let detail = format!("minutes of {id}");
        view_audit::audit_view(
            &state,
            &caller,
            "person_viewed",
            Some(person),
            &detail,
            false,
        )
        .await?;
    }
    Ok(Minutes {
        may_circulate: access::records_for(&caller, &meeting),
        meeting: meeting.record,
        attendance,
        people: shown,
        unseen,
    })
}

/// Records that the minutes of meeting `meeting_id`, read at `version`, were sent round
/// on the day given (not before the meeting, not in the future): its chair or note-taker
/// only. On success the browser goes back to the minutes.
#[server(prefix = "/api", endpoint = "mark_circulated")]
pub async fn mark_circulated(
    meeting_id: String,
    version: i64,
    #[server(default)] circulated_day: String,
    #[server(default)] circulated_month: String,
    #[server(default)] circulated_year: String,
) -> Result<(), AppError> {
    use super::set_up::{recorder, refused};
    use crate::{
        models::{check_circulated_on, uk_today},
        store::meetings,
    };
    let (state, caller, meeting) = recorder(&meeting_id, "mark_circulated").await?;
    let at = crate::store::timestamp_now();
    let day = check_circulated_on(
        &[circulated_day, circulated_month, circulated_year],
        meeting.record.held_on,
        uk_today(at),
    )
    .map_err(AppError::Invalid)?;
    let id = meeting.record.id;
    if let Some(sent) = meeting.record.circulated_on.filter(|sent| *sent != day) {
        return Err(AppError::field(
            "circulated_day",
            format!(
                "The minutes were already sent round on {}",
                crate::models::format_date(sent)
            ),
        ));
    }
    let mut tx = state.db.begin().await?;
    // The same day sent again (its answer lost) changes nothing.
    if meeting.record.circulated_on != Some(day) {
        meetings::set_circulated(&mut tx, id, version, day)
            .await
            .map_err(|e| refused(e, "circulated_day", ""))?;
        let detail = format!("{id}, {day}");
        let entry = caller.audit("minutes_circulated").detail(&detail).at(at);
        crate::store::audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!("/meetings/{id}/minutes"));
    Ok(())
}
