//! `dsr serve` killed with SIGKILL while rating changes (and, separately, referrals) are
//! in flight, then started again on the same database, on both backends: every change the
//! server acknowledged is there, nothing is half-written (each rating change has its
//! history row, its change-log entry and its audit row, or none of them), the change log
//! is exactly the committed changes with no gap, the audit chain verifies, and a change
//! whose answer was lost in the crash, sent again, is kept exactly once.

use crate::support;

use app::{
    models::Role,
    store::{change_log, people, scratch::ScratchDb, Db},
};
use std::{
    collections::{HashMap, HashSet},
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
};
use support::{
    instance::{start, Instance, TEST_SECRET_KEY},
    referral::{family, submission},
    staff::{browser, sign_in},
};
use tokio::sync::Notify;

/// Rating changes planned; the server is killed partway through them.
const CHANGES: usize = 500;
/// Clients sending them at once, each to its own people.
const WRITERS: usize = 5;
/// People each writer changes, in turn.
const PEOPLE_PER_WRITER: usize = 2;
/// Referrals planned; likewise.
const REFERRALS: usize = 300;
/// Acknowledged sends after which the server is killed.
const KILL_AFTER: usize = 150;

/// Runs `$body` with `$pool` bound to the native pool of `$db`.
macro_rules! on {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Db::Sqlite($pool) => $body,
            Db::Postgres($pool) => $body,
        }
    };
}

/// One rating change as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sent {
    person: String,
    from_version: i64,
    rating: &'static str,
    rationale: String,
}

impl Sent {
    /// Sends it with `client`: `Some` when acknowledged (2xx), `None` when no answer came
    /// (the server is gone); any other answer fails the test.
    async fn send(&self, client: &reqwest::Client, base: &str) -> Option<()> {
        let body = format!(
            "person_id={}&version={}&rating={}&rationale={}",
            self.person,
            self.from_version,
            self.rating,
            self.rationale.replace(' ', "+")
        );
        let response = client
            .post(format!("{base}/api/change_rating"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body)
            .send()
            .await
            .ok()?;
        let status = response.status();
        assert!(status.is_success(), "{self:?} answered {status}");
        Some(())
    }
}

/// What one writer saw: the changes acknowledged, in order, and the one it sent (or was
/// about to send) when the server died, whose fate it cannot know.
#[derive(Debug, Default)]
struct Outcome {
    acknowledged: Vec<Sent>,
    in_doubt: Option<Sent>,
}

/// Signals `killer` once `acked` reaches [`KILL_AFTER`].
fn count_ack(acked: &AtomicUsize, killer: &Notify) {
    if acked.fetch_add(1, Ordering::AcqRel) + 1 == KILL_AFTER {
        killer.notify_one();
    }
}

/// Kills `instance` with SIGKILL once `killer` is signalled (and up to 30 ms more, so the
/// kill lands at a different point of the writes in flight each run), and waits until it
/// is gone.
async fn kill_when_told(instance: &mut Instance, killer: &Notify) {
    killer.notified().await;
    let jitter = rand::random::<u64>() % 30_000;
    tokio::time::sleep(std::time::Duration::from_micros(jitter)).await;
    instance.process.start_kill().unwrap();
    let status = instance.process.wait().await.unwrap();
    assert_eq!(status.code(), None, "killed by a signal: {status:?}");
}

/// Runs `dsr audit verify` on `url`; panics with its output unless it exits 0.
async fn audit_verifies(url: &str) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_dsr"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", url)
        .env("DSR_SECRET_KEY", TEST_SECRET_KEY)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "dsr audit verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The audit log's ids are 1, 2, 3, … with none missing (the app sets them).
