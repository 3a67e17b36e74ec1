//! The self-referral without JavaScript, over HTTP on both backends: every page posted
//! as a plain form, answers kept on the server (sealed) between pages, problems shown
//! with what was typed, check answers, one referral however often (or however many at
//! once) the last page is posted, expiry and forged cookies, and deleting.

use crate::support;

use app::{
    models::{Question, ReferralAnswers},
    referrals::kept,
    store::{referral_drafts, referrals, timestamp_now, Db},
};
use reqwest::{header, StatusCode};
use support::{referral::family, serve, serve_with, staff::browser, Site};

/// A family's browser without JavaScript: it keeps the draft cookie as a browser would.
struct Family {
    base: String,
    client: reqwest::Client,
    cookie: Option<String>,
}

impl Family {
    fn new(site: &Site) -> Family {
        Family {
            base: site.base.clone(),
            client: browser(None),
            cookie: None,
        }
    }

    /// Posts `fields` to `path`; the status and where it sends the browser.
    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::ACCEPT, "text/html")
            .form(fields);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        if let Some(set) = response.headers().get(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            assert!(set.starts_with(kept::COOKIE), "{set}");
            for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
                assert!(set.contains(part), "{set} lacks {part}");
            }
            let pair = set.split(';').next().unwrap().to_owned();
            self.cookie = (!set.contains("Max-Age=0")).then_some(pair);
        }
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (response.status(), location)
    }

    /// The page at `path`, as HTML.
    async fn get(&self, path: &str) -> String {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.text().await.unwrap()
    }

    /// Posts question page `question` with its fields from `answers`.
    async fn answer(&mut self, question: Question, answers: &ReferralAnswers) -> String {
        let values: Vec<(&str, String)> = question
            .fields()
            .iter()
            .map(|f| (*f, answers.get(f)))
            .collect();
        let mut fields: Vec<(&str, &str)> = vec![("page", question.slug())];
        fields.extend(values.iter().map(|(f, v)| (*f, v.as_str())));
        let (status, location) = self.post("/refer/answer", &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        location
    }

    /// Answers every question with `answers`; where the last page sends the browser.
    async fn answer_all(&mut self, answers: &ReferralAnswers) -> String {
        let mut location = String::new();
        for question in Question::FAMILY {
            location = self.answer(*question, answers).await;
        }
        location
    }

    /// The idempotency key the check page carries.
    async fn key_on_check_page(&self) -> String {
        let html = self.get("/refer?page=check").await;
        let at = html
            .find("name=\"key\" value=\"")
            .expect("the check page carries the key");
        html[at + 18..at + 18 + 36].to_owned()
    }

    /// The kept draft's row, as the store holds it.
    async fn row(&self, site: &Site, db: &Db) -> Option<referral_drafts::Kept> {
        let token = self.cookie.as_ref()?.split_once('=')?.1.to_owned();
        let id = site
            .state
            .settings
            .secret_key
            .digest("referral-draft", &token);
        referral_drafts::get(db, &id, timestamp_now())
            .await
            .unwrap()
    }
}

/// Referrals received.
async fn received(db: &Db) -> Vec<referrals::Stored> {
    referrals::list(db, None).await.unwrap()
}

app::on_both_backends!(
    a_family_refers_page_by_page_without_javascript,
    each_page_names_its_problems_and_keeps_what_was_typed,
    the_last_page_posted_twice_or_fifty_times_at_once_sends_once,
    expired_forged_and_stale_posts_are_explained_and_send_nothing_twice,
    delete_asks_first_and_deletes_the_servers_copy,
    a_family_that_turns_javascript_on_halfway_sends_the_same_referral,
    a_family_whose_scripts_stop_halfway_finds_their_answers_on_the_server,
    one_connection_cannot_start_endless_drafts,
    answers_are_kept_as_text_cut_to_size_and_none_lost_to_a_second_tab,
    the_cookie_lasts_while_the_draft_does_and_only_the_session_once_sent,
    an_ipv6_network_counts_as_one_client,
);

