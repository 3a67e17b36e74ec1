//! C(E)TRs on a record: versioned saves that never overwrite, kept once when sent twice,
//! their history and change-log entries, refusals that write nothing, and 50 saves from
//! one version at once of which exactly one lands.

use app::{
    models::{
        ChangeKind, ConsentBasis, Ctr, CtrConsent, CtrHeld, CtrId, CtrKind, CtrOutcome, CtrPlan,
        Departure, LeavingReason, PanelMember, PersonId, SavedCtr,
    },
    store::{
        change_log,
        ctrs::{self, CtrSave, CtrSaveError},
        departures::{self, Done},
        Db,
    },
};

use super::common::*;

app::on_both_backends!(
    a_ctr_is_planned_consented_and_held_versioned_and_logged,
    stale_repeated_and_foreign_saves_write_nothing,
    fifty_saves_from_one_version_at_once_land_once,
    a_closed_record_takes_no_ctr,
);

fn planned(chair: &str) -> Ctr {
    Ctr {
        plan: CtrPlan {
            kind: CtrKind::Community,
            planned_on: Some(date("2026-12-10")),
            chair: PanelMember {
                name: chair.into(),
                role: "Commissioner".into(),
            },
            clinical_expert: PanelMember::default(),
            expert_by_experience: PanelMember::default(),
            papers_sent_on: None,
        },
        consent: None,
        held: None,
    }
}