async fn audit_ids_contiguous(db: &Db) {
    let (count, last): (i64, i64) = on!(db, pool => sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM audit_log"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(count, last, "audit ids have no gap");
}

/// Where the register stood before the test's changes.
struct Baseline {
    change_log: i64,
    rating_changes: i64,
    audit: i64,
    versions: HashMap<String, i64>,
    ratings: HashMap<String, String>,
}

async fn baseline(db: &Db) -> Baseline {
    let (rating_changes, audit): (i64, i64) = on!(db, pool => sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM rating_changes), \
         (SELECT COALESCE(MAX(id), 0) FROM audit_log)"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    let people = people::on_register(db).await.unwrap();
    Baseline {
        change_log: change_log::head(db).await.unwrap(),
        rating_changes,
        audit,
        versions: people
            .iter()
            .map(|p| (p.id.to_string(), p.version))
            .collect(),
        ratings: people
            .iter()
            .map(|p| (p.id.to_string(), p.rating.code().to_owned()))
            .collect(),
    }
}

/// The rating changes (rating, rationale) written to `person` since `base`, oldest first,
/// after checking that each was written whole: its history row, its change-log entry (at
/// the next version, from the rating before) and its audit row, and the person's row at
/// the last of them.
async fn written_whole(db: &Db, base: &Baseline, person: &str) -> Vec<(String, String)> {
    let history: Vec<(Option<String>, String, String)> = on!(db, pool => sqlx::query_as(
        "SELECT from_rating, to_rating, rationale FROM rating_changes \
         WHERE person_id = $1 AND id > $2 ORDER BY id"
    )
    .bind(person)
    .bind(base.rating_changes)
    .fetch_all(pool)
    .await)
    .unwrap();
    let log: Vec<(String, i64, Option<String>, Option<String>)> = on!(db, pool => sqlx::query_as(
        "SELECT kind, version, from_rating, to_rating FROM change_log \
         WHERE person_id = $1 AND id > $2 ORDER BY id"
    )
    .bind(person)
    .bind(base.change_log)
    .fetch_all(pool)
    .await)
    .unwrap();
    let audited: i64 = on!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE person_id = $1 AND action = 'rating_changed' AND id > $2"
    )
    .bind(person)
    .bind(base.audit)
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(
        history.len(),
        log.len(),
        "{person}: one change-log entry per history row"
    );
    assert_eq!(
        audited as usize,
        history.len(),
        "{person}: one audit row per change"
    );
    let mut version = base.versions[person];
    let mut rating = base.ratings[person].clone();
    for ((from, to, _), (kind, logged_version, logged_from, logged_to)) in history.iter().zip(&log)
    {
        version += 1;
        assert_eq!(kind, "rating_changed");
        assert_eq!(*logged_version, version, "{person}: versions with no gap");
        assert_eq!(from.as_deref(), Some(rating.as_str()), "{person}: history");
        assert_eq!(
            logged_from.as_deref(),
            Some(rating.as_str()),
            "{person}: log"
        );
        assert_eq!(logged_to.as_deref(), Some(to.as_str()), "{person}: log");
        rating.clone_from(to);
    }
    let now = people::get(db, person.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        now.version, version,
        "{person}: the row is at the last change"
    );
    assert_eq!(
        now.rating.code(),
        rating,
        "{person}: the row has its rating"
    );
    history.into_iter().map(|(_, to, why)| (to, why)).collect()
}

/// The change log after `base` is exactly what the feed sends: every entry, in id order,
/// each once; on SQLite its ids also run on with no gap (PostgreSQL may skip an id taken
/// by a transaction the crash rolled back, which the feed never promised).
async fn log_is_the_feed(db: &Db, base: &Baseline, expected: usize) {
    let today = app::models::uk_today(chrono::Utc::now());
    let fed = change_log::changes_after(db, base.change_log, 10 * CHANGES as i64, today)
        .await
        .unwrap();
    let ids: Vec<i64> = fed.iter().map(|c| c.id).collect();
    let stored: Vec<i64> = on!(db, pool => sqlx::query_scalar(
        "SELECT id FROM change_log WHERE id > $1 ORDER BY id"
    )
    .bind(base.change_log)
    .fetch_all(pool)
    .await)
    .unwrap();
    assert_eq!(ids, stored, "the feed reads every entry, in order");
    assert_eq!(ids.len(), expected, "one entry per change kept");
    if let Db::Sqlite(_) = db {
        let (count, last): (i64, i64) = on!(db, pool => sqlx::query_as(
            "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM change_log"
        )
        .fetch_one(pool)
        .await)
        .unwrap();
        assert_eq!(count, last, "change-log ids have no gap");
    }
}

