//! The live board's benchmark: a program, not a test. `scripts/bench.sh` runs it; the
//! README records its figures and the machine they came from.
//!
//! It seeds a register of 10,000 fictional people, starts `dsr serve` processes, holds
//! many `/events` clients open, makes rating changes over HTTP, and reports:
//! - commit-to-receipt latency of every event at every client, from the change's own
//!   timestamp (taken just before its transaction begins, so an upper bound) to the moment
//!   the client has parsed it, and events lost or received twice;
//! - the server's resident memory while holding the clients;
//! - the board's server render time beside serving the same bytes as a static file;
//! - the release WASM's size, raw, gzip and brotli.

mod common;
#[path = "../tests/support/instance.rs"]
#[allow(dead_code)] // the tests' helpers: a benchmark uses only some
mod instance;
#[path = "../tests/support/sse.rs"]
#[allow(dead_code)] // the tests' helpers: a benchmark uses only some
mod sse;
#[path = "../tests/support/staff.rs"]
#[allow(dead_code)] // the tests' helpers: a benchmark uses only some
mod staff;

use app::store::{change_log, scratch::ScratchDb, Db};
use clap::Parser;
use common::{machine, ms, percentile, rss_kib, seed};
use instance::Instance;
use sse::EventReader;
use std::{
    collections::HashSet,
    io::Write,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

/// What to run; every number has the default.
#[derive(Parser, Debug)]
struct Args {
    /// People on the register.
    #[arg(long, default_value_t = 10_000)]
    people: u32,
    /// Board clients following the feed in the latency runs.
    #[arg(long, default_value_t = 200)]
    clients: usize,
    /// Clients held by one instance in the memory run.
    #[arg(long, default_value_t = 1_000)]
    many_clients: usize,
    /// Rating changes per run.
    #[arg(long, default_value_t = 200)]
    changes: usize,
    /// Pause between changes, in milliseconds.
    #[arg(long, default_value_t = 20)]
    interval_ms: u64,
    /// Board requests timed (after 20 to warm up).
    #[arg(long, default_value_t = 300)]
    renders: usize,
    /// PostgreSQL admin URL for the two-instance run (skipped when unset).
    #[arg(long, env = "DSR_TEST_POSTGRES")]
    postgres: Option<String>,
    /// The release WASM to measure.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site/pkg/dsr.wasm"))]
    wasm: PathBuf,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    machine("DSR live board benchmark");
    let work = std::env::temp_dir().join(format!("dsr-bench-{}", std::process::id()));
    let site = work.join("site");
    std::fs::create_dir_all(&site).unwrap();
    let site_env = [("LEPTOS_SITE_ROOT", site.to_str().unwrap())];

    let url = format!("sqlite:{}", work.join("bench.db").display());
    seed(&url, args.people).await;
    let db = Db::connect(&url, 2).await.unwrap();
    let one = instance::start(&url, &site_env).await;
    println!("\n## One instance, SQLite, {} people\n", args.people);
    let run = feed_run(&db, &one, &one, args.clients, &args).await;
    run.report(&format!("{} clients", args.clients));
    let run = feed_run(&db, &one, &one, args.many_clients, &args).await;
    run.report(&format!("{} clients", args.many_clients));
    render(&db, &one, &site, args.renders, "/register").await;
    for path in [
        "/register?ctr_overdue=yes&keyworker=yes",
        "/register?view=list",
        "/register/meeting",
    ] {
        render(&db, &one, &site, args.renders, path).await;
    }
    filtered_read(&db, args.renders).await;
    let first = meeting_of_forty(&db).await;
    for path in [
        "/register/meeting".to_owned(),
        format!("/register/meeting?person={first}"),
    ] {
        render(&db, &one, &site, args.renders, &path).await;
    }
    drop(one);
    db.close().await;

    match &args.postgres {
        Some(admin) => {
            let scratch = ScratchDb::postgres(admin).await.unwrap();
            seed(scratch.url(), args.people).await;
            let a = instance::start(scratch.url(), &site_env).await;
            let b = instance::start(scratch.url(), &site_env).await;
            println!(
                "\n## Two instances, PostgreSQL, {} people: changes through A, clients on B\n",
                args.people
            );
            let run = feed_run(&scratch.db, &a, &b, args.clients, &args).await;
            run.report(&format!("{} clients", args.clients));
            drop((a, b));
            scratch.remove().await.unwrap();
        }
        None => println!("\n(PostgreSQL run skipped: set DSR_TEST_POSTGRES or --postgres)"),
    }
    wasm_sizes(&args.wasm);
    let _ = std::fs::remove_dir_all(&work);
}

/// What one feed run measured.
struct FeedRun {
    /// Every event at every client: commit to receipt.
    latencies: Vec<Duration>,
    /// Events expected but never received, over all clients.
    lost: usize,
    /// Events received more than once, over all clients.
    duplicated: usize,
    /// Changes the server refused (none expected).
    failed_changes: usize,
    /// The receiving server's resident memory with the clients connected, then after.
    rss_kib: (u64, u64),
}

/// Connects `clients` to `feed`'s `/events`, makes `args.changes` rating changes through
/// `changes`, and collects what each client received.
async fn feed_run(
    db: &Db,
    changes: &Instance,
    feed: &Instance,
    clients: usize,
    args: &Args,
) -> FeedRun {
    let head = change_log::head(db).await.unwrap();
    let url = format!("{}/events?after={head}", feed.base);
    let client = staff::sign_in(db, app::models::Role::Coordinator, None)
        .await
        .client;
    let readers =
        futures::future::join_all((0..clients).map(|_| EventReader::connect(&client, &url, None)))
            .await;
    let expected_count = args.changes;
    let tasks: Vec<_> = readers
        .into_iter()
        .map(|mut reader| {
            tokio::spawn(async move {
                let mut got = Vec::with_capacity(expected_count);
                while got.len() < expected_count {
                    let Some(event) = reader.next().await else {
                        break;
                    };
                    let received = chrono::Utc::now();
                    let change = event.change();
                    let latency = (received - change.at).to_std().unwrap_or_default();
                    got.push((change.id, latency));
                }
                got
            })
        })
        .collect();
    let pid = feed.process.id().unwrap();
    let rss_connected = rss_kib(pid);

    let targets = targets(db, args.changes).await;
    let mut failed_changes = 0;
    let mut tick = tokio::time::interval(Duration::from_millis(args.interval_ms));
    for (n, (person, version)) in targets.iter().enumerate() {
        tick.tick().await;
        let rating = ["red", "amber", "green", "blue"][n % 4];
        let status = common::change_rating(&client, &changes.base, person, *version, rating).await;
        match status {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => {
                failed_changes += 1;
                let status = r.status();
                eprintln!(
                    "change {n} of {person} refused: {status} {}",
                    r.text().await.unwrap_or_default()
                );
            }
            Err(e) => {
                failed_changes += 1;
                eprintln!("change {n} of {person} failed: {e}");
            }
        }
    }

    let today = app::models::uk_today(chrono::Utc::now());
    let expected: HashSet<i64> =
        change_log::changes_after(db, head, 10 * expected_count as i64 + 10, today)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
    let mut run = FeedRun {
        latencies: Vec::new(),
        lost: 0,
        duplicated: 0,
        failed_changes,
        rss_kib: (rss_connected, 0),
    };
    for task in tasks {
        let got = task.await.unwrap();
        let unique: HashSet<i64> = got.iter().map(|(id, _)| *id).collect();
        run.duplicated += got.len() - unique.len();
        run.lost += expected.difference(&unique).count();
        run.latencies.extend(got.into_iter().map(|(_, l)| l));
    }
    run.rss_kib.1 = rss_kib(pid);
    run
}

impl FeedRun {
    fn report(mut self, label: &str) {
        self.latencies.sort_unstable();
        println!(
            "- {label}: {} events received; latency p50 {}, p99 {}, max {}; lost {}, duplicated {}, \
             refused changes {}; server memory {} MiB with the clients connected, {} MiB after",
            self.latencies.len(),
            ms(percentile(&self.latencies, 50.0)),
            ms(percentile(&self.latencies, 99.0)),
            ms(self.latencies.last().copied().unwrap_or_default()),
            self.lost,
            self.duplicated,
            self.failed_changes,
            self.rss_kib.0 / 1024,
            self.rss_kib.1 / 1024,
        );
    }
}

/// `n` people still on the register (a left record refuses changes) and their current
/// versions, one change each.
async fn targets(db: &Db, n: usize) -> Vec<(String, i64)> {
    let sql = "SELECT id, version FROM people WHERE left_on IS NULL ORDER BY id LIMIT $1";
    let limit = n as i64;
    match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).bind(limit).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).bind(limit).fetch_all(pool).await,
    }
    .unwrap()
}

