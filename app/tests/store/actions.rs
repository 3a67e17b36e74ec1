//! Actions on a record: added once (a repeated send recognised), updated from the version
//! seen and never overwriting an update made meanwhile, every update kept, each change
//! logged, "my actions" by owner and agency, and 50 updates at once of which one lands.

use app::{
    models::{Action, ActionId, ActionOwner, ActionSource, ActionStatus, ChangeKind, PersonId},
    store::{
        actions::{self, ActionChange, ActionSaveError},
        change_log, Db,
    },
};

use super::common::*;

app::on_both_backends!(
    an_action_is_added_once_and_updated_with_its_history,
    stale_and_foreign_updates_write_nothing,
    my_actions_are_mine_and_my_agencys_open_ones_soonest_first,
    fifty_updates_from_one_version_land_once,
    open_actions_are_kept_on_the_card_and_capped,
);

fn action(what: &str, owner: ActionOwner, due: &str) -> Action {
    Action {
        what: what.into(),
        owner,
        due_on: date(due),
        source: ActionSource::Meeting,
        meeting: None,
    }
}

fn jo() -> ActionOwner {
    ActionOwner::Account {
        id: "u-jo".into(),
        name: "Jo Reid".into(),
        agency: "Community LD team".into(),
    }
}

fn pat() -> ActionOwner {
    ActionOwner::Named {
        name: "Pat Lowe".into(),
        agency: "Community LD team".into(),
    }
}

async fn add(
    db: &Db,
    person: PersonId,
    id: ActionId,
    a: &Action,
) -> Result<app::models::SavedAction, ActionSaveError> {
    let mut tx = db.begin().await?;
    let saved = actions::add(&mut tx, person, id, a, "Asha Patel", at(22, 10)).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn update(
    db: &Db,
    change: ActionChange<'_>,
) -> Result<app::models::SavedAction, ActionSaveError> {
    let mut tx = db.begin().await?;
    let saved = actions::update(&mut tx, &change).await?;
    tx.commit().await?;
    Ok(saved)
}

fn change<'a>(
    person: PersonId,
    id: ActionId,
    from: i64,
    status: ActionStatus,
    note: &'a str,
) -> ActionChange<'a> {
    ActionChange {
        person,
        id,
        from_version: from,
        status,
        due_on: date("2026-12-10"),
        note,
        actor: "Ben Ode",
        at: at(23, 9),
    }
}

fn new_id() -> ActionId {
    ActionId(uuid::Uuid::new_v4())
}

async fn logged(db: &Db) -> usize {
    change_log::changes_after(db, 0, 1000, TODAY)
        .await
        .unwrap()
        .iter()
        .filter(|c| c.kind == ChangeKind::ActionChanged)
        .count()
}

async fn an_action_is_added_once_and_updated_with_its_history(db: &Db) {
    let sam = add_sam(db).await;
    let id = new_id();
    let a = action("Arrange a crisis plan meeting", jo(), "2026-12-10");
    let saved = add(db, sam.id, id, &a).await.unwrap();
    assert_eq!(
        (saved.status, saved.version, saved.due_on),
        (ActionStatus::Open, 1, date("2026-12-10"))
    );
    // Sent again: kept once.
    assert!(matches!(
        add(db, sam.id, id, &a).await,
        Err(ActionSaveError::Repeated(_))
    ));
    let done = update(
        db,
        change(sam.id, id, 1, ActionStatus::Done, "Held on Tuesday"),
    )
    .await
    .unwrap();
    assert_eq!((done.status, done.version), (ActionStatus::Done, 2));
    assert_eq!(done.updates.len(), 1);
    assert_eq!(done.updates[0].note, "Held on Tuesday");
    // The same update sent again: kept once.
    assert!(matches!(
        update(
            db,
            change(sam.id, id, 1, ActionStatus::Done, "Held on Tuesday")
        )
        .await,
        Err(ActionSaveError::Repeated(_))
    ));
    let listed = actions::of_person(db, sam.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].updates.len(), 1);
    assert_eq!(count(db, "SELECT COUNT(*) FROM action_updates").await, 1);
    assert_eq!(logged(db).await, 2);
    // Open ones are listed first.
    let open = new_id();
    add(db, sam.id, open, &action("Visit", pat(), "2026-12-20"))
        .await
        .unwrap();
    let order: Vec<_> = actions::of_person(db, sam.id)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(order, [open, id]);
}

async fn stale_and_foreign_updates_write_nothing(db: &Db) {
    let sam = add_sam(db).await;
    let ria = add_ria(db).await;
    let id = new_id();
    add(db, sam.id, id, &action("Visit", pat(), "2026-12-10"))
        .await
        .unwrap();
    update(db, change(sam.id, id, 1, ActionStatus::Open, "Phoned"))
        .await
        .unwrap();
    let head = change_log::head(db).await.unwrap();
    for (from, note) in [(1, "Other"), (5, "Phoned")] {
        assert!(matches!(
            update(db, change(sam.id, id, from, ActionStatus::Cancelled, note)).await,
            Err(ActionSaveError::Conflict(_))
        ));
    }
    // Through another record, or a new action under a taken id: not found.
    assert!(matches!(
        update(db, change(ria.id, id, 2, ActionStatus::Done, "x")).await,
        Err(ActionSaveError::NotFound)
    ));
    assert!(matches!(
        add(db, ria.id, id, &action("Visit", pat(), "2026-12-10")).await,
        Err(ActionSaveError::NotFound)
    ));
    assert_eq!(change_log::head(db).await.unwrap(), head, "nothing logged");
    assert_eq!(count(db, "SELECT COUNT(*) FROM action_updates").await, 1);
}

