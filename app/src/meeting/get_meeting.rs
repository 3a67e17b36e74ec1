//! Server function: a DSR meeting's agenda page, or one person and their place on it.

use super::agenda::Meeting;
use crate::error::AppError;
use leptos::prelude::*;

/// Reads, in one snapshot, page `page` of the agenda (50 people a page) or, when `person`
/// is given, that person's record with the people before and after them; with the agenda's
/// size, the last meeting's day with what was true then of each person shown in full,
/// who chairs today and where (a move since they took the chair and within
/// `access::MEETING_HOURS`; the person only when the caller may see their record) and the
/// change-log position. Each card and neighbour
/// is shown as `access::Scope::on_agenda` allows. A `refresh` from the live feed is not
/// recorded as a view and does not keep the session alive (see
/// `auth::session::note_refresh`).
#[server(prefix = "/api", endpoint = "get_meeting")]
pub async fn get_meeting(
    person: Option<String>,
    page: u32,
    #[server(default)] refresh: bool,
) -> Result<Meeting, AppError> {
    use super::{
        agenda::{ChairPosition, ChairSeat, MeetingView, Neighbour, Place, Since},
        wire::Recording,
    };
    use crate::{
        auth::{access, caller, view_audit},
        models::{uk_today, BoardCard, PersonId},
        people::get_person::read_record,
        register::board_query::PAGE_SIZE,
        state::AppState,
        store::{change_log, meeting, meetings, people},
    };

    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "get_meeting", access::REGISTER).await?;
    let now = chrono::Utc::now();
    let today = uk_today(now);
    let person: Option<PersonId> = person
        .map(|p| p.parse().map_err(|_| AppError::NotFound))
        .transpose()?;
    if let Some(person) = person {
        access::require_record(&state, &caller, "get_meeting", person).await?;
    }
    // What the caller may see is read first: it takes connections of its own, and taking
    // them while holding the snapshot's could leave many requests at once each waiting for
    // another's.
    let scope = access::Scope::of(&state, &caller).await?;
    let mut tx = state.db.begin_read().await?;
    let head = change_log::head(&mut tx).await?;
    // A meeting held today that chose its agenda decides who is on it.
    let agenda = state
        .kept::<meeting::AgendaCache>()
        .agenda(&mut tx, today, head)
        .await?;
    let of = agenda.of();
    let hold = meeting::chair_hold(&mut tx, today).await?;
    // Moves count while someone holds the chair, from when they took it.
    let since = (now - chrono::TimeDelta::hours(access::MEETING_HOURS)).max(hold.since);
    // A professional whose agency is not at the meeting hears nothing of it.
    let attends = scope.attends();
    let agenda = scope.agenda(agenda);
    let position = match hold.holder {
        Some(_) if attends => meeting::chair_position(&mut tx, since).await?,
        _ => None,
    };
    let chair = match position {
        Some((person, at)) => match people::get(&mut tx, person).await? {
            Some(p) => {
                let card = p.card(today);
                let (person, brief) = scope.chair(&card, agenda.contains(card.id));
                Some(ChairPosition { person, brief, at })
            }
            None => None,
        },
        None => None,
    };
    let seat = match attends {
        true => ChairSeat {
            version: hold.version,
            mine: hold
                .holder
                .as_ref()
                .is_some_and(|(user, _)| *user == caller.id),
            name: hold.holder.map(|(_, name)| name),
        },
        false => ChairSeat::default(),
    };
    let view = match person {
        None => {
            let page = page.max(1);
            let offset = i64::from(page - 1) * PAGE_SIZE;
            let people = agenda
                .page(offset, PAGE_SIZE)
                .into_iter()
                .filter_map(|card| scope.on_agenda(card))
                .collect();
            MeetingView::Agenda { page, people }
        }
        Some(id) => {
            let record = read_record(&mut tx, id, today, head, state.settings.policy).await?;
            let place = agenda.place(&record.person);
            // Today's meeting the caller records for, or else the one set up last.
            let mut held = meetings::of_day(&mut tx, today).await?;
            let mine = held.iter().position(|m| access::records_for(&caller, m));
            let chosen = match mine {
                Some(at) => Some(held.swap_remove(at)),
                None => held.into_iter().next(),
            };
            let recording = match chosen {
                Some(today) => Some(Recording {
                    may_record: access::records_for(&caller, &today),
                    entries: meetings::entries(&mut tx, today.record.id, Some(id))
                        .await?
                        .into_iter()
                        .map(|(_, e)| e)
                        .collect(),
                    meeting: today.record,
                }),
                None => None,
            };
            // Only neighbours whose record the caller may open are links.
            let link = |c: BoardCard| {
                scope.covers(c.id).then_some(Neighbour {
                    id: c.id,
                    name: c.name,
                })
            };
            MeetingView::Person {
                record: Box::new(record),
                place: Place {
                    position: place.position,
                    prev: place.prev.and_then(link),
                    next: place.next.and_then(link),
                },
                recording,
            }
        }
    };
    // "Changed since the last meeting", for the people shown in full.
    let since = match meeting::last_meeting_before(&mut tx, today).await? {
        Some(day) => {
            let shown: Vec<PersonId> = match &view {
                MeetingView::Agenda { people, .. } => people
                    .iter()
                    .filter_map(|c| c.full().map(|c| c.id))
                    .collect(),
                MeetingView::Person { record, .. } => vec![record.person.id],
            };
            let facts = agenda.facts_since(&mut tx, &shown, day).await?;
            Some(Since { day, facts })
        }
        None => None,
    };
    // Progress: how many the day's meeting has discussed so far.
    let discussed = match of {
        meeting::AgendaOf::Chosen(id) => Some(meetings::discussed(&mut tx, id).await?),
        meeting::AgendaOf::Register => None,
    };
    tx.commit().await?;
    if let MeetingView::Person { record, .. } = &view {
        let person = Some(record.person.id);
        view_audit::audit_view(
            &state,
            &caller,
            "person_viewed",
            person,
            "meeting view",
            refresh,
        )
        .await?;
    } else {
        crate::auth::session::note_refresh(refresh);
    }
    // Someone not at the meeting sees only their own people on it.
    let own_only = !attends && scope.board_viewer().is_some();
    Ok(Meeting {
        today,
        total: agenda.total(),
        agenda_meeting: match of {
            meeting::AgendaOf::Chosen(id) => Some(id),
            meeting::AgendaOf::Register => None,
        },
        // The meeting's progress is for those at it.
        discussed: discussed.filter(|_| !own_only),
        own_only,
        seat,
        since,
        chair,
        view,
        head,
    })
}
