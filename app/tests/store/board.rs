//! The board, the meeting agenda and chair moves, and who is linked to whom.

use app::{
    models::{AgeGroup, ChangeKind, Rating},
    store::{
        board::{self, BoardFilter},
        change_log,
        meeting::{self, AgendaOf},
        people, Db,
    },
};
use chrono::{TimeZone, Utc};

use super::common::*;

app::on_both_backends!(
    board_filters_counts_and_orders,
    meeting_agenda_is_in_rating_then_due_order,
    chair_moves_are_logged_and_the_latest_is_found,
    links_give_professionals_their_people,
    needs_filters_match_what_records_need_and_combine,
);

async fn board_filters_counts_and_orders(db: &Db) {
    let today = date("2026-11-23");
    // Rated at different times so review dates differ.
    add(
        db,
        new_person("9434765919", "Sam", "Okafor", "2012-05-01", Rating::Red),
        at(1, 9),
    )
    .await; // child, due 15 Nov: overdue
    add(
        db,
        new_person("9990000050", "Dana", "O'Brien", "1990-01-01", Rating::Red),
        at(20, 9),
    )
    .await; // adult, due 4 Dec
    add(
        db,
        new_person(
            "9990000190",
            "Eli",
            "Smith_Jones",
            "2008-11-23",
            Rating::Green,
        ),
        at(20, 9),
    )
    .await; // 18 today: adult
    add(
        db,
        new_person("9990000263", "Fay", "Brown", "2008-11-24", Rating::Blue),
        at(20, 9),
    )
    .await; // 17: child
    let all = BoardFilter::default();
    assert_eq!(
        board::counts(&mut db.begin_read().await.unwrap(), &all, today)
            .await
            .unwrap(),
        [1, 2, 0, 1]
    );
    let reds = board::cards(
        &mut db.begin_read().await.unwrap(),
        &all,
        Rating::Red,
        today,
        10,
        0,
    )
    .await
    .unwrap();
    let names: Vec<_> = reds.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Sam Okafor", "Dana O'Brien"],
        "most overdue first"
    );
    assert!(reds[0].is_overdue(today) && !reds[1].is_overdue(today));
    assert_eq!(
        board::cards(
            &mut db.begin_read().await.unwrap(),
            &all,
            Rating::Red,
            today,
            1,
            1
        )
        .await
        .unwrap()[0]
            .name,
        "Dana O'Brien"
    );

    let children = BoardFilter {
        age_group: Some(AgeGroup::Child),
        ..Default::default()
    };
    assert_eq!(
        board::counts(&mut db.begin_read().await.unwrap(), &children, today)
            .await
            .unwrap(),
        [1, 1, 0, 0]
    );
    let adults = BoardFilter {
        age_group: Some(AgeGroup::Adult),
        ..Default::default()
    };
    assert_eq!(
        board::counts(&mut db.begin_read().await.unwrap(), &adults, today)
            .await
            .unwrap(),
        [0, 1, 0, 1]
    );
    let overdue = BoardFilter {
        overdue_only: true,
        ..Default::default()
    };
    assert_eq!(
        board::counts(&mut db.begin_read().await.unwrap(), &overdue, today)
            .await
            .unwrap(),
        [0, 1, 0, 0]
    );

    let search = |q: &str| BoardFilter {
        search: Some(q.into()),
        ..Default::default()
    };
    let searched = |q: &'static str| async move {
        board::counts(&mut db.begin_read().await.unwrap(), &search(q), today)
            .await
            .unwrap()
    };
    assert_eq!(
        searched("OKAF").await,
        [0, 1, 0, 0],
        "case-insensitive name"
    );
    assert_eq!(searched("dana o'b").await, [0, 1, 0, 0], "full name");
    assert_eq!(
        searched("999 000 0").await,
        [1, 1, 0, 1],
        "NHS number prefix with spaces"
    );
    assert_eq!(
        searched("h_j").await,
        [0, 0, 0, 1],
        "underscore matched literally"
    );
    assert_eq!(
        searched("%").await,
        [0, 0, 0, 0],
        "percent matched literally"
    );
}