async fn a_family_refers_page_by_page_without_javascript(db: &Db) {
    let site = serve(db).await;
    let mut family_browser = Family::new(&site);
    let start = family_browser.get("/refer").await;
    assert!(
        start.contains("href=\"/refer?page=who\""),
        "the start page links to the first question"
    );
    assert!(
        !start.contains("type=\"module\""),
        "the start page loads no client code"
    );
    let first = family_browser.get("/refer?page=who").await;
    assert!(first.contains("action=\"/refer/answer\""), "{first}");
    assert!(!first.contains("needs JavaScript"));

    let answers = family();
    let mut expected = Vec::new();
    for question in Question::FAMILY.iter().skip(1) {
        expected.push(format!("/refer?page={}", question.slug()));
    }
    expected.push("/refer?page=check".to_owned());
    let mut went = Vec::new();
    for question in Question::FAMILY {
        went.push(family_browser.answer(*question, &answers).await);
    }
    assert_eq!(
        went, expected,
        "each page leads to the next, then to check your answers"
    );

    // Kept between pages, sealed: the database holds no answer in the clear.
    let row = family_browser.row(&site, db).await.expect("a kept draft");
    assert!(row.answers.starts_with("v1:") && !row.answers.contains("Mia"));

    let check = family_browser.get("/refer?page=check").await;
    for shown in ["Mia", "Brown", "jo.brown@example.com", "Change"] {
        assert!(check.contains(shown), "check your answers shows {shown}");
    }
    assert!(
        check.contains("href=\"/refer?page=name&amp;from=check\""),
        "change links lead back to their page"
    );
    // A change from the check page returns to it.
    let renamed = ReferralAnswers {
        given_name: "Amelia".into(),
        ..answers.clone()
    };
    let (_, back) = family_browser
        .post(
            "/refer/answer",
            &[
                ("page", "name"),
                ("from", "check"),
                ("given_name", "Amelia"),
                ("family_name", "Brown"),
            ],
        )
        .await;
    assert_eq!(back, "/refer?page=check");
    assert!(family_browser
        .get("/refer?page=check")
        .await
        .contains("Amelia"));

    let key = family_browser.key_on_check_page().await;
    let (status, sent) = family_browser
        .post("/refer/send", &[("key", &key), ("website", "")])
        .await;
    assert_eq!(
        (status, sent.as_str()),
        (StatusCode::SEE_OTHER, "/refer?page=sent")
    );
    let stored = received(db).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].referral.given_name, renamed.given_name);
    let confirmation = family_browser.get("/refer?page=sent").await;
    assert!(
        confirmation.contains(&stored[0].reference),
        "the confirmation shows the reference"
    );
    assert!(
        confirmation.contains("111"),
        "the confirmation says where to get help now"
    );
    // Once sent, the server keeps the reference only.
    let row = family_browser.row(&site, db).await.expect("the sent draft");
    assert_eq!(row.answers, "");
    assert_eq!(row.reference.as_deref(), Some(stored[0].reference.as_str()));
}

async fn each_page_names_its_problems_and_keeps_what_was_typed(db: &Db) {
    let site = serve(db).await;
    let mut family_browser = Family::new(&site);
    let (_, location) = family_browser
        .post(
            "/refer/answer",
            &[
                ("page", "name"),
                ("given_name", ""),
                ("family_name", "Brown"),
            ],
        )
        .await;
    assert!(location.starts_with("/refer?page=name&"), "{location}");
    assert!(location.contains("problem=yes"));
    let page = family_browser.get(&location).await;
    assert!(
        page.contains("<title>Error: "),
        "the title starts with Error"
    );
    assert!(page.contains("nhsuk-error-summary"), "an error summary");
    assert!(
        page.contains("href=\"#field-given_name\""),
        "the summary links to the field"
    );
    assert!(page.contains("value=\"Brown\""), "what was typed is kept");

    let (_, location) = family_browser
        .post(
            "/refer/answer",
            &[
                ("page", "date-of-birth"),
                ("dob_day", "31"),
                ("dob_month", "2"),
                ("dob_year", "2015"),
            ],
        )
        .await;
    let page = family_browser.get(&location).await;
    assert!(
        page.contains("nhsuk-error-message"),
        "a date that does not exist is refused"
    );
    assert!(page.contains("value=\"31\""));

    // The last page with questions unanswered goes back to check your answers, which
    // lists each problem with a link to its page; nothing is sent.
    let key = family_browser.key_on_check_page().await;
    let (_, location) = family_browser
        .post("/refer/send", &[("key", &key), ("website", "")])
        .await;
    assert_eq!(location, "/refer?page=check&problem=yes");
    let check = family_browser.get(&location).await;
    assert!(check.contains("nhsuk-error-summary"));
    assert!(
        check.contains("href=\"/refer?page=who&amp;from=check\""),
        "{check}"
    );
    assert!(received(db).await.is_empty());
    // The hidden field a robot fills in sends nothing, and the answers stay.
    family_browser.answer_all(&family()).await;
    let key = family_browser.key_on_check_page().await;
    let (_, location) = family_browser
        .post(
            "/refer/send",
            &[("key", &key), ("website", "http://spam.example")],
        )
        .await;
    assert_eq!(location, "/refer?page=check&notice=not-sent");
    assert!(received(db).await.is_empty());
    assert!(family_browser
        .get(&location)
        .await
        .contains("Your answers are kept"));
    assert!(family_browser
        .get("/refer?page=check")
        .await
        .contains("Mia"));
}

