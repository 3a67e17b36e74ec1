//! Settings read from the environment; every variable is documented in the README.

use app::{
    models::{PolicyTimescales, ReferralTerms, ReviewIntervals, DEFAULT_RECHECK_MONTHS},
    sealed::SecretKey,
    state::Settings,
    store::sessions::SessionLimits,
};
use chrono::TimeDelta;

/// Where the register is kept when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/dsr.db";

/// The server's configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite:path` (default `sqlite:data/dsr.db`) or `postgres://…`.
    pub database_url: String,
    /// `DSR_DB_MAX_CONNECTIONS`: pool size (default 8).
    pub max_connections: u32,
    /// `DSR_SECRET_KEY`: the key sealing secrets in the database (64 hex digits). Unset on
    /// SQLite, a key file beside the database is used (made on first run); unset on
    /// PostgreSQL, the server refuses to start (every instance needs the same key).
    pub secret_key: Option<SecretKey>,
    /// The register's settings.
    pub settings: Settings,
    /// `LEPTOS_SITE_ADDR`: the address to listen on (default 127.0.0.1:3000).
    pub site_addr: std::net::SocketAddr,
    /// `LEPTOS_SITE_ROOT`: the built site's folder (see [`crate::site::root`]).
    pub site_root: std::path::PathBuf,
    /// `DSR_SHUTDOWN_SECONDS`: once asked to stop, how long requests in flight may take to
    /// finish before the rest are cut (default 10).
    pub shutdown_grace: std::time::Duration,
    /// `DSR_LOG_FORMAT`: `text` (default, for people) or `json` (one object a line, for a
    /// log collector).
    pub log_format: LogFormat,
    /// `DSR_METRICS_TOKEN`: when set (32 characters or more), `/metrics` on the site's
    /// port answers requests bearing it (`Authorization: Bearer …`).
    pub metrics_token: Option<String>,
    /// `DSR_METRICS_ADDR`: when set, `/metrics` is also served, without a token, on this
    /// address (one only the monitoring network reaches).
    pub metrics_addr: Option<std::net::SocketAddr>,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Readable lines.
    Text,
    /// One JSON object a line.
    Json,
}

/// The shortest metrics token accepted.
pub const MIN_METRICS_TOKEN: usize = 32;

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{name} must be {expected}, but is {value:?}")]
pub struct ConfigError {
    name: &'static str,
    expected: &'static str,
    value: String,
}

