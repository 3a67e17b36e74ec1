//! Sections of a person's record over HTTP, on both backends: saved by those who may
//! change the record, checked field by field, refused when stale (nothing written), read
//! back with the record, audited, and never heard of on the feed by someone not linked.

use crate::support;

use app::{
    models::{PersonId, Role, SectionKind},
    store::{audit, Db},
};
use reqwest::StatusCode;
use support::{
    post_form_answer,
    record::{fields, first_person, link, saved_section, wide_viewer},
    serve,
    sse::EventReader,
    staff::sign_in,
};

app::on_both_backends!(
    sections_are_saved_by_who_may_change_the_record_and_refused_when_stale,
    an_unlinked_viewer_hears_nothing_of_a_section_save,
    a_repeated_save_is_kept_once_and_the_history_shows_each_change,
);

/// The form body saving the narrative with `current_issues` from `version`.
fn narrative(person: PersonId, version: i64, current_issues: &str) -> String {
    format!(
        "person_id={person}&version={version}&current_issues={}&tried=Respite&would_reduce_risk=&own_view=&family_view=",
        current_issues.replace(' ', "+")
    )
}

/// The saved section `kind` of `person`: its version and who saved it.
async fn saved(db: &Db, person: PersonId, kind: SectionKind) -> Option<(i64, String)> {
    saved_section(db, person, kind)
        .await
        .map(|s| (s.version, s.changed_by))
}

