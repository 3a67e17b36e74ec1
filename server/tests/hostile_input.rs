//! Hostile input at scale, on both backends: `dsr serve` on a register of 40 demo people,
//! called by every role (and by no one) with generated, mutated and hostile requests to
//! every server function (each one registered, with the arguments its source declares),
//! every form on every page, the pages themselves and the live feed. No answer may be a
//! 5xx (but a busy 503 with `Retry-After`), the server's log may show no panic, and no
//! text stored through the real forms, script and markup included, may be drawn as markup
//! on any page any role can open.
//!
//! The budget is `DSR_FUZZ_REQUESTS` requests (a short run here; `scripts/bench.sh fuzz`
//! runs a long one) from `DSR_FUZZ_WORKERS` callers at once; `DSR_FUZZ_SEED` repeats a run.

use crate::hostile;
use crate::support;

use app::{error::AppError, store::scratch::ScratchDb};
use hostile::{html, payloads, Sent, World, COORDINATOR, LINKED};
use std::{collections::BTreeMap, sync::Arc};

/// Requests in the test command's short run, per backend.
const SHORT_RUN: u64 = 1500;

fn setting(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

async fn hostile_input(scratch: &ScratchDb, backend: &str) {
    let seed = setting("DSR_FUZZ_SEED").unwrap_or_else(rand::random);
    let budget = setting("DSR_FUZZ_REQUESTS").unwrap_or(SHORT_RUN);
    let workers = setting("DSR_FUZZ_WORKERS").unwrap_or(3).max(1);
    println!("hostile input on {backend}: seed {seed}, {budget} requests, {workers} workers (DSR_FUZZ_SEED={seed} repeats it)");
    let log = std::env::temp_dir().join(format!(
        "dsr-hostile-{backend}-{}.log",
        uuid::Uuid::new_v4().simple()
    ));
    let mut world = World::start(&scratch.db, scratch.url(), log.clone()).await;
    // Hostile text stored through the real forms first, so that every page drawn later
    // holds some: referrals (which triage then shows), then every form on every page,
    // twice (the first round adds actions and the like whose own forms the second fills).
    let mut stored = send_hostile_referrals(&world).await;
    for round in 0..2 {
        world.crawl(2, 150).await;
        for (action, n) in store_hostile_text(&mut world, round == 1).await {
            *stored.entry(action).or_default() += n;
        }
    }
    println!("hostile text stored through forms: {stored:?}");
    for must in [
        "/api/change_rating",
        "/api/save_details",
        "/api/add_action",
        "/api/update_action",
        "/api/record_triage",
        "/api/submit_referral",
        "/api/join",
    ] {
        assert!(
            stored.get(must).is_some_and(|n| *n > 0),
            "no hostile text was stored through {must}: {stored:?}"
        );
    }
    let before = scan(&mut world).await;

    let swept = std::sync::Mutex::new(hostile::Tally::default());
    world.sweep(&swept).await;
    let swept = swept.into_inner().unwrap();
    println!("swept {backend}: {swept}");

    let world = Arc::new(world);
    let tally = world.fuzz(seed, budget, workers).await;
    println!("fuzzed {backend}: {tally}");
    let mut world = Arc::try_unwrap(world).ok().expect("the fuzz has ended");
    let after = scan(&mut world).await;

    assert!(
        world.still_running(),
        "the server stopped during the fuzz (seed {seed})"
    );
    let mut failures = swept.failures;
    failures.extend(tally.failures.iter().cloned());
    failures.extend(before.into_iter().chain(after));
    failures.extend(
        world
            .panics()
            .into_iter()
            .map(|l| format!("the server's log: {l}")),
    );
    assert!(
        failures.is_empty(),
        "seed {seed} on {backend} ({tally}):\n\n{}",
        failures.join("\n\n")
    );
    let _ = std::fs::remove_file(&log);
}

/// Referrals, a family's (sent without signing in) and a linked professional's, whose
/// every text answer is script and markup, sent as the referral form sends them.
async fn send_hostile_referrals(world: &World) -> BTreeMap<String, u32> {
    let mut stored: BTreeMap<String, u32> = BTreeMap::new();
    for (caller, professional) in [(0, false), (LINKED, true)] {
        let mut answers = if professional {
            support::referral::professional()
        } else {
            support::referral::family()
        };
        let hostile = |i: usize| payloads::SCRIPTS[i % payloads::SCRIPTS.len()].to_owned();
        answers.given_name = hostile(0);
        answers.family_name = hostile(1);
        answers.whats_happening = hostile(2);
        answers.others_involved = hostile(3);
        answers.contact_name = hostile(4);
        answers.contact_notes = hostile(5);
        answers.child_view_words = hostile(6);
        if professional {
            answers.current_issues = hostile(7);
            answers.what_tried = hostile(0);
        }
        let key = uuid::Uuid::new_v4().to_string();
        let body = support::referral::submission(&key, &answers, professional, "");
        let sent = Sent {
            method: reqwest::Method::POST,
            path: "/api/submit_referral".into(),
            caller,
            headers: vec![
                ("content-type".into(), b"application/json".to_vec()),
                ("accept".into(), b"application/json".to_vec()),
            ],
            body: body.into_bytes(),
            chunked: false,
        };
        let (status, _, answer) = world.send(&sent).await.unwrap();
        assert_eq!(status, 200, "{}\n{sent}", String::from_utf8_lossy(&answer));
        *stored.entry(sent.path.clone()).or_default() += 1;
    }
    stored
}

/// Fills every free-text field of every form found (but signing out) with script and
/// markup and submits it as the caller who saw it, giving the fields that refuse it text
/// of their own shape, until it is stored; records are closed (with script as the reason)
/// only when `closing`. How many were stored, by where they were posted.
async fn store_hostile_text(world: &mut World, closing: bool) -> BTreeMap<String, u32> {
    let mut stored: BTreeMap<String, u32> = BTreeMap::new();
    let mut forms = world.forms.clone();
    // Closing a record only in the last round, and last: the other forms on it still save.
    forms.retain(|(_, _, f)| closing || !f.action.ends_with("/leave_register"));
    forms.sort_by_key(|(_, _, f)| f.action.ends_with("/leave_register"));
    let mut done = std::collections::BTreeSet::new();
    for (k, (page, caller, form)) in forms.into_iter().enumerate() {
        let action = form.action.clone();
        if !action.starts_with("/api/")
            || action.ends_with("/logout")
            || action.ends_with("/end_session")
            || !done.insert((page.clone(), caller, action.clone()))
            || !form.fields.iter().any(|f| f.kind == html::Kind::Text)
        {
            continue;
        }
        let mut form = form;
        // Fields given a value of their own shape after the form refused script in them.
        let mut shaped: BTreeMap<String, String> = BTreeMap::new();
        for _ in 0..5 {
            let mut pairs = form.pairs();
            pairs.extend(form.buttons().into_iter().take(1));
            for (i, (name, value)) in pairs.iter_mut().enumerate() {
                let field = form.fields.iter().find(|f| f.name == *name);
                if let Some(fixed) = shaped.get(name) {
                    *value = fixed.clone();
                } else if let Some(fixed) = shape_of(name, value) {
                    *value = fixed;
                } else if field.is_some_and(|f| f.kind == html::Kind::Text) {
                    let payload = payloads::SCRIPTS[(k + i) % payloads::SCRIPTS.len()];
                    *value = payload
                        .chars()
                        .take(field.and_then(|f| f.max).unwrap_or(usize::MAX))
                        .collect();
                }
            }
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&pairs)
                .finish();
            let sent = Sent {
                method: reqwest::Method::POST,
                path: action.clone(),
                caller,
                headers: vec![
                    (
                        "content-type".into(),
                        b"application/x-www-form-urlencoded".to_vec(),
                    ),
                    ("accept".into(), b"application/json".to_vec()),
                ],
                body: body.into_bytes(),
                chunked: false,
            };
            let (status, _, answer) = world
                .send(&sent)
                .await
                .unwrap_or_else(|e| panic!("{e}\n{sent}"));
            assert!(
                status < 500,
                "answered {status}: {}\n{sent}",
                String::from_utf8_lossy(&answer)
            );
            match (status, serde_json::from_slice::<AppError>(&answer)) {
                (200..=299, _) => {
                    *stored.entry(action.clone()).or_default() += 1;
                    break;
                }
                (_, Ok(AppError::Invalid(errors))) => {
                    let before = shaped.len();
                    for error in errors {
                        let original = form
                            .pairs()
                            .into_iter()
                            .find(|(n, _)| *n == error.field)
                            .map(|(_, v)| v);
                        match error.field.rsplit_once('_') {
                            // A date refused: today's, in all three of its fields.
                            Some((prefix, "day" | "month" | "year")) => {
                                use chrono::Datelike;
                                let today = app::models::uk_today(chrono::Utc::now());
                                shaped.insert(format!("{prefix}_day"), today.day().to_string());
                                shaped.insert(format!("{prefix}_month"), today.month().to_string());
                                shaped.insert(format!("{prefix}_year"), today.year().to_string());
                            }
                            _ => {
                                shaped.insert(error.field, original.unwrap_or_default());
                            }
                        }
                    }
                    if shaped.len() == before {
                        break;
                    }
                }
                (409, _) => {
                    // Saved since the page was read: read it again.
                    let fresh = world.send(&Sent::get(page.clone(), caller)).await.ok();
                    let again = fresh.and_then(|(_, _, html)| {
                        html::read(&String::from_utf8_lossy(&html))
                            .forms
                            .into_iter()
                            .find(|f| f.action == action && f.fields.len() == form.fields.len())
                    });
                    match again {
                        Some(again) => form = again,
                        None => break,
                    }
                }
                _ => break,
            }
        }
    }
    stored
}

