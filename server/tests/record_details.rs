//! The record's details, diagnosis, where they live, family and carers and risk factors
//! over HTTP, on both backends: saved by those who may change the record (the NHS number
//! by coordinators only), checked field by field, refused when stale (nothing written),
//! written to the people row so a new name reaches open boards live, and audited.

use crate::support;

use app::{
    models::{ChangeKind, Diagnosis, FeedEntry, PersonId, Role, SectionKind, Setting},
    store::{audit, change_log, people, Db},
};
use reqwest::StatusCode;
use support::{
    post_form_answer,
    record::{fields, first_person, link, saved_section, wide_viewer},
    serve,
    sse::EventReader,
    staff::{browser, sign_in},
    text_of,
};

app::on_both_backends!(
    details_diagnosis_and_home_are_saved_by_who_may_change_the_record,
    contacts_are_added_changed_and_removed_one_at_a_time,
    risk_factors_post_as_a_plain_form_and_are_checked,
    a_new_name_reaches_open_boards_and_a_section_only_change_does_not,
);

/// The details form for `person` from `version`, with `given_name` and `extra` fields.
async fn details(db: &Db, person: PersonId, version: i64, given_name: &str, extra: &str) -> String {
    let p = people::get(db, person).await.unwrap().unwrap();
    let born = p.date_of_birth;
    use chrono::Datelike;
    format!(
        "person_id={person}&version={version}&given_name={given_name}&family_name={}&dob_day={}&dob_month={}&dob_year={}&area={}&gender=&ethnicity=&first_language=&gp_practice={extra}",
        p.family_name,
        born.day(),
        born.month(),
        born.year(),
        p.area,
    )
}

/// `person`'s section `kind`: its version (0 when never saved).
async fn version(db: &Db, person: PersonId, kind: SectionKind) -> i64 {
    saved_section(db, person, kind)
        .await
        .map_or(0, |s| s.version)
}

