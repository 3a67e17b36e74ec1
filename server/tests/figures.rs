//! The figures over HTTP on both backends: what a commissioner sees (only suppressed
//! aggregates, only at month ends), the CSV downloads (parsed back: byte-order mark, CRLF,
//! quoting, formulas neutralised), a list with names only for a coordinator with a
//! reason, once, and every view, export and refusal audited.

use crate::support;

use app::{
    models::Role,
    store::{audit, Db},
};
use chrono::Datelike;
use reqwest::StatusCode;
use support::{post_form_answer, serve, staff::sign_in, text_of};

app::on_both_backends!(
    a_commissioner_sees_only_suppressed_figures_at_month_ends,
    a_table_downloads_as_csv_that_opens_cleanly,
    a_list_with_names_needs_a_coordinator_and_a_reason_and_downloads_once,
);

async fn audited(db: &Db, action: &str) -> Vec<app::models::AuditLine> {
    let filter = audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    audit::search(db, &filter, 50).await.unwrap()
}

/// A register of 40 demo people, served, with a coordinator signed in.
async fn site(db: &Db) -> support::Site {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 40, 7, today, &Default::default())
        .await
        .unwrap();
    serve(db).await
}

/// Every count in a figures answer.
fn counts(figures: &serde_json::Value) -> Vec<Option<i64>> {
    figures["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["rows"].as_array().unwrap().iter())
        .flat_map(|r| r["cells"].as_array().unwrap().iter())
        .filter(|c| c["type"] == "count")
        .map(|c| c["value"].as_i64())
        .collect()
}

async fn a_commissioner_sees_only_suppressed_figures_at_month_ends(db: &Db) {
    let site = site(db).await;
    let commissioner = sign_in(db, Role::Commissioner, None).await;
    let ask = |client, body: &str| post_form_answer(client, &site.base, "figures", body.to_owned());

    // The LDA team sees every count, today.
    let (status, body) = ask(site.client(), "day=&month=&year=").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let all: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(all["suppressed_below"].is_null());
    assert!(counts(&all).iter().all(Option::is_some));
    assert!(
        counts(&all).iter().any(|n| matches!(n, Some(1..=7))),
        "a register of 40 has small counts"
    );

    // A commissioner: the last month end, no count from 1 to 7.
    let (status, body) = ask(&commissioner.client, "day=&month=&year=").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let theirs: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(theirs["suppressed_below"], 8);
    let on: chrono::NaiveDate = theirs["on"].as_str().unwrap().parse().unwrap();
    assert_eq!(on.succ_opt().unwrap().day(), 1, "{on} is a month end");
    let today = app::models::uk_today(chrono::Utc::now());
    assert!(
        on < today,
        "a month that has ended, never one still changing"
    );
    let seen = counts(&theirs);
    assert!(seen.iter().any(Option::is_none), "some counts are hidden");
    assert!(
        seen.iter().flatten().all(|n| *n == 0 || *n >= 8),
        "{seen:?}"
    );
    // Nor a share or median that would give one away.
    assert!(!body.contains("\"share\",\"value\":[1,") && !body.contains("\"days\",\"value\":1"));

    // A day that is not a month end: refused beside the date, for a commissioner only.
    let mid = format!("day=15&month={}&year={}", on.month(), on.year());
    let (status, body) = ask(&commissioner.client, &mid).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("last day of a month"), "{body}");
    assert_eq!(ask(site.client(), &mid).await.0, StatusCode::OK);
    // Nor today, even on a month's last day.
    let now = format!(
        "day={}&month={}&year={}",
        today.day(),
        today.month(),
        today.year()
    );
    assert_eq!(
        ask(&commissioner.client, &now).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Not a real day, in the future, before the register began: field errors.
    for bad in [
        "day=31&month=2&year=2026",
        "day=1&month=1&year=2999",
        "day=1&month=1&year=1990",
    ] {
        let (status, body) = ask(site.client(), bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert!(
            body.contains("on_day") || body.contains("on_year"),
            "{body}"
        );
    }

    // A record, a name or the board: refused and audited.
    let refused = audited(db, "access_denied").await.len();
    for (endpoint, body) in [
        (
            "get_board",
            "query[q]=&query[page]=1&query[overdue]=false".to_owned(),
        ),
        (
            "get_person",
            format!(
                "id={}",
                app::store::people::first_by_name(db, 1).await.unwrap()[0]
            ),
        ),
        ("ask_for_names", "list=register&reason=Curious".to_owned()),
    ] {
        let (status, _) = post_form_answer(&commissioner.client, &site.base, endpoint, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}");
    }
    // Pages too: the board, the list with names.
    for page in ["/register", "/figures/names"] {
        let response = commissioner
            .client
            .get(format!("{}{page}", site.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{page}");
    }
    let denied = audited(db, "access_denied").await;
    assert_eq!(denied.len(), refused + 5);
    assert!(denied
        .iter()
        .any(|d| d.detail == "open the page /figures/names"));
    // Each read of the figures is audited, saying whether counts were suppressed.
    let views = audited(db, "figures_viewed").await;
    assert!(views
        .iter()
        .any(|v| v.detail.contains("counts below 8 suppressed")));
    assert!(views.iter().any(|v| v.detail.contains("every count")));
}

/// Reads a CSV file back as a spreadsheet would (RFC 4180 with CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut records = Vec::new();
    let (mut record, mut value, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                value.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => value.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut value)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'));
                record.push(std::mem::take(&mut value));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => value.push(c),
        }
    }
    records
}

async fn a_table_downloads_as_csv_that_opens_cleanly(db: &Db) {
    let site = site(db).await;
    let response = site
        .client()
        .get(format!("{}/figures/export?table=settings", site.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"dsr-settings-"));
    assert_eq!(headers["cache-control"], "no-store");
    let rows = parse_csv(&response.text().await.unwrap());
    assert_eq!(
        rows[0],
        ["Where they live", "Children", "Adults", "All ages"]
    );
    let total = rows.iter().find(|r| r[0] == "All settings").unwrap();
    let on_register: usize = total[3].parse().unwrap();
    assert!(on_register > 30, "{total:?}");
    let exported = audited(db, "figures_exported").await;
    assert!(
        exported[0]
            .detail
            .starts_with(&format!("settings table, {} rows", rows.len() - 1)),
        "{}",
        exported[0].detail
    );
    // HEAD makes no file (and audits no export).
    let head = site
        .client()
        .head(format!("{}/figures/export?table=settings", site.base))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(audited(db, "figures_exported").await.len(), exported.len());
    // An unknown table, or a bad day: a clear refusal, not a file.
    for (query, status) in [
        ("table=everything", StatusCode::BAD_REQUEST),
        (
            "table=settings&on_day=40&on_month=1&on_year=2026",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let response = site
            .client()
            .get(format!("{}/figures/export?{query}", site.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{query}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
    }
    // Trends name their rows by ISO date (month ends) and ISO month.
    for table in ["rating-trend", "movement-trend"] {
        let url = format!("{}/figures/export?table={table}", site.base);
        let rows = parse_csv(&text_of(site.client().get(url)).await);
        assert_eq!(rows.len(), 13, "{table}: a header and 12 months");
        for row in &rows[1..] {
            let day = if table == "rating-trend" {
                row[0].clone()
            } else {
                format!("{}-01", row[0])
            };
            assert!(
                chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").is_ok(),
                "{table}: {}",
                row[0]
            );
        }
    }
}

async fn a_list_with_names_needs_a_coordinator_and_a_reason_and_downloads_once(db: &Db) {
    let site = site(db).await;
    // A name a spreadsheet would run as a formula, on the register.
    let first = app::store::people::first_by_name(db, 1).await.unwrap()[0];
    let mut tx = db.begin().await.unwrap();
    let person = app::store::people::get(&mut tx, first)
        .await
        .unwrap()
        .unwrap();
    app::store::people::write_row(
        &mut tx,
        &app::models::Person {
            family_name: "=HYPERLINK(\"http://evil.example\",\"x\")".into(),
            ..person
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let download = |client: &reqwest::Client| {
        client
            .get(format!("{}/figures/names/download", site.base))
            .send()
    };

    // Nothing asked for: back to asking.
    let response = download(site.client()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/figures/names?gone=yes");
    // No reason: refused beside the field, nothing kept.
    let (status, body) = post_form_answer(
        site.client(),
        &site.base,
        "ask_for_names",
        "list=register&reason=+".into(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Enter why you need a list with names in it"),
        "{body}"
    );
    assert_eq!(
        download(site.client()).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    // A professional may not ask.
    let nurse = sign_in(db, Role::Professional, None).await;
    let (status, _) = post_form_answer(
        &nurse.client,
        &site.base,
        "ask_for_names",
        "list=register&reason=Audit".into(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        download(&nurse.client).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    // Asked for with a reason: downloaded once, audited with the reason and the rows.
    let (status, body) = post_form_answer(
        site.client(),
        &site.base,
        "ask_for_names",
        "list=register&reason=Monthly+return+to+NHS+England".into(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let response = download(site.client()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let rows = parse_csv(&response.text().await.unwrap());
    assert_eq!(&rows[0][..3], ["NHS number", "Family name", "Given name"]);
    let on_register = rows.len() - 1;
    assert_eq!(
        on_register,
        app::store::people::on_register(db).await.unwrap().len()
    );
    assert!(
        rows.iter()
            .any(|r| r[1] == "'=HYPERLINK(\"http://evil.example\",\"x\")"),
        "the formula is neutralised"
    );
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[3].len() == 10 && r[3].as_bytes()[4] == b'-'),
        "ISO dates"
    );
    let exported = audited(db, "names_exported").await;
    assert_eq!(exported.len(), 1);
    assert!(
        exported[0]
            .detail
            .starts_with(&format!("register list, {on_register} rows")),
        "{}",
        exported[0].detail
    );
    assert!(exported[0]
        .detail
        .ends_with("reason: Monthly return to NHS England"));
    assert_eq!(
        download(site.client()).await.unwrap().status(),
        StatusCode::SEE_OTHER,
        "once"
    );
}
