//! DSR meetings as records: set up once, attendance kept and capped, entries recorded
//! once and in order with a change-log entry each (append-only), none on a closed record,
//! actions agreed at a meeting found by it, and the day the minutes were sent round set
//! from the version seen.

use app::{
    models::{
        AccountStatus, Action, ActionId, ActionOwner, ActionSource, Attendee, AttendeeId,
        ChangeKind, EntryId, EntryKind, MeetingId, Rating, Role, MAX_ATTENDEES,
    },
    store::{
        actions, change_log,
        meetings::{self, Done, EntryWrite, Holder, MeetingError, NewMeeting},
        users::{self, NewUser},
        Db,
    },
};

use super::common::*;

app::on_both_backends!(
    a_meeting_is_set_up_once_with_its_attendance,
    entries_are_kept_once_in_order_and_logged,
    the_minutes_circulation_day_is_set_from_the_version_seen,
    what_was_true_at_the_last_meeting_is_read_for_each_person,
    a_meetings_agenda_is_chosen_at_set_up_and_changed_by_its_chair,
);

async fn coordinator(db: &Db, email: &str, name: &str) -> String {
    users::create(
        db,
        &NewUser {
            email,
            full_name: name,
            job_title: "LDA coordinator",
            agency: None,
            role: Role::Coordinator,
            status: AccountStatus::Active,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            at: at(20, 9),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string()
}

fn done() -> Done<'static> {
    Done {
        actor: "Asha Patel",
        at: at(23, 10),
    }
}

async fn set_up(db: &Db) -> MeetingId {
    let chair = coordinator(db, "asha@icb.nhs.uk", "Asha Patel").await;
    let id = MeetingId(uuid::Uuid::new_v4());
    let new = NewMeeting {
        id,
        held_on: TODAY,
        chair: Holder {
            user: &chair,
            name: "Asha Patel",
        },
        note_taker: None,
    };
    let mut tx = db.begin().await.unwrap();
    assert!(meetings::create(&mut tx, &new, done()).await.unwrap());
    // Sent again: kept once.
    assert!(!meetings::create(&mut tx, &new, done()).await.unwrap());
    tx.commit().await.unwrap();
    id
}

fn attendee(name: &str, present: bool) -> Attendee {
    Attendee {
        id: AttendeeId(uuid::Uuid::new_v4()),
        name: name.into(),
        agency: "Community LD team".into(),
        present,
    }
}

async fn a_meeting_is_set_up_once_with_its_attendance(db: &Db) {
    let id = set_up(db).await;
    let stored = meetings::get(db, id).await.unwrap().unwrap();
    assert_eq!(stored.record.chair, "Asha Patel");
    assert_eq!(stored.record.held_on, TODAY);
    assert_eq!(
        meetings::of_day(db, TODAY)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.record.id)
            .collect::<Vec<_>>(),
        [id]
    );
    assert_eq!(meetings::latest(db, 10).await.unwrap().len(), 1);

    let jo = attendee("Jo Reid", true);
    let mut tx = db.begin().await.unwrap();
    assert!(meetings::add_attendee(&mut tx, id, &jo, done())
        .await
        .unwrap());
    assert!(
        !meetings::add_attendee(&mut tx, id, &jo, done())
            .await
            .unwrap(),
        "a repeat"
    );
    let other = Attendee {
        name: "Someone else".into(),
        ..jo.clone()
    };
    assert!(matches!(
        meetings::add_attendee(&mut tx, id, &other, done()).await,
        Err(MeetingError::Conflict)
    ));
    tx.commit().await.unwrap();
    assert_eq!(
        meetings::attendance(db, id).await.unwrap(),
        std::slice::from_ref(&jo)
    );

    // Up to the cap, and no further: the refused line is not kept.
    for n in 1..MAX_ATTENDEES {
        let mut tx = db.begin().await.unwrap();
        let a = attendee(&format!("Person {n}"), n % 2 == 0);
        meetings::add_attendee(&mut tx, id, &a, done())
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let mut tx = db.begin().await.unwrap();
    assert!(matches!(
        meetings::add_attendee(&mut tx, id, &attendee("One too many", true), done()).await,
        Err(MeetingError::TooMany)
    ));
    drop(tx);
    assert_eq!(
        meetings::attendance(db, id).await.unwrap().len(),
        MAX_ATTENDEES
    );

    let mut tx = db.begin().await.unwrap();
    assert!(meetings::remove_attendee(&mut tx, id, jo.id).await.unwrap());
    assert!(
        !meetings::remove_attendee(&mut tx, id, jo.id).await.unwrap(),
        "already off"
    );
    tx.commit().await.unwrap();
    assert!(!meetings::attendance(db, id)
        .await
        .unwrap()
        .iter()
        .any(|a| a.id == jo.id));
}

async fn entries_are_kept_once_in_order_and_logged(db: &Db) {
    let id = set_up(db).await;
    let sam = add_sam(db).await;
    let ria = add_ria(db).await;
    let entry = |person, kind, text| EntryWrite {
        id: EntryId(uuid::Uuid::new_v4()),
        meeting: id,
        person,
        kind,
        text,
        rating: Rating::Amber,
        rating_from: None,
    };
    let first = entry(sam.id, EntryKind::Note, "Placement is holding");
    let second = EntryWrite {
        rating: Rating::Red,
        rating_from: Some(Rating::Amber),
        ..entry(
            sam.id,
            EntryKind::Decision,
            "Rate Red until the crisis plan is in place",
        )
    };
    let third = entry(ria.id, EntryKind::Note, "No change");
    let mut tx = db.begin().await.unwrap();
    for e in [&first, &second, &third] {
        assert!(meetings::add_entry(&mut tx, e, done()).await.unwrap());
    }
    // The first sent again: kept once; its id with other words is a conflict.
    assert!(!meetings::add_entry(&mut tx, &first, done()).await.unwrap());
    let forged = EntryWrite {
        text: "Something else",
        ..first
    };
    assert!(matches!(
        meetings::add_entry(&mut tx, &forged, done()).await,
        Err(MeetingError::Conflict)
    ));
    tx.commit().await.unwrap();

    let all = meetings::entries(db, id, None).await.unwrap();
    let texts: Vec<&str> = all.iter().map(|(_, e)| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Placement is holding",
            "Rate Red until the crisis plan is in place",
            "No change"
        ]
    );
    let sams = meetings::entries(db, id, Some(sam.id)).await.unwrap();
    assert_eq!(sams.len(), 2);
    assert_eq!(meetings::discussed(db, id).await.unwrap(), 2, "Sam and Ria");
    assert_eq!(
        (sams[1].1.rating, sams[1].1.rating_from),
        (Rating::Red, Some(Rating::Amber))
    );
    let logged = change_log::changes_after(db, 0, 1000, TODAY)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == ChangeKind::MeetingNoted)
        .count();
    assert_eq!(
        logged, 3,
        "one change-log entry per entry, none for the repeat"
    );

    // Append-only: the database refuses to change or delete an entry.
    for sql in [
        "UPDATE meeting_entries SET body = 'rewritten'",
        "DELETE FROM meeting_entries",
    ] {
        assert!(execute(db, sql).await.is_err(), "{sql} must be refused");
    }

    // An action agreed at the meeting is found by it.
    let action = Action {
        what: "Write the crisis plan".into(),
        owner: ActionOwner::Named {
            name: "Pat Lowe".into(),
            agency: "Community LD team".into(),
        },
        due_on: date("2026-12-10"),
        source: ActionSource::Meeting,
        meeting: Some(id),
    };
    let mut tx = db.begin().await.unwrap();
    let action_id = ActionId(uuid::Uuid::new_v4());
    actions::add(
        &mut tx,
        sam.id,
        action_id,
        &action,
        "Asha Patel",
        at(23, 11),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let agreed = actions::of_meeting(db, id).await.unwrap();
    assert_eq!(agreed.len(), 1);
    assert_eq!(agreed[0].0.action.meeting, Some(id));
    assert_eq!(agreed[0].1, "Sam Okafor");
}

