//! Whether someone is on the register, over HTTP on both backends: consent checks,
//! leaving (every open board drops the card) and reopening with new consent, each checked
//! field by field, allowed only to who may, refused when stale, and audited.

use crate::support;

use app::{
    models::{ChangeKind, ConsentStanding, PersonId, Role},
    store::{audit, people, Db},
};
use chrono::Datelike;
use reqwest::StatusCode;
use support::{
    post_form_answer,
    record::{consents_held, fields, first_person, link},
    serve,
    sse::EventReader,
    staff::sign_in,
    text_of, today_fields,
};

app::on_both_backends!(
    consent_checks_are_recorded_by_who_may_change_the_record,
    withdrawal_takes_the_person_off_every_board_and_only_new_consent_brings_them_back,
    closed_records_are_for_coordinators_and_searched_by_three_characters,
    a_review_outcome_keeps_or_changes_the_rating_from_the_version_shown,
);

/// Today's date as the form's day, month and year fields named `prefix`.
/// The form body of a consent given today by `given_by`, from `version` and a form that
/// showed `seen` consent records.
fn consent(person: PersonId, version: i64, seen: usize, given_by: &str) -> String {
    format!(
        "person_id={person}&version={version}&consents_seen={seen}&consent_kind=consent&given_by={}&method=At+a+visit&{}&reason=",
        given_by.replace(' ', "+"),
        today_fields("decided")
    )
}

/// The form body taking `person` off the register today for `reason`, from `version`.
fn leaving(person: PersonId, version: i64, reason: &str) -> String {
    format!(
        "person_id={person}&version={version}&reason={reason}&{}&decided_by=Their+mother&why=Settled&detail=By+phone",
        today_fields("left")
    )
}

async fn person(db: &Db, id: PersonId) -> app::models::Person {
    people::get(db, id).await.unwrap().unwrap()
}

async fn audited(db: &Db, action: &str) -> usize {
    let filter = audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    audit::search(db, &filter, 50).await.unwrap().len()
}

