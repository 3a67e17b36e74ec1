//! People: adding, reading, changing ratings without overwriting, history and the change log.

use app::{
    models::{ChangeKind, Rating},
    store::{
        change_log,
        people::{self, ChangeError},
        Backend, Db,
    },
};
use chrono::{TimeZone, Utc};

use super::common::*;

app::on_both_backends!(
    creates_and_reads_a_person,
    changes_rating_and_keeps_history_newest_first,
    refuses_a_stale_change_and_writes_nothing,
    a_repeated_change_is_kept_once,
    failure_part_way_leaves_nothing_behind,
    unknown_person_is_not_found,
    logs_are_append_only,
    review_due_counts_from_the_uk_date,
);

async fn creates_and_reads_a_person(db: &Db) {
    let p = add(
        db,
        new_person("9434765919", " Sam ", "Okafor", "2012-05-01", Rating::Amber),
        at(1, 9),
    )
    .await;
    let read = people::get(db, p.id).await.unwrap().expect("stored");
    assert_eq!(read, p);
    assert_eq!(read.given_name, "Sam");
    assert_eq!(read.version, 1);
    assert_eq!(read.review_due, date("2026-11-29"));
    let history = people::history(db, p.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].from, history[0].to), (None, Rating::Amber));
    let log = change_log::changes_after(db, 0, 100, TODAY).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].person, log[0].kind, log[0].version),
        (p.id, ChangeKind::PersonAdded, 1)
    );
}

async fn changes_rating_and_keeps_history_newest_first(db: &Db) {
    let p = add_sam(db).await;
    let changed = change(
        db,
        p.id,
        1,
        Rating::Red,
        "Placement breaking down",
        "Ben Ng",
        at(3, 10),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            changed.rating,
            changed.version,
            changed.rating_set_by.as_str()
        ),
        (Rating::Red, 2, "Ben Ng")
    );
    assert_eq!(changed.review_due, date("2026-11-17"));
    change(
        db,
        p.id,
        2,
        Rating::Blue,
        "Admitted to hospital",
        "Ben Ng",
        at(5, 8),
    )
    .await
    .unwrap();
    assert_eq!(people::get(db, p.id).await.unwrap().unwrap().version, 3);
    let history = people::history(db, p.id).await.unwrap();
    let steps: Vec<_> = history
        .iter()
        .map(|h| (h.from, h.to, h.rationale.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Some(Rating::Red), Rating::Blue, "Admitted to hospital"),
            (Some(Rating::Amber), Rating::Red, "Placement breaking down"),
            (None, Rating::Amber, "Initial assessment"),
        ]
    );
    assert_eq!(history[0].changed_at, at(5, 8));
    let log = change_log::changes_after(db, 0, 100, TODAY).await.unwrap();
    let steps: Vec<_> = log
        .iter()
        .map(|e| (e.kind, e.version, e.from, e.to, e.is_latest()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (ChangeKind::PersonAdded, 1, None, Some(Rating::Amber), false),
            (
                ChangeKind::RatingChanged,
                2,
                Some(Rating::Amber),
                Some(Rating::Red),
                false
            ),
            (
                ChangeKind::RatingChanged,
                3,
                Some(Rating::Red),
                Some(Rating::Blue),
                true
            ),
        ]
    );
    assert!(log
        .iter()
        .all(|e| e.person == p.id && e.card.rating == Rating::Blue && e.card.version == 3));
    assert_eq!(log[1].at, at(3, 10));
    assert_eq!(change_log::head(db).await.unwrap(), log[2].id);
    assert!(log.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(
        change_log::changes_after(db, log[1].id, 100, TODAY)
            .await
            .unwrap(),
        log[2..].to_vec()
    );
}

