//! Store tests, each run on a fresh SQLite file and a fresh PostgreSQL database.
//! PostgreSQL runs when `DSR_TEST_POSTGRES` is set (see `ScratchDb::postgres_for_test`).

use app::{
    models::{
        AgeGroup, ChangeKind, Diagnosis, NhsNumber, Rating, Rationale, ReviewIntervals, Setting,
    },
    store::{
        audit::{self, AuditEntry, ChainCheck, Checkpoint, CheckpointCheck},
        board::{self, BoardFilter},
        change_log, meeting,
        people::{self, ChangeError, NewPerson, RatingUpdate},
        Backend, Db,
    },
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// The day the tests read the board on.
const TODAY: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn why(s: &str) -> Rationale {
    Rationale::try_from(s.to_owned()).unwrap()
}

fn new_person(nhs: &str, given: &str, family: &str, dob: &str, rating: Rating) -> NewPerson {
    NewPerson {
        id: app::models::PersonId::random(),
        nhs_number: nhs.parse::<NhsNumber>().unwrap(),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: date(dob),
        diagnosis: Diagnosis::Autism,
        setting: Setting::FamilyHome,
        area: "North".into(),
        rating,
        rationale: why("Initial assessment"),
    }
}

async fn add(db: &Db, new: NewPerson, when: DateTime<Utc>) -> app::models::Person {
    let mut tx = db.begin().await.unwrap();
    let p = people::insert(
        &mut tx,
        &new,
        "Asha Patel",
        when,
        &ReviewIntervals::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    p
}

/// Adds Sam Okafor, a child rated Amber on 1 November.
async fn add_sam(db: &Db) -> app::models::Person {
    add(
        db,
        new_person("9434765919", "Sam", "Okafor", "2012-05-01", Rating::Amber),
        at(1, 9),
    )
    .await
}

/// Changes `person`'s rating from `from_version` to `to`, in its own transaction.
async fn change(
    db: &Db,
    person: app::models::PersonId,
    from_version: i64,
    to: Rating,
    reason: &str,
    actor: &str,
    when: DateTime<Utc>,
) -> Result<app::models::Person, ChangeError> {
    let rationale = why(reason);
    let update = RatingUpdate {
        person,
        from_version,
        to,
        rationale: &rationale,
        actor,
        at: when,
    };
    let mut tx = db.begin().await?;
    let person = people::apply_rating_change(&mut tx, &update, &ReviewIntervals::default()).await?;
    tx.commit().await?;
    Ok(person)
}

app::on_both_backends!(
    creates_and_reads_a_person,
    changes_rating_and_keeps_history_newest_first,
    refuses_a_stale_change_and_writes_nothing,
    failure_part_way_leaves_nothing_behind,
    unknown_person_is_not_found,
    board_filters_counts_and_orders,
    logs_are_append_only,
    review_due_counts_from_the_uk_date,
    meeting_agenda_is_in_rating_then_due_order,
    chair_moves_are_logged_and_the_latest_is_found,
    audit_chain_verifies_and_names_the_first_altered_row,
    audit_chain_keeps_plain_rows_and_checkpoints_find_a_keyless_rewrite_or_cut,
    audit_log_is_append_only,
    accounts_have_unique_lower_cased_emails,
    sessions_expire_when_idle_or_old_and_end_on_logout_or_disable,
    attempts_are_reserved_per_email_and_client_within_the_window,
    links_give_professionals_their_people,
    audit_search_filters_by_person_actor_and_time,
);

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

/// Writes three audit rows about Sam.
async fn three_audit_rows(db: &Db) -> app::models::Person {
    let sam = add_sam(db).await;
    for (n, action) in ["person_viewed", "rating_changed", "person_viewed"]
        .iter()
        .enumerate()
    {
        let id = audit::record(
            db,
            &audit_key(),
            &AuditEntry {
                at: at(23, 9 + n as u32),
                actor: "Asha Patel",
                action,
                person: Some(sam.id),
                detail: "",
                client: "192.0.2.7",
            },
        )
        .await
        .unwrap();
        assert_eq!(id, n as i64 + 1, "ids run 1, 2, 3");
    }
    sam
}

/// Runs `sql` with the audit log's append-only triggers out of the way, as someone with
/// direct access to the database could.
async fn tamper(db: &Db, sql: &str) {
    match db {
        Db::Sqlite(pool) => {
            for drop in [
                "DROP TRIGGER audit_log_append_only_update",
                "DROP TRIGGER audit_log_append_only_delete",
                sql,
            ] {
                sqlx::query(drop).execute(pool).await.unwrap();
            }
        }
        Db::Postgres(pool) => {
            for step in ["ALTER TABLE audit_log DISABLE TRIGGER USER", sql] {
                sqlx::query(step).execute(pool).await.unwrap();
            }
        }
    }
}

async fn audit_chain_verifies_and_names_the_first_altered_row(db: &Db) {
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::Intact { rows: 0 }
    );
    three_audit_rows(db).await;
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::Intact { rows: 3 }
    );
    tamper(
        db,
        "UPDATE audit_log SET actor = 'Someone else' WHERE id = 2",
    )
    .await;
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::BrokenAt(2)
    );
}