/// Times the board's server render at `path` for a signed-in coordinator beside serving
/// the same bytes as a static file.
async fn render(db: &Db, instance: &Instance, site: &Path, renders: usize, path: &str) {
    let client = staff::sign_in(db, app::models::Role::Coordinator, None)
        .await
        .client;
    let board = format!("{}{path}", instance.base);
    let body = client
        .get(&board)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    std::fs::write(site.join("board-static.html"), &body).unwrap();
    let file = format!("{}/board-static.html", instance.base);
    let rendered = time_gets(&client, &board, renders).await;
    let stored = time_gets(&client, &file, renders).await;
    let (r50, s50) = (percentile(&rendered, 50.0), percentile(&stored, 50.0));
    println!(
        "- Page `{path}` ({} KiB): server render p50 {}, p99 {}; the same bytes as a static file p50 {}, p99 {}; render / static at p50 {:.1}x",
        body.len() / 1024,
        ms(r50),
        ms(percentile(&rendered, 99.0)),
        ms(s50),
        ms(percentile(&stored, 99.0)),
        r50.as_secs_f64() / s50.as_secs_f64(),
    );
}

/// Sets up a meeting held today whose agenda is 40 people (the first by name: everyone else
/// the set-up chose is taken off), as a DSR meeting works through; returns the first of them.
async fn meeting_of_forty(db: &Db) -> app::models::PersonId {
    use app::store::{
        meeting::{self, AgendaOf},
        meeting_agenda,
        meetings::{self, Done, Holder, NewMeeting},
        people, timestamp_now,
    };
    let chair = staff::sign_in(db, app::models::Role::Coordinator, None).await;
    let at = timestamp_now();
    let today = app::models::uk_today(at);
    let id = app::models::MeetingId(uuid::Uuid::new_v4());
    let new = NewMeeting {
        id,
        held_on: today,
        chair: Holder {
            user: &chair.id,
            name: "Bench Chair",
        },
        note_taker: None,
    };
    let forty = people::first_by_name(db, 40).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    meetings::create(&mut tx, &new, Done { actor: "bench", at })
        .await
        .unwrap();
    let chosen = meeting::Agenda::read(&mut tx, AgendaOf::Chosen(id), today)
        .await
        .unwrap()
        .page(0, i64::MAX);
    for card in &chosen {
        meeting_agenda::set_on(&mut tx, id, card.id, false, "bench", at)
            .await
            .unwrap();
    }
    for person in &forty {
        meeting_agenda::set_on(&mut tx, id, *person, true, "bench", at)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    println!(
        "- A meeting set up today chose {} of the register; 40 kept on its agenda",
        chosen.len()
    );
    forty[0]
}

/// Times reading the board from the database under every needs filter at once, as a
/// board not yet kept is read: the counts and a section of cards per rating.
async fn filtered_read(db: &Db, reads: usize) {
    use app::{
        models::{NeedsFilter, Rating},
        store::board::{self, BoardFilter},
    };
    let today = app::models::uk_today(chrono::Utc::now());
    let mut times = Vec::with_capacity(reads);
    for needs in [
        NeedsFilter::of(["ctr_overdue"]),
        NeedsFilter::of(["ctr_overdue", "actions_overdue", "keyworker", "consent"]),
    ] {
        let filter = BoardFilter {
            needs,
            ..Default::default()
        };
        times.clear();
        let mut shown = 0;
        for _ in 0..reads {
            let started = Instant::now();
            let mut tx = db.begin_read().await.unwrap();
            let counts = board::counts(&mut tx, &filter, today).await.unwrap();
            for rating in Rating::ALL {
                board::cards(&mut tx, &filter, *rating, today, 20, 0)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
            times.push(started.elapsed());
            shown = counts.iter().sum::<i64>();
        }
        times.sort();
        println!(
            "- Board read from the database, needs filters {:?} ({shown} people match): p50 {}, p99 {}",
            needs.names().collect::<Vec<_>>(),
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 99.0)),
        );
    }
}

