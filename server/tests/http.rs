//! The router against a real database, on SQLite and PostgreSQL: pages, server functions
//! (JSON and plain form posts), status codes and health checks.

use app::{
    models::{Diagnosis, NhsNumber, Person, PersonId, Rating, Rationale, ReviewIntervals, Setting},
    state::{AppState, Settings},
    store::{
        change_log,
        people::{self, NewPerson},
        Db,
    },
};
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

use crate::support;

/// The day the tests read the board on.
const TODAY: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

/// The router, with every request sent by a signed-in coordinator from the site's pages.
async fn app(db: &Db) -> Router {
    app_with(db, Settings::default()).await
}

/// [`app`], with `settings`.
async fn app_with(db: &Db, settings: Settings) -> Router {
    let staff = support::staff::sign_in(db, app::models::Role::Coordinator, None).await;
    as_browser(router_with(db, settings).await, Some(staff.cookie))
}

/// The router for `db` with `settings`.
async fn router_with(db: &Db, settings: Settings) -> Router {
    let options = LeptosOptions::builder().output_name("dsr").build();
    let state = AppState::start(db.clone(), settings).await.unwrap();
    server::router::router(state, options)
}

/// `router` with `cookie` (if any) and `Sec-Fetch-Site: same-origin` added to every
/// request that does not say otherwise, as a browser on the site sends them.
fn as_browser(router: Router, cookie: Option<String>) -> Router {
    router.layer(axum::middleware::map_request(
        move |mut request: Request<Body>| {
            let cookie = cookie.clone();
            async move {
                let headers = request.headers_mut();
                if let Some(cookie) = cookie {
                    headers.insert(header::COOKIE, cookie.parse().unwrap());
                }
                headers
                    .entry("sec-fetch-site")
                    .or_insert("same-origin".parse().unwrap());
                request
            }
        },
    ))
}

/// Adds Sam Okafor, a child, to the register.
async fn add_person(db: &Db, given: &str, rating: Rating) -> Person {
    add(db, "9434765919", given, "Okafor", "2012-05-01", rating).await
}

