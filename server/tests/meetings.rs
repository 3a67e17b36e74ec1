//! DSR meetings as records over HTTP, on both backends: set up by the LDA team with bad
//! answers refused beside their fields; the chair records notes and decisions (a decision
//! changing the rating through the versioned change, a stale one refused, a repeat kept
//! once) and actions that name the meeting; others may not; the minutes show each person
//! as the reader may see them, and reading them is audited. The chair of the day's meeting
//! is held on the server: one at a time, of many takes at once one wins, and open meeting
//! views hear who chairs without whom the chair has open.

use crate::support;

use app::{
    meeting::wire::{Minutes, MinutesPerson},
    models::{Rating, Role},
    store::{audit, meetings, people, Db},
};
use reqwest::StatusCode;
use support::{
    post_form_answer,
    record::{fields, first_person, link, wide_viewer},
    serve,
    staff::sign_in,
    today_fields,
};

app::on_both_backends!(
    a_meeting_is_set_up_and_its_chair_records_decisions_and_actions,
    the_minutes_show_each_person_as_the_reader_may_see_them,
    the_demo_has_a_past_meeting_with_minutes,
    the_chair_is_held_on_the_server_one_at_a_time,
    the_chair_chooses_who_is_on_the_meetings_agenda,
);

/// The fields a refusal names; it must be a 422.
fn refused(status: StatusCode, body: &str) -> Vec<String> {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    fields(body)
}

async fn audited(db: &Db, action: &str) -> usize {
    let filter = audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    audit::search(db, &filter, 50).await.unwrap().len()
}

/// Sets up a meeting held today chaired by `chair` (an account id) as the site's
/// coordinator; returns its id.
async fn set_up(site: &support::Site, chair: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let body = format!(
        "meeting_id={id}&{}&chair={chair}&note_taker=",
        today_fields("held")
    );
    let (status, text) = post_form_answer(site.client(), &site.base, "set_up_meeting", body).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    id
}

