//! Referrals over HTTP, on both backends: received exactly once per key, every answer
//! checked on the server, robots and floods turned away, professionals' referrals, and
//! triage through to accepting someone onto the register (live on the board).

mod support;

use app::{
    models::{ChangeKind, ReferralAnswers, ReferralStatus, Role},
    store::{audit, consents, links, people, referrals, Db},
};
use reqwest::{header, StatusCode};
use support::{
    referral::{family, professional, submission},
    serve,
    sse::EventReader,
    staff::{browser, sign_in},
    Site,
};

/// Sends a referral as a browser would; the status and the JSON answer.
async fn submit(
    client: &reqwest::Client,
    site: &Site,
    key: &str,
    answers: &ReferralAnswers,
    professional: bool,
) -> (StatusCode, serde_json::Value) {
    send(client, site, submission(key, answers, professional, "")).await
}

/// Sends a new family referral with the hidden field filled in, as a robot would.
async fn trap(client: &reqwest::Client, site: &Site) -> StatusCode {
    let body = submission(&key(), &family(), false, "http://spam.example");
    send(client, site, body).await.0
}

/// Posts `body` (JSON) to `submit_referral`; the status and the JSON answer.
async fn send(
    client: &reqwest::Client,
    site: &Site,
    body: String,
) -> (StatusCode, serde_json::Value) {
    let response = client
        .post(format!("{}/api/submit_referral", site.base))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

/// A new idempotency key.
fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// How many rows `action` has in the audit trail.
async fn audited(db: &Db, action: &str) -> usize {
    let filter = audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    audit::search(db, &filter, 1000).await.unwrap().len()
}

app::on_both_backends!(
    the_same_key_makes_one_referral_however_often_it_is_sent,
    a_key_reused_with_different_answers_is_refused,
    every_answer_is_checked_on_the_server_and_nothing_half_written,
    robots_floods_and_forged_keys_are_turned_away,
    professional_referrals_need_a_signed_in_professional,
    triage_records_contacts_notes_and_outcomes,
    accepting_needs_consent_or_best_interests_and_shows_the_person_live,
    the_home_page_is_easy_read_and_leads_to_the_form,
    the_service_worker_keeps_only_the_form_and_its_files,
    behind_a_trusted_proxy_each_family_has_its_own_limit,
    fifty_parallel_new_referrals_store_no_more_than_the_limit,
    a_hidden_field_flood_is_audited_once_an_hour_and_counts_against_the_limit,
    a_retry_is_answered_even_at_the_limit,
);

/// The text of every `tag` element in `html` (tags inside stripped).
fn texts_of(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(body_start) = after.find('>') else {
            break;
        };
        let Some(end) = after.find(&close) else { break };
        let mut text = String::new();
        let mut in_tag = false;
        for c in after[body_start + 1..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        rest = &after[end + close.len()..];
    }
    out
}

async fn the_home_page_is_easy_read_and_leads_to_the_form(db: &Db) {
    let site = serve(db).await;
    let html = support::text_of(browser(None).get(format!("{}/", site.base))).await;
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let headings = texts_of(main, "h2");
    assert!(headings.len() >= 6, "{headings:?}");
    for h in &headings {
        assert!(h.ends_with('?'), "headings are questions: {h}");
    }
    let mut sentences = 0;
    for text in texts_of(main, "p").into_iter().chain(texts_of(main, "li")) {
        for sentence in text
            .split(['.', '?', '!'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            sentences += 1;
            let words = sentence.split_whitespace().count();
            assert!(words <= 15, "{words} words: {sentence}");
        }
    }
    assert!(sentences > 25, "{sentences} sentences");
    for must in [
        "Complete self-referral form",
        "href=\"/refer\"",
        "href=\"/login\"",
        "href=\"/join\"",
        "change your mind at any time",
        "will not change your care",
        "Who will see my information?",
    ] {
        assert!(main.contains(must), "{must}");
    }
}

async fn the_service_worker_keeps_only_the_form_and_its_files(db: &Db) {
    let site = serve(db).await;
    let response = browser(None)
        .get(format!("{}/refer-sw.js", site.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; connect-src 'self'"
    );
    let script = response.text().await.unwrap();
    assert!(
        !script.contains("__ASSETS__") && !script.contains("__VERSION__"),
        "filled in"
    );
    assert!(script.contains(r#"const FORM = "/refer";"#));
    assert!(script.contains(r#""/nhsuk/nhsuk-frontend.min.css""#));
    assert!(
        script.contains(r#"credentials: "omit""#),
        "the kept form is fetched without cookies"
    );
    assert!(
        script.contains(r#"if (request.method !== "GET") return;"#),
        "never a server function"
    );
}

async fn the_same_key_makes_one_referral_however_often_it_is_sent(db: &Db) {
    let site = serve(db).await;
    let public = browser(None);
    let key = key();
    let mut references = Vec::new();
    for _ in 0..5 {
        let (status, body) = submit(&public, &site, &key, &family(), false).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["contact_days"], 5);
        references.push(body["reference"].as_str().unwrap().to_owned());
    }
    // Five more at once, as two tabs coming back online might.
    let answers = family();
    let sends = (0..5).map(|_| submit(&public, &site, &key, &answers, false));
    for (status, body) in futures::future::join_all(sends).await {
        assert_eq!(status, StatusCode::OK, "{body}");
        references.push(body["reference"].as_str().unwrap().to_owned());
    }
    references.dedup();
    assert_eq!(references.len(), 1, "one reference: {references:?}");
    assert!(references[0].starts_with("R-") && references[0].len() == 11);
    let all = referrals::list(db, None).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].status, ReferralStatus::New);
    assert_eq!(all[0].referral.given_name, "Mia");
    assert_eq!(audited(db, "referral_received").await, 1);
}

async fn a_key_reused_with_different_answers_is_refused(db: &Db) {
    let site = serve(db).await;
    let public = browser(None);
    let key = key();
    assert_eq!(
        submit(&public, &site, &key, &family(), false).await.0,
        StatusCode::OK
    );
    let changed = ReferralAnswers {
        given_name: "Someone Else".into(),
        ..family()
    };
    let (status, body) = submit(&public, &site, &key, &changed, false).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.to_string().contains("KeyReused"), "{body}");
    let all = referrals::list(db, None).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].referral.given_name, "Mia", "the first answers stand");
}

async fn every_answer_is_checked_on_the_server_and_nothing_half_written(db: &Db) {
    let site = serve(db).await;
    let public = browser(None);
    let next_year = (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(366))
        .format("%Y")
        .to_string();
    let cases: &[(&str, String, &str)] = &[
        ("dob_year", next_year, "dob_day"),
        ("nhs_number", "401 023 2138".into(), "nhs_number"),
        ("whats_happening", "x".repeat(2001), "whats_happening"),
        ("given_name", "  ".into(), "given_name"),
        ("email", "jo@".into(), "email"),
        ("consent", "no".into(), "consent"),
        ("for_whom", "the neighbour".into(), "for_whom"),
    ];
    for (field, value, named) in cases {
        let mut answers = family();
        answers.set(field, value.clone());
        let (status, body) = submit(&public, &site, &key(), &answers, false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
        let fields: Vec<&str> = body["Invalid"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, [*named], "{field}");
    }
    assert!(
        referrals::list(db, None).await.unwrap().is_empty(),
        "nothing stored"
    );
    // Markup is kept as text, to be shown as text.
    let answers = ReferralAnswers {
        whats_happening: "<script>alert('x')</script> & <b>help</b>".into(),
        ..family()
    };
    assert_eq!(
        submit(&public, &site, &key(), &answers, false).await.0,
        StatusCode::OK
    );
    let stored = referrals::list(db, None).await.unwrap();
    assert_eq!(
        stored[0].referral.whats_happening,
        "<script>alert('x')</script> & <b>help</b>"
    );
}

async fn robots_floods_and_forged_keys_are_turned_away(db: &Db) {
    let site = serve(db).await;
    let public = browser(None);
    // The hidden field people never see.
    assert_eq!(trap(&public, &site).await, StatusCode::BAD_REQUEST);
    assert_eq!(audited(db, "referral_refused").await, 1);
    // A key that is not a UUID.
    assert_eq!(
        submit(&public, &site, "1; drop table referrals", &family(), false)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    assert!(referrals::list(db, None).await.unwrap().is_empty());
    // Ten new referrals or hidden-field hits an hour from one address (the hit above was
    // one), then no more; a retry still answers.
    let first = key();
    for n in 0..9 {
        let k = if n == 0 { first.clone() } else { key() };
        assert_eq!(
            submit(&public, &site, &k, &family(), false).await.0,
            StatusCode::OK,
            "referral {n}"
        );
    }
    assert_eq!(
        submit(&public, &site, &key(), &family(), false).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        submit(&public, &site, &first, &family(), false).await.0,
        StatusCode::OK,
        "a retry is not a new referral"
    );
    assert_eq!(referrals::list(db, None).await.unwrap().len(), 9);
    // Too big a body.
    let huge = ReferralAnswers {
        others_involved: "x".repeat(100_000),
        ..family()
    };
    assert_eq!(
        submit(&public, &site, &key(), &huge, false).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

async fn professional_referrals_need_a_signed_in_professional(db: &Db) {
    let site = serve(db).await;
    let (status, _) = submit(&browser(None), &site, &key(), &professional(), true).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let nurse = sign_in(db, Role::Professional, None).await;
    let (status, body) = submit(&nurse.client, &site, &key(), &family(), true).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a professional answers more: {body}"
    );
    // A draft written under another account is not sent under this one.
    let teacher = sign_in(db, Role::Professional, None).await;
    let written_by = |writer: &str| {
        let mut body: serde_json::Value =
            serde_json::from_str(&submission(&key(), &professional(), true, "")).unwrap();
        body["written_by"] = writer.into();
        body.to_string()
    };
    let (status, body) = send(&nurse.client, &site, written_by(&teacher.id)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(referrals::list(db, None).await.unwrap().is_empty());
    let (status, body) = send(&nurse.client, &site, written_by(&nurse.id)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let stored = &referrals::list(db, None).await.unwrap()[0];
    assert_eq!(stored.referrer_id.as_deref(), Some(nurse.id.as_str()));
    assert_eq!(
        stored
            .referral
            .professional
            .as_ref()
            .unwrap()
            .suggested_rating
            .code(),
        "red"
    );
    // The same key and answers from another account is no retry: refused, and the first
    // account's reference is not handed over.
    let body = submission(&key(), &professional(), true, "");
    let (status, first) = send(&nurse.client, &site, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, answer) = send(&teacher.client, &site, body).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(!answer
        .to_string()
        .contains(first["reference"].as_str().unwrap()));
}

/// Posts a form to a server function with `client`; the status and the body.
async fn post(
    client: &reqwest::Client,
    site: &Site,
    endpoint: &str,
    form: &str,
) -> (StatusCode, String) {
    support::post_form_answer(client, &site.base, endpoint, form.to_owned()).await
}

async fn triage_records_contacts_notes_and_outcomes(db: &Db) {
    let site = serve(db).await;
    let id = support::referral::stored(db).await;
    let (status, inbox) = post(site.client(), &site, "referral_inbox", "status=").await;
    assert_eq!(status, StatusCode::OK);
    let inbox: serde_json::Value = serde_json::from_str(&inbox).unwrap();
    assert_eq!(inbox[0]["id"], id.as_str());
    assert_eq!(inbox[0]["working_days"], 0);
    assert_eq!(inbox[0]["overdue"], false);
    let (status, _) = post(site.client(), &site, "open_referral", &format!("id={id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(audited(db, "referral_viewed").await, 1);

    let step = |version: i64, step: &str, body: &str| {
        format!("id={id}&version={version}&step={step}&body={body}")
    };
    // Version seen, step, words, expected answer, and why.
    let steps = [
        (
            1,
            "contact",
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
            "a contact needs words",
        ),
        (1, "contact", "Phoned+Jo", StatusCode::OK, "a contact"),
        (
            1,
            "note",
            "Stale",
            StatusCode::CONFLICT,
            "made from an old version",
        ),
        (
            2,
            "more_information",
            "Need+GP+letter",
            StatusCode::OK,
            "more information",
        ),
        (
            3,
            "not_eligible",
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
            "a reason is needed",
        ),
        (
            3,
            "not_eligible",
            "Out+of+area",
            StatusCode::OK,
            "not eligible",
        ),
        (4, "note", "After", StatusCode::CONFLICT, "closed"),
    ];
    for (version, kind, words, expected, why) in steps {
        let (status, body) = post(
            site.client(),
            &site,
            "record_triage",
            &step(version, kind, words),
        )
        .await;
        assert_eq!(status, expected, "{why}: {body}");
    }
    let events = referrals::events(db, &id).await.unwrap();
    let kinds: Vec<(&str, Option<ReferralStatus>)> =
        events.iter().map(|e| (e.kind.as_str(), e.status)).collect();
    assert_eq!(
        kinds,
        [
            ("contact", None),
            ("status", Some(ReferralStatus::MoreInformation)),
            ("status", Some(ReferralStatus::NotEligible))
        ]
    );
    assert_eq!(events[2].body, "Out of area");
    let closed = referrals::get(db, &id).await.unwrap().unwrap();
    assert_eq!(closed.status, ReferralStatus::NotEligible);
    assert!(closed.contacted);
    // Closed referrals leave the open inbox but show under their status.
    let (_, open) = post(site.client(), &site, "referral_inbox", "status=").await;
    assert_eq!(open, "[]");
    let (_, not_eligible) = post(
        site.client(),
        &site,
        "referral_inbox",
        "status=not_eligible",
    )
    .await;
    assert!(not_eligible.contains(&id));
    assert_eq!(audited(db, "referral_status").await, 2);
}

async fn accepting_needs_consent_or_best_interests_and_shows_the_person_live(db: &Db) {
    let site = serve(db).await;
    let nurse = sign_in(db, Role::Professional, None).await;
    assert_eq!(
        submit(&nurse.client, &site, &key(), &professional(), true)
            .await
            .0,
        StatusCode::OK
    );
    let id = referrals::list(db, None).await.unwrap()[0].id.clone();
    let mut board =
        EventReader::connect(site.client(), &format!("{}/events", site.base), None).await;
    let accept = |kind: &str, reason: &str| {
        format!(
            "id={id}&version=1&nhs_number=4010232137&rating=red&rationale=Crisis+at+school&area=North\
             &consent_kind={kind}&given_by=Jo+Brown&method=In+writing&decided_day=1&decided_month=12&decided_year=2026&reason={reason}"
        )
    };
    let before = people::count(db).await.unwrap();
    for (form, field) in [
        (accept("", ""), "consent_kind"),
        (accept("best_interests", ""), "reason"),
    ] {
        let (status, body) = post(site.client(), &site, "accept_referral", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains(field), "{body}");
    }
    assert_eq!(
        people::count(db).await.unwrap(),
        before,
        "nobody added without consent"
    );
    let (status, body) = post(
        site.client(),
        &site,
        "accept_referral",
        &accept("consent", ""),
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let accepted = referrals::get(db, &id).await.unwrap().unwrap();
    assert_eq!(accepted.status, ReferralStatus::Accepted);
    let person = accepted.person.expect("linked to the new record");
    let record = people::get(db, person).await.unwrap().unwrap();
    assert_eq!(
        (record.given_name.as_str(), record.rating.code()),
        ("Mia", "red")
    );
    let mut tx = db.begin_read().await.unwrap();
    let consent = consents::of_person(&mut tx, person).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(consent.len(), 1);
    assert_eq!(consent[0].given_by, "Jo Brown");
    assert!(
        links::is_linked(db, &nurse.id, None, person).await.unwrap(),
        "the referrer is linked"
    );
    let change = board
        .next()
        .await
        .expect("the board hears of the new person")
        .change();
    assert_eq!(
        (change.person, change.kind),
        (person, ChangeKind::PersonAdded)
    );
    // A second referral for the same child is flagged, and cannot be added again.
    let public = browser(None);
    assert_eq!(
        submit(&public, &site, &key(), &family(), false).await.0,
        StatusCode::OK
    );
    let second = referrals::list(db, Some(ReferralStatus::New))
        .await
        .unwrap()[0]
        .id
        .clone();
    let (_, opened) = post(
        site.client(),
        &site,
        "open_referral",
        &format!("id={second}"),
    )
    .await;
    let opened: serde_json::Value = serde_json::from_str(&opened).unwrap();
    assert_eq!(opened["possible_duplicates"][0]["matched_on"], "NHS number");
    let again = accept("consent", "").replace(&id, &second);
    let (status, body) = post(site.client(), &site, "accept_referral", &again).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("nhs_number"));
    assert_eq!(
        referrals::get(db, &second).await.unwrap().unwrap().status,
        ReferralStatus::New,
        "nothing half-written"
    );
}

async fn behind_a_trusted_proxy_each_family_has_its_own_limit(db: &Db) {
    let settings = app::state::Settings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        referrals_per_hour: 2,
        ..Default::default()
    };
    let site = support::serve_with(db, settings).await;
    let from = |address: &str| {
        let mut headers = header::HeaderMap::new();
        headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
        // A client's own claim on the left is passed over; the balancer's entry counts.
        headers.insert(
            "x-forwarded-for",
            format!("192.0.2.1, {address}").parse().unwrap(),
        );
        reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap()
    };
    let first = from("198.51.100.7");
    for _ in 0..2 {
        assert_eq!(
            submit(&first, &site, &key(), &family(), false).await.0,
            StatusCode::OK
        );
    }
    assert_eq!(
        submit(&first, &site, &key(), &family(), false).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        submit(&from("198.51.100.8"), &site, &key(), &family(), false)
            .await
            .0,
        StatusCode::OK,
        "another family behind the same balancer"
    );
    let filter = audit::AuditFilter {
        action: Some("referral_received".into()),
        ..Default::default()
    };
    let clients: Vec<String> = audit::search(db, &filter, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.client)
        .collect();
    assert_eq!(clients, ["198.51.100.8", "198.51.100.7", "198.51.100.7"]);
}

/// How many of `statuses` are `status`.
fn how_many(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// The hidden-field tally for `client`: hits per clock hour, oldest first.
async fn trap_tally(db: &Db, client: &str) -> Vec<i64> {
    let sql = "SELECT hits FROM referral_trap_hits WHERE client = $1 ORDER BY hour";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(client).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(client).fetch_all(pool).await,
    }
    .unwrap()
}

async fn fifty_parallel_new_referrals_store_no_more_than_the_limit(db: &Db) {
    let site = serve(db).await;
    let public = browser(None);
    let answers = family();
    let keys: Vec<String> = (0..50).map(|_| key()).collect();
    let sends = keys
        .iter()
        .map(|k| submit(&public, &site, k, &answers, false));
    let statuses: Vec<StatusCode> = futures::future::join_all(sends)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    let limit = site.state.settings.referrals_per_hour as usize;
    assert_eq!(how_many(&statuses, StatusCode::OK), limit, "{statuses:?}");
    assert_eq!(
        how_many(&statuses, StatusCode::TOO_MANY_REQUESTS),
        50 - limit,
        "{statuses:?}"
    );
    assert_eq!(referrals::list(db, None).await.unwrap().len(), limit);
    assert_eq!(audited(db, "referral_received").await, limit);
}

async fn a_hidden_field_flood_is_audited_once_an_hour_and_counts_against_the_limit(db: &Db) {
    let settings = app::state::Settings {
        referrals_per_hour: 40,
        ..Default::default()
    };
    let site = support::serve_with(db, settings).await;
    let robot = browser(None);
    let mut statuses = Vec::new();
    for _ in 0..30 {
        statuses.push(trap(&robot, &site).await);
    }
    statuses.extend(futures::future::join_all((0..20).map(|_| trap(&robot, &site))).await);
    let counted = how_many(&statuses, StatusCode::BAD_REQUEST);
    assert_eq!(
        counted + how_many(&statuses, StatusCode::TOO_MANY_REQUESTS),
        50,
        "{statuses:?}"
    );
    let tally = trap_tally(db, "127.0.0.1").await;
    assert_eq!(
        tally.iter().sum::<i64>(),
        counted as i64,
        "every hit let through is in the tally"
    );
    let filter = audit::AuditFilter {
        action: Some("referral_refused".into()),
        ..Default::default()
    };
    let rows = audit::search(db, &filter, 1000).await.unwrap();
    assert_eq!(rows.len(), tally.len(), "one audit row per client and hour");
    assert!(
        rows[0].detail.starts_with("hidden field filled in"),
        "{}",
        rows[0].detail
    );
    assert!(rows[0].detail.contains("counted"), "{}", rows[0].detail);
    assert!(referrals::list(db, None).await.unwrap().is_empty());
    // The flood almost always falls within one clock hour; if it straddled two, each
    // hour was counted (and audited) on its own and the totals below do not apply.
    if tally.len() == 1 {
        assert_eq!((counted, tally[0]), (40, 40), "{statuses:?}");
        assert_eq!(
            submit(&robot, &site, &key(), &family(), false).await.0,
            StatusCode::TOO_MANY_REQUESTS,
            "a real referral from the same client is refused too"
        );
        assert_eq!(
            trap_tally(db, "127.0.0.1").await,
            [40],
            "nothing more written"
        );
        assert_eq!(audit::search(db, &filter, 1000).await.unwrap().len(), 1);
    }
}

async fn a_retry_is_answered_even_at_the_limit(db: &Db) {
    let settings = app::state::Settings {
        referrals_per_hour: 3,
        ..Default::default()
    };
    let site = support::serve_with(db, settings).await;
    let public = browser(None);
    let sent = key();
    let (status, body) = submit(&public, &site, &sent, &family(), false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reference = body["reference"].clone();
    assert_eq!(trap(&public, &site).await, StatusCode::BAD_REQUEST);
    assert_eq!(trap(&public, &site).await, StatusCode::BAD_REQUEST);
    assert_eq!(
        trap(&public, &site).await,
        StatusCode::TOO_MANY_REQUESTS,
        "at the limit"
    );
    assert_eq!(
        submit(&public, &site, &key(), &family(), false).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let answers = family();
    let retries = (0..5).map(|_| submit(&public, &site, &sent, &answers, false));
    for (status, body) in futures::future::join_all(retries).await {
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["reference"], reference);
    }
    assert_eq!(referrals::list(db, None).await.unwrap().len(), 1);
}
