//! The figures' benchmark: a program, not a test. `scripts/bench.sh figures` runs it; the
//! README records its figures and the machine they came from.
//!
//! On SQLite and (when `DSR_TEST_POSTGRES` is set) PostgreSQL, it fills a fresh register
//! with 10,000 fictional people and 1,000,000 change-log entries over 18 months (every
//! rating, move and stay kept as a state, as the portal keeps them), with their actions,
//! referrals and C(E)TRs, then times every table of figures for days across those months:
//! the first ask of each day (month ends not yet kept) and later asks.

use app::{
    figures::gather::tables,
    models::{uk_today, Ctr, CtrHeld, CtrKind, CtrOutcome, CtrPlan, PanelMember, Rating, Setting},
    state::Settings,
    store::{scratch::ScratchDb, Db},
};
use chrono::{DateTime, Duration as Days, NaiveDate, TimeZone, Utc};
use clap::Parser;
use rand::{seq::SliceRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Parser, Debug)]
struct Args {
    /// People on the register.
    #[arg(long, default_value_t = 10_000)]
    people: usize,
    /// Change-log entries in all.
    #[arg(long, default_value_t = 1_000_000)]
    entries: usize,
    /// Timed asks of each day after the first.
    #[arg(long, default_value_t = 20)]
    asks: usize,
    /// PostgreSQL admin URL (skipped when unset).
    #[arg(long, env = "DSR_TEST_POSTGRES")]
    postgres: Option<String>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    println!("# DSR figures benchmark\n");
    println!(
        "{} people, {} change-log entries over 18 months.\n",
        args.people, args.entries
    );
    let scratch = ScratchDb::sqlite().await.unwrap();
    run("SQLite", &scratch.db, &args).await;
    scratch.remove().await.unwrap();
    match &args.postgres {
        Some(url) => {
            let scratch = ScratchDb::postgres(url).await.unwrap();
            run("PostgreSQL", &scratch.db, &args).await;
            scratch.remove().await.unwrap();
        }
        None => println!("\n(PostgreSQL skipped: set DSR_TEST_POSTGRES or --postgres)"),
    }
}