async fn sections_are_saved_by_who_may_change_the_record_and_refused_when_stale(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let (coordinator, base) = (site.client(), &site.base);
    let nurse = sign_in(db, Role::Professional, None).await;
    let save = |client, endpoint, body| post_form_answer(client, base, endpoint, body);

    let (status, body) = save(
        coordinator,
        "save_narrative",
        narrative(person, 0, "School refusal"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = save(
        &nurse.client,
        "save_narrative",
        narrative(person, 1, "Mine"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not linked");
    link(db, person, &nurse.id).await;
    let (status, body) = save(
        &nurse.client,
        "save_narrative",
        narrative(person, 1, "Crisis at home"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let by_nurse = saved(db, person, SectionKind::Narrative).await.unwrap();
    assert_eq!(by_nurse.0, 2);

    // The coordinator's form was loaded at version 1: refused, nothing written.
    let (status, _) = save(coordinator, "save_narrative", narrative(person, 1, "Stale")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        saved(db, person, SectionKind::Narrative).await.unwrap(),
        by_nurse
    );
    // The record read back holds what the nurse saved.
    let (status, body) = save(coordinator, "get_person", format!("id={person}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("Crisis at home") && !body.contains("Stale"),
        "{body}"
    );
    // A demo person joined on a consent record (before, the demo had none).
    let record: serde_json::Value = serde_json::from_str(&body).unwrap();
    let kind = &record["consent"][0]["kind"];
    assert!(kind == "consent" || kind == "best_interests", "{body}");

    // Bad input: a clear error against each field, nothing written.
    let long = "x".repeat(app::models::LONG_TEXT_MAX + 1);
    let (status, body) = save(coordinator, "save_narrative", narrative(person, 2, &long)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["current_issues"]);
    let keyworker = |status: &str, name: &str| {
        format!("person_id={person}&version=0&status={status}&name={name}&agency=")
    };
    let (status, body) = save(coordinator, "save_keyworker", keyworker("", "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["status"]);
    let (status, body) = save(coordinator, "save_keyworker", keyworker("named", "+")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["name", "agency"]);
    assert_eq!(saved(db, person, SectionKind::Keyworker).await, None);
    let (status, body) = save(coordinator, "save_keyworker", keyworker("waiting", "")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let nobody = narrative(PersonId::random(), 0, "x");
    assert_eq!(
        save(coordinator, "save_narrative", nobody).await.0,
        StatusCode::NOT_FOUND
    );
    let backwards = narrative(person, -1, "x");
    assert_eq!(
        save(coordinator, "save_narrative", backwards).await.0,
        StatusCode::BAD_REQUEST
    );

    // Each save audited against the record; refusals wrote nothing.
    let filter = audit::AuditFilter {
        action: Some("section_changed".into()),
        ..Default::default()
    };
    let rows = audit::search(db, &filter, 10).await.unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows
        .iter()
        .all(|r| r.person.as_deref() == Some(person.to_string().as_str())));
}

async fn an_unlinked_viewer_hears_nothing_of_a_section_save(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    // Even with the wider brief view on, a section save is not a change to a brief card.
    let teacher = wide_viewer(db, &site).await;
    let head = app::store::change_log::head(db).await.unwrap();
    let (status, body) = post_form_answer(
        site.client(),
        &site.base,
        "save_narrative",
        narrative(person, 0, "Crisis"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let url = format!("{}/events?after={head}", site.base);
    let mut theirs = EventReader::connect(&teacher.client, &url, None).await;
    assert_eq!(
        theirs.next().await,
        None,
        "nothing for the unlinked teacher"
    );
    let mut coordinators = EventReader::connect(site.client(), &url, None).await;
    let heard = coordinators
        .next()
        .await
        .expect("the coordinator hears of it");
    let change = heard.change();
    assert_eq!(
        (change.kind, change.person),
        (app::models::ChangeKind::SectionChanged, person)
    );
}

async fn a_repeated_save_is_kept_once_and_the_history_shows_each_change(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let (coordinator, base) = (site.client(), &site.base);
    let nurse = sign_in(db, Role::Professional, None).await;
    let post = |client, endpoint, body| post_form_answer(client, base, endpoint, body);
    let audited = || async {
        let filter = audit::AuditFilter {
            action: Some("section_changed".into()),
            ..Default::default()
        };
        audit::search(db, &filter, 50).await.unwrap().len()
    };

    let first = narrative(person, 0, "School refusal");
    let (status, _) = post(coordinator, "save_narrative", first.clone()).await;
    assert_eq!(status, StatusCode::OK);
    // The same save again (its answer was lost): accepted, kept once, audited once.
    let (status, body) = post(coordinator, "save_narrative", first).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        saved(db, person, SectionKind::Narrative).await.unwrap().0,
        1
    );
    assert_eq!(audited().await, 1);
    let (status, _) = post(
        coordinator,
        "save_narrative",
        narrative(person, 1, "Crisis at home"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The history: newest first, each changed field with what it was before.
    let history = format!("person_id={person}");
    let (status, body) = post(coordinator, "record_history", history.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let read: app::people::wire::RecordChanges = serde_json::from_str(&body).unwrap();
    let narratives: Vec<_> = read
        .entries
        .iter()
        .filter(|e| e.what == "Current issues and views")
        .collect();
    assert_eq!(narratives.len(), 2, "{read:?}");
    let issues = |i: usize| {
        narratives[i]
            .fields
            .iter()
            .find(|f| f.label == "Current issues")
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (issues(0).before.as_deref(), issues(0).after.as_str()),
        (Some("School refusal"), "Crisis at home")
    );
    assert_eq!(issues(1).before, None);
    // "Tried" did not change in the second save: not listed again.
    assert!(narratives[0]
        .fields
        .iter()
        .all(|f| f.label != "What has been tried"));
    assert!(read.entries.iter().any(|e| e.what == "Rating"));

    // Not linked: refused; linked: the same history. Every read audited.
    let (status, _) = post(&nurse.client, "record_history", history.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    link(db, person, &nurse.id).await;
    let (status, _) = post(&nurse.client, "record_history", history).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(
        coordinator,
        "record_history",
        format!("person_id={}", PersonId::random()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let filter = audit::AuditFilter {
        action: Some("history_viewed".into()),
        ..Default::default()
    };
    assert_eq!(audit::search(db, &filter, 50).await.unwrap().len(), 2);
}
