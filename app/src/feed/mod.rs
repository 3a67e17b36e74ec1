//! The live change feed: the change log, fanned out to every open board.

#[cfg(feature = "ssr")]
mod hub;
#[cfg(feature = "ssr")]
mod listener;

#[cfg(feature = "ssr")]
pub use hub::ChangeFeed;