async fn the_minutes_circulation_day_is_set_from_the_version_seen(db: &Db) {
    let id = set_up(db).await;
    let mut tx = db.begin().await.unwrap();
    meetings::set_circulated(&mut tx, id, 1, TODAY)
        .await
        .unwrap();
    assert!(matches!(
        meetings::set_circulated(&mut tx, id, 1, TODAY).await,
        Err(MeetingError::Conflict)
    ));
    assert!(matches!(
        meetings::set_circulated(&mut tx, MeetingId(uuid::Uuid::new_v4()), 1, TODAY).await,
        Err(MeetingError::NotFound)
    ));
    tx.commit().await.unwrap();
    let stored = meetings::get(db, id).await.unwrap().unwrap();
    assert_eq!(
        (stored.record.circulated_on, stored.record.version),
        (Some(TODAY), 2)
    );
}

async fn what_was_true_at_the_last_meeting_is_read_for_each_person(db: &Db) {
    use app::models::{since_marks, SinceFacts, SinceMark};
    use app::store::meeting;
    let chair = coordinator(db, "asha@icb.nhs.uk", "Asha Patel").await;
    let holder = Holder {
        user: &chair,
        name: "Asha Patel",
    };
    let mut tx = db.begin().await.unwrap();
    for held_on in [date("2026-11-10"), TODAY] {
        let new = NewMeeting {
            id: MeetingId(uuid::Uuid::new_v4()),
            held_on,
            chair: holder,
            note_taker: None,
        };
        assert!(meetings::create(&mut tx, &new, done()).await.unwrap());
    }
    tx.commit().await.unwrap();
    // Sam: Amber at the last meeting, Red since. Ria: re-rated Green on the meeting's own
    // day (so Green then), with a C(E)TR held after it. Lee: joined after it.
    let sam = add_sam(db).await;
    change(
        db,
        sam.id,
        sam.version,
        Rating::Red,
        "Placement at risk",
        "Asha Patel",
        at(15, 9),
    )
    .await
    .unwrap();
    let ria = add_ria(db).await;
    change(
        db,
        ria.id,
        ria.version,
        Rating::Green,
        "Settled",
        "Asha Patel",
        at(10, 15),
    )
    .await
    .unwrap();
    execute(
        db,
        &format!(
            "INSERT INTO ctrs (id, person_id, kind, planned_on, held_on, body, version, changed_by, changed_at) \
             VALUES ('ctr-1', '{}', 'community', NULL, '2026-11-20', '{{}}', 1, 'Asha Patel', '2026-11-20T10:00:00Z')",
            ria.id
        ),
    )
    .await
    .unwrap();
    let lee = add(
        db,
        new_person("9434765927", "Lee", "Ward", "2001-03-03", Rating::Red),
        at(12, 9),
    )
    .await;

    let mut tx = db.begin_read().await.unwrap();
    let last = meeting::last_meeting_before(&mut tx, TODAY).await.unwrap();
    assert_eq!(
        last,
        Some(date("2026-11-10")),
        "today's meeting is not the last one"
    );
    let mut facts = meeting::facts_since(&mut tx, &[sam.id, ria.id, lee.id], date("2026-11-10"))
        .await
        .unwrap();
    assert!(meeting::facts_since(&mut tx, &[], date("2026-11-10"))
        .await
        .unwrap()
        .is_empty());
    tx.commit().await.unwrap();
    facts.sort_by_key(|(id, _)| [sam.id, ria.id, lee.id].iter().position(|p| p == id));
    let fact = |added_after, rating_then, ctrs_held| SinceFacts {
        added_after,
        rating_then,
        ctrs_held,
    };
    assert_eq!(
        facts,
        [
            (sam.id, fact(false, Some(Rating::Amber), 0)),
            (ria.id, fact(false, Some(Rating::Green), 1)),
            (lee.id, fact(true, None, 0)),
        ]
    );
    assert_eq!(
        since_marks(facts[0].1, Rating::Red, 0),
        [SinceMark::Up(Rating::Amber)]
    );
    assert_eq!(
        since_marks(facts[1].1, Rating::Green, 0),
        [SinceMark::NewCtr]
    );
    assert_eq!(since_marks(facts[2].1, Rating::Red, 0), [SinceMark::New]);

    // Kept with an agenda: the same facts, in the order asked, each read once per day asked.
    let mut tx = db.begin_read().await.unwrap();
    let agenda = meeting::Agenda::read(&mut tx, meeting::AgendaOf::Register, TODAY)
        .await
        .unwrap();
    let day = date("2026-11-10");
    let all = [sam.id, ria.id, lee.id];
    assert_eq!(agenda.facts_since(&mut tx, &all, day).await.unwrap(), facts);
    assert_eq!(
        agenda
            .facts_since(&mut tx, &[lee.id, sam.id], day)
            .await
            .unwrap(),
        [facts[2], facts[0]]
    );
    let later = agenda
        .facts_since(&mut tx, &[lee.id], date("2026-11-15"))
        .await
        .unwrap();
    assert_eq!(
        later,
        [(lee.id, fact(false, Some(Rating::Red), 0))],
        "another day"
    );
    tx.commit().await.unwrap();
}