/// Sorted times of `n` sequential GETs of `url` (after 20 unmeasured), each to the last byte.
async fn time_gets(client: &reqwest::Client, url: &str, n: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n + 20 {
        let started = Instant::now();
        let response = client.get(url).send().await.unwrap();
        assert!(response.status().is_success(), "{url}");
        response.bytes().await.unwrap();
        if i >= 20 {
            times.push(started.elapsed());
        }
    }
    times.sort_unstable();
    times
}

/// The release WASM's size raw, gzip (best) and brotli (quality 11).
fn wasm_sizes(path: &Path) {
    let Ok(raw) = std::fs::read(path) else {
        println!(
            "\n(WASM not found at {}: run `cargo leptos build --release --split` first)",
            path.display()
        );
        return;
    };
    let (raw_kb, gz_kb, br_kb) = compressed_kb(&raw);
    println!(
        "\n## Release WASM\n\n- {} (loaded by every page with client code): {raw_kb:.1} KB raw, {gz_kb:.1} KB gzip, \
         {br_kb:.1} KB brotli (KB = 1,000 bytes)",
        path.file_name().unwrap().to_string_lossy(),
    );
    // Pages split out with `--split`, loaded only when opened.
    let dir = path.parent().unwrap();
    let mut split: Vec<(String, f64)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().to_string_lossy().into_owned();
            (name.ends_with(".wasm") && name != path.file_name()?.to_str()?).then_some(name)
        })
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, compressed_kb(&bytes).2)
        })
        .collect();
    split.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = split.iter().map(|(_, kb)| kb).sum();
    println!(
        "- {} split-out files, {total:.1} KB brotli in all; largest: {}",
        split.len(),
        split
            .iter()
            .take(3)
            .map(|(name, kb)| format!("{name} {kb:.1} KB"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// Raw, best gzip and brotli (quality 11) sizes of `bytes`, in KB of 1,000 bytes.
fn compressed_kb(bytes: &[u8]) -> (f64, f64, f64) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    let gz = gz.finish().unwrap().len();
    let mut br = Vec::new();
    brotli::CompressorWriter::new(&mut br, 4096, 11, 22)
        .write_all(bytes)
        .unwrap();
    let kb = |n: usize| n as f64 / 1000.0;
    (kb(bytes.len()), kb(gz), kb(br.len()))
}