async fn the_last_page_posted_twice_or_fifty_times_at_once_sends_once(db: &Db) {
    let site = serve(db).await;
    let mut family_browser = Family::new(&site);
    family_browser.answer_all(&family()).await;
    let key = family_browser.key_on_check_page().await;
    let sends = (0..50).map(|_| {
        let client = family_browser.client.clone();
        let cookie = family_browser.cookie.clone().unwrap();
        let url = format!("{}/refer/send", site.base);
        let key = key.clone();
        async move {
            let response = client
                .post(url)
                .header(header::COOKIE, cookie)
                .form(&[("key", key.as_str()), ("website", "")])
                .send()
                .await
                .unwrap();
            (
                response.status(),
                response.headers()[header::LOCATION]
                    .to_str()
                    .unwrap()
                    .to_owned(),
            )
        }
    });
    let answers = futures::future::join_all(sends).await;
    assert!(
        answers
            .iter()
            .all(|(s, l)| *s == StatusCode::SEE_OTHER && l == "/refer?page=sent"),
        "{answers:?}"
    );
    let stored = received(db).await;
    assert_eq!(stored.len(), 1, "one referral");
    // Posted again later (Back, then Send): the same reference, nothing new.
    let (_, again) = family_browser
        .post("/refer/send", &[("key", &key), ("website", "")])
        .await;
    assert_eq!(again, "/refer?page=sent");
    assert!(family_browser
        .get(&again)
        .await
        .contains(&stored[0].reference));
    // Back to "check your answers" after sending: the referral, not a Send button.
    let check = family_browser.get("/refer?page=check").await;
    assert!(check.contains(&stored[0].reference) && check.contains("already been sent"));
    assert!(!check.contains("Send referral"));
    // A page changed after sending changes nothing, and says so.
    let (_, changed) = family_browser
        .post(
            "/refer/answer",
            &[
                ("page", "name"),
                ("given_name", "Someone"),
                ("family_name", "Else"),
            ],
        )
        .await;
    assert_eq!(changed, "/refer?page=sent&notice=already-sent");
    let page = family_browser.get(&changed).await;
    assert!(page.contains("already been sent") && page.contains(&stored[0].reference));
    assert_eq!(received(db).await.len(), 1);
    assert_eq!(received(db).await[0].referral.given_name, "Mia");
}