async fn rating_changes_survive_a_kill(scratch: &ScratchDb) {
    let db = &scratch.db;
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 14, 7, today, &Default::default())
        .await
        .unwrap();
    let staff = sign_in(db, Role::Coordinator, None).await;
    let base = baseline(db).await;
    let mut ids: Vec<String> = base.versions.keys().cloned().collect();
    ids.sort();
    assert!(ids.len() >= WRITERS * PEOPLE_PER_WRITER);

    let mut instance = start(scratch.url(), &[]).await;
    let acked = Arc::new(AtomicUsize::new(0));
    let killer = Arc::new(Notify::new());
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let mine: Vec<String> = ids[w * PEOPLE_PER_WRITER..(w + 1) * PEOPLE_PER_WRITER].to_vec();
        let mut versions: Vec<i64> = mine.iter().map(|p| base.versions[p]).collect();
        let (client, server) = (staff.client.clone(), instance.base.clone());
        let (acked, killer) = (acked.clone(), killer.clone());
        writers.push(tokio::spawn(async move {
            let mut outcome = Outcome::default();
            for n in 0..CHANGES / WRITERS {
                let turn = n % PEOPLE_PER_WRITER;
                let sent = Sent {
                    person: mine[turn].clone(),
                    from_version: versions[turn],
                    rating: ["red", "amber", "green"][(n / PEOPLE_PER_WRITER + w) % 3],
                    rationale: format!("Crash test writer {w} change {n}"),
                };
                if sent.send(&client, &server).await.is_none() {
                    outcome.in_doubt = Some(sent);
                    break;
                }
                versions[turn] += 1;
                outcome.acknowledged.push(sent);
                count_ack(&acked, &killer);
            }
            outcome
        }));
    }
    kill_when_told(&mut instance, &killer).await;
    let mut outcomes = Vec::new();
    for writer in writers {
        outcomes.push(writer.await.unwrap());
    }
    let acknowledged: Vec<&Sent> = outcomes.iter().flat_map(|o| &o.acknowledged).collect();
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(
        acknowledged.len() < CHANGES,
        "the server was killed partway through"
    );

    // Started again on the same database, before anything new is written.
    let instance = start(scratch.url(), &[]).await;
    let mut kept = 0;
    for person in &ids {
        let written = written_whole(db, &base, person).await;
        let expected: Vec<(String, String)> = acknowledged
            .iter()
            .filter(|s| &s.person == person)
            .map(|s| (s.rating.to_owned(), s.rationale.clone()))
            .collect();
        assert!(
            written.starts_with(&expected),
            "{person}: every acknowledged change is kept, in order"
        );
        let lost_answer = outcomes
            .iter()
            .filter_map(|o| o.in_doubt.as_ref())
            .find(|s| &s.person == person)
            .map(|s| (s.rating.to_owned(), s.rationale.clone()));
        let extra = &written[expected.len()..];
        assert!(
            extra.is_empty() || (extra.len() == 1 && lost_answer.as_ref() == Some(&extra[0])),
            "{person}: nothing but the change in flight, if that: {extra:?}"
        );
        kept += written.len();
    }
    log_is_the_feed(db, &base, kept).await;
    audit_ids_contiguous(db).await;
    audit_verifies(scratch.url()).await;

    // Each change whose answer was lost, sent again, is kept once: applied now if the
    // crash lost it, or answered as it was if it had committed.
    let in_doubt: Vec<&Sent> = outcomes
        .iter()
        .filter_map(|o| o.in_doubt.as_ref())
        .collect();
    for sent in &in_doubt {
        assert!(sent.send(&staff.client, &instance.base).await.is_some());
    }
    for person in &ids {
        let expected: Vec<(String, String)> = acknowledged
            .iter()
            .chain(&in_doubt)
            .filter(|s| &s.person == person)
            .map(|s| (s.rating.to_owned(), s.rationale.clone()))
            .collect();
        assert_eq!(written_whole(db, &base, person).await, expected, "{person}");
    }
    log_is_the_feed(db, &base, acknowledged.len() + in_doubt.len()).await;
    audit_ids_contiguous(db).await;
    audit_verifies(scratch.url()).await;
    drop(instance);
}

/// A public referral sent with `key`: its reference when acknowledged, `None` when no
/// answer came; any other answer fails the test.
async fn refer(client: &reqwest::Client, base: &str, key: &str) -> Option<String> {
    let response = client
        .post(format!("{base}/api/submit_referral"))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(submission(key, &family(), false, ""))
        .send()
        .await
        .ok()?;
    let status = response.status();
    let text = response.text().await.ok()?;
    assert!(status.is_success(), "{key}: {status} {text}");
    let receipt: serde_json::Value = serde_json::from_str(&text).unwrap();
    Some(receipt["reference"].as_str().unwrap().to_owned())
}

