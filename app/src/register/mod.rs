//! The register board: every person on the DSR by rating, with filters and paging.

pub mod board;
#[cfg(feature = "ssr")]
pub mod board_cache;
mod board_page;
pub mod board_query;
pub mod brief_views;
pub mod card;
#[cfg(feature = "ssr")]
pub mod card_html;
mod filters;
pub mod get_board;
pub mod live;
pub mod live_board;

pub use board_page::BoardPage;
pub use brief_views::BriefViewsPage;