async fn details_diagnosis_and_home_are_saved_by_who_may_change_the_record(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let (coordinator, base) = (site.client(), &site.base);
    let nurse = sign_in(db, Role::Professional, None).await;
    let save = |client, endpoint, body| post_form_answer(client, base, endpoint, body);
    let before = people::get(db, person).await.unwrap().unwrap();
    // The demo may have saved the sections already.
    let v = version(db, person, SectionKind::Details).await;

    let (status, _) = save(
        &nurse.client,
        "save_details",
        details(db, person, v, "Alex", "").await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not linked");
    link(db, person, &nurse.id).await;
    let (status, body) = save(
        &nurse.client,
        "save_details",
        details(db, person, v, "Alex", "").await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let row = people::get(db, person).await.unwrap().unwrap();
    assert_eq!(
        (row.given_name.as_str(), row.version),
        ("Alex", before.version + 1)
    );

    // The page offers the NHS number to change only to coordinators.
    let page =
        |client: &reqwest::Client| text_of(client.get(format!("{base}/people/{person}/details")));
    let theirs = page(&nurse.client).await;
    assert!(
        theirs.contains("Only the LDA team can change the NHS number"),
        "{theirs}"
    );
    assert!(!theirs.contains("name=\"nhs_number\""));
    let ours = page(coordinator).await;
    assert!(
        ours.contains("name=\"nhs_number\"") && ours.contains("Alex"),
        "{ours}"
    );
    // A new NHS number from a professional: refused and audited, nothing written.
    let new_number = "&nhs_number=943+476+5919";
    let form = details(db, person, v + 1, "Alex", "").await + new_number;
    let (status, _) = save(&nurse.client, "save_details", form.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(people::get(db, person).await.unwrap().unwrap(), row);
    let denied = audit::AuditFilter {
        action: Some("access_denied".into()),
        ..Default::default()
    };
    let rows = audit::search(db, &denied, 10).await.unwrap();
    assert!(
        rows.iter().any(|r| r.detail == "change_nhs_number"
            && r.person.as_deref() == Some(person.to_string().as_str())),
        "{rows:?}"
    );
    // From a coordinator: checked (the check digit, another record's number), then taken.
    let (status, body) = save(
        coordinator,
        "save_details",
        details(db, person, v + 1, "Alex", "").await + "&nhs_number=943+476+5918",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["nhs_number"]);
    let other = people::first_by_name(db, 2).await.unwrap()[1];
    let taken = people::get(db, other).await.unwrap().unwrap().nhs_number;
    let (status, body) = save(
        coordinator,
        "save_details",
        details(db, person, v + 1, "Alex", "").await + &format!("&nhs_number={}", taken.digits()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["nhs_number"]);
    let (status, body) = save(coordinator, "save_details", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let row = people::get(db, person).await.unwrap().unwrap();
    assert_eq!(row.nhs_number.digits(), "9434765919");

    // Bad input, field by field; a stale form; nobody.
    let born_tomorrow = details(db, person, v + 2, "", "")
        .await
        .replace("dob_year=", "dob_year=3");
    let (status, body) = save(coordinator, "save_details", born_tomorrow).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["given_name", "dob_day"]);
    let (status, _) = save(
        coordinator,
        "save_details",
        details(db, person, v + 1, "Stale", "").await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(people::get(db, person).await.unwrap().unwrap(), row);
    let nobody = details(db, person, v + 2, "Alex", "")
        .await
        .replace(&person.to_string(), &PersonId::random().to_string());
    assert_eq!(
        save(coordinator, "save_details", nobody).await.0,
        StatusCode::NOT_FOUND
    );

    // The diagnosis is the people row's.
    let diagnosis = |code: &str, v: i64| {
        format!("person_id={person}&version={v}&diagnosis={code}&other_conditions=Epilepsy")
    };
    let v = version(db, person, SectionKind::Diagnosis).await;
    let (status, body) = save(coordinator, "save_diagnosis", diagnosis("adhd", v)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["diagnosis"]);
    let (status, body) = save(&nurse.client, "save_diagnosis", diagnosis("both", v)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        people::get(db, person).await.unwrap().unwrap().diagnosis,
        Diagnosis::Both
    );
    assert_eq!(
        save(coordinator, "save_diagnosis", diagnosis("autism", v))
            .await
            .0,
        StatusCode::CONFLICT
    );

    // Where they live: an inpatient needs every hospital answer.
    let home = |v: i64, stay: &str| {
        format!("person_id={person}&version={v}&setting=inpatient_unit&since_day=&since_month=&since_year={stay}")
    };
    let v = version(db, person, SectionKind::Home).await;
    let (status, body) = save(coordinator, "save_home", home(v, "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let asked = "unit provider ward security placement admitted_day mha";
    assert_eq!(fields(&body).join(" "), asked);
    let today = app::models::uk_today(chrono::Utc::now());
    let stay = format!(
        "&unit=Cedar+Ward&provider=Northshire+NHS+Trust&ward=specialist_ld&security=low&placement=out_of_area&admitted_day={}&admitted_month={}&admitted_year={}&mha=other&mha_other=Section+35",
        chrono::Datelike::day(&today),
        chrono::Datelike::month(&today),
        chrono::Datelike::year(&today),
    );
    let (status, body) = save(coordinator, "save_home", home(v, &stay)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        people::get(db, person).await.unwrap().unwrap().setting,
        Setting::InpatientUnit
    );
    let (status, body) = save(coordinator, "get_person", format!("id={person}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Section 35") && body.contains("out_of_area"),
        "{body}"
    );

    // Each save audited against the record.
    let filter = audit::AuditFilter {
        action: Some("section_changed".into()),
        ..Default::default()
    };
    let rows = audit::search(db, &filter, 10).await.unwrap();
    assert_eq!(rows.len(), 4, "{rows:?}");
}

async fn contacts_are_added_changed_and_removed_one_at_a_time(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let (coordinator, base) = (site.client(), &site.base);
    let save = |endpoint, body| post_form_answer(coordinator, base, endpoint, body);
    let contact = |v: i64, which: &str, name: &str, email: &str| {
        format!("person_id={person}&version={v}{which}&name={name}&relationship=Mother&phone=07700+900+982&email={email}&prefers=text&parental_responsibility=yes")
    };
    let remove = |v: i64, id: &str| format!("person_id={person}&version={v}&contact={id}");
    // Start from an empty list: the demo may have added some.
    let names = || async {
        match saved_section(db, person, SectionKind::Contacts).await {
            Some(s) => match s.body {
                app::models::SectionBody::Contacts(c) => (s.version, c.contacts),
                other => panic!("{other:?}"),
            },
            None => (0, Vec::new()),
        }
    };
    let (mut v, mut listed) = names().await;
    while !listed.is_empty() {
        let first = listed[0].id.clone();
        assert_eq!(
            save("remove_contact", remove(v, &first)).await.0,
            StatusCode::OK
        );
        (v, listed) = names().await;
    }
    // Each contact added gets an id of their own: the version of the list that added them.
    let (grace, tom) = (format!("c{}", v + 1), format!("c{}", v + 2));
    assert_eq!(
        save("save_contact", contact(v, "", "Grace", "")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        save("save_contact", contact(v + 1, "", "Tom", "")).await.0,
        StatusCode::OK
    );
    let change_tom = contact(v + 2, &format!("&contact={tom}"), "Tom+Okafor", "");
    let (status, body) = save("save_contact", change_tom.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The same change sent again (its answer lost) is answered as done and kept once.
    assert_eq!(save("save_contact", change_tom).await.0, StatusCode::OK);
    assert_eq!(names().await.0, v + 3);
    assert_eq!(
        save(
            "save_contact",
            contact(v + 3, "&contact=c999", "Nobody", "")
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = save("save_contact", contact(v + 3, "", "+", "grace%40")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["name", "email"]);
    // Removing from the list as it was before the last change: refused.
    assert_eq!(
        save("remove_contact", remove(v + 2, &grace)).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        save("remove_contact", remove(v + 3, "c999")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        save("remove_contact", remove(v + 3, &grace)).await.0,
        StatusCode::OK
    );
    let (now, listed) = names().await;
    assert_eq!(now, v + 4);
    let named: Vec<(&str, &str)> = listed
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(named, [(tom.as_str(), "Tom Okafor")], "Tom keeps his id");
    assert!(listed[0].parental_responsibility);
    let unlinked = sign_in(db, Role::Professional, None).await;
    let (status, _) = post_form_answer(
        &unlinked.client,
        base,
        "save_contact",
        contact(v + 4, "", "Jo", ""),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The record shows them, each with its own change and remove links.
    let page =
        text_of(browser(Some(&site.staff.cookie)).get(format!("{base}/people/{person}"))).await;
    assert!(page.contains("Tom Okafor"), "{page}");
    assert!(page.contains(&format!("/people/{person}/contacts/{tom}/remove")));
    assert!(page.contains(&format!("/people/{person}/contacts/new")));
}

async fn risk_factors_post_as_a_plain_form_and_are_checked(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let today = app::models::uk_today(chrono::Utc::now());
    use chrono::Datelike;
    let (d, m, y) = (today.day(), today.month(), today.year());
    // As a browser posts it without JavaScript: bracketed names, percent-encoded.
    let form = |v: i64, year: i32| {
        format!(
            "person_id={person}&version={v}&risks%5Btransition%5D=yes&risks%5Btransition_note%5D=Leaves+school+in+July&risks%5Btransition_day%5D={d}&risks%5Btransition_month%5D={m}&risks%5Btransition_year%5D={year}&risks%5Bother_note%5D=&risks%5Bother_day%5D="
        )
    };
    let v = version(db, person, SectionKind::RiskFactors).await;
    let posted = browser(Some(&site.staff.cookie))
        .post(format!("{}/api/save_risks", site.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}/people/{person}/risks", site.base))
        .body(form(v, y))
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_redirection(), "{}", posted.status());
    let back = posted.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.ends_with(&format!("/people/{person}")), "{back}");
    let saved = saved_section(db, person, SectionKind::RiskFactors)
        .await
        .unwrap();
    assert!(
        format!("{:?}", saved.body).contains("Leaves school in July"),
        "{saved:?}"
    );
    let save = |body| post_form_answer(site.client(), &site.base, "save_risks", body);
    let (status, body) = save(form(v + 1, y + 1)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["transition_day"]);
    let (status, body) = save(format!(
        "person_id={person}&version={v}&risks%5Bghosts%5D=yes"
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["risks"]);
    // The same save again (a double post): taken as done, kept once.
    assert_eq!(save(form(v, y)).await.0, StatusCode::OK);
    assert_eq!(version(db, person, SectionKind::RiskFactors).await, v + 1);
    // Something else from that version: refused as stale, nothing written.
    assert_eq!(save(form(v, y - 1)).await.0, StatusCode::CONFLICT);
    assert_eq!(version(db, person, SectionKind::RiskFactors).await, v + 1);
}

async fn a_new_name_reaches_open_boards_and_a_section_only_change_does_not(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let teacher = wide_viewer(db, &site).await;
    let head = change_log::head(db).await.unwrap();
    let save = |body| post_form_answer(site.client(), &site.base, "save_details", body);
    let v = version(db, person, SectionKind::Details).await;
    let (status, body) = save(details(db, person, v, "Zephyr", "").await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Only the GP practice: the card is as it was.
    let (status, body) =
        save(details(db, person, v + 1, "Zephyr", "Riverside+Surgery").await).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let url = format!("{}/events?after={head}", site.base);
    let mut coordinators = EventReader::connect(site.client(), &url, None).await;
    let renamed = coordinators.next().await.expect("the rename").change();
    assert_eq!(renamed.kind, ChangeKind::DetailsChanged);
    assert!(renamed.card.name.starts_with("Zephyr "), "{renamed:?}");
    let edited = coordinators
        .next()
        .await
        .expect("the section save")
        .change();
    assert_eq!(edited.kind, ChangeKind::SectionChanged);
    let mut theirs = EventReader::connect(&teacher.client, &url, None).await;
    match theirs.next().await.map(|e| e.entry()) {
        Some(FeedEntry::Brief(brief)) => assert!(brief.card.name.starts_with("Zephyr ")),
        other => panic!("the brief card with the new name: {other:?}"),
    }
    assert_eq!(
        theirs.next().await,
        None,
        "nothing of the section-only change"
    );
}
