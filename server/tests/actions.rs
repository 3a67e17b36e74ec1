//! Actions over HTTP, on both backends: added by who may change the record, owned by an
//! active account that may see the record or by a named person, updated from the version
//! seen, and "My actions" for their owner while they may see the record (after that, only
//! how many), audited.

use crate::support;

use app::{
    models::Role,
    store::{actions, audit, Db},
};
use reqwest::StatusCode;
use support::{
    post_form_answer,
    record::{fields, first_person, link},
    serve,
    staff::sign_in,
    today_fields,
};

app::on_both_backends!(actions_are_added_updated_and_listed_for_their_owner);

async fn audited(db: &Db, action: &str) -> usize {
    let filter = audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    audit::search(db, &filter, 50).await.unwrap().len()
}

async fn actions_are_added_updated_and_listed_for_their_owner(db: &Db) {
    let id = first_person(db).await;
    let site = serve(db).await;
    let coordinator = site.client();
    let teacher = sign_in(db, Role::Professional, None).await;
    let post = |client, endpoint, body| post_form_answer(client, &site.base, endpoint, body);
    let action = uuid::Uuid::new_v4();
    let add = |owner: &str| {
        format!("person_id={id}&action_id={action}&what=Arrange+a+crisis+plan+meeting&{owner}&{}&source=review", today_fields("due"))
    };
    let to_teacher = format!("owner_kind=account&owner_account={}", teacher.id);
    let (status, _) = post(&teacher.client, "add_action", add(&to_teacher)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not linked");
    // Not an active account: refused beside the field.
    let (status, body) = post(
        coordinator,
        "add_action",
        add("owner_kind=account&owner_account=someone-else"),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["owner_account".to_owned()]
        )
    );
    // The teacher may not see the record, so may not own an action on it: it would show
    // her the person.
    let (status, body) = post(coordinator, "add_action", add(&to_teacher)).await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["owner_account".to_owned()]
        )
    );
    let (_, owners) = post(coordinator, "action_owners", format!("person_id={id}")).await;
    assert!(!owners.contains(&teacher.id), "{owners}");
    link(db, id, &teacher.id).await;
    let (_, owners) = post(coordinator, "action_owners", format!("person_id={id}")).await;
    assert!(owners.contains(&teacher.id), "{owners}");
    let (status, body) = post(
        coordinator,
        "add_action",
        add("owner_kind=named&owner_name=&owner_agency="),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["owner_name".to_owned(), "owner_agency".to_owned()]
        )
    );
    for _ in 0..2 {
        let (status, body) = post(coordinator, "add_action", add(&to_teacher)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(
        actions::of_person(db, id).await.unwrap().len(),
        1,
        "kept once"
    );
    assert_eq!(audited(db, "action_added").await, 1);
    // Its owner lists it; the read is audited.
    let (status, body) = post(&teacher.client, "my_actions", String::new()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Arrange a crisis plan meeting") && body.contains(&id.to_string()),
        "{body}"
    );
    assert_eq!(audited(db, "actions_viewed").await, 1);
    let (_, body) = post(coordinator, "my_actions", String::new()).await;
    assert!(
        !body.contains("Arrange a crisis plan"),
        "not the coordinator's: {body}"
    );
    // Unlinked, she is told only how many of hers she can no longer see.
    {
        use app::store::links::{self, LinkTarget};
        let mut tx = db.begin().await.unwrap();
        links::unlink(&mut tx, id, LinkTarget::Professional(&teacher.id))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let (_, body) = post(&teacher.client, "my_actions", String::new()).await;
    assert!(
        !body.contains("Arrange a crisis plan") && !body.contains(&id.to_string()),
        "{body}"
    );
    assert!(body.contains("\"out_of_sight\":1"), "{body}");
    link(db, id, &teacher.id).await;
    // Updates: a cancellation needs its reason; one from an old version is refused.
    let update = |version: i64, status: &str, note: &str| {
        format!("person_id={id}&action_id={action}&version={version}&status={status}&note={note}")
    };
    let (status, body) = post(coordinator, "update_action", update(1, "cancelled", "")).await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["note".to_owned()])
    );
    let (status, body) = post(
        coordinator,
        "update_action",
        update(1, "done", "Held+on+Tuesday"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = post(
        coordinator,
        "update_action",
        update(1, "cancelled", "Not+needed"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, body) = post(&teacher.client, "my_actions", String::new()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !body.contains("Arrange a crisis plan"),
        "done: no longer open: {body}"
    );
    let kept = actions::get(db, app::models::ActionId(action))
        .await
        .unwrap()
        .unwrap()
        .0;
    assert_eq!(
        (kept.status.code(), kept.version, kept.updates.len()),
        ("done", 2, 1)
    );
    assert_eq!(audited(db, "action_updated").await, 1);
}
