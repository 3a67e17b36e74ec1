//! Whether someone is on the register and when they are next reviewed: consent re-checks,
//! leaving (the record closed and kept, off every board and agenda), reopening only with a
//! new consent record, and reviews.

use app::{
    models::{
        ChangeKind, ConsentKind, ConsentRecord, ConsentStanding, Departure, LeavingReason,
        Narrative, PersonId, Rating, Review, ReviewIntervals, SectionBody,
    },
    store::{
        board::{self, BoardFilter},
        change_log, consents,
        departures::{self, Done},
        meeting::{self, AgendaOf},
        people,
        people::ChangeError,
        reviews,
        sections::{self, SaveError, SectionSave},
        Db,
    },
};

use super::common::*;

app::on_both_backends!(
    leaving_takes_the_card_off_the_board_and_agenda_and_keeps_the_record,
    a_closed_record_refuses_changes_until_it_is_reopened_with_consent,
    sending_the_same_departure_or_consent_twice_writes_it_once,
    a_consent_check_moves_the_re_check_date_and_is_logged,
    a_consent_check_drawn_before_another_was_added_is_refused,
    closed_records_are_listed_and_searched,
    a_review_confirms_or_changes_the_rating_and_sets_the_next_review,
);

fn departure(reason: LeavingReason) -> Departure {
    Departure {
        reason,
        left_on: date("2026-11-20"),
        decided_by: "Sam's mother".into(),
        why: String::new(),
        detail: "By phone to the LDA team".into(),
    }
}

fn consent(given_by: &str, on: &str) -> ConsentRecord {
    ConsentRecord {
        kind: ConsentKind::Consent,
        given_by: given_by.into(),
        method: "At a home visit".into(),
        decided_on: date(on),
        reason: "Sam's own view: wants help at home.".into(),
    }
}

fn done(hour: u32) -> Done<'static> {
    Done {
        actor: "Asha Patel",
        at: at(21, hour),
    }
}

async fn leave(
    db: &Db,
    person: PersonId,
    from_version: i64,
    d: &Departure,
) -> Result<app::models::Person, ChangeError> {
    let mut tx = db.begin().await?;
    let (left, _) = departures::leave(&mut tx, person, from_version, d, done(10)).await?;
    tx.commit().await?;
    Ok(left)
}

async fn reopen(
    db: &Db,
    person: PersonId,
    from_version: i64,
    c: &ConsentRecord,
) -> Result<app::models::Person, ChangeError> {
    let mut tx = db.begin().await?;
    let (back, _) = departures::reopen(
        &mut tx,
        person,
        from_version,
        c,
        date("2027-05-01"),
        done(12),
    )
    .await?;
    tx.commit().await?;
    Ok(back)
}

/// How many people the whole board counts, and the agenda.
async fn on_board_and_agenda(db: &Db) -> (i64, i64) {
    let mut tx = db.begin_read().await.unwrap();
    let counts = board::counts(&mut tx, &BoardFilter::default(), TODAY)
        .await
        .unwrap();
    let agenda = meeting::Agenda::read(&mut tx, AgendaOf::Register, TODAY)
        .await
        .unwrap()
        .total();
    tx.commit().await.unwrap();
    (counts.iter().sum(), agenda)
}

async fn last_change(db: &Db) -> app::models::BoardChange {
    change_log::changes_after(db, 0, 1000, TODAY)
        .await
        .unwrap()
        .pop()
        .unwrap()
}

