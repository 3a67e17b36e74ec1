//! Staff forms posted as plain forms (no JavaScript) and refused, on both backends: the
//! page they come back to puts what was typed back in the form, as its message says, from
//! a copy kept sealed with the session (never in the URL), once. A rating change and a
//! section save refused as out of date, and a review refused for a problem with an answer.

use crate::support;

use app::{
    models::{PersonId, SectionKind},
    store::{people, Db},
};
use support::{
    post_form_answer,
    record::{first_person, saved_section, section_version},
    serve,
    staff::browser,
    Site,
};

app::on_both_backends!(
    a_stale_rating_change_keeps_the_typed_reason,
    a_stale_section_save_keeps_what_was_typed_beside_what_was_saved,
    a_refused_review_keeps_what_was_typed,
    a_refused_ctr_outcome_keeps_what_was_typed,
    a_refused_action_keeps_what_was_typed,
    kept_fields_go_only_into_the_same_persons_form,
    saved_text_never_becomes_markup_in_a_form,
    a_name_never_becomes_markup_in_the_page_title,
);

/// The text typed into each refused form.
const TYPED: &str = "Placement at risk after the review on Tuesday";

/// Posts `form` (as the page's form does, asking for its fields to be kept if refused) to
/// server function `endpoint` from `page`, as a browser without JavaScript; expects the
/// answer to send it back to `page`, and returns that address.
async fn plain_post(site: &Site, endpoint: &str, page: &str, form: &str) -> String {
    let posted = browser(Some(&site.staff.cookie))
        .post(format!("{}/api/{endpoint}", site.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{page}", site.base))
        .body(format!("keep_on_refusal=yes&{form}"))
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_redirection(), "{}", posted.status());
    let back = posted.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains(page), "{back}");
    assert!(
        !back.contains("Placement"),
        "typed text never travels in the URL: {back}"
    );
    if back.starts_with("http") {
        back
    } else {
        format!("{}{back}", site.base)
    }
}

/// The page at `url`, as the signed-in staff member's browser gets it.
async fn page(site: &Site, url: &str) -> String {
    support::text_of(browser(Some(&site.staff.cookie)).get(url)).await
}

/// The text in the textarea named `name` on `html`.
fn textarea(html: &str, name: &str) -> String {
    let start = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no {name} box"));
    let open = start + html[start..].find('>').unwrap() + 1;
    let end = open + html[open..].find("</textarea>").unwrap();
    html[open..end].to_owned()
}

/// The form body of `text` with spaces as a form sends them.
fn encoded(text: &str) -> String {
    text.replace(' ', "+")
}

async fn a_stale_rating_change_keeps_the_typed_reason(db: &Db) {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 1, 3, today, &Default::default())
        .await
        .unwrap();
    let site = serve(db).await;
    let id = people::first_by_name(db, 1).await.unwrap()[0];
    let person = id.to_string();
    let seen = people::get(db, id).await.unwrap().unwrap();
    // Someone else changes the rating after the page was drawn.
    let other = if seen.rating.code() == "red" {
        "amber"
    } else {
        "red"
    };
    let status =
        support::change_rating(site.client(), &site.base, &person, seen.version, other).await;
    assert!(status.is_success(), "{status}");
    let form = format!(
        "person_id={person}&version={}&rating=blue&rationale={}",
        seen.version,
        encoded(TYPED)
    );
    let url = plain_post(&site, "change_rating", &format!("/people/{person}"), &form).await;
    let drawn = page(&site, &url).await;
    assert!(drawn.contains("Your reason has been kept"), "{drawn}");
    assert!(textarea(&drawn, "rationale").contains(TYPED));
    let blue = drawn
        .find(&format!("id=\"rate-{person}-rating-blue\""))
        .unwrap();
    let radio = &drawn[drawn[..blue].rfind("<input").unwrap()..];
    assert!(
        radio[..radio.find('>').unwrap()].contains("checked"),
        "the rating chosen is kept too"
    );
    // It is put back once.
    let again = page(&site, &url).await;
    assert!(!textarea(&again, "rationale").contains(TYPED));
}

