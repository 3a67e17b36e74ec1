//! The soak and write-throughput benchmark: a program, not a test. `scripts/bench.sh soak`
//! and `scripts/bench.sh throughput` run it; the README records its figures.
//!
//! The soak seeds 10,000 fictional people, holds 1,000 `/events` clients and makes 50
//! rating changes a second for 10 minutes: on one instance over SQLite, then on two
//! instances sharing one PostgreSQL database (clients split across both, changes sent to
//! both in turn). Every client must receive every change exactly once; a client whose
//! stream ends reconnects with `Last-Event-ID`, as a browser does. It reports refused and
//! failed requests, events lost, duplicated or out of order, commit-to-receipt latency (from
//! the change's own timestamp, as `live_board` does), the servers' resident memory with the
//! clients connected, each minute and at the end, and the changes' request latency.
//!
//! Throughput (`--throughput`): rating changes a second over HTTP against one instance,
//! with one writer and with eight at once (each sends its next change when the last is
//! answered), on SQLite (`synchronous=FULL`, as the server runs it) and PostgreSQL.

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

use app::{
    models::{FeedEntry, Role},
    store::{change_log, scratch::ScratchDb, Db},
};
use chrono::{DateTime, Utc};
use clap::Parser;
use common::{machine, ms, percentile, rss_kib, seed};
use instance::Instance;
use sse::{EventReader, Sse};
use std::{
    sync::{
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};
use tokio::{sync::watch, task::JoinSet, time::MissedTickBehavior};

/// What to run; every number has the default.
#[derive(Parser, Debug)]
struct Args {
    /// Minutes of rating changes in each soak run.
    #[arg(long, default_value_t = 10.0)]
    minutes: f64,
    /// Live board clients, split across the instances.
    #[arg(long, default_value_t = 1_000)]
    clients: usize,
    /// Rating changes a second, sent to the instances in turn.
    #[arg(long, default_value_t = 50)]
    rate: u32,
    /// People on the register.
    #[arg(long, default_value_t = 10_000)]
    people: u32,
    /// Measure write throughput instead of soaking.
    #[arg(long)]
    throughput: bool,
    /// Each client drops its own connection about this often (in seconds; 0: never) and
    /// reconnects with `Last-Event-ID`, as a browser does after a network fault.
    #[arg(long, default_value_t = 0)]
    drop_every: u64,
    /// Seconds of each throughput run.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Run on this backend only.
    #[arg(long, value_enum)]
    only: Option<Backend>,
    /// PostgreSQL admin URL (its runs are skipped when unset).
    #[arg(long, env = "DSR_TEST_POSTGRES")]
    postgres: Option<String>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Backend {
    Sqlite,
    Postgres,
}

/// How long a client waits before reconnecting after its stream ended or was refused.
const RETRY: Duration = Duration::from_secs(1);
/// After the last change is answered, the clients are waited for until they have
/// everything, or until none has received anything for this long.
const STALL: Duration = Duration::from_secs(60);
/// How long a rating change may take before it counts as failed.
const ANSWER: Duration = Duration::from_secs(60);
const RATINGS: [&str; 4] = ["red", "amber", "green", "blue"];

#[tokio::main]
async fn main() {
    let args = Args::parse();
    machine(if args.throughput {
        "DSR write throughput benchmark"
    } else {
        "DSR soak benchmark"
    });
    println!("Load average (1, 5, 15 min) at the start: {}", load());
    let work = std::env::temp_dir().join(format!("dsr-soak-{}", std::process::id()));
    // The soak needs no pages: an empty site folder.
    let site = work.join("site");
    std::fs::create_dir_all(&site).unwrap();
    let site_env = [("LEPTOS_SITE_ROOT", site.to_str().unwrap())];

    for backend in [Backend::Sqlite, Backend::Postgres] {
        if args.only.is_some_and(|only| only != backend) {
            continue;
        }
        let scratch = match (backend, &args.postgres) {
            (Backend::Sqlite, _) => ScratchDb::sqlite().await.unwrap(),
            (Backend::Postgres, Some(admin)) => ScratchDb::postgres(admin).await.unwrap(),
            (Backend::Postgres, None) => {
                println!("\n(PostgreSQL skipped: set DSR_TEST_POSTGRES or --postgres)");
                continue;
            }
        };
        seed(scratch.url(), args.people).await;
        let nodes = if backend == Backend::Postgres && !args.throughput {
            2
        } else {
            1
        };
        let mut instances = Vec::new();
        for _ in 0..nodes {
            instances.push(instance::start(scratch.url(), &site_env).await);
        }
        let name = match backend {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        };
        if args.throughput {
            throughput(name, &scratch.db, &instances[0], &args).await;
        } else {
            println!(
                "\n## {}, {name}, {} people: {} clients, {} changes a second for {} min\n",
                if nodes == 1 {
                    "One instance".to_owned()
                } else {
                    format!("{nodes} instances")
                },
                args.people,
                args.clients,
                args.rate,
                args.minutes
            );
            soak(&scratch.db, &instances, &args).await.report();
            println!("- Load average (1, 5, 15 min) after: {}", load());
        }
        drop(instances);
        scratch.remove().await.unwrap();
    }
    println!("\nLoad average (1, 5, 15 min) at the end: {}", load());
    let _ = std::fs::remove_dir_all(&work);
}

/// The machine's load average, as `uptime` shows it.
fn load() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A person whose rating the benchmark changes, and their version as last answered
/// (`None` when unknown, after a refused or failed change: read again from the database).
struct Target {
    id: String,
    version: Mutex<Option<i64>>,
}

/// Everyone still on the register (a left record refuses changes), with their versions.
async fn targets(db: &Db) -> Vec<Target> {
    let sql = "SELECT id, version FROM people WHERE left_on IS NULL ORDER BY id";
    let rows: Vec<(String, i64)> = match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .unwrap();
    rows.into_iter()
        .map(|(id, version)| Target {
            id,
            version: Mutex::new(Some(version)),
        })
        .collect()
}

/// Makes the `n`th rating change (counting over all the people in turn) to `base`; the
/// time to its full answer, and what went wrong, if anything.
async fn change(
    db: &Db,
    client: &reqwest::Client,
    base: &str,
    people: &[Target],
    n: usize,
) -> (Duration, Result<(), String>) {
    let target = &people[n % people.len()];
    // Each lap over the register moves everyone on one rating.
    let rating = RATINGS[(n % people.len() + n / people.len()) % RATINGS.len()];
    let known = *target.version.lock().unwrap();
    let version = match known {
        Some(version) => version,
        None => {
            let sql = "SELECT version FROM people WHERE id = $1";
            match db {
                Db::Sqlite(pool) => {
                    sqlx::query_scalar(sql)
                        .bind(&target.id)
                        .fetch_one(pool)
                        .await
                }
                Db::Postgres(pool) => {
                    sqlx::query_scalar(sql)
                        .bind(&target.id)
                        .fetch_one(pool)
                        .await
                }
            }
            .unwrap()
        }
    };
    let started = Instant::now();
    let answer = tokio::time::timeout(ANSWER, async {
        let response = common::change_rating(client, base, &target.id, version, rating).await?;
        let status = response.status();
        Ok::<_, reqwest::Error>((status, response.text().await?))
    })
    .await;
    let took = started.elapsed();
    let outcome = match answer {
        Ok(Ok((status, body))) if status.is_success() => {
            let person: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            *target.version.lock().unwrap() = person["version"].as_i64();
            Ok(())
        }
        Ok(Ok((status, body))) => Err(format!("{status} {body}")),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err(format!("no answer within {ANSWER:?}")),
    };
    if outcome.is_err() {
        *target.version.lock().unwrap() = None;
    }
    (took, outcome)
}

/// Latencies counted from many tasks at once, in buckets 2% wide.
struct Histogram {
    buckets: Vec<AtomicU64>,
    max_us: AtomicU64,
}

const GROWTH: f64 = 1.02;

impl Histogram {
    fn new() -> Histogram {
        Histogram {
            // 1.02^1200 µs is over five hours.
            buckets: (0..1200).map(|_| AtomicU64::new(0)).collect(),
            max_us: AtomicU64::new(0),
        }
    }

    fn record(&self, latency: Duration) {
        let us = latency.as_micros().max(1) as u64;
        let bucket = ((us as f64).ln() / GROWTH.ln()) as usize;
        self.buckets[bucket.min(self.buckets.len() - 1)].fetch_add(1, Ordering::Relaxed);
        self.max_us.fetch_max(us, Ordering::Relaxed);
    }

    fn add(&self, other: &Histogram) {
        for (mine, theirs) in self.buckets.iter().zip(&other.buckets) {
            mine.fetch_add(theirs.load(Ordering::Relaxed), Ordering::Relaxed);
        }
        self.max_us
            .fetch_max(other.max_us.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    fn count(&self) -> u64 {
        self.buckets.iter().map(|b| b.load(Ordering::Relaxed)).sum()
    }

    fn max(&self) -> Duration {
        Duration::from_micros(self.max_us.load(Ordering::Relaxed))
    }

    /// The `p`th percentile (nearest rank), as its bucket's upper bound (never above the
    /// largest value seen).
    fn percentile(&self, p: f64) -> Duration {
        let rank = ((p / 100.0) * self.count() as f64).ceil().max(1.0) as u64;
        let mut below = 0;
        for (i, bucket) in self.buckets.iter().enumerate() {
            below += bucket.load(Ordering::Relaxed);
            if below >= rank {
                let upper = Duration::from_micros(GROWTH.powi(i as i32 + 1) as u64);
                return upper.min(self.max());
            }
        }
        self.max()
    }
}

/// What the clients share while they run.
struct Shared {
    /// Commit-to-receipt latency by the minute of the run the change was made in.
    latency: Vec<Histogram>,
    /// When the changes began.
    start: std::sync::OnceLock<DateTime<Utc>>,
    /// Clients connected for the first time.
    connected: AtomicUsize,
    /// Set once the last change is sent: a quiet stream after it is expected.
    sent_all: AtomicBool,
    /// Events received for the first time, over all clients.
    received: AtomicU64,
}

impl Shared {
    fn record(&self, at: DateTime<Utc>, received: DateTime<Utc>) {
        let start = self.start.get().copied().unwrap_or(at);
        let minute = ((at - start).num_seconds().max(0) / 60) as usize;
        let latency = (received - at).to_std().unwrap_or_default();
        self.latency[minute.min(self.latency.len() - 1)].record(latency);
    }
}

/// The newest entry once the last change is answered, and when the clients stop waiting
/// for it.
type Finish = Option<(i64, Instant)>;

/// What one client received.
struct Followed {
    /// Ids received, as bits from the first entry after the start.
    seen: Vec<u64>,
    start: i64,
    /// The newest id received.
    last: i64,
    /// The `id` of the last event, sent back as `Last-Event-ID` on reconnecting.
    last_event_id: Option<String>,
    unique: u64,
    duplicated: u64,
    out_of_order: u64,
    /// Events other than `change` (such as `reset`).
    other: u64,
    /// Streams the server ended; the client reconnected.
    ended: u64,
    /// Streams the client dropped itself (`--drop-every`) before reconnecting.
    dropped: u64,
    /// Connections answered with something other than 200.
    refused: u64,
    /// Connections that failed outright.
    failed: u64,
    /// Times nothing, not even a keep-alive, came for `sse::PATIENCE` while changes were
    /// being made.
    silences: u64,
}

impl Followed {
    fn new(start: i64) -> Followed {
        Followed {
            seen: Vec::new(),
            start,
            last: start,
            last_event_id: None,
            unique: 0,
            duplicated: 0,
            out_of_order: 0,
            other: 0,
            ended: 0,
            dropped: 0,
            refused: 0,
            failed: 0,
            silences: 0,
        }
    }

    fn has(&self, id: i64) -> bool {
        let bit = (id - self.start - 1) as usize;
        id > self.start
            && self
                .seen
                .get(bit / 64)
                .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }

    fn take(&mut self, event: Sse, shared: &Shared) {
        if event.event != "change" {
            self.other += 1;
            return;
        }
        let entry = event.entry();
        let id = entry.id();
        self.last_event_id = event.id;
        if id <= self.start || self.has(id) {
            self.duplicated += 1;
            return;
        }
        if let FeedEntry::Change(change) = &entry {
            shared.record(change.at, Utc::now());
        }
        if id < self.last {
            self.out_of_order += 1;
        }
        let bit = (id - self.start - 1) as usize;
        if self.seen.len() <= bit / 64 {
            self.seen.resize(bit / 64 + 1, 0);
        }
        self.seen[bit / 64] |= 1 << (bit % 64);
        self.unique += 1;
        shared.received.fetch_add(1, Ordering::Relaxed);
        self.last = self.last.max(id);
    }

    fn finished(&self, finish: &Finish) -> bool {
        finish.is_some_and(|(last, give_up)| self.last >= last || Instant::now() >= give_up)
    }
}

/// Follows `url` as a board page does until it has the last entry (or the wait for it
/// ends), reconnecting with `Last-Event-ID` whenever its stream ends.
async fn follow(
    client: reqwest::Client,
    url: String,
    start: i64,
    drop_every: Option<Duration>,
    shared: Arc<Shared>,
    finish: watch::Receiver<Finish>,
) -> Followed {
    let mut got = Followed::new(start);
    let mut first = true;
    while !got.finished(&finish.borrow()) {
        let drop_at = drop_every.map(|after| Instant::now() + after);
        let mut request = client.get(&url).header("accept", "text/event-stream");
        if let Some(id) = &got.last_event_id {
            request = request.header("last-event-id", id);
        }
        match request.send().await {
            Ok(response) if response.status() == 200 => {
                if first {
                    shared.connected.fetch_add(1, Ordering::Relaxed);
                    first = false;
                }
                let mut reader = EventReader::from_response(response);
                while !got.finished(&finish.borrow()) {
                    let waited = Instant::now();
                    if drop_at.is_some_and(|at| Instant::now() >= at) {
                        got.dropped += 1;
                        break;
                    }
                    match reader.next().await {
                        Some(event) => got.take(event, &shared),
                        // Quiet for a while: keep the stream, as a browser does.
                        None if waited.elapsed() >= sse::PATIENCE => {
                            if !shared.sent_all.load(Ordering::Relaxed) {
                                got.silences += 1;
                            }
                        }
                        None => {
                            got.ended += 1;
                            break;
                        }
                    }
                }
            }
            Ok(response) => {
                got.refused += 1;
                if got.refused <= 3 {
                    eprintln!("/events refused: {}", response.status());
                }
            }
            Err(error) => {
                got.failed += 1;
                if got.failed <= 3 {
                    eprintln!("/events failed: {error}");
                }
            }
        }
        if !got.finished(&finish.borrow()) {
            tokio::time::sleep(RETRY).await;
        }
    }
    got
}

/// What one soak run measured.
struct SoakRun {
    nodes: usize,
    clients: usize,
    sent: usize,
    sending: Duration,
    /// Request latency of every answered change, by the minute it was sent in.
    requests: Vec<(usize, Duration)>,
    /// What went wrong with changes, one line each.
    change_errors: Vec<String>,
    expected: usize,
    followed: Vec<Followed>,
    /// Clients whose task failed.
    crashed: usize,
    /// How long the clients were waited for after the last change was answered, and
    /// whether the wait ended because they had stopped receiving.
    drain: (Duration, bool),
    /// Ids expected at every client.
    expected_ids: Vec<i64>,
    shared: Arc<Shared>,
    /// Each instance's resident memory (KiB) with the clients connected, at the end of
    /// each minute, and after the last change.
    rss: Vec<(String, Vec<u64>)>,
    /// Each instance's processor time over the run.
    cpu: Vec<Duration>,
}

/// Connects `args.clients` clients across `instances` and makes `args.rate` changes a
/// second to them in turn for `args.minutes`.
async fn soak(db: &Db, instances: &[Instance], args: &Args) -> SoakRun {
    let staff = staff::sign_in(db, Role::Coordinator, None).await;
    let writer = staff::browser(Some(&staff.cookie));
    let people = Arc::new(targets(db).await);
    let head = change_log::head(db).await.unwrap();
    let minutes = args.minutes.ceil() as usize;
    let shared = Arc::new(Shared {
        latency: (0..minutes).map(|_| Histogram::new()).collect(),
        start: Default::default(),
        connected: AtomicUsize::new(0),
        sent_all: AtomicBool::new(false),
        received: AtomicU64::new(0),
    });
    let (finish, finishing) = watch::channel::<Finish>(None);
    let mut clients = JoinSet::new();
    for n in 0..args.clients {
        let url = format!(
            "{}/events?after={head}",
            instances[n % instances.len()].base
        );
        // Spread over the clients: from half the period to one and a half.
        let drop_every = (args.drop_every > 0)
            .then(|| Duration::from_secs(args.drop_every) * (49 + n as u32 % 97) / 97);
        clients.spawn(follow(
            staff.client.clone(),
            url,
            head,
            drop_every,
            shared.clone(),
            finishing.clone(),
        ));
    }
    let connecting = Instant::now();
    while shared.connected.load(Ordering::Relaxed) < args.clients {
        assert!(
            connecting.elapsed() < Duration::from_secs(120),
            "only {} of {} clients connected",
            shared.connected.load(Ordering::Relaxed),
            args.clients
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "{} clients connected in {:.1?}",
        args.clients,
        connecting.elapsed()
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pids: Vec<u32> = instances.iter().map(|i| i.process.id().unwrap()).collect();
    let mut rss: Vec<(String, Vec<u64>)> = instances
        .iter()
        .zip(&pids)
        .enumerate()
        .map(|(n, (_, pid))| (((b'A' + n as u8) as char).to_string(), vec![rss_kib(*pid)]))
        .collect();
    let cpu_start: Vec<Duration> = pids.iter().map(|pid| cpu_time(*pid)).collect();

    let total = (args.rate as f64 * args.minutes * 60.0).round() as usize;
    let per_minute = args.rate as usize * 60;
    let mut tick = tokio::time::interval(Duration::from_secs(1) / args.rate);
    // A late tick is made up at once, so the run sends its changes on schedule overall.
    tick.set_missed_tick_behavior(MissedTickBehavior::Burst);
    let mut sending = JoinSet::new();
    let mut requests = Vec::with_capacity(total);
    let mut change_errors = Vec::new();
    let mut collect = |(minute, took, outcome): (usize, Duration, Result<(), String>)| match outcome
    {
        Ok(()) => requests.push((minute, took)),
        Err(error) => change_errors.push(error),
    };
    let sending_from = Instant::now();
    shared.start.set(Utc::now()).unwrap();
    for n in 0..total {
        tick.tick().await;
        if n > 0 && n % per_minute == 0 {
            for ((_, samples), pid) in rss.iter_mut().zip(&pids) {
                samples.push(rss_kib(*pid));
            }
            eprintln!("minute {}: {n} changes sent", n / per_minute);
        }
        let (db, writer, people) = (db.clone(), writer.clone(), people.clone());
        let base = instances[n % instances.len()].base.clone();
        let minute = n / per_minute;
        sending.spawn(async move {
            let (took, outcome) = change(&db, &writer, &base, &people, n).await;
            (minute, took, outcome)
        });
        while let Some(done) = sending.try_join_next() {
            collect(done.unwrap());
        }
    }
    let sending_took = sending_from.elapsed();
    shared.sent_all.store(true, Ordering::Relaxed);
    while let Some(done) = sending.join_next().await {
        collect(done.unwrap());
    }
    for ((_, samples), pid) in rss.iter_mut().zip(&pids) {
        samples.push(rss_kib(*pid));
    }
    let cpu = pids
        .iter()
        .zip(&cpu_start)
        .map(|(pid, from)| cpu_time(*pid).saturating_sub(*from))
        .collect();

    let last = change_log::head(db).await.unwrap();
    let sql = "SELECT id FROM change_log WHERE id > $1 AND id <= $2 ORDER BY id";
    let expected_ids: Vec<i64> = match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(sql)
                .bind(head)
                .bind(last)
                .fetch_all(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(sql)
                .bind(head)
                .bind(last)
                .fetch_all(pool)
                .await
        }
    }
    .unwrap();
    let draining = Instant::now();
    // No deadline yet: it is set once the clients stop receiving.
    finish.send_replace(Some((last, draining + Duration::from_secs(24 * 3600))));
    let mut followed = Vec::with_capacity(args.clients);
    let mut crashed = 0;
    let (mut received, mut progress) = (shared.received.load(Ordering::Relaxed), Instant::now());
    let mut stalled = false;
    while !clients.is_empty() {
        match tokio::time::timeout(Duration::from_secs(1), clients.join_next()).await {
            Ok(Some(Ok(got))) => followed.push(got),
            Ok(Some(Err(error))) => {
                crashed += 1;
                eprintln!("a client failed: {error}");
            }
            Ok(None) | Err(_) => {}
        }
        let now = shared.received.load(Ordering::Relaxed);
        if now != received {
            (received, progress) = (now, Instant::now());
        } else if !stalled && progress.elapsed() >= STALL {
            stalled = true;
            eprintln!("no client received anything for {STALL:?}: stopping the wait");
            finish.send_replace(Some((last, Instant::now())));
        }
    }
    let drain = (draining.elapsed(), stalled);
    SoakRun {
        nodes: instances.len(),
        clients: args.clients,
        sent: total,
        sending: sending_took,
        requests,
        change_errors,
        expected: expected_ids.len(),
        followed,
        crashed,
        drain,
        expected_ids,
        shared,
        rss,
        cpu,
    }
}

/// The processor time (user and system) process `pid` has used.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in brackets): utime and stime are the
    // 12th and 13th, in clock ticks (100 a second on Linux).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: u64 = fields
        .get(11..13)
        .map_or(0, |f| f.iter().filter_map(|t| t.parse::<u64>().ok()).sum());
    Duration::from_millis(ticks * 10)
}

impl SoakRun {
    fn report(self) {
        let mut requests: Vec<Duration> = self.requests.iter().map(|(_, t)| *t).collect();
        requests.sort_unstable();
        println!(
            "- Rating changes: {} sent in {:.1} s ({:.1} a second; a tokio interval, missed ticks \
             made up at once), to {} in turn; {} answered 2xx, {} refused or failed; request \
             latency p50 {}, p99 {}, max {}",
            self.sent,
            self.sending.as_secs_f64(),
            self.sent as f64 / self.sending.as_secs_f64(),
            if self.nodes == 1 {
                "the instance".to_owned()
            } else {
                format!("the {} instances", self.nodes)
            },
            requests.len(),
            self.change_errors.len(),
            ms(percentile(&requests, 50.0)),
            ms(percentile(&requests, 99.0)),
            ms(requests.last().copied().unwrap_or_default()),
        );
        for error in self.change_errors.iter().take(5) {
            println!("  - refused or failed: {error}");
        }
        println!(
            "- Change-log entries written: {} ({} more than the changes answered 2xx: \
             committed, but answered with an error or not at all)",
            self.expected,
            self.expected as i64 - requests.len() as i64,
        );
        let sum = |f: fn(&Followed) -> u64| self.followed.iter().map(f).sum::<u64>();
        let lost: usize = self
            .followed
            .iter()
            .map(|got| self.expected_ids.iter().filter(|id| !got.has(**id)).count())
            .sum();
        let clients_lost = self
            .followed
            .iter()
            .filter(|got| self.expected_ids.iter().any(|id| !got.has(*id)))
            .count();
        let unexpected =
            sum(|g| g.unique) as i64 - (self.expected * self.followed.len()) as i64 + lost as i64;
        println!(
            "- Events: {} expected at each of {} clients; {} received; lost {lost} (at {clients_lost} \
             clients), duplicated {}, out of order {}, not in the log {unexpected}, other events {}; \
             clients that failed {}",
            self.expected,
            self.clients,
            sum(|g| g.unique + g.duplicated),
            sum(|g| g.duplicated),
            sum(|g| g.out_of_order),
            sum(|g| g.other),
            self.crashed,
        );
        println!(
            "- After the last change was answered, {} {:.1} s",
            if self.drain.1 {
                "the clients were waited for until none had received anything for a minute:"
            } else {
                "every client had stopped (having every entry) within"
            },
            self.drain.0.as_secs_f64(),
        );
        println!(
            "- Streams: {} ended by the server, {} dropped by the client (each client reconnected \
             with Last-Event-ID); reconnections refused {}, failed {}; {} silences of {} s or more \
             while changes were made",
            sum(|g| g.ended),
            sum(|g| g.dropped),
            sum(|g| g.refused),
            sum(|g| g.failed),
            sum(|g| g.silences),
            sse::PATIENCE.as_secs(),
        );
        let all = Histogram::new();
        for minute in &self.shared.latency {
            all.add(minute);
        }
        println!(
            "- Commit-to-receipt latency over {} events: p50 {}, p99 {}, max {} (in buckets 2% wide)",
            all.count(),
            ms(all.percentile(50.0)),
            ms(all.percentile(99.0)),
            ms(all.max()),
        );
        for ((name, samples), cpu) in self.rss.iter().zip(&self.cpu) {
            println!(
                "- Server {name} memory (RSS): {:.1} MiB with the clients connected, {:.1} MiB after \
                 the last change; processor time {:.0} s",
                samples[0] as f64 / 1024.0,
                samples[samples.len() - 1] as f64 / 1024.0,
                cpu.as_secs_f64(),
            );
        }
        println!("\n| minute | changes answered | request p99 | receipt p99 | receipt max | RSS at its end (MiB) |");
        println!("|---|---|---|---|---|---|");
        for (minute, latency) in self.shared.latency.iter().enumerate() {
            let mut times: Vec<Duration> = self
                .requests
                .iter()
                .filter(|(m, _)| *m == minute)
                .map(|(_, t)| *t)
                .collect();
            if times.is_empty() && latency.count() == 0 {
                continue;
            }
            times.sort_unstable();
            let memory = self
                .rss
                .iter()
                .filter_map(|(name, samples)| {
                    samples
                        .get(minute + 1)
                        .map(|kib| format!("{name} {:.1}", *kib as f64 / 1024.0))
                })
                .collect::<Vec<_>>()
                .join(", ");
            println!(
                "| {} | {} | {} | {} | {} | {memory} |",
                minute + 1,
                times.len(),
                ms(percentile(&times, 99.0)),
                ms(latency.percentile(99.0)),
                ms(latency.max()),
            );
        }
        println!();
    }
}

/// Rating changes a second through `instance`, with one writer and with eight at once,
/// each for `args.seconds`.
async fn throughput(name: &str, db: &Db, instance: &Instance, args: &Args) {
    let staff = staff::sign_in(db, Role::Coordinator, None).await;
    let people = Arc::new(targets(db).await);
    println!(
        "\n## Write throughput, {name}, {} people: rating changes over HTTP to one instance, {} s each\n",
        args.people, args.seconds
    );
    let mut made = 0;
    for writers in [1, 8] {
        let started = Instant::now();
        let until = started + Duration::from_secs(args.seconds);
        let mut tasks = JoinSet::new();
        for w in 0..writers {
            let (db, client, people) = (db.clone(), staff.client.clone(), people.clone());
            let base = instance.base.clone();
            tasks.spawn(async move {
                let (mut times, mut errors) = (Vec::new(), Vec::new());
                let mut n = made + w;
                while Instant::now() < until {
                    let (took, outcome) = change(&db, &client, &base, &people, n).await;
                    match outcome {
                        Ok(()) => times.push(took),
                        Err(error) => errors.push(error),
                    }
                    n += writers;
                }
                (times, errors)
            });
        }
        let (mut times, mut errors) = (Vec::new(), Vec::new());
        while let Some(done) = tasks.join_next().await {
            let (t, e) = done.unwrap();
            times.extend(t);
            errors.extend(e);
        }
        let took = started.elapsed();
        made += times.len() + errors.len() + writers;
        times.sort_unstable();
        println!(
            "- {writers} writer{} at once: {} changes in {:.1} s, {:.1} a second; latency p50 {}, \
             p99 {}, max {}; refused or failed {}",
            if writers == 1 { "" } else { "s" },
            times.len(),
            took.as_secs_f64(),
            times.len() as f64 / took.as_secs_f64(),
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 99.0)),
            ms(times.last().copied().unwrap_or_default()),
            errors.len(),
        );
        for error in errors.iter().take(5) {
            println!("  - refused or failed: {error}");
        }
    }
}
