//! DSR meetings: the register in agenda order, one person at a time, with a chair whose
//! moves attendees can follow live; and meetings as records (their day, chair,
//! attendance, the notes and decisions recorded per person) with the minutes they make.

pub mod agenda;
pub mod attendance;
mod attendance_page;
mod chair_control;
pub mod change_agenda;
pub mod get_meeting;
pub mod go_to_person;
pub mod href;
#[cfg(feature = "hydrate")]
mod keys;
mod live_meeting;
mod meeting_page;
mod meetings_page;
pub mod minutes;
mod minutes_page;
pub mod move_chair;
pub mod record_entry;
mod recording_panel;
mod role_choice;
pub mod set_up;
mod set_up_page;
pub mod take_chair;
mod taking_part;
pub mod wire;

pub use attendance_page::AttendancePage;
pub use meeting_page::MeetingPage;
pub use meetings_page::MeetingsPage;
pub use minutes_page::MinutesPage;
pub use set_up_page::SetUpMeetingPage;