async fn refuses_a_stale_change_and_writes_nothing(db: &Db) {
    let p = add_sam(db).await;
    change(
        db,
        p.id,
        1,
        Rating::Red,
        "Crisis at home",
        "Ben Ng",
        at(2, 9),
    )
    .await
    .unwrap();
    let err = change(
        db,
        p.id,
        1,
        Rating::Green,
        "Things have settled",
        "Cara Li",
        at(2, 10),
    )
    .await
    .unwrap_err();
    match err {
        ChangeError::Conflict(current) => {
            assert_eq!(
                (
                    current.rating,
                    current.version,
                    current.rating_set_by.as_str()
                ),
                (Rating::Red, 2, "Ben Ng")
            );
            assert_eq!(current.rating_since, at(2, 9));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(people::history(db, p.id).await.unwrap().len(), 2);
    assert_eq!(
        change_log::changes_after(db, 0, 100, TODAY)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn a_repeated_change_is_kept_once(db: &Db) {
    let p = add_sam(db).await;
    let rationale = why("Crisis at home");
    let update = people::RatingUpdate {
        person: p.id,
        from_version: 1,
        to: Rating::Red,
        rationale: &rationale,
        actor: "Ben Ng",
        at: at(2, 9),
    };
    let intervals = app::models::ReviewIntervals::default();
    let mut outcomes = Vec::new();
    // The first send, then the same one again (its answer was lost), a moment later.
    for _ in 0..2 {
        let mut tx = db.begin().await.unwrap();
        let (now, written) = people::apply_rating_change_once(&mut tx, &update, &intervals)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        outcomes.push((now.version, now.rating, written));
    }
    assert_eq!(outcomes, [(2, Rating::Red, true), (2, Rating::Red, false)]);
    assert_eq!(people::history(db, p.id).await.unwrap().len(), 2);
    // From the same version but another reason, or by someone else: a conflict.
    let other = why("Something else");
    for (rationale, actor) in [(&other, "Ben Ng"), (&rationale, "Cara Li")] {
        let stale = people::RatingUpdate {
            rationale,
            actor,
            ..update
        };
        let mut tx = db.begin().await.unwrap();
        let refused = people::apply_rating_change_once(&mut tx, &stale, &intervals).await;
        assert!(matches!(refused, Err(ChangeError::Conflict(_))), "{actor}");
    }
    assert_eq!(
        change_log::changes_after(db, 0, 100, TODAY)
            .await
            .unwrap()
            .len(),
        2,
        "added, then changed once"
    );
}

async fn failure_part_way_leaves_nothing_behind(db: &Db) {
    let p = add_sam(db).await;
    // Make the last write of a change (the change-log row) fail.
    let ddl: &[&str] = match db.backend() {
        Backend::Sqlite => &["CREATE TRIGGER fail_log BEFORE INSERT ON change_log BEGIN SELECT RAISE(ABORT, 'injected'); END"],
        Backend::Postgres => &[
            "CREATE FUNCTION injected() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected'; END; $$",
            "CREATE TRIGGER fail_log BEFORE INSERT ON change_log FOR EACH ROW EXECUTE FUNCTION injected()",
        ],
    };
    for sql in ddl {
        match db {
            Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        }
        .unwrap();
    }
    let err = change(
        db,
        p.id,
        1,
        Rating::Red,
        "Crisis at home",
        "Ben Ng",
        at(2, 9),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ChangeError::Db(_)), "{err:?}");
    assert_eq!(people::get(db, p.id).await.unwrap().unwrap(), p);
    assert_eq!(people::history(db, p.id).await.unwrap().len(), 1);
    assert_eq!(
        change_log::changes_after(db, 0, 100, TODAY)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn unknown_person_is_not_found(db: &Db) {
    let id = app::models::PersonId(uuid::Uuid::new_v4());
    assert_eq!(people::get(db, id).await.unwrap(), None);
    let err = change(db, id, 1, Rating::Red, "x", "A", at(1, 1))
        .await
        .unwrap_err();
    assert!(matches!(err, ChangeError::NotFound));
}

async fn logs_are_append_only(db: &Db) {
    add(
        db,
        new_person("9434765919", "Sam", "Okafor", "2012-05-01", Rating::Red),
        at(1, 9),
    )
    .await;
    for sql in [
        "UPDATE change_log SET actor = 'x'",
        "DELETE FROM change_log",
        "UPDATE rating_changes SET rationale = 'x'",
        "DELETE FROM rating_changes",
    ] {
        let result = match db {
            Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        };
        assert!(result.is_err(), "{sql} must be refused");
    }
}

async fn review_due_counts_from_the_uk_date(db: &Db) {
    let p = add_sam(db).await;
    // 23:30 UTC on 1 July is 00:30 on 2 July in the UK (BST).
    let late = Utc.with_ymd_and_hms(2026, 7, 1, 23, 30, 0).unwrap();
    let changed = change(db, p.id, 1, Rating::Red, "Crisis overnight", "Ben Ng", late)
        .await
        .unwrap();
    assert_eq!(
        changed.review_due,
        date("2026-07-16"),
        "14 days from 2 July"
    );
}