async fn my_actions_are_mine_and_my_agencys_open_ones_soonest_first(db: &Db) {
    let sam = add_sam(db).await;
    let ria = add_ria(db).await;
    let (mine, agencys, other, done) = (new_id(), new_id(), new_id(), new_id());
    add(db, sam.id, mine, &action("Mine", jo(), "2026-12-20"))
        .await
        .unwrap();
    add(
        db,
        ria.id,
        agencys,
        &action("The team's", pat(), "2026-12-01"),
    )
    .await
    .unwrap();
    let elsewhere = ActionOwner::Named {
        name: "Kim".into(),
        agency: "School".into(),
    };
    add(
        db,
        sam.id,
        other,
        &action("Not ours", elsewhere, "2026-12-02"),
    )
    .await
    .unwrap();
    add(
        db,
        sam.id,
        done,
        &action("Done already", jo(), "2026-12-03"),
    )
    .await
    .unwrap();
    update(db, change(sam.id, done, 1, ActionStatus::Done, ""))
        .await
        .unwrap();
    let found = actions::open_for(db, "u-jo", Some("Community LD team"))
        .await
        .unwrap();
    let ids: Vec<_> = found.iter().map(|(a, _)| a.id).collect();
    assert_eq!(ids, [agencys, mine], "overdue first, only open ones");
    assert_eq!(
        found[0].1,
        format!("{} {}", ria.given_name, ria.family_name)
    );
    let alone = actions::open_for(db, "u-jo", None).await.unwrap();
    assert_eq!(alone.iter().map(|(a, _)| a.id).collect::<Vec<_>>(), [mine]);
    // An empty agency name matches no one's.
    assert!(actions::open_for(db, "u-nobody", Some(""))
        .await
        .unwrap()
        .is_empty());
}

async fn fifty_updates_from_one_version_land_once(db: &Db) {
    let sam = add_sam(db).await;
    let id = new_id();
    add(db, sam.id, id, &action("Visit", pat(), "2026-12-10"))
        .await
        .unwrap();
    let racing: Vec<_> = (0..50)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                let note = format!("Note {n}");
                update(&db, change(sam.id, id, 1, ActionStatus::Open, &note)).await
            })
        })
        .collect();
    let mut landed = 0;
    for task in racing {
        landed += usize::from(task.await.unwrap().is_ok());
    }
    assert_eq!(landed, 1);
    assert_eq!(count(db, "SELECT COUNT(*) FROM action_updates").await, 1);
}

async fn open_actions_are_kept_on_the_card_and_capped(db: &Db) {
    use app::store::people;
    let sam = add_sam(db).await;
    let dues = async || {
        people::get(db, sam.id)
            .await
            .unwrap()
            .unwrap()
            .open_action_dues
    };
    let late = new_id();
    add(db, sam.id, new_id(), &action("Visit", pat(), "2026-12-10"))
        .await
        .unwrap();
    add(db, sam.id, late, &action("Phone", pat(), "2026-11-20"))
        .await
        .unwrap();
    assert_eq!(dues().await, [date("2026-11-20"), date("2026-12-10")]);
    let counts = people::get(db, sam.id)
        .await
        .unwrap()
        .unwrap()
        .card(TODAY)
        .detail
        .actions;
    assert_eq!((counts.open, counts.overdue), (2, 1));
    update(db, change(sam.id, late, 1, ActionStatus::Done, "Phoned"))
        .await
        .unwrap();
    assert_eq!(dues().await, [date("2026-12-10")]);
    // Up to the cap, and no further; the one refused leaves nothing behind.
    for _ in 1..actions::MAX_OPEN_ACTIONS {
        add(db, sam.id, new_id(), &action("Visit", pat(), "2026-12-11"))
            .await
            .unwrap();
    }
    let over = new_id();
    assert!(matches!(
        add(db, sam.id, over, &action("One more", pat(), "2026-12-12")).await,
        Err(ActionSaveError::TooMany)
    ));
    assert!(actions::get(db, over).await.unwrap().is_none());
    assert_eq!(dues().await.len(), actions::MAX_OPEN_ACTIONS);
    // Nor by reopening one that was done.
    assert!(matches!(
        update(db, change(sam.id, late, 2, ActionStatus::Open, "Reopened")).await,
        Err(ActionSaveError::TooMany)
    ));
    assert_eq!(dues().await.len(), actions::MAX_OPEN_ACTIONS);
    let done = actions::get(db, late).await.unwrap().unwrap().0;
    assert_eq!((done.status, done.version), (ActionStatus::Done, 2));
}