async fn leaving_takes_the_card_off_the_board_and_agenda_and_keeps_the_record(db: &Db) {
    let sam = add_sam(db).await;
    add_ria(db).await;
    assert_eq!(on_board_and_agenda(db).await, (2, 2));
    let left = leave(
        db,
        sam.id,
        sam.version,
        &departure(LeavingReason::ConsentWithdrawn),
    )
    .await
    .unwrap();
    assert_eq!(left.left_on, Some(date("2026-11-20")));
    assert_eq!(left.version, sam.version + 1);
    assert_eq!(on_board_and_agenda(db).await, (1, 1));
    // Searching by name finds nobody on the board either.
    assert!(search_board(db, "Okafor", Rating::Amber).await.is_empty());
    // The record and its history are all still there.
    let kept = people::get(db, sam.id).await.unwrap().unwrap();
    assert_eq!(kept.rating, Rating::Amber);
    assert_eq!(people::history(db, sam.id).await.unwrap().len(), 1);
    let gone = departures::of_person(db, sam.id).await.unwrap();
    assert_eq!(gone.len(), 1);
    assert_eq!(
        gone[0].departure,
        departure(LeavingReason::ConsentWithdrawn)
    );
    // Every board hears of it: from Amber to nowhere, with the closed card.
    let entry = last_change(db).await;
    assert_eq!(
        (entry.kind, entry.from, entry.to, entry.version),
        (
            ChangeKind::PersonLeft,
            Some(Rating::Amber),
            None,
            left.version
        )
    );
    assert_eq!(entry.card.left_on, Some(date("2026-11-20")));
}

async fn a_closed_record_refuses_changes_until_it_is_reopened_with_consent(db: &Db) {
    let sam = add_sam(db).await;
    let left = leave(
        db,
        sam.id,
        sam.version,
        &departure(LeavingReason::RiskReduced),
    )
    .await
    .unwrap();
    let refused = change(
        db,
        sam.id,
        left.version,
        Rating::Red,
        "Crisis",
        "Ben",
        at(21, 11),
    )
    .await;
    assert!(matches!(refused, Err(ChangeError::Closed)), "{refused:?}");
    let body = SectionBody::Narrative(Narrative {
        current_issues: "Crisis".into(),
        ..Narrative::default()
    });
    let mut tx = db.begin().await.unwrap();
    let save = SectionSave {
        person: sam.id,
        from_version: 0,
        body: &body,
        actor: "Ben",
        at: at(21, 11),
    };
    let refused = sections::save(&mut tx, &save).await;
    assert!(matches!(refused, Err(SaveError::Closed)), "{refused:?}");
    drop(tx);
    let mut tx = db.begin().await.unwrap();
    let refused = consents::recheck(
        &mut tx,
        sam.id,
        &consent("Mother", "2026-11-21"),
        0,
        date("2027-05-01"),
        "Ben",
        at(21, 11),
    )
    .await;
    assert!(matches!(refused, Err(ChangeError::Closed)), "{refused:?}");
    drop(tx);
    // Reopening from an old version is refused; from the closed version it works.
    let stale = reopen(db, sam.id, sam.version, &consent("Mother", "2026-11-21")).await;
    assert!(matches!(stale, Err(ChangeError::Conflict(_))), "{stale:?}");
    let back = reopen(db, sam.id, left.version, &consent("Mother", "2026-11-21"))
        .await
        .unwrap();
    assert_eq!(back.left_on, None);
    assert_eq!(back.rating, Rating::Amber);
    assert_eq!(back.review_due, date("2026-11-21"));
    assert_eq!(back.consent_due, Some(date("2027-05-01")));
    assert_eq!(people::get(db, sam.id).await.unwrap().unwrap(), back);
    assert_eq!(on_board_and_agenda(db).await, (1, 1));
    let entry = last_change(db).await;
    assert_eq!(
        (entry.kind, entry.from, entry.to),
        (ChangeKind::PersonReturned, None, Some(Rating::Amber))
    );
    assert_eq!(
        consents::of_person(&mut db.begin().await.unwrap(), sam.id)
            .await
            .unwrap()[0]
            .given_by,
        "Mother"
    );
    // And it can be changed again.
    change(
        db,
        sam.id,
        back.version,
        Rating::Red,
        "Crisis",
        "Ben",
        at(21, 13),
    )
    .await
    .unwrap();
}

async fn sending_the_same_departure_or_consent_twice_writes_it_once(db: &Db) {
    let sam = add_sam(db).await;
    let d = departure(LeavingReason::ConsentWithdrawn);
    let first = leave(db, sam.id, sam.version, &d).await.unwrap();
    let again = leave(db, sam.id, sam.version, &d).await.unwrap();
    assert_eq!(again, first);
    // A different departure for a closed record is refused.
    let other = leave(db, sam.id, first.version, &departure(LeavingReason::Died)).await;
    assert!(matches!(other, Err(ChangeError::Closed)), "{other:?}");
    let c = consent("Mother", "2026-11-21");
    let back = reopen(db, sam.id, first.version, &c).await.unwrap();
    let again = reopen(db, sam.id, first.version, &c).await.unwrap();
    assert_eq!(again, back);
    assert_eq!(count(db, "SELECT COUNT(*) FROM departures").await, 1);
    assert_eq!(count(db, "SELECT COUNT(*) FROM consents").await, 1);
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM change_log WHERE kind IN ('person_left', 'person_returned')"
        )
        .await,
        2
    );
}

