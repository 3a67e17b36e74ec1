//! A page that refreshes itself from the live feed is not a person using the portal, on
//! both backends: such a read neither keeps the session alive nor writes a second view row,
//! nor does the feed itself; a person's own read does both. The browser's word alone never
//! hides a view: a "refresh" of what was never opened is audited, and so is a catch-up on
//! the feed that reaches back beyond its live tail.

use crate::support;

use app::store::{people, Db};
use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use support::{post_form_answer, serve, sse::EventReader, Site};

app::on_both_backends!(
    a_refresh_from_the_feed_keeps_no_session_alive_and_writes_no_second_view,
    a_persons_read_keeps_the_session_alive_and_is_audited,
    a_refresh_of_what_was_never_opened_is_audited,
    a_catch_up_beyond_the_live_tail_is_audited,
);

/// When the site's coordinator's session was last used.
async fn last_seen(db: &Db, site: &Site) -> DateTime<Utc> {
    let sql = "SELECT last_seen_at FROM sessions WHERE user_id = $1";
    match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(sql)
                .bind(&site.staff.id)
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(sql)
                .bind(&site.staff.id)
                .fetch_one(pool)
                .await
        }
    }
    .unwrap()
}

/// Says the coordinator's session was last used `ago` (within the idle limit); returns
/// that time.
async fn seen_ago(db: &Db, site: &Site, ago: TimeDelta) -> DateTime<Utc> {
    let at = app::store::timestamp_now() - ago;
    let sql = "UPDATE sessions SET last_seen_at = $2 WHERE user_id = $1";
    match db {
        Db::Sqlite(pool) => {
            let query = sqlx::query(sql).bind(&site.staff.id).bind(at);
            query.execute(pool).await.map(|_| ())
        }
        Db::Postgres(pool) => {
            let query = sqlx::query(sql).bind(&site.staff.id).bind(at);
            query.execute(pool).await.map(|_| ())
        }
    }
    .unwrap();
    last_seen(db, site).await
}

/// How many audit rows record a look at a record (its page, meeting view or team).
async fn views(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) FROM audit_log \
               WHERE action IN ('person_viewed', 'record_team_viewed')";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap()
}

/// The reads a person page, the meeting view and the board make, as (endpoint, form)
/// for `person`, with `refresh` as given.
fn reads(person: &str, refresh: bool) -> Vec<(&'static str, String)> {
    vec![
        ("get_person", format!("id={person}&refresh={refresh}")),
        (
            "record_team",
            format!("person_id={person}&refresh={refresh}"),
        ),
        (
            "get_meeting",
            format!("person={person}&page=1&refresh={refresh}"),
        ),
        (
            "get_board",
            format!("query[q]=&query[page]=1&query[overdue]=false&refresh={refresh}"),
        ),
    ]
}

/// A demo register and a site on it; returns the site and a person's id.
async fn site_with_a_person(db: &Db) -> (Site, String) {
    let today = app::models::uk_today(Utc::now());
    server::demo::seed(db, 1, 3, today, &Default::default())
        .await
        .unwrap();
    let site = serve(db).await;
    let person = people::first_by_name(db, 1).await.unwrap()[0].to_string();
    (site, person)
}

async fn a_refresh_from_the_feed_keeps_no_session_alive_and_writes_no_second_view(db: &Db) {
    let (site, person) = site_with_a_person(db).await;
    for (endpoint, form) in reads(&person, false) {
        let (status, body) = post_form_answer(site.client(), &site.base, endpoint, form).await;
        assert_eq!(status, StatusCode::OK, "{endpoint}: {body}");
    }
    assert_eq!(views(db).await, 3);
    let before = seen_ago(db, &site, TimeDelta::minutes(10)).await;
    for (endpoint, form) in reads(&person, true) {
        let (status, body) = post_form_answer(site.client(), &site.base, endpoint, form).await;
        assert_eq!(status, StatusCode::OK, "{endpoint}: {body}");
        assert_eq!(last_seen(db, &site).await, before, "{endpoint}");
    }
    assert_eq!(views(db).await, 3, "no second view row");
    // Nor does the live feed, opened or opened again.
    for _ in 0..2 {
        let url = format!("{}/events?after=0", site.base);
        let _feed = EventReader::connect(site.client(), &url, None).await;
        assert_eq!(last_seen(db, &site).await, before, "/events");
    }
}