impl Config {
    /// Reads the configuration from `get` (normally the process environment).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let number =
            |name: &'static str, default: u32, min: u32, max: u32| -> Result<u32, ConfigError> {
                match get(name) {
                    None => Ok(default),
                    Some(v) => v
                        .trim()
                        .parse()
                        .ok()
                        .filter(|n| (min..=max).contains(n))
                        .ok_or(ConfigError {
                            name,
                            expected: "a whole number in range",
                            value: v,
                        }),
                }
            };
        let defaults = ReviewIntervals::default();
        let config = Config {
            database_url: get("DATABASE_URL")
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            max_connections: number("DSR_DB_MAX_CONNECTIONS", 8, 1, 200)?,
            site_addr: match get("LEPTOS_SITE_ADDR").filter(|v| !v.trim().is_empty()) {
                None => std::net::SocketAddr::from(([127, 0, 0, 1], 3000)),
                Some(v) => v.trim().parse().map_err(|_| ConfigError {
                    name: "LEPTOS_SITE_ADDR",
                    expected: "an address and port such as 127.0.0.1:3000",
                    value: v,
                })?,
            },
            site_root: crate::site::root(
                get("LEPTOS_SITE_ROOT").as_deref(),
                std::env::current_exe().ok().as_deref(),
            ),
            shutdown_grace: std::time::Duration::from_secs(
                number("DSR_SHUTDOWN_SECONDS", 10, 1, 300)?.into(),
            ),
            log_format: match get("DSR_LOG_FORMAT").as_deref().map(str::trim) {
                None | Some("") | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(other) => {
                    return Err(ConfigError {
                        name: "DSR_LOG_FORMAT",
                        expected: "text or json",
                        value: other.to_owned(),
                    })
                }
            },
            metrics_token: match get("DSR_METRICS_TOKEN").map(|v| v.trim().to_owned()) {
                None => None,
                Some(v) if v.is_empty() => None,
                Some(v)
                    if v.len() >= MIN_METRICS_TOKEN && v.bytes().all(|b| b.is_ascii_graphic()) =>
                {
                    Some(v)
                }
                Some(_) => {
                    return Err(ConfigError {
                        name: "DSR_METRICS_TOKEN",
                        expected: "at least 32 printable characters with no spaces",
                        value: "(not shown)".into(),
                    })
                }
            },
            metrics_addr: match get("DSR_METRICS_ADDR").filter(|v| !v.trim().is_empty()) {
                None => None,
                Some(v) => Some(v.trim().parse().map_err(|_| ConfigError {
                    name: "DSR_METRICS_ADDR",
                    expected: "an address and port such as 127.0.0.1:9100",
                    value: v,
                })?),
            },
            secret_key: match get("DSR_SECRET_KEY") {
                None => None,
                Some(v) => Some(SecretKey::from_hex(&v).map_err(|_| ConfigError {
                    name: "DSR_SECRET_KEY",
                    expected: "64 hexadecimal digits",
                    value: "(not shown)".into(),
                })?),
            },
            settings: Settings {
                review_intervals: ReviewIntervals {
                    blue: number("DSR_REVIEW_DAYS_BLUE", defaults.blue, 1, 366)?,
                    red: number("DSR_REVIEW_DAYS_RED", defaults.red, 1, 366)?,
                    amber: number("DSR_REVIEW_DAYS_AMBER", defaults.amber, 1, 366)?,
                    green: number("DSR_REVIEW_DAYS_GREEN", defaults.green, 1, 366)?,
                },
                policy: {
                    let d = PolicyTimescales::default();
                    PolicyTimescales {
                        community_days: number(
                            "DSR_POLICY_COMMUNITY_DAYS",
                            d.community_days,
                            1,
                            90,
                        )?,
                        preceding_days: number(
                            "DSR_POLICY_PRECEDING_DAYS",
                            d.preceding_days,
                            1,
                            730,
                        )?,
                        adult_post_admission_days: number(
                            "DSR_POLICY_ADULT_POST_ADMISSION_DAYS",
                            d.adult_post_admission_days,
                            1,
                            180,
                        )?,
                        child_post_admission_working_days: number(
                            "DSR_POLICY_CHILD_POST_ADMISSION_WORKING_DAYS",
                            d.child_post_admission_working_days,
                            1,
                            120,
                        )?,
                        child_post_admission_interim_working_days: number(
                            "DSR_POLICY_CHILD_POST_ADMISSION_INTERIM_WORKING_DAYS",
                            d.child_post_admission_interim_working_days,
                            1,
                            120,
                        )?,
                        adult_follow_up_months: number(
                            "DSR_POLICY_ADULT_FOLLOW_UP_MONTHS",
                            d.adult_follow_up_months,
                            1,
                            36,
                        )?,
                        secure_follow_up_months: number(
                            "DSR_POLICY_SECURE_FOLLOW_UP_MONTHS",
                            d.secure_follow_up_months,
                            1,
                            36,
                        )?,
                        child_follow_up_months: number(
                            "DSR_POLICY_CHILD_FOLLOW_UP_MONTHS",
                            d.child_follow_up_months,
                            1,
                            36,
                        )?,
                        adult_oversight_days: number(
                            "DSR_POLICY_ADULT_OVERSIGHT_DAYS",
                            d.adult_oversight_days,
                            1,
                            365,
                        )?,
                        child_oversight_days: number(
                            "DSR_POLICY_CHILD_OVERSIGHT_DAYS",
                            d.child_oversight_days,
                            1,
                            365,
                        )?,
                        red_after_discharge_days: number(
                            "DSR_POLICY_RED_AFTER_DISCHARGE_DAYS",
                            d.red_after_discharge_days,
                            1,
                            90,
                        )?,
                        root_cause_days: number(
                            "DSR_POLICY_ROOT_CAUSE_DAYS",
                            d.root_cause_days,
                            1,
                            365,
                        )?,
                    }
                },
                consent_recheck_months: number(
                    "DSR_CONSENT_RECHECK_MONTHS",
                    DEFAULT_RECHECK_MONTHS,
                    1,
                    60,
                )?,
                small_numbers_below: number("DSR_SMALL_NUMBERS_BELOW", 8, 3, 100)?.into(),
                sessions: SessionLimits {
                    idle: TimeDelta::minutes(
                        number("DSR_SESSION_IDLE_MINUTES", 30, 5, 24 * 60)?.into(),
                    ),
                    absolute: TimeDelta::hours(
                        number("DSR_SESSION_ABSOLUTE_HOURS", 12, 1, 24)?.into(),
                    ),
                },
                referrals: ReferralTerms {
                    contact_days: number("DSR_REFERRAL_CONTACT_DAYS", 5, 1, 60)?,
                    draft_days: number("DSR_DRAFT_DAYS", 7, 1, 90)?,
                },
                referrals_per_hour: number("DSR_REFERRALS_PER_HOUR", 10, 1, 10_000)?,
                joins_per_hour: number("DSR_JOINS_PER_HOUR", 30, 1, 10_000)?,
                hashes_at_once: number("DSR_HASHES_AT_ONCE", 2, 1, 32)?,
                request_deadline: std::time::Duration::from_secs(
                    number("DSR_REQUEST_SECONDS", 30, 1, 300)?.into(),
                ),
                // Replaced at start-up by `Config::secret_key` (which may read a file).
                secret_key: SecretKey::random(),
                trusted_proxies: match get("DSR_TRUSTED_PROXIES") {
                    None => Vec::new(),
                    Some(v) => v
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| s.parse())
                        .collect::<Result<_, _>>()
                        .map_err(|_| ConfigError {
                            name: "DSR_TRUSTED_PROXIES",
                            expected: "IP addresses separated by commas",
                            value: v.clone(),
                        })?,
                },
                public_origin: match get("DSR_PUBLIC_ORIGIN")
                    .map(|v| v.trim().trim_end_matches('/').to_owned())
                    .filter(|v| !v.is_empty())
                {
                    // Every request but a health check must name it, so a mistake refuses all.
                    Some(v) if !crate::security::is_origin(&v) => {
                        return Err(ConfigError {
                            name: "DSR_PUBLIC_ORIGIN",
                            expected: "an origin such as https://dsr.example.nhs.uk",
                            value: v,
                        })
                    }
                    origin => origin,
                },
            },
        };
        let policy = &config.settings.policy;
        if policy.child_post_admission_interim_working_days
            > policy.child_post_admission_working_days
        {
            return Err(ConfigError {
                name: "DSR_POLICY_CHILD_POST_ADMISSION_INTERIM_WORKING_DAYS",
                expected: "at most DSR_POLICY_CHILD_POST_ADMISSION_WORKING_DAYS",
                value: policy.child_post_admission_interim_working_days.to_string(),
            });
        }
        Ok(config)
    }

    /// The key sealing secrets: `DSR_SECRET_KEY`, or on SQLite the key file beside the
    /// database (`<database>.key`, readable by its owner only), made on first run.
    pub fn secret_key(&self) -> Result<SecretKey, Box<dyn std::error::Error>> {
        if let Some(key) = &self.secret_key {
            return Ok(key.clone());
        }
        let Some(path) = self.sqlite_file() else {
            return Err("DSR_SECRET_KEY must be set when the register is on PostgreSQL (every instance needs the same key)".into());
        };
        let path = path.display().to_string();
        if path.is_empty() || path == ":memory:" {
            return Ok(SecretKey::random());
        }
        let key_file = std::path::PathBuf::from(format!("{path}.key"));
        match std::fs::read_to_string(&key_file) {
            Ok(text) => {
                Ok(SecretKey::from_hex(&text)
                    .map_err(|e| format!("{}: {e}", key_file.display()))?)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = SecretKey::random();
                write_private(&key_file, &key.to_hex())?;
                tracing::info!(file = %key_file.display(), "made a new key for secrets kept in the database");
                Ok(key)
            }
            Err(e) => Err(format!("{}: {e}", key_file.display()).into()),
        }
    }

    /// The portal's key, from `DSR_SECRET_KEY` or the key file beside the SQLite register;
    /// never a new one (for commands that check what the portal wrote with its key).
    pub fn existing_secret_key(&self) -> Result<SecretKey, Box<dyn std::error::Error>> {
        if self.secret_key.is_none() {
            if let Some(path) = self.sqlite_file() {
                let key_file = format!("{}.key", path.display());
                if !std::path::Path::new(&key_file).exists() {
                    return Err(format!(
                        "no key: set DSR_SECRET_KEY, or put the portal's key file at {key_file} \
                         (the register's secrets and audit trail are checked with it)"
                    )
                    .into());
                }
            }
        }
        self.secret_key()
    }

    /// Refuses when the register is an SQLite file that does not exist (the settings are
    /// probably not the portal's), rather than letting it be made empty.
    pub fn existing_register(&self) -> Result<(), Box<dyn std::error::Error>> {
        match self.sqlite_file() {
            Some(file) if !file.exists() => Err(format!(
                "no register at {}: run with the portal's settings (DATABASE_URL and \
                 DSR_SECRET_KEY, as in its environment file)",
                file.display()
            )
            .into()),
            _ => Ok(()),
        }
    }

    /// The register's file when it is on SQLite (`None` on PostgreSQL).
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let url = self.database_url.as_str();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return None;
        }
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default();
        Some(std::path::PathBuf::from(path))
    }

    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }
}

