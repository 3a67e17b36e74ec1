//! The server's shared state, provided to every server function as context.

use crate::{error::AppError, feed::ChangeFeed, models::ReviewIntervals, store::Db};
use leptos::prelude::use_context;
use std::{
    any::{Any, TypeId},
    collections::HashMap,
    sync::{Arc, Mutex},
};

/// Settings that change how the register behaves (documented in the README).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Days between reviews for each rating.
    pub review_intervals: ReviewIntervals,
    /// The policy clock's timescales.
    pub policy: crate::models::PolicyTimescales,
    /// Months after a consent record until it is checked again.
    pub consent_recheck_months: u32,
    /// Counts from 1 to below this are shown to commissioners as "fewer than" it.
    pub small_numbers_below: i64,
    /// How long a session lasts unused, and in all.
    pub sessions: crate::store::sessions::SessionLimits,
    /// The contact target and how long browser drafts are kept.
    pub referrals: crate::models::ReferralTerms,
    /// Most referrals accepted from one address in an hour.
    pub referrals_per_hour: u32,
    /// Most requests for accounts accepted in an hour, from everyone together (each
    /// client address may send a few of them).
    pub joins_per_hour: u32,
    /// Most password hashes computed at once (each holds 19 MiB).
    pub hashes_at_once: u32,
    /// How long a request may take to be answered before it is cut (503).
    pub request_deadline: std::time::Duration,
    /// Proxies (such as load balancers) whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The key that seals secrets kept in the database (TOTP secrets).
    pub secret_key: crate::sealed::SecretKey,
    /// The address the service is reached at (`https://…`), when set: the only `Origin`
    /// accepted on changes, and HSTS is sent when it is `https`. Unset, a change's
    /// `Origin` must match the request's `Host`.
    pub public_origin: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            review_intervals: Default::default(),
            policy: Default::default(),
            consent_recheck_months: crate::models::DEFAULT_RECHECK_MONTHS,
            small_numbers_below: 8,
            sessions: Default::default(),
            referrals: Default::default(),
            referrals_per_hour: 10,
            joins_per_hour: 30,
            hashes_at_once: 2,
            request_deadline: std::time::Duration::from_secs(30),
            trusted_proxies: Vec::new(),
            secret_key: Default::default(),
            public_origin: None,
        }
    }
}

/// Everything a request handler needs: the database, the settings, the change feed and
/// what features keep between requests (such as the boards read since the last change).
#[derive(Clone, Debug)]
pub struct AppState {
    /// The connection pool.
    pub db: Db,
    /// The settings.
    pub settings: Arc<Settings>,
    /// This instance's live change feed.
    pub feed: ChangeFeed,
    /// What features keep between requests: see [`AppState::kept`].
    kept: Arc<Kept>,
    /// The few password hashes that may run at once.
    pub hashing: crate::auth::password::Hashing,
}

impl AppState {
    /// The state for `db`, with its change feed started.
    pub async fn start(db: Db, settings: Settings) -> Result<AppState, sqlx::Error> {
        let feed = ChangeFeed::start(db.clone()).await?;
        Ok(AppState {
            db,
            hashing: crate::auth::password::Hashing::new(settings.hashes_at_once as usize),
            settings: Arc::new(settings),
            feed,
            kept: Arc::default(),
        })
    }

    /// The one `T` kept with this state, made on first use: how a feature keeps a cache
    /// between requests without this module knowing of it.
    pub fn kept<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut kept = self
            .kept
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let value = kept
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        Arc::clone(value)
            .downcast::<T>()
            .expect("kept under its own type id")
    }

    /// Records `entry` in the audit trail, in a transaction of its own (for what changes
    /// nothing else, such as a view; a change appends its entry in its own transaction).
    pub async fn audit(&self, entry: &crate::store::audit::AuditEntry<'_>) -> Result<(), AppError> {
        crate::store::audit::record(&self.db, &self.settings.secret_key, entry).await?;
        Ok(())
    }

    /// The state provided to the current server function or page render.
    pub fn current() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from context");
            AppError::Internal
        })
    }
}

/// One value of each type, kept for the life of an [`AppState`].
#[derive(Default)]
struct Kept(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}
