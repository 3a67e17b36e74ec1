//! Sections of a record: versioned saves that never overwrite, their history and their
//! change-log entries.

use app::{
    models::{ChangeKind, Keyworker, Narrative, PersonId, SavedSection, SectionBody},
    store::{
        change_log,
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
    let read = sections::of_person(db, sam.id).await.unwrap();
    assert_eq!(
        read.iter()
            .map(|s| (&s.body, s.version))
            .collect::<Vec<_>>(),
        [(&narrative("Crisis at home"), 2), (&keyworker, 1)],
        "in section order, as saved"
    );
    assert_eq!(history_rows(db).await, 3);
    let log = change_log::changes_after(db, 0, 100, TODAY).await.unwrap();
    let saves: Vec<_> = log
        .iter()
        .filter(|c| c.kind == ChangeKind::SectionChanged)
        .collect();
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
