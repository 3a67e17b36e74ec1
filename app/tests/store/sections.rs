//! Sections of a record: versioned saves that never overwrite, their history and their
//! change-log entries; what a section keeps on the people row written there (the card,
//! search and a rating change then see it), and refusals that write nothing.

use app::{
    models::{
        ChangeKind, ContactMethod, Contacts, Departure, Details, Diagnosis, DiagnosisSection,
        FamilyContact, Home, Inpatient, Keyworker, LeavingReason, MhaStatus, Narrative, NotedRisk,
        Person, PersonId, Placement, Rating, RiskFactor, RiskFactors, SavedSection, SectionBody,
        Security, Setting, Sex, Ward,
    },
    store::{
        change_log,
        departures::{self, Done},
        people::{self, ChangeError},
        sections::{self, SaveError, SectionSave},
        Db,
    },
};

use super::common::*;

app::on_both_backends!(
    a_section_is_saved_versioned_and_logged,
    a_stale_save_is_refused_and_writes_nothing,
    a_repeated_save_is_kept_once,
    a_section_of_nobody_is_not_found,
    details_are_written_to_the_people_row_and_boards_hear_of_the_new_card,
    diagnosis_and_setting_are_kept_on_the_people_row_only,
    an_nhs_number_another_record_has_is_refused_and_writes_nothing,
    contacts_and_risk_factors_are_versioned_lists,
    a_closed_record_refuses_every_section,
);

fn narrative(current_issues: &str) -> SectionBody {
    SectionBody::Narrative(Narrative {
        current_issues: current_issues.into(),
        ..Narrative::default()
    })
}