async fn a_consent_check_moves_the_re_check_date_and_is_logged(db: &Db) {
    let sam = add_sam(db).await;
    // Added without consent (as an old row or an import would be): flagged missing.
    let card = people::get(db, sam.id).await.unwrap().unwrap().card(TODAY);
    assert_eq!(card.detail.consent, ConsentStanding::Missing);
    for _ in 0..2 {
        let mut tx = db.begin().await.unwrap();
        consents::recheck(
            &mut tx,
            sam.id,
            &consent("Mother", "2026-11-21"),
            0,
            date("2026-12-10"),
            "Ben",
            at(21, 11),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let now = people::get(db, sam.id).await.unwrap().unwrap();
    // The version is the card's: a rating form open elsewhere is not made stale.
    assert_eq!(now.version, sam.version);
    assert_eq!(
        now.card(TODAY).detail.consent,
        ConsentStanding::Due(date("2026-12-10"))
    );
    assert_eq!(count(db, "SELECT COUNT(*) FROM consents").await, 1);
    let entry = last_change(db).await;
    assert_eq!(
        (entry.kind, entry.version),
        (ChangeKind::ConsentRecorded, sam.version)
    );
    assert_eq!(
        entry.card.detail.consent,
        ConsentStanding::Due(date("2026-12-10"))
    );
}

/// One consent check, by `given_by`, from a form that showed `seen` records.
async fn check(
    db: &Db,
    person: PersonId,
    given_by: &str,
    seen: usize,
) -> Result<bool, ChangeError> {
    let mut tx = db.begin().await?;
    let c = consent(given_by, "2026-11-21");
    let written = consents::recheck(
        &mut tx,
        person,
        &c,
        seen,
        date("2027-05-01"),
        "Ben",
        at(21, 11),
    )
    .await?;
    tx.commit().await?;
    Ok(written)
}

async fn a_consent_check_drawn_before_another_was_added_is_refused(db: &Db) {
    let sam = add_sam(db).await;
    // Fifty different checks from forms that each showed no record, all at once: one lands.
    let racing: Vec<_> = (0..50)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move { check(&db, sam.id, &format!("Carer {n}"), 0).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in racing {
        answers.push(task.await);
    }
    let landed = answers.iter().filter(|a| matches!(a, Ok(Ok(true)))).count();
    let refused = answers
        .iter()
        .filter(|a| matches!(a, Ok(Err(ChangeError::Conflict(_)))))
        .count();
    assert_eq!((landed, refused), (1, 49), "{answers:?}");
    assert_eq!(count(db, "SELECT COUNT(*) FROM consents").await, 1);
    let first = consents::of_person(&mut db.begin().await.unwrap(), sam.id)
        .await
        .unwrap()
        .remove(0);
    // The one that landed, sent again, is kept once; an old check sent later is refused.
    assert!(!check(db, sam.id, &first.given_by, 0).await.unwrap());
    assert!(check(db, sam.id, "Father", 1).await.unwrap());
    let late = check(db, sam.id, "Carer 99", 1).await;
    assert!(matches!(late, Err(ChangeError::Conflict(_))), "{late:?}");
    assert_eq!(count(db, "SELECT COUNT(*) FROM consents").await, 2);
}

async fn closed_records_are_listed_and_searched(db: &Db) {
    let sam = add_sam(db).await;
    let ria = add_ria(db).await;
    add(
        db,
        new_person("9434765846", "Ola", "Nowak", "1991-03-03", Rating::Green),
        at(1, 11),
    )
    .await;
    leave(
        db,
        sam.id,
        sam.version,
        &departure(LeavingReason::RiskReduced),
    )
    .await
    .unwrap();
    let mut moved = departure(LeavingReason::MovedArea);
    moved.left_on = date("2026-11-22");
    leave(db, ria.id, ria.version, &moved).await.unwrap();
    let all = departures::closed(db, None).await.unwrap();
    let names: Vec<&str> = all.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ria Khan", "Sam Okafor"]);
    assert_eq!(all[0].reason, LeavingReason::MovedArea);
    let by_name = departures::closed(db, Some("okaf")).await.unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].id, sam.id);
    let by_number = departures::closed(db, Some("943 476 5870")).await.unwrap();
    assert_eq!(by_number.len(), 1);
    assert_eq!(by_number[0].name, "Ria Khan");
    // Someone on the register is never listed, and wildcards match literally.
    assert!(departures::closed(db, Some("Nowak"))
        .await
        .unwrap()
        .is_empty());
    assert!(departures::closed(db, Some("%%%"))
        .await
        .unwrap()
        .is_empty());
}

async fn review(
    db: &Db,
    person: PersonId,
    from_version: i64,
    r: &Review,
) -> Result<(app::models::Person, bool), ChangeError> {
    let mut tx = db.begin().await?;
    let done = Done {
        actor: "Ben Ng",
        at: at(22, 10),
    };
    let out = reviews::record(
        &mut tx,
        person,
        from_version,
        r,
        &ReviewIntervals::default(),
        done,
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

fn kept_amber(next_due: Option<&str>) -> Review {
    Review {
        held_on: date("2026-11-22"),
        attendees: "Jo Reid (community nurse), LDA team".into(),
        rating: Rating::Amber,
        rationale: why("Still at risk while support starts"),
        notes: String::new(),
        next_due: next_due.map(date),
        next_reason: String::new(),
    }
}

async fn a_review_confirms_or_changes_the_rating_and_sets_the_next_review(db: &Db) {
    let sam = add_sam(db).await;
    // Kept Amber: a confirmation in the rating history, the next review 28 days on.
    let (after, written) = review(db, sam.id, sam.version, &kept_amber(None))
        .await
        .unwrap();
    assert!(written);
    assert_eq!(after.rating, Rating::Amber);
    assert_eq!(after.version, sam.version + 1);
    assert_eq!(after.review_due, date("2026-12-20"));
    assert_eq!(people::get(db, sam.id).await.unwrap().unwrap(), after);
    let history = people::history(db, sam.id).await.unwrap();
    assert_eq!(
        (history[0].from, history[0].to),
        (Some(Rating::Amber), Rating::Amber)
    );
    // The same review sent again writes nothing.
    let (again, written) = review(db, sam.id, sam.version, &kept_amber(None))
        .await
        .unwrap();
    assert!(!written);
    assert_eq!(again, after);
    // A different review from the old version is refused.
    let stale = review(db, sam.id, sam.version, &kept_amber(Some("2026-12-01"))).await;
    assert!(matches!(stale, Err(ChangeError::Conflict(_))), "{stale:?}");
    // Changed to Red, with its own next review date.
    let red = Review {
        rating: Rating::Red,
        next_due: Some(date("2026-11-29")),
        next_reason: "Move next week".into(),
        ..kept_amber(None)
    };
    let (after, _) = review(db, sam.id, after.version, &red).await.unwrap();
    assert_eq!(
        (after.rating, after.review_due),
        (Rating::Red, date("2026-11-29"))
    );
    let kept = reviews::of_person(db, sam.id).await.unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(
        (kept[0].before, kept[0].review.rating),
        (Rating::Amber, Rating::Red)
    );
    assert_eq!(kept[1].review.next_due, Some(date("2026-12-20")));
    let entry = last_change(db).await;
    assert_eq!(
        (entry.kind, entry.from, entry.to, entry.card.review_due),
        (
            ChangeKind::RatingChanged,
            Some(Rating::Amber),
            Some(Rating::Red),
            date("2026-11-29")
        )
    );
    // A closed record is not reviewed.
    leave(db, sam.id, after.version, &departure(LeavingReason::Died))
        .await
        .unwrap();
    let closed = review(db, sam.id, after.version + 1, &kept_amber(None)).await;
    assert!(matches!(closed, Err(ChangeError::Closed)), "{closed:?}");
}
