//! What an operator's dashboards read from `/metrics`: requests by route and status with
//! their latency, sign-in failures, referrals received and the live feed's lag, counted
//! in this process (kept with the state: `state.kept::<Metrics>()`) and written in the
//! Prometheus text format. Labels are routes and kinds, never anything a person typed.

use crate::store::PoolUse;
use std::{collections::BTreeMap, fmt::Write, sync::Mutex, time::Duration};

/// Upper bounds, in seconds, of the latency histograms' buckets.
const BOUNDS: [f64; 12] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// This process's counts; see the module's documentation.
#[derive(Debug, Default)]
pub struct Metrics(Mutex<Counts>);

#[derive(Debug, Default, Clone)]
struct Counts {
    requests: BTreeMap<String, Histogram>,
    statuses: BTreeMap<(String, String, u16), u64>,
    sign_in_failures: BTreeMap<&'static str, u64>,
    referrals: BTreeMap<&'static str, u64>,
    feed_lag: Histogram,
}

/// Observations counted into [`BOUNDS`], with their sum and count.
#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; BOUNDS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (bucket, bound) in self.buckets.iter_mut().zip(BOUNDS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        self.sum += seconds;
        self.count += 1;
    }

    /// Writes the histogram's lines, each with `labels` (`name="value",…` or empty).
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        for (bucket, bound) in self.buckets.iter().zip(BOUNDS) {
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {bucket}");
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
            self.count
        );
        let braced = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braced} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braced} {}", self.count);
    }
}

/// What is read at the moment of asking, beside the counts.
#[derive(Clone, Copy, Debug)]
pub struct Gauges {
    /// Live feed streams open on this instance.
    pub feed_clients: usize,
    /// The database pool.
    pub pool: PoolUse,
}

impl Metrics {
    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A request to `route` (its pattern, such as `/people/{id}`) answered with `status`
    /// after `took` (or given up by its client: status 499). A method the route does not
    /// answer (405) is counted as `other`, so labels stay few whatever is sent.
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        let method = if status == 405 { "other" } else { method };
        let mut counts = self.counts();
        counts
            .requests
            .entry(route.to_owned())
            .or_default()
            .observe(took.as_secs_f64());
        *counts
            .statuses
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default() += 1;
    }

    /// A sign-in attempt failed at `step` (such as `password`).
    pub fn sign_in_failed(&self, step: &'static str) {
        *self.counts().sign_in_failures.entry(step).or_default() += 1;
    }

    /// A new referral was received, from a `family` or a `professional`.
    pub fn referral_received(&self, from: &'static str) {
        *self.counts().referrals.entry(from).or_default() += 1;
    }

    /// A live change was sent to a board `lag` after it was committed.
    pub fn feed_sent(&self, lag: Duration) {
        self.counts().feed_lag.observe(lag.as_secs_f64());
    }

    /// Everything, in the Prometheus text format (version 0.0.4).
    pub fn render(&self, gauges: Gauges) -> String {
        // A copy, so the lock is not held while the text is written.
        let counts = self.counts().clone();
        let mut out = String::with_capacity(8 * 1024);
        family(
            &mut out,
            "dsr_http_requests_total",
            "counter",
            "Requests answered, by route, method and status.",
        );
        for ((route, method, status), n) in &counts.statuses {
            let _ = writeln!(
                out,
                "dsr_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                escape(route),
                escape(method)
            );
        }
        family(
            &mut out,
            "dsr_http_request_duration_seconds",
            "histogram",
            "Time to answer a request (to its headers), by route.",
        );
        for (route, histogram) in &counts.requests {
            let labels = format!("route=\"{}\"", escape(route));
            histogram.write(&mut out, "dsr_http_request_duration_seconds", &labels);
        }
        family(
            &mut out,
            "dsr_sign_in_failures_total",
            "counter",
            "Failed sign-in attempts, by step.",
        );
        for (step, n) in &counts.sign_in_failures {
            let _ = writeln!(out, "dsr_sign_in_failures_total{{step=\"{step}\"}} {n}");
        }
        family(
            &mut out,
            "dsr_referrals_received_total",
            "counter",
            "New referrals received, by who sent them.",
        );
        for from in ["family", "professional"] {
            let n = counts.referrals.get(from).copied().unwrap_or(0);
            let _ = writeln!(out, "dsr_referrals_received_total{{from=\"{from}\"}} {n}");
        }
        family(
            &mut out,
            "dsr_feed_lag_seconds",
            "histogram",
            "Time from a change's commit to its sending to a live board.",
        );
        counts.feed_lag.write(&mut out, "dsr_feed_lag_seconds", "");
        family(
            &mut out,
            "dsr_feed_clients",
            "gauge",
            "Live board streams open on this instance.",
        );
        let _ = writeln!(out, "dsr_feed_clients {}", gauges.feed_clients);
        family(
            &mut out,
            "dsr_db_pool_connections",
            "gauge",
            "Database connections of this instance, by state.",
        );
        let pool = gauges.pool;
        let _ = writeln!(
            out,
            "dsr_db_pool_connections{{state=\"in_use\"}} {}",
            pool.open.saturating_sub(pool.idle)
        );
        let _ = writeln!(
            out,
            "dsr_db_pool_connections{{state=\"idle\"}} {}",
            pool.idle
        );
        family(
            &mut out,
            "dsr_db_pool_max_connections",
            "gauge",
            "The most database connections this instance opens.",
        );
        let _ = writeln!(out, "dsr_db_pool_max_connections {}", pool.max);
        out
    }
}

