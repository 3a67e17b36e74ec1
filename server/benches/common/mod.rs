//! Shared by the benchmarks (`live_board`, `soak`): the machine they ran on, a seeded
//! register, a rating change over HTTP, percentiles and memory read from `/proc`.

#![allow(dead_code)]

use std::time::{Duration, Instant};

/// Prints `title` and what the figures were measured on.
pub fn machine(title: &str) {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = proc_kb("/proc/meminfo", "MemTotal:").unwrap_or(0) / 1024 / 1024;
    println!("# {title}\n\nMachine: {cores} cores ({cpu}), {memory} GiB memory.");
}

/// Fills a fresh register with `people` fictional people through `dsr seed-demo`.
pub async fn seed(url: &str, people: u32) {
    let started = Instant::now();
    let status = tokio::process::Command::new(env!("CARGO_BIN_EXE_dsr"))
        .args(["seed-demo", "--people", &people.to_string(), "--seed", "1"])
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .unwrap();
    assert!(status.success(), "seeding failed");
    eprintln!("seeded {people} people in {:.1?}", started.elapsed());
}

/// Posts a rating change of `person` from `version` to `rating` to the server at `base`,
/// as the board's form does.
pub async fn change_rating(
    client: &reqwest::Client,
    base: &str,
    person: &str,
    version: i64,
    rating: &str,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}/api/change_rating"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(format!(
            "person_id={person}&version={version}&rating={rating}&rationale=Benchmark+change"
        ))
        .send()
        .await
}

/// The `p`th percentile of sorted `values` (nearest rank).
pub fn percentile(values: &[Duration], p: f64) -> Duration {
    if values.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A `kB` figure from a `/proc` file's line starting with `key`.
pub fn proc_kb(file: &str, key: &str) -> Option<u64> {
    std::fs::read_to_string(file)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(key))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The resident memory of process `pid`, in KiB (0 if it cannot be read).
pub fn rss_kib(pid: u32) -> u64 {
    proc_kb(&format!("/proc/{pid}/status"), "VmRSS:").unwrap_or(0)
}