async fn expired_forged_and_stale_posts_are_explained_and_send_nothing_twice(db: &Db) {
    let site = serve(db).await;
    // A forged cookie finds nothing: a new draft, with this page's answer, and a notice.
    let mut forged = Family::new(&site);
    forged.cookie = Some(format!("{}={}", kept::COOKIE, "ab".repeat(32)));
    let (_, location) = forged
        .post(
            "/refer/answer",
            &[
                ("page", "name"),
                ("given_name", "Mia"),
                ("family_name", "Brown"),
            ],
        )
        .await;
    assert_eq!(location, "/refer?page=date-of-birth&notice=restarted");
    assert_ne!(
        forged.cookie.as_deref(),
        Some(format!("{}={}", kept::COOKIE, "ab".repeat(32)).as_str())
    );
    assert!(forged
        .get(&location)
        .await
        .contains("We could not find your earlier answers"));
    assert!(forged
        .get("/refer?page=name")
        .await
        .contains("value=\"Mia\""));

    // A stale check page from an earlier draft (another key) sends nothing.
    let mut family_browser = Family::new(&site);
    family_browser.answer_all(&family()).await;
    let stale = uuid::Uuid::new_v4().to_string();
    let (_, location) = family_browser
        .post("/refer/send", &[("key", &stale), ("website", "")])
        .await;
    assert_eq!(location, "/refer?page=check&notice=not-sent");
    assert!(received(db).await.is_empty());

    // Expired: the draft is gone; the check page posted after expiry sends nothing and
    // says the answers were not found.
    let key = family_browser.key_on_check_page().await;
    let token = family_browser
        .cookie
        .as_ref()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    let id = site
        .state
        .settings
        .secret_key
        .digest("referral-draft", &token);
    let now = timestamp_now();
    let row = family_browser.row(&site, db).await.unwrap();
    assert!(referral_drafts::save(
        db,
        &id,
        &row.answers,
        &row.answers,
        now,
        now - chrono::TimeDelta::seconds(1)
    )
    .await
    .unwrap());
    let (_, location) = family_browser
        .post("/refer/send", &[("key", &key), ("website", "")])
        .await;
    assert_eq!(location, "/refer?notice=missing");
    assert!(received(db).await.is_empty());
    assert!(!family_browser
        .get("/refer?page=name")
        .await
        .contains("value=\"Mia\""));

    // Posts from another site are refused before anything is kept.
    let response = reqwest::Client::new()
        .post(format!("{}/refer/answer", site.base))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[
            ("page", "name"),
            ("given_name", "Mia"),
            ("family_name", "Brown"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}

async fn delete_asks_first_and_deletes_the_servers_copy(db: &Db) {
    let site = serve(db).await;
    let mut family_browser = Family::new(&site);
    family_browser.answer_all(&family()).await;
    let page = family_browser.get("/refer?page=name").await;
    assert!(
        page.contains("href=\"/refer?page=delete\""),
        "Delete my answers leads to a page that asks"
    );
    let ask = family_browser.get("/refer?page=delete").await;
    assert!(ask.contains("Are you sure you want to delete your answers?"));
    assert!(ask.contains("action=\"/refer/delete\"") && ask.contains("nhsuk-button--warning"));
    let cookie = family_browser.cookie.clone();
    let (status, location) = family_browser.post("/refer/delete", &[]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/refer?notice=deleted")
    );
    assert_eq!(family_browser.cookie, None, "the cookie is removed");
    assert!(family_browser
        .get(&location)
        .await
        .contains("Your answers have been deleted"));
    // The old cookie finds nothing any more.
    family_browser.cookie = cookie;
    assert!(family_browser.row(&site, db).await.is_none());
    assert!(!family_browser
        .get("/refer?page=check")
        .await
        .contains("Mia"));
}

async fn a_family_that_turns_javascript_on_halfway_sends_the_same_referral(db: &Db) {
    let site = serve(db).await;
    let mut family_browser = Family::new(&site);
    family_browser.answer_all(&family()).await;
    // The page hands the kept key and answers to the browser's draft…
    let page = family_browser.get("/refer?page=consent").await;
    let key = family_browser.key_on_check_page().await;
    assert!(
        page.contains(&key),
        "the page carries the kept draft for the browser"
    );
    // …which sends them with that key, as the browser's draft does.
    let body = support::referral::submission(&key, &family(), false, "");
    let response = family_browser
        .client
        .post(format!("{}/api/submit_referral", site.base))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, family_browser.cookie.clone().unwrap())
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let stored = received(db).await;
    assert_eq!(stored.len(), 1);
    // Scripts blocked again: the plain check page's send gives the same referral.
    let (_, location) = family_browser
        .post("/refer/send", &[("key", &key), ("website", "")])
        .await;
    assert_eq!(location, "/refer?page=sent");
    assert!(family_browser
        .get(&location)
        .await
        .contains(&stored[0].reference));
    assert_eq!(received(db).await.len(), 1);
}

async fn one_connection_cannot_start_endless_drafts(db: &Db) {
    let settings = app::state::Settings {
        referrals_per_hour: 1,
        ..Default::default()
    };
    let site = serve_with(db, settings).await;
    let mut locations = Vec::new();
    for _ in 0..6 {
        let mut family_browser = Family::new(&site);
        let (_, location) = family_browser
            .post("/refer/answer", &[("page", "who"), ("for_whom", "myself")])
            .await;
        locations.push(location);
    }
    assert!(
        locations[..5].iter().all(|l| l == "/refer?page=name"),
        "{locations:?}"
    );
    assert_eq!(locations[5], "/refer?page=who&notice=too-many");
}

async fn a_family_whose_scripts_stop_halfway_finds_their_answers_on_the_server(db: &Db) {
    let site = serve(db).await;
    let mut family_browser = Family::new(&site);
    // With JavaScript, each page answered is copied to the server under the browser
    // draft's key (the first copy starts the kept draft and sets its cookie).
    let browser_key = uuid::Uuid::new_v4().to_string();
    let so_far = ReferralAnswers {
        whats_happening: String::new(),
        contact_name: String::new(),
        email: String::new(),
        contact_preference: String::new(),
        consent: String::new(),
        child_view: String::new(),
        ..family()
    };
    let copy = |answers: &ReferralAnswers, cookie: Option<String>| {
        let mut request = family_browser
            .client
            .post(format!("{}/api/copy_referral_answers", site.base))
            .header(header::CONTENT_TYPE, "application/json")
            .body(serde_json::json!({ "key": browser_key, "answers": answers }).to_string());
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send()
    };
    let response = copy(&so_far, None).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let set = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set.starts_with(kept::COOKIE) && set.contains("HttpOnly"));
    family_browser.cookie = Some(set.split(';').next().unwrap().to_owned());
    // A later copy replaces the earlier one in the same draft (its cookie renewed).
    let response = copy(&so_far, family_browser.cookie.clone()).await.unwrap();
    let again = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert_eq!(again.split(';').next(), family_browser.cookie.as_deref());

    // Scripts stop: the server's pages show what was copied, under the same key.
    assert!(family_browser
        .get("/refer?page=name")
        .await
        .contains("value=\"Mia\""));
    assert_eq!(family_browser.key_on_check_page().await, browser_key);
    for question in &Question::FAMILY[6..] {
        family_browser.answer(*question, &family()).await;
    }
    let (_, location) = family_browser
        .post("/refer/send", &[("key", &browser_key), ("website", "")])
        .await;
    assert_eq!(location, "/refer?page=sent");
    // The browser's own queued send of the same answers, arriving later, is the same
    // referral.
    let body = support::referral::submission(&browser_key, &family(), false, "");
    let response = family_browser
        .client
        .post(format!("{}/api/submit_referral", site.base))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let receipt: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    let stored = received(db).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(receipt["reference"], stored[0].reference.as_str());
}

