//! What the audit trail must hold, on both backends: every look at register records
//! (the record's team, the triage inbox, the possible duplicates a referral shows), the
//! referrer's link made at acceptance, and failed sign-ins without the typed text.

use crate::support;

use app::{auth::lockout::UNKNOWN_EMAIL, models::Role, store::Db};
use reqwest::StatusCode;
use support::{
    post_form_answer, serve,
    signing_in::{account, call, login},
    staff::sign_in,
    Site,
};

app::on_both_backends!(
    triage_and_team_views_and_the_referrer_link_are_audited,
    failed_sign_ins_never_record_the_typed_text,
    out_of_range_dates_in_the_audit_filter_are_refused,
);

/// Every audit row as (actor, action, person, detail), oldest first.
async fn audit_rows(db: &Db) -> Vec<(String, String, Option<String>, String)> {
    let sql = "SELECT actor, action, person_id, detail FROM audit_log ORDER BY id";
    match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .unwrap()
}

/// Posts `form` to `endpoint` as the site's coordinator; expects success.
async fn as_coordinator(site: &Site, endpoint: &str, form: &str) -> String {
    let (status, body) =
        post_form_answer(site.client(), &site.base, endpoint, form.to_owned()).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{endpoint}: {status} {body}"
    );
    body
}

async fn triage_and_team_views_and_the_referrer_link_are_audited(db: &Db) {
    let site = serve(db).await;
    let coordinator = site.staff.email.clone();
    let nurse = sign_in(db, Role::Professional, None).await;
    let first = support::referral::stored_from(db, Some(&nurse.id)).await;
    as_coordinator(&site, "referral_inbox", "status=").await;
    let accept = format!(
        "id={first}&version=1&nhs_number=4010232137&rating=red&rationale=Crisis+at+school\
         &area=North&consent_kind=consent&given_by=Jo+Brown&method=In+writing&decided_day=1\
         &decided_month=12&decided_year=2026&reason="
    );
    // A consent date far in the past is refused with a message (never a database error).
    let (status, body) = post_form_answer(
        site.client(),
        &site.base,
        "accept_referral",
        accept.replace("decided_year=2026", "decided_year=-5000"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("decided_year"), "{body}");
    as_coordinator(&site, "accept_referral", &accept).await;
    let person = app::store::referrals::get(db, &first)
        .await
        .unwrap()
        .unwrap()
        .person
        .unwrap()
        .to_string();
    // The same child referred again: opening it shows the record as a possible duplicate.
    let second = support::referral::stored(db).await;
    let opened = as_coordinator(&site, "open_referral", &format!("id={second}")).await;
    assert!(opened.contains(&person), "{opened}");
    as_coordinator(&site, "record_team", &format!("person_id={person}")).await;

    let rows = audit_rows(db).await;
    let by_coordinator = |action: &str| {
        rows.iter()
            .filter(|r| r.0 == coordinator && r.1 == action)
            .map(|r| (r.2.clone(), r.3.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by_coordinator("referral_inbox_viewed"),
        [(None, "status: open".to_owned())]
    );
    assert_eq!(
        by_coordinator("link_added"),
        [(
            Some(person.clone()),
            format!("professional {}", nurse.email)
        )],
        "the referrer's link made at acceptance"
    );
    let reference = app::store::referrals::get(db, &second)
        .await
        .unwrap()
        .unwrap()
        .reference;
    assert_eq!(
        by_coordinator("possible_duplicate_shown"),
        [(Some(person.clone()), reference)]
    );
    assert_eq!(
        by_coordinator("record_team_viewed"),
        [(Some(person), String::new())]
    );
}

async fn failed_sign_ins_never_record_the_typed_text(db: &Db) {
    let site = serve(db).await;
    account(db, "dev.rao@nhs.example", Role::Professional).await;
    // A password typed into the email field, then a known email with a wrong password.
    let typed = "Velvet-Otters-99";
    assert_eq!(
        login(&site, typed, "whatever", None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    login(&site, "dev.rao@nhs.example", "not the password", None).await;
    let reset = format!("email={typed}&code=abcde-fghjk-mnpqr&new_password=x");
    call(&site, "reset_password", &reset, None).await;
    // Five tries in all; the sixth is refused.
    for _ in 0..4 {
        login(&site, typed, "whatever", None).await;
    }

    let rows = audit_rows(db).await;
    let leaked: Vec<_> = rows
        .iter()
        .filter(|r| {
            let typed = typed.to_lowercase();
            r.0.to_lowercase().contains(&typed) || r.3.to_lowercase().contains(&typed)
        })
        .collect();
    assert!(
        leaked.is_empty(),
        "typed text in the audit trail: {leaked:?}"
    );
    let unknown: Vec<_> = rows
        .iter()
        .filter(|r| r.0.starts_with(UNKNOWN_EMAIL))
        .map(|r| r.1.as_str())
        .collect();
    assert_eq!(
        unknown,
        [
            "login_failed",
            "password_reset_failed",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_refused"
        ],
        "{rows:?}"
    );
    let actors: std::collections::HashSet<_> = rows
        .iter()
        .filter(|r| r.0.starts_with(UNKNOWN_EMAIL))
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(actors.len(), 1, "one text, one hash: tries can be matched");
    assert!(
        rows.iter()
            .any(|r| r.0 == "dev.rao@nhs.example" && r.1 == "login_failed"),
        "a known account's email is kept"
    );
}

async fn out_of_range_dates_in_the_audit_filter_are_refused(db: &Db) {
    let site = serve(db).await;
    let admin = sign_in(db, Role::Admin, None).await;
    for (field, date) in [
        ("to", "%2B262142-12-31"),
        ("to", "262142-12-31"),
        ("from", "-262143-01-01"),
        ("to", "10000-01-01"),
    ] {
        let form = format!("{field}={date}");
        let (status, body) = post_form_answer(&admin.client, &site.base, "audit_trail", form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{date}: {body}");
        assert!(body.contains(field), "{body}");
    }
    let (status, _) = post_form_answer(
        &admin.client,
        &site.base,
        "audit_trail",
        "from=2026-11-24&to=9999-12-31".into(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
