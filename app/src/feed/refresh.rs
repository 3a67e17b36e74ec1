//! Telling a page's own refreshes from a person's reads. A page that follows the live feed
//! reads its data again when the feed says it changed; such a read is not the person using
//! the portal, so the server neither keeps their session alive for it nor records it as a
//! view (see `auth::session::Activity`).

use leptos::prelude::*;

/// What a page last asked its server for, to tell whether the next read is a refresh.
#[derive(Debug)]
pub struct Refreshes<K: Send + Sync + 'static> {
    last: StoredValue<K>,
}

impl<K: Send + Sync + 'static> Clone for Refreshes<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static> Copy for Refreshes<K> {}

impl<K: PartialEq + Send + Sync + 'static> Refreshes<K> {
    /// Starts from `asked`: what a person asked for by opening the page (the record, the
    /// filters, their own last action).
    pub fn new(asked: K) -> Self {
        Refreshes {
            last: StoredValue::new(asked),
        }
    }

    /// Whether a read for `asked`, after the feed has asked `reloads` times for one, is the
    /// page refreshing itself: the feed has asked, and the person asks for what the last read
    /// asked (so only the feed moved).
    pub fn is_refresh(self, asked: K, reloads: u32) -> bool {
        let same = self.last.with_value(|last| *last == asked);
        self.last.set_value(asked);
        reloads > 0 && same
    }
}