/// The answers the server keeps for `family_browser`'s cookie.
async fn kept_answers(site: &Site, family_browser: &Family) -> ReferralAnswers {
    let mut headers = header::HeaderMap::new();
    headers.insert(
        header::COOKIE,
        family_browser.cookie.clone().unwrap().parse().unwrap(),
    );
    kept::find(&site.state, &headers, timestamp_now())
        .await
        .unwrap()
        .unwrap()
        .kept
        .answers
}

async fn answers_are_kept_as_text_cut_to_size_and_none_lost_to_a_second_tab(db: &Db) {
    let site = serve(db).await;
    let mut family_browser = Family::new(&site);
    // Markup typed into an answer comes back as text, not as markup.
    let typed = "</textarea><meta http-equiv=\"refresh\" content=\"0;url=/x\"><h1>Hi</h1>";
    family_browser
        .post(
            "/refer/answer",
            &[("page", "whats-happening"), ("whats_happening", typed)],
        )
        .await;
    let page = family_browser.get("/refer?page=whats-happening").await;
    assert!(!page.contains("<meta http-equiv"), "{page}");
    assert!(page.contains("&lt;/textarea&gt;&lt;meta http-equiv"));
    // An answer far too long is kept (so its page can say by how much), but only so far.
    let long = "a".repeat(60_000);
    family_browser
        .post(
            "/refer/answer",
            &[("page", "whats-happening"), ("whats_happening", &long)],
        )
        .await;
    let kept_text = kept_answers(&site, &family_browser).await.whats_happening;
    assert_eq!(kept_text.chars().count(), 2 * app::models::LONG_TEXT_MAX);
    // Pages posted at once from two tabs: each page's answers are kept.
    let pages: [&[(&str, &str)]; 4] = [
        &[
            ("page", "name"),
            ("given_name", "Mia"),
            ("family_name", "Brown"),
        ],
        &[
            ("page", "date-of-birth"),
            ("dob_day", "14"),
            ("dob_month", "2"),
            ("dob_year", "2017"),
        ],
        &[("page", "diagnosis"), ("diagnosis", "both")],
        &[("page", "home"), ("setting", "family_home")],
    ];
    let cookie = family_browser.cookie.clone().unwrap();
    let posts = pages.iter().map(|fields| {
        let request = family_browser
            .client
            .post(format!("{}/refer/answer", site.base))
            .header(header::COOKIE, cookie.clone())
            .form(fields);
        async move { request.send().await.unwrap().status() }
    });
    let statuses = futures::future::join_all(posts).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    let kept_now = kept_answers(&site, &family_browser).await;
    assert_eq!(
        (
            kept_now.given_name.as_str(),
            kept_now.dob_year.as_str(),
            kept_now.diagnosis.as_str(),
            kept_now.setting.as_str()
        ),
        ("Mia", "2017", "both", "family_home")
    );
}