async fn meeting_agenda_is_in_rating_then_due_order(db: &Db) {
    let long_ago = Utc.with_ymd_and_hms(2026, 8, 1, 9, 0, 0).unwrap();
    for (nhs, given, rating, when) in [
        ("9434765919", "Sam", Rating::Red, at(1, 9)), // due 15 Nov
        ("9990000050", "Dana", Rating::Red, at(20, 9)), // due 4 Dec
        ("9990000190", "Ann", Rating::Amber, at(10, 9)), // due 8 Dec
        ("9990000263", "Bo", Rating::Blue, at(20, 9)), // due 18 Dec
        ("9990000301", "Gwen", Rating::Green, long_ago), // due 30 Oct: on the agenda
        ("9990000328", "Hal", Rating::Green, at(20, 9)), // due in February: not yet
    ] {
        add(
            db,
            new_person(nhs, given, "Test", "1990-01-01", rating),
            when,
        )
        .await;
    }
    let mut tx = db.begin_read().await.unwrap();
    let names =
        |cards: Vec<app::models::BoardCard>| cards.into_iter().map(|c| c.name).collect::<Vec<_>>();
    let agenda = meeting::Agenda::read(&mut tx, AgendaOf::Register, TODAY)
        .await
        .unwrap();
    assert_eq!(agenda.total(), 5);
    assert_eq!(
        names(agenda.page(0, 50)),
        ["Bo Test", "Sam Test", "Dana Test", "Ann Test", "Gwen Test"]
    );
    assert_eq!(
        names(agenda.page(2, 2)),
        ["Dana Test", "Ann Test"],
        "a later page"
    );
    let everyone = names(agenda.page(0, 50));
    let person = |name: &str| {
        let name = name.to_owned();
        async move {
            let id = people_named(db, &name).await;
            people::get(db, id).await.unwrap().unwrap()
        }
    };
    for (at, name) in everyone.iter().enumerate() {
        let place = agenda.place(&person(name).await);
        assert_eq!(place.position, Some(at as i64 + 1), "{name}");
        assert_eq!(
            place.prev.map(|c| c.name),
            at.checked_sub(1).map(|i| everyone[i].clone()),
            "before {name}"
        );
        assert_eq!(
            place.next.map(|c| c.name),
            everyone.get(at + 1).cloned(),
            "after {name}"
        );
    }
    let hal = agenda.place(&person("Hal Test").await);
    assert_eq!(hal.position, None, "Green and not due: not on the agenda");
    assert_eq!(
        hal.prev.map(|c| c.name).as_deref(),
        Some("Gwen Test"),
        "sits after the last"
    );
    assert_eq!(hal.next, None);
}

/// The id of the person called `name` (given and family name).
async fn people_named(db: &Db, name: &str) -> app::models::PersonId {
    let sql = "SELECT id FROM people WHERE given_name || ' ' || family_name = $1";
    let id: String = match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(name).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(name).fetch_one(pool).await,
    }
    .unwrap();
    id.parse().unwrap()
}