async fn add(db: &Db, nhs: &str, given: &str, family: &str, dob: &str, rating: Rating) -> Person {
    let new = NewPerson {
        id: PersonId::random(),
        nhs_number: nhs.parse::<NhsNumber>().unwrap(),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: dob.parse().unwrap(),
        diagnosis: Diagnosis::Both,
        setting: Setting::FamilyHome,
        area: "North".into(),
        rating,
        rationale: Rationale::try_from("Initial assessment".to_owned()).unwrap(),
    };
    let mut tx = db.begin().await.unwrap();
    let p = people::insert(
        &mut tx,
        &new,
        "Asha Patel",
        app::store::timestamp_now(),
        &ReviewIntervals::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    p
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    Reply {
        status,
        location,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(router: &Router, uri: &str) -> Reply {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// Posts a form to the rating server function, as the hydrated page does (JSON back).
async fn post_change(router: &Router, form: &str) -> Reply {
    let request = Request::post("/api/change_rating")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_LENGTH, form.len())
        .body(Body::from(form.to_owned()))
        .unwrap();
    send(router, request).await
}

fn form(person: &Person, version: i64, rating: &str, rationale: &str) -> String {
    let encode = |s: &str| {
        s.replace('%', "%25")
            .replace('&', "%26")
            .replace('+', "%2B")
            .replace(' ', "+")
    };
    format!(
        "person_id={}&version={version}&rating={rating}&rationale={}",
        person.id,
        encode(rationale)
    )
}

app::on_both_backends!(
    health_checks_answer,
    readiness_fails_when_the_database_is_gone,
    board_renders_sections_and_counts_in_the_html,
    person_page_renders_history_and_unknown_is_404,
    rating_change_is_saved_and_returned,
    invalid_changes_get_field_errors_and_write_nothing,
    stale_change_is_refused_with_409,
    malformed_requests_get_4xx_not_500,
    plain_form_post_redirects_back,
    search_is_posted_never_read_from_the_url,
    large_sections_are_previewed_and_paged,
    meeting_view_works_without_javascript,
    a_kept_board_never_hides_a_change,
    views_and_changes_of_a_record_are_audited,
    kept_card_html_escapes_what_people_typed,
    a_professional_board_shows_their_people_and_the_chosen_group_in_brief,
    a_professional_search_matches_names_only_and_every_search_is_audited,
    a_professional_not_linked_to_the_chairs_person_sees_only_their_brief_card,
    go_to_person_offers_only_people_the_caller_may_open,
    a_request_unanswered_by_its_deadline_is_cut_and_changes_nothing,
    no_hidden_files_trace_or_cors_and_hsts_over_https,
    a_request_its_client_gives_up_on_is_still_counted,
);

async fn health_checks_answer(db: &Db) {
    let router = app(db).await;
    assert_eq!(get(&router, "/healthz").await.status, StatusCode::OK);
    assert_eq!(get(&router, "/readyz").await.status, StatusCode::OK);
}

async fn a_request_unanswered_by_its_deadline_is_cut_and_changes_nothing(db: &Db) {
    let settings = Settings {
        request_deadline: std::time::Duration::from_secs(1),
        ..Default::default()
    };
    let router = app_with(db, settings).await;
    let person = add_person(db, "Ada", Rating::Green).await;
    let request = stalled_change(&person);
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "5");
    let kept = people::get(db, person.id).await.unwrap().unwrap();
    assert_eq!((kept.rating, kept.version), (Rating::Green, person.version));
    // The router goes on answering.
    assert_eq!(get(&router, "/healthz").await.status, StatusCode::OK);
}

/// A rating change whose body sends half and then stalls (a slow or stalled client).
fn stalled_change(person: &Person) -> Request<Body> {
    use futures::StreamExt;
    let body = form(person, person.version, "red", "Agreed at meeting");
    let first_half = axum::body::Bytes::from(body[..body.len() / 2].to_owned());
    let stalled = futures::stream::once(async move { Ok::<_, std::io::Error>(first_half) })
        .chain(futures::stream::pending());
    Request::post("/api/change_rating")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from_stream(stalled))
        .unwrap()
}

async fn a_request_its_client_gives_up_on_is_still_counted(db: &Db) {
    let state = AppState::start(db.clone(), Settings::default())
        .await
        .unwrap();
    let options = LeptosOptions::builder().output_name("dsr").build();
    let router = as_browser(server::router::router(state.clone(), options), None);
    let person = add_person(db, "Ada", Rating::Green).await;
    let waiting = router.oneshot(stalled_change(&person));
    // The client stops waiting: the request's future is dropped unanswered.
    let given_up = tokio::time::timeout(std::time::Duration::from_millis(300), waiting).await;
    assert!(given_up.is_err());
    let text = state
        .kept::<app::metrics::Metrics>()
        .render(app::metrics::Gauges {
            feed_clients: 0,
            pool: db.pool_use(),
        });
    assert!(
        text.contains("dsr_http_requests_total{route=\"/api/change_rating\",method=\"POST\",status=\"499\"} 1\n"),
        "{text}"
    );
}

async fn no_hidden_files_trace_or_cors_and_hsts_over_https(db: &Db) {
    let router = app(db).await;
    for path in [
        "/.git/config",
        "/.env",
        "/pkg/",
        "/pkg/../Cargo.toml",
        "/target/site",
    ] {
        assert_eq!(
            get(&router, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let trace = Request::builder()
        .method("TRACE")
        .uri("/register")
        .body(Body::empty())
        .unwrap();
    let traced = send(&router, trace).await;
    assert!(
        matches!(traced.status.as_u16(), 403 | 405),
        "TRACE answered {}",
        traced.status
    );
    // Another site's page asking: no CORS grant, whatever it sends.
    let asked = router
        .clone()
        .oneshot(
            Request::get("/register")
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(!asked
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    assert!(!asked
        .headers()
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
    // Reached at an https origin, every answer says to keep to https.
    let settings = Settings {
        public_origin: Some("https://dsr.example.nhs.uk".into()),
        ..Default::default()
    };
    let router = app_with(db, settings).await;
    let answer = router
        .clone()
        .oneshot(
            Request::get("/healthz")
                .header(header::HOST, "dsr.example.nhs.uk")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    // A monitor reads each instance by its own address (here without the token: 404, not
    // 421 for the wrong host), as load balancers call the health checks.
    let by_address = Request::get("/metrics")
        .header(header::HOST, "10.0.0.11:3000")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&router, by_address).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}

async fn readiness_fails_when_the_database_is_gone(db: &Db) {
    let router = app(db).await;
    db.close().await;
    assert_eq!(
        get(&router, "/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(get(&router, "/healthz").await.status, StatusCode::OK);
}

async fn board_renders_sections_and_counts_in_the_html(db: &Db) {
    add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    let page = get(&router, "/register").await;
    assert_eq!(page.status, StatusCode::OK);
    let positions: Vec<usize> = [
        "section-blue",
        "section-red",
        "section-amber",
        "section-green",
    ]
    .iter()
    .map(|h| {
        page.body
            .find(&format!(r#"id="{h}""#))
            .unwrap_or_else(|| panic!("{h} section missing"))
    })
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections in Blue, Red, Amber, Green order"
    );
    let amber = &page.body[positions[2]..positions[3]];
    assert!(amber.contains("(1)"), "Amber count rendered into the HTML");
    // Without JavaScript there are no live updates: the page says so, and the status
    // line that promises them is not shown.
    let tag_of = |marker: &str| {
        let at = page.body.find(marker).expect(marker);
        let start = page.body[..at].rfind('<').unwrap();
        let end = at + page.body[at..].find('>').unwrap();
        page.body[start..end].to_owned()
    };
    assert!(!tag_of("dsr-live-off").contains("hidden"));
    assert!(page
        .body
        .contains("Live updates are off: reload the page to see changes."));
    assert!(tag_of(r#"data-status="connecting""#).contains("hidden"));
    assert!(
        page.body.contains("Sam Okafor"),
        "card rendered into the HTML, not only a streamed chunk"
    );
    let filtered = get(&router, "/register?age=adult").await;
    assert!(
        !filtered.body.contains("Sam Okafor"),
        "a child is not shown under adults"
    );
}

async fn person_page_renders_history_and_unknown_is_404(db: &Db) {
    let p = add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    let page = get(&router, &format!("/people/{}", p.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Sam Okafor")
            && page.body.contains("Initial assessment")
            && page.body.contains("943 476 5919")
    );
    let missing = get(&router, &format!("/people/{}", PersonId::random())).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Page not found"));
    assert_eq!(
        get(&router, "/people/not-a-uuid").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&router, "/no-such-page").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn rating_change_is_saved_and_returned(db: &Db) {
    let p = add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    let reply = post_change(
        &router,
        &form(&p, 1, "red", "Placement breaking down & family exhausted"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let saved: Person = serde_json::from_str(&reply.body).unwrap();
    assert_eq!((saved.rating, saved.version), (Rating::Red, 2));
    let history = people::history(db, p.id).await.unwrap();
    assert_eq!(
        history[0].rationale,
        "Placement breaking down & family exhausted"
    );
    assert_eq!(
        change_log::changes_after(db, 0, 10, TODAY)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn invalid_changes_get_field_errors_and_write_nothing(db: &Db) {
    let p = add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    let cases = [
        (
            form(&p, 1, "red", "   "),
            "rationale",
            "Enter the reason for the change",
        ),
        (
            form(&p, 1, "red", &"x".repeat(2001)),
            "rationale",
            "2,000 characters or fewer",
        ),
        (
            form(&p, 1, "purple", "Because"),
            "rating",
            "Choose the new rating",
        ),
        (
            format!("person_id={}&version=1&rationale=Because", p.id),
            "rating",
            "Choose the new rating",
        ),
    ];
    for (body, field, message) in cases {
        let reply = post_change(&router, &body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error: app::error::AppError = serde_json::from_str(&reply.body).unwrap();
        assert!(
            error.message_for(field).unwrap().contains(message),
            "{body}: {error:?}"
        );
    }
    assert_eq!(people::get(db, p.id).await.unwrap().unwrap(), p);
    assert_eq!(people::history(db, p.id).await.unwrap().len(), 1);
    assert_eq!(
        change_log::changes_after(db, 0, 10, TODAY)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn stale_change_is_refused_with_409(db: &Db) {
    let p = add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    assert_eq!(
        post_change(&router, &form(&p, 1, "red", "First"))
            .await
            .status,
        StatusCode::OK
    );
    let stale = post_change(&router, &form(&p, 1, "green", "Second, from an old page")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Conflict"));
    let now = people::get(db, p.id).await.unwrap().unwrap();
    assert_eq!((now.rating, now.version), (Rating::Red, 2));
}

async fn malformed_requests_get_4xx_not_500(db: &Db) {
    let p = add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    let bad_version = post_change(
        &router,
        &format!("person_id={}&version=abc&rating=red&rationale=x", p.id),
    )
    .await;
    assert_eq!(
        bad_version.status,
        StatusCode::BAD_REQUEST,
        "{}",
        bad_version.body
    );
    let unknown = post_change(
        &router,
        &form(
            &Person {
                id: PersonId::random(),
                ..p.clone()
            },
            1,
            "red",
            "x",
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    // An answer that cannot be read is refused without quoting it back.
    let echoed = send(
        &router,
        Request::post("/api/get_board")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(
                "query[q]=&query[page]=1&query[overdue]=false&query[age]=Harry9990000174",
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(echoed.status, StatusCode::BAD_REQUEST, "{}", echoed.body);
    assert!(!echoed.body.contains("Harry"), "{}", echoed.body);
    let not_uuid = post_change(
        &router,
        "person_id=..%2Fetc&version=1&rating=red&rationale=x",
    )
    .await;
    assert_eq!(not_uuid.status, StatusCode::NOT_FOUND);
    let huge = post_change(
        &router,
        &form(
            &p,
            1,
            "red",
            &"x".repeat(server::router::MAX_BODY_BYTES + 1),
        ),
    )
    .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(people::get(db, p.id).await.unwrap().unwrap().version, 1);
}

async fn plain_form_post_redirects_back(db: &Db) {
    let p = add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    let referer = format!("http://127.0.0.1:3000/people/{}", p.id);
    let plain = |body: String| {
        Request::post("/api/change_rating")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, referer.clone())
            .body(Body::from(body))
            .unwrap()
    };
    let invalid = send(&router, plain(form(&p, 1, "red", ""))).await;
    assert!(invalid.status.is_redirection());
    let location = invalid.location.unwrap();
    let page = format!("/people/{}", p.id);
    assert!(
        location.starts_with(&format!("{page}?")) && location.contains("__err="),
        "back to the page's path: {location}"
    );
    // Whatever the Referer says, the answer stays on this site.
    for (elsewhere, kept) in [
        ("http://evil.example/x", "/x?"),
        ("//evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ] {
        let mut request = plain(form(&p, 1, "red", ""));
        request
            .headers_mut()
            .insert(header::REFERER, elsewhere.parse().unwrap());
        let refused = send(&router, request).await;
        let location = refused.location.unwrap_or_default();
        assert!(
            location.starts_with(kept) && !location[1..].starts_with('/'),
            "{elsewhere} → {location}"
        );
        assert!(!location.contains("evil"), "{elsewhere} → {location}");
    }
    let saved = send(&router, plain(form(&p, 1, "red", "Crisis at home"))).await;
    assert!(saved.status.is_redirection());
    let back = saved.location.unwrap();
    assert_eq!(
        back.trim_end_matches('?'),
        page,
        "back to the page, with no error"
    );
    assert_eq!(
        people::get(db, p.id).await.unwrap().unwrap().rating,
        Rating::Red
    );
}

async fn search_is_posted_never_read_from_the_url(db: &Db) {
    add_person(db, "Sam", Rating::Amber).await;
    add(
        db,
        "9990000050",
        "Dana",
        "Brown",
        "1980-01-01",
        Rating::Green,
    )
    .await;
    let router = app(db).await;

    let ignored = get(&router, "/register?q=Dana").await;
    assert!(
        ignored.body.contains("Sam Okafor") && ignored.body.contains("Dana Brown"),
        "q in a URL is not a search"
    );

    let body = "q=999+000+005&age=&overdue=";
    let request = Request::post("/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    let html = String::from_utf8(
        axum::body::to_bytes(response.into_body(), 10 << 20)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("Dana Brown") && !html.contains("Sam Okafor"),
        "posted NHS-number search filters the board"
    );
    assert!(
        html.contains(r#"value="999 000 005""#),
        "the search box keeps what was typed"
    );
    // Filters without a search are sent to their own address, so Back and bookmarks work.
    let request = Request::post("/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "q=+&age=child&overdue=&keyworker=yes&consent=no",
        ))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers().get(header::LOCATION).unwrap(),
        "/register?age=child&keyworker=yes"
    );
    // Drawn one line per person, the board stays so.
    let request = Request::post("/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("q=&overdue=yes&view=list"))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(
        response.headers().get(header::LOCATION).unwrap(),
        "/register?overdue=yes&view=list"
    );
}

async fn large_sections_are_previewed_and_paged(db: &Db) {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 260, 3, today, &Default::default())
        .await
        .unwrap();
    let router = app(db).await;
    let counts = app::store::board::counts(
        &mut db.begin_read().await.unwrap(),
        &Default::default(),
        today,
    )
    .await
    .unwrap();
    let green = counts[usize::from(Rating::Green.order())];
    assert!(
        green > 100,
        "the demo mix gives a large Green section ({green})"
    );

    let board = get(&router, "/register").await;
    assert!(board
        .body
        .contains(&format!("Show all {green} Green people")));
    assert!(
        board.body.matches(r#"aria-labelledby="card-"#).count() <= 80,
        "at most 20 cards per section"
    );

    let first = get(&router, "/register?rating=green").await;
    let pages = (green + 49) / 50;
    assert!(first.body.contains(&format!("Page 1 of {pages}")));
    assert_eq!(first.body.matches(r#"aria-labelledby="card-"#).count(), 50);
    assert!(
        first.body.contains("/register?rating=green&amp;page=2")
            && !first.body.contains("Previous page")
    );
    let last = get(&router, &format!("/register?rating=green&page={pages}")).await;
    assert!(last.body.contains("Previous page") && !last.body.contains("Next page"));
    assert_eq!(
        last.body.matches(r#"aria-labelledby="card-"#).count() as i64,
        green - (pages - 1) * 50
    );
}

async fn meeting_view_works_without_javascript(db: &Db) {
    let amber = add(
        db,
        "9434765919",
        "Sam",
        "Okafor",
        "2012-05-01",
        Rating::Amber,
    )
    .await;
    let red = add(db, "9990000050", "Dana", "Obi", "1990-01-01", Rating::Red).await;
    let green = add(
        db,
        "9990000190",
        "Eli",
        "Smith",
        "2000-01-01",
        Rating::Green,
    )
    .await;
    let router = app(db).await;
    let agenda = get(&router, "/register/meeting").await;
    assert_eq!(agenda.status, StatusCode::OK);
    let (at_red, at_amber) = (
        agenda.body.find("Dana Obi").unwrap(),
        agenda.body.find("Sam Okafor").unwrap(),
    );
    assert!(at_red < at_amber, "Red before Amber");
    assert!(
        !agenda.body.contains("Eli Smith"),
        "Green and not due: not on the agenda"
    );
    let href = |p: &Person| format!("/register/meeting?person={}", p.id);
    assert!(
        agenda.body.contains(&href(&red)),
        "Start links to the first"
    );

    let first = get(&router, &href(&red)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("DSR meeting: 1 of 2"));
    assert!(first.body.contains("Rating history") && first.body.contains("Initial assessment"));
    assert!(
        first.body.contains(&format!("href=\"{}\"", href(&amber))),
        "a plain link to the next person"
    );
    let off_agenda = get(&router, &href(&green)).await;
    assert_eq!(off_agenda.status, StatusCode::OK);
    assert!(off_agenda.body.contains("DSR meeting: not on the agenda"));
    for missing in [
        format!("/register/meeting?person={}", PersonId::random()),
        "/register/meeting?person=nonsense".to_owned(),
    ] {
        assert_eq!(
            get(&router, &missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }

    // The agenda's entries are kept as HTML between renders: a change shows straight away.
    let sams_entry = |body: &str| {
        let at = body.find("Sam Okafor").unwrap();
        body[at..at + body[at..].find("</li>").unwrap()].to_owned()
    };
    assert!(sams_entry(&agenda.body).contains("dsr-tag--amber"));
    let changed = post_change(&router, &form(&amber, amber.version, "red", "Crisis")).await;
    assert_eq!(changed.status, StatusCode::OK);
    let after = get(&router, "/register/meeting").await;
    assert!(sams_entry(&after.body).contains("dsr-tag--red"));
}

async fn a_kept_board_never_hides_a_change(db: &Db) {
    let sam = add_person(db, "Sam", Rating::Amber).await;
    let router = app(db).await;
    let amber_count = |body: &str| {
        let start = body.find(r#"id="section-amber""#).unwrap();
        let end = body.find(r#"id="section-green""#).unwrap();
        body[start..end].contains("(1)")
    };
    let before = get(&router, "/register").await;
    assert!(amber_count(&before.body));
    assert!(amber_count(&get(&router, "/register").await.body));
    let changed = post_change(&router, &form(&sam, sam.version, "red", "Crisis")).await;
    assert_eq!(changed.status, StatusCode::OK);
    let after = get(&router, "/register").await;
    assert!(
        !amber_count(&after.body),
        "the change is read straight away"
    );

    // A change committed by another instance (here: straight into the database).
    let dana = add(db, "9990000050", "Dana", "Obi", "1990-01-01", Rating::Amber).await;
    let now = get(&router, "/register").await;
    assert!(now.body.contains("Dana Obi"), "{}", dana.id);
}

/// The audit trail's (action, person, detail) rows, oldest first.
async fn audit_rows(db: &Db) -> Vec<(String, Option<String>, String)> {
    let sql = "SELECT action, person_id, detail FROM audit_log ORDER BY id";
    match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .unwrap()
}

async fn views_and_changes_of_a_record_are_audited(db: &Db) {
    let sam = add_person(db, "Sam", Rating::Amber).await;
    let site_key = app::sealed::SecretKey::random();
    let settings = Settings {
        secret_key: site_key.clone(),
        ..Settings::default()
    };
    let router = app_with(db, settings).await;
    let id = Some(sam.id.to_string());
    assert_eq!(
        get(&router, &format!("/people/{}", sam.id)).await.status,
        StatusCode::OK
    );
    let meeting = format!("/register/meeting?person={}", sam.id);
    assert_eq!(get(&router, &meeting).await.status, StatusCode::OK);
    let saved = post_change(&router, &form(&sam, sam.version, "red", "Crisis")).await;
    assert_eq!(saved.status, StatusCode::OK);
    let stale = post_change(&router, &form(&sam, sam.version, "green", "Stale")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let (team, rows): (Vec<_>, Vec<_>) = audit_rows(db)
        .await
        .into_iter()
        .partition(|r| r.0 == "record_team_viewed");
    assert_eq!(
        team,
        [("record_team_viewed".to_owned(), id.clone(), String::new())],
        "the person page reads its team once (alongside the record)"
    );
    assert_eq!(
        rows,
        [
            (
                "person_viewed".to_owned(),
                id.clone(),
                "person page".to_owned()
            ),
            (
                "person_viewed".to_owned(),
                id.clone(),
                "meeting view".to_owned()
            ),
            ("rating_changed".to_owned(), id, "amber to red".to_owned()),
        ],
        "a refused change leaves no audit row (it rolled back with the change)"
    );
    assert_eq!(
        app::store::audit::verify(db, &site_key).await.unwrap(),
        app::store::audit::ChainCheck::Intact { rows: 4 }
    );
}

async fn kept_card_html_escapes_what_people_typed(db: &Db) {
    add(
        db,
        "9434765919",
        "<script>alert(1)</script>",
        "O'Brien & Co",
        "2012-05-01",
        Rating::Red,
    )
    .await;
    let router = app(db).await;
    for _ in 0..2 {
        // Drawn, then served from the kept HTML.
        let page = get(&router, "/register").await;
        assert!(
            !page.body.contains("<script>alert(1)"),
            "markup in a name is never run"
        );
        assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

/// The fields of a brief card, exactly.
const BRIEF_FIELDS: [&str; 5] = ["id", "name", "rating", "rating_since", "review_due"];

/// A professional of a new agency named `agency`, signed in.
async fn professional(db: &Db, agency: &str) -> (support::staff::Staff, String) {
    let agency = app::store::agencies::create(
        db,
        agency,
        app::models::Sector::Education,
        app::store::timestamp_now(),
    )
    .await
    .unwrap()
    .unwrap();
    let staff =
        support::staff::sign_in(db, app::models::Role::Professional, Some(&agency.id)).await;
    (staff, agency.id)
}

/// The board as `client` reads it with search `q`: the status and the JSON.
async fn board_json(client: &reqwest::Client, base: &str, q: &str) -> (u16, serde_json::Value) {
    let body = format!(
        "query[q]={}&query[page]=1&query[overdue]=false",
        urlencoding(q)
    );
    let (status, text) = support::post_form_answer(client, base, "get_board", body).await;
    (
        status.as_u16(),
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// `text` percent-encoded for a form body.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Every card on a board's JSON.
fn board_cards(board: &serde_json::Value) -> Vec<serde_json::Value> {
    board["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["cards"].as_array().unwrap().clone())
        .collect()
}

/// The sorted keys of a JSON object.
fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort_unstable();
    keys
}

async fn a_professional_board_shows_their_people_and_the_chosen_group_in_brief(db: &Db) {
    add_person(db, "Sam", Rating::Amber).await;
    add(
        db,
        "9990000050",
        "Dana",
        "Brown",
        "1980-01-01",
        Rating::Green,
    )
    .await;
    let eli = add(db, "9990000190", "Eli", "Smith", "2000-01-01", Rating::Red).await;
    let site = support::serve(db).await;
    let (teacher, agency) = professional(db, "Hill School").await;
    let mut tx = db.begin().await.unwrap();
    app::store::links::link(
        &mut tx,
        eli.id,
        app::store::links::LinkTarget::Professional(&teacher.id),
        "test",
        app::store::timestamp_now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (status, board) = board_json(&teacher.client, &site.base, "").await;
    assert_eq!(status, 200, "{board}");
    let cards = board_cards(&board);
    assert_eq!(cards.len(), 1, "only their own person: {board}");
    assert_eq!(cards[0]["name"], "Eli Smith");
    assert!(cards[0]["detail"].is_object(), "in full");
    assert_eq!(board["counts"], serde_json::json!([0, 1, 0, 0]));
    assert!(board["own"].is_null(), "the whole board is theirs: {board}");
    // The coordinator turns on brief cards of children for the agency.
    let bad = support::post_form(
        site.client(),
        &site.base,
        "set_brief_view",
        format!("agency={agency}&view=everyone"),
    )
    .await;
    assert_eq!(bad, 422);
    let refused = support::post_form(
        &teacher.client,
        &site.base,
        "set_brief_view",
        format!("agency={agency}&view=all"),
    )
    .await;
    assert_eq!(refused, 403, "not the professional's own setting");
    let set = support::post_form(
        site.client(),
        &site.base,
        "set_brief_view",
        format!("agency={agency}&view=children"),
    )
    .await;
    assert!(set.is_success(), "{set}");
    let (_, board) = board_json(&teacher.client, &site.base, "").await;
    let mut names: Vec<String> = board_cards(&board)
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Eli Smith", "Sam Okafor"], "not the adult Dana");
    let sam = board_cards(&board)
        .into_iter()
        .find(|c| c["name"] == "Sam Okafor")
        .unwrap();
    assert_eq!(keys(&sam), BRIEF_FIELDS, "a brief card, exactly: {sam}");
    // The people she supports come first, in full; "only mine" shows only them.
    assert_eq!(board["own"]["count"], 1, "{board}");
    let own = board["own"]["cards"].as_array().unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["name"], "Eli Smith");
    assert!(own[0]["detail"].is_object(), "in full");
    let mine = |client| {
        support::post_form_answer(
            client,
            &site.base,
            "get_board",
            "query[q]=&query[page]=1&query[overdue]=false&query[mine]=true".to_owned(),
        )
    };
    let (status, text) = mine(&teacher.client).await;
    assert_eq!(status, 200, "{text}");
    let only: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names: Vec<_> = board_cards(&only)
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, ["Eli Smith"], "{only}");
    assert_eq!(only["counts"], serde_json::json!([0, 1, 0, 0]));
    assert!(only["own"].is_null());
    // A coordinator supports no one in particular: "only mine" leaves the whole register.
    let (_, text) = mine(site.client()).await;
    let everyone: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(board_cards(&everyone).len(), 3, "{everyone}");
    assert!(everyone["own"].is_null());
    let changed: Vec<_> = audit_rows(db)
        .await
        .into_iter()
        .filter(|(action, _, _)| action == "brief_view_changed")
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].2.ends_with("off → children"), "{changed:?}");
}

async fn a_professional_search_matches_names_only_and_every_search_is_audited(db: &Db) {
    add(
        db,
        "9990000050",
        "Dana",
        "Brown",
        "1980-01-01",
        Rating::Green,
    )
    .await;
    let site = support::serve(db).await;
    let (unlinked, agency) = professional(db, "Wide Trust").await;
    let set = support::post_form(
        site.client(),
        &site.base,
        "set_brief_view",
        format!("agency={agency}&view=all"),
    )
    .await;
    assert!(set.is_success());
    let found = |board: &serde_json::Value| -> Vec<String> {
        board_cards(board)
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    for digits in ["999 000 005", "9990000050", "999"] {
        let (status, board) = board_json(&unlinked.client, &site.base, digits).await;
        assert_eq!(status, 200);
        assert!(found(&board).is_empty(), "{digits}: {board}");
        assert_eq!(board["counts"], serde_json::json!([0, 0, 0, 0]), "{digits}");
    }
    let (_, board) = board_json(&unlinked.client, &site.base, "dan").await;
    assert_eq!(found(&board), ["Dana Brown"], "names still match");
    let (status, answer) = support::post_form_answer(
        &unlinked.client,
        &site.base,
        "get_board",
        "query[q]=+D+a+&query[page]=1&query[overdue]=false".into(),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer.contains("at least 3") && answer.contains("\"q\""),
        "a field error: {answer}"
    );
    // Wildcards alone are no letters or digits: refused (and not audited).
    for wildcards in ["%%%", "___", "%_%", "\0\0\0"] {
        let (status, _) = board_json(&unlinked.client, &site.base, wildcards).await;
        assert_eq!(status, 422, "{wildcards:?}");
    }
    for hostile in ["Ωμέγα", "名前です", &"x".repeat(5_000)] {
        let (status, board) = board_json(&unlinked.client, &site.base, hostile).await;
        assert_eq!(status, 200, "{hostile}");
        assert!(found(&board).is_empty(), "{hostile}: {board}");
    }
    let (_, board) = board_json(site.client(), &site.base, "999 000 005").await;
    assert_eq!(
        found(&board),
        ["Dana Brown"],
        "a coordinator finds NHS numbers"
    );
    let searches: Vec<String> = audit_rows(db)
        .await
        .into_iter()
        .filter(|(action, _, _)| action == "board_search")
        .map(|(_, _, detail)| detail)
        .collect();
    assert_eq!(
        searches.len(),
        3 + 1 + 3 + 1,
        "every search but the refused ones"
    );
    // Never the text: a hexadecimal hash and a count only (a hash may hold "999" by
    // chance, so the check is on the form, not on digits).
    for detail in &searches {
        let (hash, count) = detail
            .strip_prefix("search ")
            .and_then(|d| d.split_once(", "))
            .expect("search <hash>, <count> results");
        assert!(
            hash.len() >= 32 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "never the text: {detail}"
        );
        assert!(count.ends_with(" results"), "{detail}");
    }
    assert!(searches[3].ends_with(", 1 results"), "{searches:?}");
    assert!(searches[0].ends_with(", 0 results"), "{searches:?}");
    assert_eq!(
        searches[0].split(',').next(),
        searches[7].split(',').next(),
        "the same search, the same hash"
    );
    assert_ne!(searches[0].split(',').next(), searches[1].split(',').next());
}

async fn a_professional_not_linked_to_the_chairs_person_sees_only_their_brief_card(db: &Db) {
    let sam = add_person(db, "Sam", Rating::Amber).await;
    let site = support::serve(db).await;
    let (unlinked, unlinked_agency) = professional(db, "Far Agency").await;
    let (linked, _) = professional(db, "Near Agency").await;
    let mut tx = db.begin().await.unwrap();
    app::store::links::link(
        &mut tx,
        sam.id,
        app::store::links::LinkTarget::Professional(&linked.id),
        "test",
        app::store::timestamp_now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let meeting = |client: reqwest::Client| {
        let base = site.base.clone();
        async move {
            let (status, text) =
                support::post_form_answer(&client, &base, "get_meeting", "page=1".into()).await;
            assert_eq!(status, 200, "{text}");
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        }
    };
    let before = meeting(unlinked.client.clone()).await;
    assert_eq!(
        before["view"]["Agenda"]["people"],
        serde_json::json!([]),
        "no meeting running: only their own people, who are none"
    );
    assert!(
        support::move_chair(site.client(), &site.base, &sam.id.to_string())
            .await
            .is_success()
    );
    // A meeting runs, but their agency is not at it: still only their own, no chair.
    let away = meeting(unlinked.client.clone()).await;
    assert_eq!(
        away["view"]["Agenda"]["people"],
        serde_json::json!([]),
        "{away}"
    );
    let attend = format!("agency={unlinked_agency}&attending=true");
    let status = support::post_form(site.client(), &site.base, "set_attending", attend).await;
    assert!(status.is_success(), "{status}");
    let theirs = meeting(linked.client.clone()).await;
    // Linked to the person, but their agency is not at the meeting: nothing of it at all.
    assert_eq!(theirs["chair"], serde_json::Value::Null, "{theirs}");
    assert_eq!(theirs["seat"]["name"], serde_json::Value::Null, "{theirs}");
    let hidden = meeting(unlinked.client.clone()).await;
    assert!(hidden["chair"].is_object(), "a chair is there: {hidden}");
    assert_eq!(
        hidden["chair"]["person"],
        serde_json::Value::Null,
        "not whose record: {hidden}"
    );
    // At the meeting, they see whom the chair is discussing in brief, and no more.
    assert_eq!(keys(&hidden["chair"]["brief"]), BRIEF_FIELDS, "{hidden}");
    assert_eq!(
        hidden["chair"]["brief"]["name"],
        sam.full_name(),
        "{hidden}"
    );
    let agenda = hidden["view"]["Agenda"]["people"].as_array().unwrap();
    assert_eq!(
        agenda.len(),
        1,
        "while the meeting runs, the agenda in brief"
    );
    assert_eq!(keys(&agenda[0]), BRIEF_FIELDS);
    // Someone not on the agenda (Green, review not due) opened by the chair: not even their
    // brief card reaches the meeting.
    let gil = add(db, "9434765870", "Gil", "Hart", "1990-01-01", Rating::Green).await;
    assert!(
        support::move_chair(site.client(), &site.base, &gil.id.to_string())
            .await
            .is_success()
    );
    let off_agenda = meeting(unlinked.client.clone()).await;
    assert!(off_agenda["chair"].is_object(), "{off_agenda}");
    assert_eq!(off_agenda["chair"]["person"], serde_json::Value::Null);
    assert_eq!(
        off_agenda["chair"]["brief"],
        serde_json::Value::Null,
        "{off_agenda}"
    );
    assert!(!off_agenda.to_string().contains("Gil"), "{off_agenda}");
}

async fn go_to_person_offers_only_people_the_caller_may_open(db: &Db) {
    let sam = add(db, "9434765919", "Sam", "Okafor", "2012-05-01", Rating::Red).await;
    let ria = add(
        db,
        "9434765870",
        "Ria",
        "Okoro",
        "1990-02-02",
        Rating::Amber,
    )
    .await;
    let site = support::serve(db).await;
    let (nurse, _) = professional(db, "Near Agency").await;
    support::record::link(db, sam.id, &nurse.id).await;
    let find = |client: reqwest::Client, text: &str| {
        let (base, body) = (site.base.clone(), format!("text={text}"));
        async move {
            let (status, text) =
                support::post_form_answer(&client, &base, "find_on_agenda", body).await;
            assert_eq!(status, 200, "{text}");
            let found: serde_json::Value = serde_json::from_str(&text).unwrap();
            found
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    // In agenda order (Red before Amber), ignoring case; one letter offers nothing.
    assert_eq!(
        find(site.client().clone(), "OK").await,
        ["Sam Okafor", "Ria Okoro"]
    );
    assert_eq!(find(site.client().clone(), "oro").await, ["Ria Okoro"]);
    assert!(find(site.client().clone(), "o").await.is_empty());
    assert!(
        find(site.client().clone(), "%").await.is_empty(),
        "wildcards match literally"
    );
    // A professional is offered only the people whose records they may open.
    assert_eq!(find(nurse.client.clone(), "ok").await, ["Sam Okafor"]);

    let go = |client: reqwest::Client, name: &str| {
        let (base, body) = (site.base.clone(), format!("name={name}"));
        async move { support::post_form_answer(&client, &base, "go_to_person", body).await }
    };
    for (name, says) in [
        ("", "Enter the name"),
        ("ok", "More than one person"),
        ("Zed+Nobody", "No one on the agenda"),
    ] {
        let (status, body) = go(site.client().clone(), name).await;
        assert_eq!(status, 422, "{name}: {body}");
        assert!(body.contains(says), "{name}: {body}");
    }
    // Someone else's person is answered as no one at all.
    let (status, body) = go(nurse.client.clone(), "Ria+Okoro").await;
    assert_eq!(status, 422);
    assert!(body.contains("No one on the agenda"), "{body}");
    assert!(!body.contains(&ria.id.to_string()), "{body}");

    // Without JavaScript: a plain post answered by the person's page in the meeting.
    let router = app(db).await;
    let plain = Request::post("/api/go_to_person")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, "http://127.0.0.1:3000/register/meeting")
        .body(Body::from("name=sam+okafor"))
        .unwrap();
    let sent = send(&router, plain).await;
    assert!(sent.status.is_redirection(), "{}", sent.status);
    assert_eq!(
        sent.location.as_deref(),
        Some(format!("/register/meeting?person={}", sam.id).as_str())
    );
    // A refused plain post comes back to the page with the problem on top, in the error
    // summary its address points to, as well as beside the field in the bar.
    let person_page = format!("/register/meeting?person={}", sam.id);
    let refused = Request::post("/api/go_to_person")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(
            header::REFERER,
            format!("http://127.0.0.1:3000{person_page}"),
        )
        .body(Body::from("name=Zed+Nobody"))
        .unwrap();
    let back = send(&router, refused).await;
    assert!(back.status.is_redirection(), "{}", back.status);
    let location = back.location.unwrap();
    assert!(location.ends_with("#error-summary"), "{location}");
    let page = get(&router, location.split('#').next().unwrap()).await;
    let summary = page
        .body
        .find(r#"id="error-summary""#)
        .expect("an error summary");
    let bar = page.body.find("dsr-meeting-bar").unwrap();
    assert!(summary < bar, "the summary is on top");
    assert!(page.body[summary..bar].contains("No one on the agenda"));
}