/// A value of the right shape for a field that takes one (an email address, a password,
/// a telephone or NHS number, a date), where script would only be refused.
fn shape_of(name: &str, value: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    if name.contains("email") {
        Some(format!(
            "hostile-{}@example.com",
            uuid::Uuid::new_v4().simple()
        ))
    } else if name.contains("password") || name == "current" {
        Some("violet harbour climbs slowly 42".into())
    } else if name.contains("phone") {
        Some("07700 900982".into())
    } else if name.contains("nhs")
        || name.ends_with("_day")
        || name.ends_with("_month")
        || name.ends_with("_year")
        || name == "code"
    {
        Some(value.to_owned())
    } else {
        None
    }
}

/// Reads every page as every caller (finding the forms afresh) and returns a failure for
/// each place where a page would run stored text as script. Panics if no page shows any of the hostile
/// text at all (then the check would prove nothing).
async fn scan(world: &mut World) -> Vec<String> {
    let pages = world.crawl(2, 150).await;
    let mut failures = Vec::new();
    let mut showing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (path, caller, text) in &pages {
        let lower = text.to_lowercase();
        let who = world.callers[*caller].name;
        if lower.contains("__pwned") {
            showing.entry(who).or_default().push(path.clone());
        }
        for found in html::scripted(text) {
            failures.push(format!("GET {path} as {who} would run {found}"));
        }
    }
    let shown: Vec<String> = showing
        .iter()
        .map(|(who, p)| format!("{who}: {} pages", p.len()))
        .collect();
    println!(
        "pages read: {}; pages showing hostile text: {}",
        pages.len(),
        shown.join(", ")
    );
    let coordinator = world.callers[COORDINATOR].name;
    let seen = showing.get(coordinator).cloned().unwrap_or_default();
    for shape in ["/register", "/people/", "/triage/"] {
        assert!(
            seen.iter().any(|p| p.starts_with(shape)),
            "no {shape} page shows the hostile text to the coordinator: {seen:?}"
        );
    }
    failures
}

#[tokio::test]
async fn sqlite() {
    let scratch = ScratchDb::sqlite().await.unwrap();
    hostile_input(&scratch, "sqlite").await;
    scratch.remove().await.unwrap();
}

#[tokio::test]
async fn postgres() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    hostile_input(&scratch, "postgres").await;
    scratch.remove().await.unwrap();
}