async fn a_persons_read_keeps_the_session_alive_and_is_audited(db: &Db) {
    let (site, person) = site_with_a_person(db).await;
    for (endpoint, form) in reads(&person, false) {
        let before = seen_ago(db, &site, TimeDelta::minutes(10)).await;
        let (status, body) = post_form_answer(site.client(), &site.base, endpoint, form).await;
        assert_eq!(status, StatusCode::OK, "{endpoint}: {body}");
        assert!(last_seen(db, &site).await > before, "{endpoint}");
    }
    // The person page, its team and the meeting view each write one row.
    assert_eq!(views(db).await, 3);
    // Used again within half a minute of the last mark: nothing written (a session ends
    // as idle at most that much early).
    let marked = app::auth::session::MARK_EVERY;
    let before = seen_ago(db, &site, marked - TimeDelta::seconds(5)).await;
    for (endpoint, form) in reads(&person, false) {
        let (status, body) = post_form_answer(site.client(), &site.base, endpoint, form).await;
        assert_eq!(status, StatusCode::OK, "{endpoint}: {body}");
        assert_eq!(last_seen(db, &site).await, before, "{endpoint}");
    }
    let before = seen_ago(db, &site, marked + TimeDelta::seconds(5)).await;
    let (endpoint, form) = reads(&person, false).remove(3);
    let (status, body) = post_form_answer(site.client(), &site.base, endpoint, form).await;
    assert_eq!(status, StatusCode::OK, "{endpoint}: {body}");
    assert!(
        last_seen(db, &site).await > before,
        "marked once half a minute has passed"
    );
}

/// How many audit rows have `action`.
async fn audited(db: &Db, action: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM audit_log WHERE action = $1";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(action).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(action).fetch_one(pool).await,
    }
    .unwrap()
}

async fn a_refresh_of_what_was_never_opened_is_audited(db: &Db) {
    let (site, person) = site_with_a_person(db).await;
    for (endpoint, form) in reads(&person, true) {
        let (status, body) = post_form_answer(site.client(), &site.base, endpoint, form).await;
        assert_eq!(status, StatusCode::OK, "{endpoint}: {body}");
    }
    assert_eq!(views(db).await, 3, "a refresh is no first view");
    let search = "query[q]=999&query[page]=1&query[overdue]=false&refresh=true";
    for _ in 0..2 {
        let (status, body) =
            post_form_answer(site.client(), &site.base, "get_board", search.into()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(
        audited(db, "board_search").await,
        1,
        "recorded once, then refreshed"
    );
}

async fn a_catch_up_beyond_the_live_tail_is_audited(db: &Db) {
    let today = app::models::uk_today(Utc::now());
    server::demo::seed(db, 60, 3, today, &Default::default())
        .await
        .unwrap();
    let site = serve(db).await;
    let head = app::store::change_log::head(db).await.unwrap();
    assert!(head > server::events::LIVE_TAIL, "{head}");
    let near = head - server::events::LIVE_TAIL;
    let _recent = EventReader::connect(
        site.client(),
        &format!("{}/events?after={near}", site.base),
        None,
    )
    .await;
    assert_eq!(
        audited(db, "feed_catch_up").await,
        0,
        "a reconnect is no replay"
    );
    let url = format!("{}/events", site.base);
    let _replay = EventReader::connect(site.client(), &url, Some("0")).await;
    assert_eq!(audited(db, "feed_catch_up").await, 1);
    let filter = app::store::audit::AuditFilter {
        action: Some("feed_catch_up".into()),
        ..Default::default()
    };
    let row = &app::store::audit::search(db, &filter, 1).await.unwrap()[0];
    assert_eq!(row.detail, format!("from 0 to {head}: {head} entries"));
}