/// The narrative's form body with `current_issues` from `version`.
fn narrative(person: PersonId, version: i64, current_issues: &str) -> String {
    format!(
        "person_id={person}&version={version}&current_issues={}&tried=Respite&would_reduce_risk=&own_view=&family_view=",
        encoded(current_issues)
    )
}

async fn a_stale_section_save_keeps_what_was_typed_beside_what_was_saved(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let before = section_version(db, person, SectionKind::Narrative).await;
    // Someone else saves the section after the page was drawn.
    let (status, body) = post_form_answer(
        site.client(),
        &site.base,
        "save_narrative",
        narrative(person, before, "Saved by someone else first"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let page_path = format!("/people/{person}/narrative");
    let url = plain_post(
        &site,
        "save_narrative",
        &page_path,
        &narrative(person, before, TYPED),
    )
    .await;
    let drawn = page(&site, &url).await;
    assert!(drawn.contains("Saved meanwhile by"), "{drawn}");
    assert!(drawn.contains("Saved by someone else first"));
    assert!(drawn.contains("Your changes are still in the form below"));
    assert_eq!(textarea(&drawn, "current_issues"), TYPED);
    assert!(
        drawn.contains(&format!("name=\"version\" value=\"{}\"", before + 1)),
        "the next save is made from the version shown"
    );
    let now = saved_section(db, person, SectionKind::Narrative)
        .await
        .unwrap();
    assert_eq!(now.version, before + 1, "the refused save wrote nothing");
    let again = page(&site, &url).await;
    assert_eq!(
        textarea(&again, "current_issues"),
        "Saved by someone else first"
    );
}

async fn a_refused_review_keeps_what_was_typed(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let row = people::get(db, person).await.unwrap().unwrap();
    let next_year = app::models::uk_today(chrono::Utc::now())
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        + 1;
    let form = format!(
        "person_id={person}&version={}&held_day=1&held_month=1&held_year={next_year}&attendees={}&rating={}&rationale=Stable&notes=&next_day=&next_month=&next_year=&next_reason=",
        row.version,
        encoded(TYPED),
        row.rating.code(),
    );
    let url = plain_post(
        &site,
        "record_review",
        &format!("/people/{person}/review"),
        &form,
    )
    .await;
    let drawn = page(&site, &url).await;
    assert!(drawn.contains("nhsuk-error-summary"), "{drawn}");
    assert_eq!(textarea(&drawn, "attendees"), TYPED);
    assert!(
        drawn.contains(&format!("value=\"{next_year}\"")),
        "the date as typed"
    );
}

async fn a_refused_ctr_outcome_keeps_what_was_typed(db: &Db) {
    let person = first_person(db).await;
    let ctr = "7d1e0c55-2b4a-4f6e-9c3d-8a7b6e5f4d3c";
    support::record::stored_ctr(db, person, ctr).await;
    let site = serve(db).await;
    let next_year = app::models::uk_today(chrono::Utc::now())
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        + 1;
    let form = format!(
        "person_id={person}&ctr_id={ctr}&version=1&held_day=1&held_month=1&held_year={next_year}&outcome=continue_in_hospital&outcome_other=&summary={}",
        encoded(TYPED),
    );
    let page_path = format!("/people/{person}/ctrs/{ctr}/outcome");
    let url = plain_post(&site, "save_ctr_outcome", &page_path, &form).await;
    let drawn = page(&site, &url).await;
    assert!(drawn.contains("nhsuk-error-summary"), "{drawn}");
    assert!(drawn.contains("must be today or in the past"), "{drawn}");
    assert_eq!(textarea(&drawn, "summary"), TYPED);
    assert!(
        drawn.contains(&format!("value=\"{next_year}\"")),
        "the date as typed"
    );
}

async fn a_refused_action_keeps_what_was_typed(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let form = format!(
        "person_id={person}&action_id={}&what={}&owner_kind=named&owner_name=Pat+Lowe&owner_agency=Council&due_day=31&due_month=2&due_year=2027&source=record",
        uuid::Uuid::new_v4(),
        encoded(TYPED),
    );
    let url = plain_post(
        &site,
        "add_action",
        &format!("/people/{person}/actions/new"),
        &form,
    )
    .await;
    let drawn = page(&site, &url).await;
    assert!(drawn.contains("nhsuk-error-summary"), "{drawn}");
    assert_eq!(textarea(&drawn, "what"), TYPED);
    assert!(drawn.contains("value=\"Pat Lowe\""), "the owner as typed");
}

async fn kept_fields_go_only_into_the_same_persons_form(db: &Db) {
    let person = first_person(db).await;
    let other = people::first_by_name(db, 2).await.unwrap()[1];
    let site = serve(db).await;
    // A stale save (from a version the section never had) for the first person.
    let url = plain_post(
        &site,
        "save_narrative",
        &format!("/people/{person}/narrative"),
        &narrative(person, 999, TYPED),
    )
    .await;
    // The same refusal's address, but on the other person's page.
    let query = &url[url.find('?').unwrap()..];
    let drawn = page(
        &site,
        &format!("{}/people/{other}/narrative{query}", site.base),
    )
    .await;
    assert!(
        !drawn.contains(TYPED),
        "one person's typed text in another's page"
    );
    // Nor into another page of the same person; it is still there for the form's own page.
    let record = page(&site, &format!("{}/people/{person}{query}", site.base)).await;
    assert!(!record.contains(TYPED), "typed text in the record page");
    let own = page(&site, &url).await;
    assert!(own.contains(TYPED), "kept for the form's own page");
}

async fn saved_text_never_becomes_markup_in_a_form(db: &Db) {
    let person = first_person(db).await;
    let site = serve(db).await;
    let before = section_version(db, person, SectionKind::Narrative).await;
    let hostile = "</textarea><h1 id=\"INJECTED\">x</h1>";
    let (status, body) = post_form_answer(
        site.client(),
        &site.base,
        "save_narrative",
        narrative(
            person,
            before,
            &hostile
                .replace('<', "%3C")
                .replace('>', "%3E")
                .replace('"', "%22"),
        ),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let drawn = page(&site, &format!("{}/people/{person}/narrative", site.base)).await;
    assert!(
        !drawn.contains("<h1 id=\"INJECTED\">"),
        "saved text became markup"
    );
    assert!(
        drawn.contains("&lt;/textarea&gt;&lt;h1"),
        "shown as text in its box"
    );
}

async fn a_name_never_becomes_markup_in_the_page_title(db: &Db) {
    use chrono::Datelike;
    let person = first_person(db).await;
    let site = serve(db).await;
    let now = people::get(db, person).await.unwrap().unwrap();
    let born = now.date_of_birth;
    let hostile = "Quinn</title><meta http-equiv=\"refresh\" content=\"0\">";
    let details = format!(
        "person_id={person}&version={}&given_name={}&family_name={}&preferred_name=&dob_day={}&dob_month={}&dob_year={}&area=North&sex=female&gender=&ethnicity=z&first_language=English&interpreter=no&easy_read=yes&gp_practice=",
        section_version(db, person, SectionKind::Details).await,
        encoded(hostile),
        encoded(&now.family_name),
        born.day(),
        born.month(),
        born.year(),
    );
    let (status, body) = post_form_answer(site.client(), &site.base, "save_details", details).await;
    assert!(status.is_success(), "{body}");
    for path in ["", "/narrative", "/history"] {
        let drawn = page(&site, &format!("{}/people/{person}{path}", site.base)).await;
        let title = &drawn[drawn.find("<title>").unwrap()..drawn.find("</title>").unwrap()];
        assert!(title.contains("Quinn&lt;/title&gt;"), "{title}");
        assert!(!drawn.contains("<meta http-equiv"), "{drawn}");
    }
}
