//! Staff accounts: registering, approval by admins, settings, reset codes, and one's own
//! password and sessions.

pub mod approvals;
pub mod join;
pub mod my_sessions;
pub mod password;
pub mod reset_codes;
pub mod settings;
pub mod wire;

pub use approvals::AccountsPage;
pub use join::{JoinDonePage, JoinPage};
pub use my_sessions::SessionsPage;
pub use password::{ChangePasswordPage, PasswordChangedPage};
pub use settings::SettingsPage;