/// Every referral, as (idempotency key, reference); and the references audited as received.
async fn referrals_kept(db: &Db) -> (Vec<(String, String)>, Vec<String>) {
    let rows = on!(db, pool => sqlx::query_as(
        "SELECT idempotency_key, reference FROM referrals ORDER BY idempotency_key"
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    let mut audited: Vec<String> = on!(db, pool => sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'referral_received'"
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    audited.sort();
    (rows, audited)
}

/// Checks that every referral was written whole (one audit row each, references
/// unique); returns them by key.
async fn referrals_whole(db: &Db) -> HashMap<String, String> {
    let (rows, audited) = referrals_kept(db).await;
    let mut references: Vec<String> = rows.iter().map(|(_, r)| r.clone()).collect();
    references.sort();
    assert_eq!(references, audited, "one audit row per referral, no other");
    let unique: HashSet<&String> = references.iter().collect();
    assert_eq!(unique.len(), references.len(), "references are unique");
    rows.into_iter().collect()
}

async fn referrals_survive_a_kill(scratch: &ScratchDb) {
    let db = &scratch.db;
    let env = [("DSR_REFERRALS_PER_HOUR", "10000")];
    let mut instance = start(scratch.url(), &env).await;
    let acked = Arc::new(AtomicUsize::new(0));
    let killer = Arc::new(Notify::new());
    let mut senders = Vec::new();
    for _ in 0..WRITERS {
        let server = instance.base.clone();
        let (acked, killer) = (acked.clone(), killer.clone());
        senders.push(tokio::spawn(async move {
            let public = browser(None);
            let mut acknowledged = Vec::new();
            for _ in 0..REFERRALS / WRITERS {
                let key = uuid::Uuid::new_v4().to_string();
                let Some(reference) = refer(&public, &server, &key).await else {
                    return (acknowledged, Some(key));
                };
                acknowledged.push((key, reference));
                count_ack(&acked, &killer);
            }
            (acknowledged, None)
        }));
    }
    kill_when_told(&mut instance, &killer).await;
    let mut acknowledged: HashMap<String, String> = HashMap::new();
    let mut in_doubt = Vec::new();
    for sender in senders {
        let (acked, doubt) = sender.await.unwrap();
        acknowledged.extend(acked);
        in_doubt.extend(doubt);
    }
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(acknowledged.len() < REFERRALS, "killed partway through");

    let instance = start(scratch.url(), &env).await;
    let kept = referrals_whole(db).await;
    for (key, reference) in &acknowledged {
        assert_eq!(
            kept.get(key),
            Some(reference),
            "every acknowledged referral is kept"
        );
    }
    for key in kept.keys() {
        assert!(
            acknowledged.contains_key(key) || in_doubt.contains(key),
            "nothing kept that was not sent"
        );
    }
    audit_ids_contiguous(db).await;
    audit_verifies(scratch.url()).await;

    // Sent again after the restart, each key gives back its referral, or makes it once
    // if the crash lost it (and, sent once more, gives that one back).
    let public = browser(None);
    let mut answered = HashMap::new();
    for key in acknowledged.keys().chain(&in_doubt) {
        let reference = refer(&public, &instance.base, key).await.unwrap();
        if let Some(before) = acknowledged.get(key).or(kept.get(key)) {
            assert_eq!(&reference, before, "{key}: the same reference again");
        }
        answered.insert(key.clone(), reference);
    }
    for key in &in_doubt {
        let again = refer(&public, &instance.base, key).await.unwrap();
        assert_eq!(again, answered[key]);
    }
    assert_eq!(referrals_whole(db).await, answered, "each key once");
    audit_ids_contiguous(db).await;
    audit_verifies(scratch.url()).await;
    drop(instance);
}

#[tokio::test]
async fn rating_changes_sqlite() {
    let scratch = ScratchDb::sqlite().await.unwrap();
    rating_changes_survive_a_kill(&scratch).await;
    scratch.remove().await.unwrap();
}

#[tokio::test]
async fn rating_changes_postgres() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    rating_changes_survive_a_kill(&scratch).await;
    scratch.remove().await.unwrap();
}

#[tokio::test]
async fn referrals_sqlite() {
    let scratch = ScratchDb::sqlite().await.unwrap();
    referrals_survive_a_kill(&scratch).await;
    scratch.remove().await.unwrap();
}

#[tokio::test]
async fn referrals_postgres() {
    let Some(scratch) = ScratchDb::postgres_for_test().await else {
        return;
    };
    referrals_survive_a_kill(&scratch).await;
    scratch.remove().await.unwrap();
}
