//! A rating change refused as out of date, posted as a plain form (no JavaScript), on
//! both backends: the page it comes back to puts the typed reason back in the box, as its
//! message says, from a copy kept sealed with the session (never in the URL), once.

mod support;

use app::store::{people, Db};
use support::{serve, staff::browser};

app::on_both_backends!(a_stale_save_without_javascript_keeps_the_typed_reason);

/// The reason typed into the refused form.
const TYPED: &str = "Placement at risk after the review on Tuesday";

async fn a_stale_save_without_javascript_keeps_the_typed_reason(db: &Db) {
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
    let page = format!("/people/{person}");
    let form = format!(
        "person_id={person}&version={}&rating=blue&rationale={}",
        seen.version,
        TYPED.replace(' ', "+")
    );
    let posted = browser(Some(&site.staff.cookie))
        .post(format!("{}/api/change_rating", site.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{page}", site.base))
        .body(form)
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_redirection(), "{}", posted.status());
    let back = posted.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains(&page), "{back}");
    assert!(
        !back.contains("Placement"),
        "the reason never travels in the URL: {back}"
    );
    let url = if back.starts_with("http") {
        back.clone()
    } else {
        format!("{}{back}", site.base)
    };
    let html = |url: String| async {
        browser(Some(&site.staff.cookie))
            .get(url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let drawn = html(url.clone()).await;
    assert!(drawn.contains("Your reason has been kept"), "{drawn}");
    let textarea = |html: &str| {
        let start = html.find("<textarea").expect("a reason box");
        let end = start + html[start..].find("</textarea>").unwrap();
        html[start..end].to_owned()
    };
    assert!(textarea(&drawn).contains(TYPED), "{}", textarea(&drawn));
    let blue = drawn
        .find(&format!("id=\"rate-{person}-rating-blue\""))
        .unwrap();
    let radio = &drawn[drawn[..blue].rfind("<input").unwrap()..];
    assert!(
        radio[..radio.find('>').unwrap()].contains("checked"),
        "the rating chosen is kept too"
    );
    // It is put back once.
    let again = html(url).await;
    assert!(!textarea(&again).contains(TYPED));
}