/// The service key the audit rows in these tests are signed with.
fn audit_key() -> app::sealed::SecretKey {
    app::sealed::SecretKey::from_hex(&"5e".repeat(32)).unwrap()
}

/// Writes audit row `id` after `prev` as the chain did before it was keyed (plain SHA-256,
/// `chain` 1), as an old register, or someone without the key, would; returns its hash.
async fn plain_row(db: &Db, id: i64, prev: &str, detail: &str) -> String {
    use sha2::{Digest, Sha256};
    let at = at(23, 8);
    let stamp = at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let id_text = id.to_string();
    let mut hasher = Sha256::new();
    for field in [
        id_text.as_str(),
        &stamp,
        "Asha Patel",
        "login",
        "-",
        detail,
        "192.0.2.7",
        prev,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    let hash = hex::encode(hasher.finalize());
    let sql = "INSERT INTO audit_log (id, at, actor, action, person_id, detail, client, \
               prev_hash, hash, chain) VALUES ($1, $2, 'Asha Patel', 'login', NULL, $3, \
               '192.0.2.7', $4, $5, 1)";
    macro_rules! insert {
        ($pool:expr) => {
            sqlx::query(sql)
                .bind(id)
                .bind(at)
                .bind(detail)
                .bind(prev)
                .bind(&hash)
                .execute($pool)
                .await
                .map(|_| ())
        };
    }
    match db {
        Db::Sqlite(pool) => insert!(pool),
        Db::Postgres(pool) => insert!(pool),
    }
    .unwrap();
    hash
}

async fn audit_chain_keeps_plain_rows_and_checkpoints_find_a_keyless_rewrite_or_cut(db: &Db) {
    let key = audit_key();
    let genesis = "0".repeat(64);
    let first = plain_row(db, 1, &genesis, "").await;
    let second = plain_row(db, 2, &first, "").await;
    for _ in 0..2 {
        audit::record(
            db,
            &key,
            &AuditEntry {
                at: at(23, 9),
                actor: "Asha Patel",
                action: "login",
                person: None,
                detail: "",
                client: "192.0.2.7",
            },
        )
        .await
        .unwrap();
    }
    assert_eq!(
        audit::verify(db, &key).await.unwrap(),
        ChainCheck::Intact { rows: 4 },
        "old plain rows, then keyed rows"
    );
    assert_eq!(
        audit::verify(db, &app::sealed::SecretKey::random())
            .await
            .unwrap(),
        ChainCheck::BrokenAt(3),
        "keyed rows check only with the service's key"
    );
    let checkpoint = audit::checkpoint(db, &key).await.unwrap();
    assert_eq!(checkpoint.id, 4);
    let line = checkpoint.to_string();
    assert_eq!(Checkpoint::parse(&line, &key), Some(checkpoint.clone()));
    assert_eq!(
        Checkpoint::parse(&line, &app::sealed::SecretKey::random()),
        None
    );
    assert_eq!(
        Checkpoint::parse(&line.replace(" 4 ", " 5 "), &key),
        None,
        "an altered checkpoint"
    );
    assert_eq!(
        audit::check_checkpoint(db, &checkpoint).await.unwrap(),
        CheckpointCheck::Matches
    );

    // Someone without the key rewrites the keyed rows as plain ones: the chain alone
    // cannot tell, the checkpoint does.
    tamper(db, "DELETE FROM audit_log WHERE id > 2").await;
    let third = plain_row(db, 3, &second, "").await;
    plain_row(db, 4, &third, "").await;
    assert_eq!(
        audit::verify(db, &key).await.unwrap(),
        ChainCheck::Intact { rows: 4 }
    );
    assert_eq!(
        audit::check_checkpoint(db, &checkpoint).await.unwrap(),
        CheckpointCheck::Differs
    );
    // Rows cut from the end leave an intact, shorter chain: the checkpoint finds it.
    let run = |sql: &'static str| async move {
        match db {
            Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        }
        .unwrap()
    };
    run("DELETE FROM audit_log WHERE id = 4").await;
    assert_eq!(
        audit::check_checkpoint(db, &checkpoint).await.unwrap(),
        CheckpointCheck::Shorter { last: 3 }
    );
    // A plain row after a keyed one is a keyed row rewritten without the key.
    run("DELETE FROM audit_log WHERE id = 3").await;
    audit::record(
        db,
        &key,
        &AuditEntry {
            at: at(23, 10),
            actor: "Asha Patel",
            action: "login",
            person: None,
            detail: "",
            client: "192.0.2.7",
        },
    )
    .await
    .unwrap();
    let keyed = audit::checkpoint(db, &key).await.unwrap().hash;
    plain_row(db, 4, &keyed, "").await;
    assert_eq!(
        audit::verify(db, &key).await.unwrap(),
        ChainCheck::BrokenAt(4)
    );
}