/// Saves `body` for `person` from `from_version` as `actor`, in its own transaction.
async fn save(
    db: &Db,
    person: PersonId,
    from_version: i64,
    body: &SectionBody,
    actor: &str,
) -> Result<SavedSection, SaveError> {
    let mut tx = db.begin().await?;
    let saved = sections::save(
        &mut tx,
        &SectionSave {
            person,
            from_version,
            body,
            actor,
            at: at(2, 10),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// How many history rows the record's sections have.
async fn history_rows(db: &Db) -> i64 {
    count(db, "SELECT COUNT(*) FROM record_section_history").await
}

/// `person` as stored now.
async fn now(db: &Db, person: PersonId) -> Person {
    people::get(db, person).await.unwrap().unwrap()
}

/// The change-log entries of `kind`.
async fn logged(db: &Db, kind: ChangeKind) -> Vec<app::models::BoardChange> {
    change_log::changes_after(db, 0, 100, TODAY)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == kind)
        .collect()
}

/// The text stored for `person`'s section `code`, and its latest history row.
async fn stored(db: &Db, person: PersonId, code: &str) -> (String, String) {
    let own = "SELECT body FROM record_sections WHERE person_id = $1 AND section = $2";
    let history = "SELECT body FROM record_section_history WHERE person_id = $1 AND section = $2 \
                   ORDER BY id DESC LIMIT 1";
    let mut read = Vec::new();
    for sql in [own, history] {
        let body: String = match db {
            Db::Sqlite(pool) => sqlx::query_scalar(sql)
                .bind(person.to_string())
                .bind(code)
                .fetch_one(pool)
                .await
                .unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(sql)
                .bind(person.to_string())
                .bind(code)
                .fetch_one(pool)
                .await
                .unwrap(),
        };
        read.push(body);
    }
    (read.remove(0), read.remove(0))
}

async fn a_section_is_saved_versioned_and_logged(db: &Db) {
    let sam = add_sam(db).await;
    let first = save(db, sam.id, 0, &narrative("School refusal"), "Asha Patel")
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    let keyworker = SectionBody::Keyworker(Keyworker::Waiting);
    save(db, sam.id, 0, &keyworker, "Asha Patel").await.unwrap();
    let second = save(db, sam.id, 1, &narrative("Crisis at home"), "Ben Ode")
        .await
        .unwrap();
    assert_eq!((second.version, second.changed_by.as_str()), (2, "Ben Ode"));
    let read = sections::of_person(db, &sam).await.unwrap();
    assert_eq!(
        read.iter()
            .map(|s| (&s.body, s.version))
            .collect::<Vec<_>>(),
        [(&narrative("Crisis at home"), 2), (&keyworker, 1)],
        "in section order, as saved"
    );
    assert_eq!(history_rows(db).await, 3);
    let saves = logged(db, ChangeKind::SectionChanged).await;
    assert_eq!(saves.len(), 3);
    // The card did not change: each entry carries the record's own version.
    assert!(saves
        .iter()
        .all(|c| c.version == sam.version && c.person == sam.id));
}

async fn a_stale_save_is_refused_and_writes_nothing(db: &Db) {
    let sam = add_sam(db).await;
    save(db, sam.id, 0, &narrative("First"), "Asha Patel")
        .await
        .unwrap();
    // Two forms opened at version 1 (or both before the first save): only one applies.
    save(db, sam.id, 1, &narrative("Second"), "Ben Ode")
        .await
        .unwrap();
    let head = change_log::head(db).await.unwrap();
    for from in [0, 1, 5] {
        match save(db, sam.id, from, &narrative("Stale"), "Cal Dee").await {
            Err(SaveError::Conflict(Some(now))) => {
                assert_eq!((now.version, now.changed_by.as_str()), (2, "Ben Ode"));
                assert_eq!(now.body, narrative("Second"));
            }
            other => panic!("from version {from}: {other:?}"),
        }
    }
    // A first save naming a version the section never had.
    assert!(matches!(
        save(
            db,
            sam.id,
            3,
            &SectionBody::Keyworker(Keyworker::NotNeeded),
            "Cal Dee"
        )
        .await,
        Err(SaveError::Conflict(None))
    ));
    assert_eq!(change_log::head(db).await.unwrap(), head, "nothing logged");
    assert_eq!(history_rows(db).await, 2);
}

async fn a_repeated_save_is_kept_once(db: &Db) {
    let sam = add_sam(db).await;
    let body = narrative("School refusal");
    save(db, sam.id, 0, &body, "Asha Patel").await.unwrap();
    let head = change_log::head(db).await.unwrap();
    // The same save again (its answer was lost): recognised, nothing written.
    match save(db, sam.id, 0, &body, "Asha Patel").await {
        Err(SaveError::Repeated(now)) => assert_eq!((now.version, &now.body), (1, &body)),
        other => panic!("{other:?}"),
    }
    // Other content, or someone else, from that version: a conflict as ever.
    for (content, actor) in [(&narrative("Other"), "Asha Patel"), (&body, "Ben Ode")] {
        assert!(matches!(
            save(db, sam.id, 0, content, actor).await,
            Err(SaveError::Conflict(Some(_)))
        ));
    }
    assert_eq!(change_log::head(db).await.unwrap(), head, "nothing logged");
    assert_eq!(history_rows(db).await, 1);
}

async fn a_section_of_nobody_is_not_found(db: &Db) {
    assert!(matches!(
        save(db, PersonId::random(), 0, &narrative("x"), "Asha Patel").await,
        Err(SaveError::NotFound)
    ));
    assert_eq!(history_rows(db).await, 0);
}

async fn details_are_written_to_the_people_row_and_boards_hear_of_the_new_card(db: &Db) {
    let sam = add_sam(db).await;
    let mut details = Details::of(&sam);
    details.given_name = "Samuel".into();
    details.area = "East".into();
    details.date_of_birth = date("2005-05-01");
    details.preferred_name = "Sam".into();
    details.sex = Some(Sex::Male);
    details.interpreter = Some(false);
    let body = SectionBody::Details(details.clone());
    save(db, sam.id, 0, &body, "Asha Patel").await.unwrap();

    // The people row holds the names, date of birth and area, and moved on a version.
    let row = now(db, sam.id).await;
    assert_eq!(
        (row.full_name().as_str(), row.area.as_str(), row.version),
        ("Samuel Okafor", "East", sam.version + 1)
    );
    assert_eq!(row.date_of_birth, date("2005-05-01"));
    // Kept there only: the section's own row has the rest; the history has it all.
    let (own, history) = stored(db, sam.id, "details").await;
    assert!(!own.contains("Samuel") && !own.contains("East"), "{own}");
    assert!(own.contains("\"preferred_name\":\"Sam\""), "{own}");
    assert!(history.contains("Samuel"), "{history}");
    let read = sections::of_person(db, &row).await.unwrap();
    assert_eq!(read[0].body, body, "read back complete, from the row");

    // The board's entry carries the new card, now an adult's, at the new version.
    let changes = logged(db, ChangeKind::DetailsChanged).await;
    assert_eq!(changes.len(), 1);
    let entry = &changes[0];
    assert_eq!(
        (entry.version, entry.card.version),
        (row.version, row.version)
    );
    assert_eq!(entry.card.name, "Samuel Okafor");
    assert_eq!(entry.card.detail.age_group, app::models::AgeGroup::Adult);
    // Search finds the new name.
    assert_eq!(search_board(db, "samuel", Rating::Amber).await.len(), 1);

    // A rating change made from the card before is refused as stale.
    assert!(matches!(
        change(
            db,
            sam.id,
            sam.version,
            Rating::Red,
            "Crisis",
            "Ben Ode",
            at(3, 9)
        )
        .await,
        Err(ChangeError::Conflict(_))
    ));
    // Changing only what the row does not hold leaves the row and its version alone.
    let mut again = details;
    again.gp_practice = "Riverside Surgery".into();
    save(db, sam.id, 1, &SectionBody::Details(again), "Ben Ode")
        .await
        .unwrap();
    assert_eq!(now(db, sam.id).await.version, row.version);
    assert_eq!(logged(db, ChangeKind::SectionChanged).await.len(), 1);
    assert_eq!(history_rows(db).await, 2);
}

async fn diagnosis_and_setting_are_kept_on_the_people_row_only(db: &Db) {
    let sam = add_sam(db).await;
    let diagnosis = SectionBody::Diagnosis(DiagnosisSection {
        diagnosis: Diagnosis::Both,
        other_conditions: "Epilepsy".into(),
    });
    save(db, sam.id, 0, &diagnosis, "Asha Patel").await.unwrap();
    let stay = Inpatient {
        unit: "Cedar Ward".into(),
        provider: "Northshire NHS Foundation Trust".into(),
        ward: Ward::SpecialistLd,
        security: Security::NonSecure,
        placement: Placement::OutOfArea,
        admitted_on: date("2026-11-02"),
        mha: MhaStatus::Section3,
        mha_other: String::new(),
    };
    let home = SectionBody::Home(Home {
        setting: Setting::InpatientUnit,
        since: Some(date("2026-11-02")),
        inpatient: Some(stay),
    });
    save(db, sam.id, 0, &home, "Asha Patel").await.unwrap();
    let row = now(db, sam.id).await;
    assert_eq!(
        (row.diagnosis, row.setting, row.version),
        (Diagnosis::Both, Setting::InpatientUnit, sam.version + 2)
    );
    for code in ["diagnosis", "home"] {
        let (own, _) = stored(db, sam.id, code).await;
        assert!(
            !own.contains("\"diagnosis\":") && !own.contains("\"setting\":"),
            "{own}"
        );
    }
    let read = sections::of_person(db, &row).await.unwrap();
    assert_eq!(
        read.iter().map(|s| s.body.clone()).collect::<Vec<_>>(),
        [diagnosis, home.clone()]
    );
    // The card shows the setting.
    let change = logged(db, ChangeKind::DetailsChanged).await.pop().unwrap();
    assert_eq!(change.card.detail.setting, Setting::InpatientUnit);
    // A later change to the row (not through the section) is what the section reads.
    let mut tx = db.begin().await.unwrap();
    let moved = app::models::Person {
        setting: Setting::SupportedLiving,
        ..row.clone()
    };
    people::write_row(&mut tx, &moved).await.unwrap();
    tx.commit().await.unwrap();
    let read = sections::of_person(db, &now(db, sam.id).await)
        .await
        .unwrap();
    match &read[1].body {
        SectionBody::Home(h) => assert_eq!(h.setting, Setting::SupportedLiving),
        other => panic!("{other:?}"),
    }
}

async fn an_nhs_number_another_record_has_is_refused_and_writes_nothing(db: &Db) {
    let sam = add_sam(db).await;
    let ria = add_ria(db).await;
    let head = change_log::head(db).await.unwrap();
    let mut details = Details::of(&sam);
    details.nhs_number = ria.nhs_number.clone();
    details.preferred_name = "Sammy".into();
    assert!(matches!(
        save(db, sam.id, 0, &SectionBody::Details(details), "Asha Patel").await,
        Err(SaveError::NhsNumberTaken)
    ));
    assert_eq!(now(db, sam.id).await, sam);
    assert_eq!(change_log::head(db).await.unwrap(), head);
    assert_eq!(history_rows(db).await, 0);
    assert!(sections::of_person(db, &sam).await.unwrap().is_empty());
}

async fn contacts_and_risk_factors_are_versioned_lists(db: &Db) {
    let sam = add_sam(db).await;
    let grace = FamilyContact {
        id: "c1".into(),
        name: "Grace Okafor".into(),
        relationship: "Mother".into(),
        phone: "07700 900 982".into(),
        email: String::new(),
        prefers: ContactMethod::Text,
        parental_responsibility: true,
        lasting_power_of_attorney: false,
    };
    let one = Contacts::default().with(grace.clone()).unwrap();
    save(
        db,
        sam.id,
        0,
        &SectionBody::Contacts(one.clone()),
        "Asha Patel",
    )
    .await
    .unwrap();
    let tom = FamilyContact {
        id: "c2".into(),
        name: "Tom Okafor".into(),
        relationship: "Brother".into(),
        prefers: ContactMethod::Letter,
        parental_responsibility: false,
        ..grace
    };
    let two = one.with(tom.clone()).unwrap();
    save(
        db,
        sam.id,
        1,
        &SectionBody::Contacts(two.clone()),
        "Ben Ode",
    )
    .await
    .unwrap();
    // Removing Grace from the list as it was at version 1 is refused: Tom stays.
    let stale = one.without("c1").unwrap();
    match save(db, sam.id, 1, &SectionBody::Contacts(stale), "Cal Dee").await {
        Err(SaveError::Conflict(Some(now))) => {
            assert_eq!(now.body, SectionBody::Contacts(two.clone()))
        }
        other => panic!("{other:?}"),
    }
    let risks = SectionBody::RiskFactors(RiskFactors {
        noted: vec![NotedRisk {
            factor: RiskFactor::Transition,
            note: "Leaves school in July".into(),
            noted_on: date("2026-11-01"),
        }],
    });
    save(db, sam.id, 0, &risks, "Asha Patel").await.unwrap();
    let read = sections::of_person(db, &sam).await.unwrap();
    assert_eq!(
        read.iter()
            .map(|s| (s.body.clone(), s.version))
            .collect::<Vec<_>>(),
        [(SectionBody::Contacts(two), 2), (risks, 1)]
    );
    // Lists are the record's own: the row and its version stay.
    assert_eq!(now(db, sam.id).await, sam);
    assert_eq!(logged(db, ChangeKind::SectionChanged).await.len(), 3);
}

async fn a_closed_record_refuses_every_section(db: &Db) {
    let sam = add_sam(db).await;
    let mut tx = db.begin().await.unwrap();
    let departure = Departure {
        reason: LeavingReason::MovedArea,
        left_on: date("2026-11-20"),
        decided_by: "Asha Patel".into(),
        why: "Moved away".into(),
        detail: "Another ICB".into(),
    };
    let done = Done {
        actor: "Asha Patel",
        at: at(20, 10),
    };
    departures::leave(&mut tx, sam.id, sam.version, &departure, done)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let closed = now(db, sam.id).await;
    let head = change_log::head(db).await.unwrap();
    for body in [
        SectionBody::Details(Details::of(&closed)),
        SectionBody::Diagnosis(DiagnosisSection::of(&closed)),
        SectionBody::Home(Home::of(&closed)),
        SectionBody::Contacts(Contacts::default()),
        SectionBody::RiskFactors(RiskFactors::default()),
        narrative("x"),
    ] {
        assert!(
            matches!(
                save(db, sam.id, 0, &body, "Ben Ode").await,
                Err(SaveError::Closed)
            ),
            "{body:?}"
        );
    }
    assert_eq!(change_log::head(db).await.unwrap(), head);
    assert_eq!(now(db, sam.id).await, closed);
    assert_eq!(history_rows(db).await, 0);
}