async fn a_meetings_agenda_is_chosen_at_set_up_and_changed_by_its_chair(db: &Db) {
    use app::store::{
        meeting::{self, Agenda, AgendaCache, AgendaOf},
        meeting_agenda,
    };
    use chrono::{TimeZone, Utc};
    let long_ago = Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap();
    let person = |nhs, given, rating| new_person(nhs, given, "Test", "1990-01-01", rating);
    // On the register before the last meeting (10 November).
    let blue = add(db, person("9434765919", "Bo", Rating::Blue), long_ago).await;
    add(db, person("9434765870", "Ria", Rating::Red), at(1, 9)).await;
    let amber = add(db, person("9434765900", "Al", Rating::Amber), at(1, 9)).await;
    add(db, person("9434765889", "Gil", Rating::Green), long_ago).await;
    let gus = add(db, person("9434765897", "Gus", Rating::Green), at(1, 9)).await;
    let gone = add(db, person("9434765927", "Lou", Rating::Red), at(1, 9)).await;
    execute(
        db,
        &format!(
            "UPDATE people SET left_on = '2026-11-05' WHERE id = '{}'",
            gone.id
        ),
    )
    .await
    .unwrap();
    // New since the last meeting, Green and not yet due a review.
    add(db, person("9434765935", "Nia", Rating::Green), at(15, 9)).await;

    let chair = coordinator(db, "asha@icb.nhs.uk", "Asha Patel").await;
    let holder = Holder {
        user: &chair,
        name: "Asha Patel",
    };
    let today = MeetingId(uuid::Uuid::new_v4());
    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        meeting::agenda_of(&mut tx, TODAY).await.unwrap(),
        AgendaOf::Register
    );
    for (id, held_on) in [
        (MeetingId(uuid::Uuid::new_v4()), date("2026-11-10")),
        (today, TODAY),
    ] {
        let new = NewMeeting {
            id,
            held_on,
            chair: holder,
            note_taker: None,
        };
        assert!(meetings::create(&mut tx, &new, done()).await.unwrap());
    }
    tx.commit().await.unwrap();

    // Blue, Red, Amber, the Green whose review is due and the Green new since the last
    // meeting; not the Green not yet due, nor who has left. Read through one cache, as the
    // meeting view reads it: every change below is seen.
    async fn agenda(db: &Db, cache: &AgendaCache, today: MeetingId) -> Vec<String> {
        let mut tx = db.begin_read().await.unwrap();
        let head = change_log::head(&mut tx).await.unwrap();
        let agenda = cache.agenda(&mut tx, TODAY, head).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(agenda.of(), AgendaOf::Chosen(today));
        let names: Vec<String> = agenda
            .page(0, 50)
            .into_iter()
            .map(|c| c.name.split(' ').next().unwrap().to_owned())
            .collect();
        assert_eq!(agenda.total(), names.len() as i64);
        names
    }
    let cache = AgendaCache::default();
    assert_eq!(
        agenda(db, &cache, today).await,
        ["Bo", "Ria", "Al", "Gil", "Nia"]
    );
    // The chair moving on changes no agenda: the kept one still holds, not read again.
    async fn kept(db: &Db, cache: &AgendaCache) -> std::sync::Arc<Agenda> {
        let mut tx = db.begin_read().await.unwrap();
        let head = change_log::head(&mut tx).await.unwrap();
        let agenda = cache.agenda(&mut tx, TODAY, head).await.unwrap();
        tx.commit().await.unwrap();
        agenda
    }
    let before = kept(db, &cache).await;
    let mut tx = db.begin().await.unwrap();
    change_log::append_on(
        &mut tx,
        blue.id,
        ChangeKind::ChairMoved,
        "Asha Patel",
        at(23, 10),
    )
    .await
    .unwrap()
    .unwrap();
    tx.commit().await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&before, &kept(db, &cache).await));

    // Rated Red after the set-up: not added by itself; the chair puts him on.
    change(
        db,
        gus.id,
        gus.version,
        Rating::Red,
        "Crisis",
        "Asha Patel",
        at(23, 11),
    )
    .await
    .unwrap();
    assert_eq!(
        agenda(db, &cache, today).await,
        ["Bo", "Ria", "Al", "Gil", "Nia"]
    );
    let mut tx = db.begin().await.unwrap();
    assert!(
        meeting_agenda::set_on(&mut tx, today, gus.id, true, "Asha Patel", at(23, 11))
            .await
            .unwrap()
    );
    assert!(
        !meeting_agenda::set_on(&mut tx, today, gus.id, true, "Asha Patel", at(23, 11))
            .await
            .unwrap(),
        "already on"
    );
    // Taken off: once.
    assert!(
        meeting_agenda::set_on(&mut tx, today, amber.id, false, "Asha Patel", at(23, 11))
            .await
            .unwrap()
    );
    assert!(
        !meeting_agenda::set_on(&mut tx, today, amber.id, false, "Asha Patel", at(23, 11))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    assert_eq!(
        agenda(db, &cache, today).await,
        ["Bo", "Ria", "Gus", "Gil", "Nia"]
    );

    // Where someone sits is on the chosen agenda; someone taken off is not on it.
    let mut tx = db.begin().await.unwrap();
    let gus_now = app::store::people::get(&mut tx, gus.id)
        .await
        .unwrap()
        .unwrap();
    let chosen = Agenda::read(&mut tx, AgendaOf::Chosen(today), TODAY)
        .await
        .unwrap();
    let place = chosen.place(&gus_now);
    assert_eq!(place.position, Some(3));
    assert_eq!(place.prev.map(|c| c.id), Some(chosen.page(1, 1)[0].id));
    assert_eq!(chosen.place(&amber).position, None);
    tx.commit().await.unwrap();

    // A meeting set up later the same day chose its own agenda: that is the day's now.
    let later = MeetingId(uuid::Uuid::new_v4());
    let mut tx = db.begin().await.unwrap();
    let new = NewMeeting {
        id: later,
        held_on: TODAY,
        chair: holder,
        note_taker: None,
    };
    let set_up_later = Done {
        actor: "Asha Patel",
        at: at(23, 12),
    };
    assert!(meetings::create(&mut tx, &new, set_up_later).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(
        agenda(db, &cache, later).await,
        ["Bo", "Ria", "Gus", "Al", "Gil", "Nia"]
    );

    // Someone who leaves the register after the set-up stays on it, shown as left.
    execute(
        db,
        &format!(
            "UPDATE people SET left_on = '2026-11-23' WHERE id = '{}'",
            blue.id
        ),
    )
    .await
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let first = Agenda::read(&mut tx, AgendaOf::Chosen(later), TODAY)
        .await
        .unwrap()
        .page(0, 1);
    tx.commit().await.unwrap();
    assert_eq!(first[0].id, blue.id);
    assert_eq!(first[0].left_on, Some(TODAY));
}