/// A metric family's `HELP` and `TYPE` lines.
fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value as the text format needs it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gauges() -> Gauges {
        Gauges {
            feed_clients: 3,
            pool: PoolUse {
                open: 5,
                idle: 2,
                max: 8,
            },
        }
    }

    #[test]
    fn counts_requests_into_cumulative_buckets() {
        let metrics = Metrics::default();
        metrics.request("/people/{id}", "GET", 200, Duration::from_millis(3));
        metrics.request("/people/{id}", "GET", 200, Duration::from_millis(300));
        metrics.request("/people/{id}", "GET", 404, Duration::from_millis(20));
        metrics.request("/people/{id}", "BREW", 405, Duration::from_millis(2));
        let text = metrics.render(gauges());
        assert!(text.contains(
            "dsr_http_requests_total{route=\"/people/{id}\",method=\"GET\",status=\"200\"} 2\n"
        ));
        assert!(text.contains(
            "dsr_http_requests_total{route=\"/people/{id}\",method=\"GET\",status=\"404\"} 1\n"
        ));
        let bucket = |le: &str| {
            format!(
                "dsr_http_request_duration_seconds_bucket{{route=\"/people/{{id}}\",le=\"{le}\"}} "
            )
        };
        assert!(text.contains(&format!("{}0\n", bucket("0.001"))));
        assert!(text.contains(&format!("{}2\n", bucket("0.005"))));
        assert!(text.contains(&format!("{}3\n", bucket("0.025"))));
        assert!(text.contains(&format!("{}4\n", bucket("0.5"))));
        assert!(text.contains(&format!("{}4\n", bucket("+Inf"))));
        assert!(text.contains(
            "dsr_http_requests_total{route=\"/people/{id}\",method=\"other\",status=\"405\"} 1\n"
        ));
        assert!(
            text.contains("dsr_http_request_duration_seconds_count{route=\"/people/{id}\"} 4\n")
        );
    }

    #[test]
    fn names_every_family_once_with_gauges_and_counters() {
        let metrics = Metrics::default();
        metrics.sign_in_failed("password");
        metrics.sign_in_failed("password");
        metrics.referral_received("family");
        metrics.feed_sent(Duration::from_millis(40));
        let text = metrics.render(gauges());
        assert!(text.contains("dsr_sign_in_failures_total{step=\"password\"} 2\n"));
        assert!(text.contains("dsr_referrals_received_total{from=\"family\"} 1\n"));
        assert!(text.contains("dsr_referrals_received_total{from=\"professional\"} 0\n"));
        assert!(text.contains("dsr_feed_lag_seconds_bucket{le=\"0.05\"} 1\n"));
        assert!(text.contains("dsr_feed_lag_seconds_bucket{le=\"0.025\"} 0\n"));
        assert!(text.contains("dsr_feed_lag_seconds_count 1\n"));
        assert!(text.contains("dsr_feed_clients 3\n"));
        assert!(text.contains("dsr_db_pool_connections{state=\"in_use\"} 3\n"));
        assert!(text.contains("dsr_db_pool_max_connections 8\n"));
        let types: Vec<&str> = text.lines().filter(|l| l.starts_with("# TYPE")).collect();
        let mut unique = types.clone();
        unique.dedup();
        assert_eq!(types.len(), unique.len());
        assert_eq!(types.len(), 8);
    }

    #[test]
    fn escapes_label_values() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