/// Writes `text` to a new file at `path` that only its owner may read.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_to_sqlite_and_suggested_intervals() {
        let c = read(&[]).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.settings.review_intervals, ReviewIntervals::default());
        assert_eq!(c.settings.sessions, SessionLimits::default());
        assert_eq!(c.settings.referrals, ReferralTerms::default());
        assert_eq!(c.settings.referrals_per_hour, 10);
        assert_eq!(c.settings.consent_recheck_months, 12);
        assert!(c.settings.trusted_proxies.is_empty());
        assert_eq!(c.settings.public_origin, None);
        assert_eq!(c.shutdown_grace, std::time::Duration::from_secs(10));
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(
            c.settings.request_deadline,
            std::time::Duration::from_secs(30)
        );
        assert_eq!((c.metrics_token, c.metrics_addr), (None, None));
    }

    #[test]
    fn reads_log_and_metrics_settings() {
        let token = "k".repeat(MIN_METRICS_TOKEN);
        let c = read(&[
            ("DSR_LOG_FORMAT", "json"),
            ("DSR_METRICS_TOKEN", &token),
            ("DSR_METRICS_ADDR", "127.0.0.1:9100"),
        ])
        .unwrap();
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.metrics_token.as_deref(), Some(token.as_str()));
        assert_eq!(c.metrics_addr, Some(([127, 0, 0, 1], 9100).into()));
        assert!(read(&[("DSR_LOG_FORMAT", "xml")]).is_err());
        assert!(read(&[("DSR_METRICS_ADDR", "monitoring")]).is_err());
        let short = read(&[("DSR_METRICS_TOKEN", "secret")]).unwrap_err();
        assert!(
            !short.to_string().contains("secret\""),
            "a token is never echoed"
        );
        assert!(read(&[("DSR_METRICS_TOKEN", &format!("{token} x"))]).is_err());
    }

    #[test]
    fn reads_overrides_and_refuses_nonsense() {
        let c = read(&[
            ("DSR_REVIEW_DAYS_RED", "7"),
            ("DATABASE_URL", "postgres://x/y"),
            ("DSR_SESSION_IDLE_MINUTES", "15"),
            ("DSR_PUBLIC_ORIGIN", "https://dsr.example.nhs.uk/"),
            ("DSR_CONSENT_RECHECK_MONTHS", "6"),
        ])
        .unwrap();
        assert_eq!(c.settings.review_intervals.red, 7);
        assert_eq!(c.settings.consent_recheck_months, 6);
        assert_eq!(c.database_url, "postgres://x/y");
        assert_eq!(c.settings.sessions.idle, TimeDelta::minutes(15));
        assert_eq!(
            c.settings.public_origin.as_deref(),
            Some("https://dsr.example.nhs.uk")
        );
        assert!(read(&[("DSR_SESSION_ABSOLUTE_HOURS", "48")]).is_err());
        let err = read(&[("DSR_REVIEW_DAYS_GREEN", "0")]).unwrap_err();
        assert!(err.to_string().contains("DSR_REVIEW_DAYS_GREEN"));
        assert!(read(&[("DSR_DB_MAX_CONNECTIONS", "lots")]).is_err());
        assert!(read(&[("DSR_CONSENT_RECHECK_MONTHS", "0")]).is_err());
        assert!(read(&[("DSR_TRUSTED_PROXIES", "10.0.0.2, load-balancer")]).is_err());
        assert!(read(&[("DSR_PUBLIC_ORIGIN", "dsr.example.nhs.uk")]).is_err());
        assert!(read(&[("DSR_PUBLIC_ORIGIN", "https://dsr.example.nhs.uk/dsr")]).is_err());
        let err = read(&[("DSR_SECRET_KEY", "not-a-key-at-all")]).unwrap_err();
        assert!(
            !err.to_string().contains("not-a-key"),
            "a key is never echoed"
        );
        let c = read(&[("DSR_TRUSTED_PROXIES", "10.0.0.2, 2001:db8::5")]).unwrap();
        assert_eq!(c.settings.trusted_proxies.len(), 2);
        let c = read(&[
            ("DSR_SHUTDOWN_SECONDS", "30"),
            ("LEPTOS_SITE_ROOT", "/srv/dsr/site"),
        ])
        .unwrap();
        assert_eq!(c.shutdown_grace, std::time::Duration::from_secs(30));
        assert_eq!(c.site_root, std::path::PathBuf::from("/srv/dsr/site"));
        assert!(read(&[("DSR_SHUTDOWN_SECONDS", "0")]).is_err());
        assert!(read(&[("LEPTOS_SITE_ADDR", "localhost")]).is_err());
        let c = read(&[("LEPTOS_SITE_ADDR", "0.0.0.0:8080")]).unwrap();
        assert_eq!(c.site_addr.port(), 8080);
    }

    #[test]
    fn the_policy_timescales_are_settings() {
        assert_eq!(
            read(&[]).unwrap().settings.policy,
            PolicyTimescales::default()
        );
        let c = read(&[
            ("DSR_POLICY_CHILD_POST_ADMISSION_WORKING_DAYS", "7"),
            ("DSR_POLICY_SECURE_FOLLOW_UP_MONTHS", "9"),
        ])
        .unwrap();
        assert_eq!(c.settings.policy.child_post_admission_working_days, 7);
        assert_eq!(c.settings.policy.secure_follow_up_months, 9);
        assert!(read(&[("DSR_POLICY_ADULT_OVERSIGHT_DAYS", "0")]).is_err());
        // The interim target cannot be later than the target itself.
        let err =
            read(&[("DSR_POLICY_CHILD_POST_ADMISSION_INTERIM_WORKING_DAYS", "11")]).unwrap_err();
        assert!(err.to_string().contains("INTERIM"));
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn sqlite_keeps_its_key_beside_the_database_and_postgres_needs_one_set() {
        let dir = std::env::temp_dir().join(format!("dsr-key-{}", uuid::Uuid::new_v4().simple()));
        let db = dir.join("dsr.db");
        let mut config = Config::from_lookup(|_| None).unwrap();
        config.database_url = format!("sqlite:{}", db.display());
        let first = config.secret_key().unwrap();
        assert_eq!(
            config.secret_key().unwrap(),
            first,
            "the same key on the next start"
        );
        let file = dir.join("dsr.db.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
        config.database_url = "postgres://postgres@127.0.0.1/dsr".into();
        assert!(config.secret_key().is_err());
        let key = SecretKey::random();
        let hex = key.to_hex();
        let config =
            Config::from_lookup(|name| (name == "DSR_SECRET_KEY").then(|| hex.clone())).unwrap();
        assert_eq!(config.secret_key().unwrap(), key);
    }
}