async fn consent_checks_are_recorded_by_who_may_change_the_record(db: &Db) {
    let id = first_person(db).await;
    let site = serve(db).await;
    let coordinator = site.client();
    let nurse = sign_in(db, Role::Professional, None).await;
    let post = |client, endpoint, body| post_form_answer(client, &site.base, endpoint, body);
    let v = person(db, id).await.version;
    let seen = consents_held(db, id).await;

    let (status, _) = post(
        &nurse.client,
        "record_consent",
        consent(id, v, seen, "Sam Carter"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not linked");
    link(db, id, &nurse.id).await;
    let (status, body) = post(
        &nurse.client,
        "record_consent",
        consent(id, v, seen, "Sam Carter"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let now = person(db, id).await;
    let today = app::models::uk_today(chrono::Utc::now());
    assert!(now.consent_due > Some(today), "{now:?}");
    assert!(matches!(
        now.card(today).detail.consent,
        ConsentStanding::Current(_) | ConsentStanding::Due(_)
    ));
    // Sent twice (a double click, a replayed form): kept once, audited once.
    let (status, _) = post(
        &nurse.client,
        "record_consent",
        consent(id, v, seen, "Sam Carter"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut tx = db.begin().await.unwrap();
    let kept = app::store::consents::of_person(&mut tx, id).await.unwrap();
    drop(tx);
    assert_eq!(
        kept.iter().filter(|c| c.given_by == "Sam Carter").count(),
        1
    );
    assert_eq!(audited(db, "consent_recorded").await, 1);
    // Another check from a form drawn before that one was added is refused, not stacked.
    let (status, body) = post(coordinator, "record_consent", consent(id, v, seen, "Ola")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(consents_held(db, id).await, seen + 1);

    // Bad input: an error against each field, nothing written.
    let bad = format!(
        "person_id={id}&version={v}&consents_seen={}&consent_kind=best_interests&given_by=&method=GP&decided_day=31&decided_month=2&decided_year=2026&reason=",
        seen + 1
    );
    let (status, body) = post(coordinator, "record_consent", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["given_by", "decided_day", "reason"]);
    let tomorrow = today + chrono::Days::new(1);
    let future = format!(
        "person_id={id}&version={v}&consents_seen={}&consent_kind=consent&given_by=Sam&method=GP&decided_day={}&decided_month={}&decided_year={}&reason=",
        seen + 1,
        tomorrow.day(),
        tomorrow.month(),
        tomorrow.year()
    );
    let (status, body) = post(coordinator, "record_consent", future).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["decided_day"]);
    let (status, _) = post(
        coordinator,
        "record_consent",
        consent(PersonId::random(), 1, 0, "Nobody"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(audited(db, "consent_recorded").await, 1);
}

async fn withdrawal_takes_the_person_off_every_board_and_only_new_consent_brings_them_back(
    db: &Db,
) {
    let id = first_person(db).await;
    let site = serve(db).await;
    let coordinator = site.client();
    let nurse = sign_in(db, Role::Professional, None).await;
    link(db, id, &nurse.id).await;
    let post = |client, endpoint, body| post_form_answer(client, &site.base, endpoint, body);
    let v = person(db, id).await.version;

    // A linked professional may record a withdrawal, but not close for other reasons.
    let (status, body) = post(
        &nurse.client,
        "leave_register",
        leaving(id, v, "risk_reduced"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["reason"]);
    let (status, body) = post(coordinator, "leave_register", leaving(id, v, "moved_area")).await;
    assert_eq!(status, StatusCode::OK, "a coordinator may: {body}");
    // That closed it: reopen first (by the coordinator) to test the withdrawal.
    let closed = person(db, id).await;
    assert!(closed.left_on.is_some());
    let (status, _) = post(
        &nurse.client,
        "record_consent",
        consent(id, closed.version, consents_held(db, id).await, "Ola"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the LDA team reopens");
    let (status, body) = post(
        coordinator,
        "record_consent",
        consent(id, closed.version, consents_held(db, id).await, "Ola"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let open = person(db, id).await;
    assert_eq!(open.left_on, None);

    let head = app::store::change_log::head(db).await.unwrap();
    let url = format!("{}/events?after={head}", site.base);
    let mut board = EventReader::connect(coordinator, &url, None).await;
    // A stale form is refused, and so is a withdrawal with nothing said of how.
    let (status, _) = post(
        &nurse.client,
        "leave_register",
        leaving(id, v, "consent_withdrawn"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let untold = format!(
        "person_id={id}&version={}&reason=consent_withdrawn&{}&decided_by=Their+mother&why=",
        open.version,
        today_fields("left")
    );
    let (status, body) = post(&nurse.client, "leave_register", untold).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["detail"]);
    let (status, body) = post(
        &nurse.client,
        "leave_register",
        leaving(id, open.version, "consent_withdrawn"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let heard = board.next().await.expect("the board hears of it").change();
    assert_eq!(
        (heard.kind, heard.person, heard.to),
        (ChangeKind::PersonLeft, id, None)
    );
    assert!(heard.card.left_on.is_some());
    // The board no longer counts them; the record is still there, closed.
    let (status, body) = post(
        coordinator,
        "get_board",
        "query[q]=&query[page]=1&query[overdue]=false".into(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains(&id.to_string()), "off the board");
    let (status, body) = post(coordinator, "get_person", format!("id={id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("consent_withdrawn"), "{body}");
    // Nothing changes a closed record but reopening.
    let closed = person(db, id).await;
    let (status, body) = post(
        coordinator,
        "change_rating",
        format!(
            "person_id={id}&version={}&rating=red&rationale=Crisis",
            closed.version
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("RecordClosed"), "{body}");
    let (status, _) = post(
        coordinator,
        "save_narrative",
        format!("person_id={id}&version=0&current_issues=x&tried=&would_reduce_risk=&own_view=&family_view="),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(audited(db, "left_register").await, 2);
    assert_eq!(audited(db, "record_reopened").await, 1);
}

async fn closed_records_are_for_coordinators_and_searched_by_three_characters(db: &Db) {
    let id = first_person(db).await;
    let site = serve(db).await;
    let coordinator = site.client();
    let nurse = sign_in(db, Role::Professional, None).await;
    link(db, id, &nurse.id).await;
    let post = |client, endpoint, body| post_form_answer(client, &site.base, endpoint, body);
    let p = person(db, id).await;
    let (status, _) = post(
        coordinator,
        "leave_register",
        leaving(id, p.version, "died"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(&nurse.client, "closed_records", "q=".into()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = post(coordinator, "closed_records", "q=".into()).await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<app::models::ClosedRecord> = serde_json::from_str(&body).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    let (status, body) = post(coordinator, "closed_records", "q=ab".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["q"]);
    let family = p.family_name.to_lowercase();
    let (status, body) = post(coordinator, "closed_records", format!("q={family}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&id.to_string()), "{body}");
    // Without JavaScript the search is posted to the page, never put in its address.
    let page = |q: &str| {
        text_of(
            coordinator
                .post(format!("{}/register/closed", site.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("q={q}")),
        )
    };
    let found = page(&family).await;
    assert!(found.contains(&format!("href=\"/people/{id}\"")), "{found}");
    let none = page("zzzzz").await;
    assert!(
        none.contains("No closed records match") && !none.contains(&format!("/people/{id}\"")),
        "{none}"
    );
    // Each read is audited, a search by a keyed hash and never its text.
    let filter = audit::AuditFilter {
        action: Some("closed_records_viewed".into()),
        ..Default::default()
    };
    let rows = audit::search(db, &filter, 10).await.unwrap();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows
        .iter()
        .all(|r| !r.detail.to_lowercase().contains(&family)));
}

async fn a_review_outcome_keeps_or_changes_the_rating_from_the_version_shown(db: &Db) {
    let id = first_person(db).await;
    let site = serve(db).await;
    let coordinator = site.client();
    let teacher = sign_in(db, Role::Professional, None).await;
    let post = |client, endpoint, body| post_form_answer(client, &site.base, endpoint, body);
    let before = person(db, id).await;
    let review = |version: i64, rating: &str| {
        format!(
            "person_id={id}&version={version}&{}&attendees=LDA+team%2C+their+mother&rating={rating}&rationale=Reviewed+at+the+DSR+meeting&notes=&next_day=&next_month=&next_year=&next_reason=",
            today_fields("held")
        )
    };
    let keep = before.rating.code();
    let (status, _) = post(
        &teacher.client,
        "record_review",
        review(before.version, keep),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not linked");
    let empty = format!(
        "person_id={id}&version={}&held_day=&held_month=&held_year=&attendees=&rationale=",
        before.version
    );
    let (status, body) = post(coordinator, "record_review", empty).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&body),
        ["held_day", "attendees", "rating", "rationale"]
    );
    let (status, body) = post(coordinator, "record_review", review(before.version, keep)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kept = person(db, id).await;
    assert_eq!(kept.rating, before.rating);
    assert_eq!(kept.version, before.version + 1);
    let today = app::models::uk_today(chrono::Utc::now());
    let usual = app::models::ReviewIntervals::default().due(kept.rating, today);
    assert_eq!(kept.review_due, usual);
    // A second review made from the page as it was is refused; nothing changes.
    let (status, _) = post(coordinator, "record_review", review(before.version, "red")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(person(db, id).await, kept);
    let (status, body) = post(coordinator, "get_person", format!("id={id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Reviewed at the DSR meeting"), "{body}");
    assert_eq!(audited(db, "review_recorded").await, 1);
}