async fn audit_log_is_append_only(db: &Db) {
    three_audit_rows(db).await;
    for sql in [
        "UPDATE audit_log SET detail = 'x'",
        "DELETE FROM audit_log WHERE id = 3",
    ] {
        let result = match db {
            Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        };
        assert!(result.is_err(), "{sql} must be refused");
    }
    tamper(db, "DELETE FROM audit_log WHERE id = 2").await;
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::BrokenAt(2),
        "a removed row is named"
    );
}

async fn accounts_have_unique_lower_cased_emails(db: &Db) {
    use app::{
        models::{AccountStatus, Role},
        store::users::{self, CreateError, NewUser},
    };
    let user = |email| NewUser {
        email,
        full_name: "Cara Li",
        job_title: "Social worker",
        agency: None,
        role: Role::Professional,
        status: AccountStatus::Pending,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        at: at(23, 9),
        origin: None,
    };
    users::create(db, &user(" Cara.Li@Council.gov.uk "))
        .await
        .unwrap();
    assert!(matches!(
        users::create(db, &user("cara.li@council.gov.uk")).await,
        Err(CreateError::EmailTaken)
    ));
    assert_eq!(
        users::role_and_status(db, "CARA.LI@council.gov.uk")
            .await
            .unwrap(),
        Some((Role::Professional, AccountStatus::Pending))
    );
    assert_eq!(
        users::role_and_status(db, "nobody@x.org").await.unwrap(),
        None
    );
}