async fn chair_moves_are_logged_and_the_latest_is_found(db: &Db) {
    let sam = add_sam(db).await;
    let dana = add(
        db,
        new_person("9990000050", "Dana", "Test", "1990-01-01", Rating::Red),
        at(20, 9),
    )
    .await;
    let position = |since| async move {
        meeting::chair_position(&mut db.begin_read().await.unwrap(), since)
            .await
            .unwrap()
    };
    assert_eq!(position(at(1, 0)).await, None, "no chair yet");
    let chair = app::store::users::create(
        db,
        &app::store::users::NewUser {
            email: "chair@icb.nhs.uk",
            full_name: "Chair",
            job_title: "LDA coordinator",
            agency: None,
            role: app::models::Role::Coordinator,
            status: app::models::AccountStatus::Active,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            at: at(20, 9),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string();
    // Only the one holding the day's chair moves it.
    assert_eq!(
        meeting::move_chair(db, TODAY, &chair, dana.id, "Chair", at(23, 9))
            .await
            .unwrap(),
        Err(())
    );
    let take = meeting::ChairChange {
        day: TODAY,
        seen: 0,
        holder: Some((&chair, "Chair")),
        on: None,
        actor: "Chair",
        at: at(23, 9),
    };
    assert_eq!(meeting::set_chair(db, &take).await.unwrap(), Ok(1));
    let head = change_log::head(db).await.unwrap();
    let first = meeting::move_chair(db, TODAY, &chair, dana.id, "Chair", at(23, 10))
        .await
        .unwrap()
        .unwrap()
        .expect("Dana exists");
    let second = meeting::move_chair(db, TODAY, &chair, sam.id, "Chair", at(23, 11))
        .await
        .unwrap()
        .unwrap()
        .expect("Sam exists");
    assert!(first > head && second > first);
    assert_eq!(position(at(1, 0)).await, Some((sam.id, at(23, 11))));
    assert_eq!(
        position(at(23, 12)).await,
        None,
        "a move before the meeting's window does not count"
    );
    assert_eq!(
        meeting::move_chair(
            db,
            TODAY,
            &chair,
            app::models::PersonId::random(),
            "Chair",
            at(23, 12)
        )
        .await
        .unwrap(),
        Ok(None)
    );
    assert_eq!(
        change_log::head(db).await.unwrap(),
        second,
        "nothing logged"
    );
    let logged = change_log::changes_after(db, head, 10, TODAY)
        .await
        .unwrap();
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[1].kind, ChangeKind::ChairMoved);
    assert_eq!(logged[1].person, sam.id);
    assert_eq!((logged[1].from, logged[1].to), (None, None));
    assert_eq!(
        logged[1].card.version, sam.version,
        "the record is unchanged"
    );
    assert!(!logged[1].changes_record());
}

async fn links_give_professionals_their_people(db: &Db) {
    use app::{
        models::{AccountStatus, Role, Sector},
        store::{
            agencies,
            links::{self, LinkTarget},
            users::{self, NewUser},
        },
    };
    let sam = add_sam(db).await;
    let ava = add(
        db,
        new_person("9876543210", "Ava", "Jones", "1990-01-01", Rating::Green),
        at(20, 9),
    )
    .await;
    let school = agencies::create(db, "Riverside School", Sector::Education, at(23, 8))
        .await
        .unwrap()
        .unwrap();
    assert!(
        agencies::create(db, "Riverside School", Sector::Health, at(23, 8))
            .await
            .unwrap()
            .is_none(),
        "agency names are unique"
    );
    let user = users::create(
        db,
        &NewUser {
            email: "tess@school.example",
            full_name: "Tess Hall",
            job_title: "SENCo",
            agency: Some(&school.id),
            role: Role::Professional,
            status: AccountStatus::Active,
            password_hash: "x",
            at: at(23, 8),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string();
    let mine = || async { links::people_of(db, &user, Some(&school.id)).await.unwrap() };
    assert!(mine().await.is_empty());
    let mut tx = db.begin().await.unwrap();
    assert!(links::link(
        &mut tx,
        sam.id,
        LinkTarget::Professional(&user),
        "Asha",
        at(23, 9)
    )
    .await
    .unwrap());
    assert!(
        !links::link(
            &mut tx,
            sam.id,
            LinkTarget::Professional(&user),
            "Asha",
            at(23, 9)
        )
        .await
        .unwrap(),
        "linking twice changes nothing"
    );
    assert!(links::link(
        &mut tx,
        ava.id,
        LinkTarget::Agency(&school.id),
        "Asha",
        at(23, 9)
    )
    .await
    .unwrap());
    tx.commit().await.unwrap();
    assert_eq!(mine().await, [sam.id, ava.id].into_iter().collect());
    assert!(links::is_linked(db, &user, Some(&school.id), ava.id)
        .await
        .unwrap());
    assert!(
        !links::is_linked(db, &user, None, ava.id).await.unwrap(),
        "only through the agency"
    );
    let team = links::of_person(db, sam.id).await.unwrap();
    assert_eq!(team.professionals[0].name, "Tess Hall");
    assert_eq!(
        team.professionals[0].agency.as_deref(),
        Some("Riverside School")
    );
    let mut tx = db.begin().await.unwrap();
    assert!(
        links::unlink(&mut tx, sam.id, LinkTarget::Professional(&user))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    assert_eq!(mine().await, [ava.id].into_iter().collect());
}

/// Keeps what the policy clock asks of `person` on their row, on `TODAY`.
async fn refresh(db: &Db, person: app::models::PersonId) {
    let mut tx = db.begin().await.unwrap();
    app::store::policy_dues::refresh(&mut tx, person, &Default::default(), TODAY)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn needs_filters_match_what_records_need_and_combine(db: &Db) {
    use app::{
        models::{Action, ActionId, ActionOwner, ActionSource, NeedsFilter, Rule},
        store::{actions, board::Viewer},
    };
    // Sam: a child rated Red on 1 November, so the community C(E)TR was due on the 15th
    // and a keyworker is asked for. Dana: an adult rated Red on the 20th (due 4 December)
    // with an action due on the 20th. Fay: a child rated Blue, with consent recorded.
    let sam = add(
        db,
        new_person("9434765919", "Sam", "Okafor", "2012-05-01", Rating::Red),
        at(1, 9),
    )
    .await;
    let dana = add(
        db,
        new_person("9990000050", "Dana", "Reid", "1990-01-01", Rating::Red),
        at(20, 9),
    )
    .await;
    let fay = add(
        db,
        new_person("9990000263", "Fay", "Brown", "2009-01-24", Rating::Blue),
        at(20, 9),
    )
    .await;
    let mut tx = db.begin().await.unwrap();
    let action = Action {
        what: "Phone the family".into(),
        owner: ActionOwner::Named {
            name: "Pat Lowe".into(),
            agency: "LD team".into(),
        },
        due_on: date("2026-11-20"),
        source: ActionSource::Meeting,
        meeting: None,
    };
    actions::add(
        &mut tx,
        dana.id,
        ActionId(uuid::Uuid::new_v4()),
        &action,
        "Asha",
        at(20, 10),
    )
    .await
    .unwrap();
    record_consent(&mut tx, fay.id).await;
    tx.commit().await.unwrap();
    // Rows never computed are computed once (as the server does when it starts).
    let policy = Default::default();
    let uncomputed = || app::store::policy_dues::refresh_uncomputed(db, &policy, TODAY);
    assert_eq!(uncomputed().await.unwrap(), 3);
    assert_eq!(uncomputed().await.unwrap(), 0);
    refresh(db, sam.id).await;
    // What the card shows next: Sam's late C(E)TR, before the keyworker asked for earlier.
    let now = people::get(db, sam.id).await.unwrap().unwrap();
    let next = now.card(TODAY).detail.next_due.unwrap();
    assert_eq!(
        (next.rule, next.due_on, next.overdue),
        (Rule::CommunityCtr, date("2026-11-15"), true)
    );
    let dana_next = people::get(db, dana.id)
        .await
        .unwrap()
        .unwrap()
        .card(TODAY)
        .detail;
    assert_eq!(
        dana_next.next_due.map(|n| (n.rule, n.due_on, n.overdue)),
        Some((Rule::CommunityCtr, date("2026-12-04"), false))
    );
    assert_eq!((dana_next.actions.open, dana_next.actions.overdue), (1, 1));
    let names = |needs: NeedsFilter, viewer: Option<Viewer>| async move {
        let filter = BoardFilter {
            needs,
            viewer,
            ..Default::default()
        };
        let mut tx = db.begin_read().await.unwrap();
        let mut found = Vec::new();
        for rating in Rating::ALL {
            for card in board::cards(&mut tx, &filter, *rating, TODAY, 50, 0)
                .await
                .unwrap()
            {
                found.push(card.name);
            }
        }
        found.sort();
        found
    };
    let of = |names: &[&str]| NeedsFilter::of(names.iter().copied());
    assert_eq!(names(of(&["ctr_overdue"]), None).await, ["Sam Okafor"]);
    assert_eq!(names(of(&["actions_overdue"]), None).await, ["Dana Reid"]);
    assert_eq!(
        names(of(&["keyworker"]), None).await,
        ["Fay Brown", "Sam Okafor"]
    );
    assert_eq!(
        names(of(&["consent"]), None).await,
        ["Dana Reid", "Sam Okafor"]
    );
    assert_eq!(
        names(of(&["keyworker", "consent"]), None).await,
        ["Sam Okafor"]
    );
    assert_eq!(
        names(of(&["actions_overdue", "keyworker"]), None).await,
        Vec::<String>::new()
    );
    // A professional linked to no one, whose agency sees the whole register in brief:
    // the needs filters match no brief card.
    let stranger = Viewer {
        user: "u-none".into(),
        agency: None,
        wider: app::models::BriefView::All,
    };
    assert_eq!(
        names(NeedsFilter::default(), Some(stranger.clone()))
            .await
            .len(),
        3
    );
    assert_eq!(
        names(of(&["keyworker"]), Some(stranger)).await,
        Vec::<String>::new()
    );
    // Counts agree with the cards.
    let filter = BoardFilter {
        needs: of(&["keyworker"]),
        ..Default::default()
    };
    let counts = board::counts(&mut db.begin_read().await.unwrap(), &filter, TODAY)
        .await
        .unwrap();
    assert_eq!(counts.iter().sum::<i64>(), 2);
}

/// Records consent for `person`, re-checked in a year.
async fn record_consent(tx: &mut app::store::Tx, person: app::models::PersonId) {
    use app::models::{ConsentKind, ConsentRecord};
    let consent = ConsentRecord {
        kind: ConsentKind::Consent,
        given_by: "Fay Brown".into(),
        method: "At a visit".into(),
        decided_on: date("2026-11-20"),
        reason: String::new(),
    };
    app::store::consents::record(tx, person, &consent, date("2027-11-20"), "Asha", at(20, 11))
        .await
        .unwrap();
}