async fn the_cookie_lasts_while_the_draft_does_and_only_the_session_once_sent(db: &Db) {
    let site = serve(db).await;
    let family_browser = Family::new(&site);
    let days = i64::from(site.state.settings.referrals.draft_days);
    let set_cookie = |response: &reqwest::Response| {
        response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let post = |path: &str, fields: Vec<(&str, String)>, cookie: Option<String>| {
        let mut request = family_browser
            .client
            .post(format!("{}{path}", site.base))
            .form(&fields);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send()
    };
    let first = post(
        "/refer/answer",
        vec![("page", "who".into()), ("for_whom", "myself".into())],
        None,
    )
    .await
    .unwrap();
    let set = set_cookie(&first);
    assert!(set.contains(&format!("Max-Age={}", days * 86_400)), "{set}");
    let cookie = set.split(';').next().unwrap().to_owned();
    // Every later save renews it, as it renews the draft.
    let later = post(
        "/refer/answer",
        vec![
            ("page", "name".into()),
            ("given_name", "Sam".into()),
            ("family_name", "Lee".into()),
        ],
        Some(cookie.clone()),
    )
    .await
    .unwrap();
    let renewed = set_cookie(&later);
    assert!(
        renewed.starts_with(&cookie) && renewed.contains("Max-Age="),
        "{renewed}"
    );
    // Once sent, the cookie lasts only until the browser closes.
    let mut sender = Family {
        base: site.base.clone(),
        client: family_browser.client.clone(),
        cookie: Some(cookie.clone()),
    };
    sender.answer_all(&family()).await;
    let key = sender.key_on_check_page().await;
    let sent = post(
        "/refer/send",
        vec![("key", key), ("website", String::new())],
        Some(cookie.clone()),
    )
    .await
    .unwrap();
    let session = set_cookie(&sent);
    assert!(
        session.starts_with(&cookie) && !session.contains("Max-Age"),
        "{session}"
    );
}

async fn an_ipv6_network_counts_as_one_client(db: &Db) {
    let settings = app::state::Settings {
        referrals_per_hour: 1,
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    let site = serve_with(db, settings).await;
    let start_from = |address: String| {
        let request = browser(None)
            .post(format!("{}/refer/answer", site.base))
            .header("x-forwarded-for", address)
            .form(&[("page", "who"), ("for_whom", "myself")]);
        async move {
            let response = request.send().await.unwrap();
            response.headers()[header::LOCATION]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    for i in 0..5 {
        assert_eq!(
            start_from(format!("2001:db8:9:9::{i}")).await,
            "/refer?page=name"
        );
    }
    // Another address in the same /64 is the same client…
    assert_eq!(
        start_from("2001:db8:9:9:ffff::1".into()).await,
        "/refer?page=who&notice=too-many"
    );
    // …but another network is not.
    assert_eq!(
        start_from("2001:db8:9:a::1".into()).await,
        "/refer?page=name"
    );
}