async fn sessions_expire_when_idle_or_old_and_end_on_logout_or_disable(db: &Db) {
    use app::{
        models::{AccountStatus, Role},
        store::{
            sessions::{self, SessionLimits, Stage},
            users::{self, NewUser},
        },
    };
    use chrono::TimeDelta;
    let user = users::create(
        db,
        &NewUser {
            email: "cara.li@council.gov.uk",
            full_name: "Cara Li",
            job_title: "Social worker",
            agency: None,
            role: Role::Professional,
            status: AccountStatus::Active,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            at: at(23, 8),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string();
    let limits = SessionLimits::default();
    let t0 = at(23, 9);
    let mins = |m| t0 + TimeDelta::minutes(m);
    // A person's request: the session is checked, then marked as used.
    let resume = |token, when| async move {
        let found = sessions::resume(db, token, when, limits).await.unwrap();
        if found.is_some() {
            sessions::mark_used(db, token, when).await.unwrap();
        }
        found.map(|(user, _)| user)
    };

    let a = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    let b = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    assert_ne!(a, b, "every login gets a new token");
    let stored: Vec<String> = match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar("SELECT id_hash FROM sessions")
                .fetch_all(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT id_hash FROM sessions")
                .fetch_all(pool)
                .await
        }
    }
    .unwrap();
    assert!(
        !stored.iter().any(|s| s == a.expose()),
        "only a hash is stored"
    );

    // Used every 25 minutes, a session lives until 12 hours, then ends however busy.
    let mut when = 0;
    while when + 25 <= 12 * 60 {
        when += 25;
        assert_eq!(
            resume(&a, mins(when)).await.as_deref(),
            Some(user.as_str()),
            "at {when} min"
        );
    }
    assert_eq!(resume(&a, mins(12 * 60 + 1)).await, None, "absolute limit");
    assert_eq!(
        resume(&a, mins(12 * 60 + 2)).await,
        None,
        "and it stays ended"
    );

    // Left alone for 31 minutes, a session ends.
    assert_eq!(resume(&b, mins(31)).await, None, "idle limit");

    let c = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    sessions::end(db, &c, mins(1)).await.unwrap();
    assert_eq!(
        resume(&c, mins(2)).await,
        None,
        "logout ends it on the server"
    );

    let d = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    let e = sessions::start(db, &user, "198.51.100.4", t0, Stage::Full)
        .await
        .unwrap();
    assert_eq!(sessions::end_all(db, &user, mins(1)).await.unwrap(), 2);
    assert_eq!(resume(&d, mins(2)).await, None);
    assert_eq!(
        resume(&e, mins(2)).await,
        None,
        "disabling ends every session"
    );
    assert_eq!(
        resume(&sessions::SessionToken::from_cookie("forged"), mins(2)).await,
        None
    );
}

async fn attempts_are_reserved_per_email_and_client_within_the_window(db: &Db) {
    use app::store::attempts::{self, Kind, Quota};
    use chrono::TimeDelta;
    let t0 = at(23, 9);
    let quota = |email: &'static str, client: &'static str, now: DateTime<Utc>| Quota {
        kind: Kind::SignIn,
        email: Some((email, 5)),
        client,
        per_client: 6,
        in_all: None,
        since: now - TimeDelta::minutes(15),
    };
    let reserve = |email, client, now| async move {
        attempts::reserve(db, &quota(email, client, now), now)
            .await
            .unwrap()
    };
    for _ in 0..5 {
        assert!(reserve("Cara.Li@Council.gov.uk", "192.0.2.7", t0)
            .await
            .is_some());
    }
    let later = t0 + TimeDelta::minutes(14);
    assert!(
        reserve("cara.li@council.gov.uk", "198.51.100.1", later)
            .await
            .is_none(),
        "five lock the email, in any case and from anywhere"
    );
    assert!(reserve("nobody@x.org", "192.0.2.7", t0).await.is_some());
    assert!(
        reserve("third@x.org", "192.0.2.7", t0).await.is_none(),
        "six lock the client"
    );
    let after = t0 + TimeDelta::minutes(16);
    assert!(
        reserve("cara.li@council.gov.uk", "198.51.100.1", after)
            .await
            .is_some(),
        "released once the window has passed"
    );
    for _ in 0..6 {
        let attempt = reserve("free@x.org", "203.0.113.1", t0).await.unwrap();
        attempts::release(db, attempt).await.unwrap();
    }
    assert!(
        reserve("free@x.org", "203.0.113.1", t0).await.is_some(),
        "a released attempt does not count"
    );
    attempts::clear_sign_in(db, "CARA.LI@council.gov.uk")
        .await
        .unwrap();
    assert!(
        reserve("cara.li@council.gov.uk", "198.51.100.2", later)
            .await
            .is_some(),
        "a complete sign-in forgets the email's failures"
    );
    let join = |client: &'static str| Quota {
        kind: Kind::Join,
        email: None,
        client,
        per_client: 2,
        in_all: Some(3),
        since: t0 - TimeDelta::hours(1),
    };
    let joins = [
        attempts::reserve(db, &join("192.0.2.1"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.1"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.1"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.2"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.3"), t0).await.unwrap(),
    ];
    let allowed: Vec<bool> = joins.iter().map(Option::is_some).collect();
    assert_eq!(
        allowed,
        [true, true, false, true, false],
        "two per client, three in all; sign-in attempts are not counted"
    );
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

async fn audit_search_filters_by_person_actor_and_time(db: &Db) {
    use app::store::audit::AuditFilter;
    let sam = three_audit_rows(db).await;
    let all = audit::search(db, &AuditFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|r| r.id).collect::<Vec<_>>(),
        [3, 2, 1],
        "newest first"
    );
    let about_sam = AuditFilter {
        person: Some(sam.id),
        ..AuditFilter::default()
    };
    let rows = audit::search(db, &about_sam, 10).await.unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r.person.as_deref() == Some(sam.id.to_string().as_str())));
    let first = &all[2];
    let by_actor = AuditFilter {
        actor: Some(first.actor.clone()),
        to: Some(first.at + chrono::TimeDelta::microseconds(1)),
        ..AuditFilter::default()
    };
    let rows = audit::search(db, &by_actor, 10).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
    let later = AuditFilter {
        from: Some(all[0].at + chrono::TimeDelta::seconds(1)),
        ..AuditFilter::default()
    };
    assert!(audit::search(db, &later, 10).await.unwrap().is_empty());
}
