//! What the account pages send and receive (wire types only).

use crate::models::{Agency, ListedAccount};
use serde::{Deserialize, Serialize};

/// The accounts an admin looks after, by where they stand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLists {
    /// Waiting for a decision, oldest first.
    pub pending: Vec<ListedAccount>,
    /// In use.
    pub active: Vec<ListedAccount>,
    /// Rejected or disabled.
    pub closed: Vec<ListedAccount>,
    /// The agencies a request can be approved into (not the LDA team).
    pub agencies: Vec<Agency>,
}

/// What an admin decides about an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Let a pending account in.
    Approve,
    /// Refuse a pending account, with a reason.
    Reject,
    /// Switch an active account off, with a reason; its sessions end at once.
    Disable,
    /// Forget an active account's authenticator app and recovery codes (lost phone), with
    /// a reason; its sessions end, and it sets up a new app at its next sign-in if the
    /// rule asks for one.
    ResetSecondFactor,
}

/// What the settings page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    /// Whether every member of staff must use a second factor (admins always must).
    pub two_factor_for_all: bool,
    /// Every agency.
    pub agencies: Vec<Agency>,
}
