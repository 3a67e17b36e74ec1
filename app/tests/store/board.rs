//! The board, the meeting agenda and chair moves, and who is linked to whom.

use app::{
    models::{AgeGroup, ChangeKind, Rating},
    store::{
        board::{self, BoardFilter},
        change_log, meeting, people, Db,
    },
};
use chrono::{TimeZone, Utc};

use super::common::*;

app::on_both_backends!(
    board_filters_counts_and_orders,
    meeting_agenda_is_in_rating_then_due_order,
    chair_moves_are_logged_and_the_latest_is_found,
    links_give_professionals_their_people,
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
    assert_eq!(meeting::agenda_count(&mut tx, TODAY).await.unwrap(), 5);
    assert_eq!(
        names(meeting::agenda_page(&mut tx, TODAY, 0, 50).await.unwrap()),
        ["Bo Test", "Sam Test", "Dana Test", "Ann Test", "Gwen Test"]
    );
    assert_eq!(
        names(meeting::agenda_page(&mut tx, TODAY, 2, 2).await.unwrap()),
        ["Dana Test", "Ann Test"],
        "a later page"
    );
    let everyone = names(meeting::agenda_page(&mut tx, TODAY, 0, 50).await.unwrap());
    let person = |name: &str| {
        let name = name.to_owned();
        async move {
            let id = people_named(db, &name).await;
            people::get(db, id).await.unwrap().unwrap()
        }
    };
    for (at, name) in everyone.iter().enumerate() {
        let place = meeting::agenda_place(&mut tx, &person(name).await, TODAY)
            .await
            .unwrap();
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
    let hal = meeting::agenda_place(&mut tx, &person("Hal Test").await, TODAY)
        .await
        .unwrap();
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
    let head = change_log::head(db).await.unwrap();
    let first = meeting::move_chair(db, dana.id, "Chair", at(23, 10))
        .await
        .unwrap()
        .expect("Dana exists");
    let second = meeting::move_chair(db, sam.id, "Chair", at(23, 11))
        .await
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
        meeting::move_chair(db, app::models::PersonId::random(), "Chair", at(23, 12))
            .await
            .unwrap(),
        None
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