async fn run(name: &str, db: &Db, args: &Args) {
    let started = Instant::now();
    let today = uk_today(Utc::now());
    let counts = fill(db, args, today).await;
    eprintln!("{name}: filled in {:.1?}", started.elapsed());
    println!("## {name}\n\n{counts}\n");
    // What a server does as it starts: the month ends before today, worked out once.
    let keeping = Instant::now();
    let ends = app::figures::gather::keep_month_ends(db, today)
        .await
        .unwrap();
    println!(
        "Working out the {ends} month ends before today (once, as a server starts): {}.\n",
        ms(keeping.elapsed())
    );
    println!("| day asked | first ask | later asks, median | later asks, 95th percentile |");
    println!("|---|---|---|---|");
    let settings = Settings::default();
    for back in [0, 31, 200, 400] {
        let day = today - Days::days(back);
        let first = Instant::now();
        let t = tables(db, &settings, day).await.unwrap();
        let first = first.elapsed();
        assert_eq!(t.tables.len(), 8);
        let mut later = Vec::with_capacity(args.asks);
        for _ in 0..args.asks {
            let one = Instant::now();
            tables(db, &settings, day).await.unwrap();
            later.push(one.elapsed());
        }
        later.sort();
        println!(
            "| {day} | {} | {} | {} |",
            ms(first),
            ms(later[later.len() / 2]),
            ms(later[(later.len() * 95 / 100).min(later.len() - 1)])
        );
    }
    println!();
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// One change-log entry to write, with the state it leaves when it changes one.
struct Entry {
    at: DateTime<Utc>,
    person: usize,
    kind: &'static str,
    state: Option<State>,
}

#[derive(Clone)]
struct State {
    rating: Rating,
    setting: Setting,
    stay: Option<(NaiveDate, &'static str)>,
    discharged_on: Option<NaiveDate>,
}

/// Runs `sql` on either backend.
async fn exec(db: &Db, sql: &str) {
    match db {
        Db::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap_or_else(|e| panic!("{e}: {}", &sql[..sql.len().min(300)]));
}

/// A timestamp as each backend stores one.
fn ts(db: &Db, at: DateTime<Utc>) -> String {
    match db {
        Db::Sqlite(_) => format!(
            "'{}'",
            at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
        ),
        Db::Postgres(_) => format!("'{}'::timestamptz", at.to_rfc3339()),
    }
}

/// Inserts `rows` (each a parenthesised list of values) into `into`, 1,000 at a time.
async fn insert(db: &Db, into: &str, rows: &[String]) {
    for chunk in rows.chunks(1000) {
        exec(
            db,
            &format!("INSERT INTO {into} VALUES {}", chunk.join(",")),
        )
        .await;
    }
}

/// Fills `db` with the register's history up to `today`; says what it holds.
async fn fill(db: &Db, args: &Args, today: NaiveDate) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    let start = Utc.from_utc_datetime(&(today - Days::days(540)).and_hms_opt(8, 0, 0).unwrap());
    let span = 540 * 24 * 3600;
    let per_person = args.entries / args.people;
    let mut entries: Vec<Entry> = Vec::with_capacity(args.entries);
    let mut people = Vec::with_capacity(args.people);
    for p in 0..args.people {
        let child = rng.gen_bool(0.35);
        let born = today
            - Days::days(if child {
                rng.gen_range(1500..6500)
            } else {
                rng.gen_range(6700..25000)
            });
        let mut times: Vec<i64> = (0..per_person).map(|_| rng.gen_range(0..span)).collect();
        times.sort_unstable();
        let mut state = State {
            rating: *Rating::ALL.choose(&mut rng).unwrap(),
            setting: Setting::FamilyHome,
            stay: None,
            discharged_on: None,
        };
        for (i, t) in times.into_iter().enumerate() {
            let at = start + Days::seconds(t);
            // Per 10,000 entries: 1,200 rating changes, 25 moves into or out of hospital
            // (some 1,250 admissions in 18 months: more than a register of 10,000 sees).
            let roll: u32 = rng.gen_range(0..10_000);
            let (kind, changed) = if i == 0 {
                ("person_added", true)
            } else if roll < 1_200 {
                state.rating = *Rating::ALL.choose(&mut rng).unwrap();
                ("rating_changed", true)
            } else if roll < 1_225 {
                // A move: into hospital, or home again.
                state.discharged_on = None;
                if state.stay.is_some() {
                    state.stay = None;
                    state.setting = Setting::FamilyHome;
                    state.discharged_on = Some(uk_today(at));
                } else {
                    state.setting = Setting::InpatientUnit;
                    let placement = if rng.gen_bool(0.4) {
                        "out_of_area"
                    } else {
                        "in_area"
                    };
                    state.stay = Some((uk_today(at) - Days::days(rng.gen_range(0..3)), placement));
                }
                ("details_changed", true)
            } else {
                let other = [
                    "action_changed",
                    "section_changed",
                    "meeting_noted",
                    "ctr_changed",
                    "consent_recorded",
                    "agenda_changed",
                ];
                (*other.choose(&mut rng).unwrap(), false)
            };
            entries.push(Entry {
                at,
                person: p,
                kind,
                state: changed.then(|| state.clone()),
            });
            if changed && kind != "details_changed" {
                state.discharged_on = None;
            }
        }
        people.push((uuid::Uuid::from_u128(rng.gen()), born, state));
    }
    entries.sort_by_key(|e| e.at);
    // People as they are now.
    let rows: Vec<String> = people
        .iter()
        .enumerate()
        .map(|(i, (id, born, s))| {
            format!(
                "('{id}', '{:010}', 'Given{i}', 'Family{i}', '{born}', 'autism', '{}', 'North', '{}', {}, 'Bench', '{}', 1, {})",
                9_000_000_000u64 + i as u64,
                s.setting.code(),
                s.rating.code(),
                ts(db, start),
                today + Days::days(rng.gen_range(-60..60)),
                ts(db, start),
            )
        })
        .collect();
    insert(db, "people (id, nhs_number, given_name, family_name, date_of_birth, diagnosis, setting, area, rating, rating_since, rating_set_by, review_due, version, created_at)", &rows).await;
    // The change log, oldest first, then the states it left.
    let log: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "('{}', '{}', 1, NULL, NULL, 'Bench', {})",
                people[e.person].0,
                e.kind,
                ts(db, e.at)
            )
        })
        .collect();
    insert(
        db,
        "change_log (person_id, kind, version, from_rating, to_rating, actor, created_at)",
        &log,
    )
    .await;
    let mut states = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(s) = &e.state else { continue };
        let (id, born, _) = &people[e.person];
        let (placement, admitted) = match s.stay {
            Some((on, placement)) => (format!("'{placement}'"), format!("'{on}'")),
            None => ("NULL".into(), "NULL".into()),
        };
        let discharged = s.discharged_on.map_or("NULL".into(), |d| format!("'{d}'"));
        let review = uk_today(e.at) + Days::days(28);
        let dues = if s.stay.is_some() {
            format!("follow_up_ctr:{}", uk_today(e.at) + Days::days(180))
        } else {
            String::new()
        };
        states.push(format!(
            "({}, '{id}', {}, NULL, '{}', '{}', {placement}, {admitted}, {}, {discharged}, '{born}', '{review}', NULL, NULL, '{dues}')",
            i + 1,
            ts(db, e.at),
            s.rating.code(),
            s.setting.code(),
            if s.stay.is_some() { "'non_secure'" } else { "NULL" },
        ));
    }
    insert(db, "register_states (change_id, person_id, recorded_at, left_on, rating, setting, placement, admitted_on, security, discharged_on, date_of_birth, review_due, consent_due, keyworker_until, policy_dues)", &states).await;
    // C(E)TRs around stays: a community one before half of them, a post-admission one after.
    let mut ctrs = Vec::new();
    let mut history = Vec::new();
    for e in &entries {
        let Some(State {
            stay: Some((admitted, _)),
            discharged_on: None,
            ..
        }) = &e.state
        else {
            continue;
        };
        if e.kind != "details_changed" {
            continue;
        }
        let person = people[e.person].0;
        for (kind, held) in [
            (CtrKind::Community, *admitted - Days::days(20)),
            (CtrKind::PostAdmission, *admitted + Days::days(12)),
        ] {
            if kind == CtrKind::Community && rng.gen_bool(0.5) {
                continue;
            }
            let ctr = Ctr {
                plan: CtrPlan {
                    kind,
                    planned_on: Some(held),
                    chair: PanelMember {
                        name: "Kim Lee".into(),
                        role: "Commissioner".into(),
                    },
                    clinical_expert: PanelMember::default(),
                    expert_by_experience: PanelMember::default(),
                    papers_sent_on: None,
                },
                consent: None,
                held: Some(CtrHeld {
                    held_on: held,
                    outcome: CtrOutcome::AdmissionAvoided,
                    outcome_other: String::new(),
                    summary: "Held".into(),
                }),
            };
            let body = serde_json::to_string(&ctr).unwrap().replace('\'', "''");
            let id = uuid::Uuid::from_u128(rng.gen());
            let at = ts(db, e.at);
            ctrs.push(format!(
                "('{id}', '{person}', '{}', '{held}', '{held}', '{body}', 1, 'Bench', {at})",
                kind.code()
            ));
            history.push(format!("('{id}', '{person}', '{body}', 1, 'Bench', {at})"));
        }
    }
    insert(
        db,
        "ctrs (id, person_id, kind, planned_on, held_on, body, version, changed_by, changed_at)",
        &ctrs,
    )
    .await;
    insert(
        db,
        "ctr_history (ctr_id, person_id, body, version, changed_by, changed_at)",
        &history,
    )
    .await;
    // Actions: three a person, half of them done a month later.
    let agencies = ["North Trust", "County Council", "Oak School", ""];
    let mut actions = Vec::new();
    let mut updates = Vec::new();
    for (id, _, _) in &people {
        for _ in 0..3 {
            let action = uuid::Uuid::from_u128(rng.gen());
            let at = start + Days::seconds(rng.gen_range(0..span));
            let due = uk_today(at) + Days::days(30);
            let agency = agencies.choose(&mut rng).unwrap();
            let owner = serde_json::json!({"kind": "named", "name": "Jo Reid", "agency": agency})
                .to_string();
            let done = at + Days::days(30);
            let (status, version) = if rng.gen_bool(0.5) && uk_today(done) < today {
                updates.push(format!(
                    "('{action}', '{id}', 2, 'done', '{due}', 'Done', 'Bench', {})",
                    ts(db, done)
                ));
                ("done", 2)
            } else {
                ("open", 1)
            };
            actions.push(format!("('{action}', '{id}', 'Arrange respite', '{owner}', NULL, '{agency}', '{due}', 'record', NULL, '{status}', '{due}', {version}, 'Bench', {})", ts(db, at)));
        }
    }
    insert(db, "actions (id, person_id, what, owner, owner_user, owner_agency, agreed_due, source, meeting_id, status, due_on, version, created_by, created_at)", &actions).await;
    insert(db, "action_updates (action_id, person_id, version, status, due_on, note, updated_by, updated_at)", &updates).await;
    // Referrals: about three a day, each contacted and decided.
    let mut referrals = Vec::new();
    let mut events = Vec::new();
    for n in 0..1_500 {
        let id = uuid::Uuid::from_u128(rng.gen());
        let at = start + Days::seconds(rng.gen_range(0..span));
        let kind = if n % 3 == 0 { "professional" } else { "family" };
        referrals.push(format!("('{id}', 'R-{n:06}', '{id}', 'h', '{kind}', 'accepted', '{{}}', 'A', 'B', '2000-01-01', 'bench', {})", ts(db, at)));
        events.push(format!(
            "('{id}', 'contact', NULL, 'Phoned', 'Bench', {})",
            ts(db, at + Days::days(rng.gen_range(1..10)))
        ));
        events.push(format!(
            "('{id}', 'status', 'accepted', 'Decided', 'Bench', {})",
            ts(db, at + Days::days(14))
        ));
    }
    insert(db, "referrals (id, reference, idempotency_key, content_hash, kind, status, answers, given_name, family_name, date_of_birth, client, received_at)", &referrals).await;
    insert(
        db,
        "referral_events (referral_id, kind, status, body, actor, at)",
        &events,
    )
    .await;
    exec(db, "ANALYZE").await;
    format!(
        "Held: {} people, {} change-log entries, {} kept states, {} C(E)TRs, {} actions ({} updates), {} referrals.",
        people.len(),
        entries.len(),
        states.len(),
        ctrs.len(),
        actions.len(),
        updates.len(),
        referrals.len()
    )
}
