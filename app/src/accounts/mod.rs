//! Staff accounts: registering, approval by admins, settings and one's own sessions.

pub mod approvals;
pub mod join;
pub mod my_sessions;
pub mod settings;

pub use approvals::AccountsPage;
pub use join::{JoinDonePage, JoinPage};
pub use my_sessions::SessionsPage;
pub use settings::SettingsPage;
