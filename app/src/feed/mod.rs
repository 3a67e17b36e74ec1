//! The live change feed: the change log, fanned out to every open board.

#[cfg(feature = "hydrate")]
mod client;
#[cfg(feature = "ssr")]
mod hub;
#[cfg(feature = "ssr")]
mod listener;
mod refresh;
mod status;

#[cfg(feature = "hydrate")]
pub use client::{follow, start_after_first_read, FeedHandlers};
#[cfg(feature = "ssr")]
pub use hub::ChangeFeed;
pub use refresh::Refreshes;
pub use status::{FeedStatus, FeedStatusLine};
