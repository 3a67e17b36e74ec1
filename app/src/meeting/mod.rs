//! DSR meetings: the register in agenda order, one person at a time, with a chair whose
//! moves attendees can follow live.

pub mod agenda;
pub mod get_meeting;
#[cfg(feature = "hydrate")]
mod keys;
mod meeting_page;
pub mod move_chair;

pub use meeting_page::MeetingPage;
