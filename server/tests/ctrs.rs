//! C(E)TRs over HTTP, on both backends: planned, consented and held by who may change the
//! record, each form's bad answers refused beside their fields, a stale save refused, a
//! save sent twice kept once, every change audited, and the record page showing the
//! review and what the policy asks for.

use crate::support;

use app::{
    models::Role,
    store::{audit, ctrs, Db},
};
use reqwest::StatusCode;
use support::{
    post_form_answer,
    record::{fields, first_person, section_version},
    serve,
    staff::sign_in,
    text_of, today_fields,
};

app::on_both_backends!(
    a_ctr_is_planned_consented_and_held_by_who_may_change_the_record,
    the_demo_register_has_every_kind_of_due_item,
    a_root_cause_review_counts_for_the_admission_it_looked_into,
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

/// The root-cause item of `person`'s record as the policy clock has it now.
async fn root_cause_item(db: &Db, person: app::models::PersonId) -> Option<app::models::DueItem> {
    let today = app::models::uk_today(chrono::Utc::now());
    let mut tx = db.begin_read().await.unwrap();
    let record =
        app::people::get_person::read_record(&mut tx, person, today, 0, Default::default())
            .await
            .unwrap();
    tx.commit().await.unwrap();
    app::people::ctrs::due_items(&record)
        .into_iter()
        .find(|i| i.rule == app::models::Rule::RootCauseReview)
}

async fn a_root_cause_review_counts_for_the_admission_it_looked_into(db: &Db) {
    use app::models::{DueStatus, SectionKind};
    use chrono::Datelike;
    let id = first_person(db).await;
    let site = serve(db).await;
    let coordinator = site.client();
    let post = |endpoint, body| post_form_answer(coordinator, &site.base, endpoint, body);
    let today = app::models::uk_today(chrono::Utc::now());
    let days_ago = |prefix: &str, n: u64| {
        let d = today - chrono::Days::new(n);
        format!(
            "{prefix}_day={}&{prefix}_month={}&{prefix}_year={}",
            d.day(),
            d.month(),
            d.year()
        )
    };
    let home = async |setting: &str, admitted: String| {
        let version = section_version(db, id, SectionKind::Home).await;
        let body = format!(
            "person_id={id}&version={version}&setting={setting}&unit=Cedar+Ward&provider=Northshire+NHS+Trust&ward=specialist_ld&security=non_secure&placement=in_area&{admitted}&mha=informal&mha_other="
        );
        let (status, body) = post("save_home", body).await;
        assert!(status.is_success(), "{status} {body}");
    };
    let review = async |done: String, notes: &str| {
        let version = section_version(db, id, SectionKind::RootCause).await;
        post(
            "save_root_cause",
            format!("person_id={id}&version={version}&{done}&notes={notes}"),
        )
        .await
    };
    // At home: no admission to review.
    home("family_home", String::new()).await;
    let (status, body) = review(today_fields("done"), "Looked+into").await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["done_day".to_owned()]
        )
    );
    // Admitted 20 days ago with no community C(E)TR: the review is asked for.
    home("inpatient_unit", days_ago("admitted", 20)).await;
    let item = root_cause_item(db, id).await.expect("asked for");
    assert!(item.status.is_open(), "{item:?}");
    let page = text_of(coordinator.get(format!("{}/people/{id}", site.base))).await;
    assert!(page.contains("Record the root-cause review"), "{page}");
    // Done before the admission, notes missing or too long: refused beside the field.
    for (done, notes, field) in [
        (days_ago("done", 21), "Looked+into", "done_day"),
        (today_fields("done"), "", "notes"),
        (today_fields("done"), &"n".repeat(2001), "notes"),
    ] {
        let (status, body) = review(done, notes).await;
        assert_eq!(
            (status, fields(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec![field.to_owned()])
        );
    }
    assert_eq!(
        section_version(db, id, SectionKind::RootCause).await,
        0,
        "nothing written"
    );
    let (status, body) = review(days_ago("done", 2), "Not+known+to+the+register").await;
    assert!(status.is_success(), "{status} {body}");
    let item = root_cause_item(db, id).await.expect("still shown");
    assert_eq!(
        (item.status, item.done_on),
        (DueStatus::Met, Some(today - chrono::Days::new(2)))
    );
    let page = text_of(coordinator.get(format!("{}/people/{id}", site.base))).await;
    assert!(
        page.contains("Not known to the register") && page.contains("Change the root-cause review"),
        "{page}"
    );
    // Home, then admitted again: that review was of the earlier admission.
    home("family_home", String::new()).await;
    home("inpatient_unit", days_ago("admitted", 1)).await;
    let item = root_cause_item(db, id).await.expect("asked for again");
    assert!(item.status.is_open() && item.done_on.is_none(), "{item:?}");
}
