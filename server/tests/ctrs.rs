//! C(E)TRs over HTTP, on both backends: planned, consented and held by who may change the
//! record, each form's bad answers refused beside their fields, a stale save refused, a
//! save sent twice kept once, every change audited, and the record page showing the
//! review and what the policy asks for.

mod support;

use app::{
    models::Role,
    store::{audit, ctrs, Db},
};
use reqwest::StatusCode;
use support::{
    post_form_answer,
    record::{fields, first_person},
    serve,
    staff::sign_in,
    text_of, today_fields,
};

app::on_both_backends!(
    a_ctr_is_planned_consented_and_held_by_who_may_change_the_record,
    the_demo_register_has_every_kind_of_due_item,
);

async fn audited(db: &Db, action: &str) -> usize {
    let filter = audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    audit::search(db, &filter, 50).await.unwrap().len()
}

async fn a_ctr_is_planned_consented_and_held_by_who_may_change_the_record(db: &Db) {
    let id = first_person(db).await;
    let site = serve(db).await;
    let coordinator = site.client();
    let teacher = sign_in(db, Role::Professional, None).await;
    let post = |client, endpoint, body| post_form_answer(client, &site.base, endpoint, body);
    let ctr = uuid::Uuid::new_v4();
    let plan = |version: i64, chair: &str, extra: &str| {
        format!("person_id={id}&ctr_id={ctr}&version={version}&kind=community&chair_name={chair}&chair_role=ICB+commissioner{extra}")
    };
    let (status, _) = post(&teacher.client, "save_ctr_plan", plan(0, "Ann+Lee", "")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not linked");
    // Bad answers, each beside its field; nothing is written.
    let (status, body) = post(
        coordinator,
        "save_ctr_plan",
        format!("person_id={id}&ctr_id={ctr}&version=0&kind=tea"),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["kind".to_owned()])
    );
    let next_year = app::models::uk_today(chrono::Utc::now())
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        + 1;
    let future_papers = format!("&papers_day=1&papers_month=1&papers_year={next_year}");
    let (status, body) = post(
        coordinator,
        "save_ctr_plan",
        plan(0, "Ann+Lee", &future_papers),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["papers_day".to_owned()]
        )
    );
    // Planned; the same form sent again (its answer lost) is kept once.
    for _ in 0..2 {
        let (status, body) = post(coordinator, "save_ctr_plan", plan(0, "Ann+Lee", "")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(ctrs::of_person(db, id).await.unwrap().len(), 1);
    assert_eq!(audited(db, "ctr_planned").await, 1);
    // Held needs consent first.
    let outcome = |version: i64, held: &str| {
        format!("person_id={id}&ctr_id={ctr}&version={version}&{held}&outcome=admission_avoided&outcome_other=&summary=Crisis+plan+agreed")
    };
    let (status, body) = post(
        coordinator,
        "save_ctr_outcome",
        outcome(1, &today_fields("held")),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["held_day".to_owned()]
        )
    );
    let consent = |basis: &str, reason: &str| {
        format!("person_id={id}&ctr_id={ctr}&version=1&basis={basis}&given_by=Sam+Carter&{}&child_view=&reason={reason}", today_fields("decided"))
    };
    let (status, body) = post(
        coordinator,
        "save_ctr_consent",
        consent("best_interests", ""),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["reason".to_owned()])
    );
    let (status, body) = post(coordinator, "save_ctr_consent", consent("own", "")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Held in the future is refused; today is fine.
    let future = format!("held_day=1&held_month=1&held_year={next_year}");
    let (status, body) = post(coordinator, "save_ctr_outcome", outcome(2, &future)).await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["held_day".to_owned()]
        )
    );
    let (status, body) = post(
        coordinator,
        "save_ctr_outcome",
        outcome(2, &today_fields("held")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A change made from the plan as it was before is refused, and changes nothing.
    let (status, _) = post(coordinator, "save_ctr_plan", plan(1, "Ben+Ode", "")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, saved) = ctrs::get(db, app::models::CtrId(ctr))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.version, 3);
    assert_eq!(saved.ctr.plan.chair.name, "Ann Lee");
    assert!(saved.ctr.consent.is_some() && saved.ctr.held.is_some());
    // Another person's review cannot be reached through this record.
    let other = app::store::people::first_by_name(db, 2).await.unwrap()[1];
    let (status, _) = post(
        coordinator,
        "save_ctr_consent",
        format!(
            "person_id={other}&ctr_id={ctr}&version=3&basis=own&given_by=X&{}",
            today_fields("decided")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        (
            audited(db, "ctr_consent_recorded").await,
            audited(db, "ctr_held").await
        ),
        (1, 1)
    );
    // The record shows the review and what the policy asks for.
    let page = text_of(coordinator.get(format!("{}/people/{id}", site.base))).await;
    for shown in [
        "What the policy asks for",
        "Community C(E)TR, held",
        "Crisis plan agreed",
        "Ann Lee, ICB commissioner",
        "Record consent",
    ] {
        assert!(
            page.contains(shown) != (shown == "Record consent"),
            "{shown}: {page}"
        );
    }
}

async fn the_demo_register_has_every_kind_of_due_item(db: &Db) {
    use app::models::{DueStatus, Rule};
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 200, 7, today, &Default::default())
        .await
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    for id in app::store::people::first_by_name(db, 200).await.unwrap() {
        let mut tx = db.begin_read().await.unwrap();
        let record =
            app::people::get_person::read_record(&mut tx, id, today, 0, Default::default())
                .await
                .unwrap();
        tx.commit().await.unwrap();
        for item in app::people::ctrs::due_items(&record) {
            seen.insert((item.rule, item.status));
        }
    }
    for wanted in [
        (Rule::CommunityCtr, DueStatus::Met),
        (Rule::CommunityCtr, DueStatus::Overdue),
        (Rule::CommunityCtr, DueStatus::Planned),
        (Rule::PostAdmissionCtr, DueStatus::Met),
        (Rule::PostAdmissionCtr, DueStatus::MetLate),
        (Rule::RootCauseReview, DueStatus::Overdue),
        (Rule::FollowUpCtr, DueStatus::Due),
    ] {
        assert!(seen.contains(&wanted), "{wanted:?} not in {seen:?}");
    }
}