async fn a_meeting_is_set_up_and_its_chair_records_decisions_and_actions(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let chair = &site.staff;
    let post = |client, endpoint, body| post_form_answer(client, &site.base, endpoint, body);
    // Bad answers, each beside its field; nothing is written.
    let nurse = sign_in(db, Role::Professional, None).await;
    let (status, body) = post(
        site.client(),
        "set_up_meeting",
        format!(
            "meeting_id={}&held_day=1&held_month=1&held_year=2099&chair={}",
            uuid::Uuid::new_v4(),
            nurse.id
        ),
    )
    .await;
    assert_eq!(
        refused(status, &body),
        vec!["held_day".to_owned(), "chair".to_owned()],
        "too far ahead, and a professional may not chair"
    );
    assert!(meetings::latest(db, 5).await.unwrap().is_empty());
    let (status, _) = post(
        &nurse.client,
        "set_up_meeting",
        format!(
            "meeting_id={}&{}&chair={}",
            uuid::Uuid::new_v4(),
            today_fields("held"),
            nurse.id
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let meeting = set_up(&site, &chair.id).await;

    // A note, then a decision that changes the rating, sent twice: kept once.
    let version = people::get(db, person).await.unwrap().unwrap().version;
    let now = people::get(db, person).await.unwrap().unwrap().rating;
    let to = if now == Rating::Red {
        Rating::Amber
    } else {
        Rating::Red
    };
    let entry = |id: &str, kind: &str, text: &str, rating: &str, version: i64| {
        format!("meeting_id={meeting}&person_id={person}&entry_id={id}&version={version}&entry_kind={kind}&entry_text={text}&new_rating={rating}")
    };
    let note = uuid::Uuid::new_v4().to_string();
    let (status, body) = post(
        site.client(),
        "record_entry",
        entry(&note, "note", "Placement+holding", "", version),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let decision = uuid::Uuid::new_v4().to_string();
    for _ in 0..2 {
        let (status, body) = post(
            site.client(),
            "record_entry",
            entry(
                &decision,
                "decision",
                "Crisis+plan+not+in+place",
                to.code(),
                version,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let after = people::get(db, person).await.unwrap().unwrap();
    assert_eq!(
        (after.rating, after.version),
        (to, version + 1),
        "changed once"
    );
    let id = meeting.parse().unwrap();
    let recorded = meetings::entries(db, id, Some(person)).await.unwrap();
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[1].1.rating_from, Some(now));
    assert_eq!(audited(db, "meeting_entry_recorded").await, 2);
    assert_eq!(audited(db, "rating_changed").await, 1);

    // From the old version a rating change is refused and nothing is written.
    let (status, _) = post(
        site.client(),
        "record_entry",
        entry(
            &uuid::Uuid::new_v4().to_string(),
            "decision",
            "Back+again",
            now.code(),
            version,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A rating change is a decision; the same rating is no change.
    let (status, body) = post(
        site.client(),
        "record_entry",
        entry(
            &uuid::Uuid::new_v4().to_string(),
            "note",
            "",
            to.code(),
            version + 1,
        ),
    )
    .await;
    assert_eq!(
        refused(status, &body),
        vec!["new_rating".to_owned(), "entry_text".to_owned()]
    );
    assert_eq!(meetings::entries(db, id, None).await.unwrap().len(), 2);

    // A linked professional may not record for the meeting, nor add its actions.
    link(db, person, &nurse.id).await;
    let (status, _) = post(
        &nurse.client,
        "record_entry",
        entry(
            &uuid::Uuid::new_v4().to_string(),
            "note",
            "Mine",
            "",
            version + 1,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let action = |client| {
        post(
            client,
            "add_action",
            format!(
                "person_id={person}&action_id={}&what=Write+the+crisis+plan&owner_kind=named&owner_name=Pat+Lowe&owner_agency=Council&{}&source=meeting&meeting_id={meeting}",
                uuid::Uuid::new_v4(),
                today_fields("due")
            ),
        )
    };
    assert_eq!(action(&nurse.client).await.0, StatusCode::FORBIDDEN);
    assert_eq!(action(site.client()).await.0, StatusCode::OK);
    let agreed = app::store::actions::of_meeting(db, id).await.unwrap();
    assert_eq!(agreed.len(), 1);
    assert_eq!(
        agreed[0].0.action.source,
        app::models::ActionSource::Meeting
    );

    // Attendance: added once, bad lines refused beside their fields.
    let line = uuid::Uuid::new_v4();
    let add = format!(
        "meeting_id={meeting}&attendee_id={line}&name=Jo+Reid&agency=Northshire+School&present=no"
    );
    for _ in 0..2 {
        assert_eq!(
            post(site.client(), "add_attendee", add.clone()).await.0,
            StatusCode::OK
        );
    }
    let (status, body) = post(
        site.client(),
        "add_attendee",
        format!(
            "meeting_id={meeting}&attendee_id={}&name=&agency=&present=maybe",
            uuid::Uuid::new_v4()
        ),
    )
    .await;
    assert_eq!(
        refused(status, &body),
        vec!["name".to_owned(), "agency".to_owned(), "present".to_owned()]
    );
    assert_eq!(meetings::attendance(db, id).await.unwrap().len(), 1);

    // The minutes were not sent round before the meeting.
    let (status, body) = post(
        site.client(),
        "mark_circulated",
        format!("meeting_id={meeting}&version=1&circulated_day=1&circulated_month=1&circulated_year=2020"),
    )
    .await;
    assert_eq!(refused(status, &body), vec!["circulated_day".to_owned()]);
    for _ in 0..2 {
        let (status, body) = post(
            site.client(),
            "mark_circulated",
            format!(
                "meeting_id={meeting}&version=1&{}",
                today_fields("circulated")
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(audited(db, "minutes_circulated").await, 1);

    // Once sent round, the minutes stay as they were circulated.
    let version = people::get(db, person).await.unwrap().unwrap().version;
    let (status, body) = post(
        site.client(),
        "record_entry",
        entry(
            &uuid::Uuid::new_v4().to_string(),
            "note",
            "Late+note",
            "",
            version,
        ),
    )
    .await;
    assert_eq!(refused(status, &body), vec!["entry_text".to_owned()]);
    let (status, body) = post(
        site.client(),
        "add_attendee",
        format!(
            "meeting_id={meeting}&attendee_id={}&name=Added+late&agency=School&present=yes",
            uuid::Uuid::new_v4()
        ),
    )
    .await;
    assert_eq!(refused(status, &body), vec!["name".to_owned()]);
    let (status, body) = action(site.client()).await;
    assert_eq!(refused(status, &body), vec!["what".to_owned()]);
    assert_eq!(meetings::entries(db, id, None).await.unwrap().len(), 2);
    assert_eq!(meetings::attendance(db, id).await.unwrap().len(), 1);

    // An action is from a meeting only when it names one the caller records for.
    let (status, _) = post(
        &nurse.client,
        "add_action",
        format!(
            "person_id={person}&action_id={}&what=Mine&owner_kind=named&owner_name=Pat+Lowe&owner_agency=Council&{}&source=meeting",
            uuid::Uuid::new_v4(),
            today_fields("due")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // A meeting not yet held takes no entries; its chair records on the day.
    let tomorrow = app::models::uk_today(chrono::Utc::now()) + chrono::Days::new(1);
    let later = uuid::Uuid::new_v4();
    let (status, body) = post(
        site.client(),
        "set_up_meeting",
        format!(
            "meeting_id={later}&held_day={}&held_month={}&held_year={}&chair={}",
            chrono::Datelike::day(&tomorrow),
            chrono::Datelike::month(&tomorrow),
            chrono::Datelike::year(&tomorrow),
            chair.id
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let back = if to == Rating::Red {
        Rating::Amber
    } else {
        Rating::Red
    };
    let (status, body) = post(
        site.client(),
        "record_entry",
        format!("meeting_id={later}&person_id={person}&entry_id={}&version={version}&entry_kind=decision&entry_text=Too+soon&new_rating={}", uuid::Uuid::new_v4(), back.code()),
    )
    .await;
    assert_eq!(refused(status, &body), vec!["entry_text".to_owned()]);
    assert_eq!(people::get(db, person).await.unwrap().unwrap().rating, to);
}

async fn read_minutes(client: &reqwest::Client, base: &str, meeting: &str) -> Minutes {
    let (status, body) =
        post_form_answer(client, base, "get_minutes", format!("meeting_id={meeting}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn the_minutes_show_each_person_as_the_reader_may_see_them(db: &Db) {
    let first = first_person(db).await;
    let second = people::first_by_name(db, 2).await.unwrap()[1];
    let site = serve(db).await;
    let meeting = set_up(&site, &site.staff.id).await;
    for person in [first, second] {
        let version = people::get(db, person).await.unwrap().unwrap().version;
        let (status, body) = post_form_answer(
            site.client(),
            &site.base,
            "record_entry",
            format!("meeting_id={meeting}&person_id={person}&entry_id={}&version={version}&entry_kind=note&entry_text=Discussed+in+detail", uuid::Uuid::new_v4()),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let names = |m: &Minutes| -> Vec<(bool, String)> {
        m.people
            .iter()
            .map(|p| match p {
                MinutesPerson::Full { name, .. } => (true, name.clone()),
                MinutesPerson::Line { name, .. } => (false, name.clone()),
            })
            .collect()
    };
    let name_of = |p| async move { people::get(db, p).await.unwrap().unwrap().full_name() };
    let (first_name, second_name) = (name_of(first).await, name_of(second).await);

    // The LDA team: everyone in full.
    let all = read_minutes(site.client(), &site.base, &meeting).await;
    assert_eq!(
        names(&all),
        [(true, first_name.clone()), (true, second_name.clone())]
    );
    assert!(all.may_circulate);

    // A professional linked to the first: them in full, the other only counted.
    let nurse = sign_in(db, Role::Professional, None).await;
    link(db, first, &nurse.id).await;
    let theirs = read_minutes(&nurse.client, &site.base, &meeting).await;
    assert_eq!(names(&theirs), [(true, first_name.clone())]);
    assert_eq!(theirs.unseen, 1);
    assert!(!theirs.may_circulate);
    let text = serde_json::to_string(&theirs).unwrap();
    assert!(
        !text.contains(&second_name),
        "no name of someone they may not see"
    );

    // A professional whose agency sees everyone in brief: one line each, nothing more.
    let wide = wide_viewer(db, &site).await;
    let brief = read_minutes(&wide.client, &site.base, &meeting).await;
    assert_eq!(names(&brief), [(false, first_name), (false, second_name)]);
    assert!(!serde_json::to_string(&brief)
        .unwrap()
        .contains("Discussed in detail"));

    // Each reading is audited, and each record shown in full as a view of it.
    assert_eq!(audited(db, "minutes_read").await, 3);
    let filter = audit::AuditFilter {
        action: Some("person_viewed".into()),
        person: Some(first),
        ..Default::default()
    };
    let views = audit::search(db, &filter, 50).await.unwrap();
    assert_eq!(
        views
            .iter()
            .filter(|v| v.detail.starts_with("minutes of"))
            .count(),
        2,
        "the coordinator's and the nurse's"
    );
}

async fn the_demo_has_a_past_meeting_with_minutes(db: &Db) {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 40, 7, today, &Default::default())
        .await
        .unwrap();
    let people = people::first_by_name(db, 5).await.unwrap();
    server::demo_staff::seed(db, &people).await.unwrap();
    let held = meetings::latest(db, 5).await.unwrap();
    assert_eq!(held.len(), 1);
    let meeting = &held[0];
    assert!(meeting.held_on < today, "in the past");
    assert!(meeting.circulated_on.is_some_and(|d| d > meeting.held_on));
    let attendance = meetings::attendance(db, meeting.id).await.unwrap();
    assert!(attendance.iter().any(|a| a.present) && attendance.iter().any(|a| !a.present));
    let entries = meetings::entries(db, meeting.id, None).await.unwrap();
    assert!(entries.len() >= 3, "{entries:?}");
    assert!(entries
        .iter()
        .any(|(_, e)| e.kind == app::models::EntryKind::Decision));
    let owners: Vec<String> = app::store::actions::of_meeting(db, meeting.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(a, _)| a.action.owner.describe())
        .collect();
    assert!(
        owners.iter().any(|o| o.starts_with("Dev Rao")),
        "{owners:?}"
    );
    assert!(
        owners.iter().any(|o| o.starts_with("Tess Hall")),
        "{owners:?}"
    );
}

/// Who holds today's chair, straight from the database: the account, if anyone.
async fn chair_holder(db: &Db) -> Option<String> {
    let mut tx = db.begin_read().await.unwrap();
    let today = app::models::uk_today(chrono::Utc::now());
    let hold = app::store::meeting::chair_hold(&mut tx, today)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    hold.holder.map(|(user, _)| user)
}

async fn the_chair_is_held_on_the_server_one_at_a_time(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let base = &site.base;
    let first = &site.staff;
    let second = sign_in(db, Role::Coordinator, None).await;

    let seat = support::chair_seat(&first.client, base).await;
    assert_eq!(seat["version"], 0, "no one has chaired today: {seat}");
    assert_eq!(seat["name"], serde_json::Value::Null);
    // Not the chair: a move is refused beside the choice, and nothing is logged.
    let moved = post_form_answer(
        &second.client,
        base,
        "move_chair",
        format!("person_id={person}"),
    )
    .await;
    assert_eq!(refused(moved.0, &moved.1), ["chair"]);
    // A professional may not chair at all.
    let nurse = sign_in(db, Role::Professional, None).await;
    let (status, _) = post_form_answer(&nurse.client, base, "take_chair", "seen=0".into()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, text) = post_form_answer(
        &first.client,
        base,
        "take_chair",
        format!("seen=0&person_id={person}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text.trim(), "1", "the hold's new version");
    // Held on the server: every read (a reload, another tab) says so.
    let mine = support::chair_seat(&first.client, base).await;
    assert_eq!(
        (mine["mine"].as_bool(), mine["version"].as_i64()),
        (Some(true), Some(1)),
        "{mine}"
    );
    let theirs = support::chair_seat(&second.client, base).await;
    assert_eq!(theirs["mine"], false, "{theirs}");
    assert_eq!(theirs["name"], "Test Coordinator", "{theirs}");
    // Taking again what one holds changes nothing.
    let (status, text) = post_form_answer(&first.client, base, "take_chair", "seen=0".into()).await;
    assert_eq!((status, text.trim()), (StatusCode::OK, "1"));

    // Many coordinators press "chair" at once, each having seen version 1: one wins, the
    // others are told who chairs now, and the hold moved on once.
    let mut racers = vec![second];
    for _ in 0..7 {
        racers.push(sign_in(db, Role::Coordinator, None).await);
    }
    let answers = futures::future::join_all(
        racers
            .iter()
            .map(|r| post_form_answer(&r.client, base, "take_chair", "seen=1".into())),
    )
    .await;
    let won: Vec<usize> = (0..answers.len())
        .filter(|i| answers[*i].0 == StatusCode::OK)
        .collect();
    assert_eq!(won.len(), 1, "one take wins: {answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(refused(*status, body), ["chair"]);
        assert!(body.contains("is chairing the meeting now"), "{body}");
    }
    let winner = &racers[won[0]];
    assert_eq!(chair_holder(db).await.as_deref(), Some(winner.id.as_str()));
    assert_eq!(
        support::chair_seat(&winner.client, base).await["version"],
        2
    );
    // The chair taken over from may no longer move it; the winner may.
    let moved = post_form_answer(
        &first.client,
        base,
        "move_chair",
        format!("person_id={person}"),
    )
    .await;
    assert_eq!(refused(moved.0, &moved.1), ["chair"]);
    let (status, _) = post_form_answer(
        &winner.client,
        base,
        "move_chair",
        format!("person_id={person}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Only the chair stops, whatever version they last saw.
    let other = post_form_answer(&first.client, base, "stop_chairing", "seen=2".into()).await;
    assert_eq!(refused(other.0, &other.1), ["chair"]);
    let (status, text) =
        post_form_answer(&winner.client, base, "stop_chairing", "seen=1".into()).await;
    assert_eq!((status, text.trim()), (StatusCode::OK, "3"));
    assert_eq!(chair_holder(db).await, None);
    let seat = support::chair_seat(&first.client, base).await;
    assert_eq!(
        seat["name"],
        serde_json::Value::Null,
        "no one chairs: {seat}"
    );
    // Once stopped, where the chair last was is no longer followed.
    let read = post_form_answer(&first.client, base, "get_meeting", "page=1".into()).await;
    let meeting: serde_json::Value = serde_json::from_str(&read.1).unwrap();
    assert_eq!(meeting["chair"], serde_json::Value::Null, "{meeting}");

    // Each take and stop is in the change log for open meeting views, on the person the
    // chair had open.
    let today = app::models::uk_today(chrono::Utc::now());
    let kinds: Vec<_> = app::store::change_log::changes_after(db, 0, 1000, today)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.kind.is_chair())
        .map(|c| (c.kind.code(), c.person))
        .collect();
    assert_eq!(
        kinds,
        [
            ("chair_taken", person),
            ("chair_taken", person),
            ("chair_moved", person),
            ("chair_stopped", person),
        ]
    );

    // The same account chairing from a second screen, having seen its own hold, takes it
    // over (the hold moves on, so the first screen hears it no longer chairs); a repeat of
    // a take, having seen an older hold, changes nothing.
    for (seen, now) in [(3, "4"), (4, "5"), (4, "5"), (3, "5")] {
        let (status, text) =
            post_form_answer(&first.client, base, "take_chair", format!("seen={seen}")).await;
        assert_eq!((status, text.trim()), (StatusCode::OK, now), "seen {seen}");
    }
}

/// The meeting view's agenda as `client` reads it: whether it was chosen for today's
/// meeting, how many are on it, and where `person` sits (when given).
async fn agenda_read(
    client: &reqwest::Client,
    base: &str,
    person: Option<&str>,
) -> serde_json::Value {
    let body = match person {
        Some(p) => format!("person={p}&page=1"),
        None => "page=1".to_owned(),
    };
    let (status, text) = post_form_answer(client, base, "get_meeting", body).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn the_chair_chooses_who_is_on_the_meetings_agenda(db: &Db) {
    let person = first_person(db).await.to_string();
    let site = serve(db).await;
    let base = &site.base;
    let before = agenda_read(site.client(), base, None).await;
    assert_eq!(
        before["agenda_meeting"],
        serde_json::Value::Null,
        "no meeting today: the register's rule"
    );
    let meeting = set_up(&site, &site.staff.id).await;
    let chosen = agenda_read(site.client(), base, None).await;
    assert_eq!(chosen["agenda_meeting"], meeting.as_str(), "{chosen}");
    let total = chosen["total"].as_i64().unwrap();
    assert!(total > 0, "{chosen}");
    assert_eq!(chosen["discussed"], 0, "progress: none discussed yet");
    let nurse = sign_in(db, Role::Professional, None).await;
    let theirs = agenda_read(&nurse.client, base, None).await;
    assert_eq!(
        theirs["discussed"],
        serde_json::Value::Null,
        "not at the meeting: {theirs}"
    );
    // Linked to no one: their agenda is empty, and counts nothing of anyone else.
    assert_eq!(theirs["total"], 0, "{theirs}");
    let on_agenda =
        |read: &serde_json::Value| !read["view"]["Person"]["place"]["position"].is_null();
    let read = agenda_read(site.client(), base, Some(&person)).await;
    let was_on = on_agenda(&read);
    let change = |client: &reqwest::Client, on: bool, who: &str| {
        let body = format!("meeting_id={meeting}&person_id={who}&on={on}");
        let (client, base) = (client.clone(), base.clone());
        async move { post_form_answer(&client, &base, "change_agenda", body).await }
    };

    // Only the meeting's chair or note-taker: not a professional, nor another coordinator.
    let other = sign_in(db, Role::Coordinator, None).await;
    for client in [&nurse.client, &other.client] {
        let (status, body) = change(client, !was_on, &person).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let (status, body) = change(site.client(), true, "not-a-person").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(
        audited(db, "agenda_added").await + audited(db, "agenda_removed").await,
        0
    );

    // The chair takes them off (or puts them on) and back: each once, each audited.
    for on in [!was_on, was_on] {
        for _ in 0..2 {
            let (status, body) = change(site.client(), on, &person).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let read = agenda_read(site.client(), base, Some(&person)).await;
        assert_eq!(on_agenda(&read), on, "{read}");
        let now = agenda_read(site.client(), base, None).await;
        let expected = if on == was_on {
            total
        } else if on {
            total + 1
        } else {
            total - 1
        };
        assert_eq!(now["total"], expected, "{now}");
    }
    assert_eq!(audited(db, "agenda_added").await, 1);
    assert_eq!(audited(db, "agenda_removed").await, 1);

    // Linked to them, not at the meeting: an agenda of one (or none), placed on its own.
    link(db, person.parse().unwrap(), &nurse.id).await;
    let theirs = agenda_read(&nurse.client, base, Some(&person)).await;
    assert_eq!(theirs["total"], i64::from(was_on), "{theirs}");
    assert_eq!(on_agenda(&theirs), was_on, "{theirs}");
    if was_on {
        assert_eq!(theirs["view"]["Person"]["place"]["position"], 1, "{theirs}");
    }

    // Open meeting views hear of each change: the LDA team as an agenda change on the
    // person; an agency at the meeting only that the meeting changed (nothing of whom);
    // a professional whose agency is not at it, nothing.
    let at = app::store::timestamp_now();
    let agency =
        app::store::agencies::create(db, "Day Centre", app::models::Sector::SocialCare, at)
            .await
            .unwrap()
            .unwrap();
    let attending = sign_in(db, Role::Professional, Some(&agency.id)).await;
    let attend = format!("agency={}&attending=true", agency.id);
    let status = support::post_form(site.client(), base, "set_attending", attend).await;
    assert!(status.is_success(), "{status}");
    let head = app::store::change_log::head(db).await.unwrap();
    for on in [!was_on, was_on] {
        let (status, body) = change(site.client(), on, &person).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let heard = |client: &reqwest::Client| {
        let (client, url) = (client.clone(), format!("{base}/events?after={head}"));
        async move {
            let mut reader = support::sse::EventReader::connect(&client, &url, None).await;
            let mut all = Vec::new();
            while let Some(event) = reader.next().await {
                all.push(serde_json::from_str::<serde_json::Value>(&event.data).unwrap());
            }
            all
        }
    };
    let team = heard(site.client()).await;
    assert_eq!(team.len(), 2, "{team:?}");
    for entry in &team {
        assert_eq!(entry["type"], "change", "{entry}");
        assert_eq!(entry["kind"], "agenda_changed", "{entry}");
        assert_eq!(entry["person"], person.as_str(), "{entry}");
    }
    let agency_heard = heard(&attending.client).await;
    assert_eq!(agency_heard.len(), 2, "{agency_heard:?}");
    for entry in &agency_heard {
        assert_eq!(entry["type"], "chair_changed", "{entry}");
        assert_eq!(
            entry.as_object().unwrap().len(),
            3,
            "type, id, when: {entry}"
        );
    }
    assert_eq!(heard(&nurse.client).await, Vec::<serde_json::Value>::new());

    // Taken off the meeting, an agency's open view hears no more of its agenda.
    let head = app::store::change_log::head(db).await.unwrap();
    let url = format!("{base}/events?after={head}");
    let mut open = support::sse::EventReader::connect(&attending.client, &url, None).await;
    let away = format!("agency={}&attending=false", agency.id);
    let status = support::post_form(site.client(), base, "set_attending", away).await;
    assert!(status.is_success(), "{status}");
    let (status, body) = change(site.client(), !was_on, &person).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        open.next().await,
        None,
        "nothing after the agency left the meeting"
    );
}
