//! A past DSR meeting for a demo register, with its minutes: attendance, notes and
//! decisions about the first few people, actions agreed for the demo nurse and teacher,
//! and the day the minutes were sent round. Only ever added with the fictional people.

use app::{
    models::{
        Action, ActionId, ActionOwner, ActionSource, Attendee, AttendeeId, EntryId, EntryKind,
        MeetingId, PersonId,
    },
    store::{
        actions,
        meetings::{self, Done, EntryWrite, Holder, MeetingError, NewMeeting},
        people, Tx,
    },
};
use chrono::{DateTime, Duration, Utc};

/// Who came (name, agency, present).
const ATTENDANCE: &[(&str, &str, bool)] = &[
    (
        "Asha Patel",
        "Learning Disability and Autism Team (ICB)",
        true,
    ),
    ("Dev Rao", "North Community Learning Disability Team", true),
    ("Tess Hall", "Riverside Special School", true),
    ("Dr Morgan Ellis", "Northshire NHS Foundation Trust", true),
    ("Priya Shah", "County Council Adult Social Care", false),
];

/// What was recorded, by person (index into the people given): kind and words.
const ENTRIES: &[(usize, EntryKind, &str)] = &[
    (0, EntryKind::Note, "The placement is under strain after two incidents at home this month. The family asked for more support in the evenings."),
    (0, EntryKind::Decision, "Keep the rating. The nurse will write a crisis plan with the family before the next meeting."),
    (1, EntryKind::Note, "Settled since the sensory assessment was booked. School reports fewer incidents."),
    (2, EntryKind::Decision, "Ask the intensive support team to visit; review at the next meeting."),
    (3, EntryKind::Note, "Reduced timetable agreed in principle; the family want it reviewed after four weeks."),
];

/// Adds the meeting held two weeks before `at`, chaired by the demo coordinator
/// (`users[1]`, named `chair`), inside `tx`. `users[2]` and `users[3]` are the nurse
/// and the teacher, with their agencies' names.
pub async fn seed(
    tx: &mut Tx,
    people: &[PersonId],
    users: &[String],
    owners: [(&str, &str); 2],
    chair: &str,
    at: DateTime<Utc>,
) -> Result<(), Box<dyn std::error::Error>> {
    let held_at = at - Duration::days(14);
    let id = MeetingId(uuid::Uuid::new_v4());
    let new = NewMeeting {
        id,
        held_on: app::models::uk_today(held_at),
        chair: Holder {
            user: &users[1],
            name: chair,
        },
        note_taker: None,
    };
    let done = |minutes: i64| Done {
        actor: chair,
        at: held_at + Duration::minutes(minutes),
    };
    meetings::create(tx, &new, done(0)).await?;
    for (name, agency, present) in ATTENDANCE {
        let attendee = Attendee {
            id: AttendeeId(uuid::Uuid::new_v4()),
            name: (*name).into(),
            agency: (*agency).into(),
            present: *present,
        };
        meetings::add_attendee(tx, id, &attendee, done(1)).await?;
    }
    for (n, (person, kind, text)) in ENTRIES.iter().enumerate() {
        let Some(person) = people.get(*person) else {
            continue;
        };
        let Some(now) = people::get(&mut *tx, *person).await? else {
            continue;
        };
        let entry = EntryWrite {
            id: EntryId(uuid::Uuid::new_v4()),
            meeting: id,
            person: *person,
            kind: *kind,
            text,
            rating: now.rating,
            rating_from: None,
        };
        match meetings::add_entry(tx, &entry, done(5 + 5 * n as i64)).await {
            // A closed record (demo people leave too) is not discussed.
            Err(MeetingError::Closed) => continue,
            other => other?,
        };
    }
    let agreed = [
        (
            0,
            "Ask the GP for a medication review before the next meeting",
            0,
            21,
        ),
        (3, "Review the reduced timetable with the family", 1, 28),
    ];
    for (person, what, owner, due_in) in agreed {
        let Some(person) = people.get(person) else {
            continue;
        };
        let (name, agency) = owners[owner];
        let action = Action {
            what: what.into(),
            owner: ActionOwner::Account {
                id: users[2 + owner].clone(),
                name: name.into(),
                agency: agency.into(),
            },
            due_on: app::models::uk_today(held_at) + Duration::days(due_in),
            source: ActionSource::Meeting,
            meeting: Some(id),
        };
        let added = held_at + Duration::minutes(30);
        match actions::add(
            tx,
            *person,
            ActionId(uuid::Uuid::new_v4()),
            &action,
            chair,
            added,
        )
        .await
        {
            Err(actions::ActionSaveError::Closed) => continue,
            other => other?,
        };
    }
    meetings::set_circulated(
        tx,
        id,
        1,
        app::models::uk_today(held_at) + Duration::days(2),
    )
    .await?;
    Ok(())
}
