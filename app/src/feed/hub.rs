//! One instance's fan-out of the change log. A single pump reads new entries from the
//! database, in id order, and broadcasts them to this instance's subscribers. It wakes when
//! this instance commits a change, when PostgreSQL announces another instance's change,
//! and every few seconds regardless, so a missed wake-up only delays an entry.

use super::listener::listen_for_changes;
use crate::{
    models::{uk_today, BoardChange},
    store::{change_log, Db},
};
use std::{
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::{broadcast, watch, Notify};

/// Entries buffered for subscribers; one that falls further behind is dropped and
/// catches up from the database when it reconnects.
const BUFFER: usize = 1024;
/// Entries read from the database at a time.
const BATCH: i64 = 500;
/// How often the pump looks for entries even when nothing woke it.
const SAFETY_POLL: Duration = Duration::from_secs(10);

/// A handle to this instance's change feed; clones share it. The pump and listener stop
/// when the last handle is dropped.
#[derive(Clone, Debug)]
pub struct ChangeFeed {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    sender: broadcast::Sender<Arc<BoardChange>>,
    wake: Notify,
    published: AtomicI64,
    closing: watch::Sender<bool>,
    _running: watch::Sender<()>,
}

impl ChangeFeed {
    /// Starts the feed on `db` from the newest entry now in the log.
    pub async fn start(db: Db) -> Result<ChangeFeed, sqlx::Error> {
        let head = change_log::head(&db).await?;
        let (sender, _) = broadcast::channel(BUFFER);
        let (running, stopped) = watch::channel(());
        let feed = ChangeFeed {
            inner: Arc::new(Inner {
                sender,
                wake: Notify::new(),
                published: AtomicI64::new(head),
                closing: watch::channel(false).0,
                _running: running,
            }),
        };
        if let Db::Postgres(pool) = &db {
            let feed = feed.clone_weak();
            tokio::spawn(listen_for_changes(
                pool.clone(),
                move || feed.wake(),
                stopped.clone(),
            ));
        }
        tokio::spawn(pump(db, Arc::downgrade(&feed.inner), stopped));
        Ok(feed)
    }

    /// Asks the pump to look for new entries (after this instance committed one).
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Receives every entry broadcast from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BoardChange>> {
        self.inner.sender.subscribe()
    }

    /// How many subscribers are connected to this instance.
    pub fn subscribers(&self) -> usize {
        self.inner.sender.receiver_count()
    }

    /// The id of the newest entry broadcast so far.
    pub fn published(&self) -> i64 {
        self.inner.published.load(Ordering::Acquire)
    }

    /// Tells every stream of this feed to end: the instance is stopping, and its clients
    /// should reconnect (through the load balancer, to an instance that is not).
    pub fn close(&self) {
        self.inner.closing.send_replace(true);
    }

    /// Changes to `true` when [`ChangeFeed::close`] is called.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.inner.closing.subscribe()
    }

    fn clone_weak(&self) -> WeakFeed {
        WeakFeed(Arc::downgrade(&self.inner))
    }
}

/// A handle that does not keep the feed alive (held by its own background tasks).
struct WeakFeed(std::sync::Weak<Inner>);

impl WeakFeed {
    /// Wakes the pump, if the feed still exists.
    fn wake(&self) {
        if let Some(inner) = self.0.upgrade() {
            inner.wake.notify_one();
        }
    }
}

async fn pump(db: Db, feed: std::sync::Weak<Inner>, mut stopped: watch::Receiver<()>) {
    loop {
        let Some(inner) = feed.upgrade() else { return };
        tokio::select! {
            _ = inner.wake.notified() => {}
            _ = tokio::time::sleep(SAFETY_POLL) => {}
            _ = stopped.changed() => return,
        }
        if let Err(error) = publish_new(&db, &inner).await {
            tracing::warn!(%error, "change feed could not read the change log; will retry");
            tokio::time::sleep(Duration::from_millis(500)).await;
            inner.wake.notify_one();
        }
    }
}

/// Broadcasts every entry after the last one published, in order.
async fn publish_new(db: &Db, inner: &Inner) -> Result<(), sqlx::Error> {
    loop {
        let after = inner.published.load(Ordering::Acquire);
        let today = uk_today(chrono::Utc::now());
        let batch = change_log::changes_after(db, after, BATCH, today).await?;
        let full = batch.len() as i64 == BATCH;
        for change in batch {
            inner.published.store(change.id, Ordering::Release);
            // No subscribers is not an error: nobody is watching.
            let _ = inner.sender.send(Arc::new(change));
        }
        if !full {
            return Ok(());
        }
    }
}
