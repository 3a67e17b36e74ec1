//! Staff accounts: what someone may do, and whether their account is in use.

use serde::{Deserialize, Serialize};

/// What a member of staff may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// LDA team: approves accounts, manages agencies and settings, reads the audit trail.
    Admin,
    /// LDA team: every record, triage, meetings, ratings.
    Coordinator,
    /// Health, social care or education: the board, and the records they are linked to.
    Professional,
}

super::coded_enum!(Role {
    Admin => ("admin", "Administrator"),
    Coordinator => ("coordinator", "Coordinator"),
    Professional => ("professional", "Professional"),
});

/// Where an account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Registered, waiting for an admin.
    Pending,
    /// In use.
    Active,
    /// Refused by an admin, with a reason.
    Rejected,
    /// Switched off by an admin; its sessions have ended.
    Disabled,
}

super::coded_enum!(AccountStatus {
    Pending => ("pending", "Waiting for approval"),
    Active => ("active", "Active"),
    Rejected => ("rejected", "Rejected"),
    Disabled => ("disabled", "Disabled"),
});