/// Saves `ctr` as `id` on `person`'s record from `from_version` as `actor`.
async fn save(
    db: &Db,
    person: PersonId,
    id: CtrId,
    from_version: i64,
    ctr: &Ctr,
    actor: &str,
) -> Result<SavedCtr, CtrSaveError> {
    let mut tx = db.begin().await?;
    let saved = ctrs::save(
        &mut tx,
        &CtrSave {
            person,
            id,
            from_version,
            ctr,
            actor,
            at: at(22, 10),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

fn new_id() -> CtrId {
    CtrId(uuid::Uuid::new_v4())
}

async fn logged(db: &Db) -> usize {
    change_log::changes_after(db, 0, 1000, TODAY)
        .await
        .unwrap()
        .iter()
        .filter(|c| c.kind == ChangeKind::CtrChanged)
        .count()
}

async fn a_ctr_is_planned_consented_and_held_versioned_and_logged(db: &Db) {
    let sam = add_sam(db).await;
    let id = new_id();
    let mut ctr = planned("Ann Lee");
    save(db, sam.id, id, 0, &ctr, "Asha Patel").await.unwrap();
    ctr.consent = Some(CtrConsent {
        basis: ConsentBasis::Own,
        given_by: "Sam Carter".into(),
        decided_on: date("2026-11-20"),
        child_view: String::new(),
        reason: String::new(),
    });
    save(db, sam.id, id, 1, &ctr, "Asha Patel").await.unwrap();
    ctr.held = Some(CtrHeld {
        held_on: date("2026-11-21"),
        outcome: CtrOutcome::AdmissionAvoided,
        outcome_other: String::new(),
        summary: "Crisis plan agreed".into(),
    });
    let saved = save(db, sam.id, id, 2, &ctr, "Ben Ode").await.unwrap();
    assert_eq!((saved.version, saved.changed_by.as_str()), (3, "Ben Ode"));
    let listed = ctrs::of_person(db, sam.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].ctr, ctr);
    assert_eq!(ctrs::get(db, id).await.unwrap().unwrap().0, sam.id);
    // The columns the board and figures read follow the review.
    let held: Option<chrono::NaiveDate> = match db {
        Db::Sqlite(pool) => sqlx::query_scalar("SELECT held_on FROM ctrs")
            .fetch_one(pool)
            .await
            .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar("SELECT held_on FROM ctrs")
            .fetch_one(pool)
            .await
            .unwrap(),
    };
    assert_eq!(held, Some(date("2026-11-21")));
    assert_eq!(count(db, "SELECT COUNT(*) FROM ctr_history").await, 3);
    assert_eq!(logged(db).await, 3);
    // Planned ones come before held ones.
    let later = new_id();
    save(db, sam.id, later, 0, &planned("Cal Dee"), "Asha Patel")
        .await
        .unwrap();
    let order: Vec<_> = ctrs::of_person(db, sam.id)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(order, [later, id]);
}

async fn stale_repeated_and_foreign_saves_write_nothing(db: &Db) {
    let sam = add_sam(db).await;
    let ria = add_ria(db).await;
    let id = new_id();
    save(db, sam.id, id, 0, &planned("Ann Lee"), "Asha Patel")
        .await
        .unwrap();
    save(db, sam.id, id, 1, &planned("Ben Ode"), "Asha Patel")
        .await
        .unwrap();
    let head = change_log::head(db).await.unwrap();
    // The same save again (its answer was lost): recognised, nothing written.
    match save(db, sam.id, id, 1, &planned("Ben Ode"), "Asha Patel").await {
        Err(CtrSaveError::Repeated(now)) => assert_eq!(now.version, 2),
        other => panic!("{other:?}"),
    }
    // From an older version, other content or someone else: the review as it is now.
    for (from, chair, actor) in [
        (1, "Cal Dee", "Asha Patel"),
        (1, "Ben Ode", "Cal Dee"),
        (0, "Ann Lee", "Asha Patel"),
        (7, "X", "Asha Patel"),
    ] {
        match save(db, sam.id, id, from, &planned(chair), actor).await {
            Err(CtrSaveError::Conflict(now)) => assert_eq!(now.ctr.plan.chair.name, "Ben Ode"),
            other => panic!("from {from}: {other:?}"),
        }
    }
    // Named on another person's record, or on nobody's: not found.
    for person in [ria.id, PersonId::random()] {
        assert!(matches!(
            save(db, person, id, 2, &planned("Eve"), "Asha Patel").await,
            Err(CtrSaveError::NotFound)
        ));
    }
    assert!(matches!(
        save(db, ria.id, id, 0, &planned("Eve"), "Asha Patel").await,
        Err(CtrSaveError::NotFound)
    ));
    assert_eq!(change_log::head(db).await.unwrap(), head, "nothing logged");
    assert_eq!(count(db, "SELECT COUNT(*) FROM ctr_history").await, 2);
    assert!(ctrs::of_person(db, ria.id).await.unwrap().is_empty());
}

async fn fifty_saves_from_one_version_at_once_land_once(db: &Db) {
    let sam = add_sam(db).await;
    let id = new_id();
    save(db, sam.id, id, 0, &planned("Ann Lee"), "Asha Patel")
        .await
        .unwrap();
    let racing: Vec<_> = (0..50)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                save(
                    &db,
                    sam.id,
                    id,
                    1,
                    &planned(&format!("Chair {n}")),
                    "Asha Patel",
                )
                .await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in racing {
        answers.push(task.await.unwrap());
    }
    let landed = answers.iter().filter(|a| a.is_ok()).count();
    let refused = answers
        .iter()
        .filter(|a| matches!(a, Err(CtrSaveError::Conflict(_))))
        .count();
    assert_eq!((landed, refused), (1, 49), "{answers:?}");
    assert_eq!(count(db, "SELECT COUNT(*) FROM ctr_history").await, 2);
    // Fifty new ones under one id: one is kept.
    let fresh = new_id();
    let racing: Vec<_> = (0..50)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                save(
                    &db,
                    sam.id,
                    fresh,
                    0,
                    &planned(&format!("Chair {n}")),
                    "Asha Patel",
                )
                .await
            })
        })
        .collect();
    let mut kept = 0;
    for task in racing {
        kept += usize::from(task.await.unwrap().is_ok());
    }
    assert_eq!(kept, 1);
    assert_eq!(ctrs::of_person(db, sam.id).await.unwrap().len(), 2);
}

async fn a_closed_record_takes_no_ctr(db: &Db) {
    let sam = add_sam(db).await;
    let departure = Departure {
        reason: LeavingReason::MovedArea,
        left_on: date("2026-11-20"),
        decided_by: "Asha Patel".into(),
        why: "Moved away".into(),
        detail: "Another ICB".into(),
    };
    let mut tx = db.begin().await.unwrap();
    let done = Done {
        actor: "Asha Patel",
        at: at(20, 10),
    };
    departures::leave(&mut tx, sam.id, sam.version, &departure, done)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(matches!(
        save(db, sam.id, new_id(), 0, &planned("Ann Lee"), "Asha Patel").await,
        Err(CtrSaveError::Closed)
    ));
    assert_eq!(count(db, "SELECT COUNT(*) FROM ctrs").await, 0);
}
