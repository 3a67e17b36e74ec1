//! Referrals over HTTP, on both backends: received exactly once per key, every answer
//! checked on the server, robots and floods turned away, professionals' referrals, and
//! triage through to accepting someone onto the register (live on the board).

use crate::support;

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
    the_start_page_and_the_printable_page_are_easy_read,
    the_service_worker_keeps_only_the_form_and_its_files,
    behind_a_trusted_proxy_each_family_has_its_own_limit,
    fifty_parallel_new_referrals_store_no_more_than_the_limit,
    a_hidden_field_flood_is_audited_once_an_hour_and_counts_against_the_limit,
    a_retry_is_answered_even_at_the_limit,
    the_inbox_shows_the_most_urgent_first_then_the_oldest,
    open_referrals_for_the_same_person_are_flagged_to_each_other,
    a_flood_of_look_alike_referrals_names_three_and_counts_the_rest,
    the_server_names_problems_in_plain_words,
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

/// The `<main>` of the page at `path`, after checking it reads as easy read: every
/// sentence 15 words at most, at least `pictures` pictures, each one hidden from screen
/// readers (the text beside it says the same), sized, and a file in `public/pictures/`.
/// Returns the main part and how many sentences it has.
async fn easy_read_main(site: &Site, path: &str, pictures: usize) -> (String, usize) {
    let html = support::text_of(browser(None).get(format!("{}{path}", site.base))).await;
    let main = html[html.find("<main").unwrap()..html.find("</main>").unwrap()].to_owned();
    let mut sentences = 0;
    for text in texts_of(&main, "p")
        .into_iter()
        .chain(texts_of(&main, "li"))
    {
        for sentence in text
            .split(['.', '?', '!'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            sentences += 1;
            let words = sentence.split_whitespace().count();
            assert!(words <= 15, "{path}: {words} words: {sentence}");
        }
    }
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
    let images: Vec<&str> = main
        .split("<img")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap()])
        .collect();
    assert!(
        images.len() >= pictures,
        "{path}: {} pictures",
        images.len()
    );
    for img in images {
        assert!(
            img.contains(r#"alt="""#),
            "{path}: a picture is not hidden: {img}"
        );
        assert!(
            img.contains(r#"width="96""#) && img.contains(r#"height="96""#),
            "{path}: {img}"
        );
        let src = img
            .split(r#"src=""#)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        assert!(src.starts_with("/pictures/"), "{path}: {src}");
        assert!(
            folder.join(&src[1..]).is_file(),
            "{path}: no file for {src}"
        );
    }
    (main, sentences)
}

/// Every heading (`h2`) in `main` is a question.
fn headings_are_questions(main: &str, at_least: usize) {
    let headings = texts_of(main, "h2");
    assert!(headings.len() >= at_least, "{headings:?}");
    for h in &headings {
        assert!(h.ends_with('?'), "headings are questions: {h}");
    }
}

async fn the_home_page_is_easy_read_and_leads_to_the_form(db: &Db) {
    let site = serve(db).await;
    let (main, sentences) = easy_read_main(&site, "/", 15).await;
    headings_are_questions(&main, 6);
    assert!(sentences > 25, "{sentences} sentences");
    for must in [
        "Complete self-referral form",
        "href=\"/refer\"",
        "href=\"/login\"",
        "href=\"/join\"",
        "href=\"/easy-read\"",
        "change your mind at any time",
        "will not change your care",
        "Who will see my information?",
    ] {
        assert!(main.contains(must), "{must}");
    }
}

async fn the_start_page_and_the_printable_page_are_easy_read(db: &Db) {
    let site = serve(db).await;
    let (start, sentences) = easy_read_main(&site, "/refer", 6).await;
    assert!(sentences >= 8, "{sentences} sentences");
    for must in [
        "Start now",
        "NHS 111",
        "What do you need?",
        "It takes about 10 minutes.",
    ] {
        assert!(start.contains(must), "start page: {must}");
    }

    let (page, sentences) = easy_read_main(&site, "/easy-read", 25).await;
    headings_are_questions(&page, 8);
    assert!(sentences > 50, "{sentences} sentences");
    let address = site.base.trim_start_matches("http://");
    for must in [
        "Do I have to join?",
        "change your mind at any time",
        "Who will see my information?",
        "What do the colours mean?",
        "The team will contact you within 5 working days.",
        &format!("{address}/refer"),
        "print option",
    ] {
        assert!(page.contains(must), "easy read: {must}");
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

/// A family's referral with `answers`, received straight into the store at `at`; its id
/// and reference.
async fn received_at(
    db: &Db,
    answers: &ReferralAnswers,
    at: chrono::DateTime<chrono::Utc>,
) -> (String, String) {
    let referral =
        app::models::validate_referral(answers, false, app::models::uk_today(at)).unwrap();
    let mut tx = db.begin().await.unwrap();
    let received = referrals::receive(
        &mut tx,
        &referrals::Incoming {
            key: &key(),
            referral: &referral,
            referrer: None,
            client: "test",
            at,
            limit: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (received.id, received.reference)
}

/// The urgency stored in the column triage sorts on, for the referral `reference`.
async fn urgency_column(db: &Db, reference: &str) -> String {
    let sql = "SELECT urgency FROM referrals WHERE reference = $1";
    match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(sql)
                .bind(reference)
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(sql)
                .bind(reference)
                .fetch_one(pool)
                .await
        }
    }
    .unwrap()
}

/// The coordinator's page at `path`, without the framework's hydration markers.
async fn staff_page(site: &Site, path: &str) -> String {
    support::text_of(site.client().get(format!("{}{path}", site.base)))
        .await
        .replace("<!>", "")
}

/// The open inbox as the coordinator's browser gets it: the JSON lines and the page.
async fn inbox(site: &Site) -> (Vec<serde_json::Value>, String) {
    let (status, lines) = post(site.client(), site, "referral_inbox", "status=").await;
    assert_eq!(status, StatusCode::OK, "{lines}");
    (
        serde_json::from_str(&lines).unwrap(),
        staff_page(site, "/triage").await,
    )
}

async fn the_inbox_shows_the_most_urgent_first_then_the_oldest(db: &Db) {
    use chrono::{TimeDelta, Utc};
    let site = serve(db).await;
    let now = Utc::now();
    let today = app::models::uk_today(now);
    // The working day before today, at noon: "1 working day" ago.
    let day_before = (1..10)
        .map(|n| today - chrono::Days::new(n))
        .find(|d| app::models::working_days_between(*d, today) == 1)
        .unwrap();
    let noon = day_before.and_hms_opt(12, 0, 0).unwrap().and_utc();
    let mut ids = std::collections::HashMap::new();
    for (given, urgency, at) in [
        ("Ada", "not_urgent", now - TimeDelta::days(10)),
        ("Ben", "soon", now - TimeDelta::days(3)),
        ("Cal", "soon", now - TimeDelta::days(8)),
        ("Dee", "urgent", noon),
        ("Eve", "urgent", now - TimeDelta::days(12)),
    ] {
        let answers = ReferralAnswers {
            given_name: given.into(),
            urgency: urgency.into(),
            ..family()
        };
        ids.insert(given, received_at(db, &answers, at).await.0);
    }
    // Sent through the form: the urgency is kept with the answers and in its column.
    let answers = ReferralAnswers {
        given_name: "Fay".into(),
        urgency: "urgent".into(),
        ..family()
    };
    let (status, body) = submit(&browser(None), &site, &key(), &answers, false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reference = body["reference"].as_str().unwrap();
    assert_eq!(urgency_column(db, reference).await, "urgent");
    let (lines, page) = inbox(&site).await;
    let order: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l["name"].as_str().unwrap(), l["urgency"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            ("Eve Brown", "urgent"),
            ("Dee Brown", "urgent"),
            ("Fay Brown", "urgent"),
            ("Cal Brown", "soon"),
            ("Ben Brown", "soon"),
            ("Ada Brown", "not_urgent"),
        ]
    );
    let dee = lines.iter().find(|l| l["name"] == "Dee Brown").unwrap();
    assert_eq!(dee["working_days"], 1);
    // The page: an Urgent tag on each urgent referral, in the NHS responsive table (every
    // value named by its column when the table stacks on a phone), and one working day
    // counted as one.
    assert_eq!(
        page.matches(r#"class="nhsuk-tag nhsuk-tag--red">Urgent</strong>"#)
            .count(),
        3
    );
    assert!(page.contains("most urgent first, then oldest first"));
    assert!(page.contains(r#"class="nhsuk-table-responsive""#));
    assert_eq!(
        page.matches(r#"class="nhsuk-table-responsive__heading">Urgency </span>"#)
            .count(),
        6
    );
    assert!(page.contains("1 working day ago"), "{page}");
    assert!(!page.contains("1 working days"));
    // The referral page shows the urgency: the tag, and the words the family chose.
    let dee = staff_page(&site, &format!("/triage/{}", ids["Dee"])).await;
    assert!(dee.contains(r#"nhsuk-tag--red">Urgent</strong>"#), "{dee}");
    assert!(dee.contains("Urgency: Urgent (help needed in the next few days)."));
    assert!(dee.contains("Things are getting worse quickly: we need help in the next few days"));
    assert!(dee.contains("(1 working day ago)"));
    let ada = staff_page(&site, &format!("/triage/{}", ids["Ada"])).await;
    assert!(!ada.contains(">Urgent</strong>"));
    assert!(ada.contains("It is not urgent: we can wait longer than a few weeks"));
}

async fn open_referrals_for_the_same_person_are_flagged_to_each_other(db: &Db) {
    let site = serve(db).await;
    let public = browser(None);
    let mut sent = Vec::new();
    for (given, family_name, day) in [
        ("Mia", "Brown", "14"),
        // The same name in other letters and spacing, born the same day.
        ("MIA", "bro wn", "14"),
        // The same name, born another day.
        ("Mia", "Brown", "15"),
    ] {
        let answers = ReferralAnswers {
            given_name: given.into(),
            family_name: family_name.into(),
            dob_day: day.into(),
            ..family()
        };
        let (status, body) = submit(&public, &site, &key(), &answers, false).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        sent.push(body["reference"].as_str().unwrap().to_owned());
    }
    let (lines, page) = inbox(&site).await;
    let line = |reference: &str| {
        lines
            .iter()
            .find(|l| l["reference"] == reference)
            .unwrap()
            .clone()
    };
    let (first, second, other) = (line(&sent[0]), line(&sent[1]), line(&sent[2]));
    let flags = |l: &serde_json::Value| -> Vec<String> {
        l["duplicate_referrals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["reference"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(flags(&first), [sent[1].clone()]);
    assert_eq!(flags(&second), [sent[0].clone()]);
    assert!(flags(&other).is_empty(), "born another day");
    for (l, twin) in [(&first, &second), (&second, &first)] {
        let link = format!(
            r#"Possible duplicate of referral <a href="/triage/{}">{}</a>"#,
            twin["id"].as_str().unwrap(),
            twin["reference"].as_str().unwrap()
        );
        assert!(
            page.contains(&link),
            "the inbox flags {}: {page}",
            l["reference"]
        );
        let id = l["id"].as_str().unwrap();
        let (_, opened) = post(site.client(), &site, "open_referral", &format!("id={id}")).await;
        let opened: serde_json::Value = serde_json::from_str(&opened).unwrap();
        assert_eq!(
            opened["summary"]["duplicate_referrals"][0]["id"], twin["id"],
            "the referral flags its twin"
        );
        let shown = staff_page(&site, &format!("/triage/{id}")).await;
        assert!(shown.contains(&link), "{shown}");
        assert!(shown.contains("Another open referral has the same name and date of birth"));
    }
    // A referral closed in triage is no longer flagged, and flags nothing.
    let form = format!(
        "id={}&version=1&step=not_eligible&body=Sent+twice",
        second["id"].as_str().unwrap()
    );
    let (status, body) = post(site.client(), &site, "record_triage", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (lines, page) = inbox(&site).await;
    assert!(lines.iter().all(|l| flags(l).is_empty()), "{lines:?}");
    assert!(!page.contains("Possible duplicate of referral"));
    let (_, closed) = post(
        site.client(),
        &site,
        "referral_inbox",
        "status=not_eligible",
    )
    .await;
    let closed: Vec<serde_json::Value> = serde_json::from_str(&closed).unwrap();
    assert!(flags(&closed[0]).is_empty());
}

async fn a_flood_of_look_alike_referrals_names_three_and_counts_the_rest(db: &Db) {
    let site = serve(db).await;
    for _ in 0..6 {
        support::referral::stored(db).await;
    }
    let (lines, page) = inbox(&site).await;
    assert_eq!(lines.len(), 6);
    for line in &lines {
        assert_eq!(line["duplicate_referrals"].as_array().unwrap().len(), 3);
        assert_eq!(line["more_duplicates"], 2);
    }
    assert_eq!(
        page.matches("Possible duplicate of referral").count(),
        6 * 3
    );
    assert_eq!(page.matches("and 2 more").count(), 6);
    let shown = staff_page(
        &site,
        &format!("/triage/{}", lines[0]["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(shown.matches("Possible duplicate of referral").count(), 3);
    assert!(shown.contains("and 2 more open referrals with the same name and date of birth"));
}

async fn the_server_names_problems_in_plain_words(db: &Db) {
    let site = serve(db).await;
    let public = browser(None);
    for (field, value, message) in [
        (
            "nhs_number",
            "401 023 2138",
            "This is not a real NHS number. Check each digit, or choose 'No' if you do not know it",
        ),
        (
            "nhs_number",
            "401 023 213",
            "Enter the NHS number with 10 digits, like 485 777 3456",
        ),
        (
            "nhs_number",
            "4010 A 2137",
            "Enter the NHS number using numbers only, like 485 777 3456",
        ),
        ("urgency", "", "Select how urgent this is"),
    ] {
        let mut answers = family();
        answers.set(field, value.to_owned());
        let (status, body) = submit(&public, &site, &key(), &answers, false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
        assert_eq!(
            body["Invalid"],
            serde_json::json!([{ "field": field, "message": message }])
        );
    }
    assert!(referrals::list(db, None).await.unwrap().is_empty());
}
