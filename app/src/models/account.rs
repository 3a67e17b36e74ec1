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
    /// Commissioning: reads the register's figures (small numbers suppressed), never a
    /// record or a name.
    Commissioner,
}

super::coded_enum!(Role {
    Admin => ("admin", "Administrator"),
    Coordinator => ("coordinator", "Coordinator"),
    Professional => ("professional", "Professional"),
    Commissioner => ("commissioner", "Commissioner"),
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

/// Which kind of organisation an agency is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// NHS and other health services.
    Health,
    /// Local authority social care.
    SocialCare,
    /// Schools and colleges.
    Education,
    /// The ICB's learning disability and autism team.
    LdaTeam,
}

super::coded_enum!(Sector {
    Health => ("health", "Health"),
    SocialCare => ("social_care", "Social care"),
    Education => ("education", "Education"),
    LdaTeam => ("lda_team", "LDA team"),
});

/// An organisation professionals belong to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Identifier.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Health, social care, education or the LDA team.
    pub sector: Sector,
}

/// A staff account as admins and coordinators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// Identifier.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Work email.
    pub email: String,
    /// Job title.
    pub job_title: String,
    /// What they may do.
    pub role: Role,
    /// Whether the account is in use.
    pub status: AccountStatus,
    /// Why it was rejected or disabled.
    pub reason: String,
    /// Their agency's name, if they have one.
    pub agency: Option<String>,
    /// When they registered.
    pub registered: chrono::DateTime<chrono::Utc>,
    /// Whether they sign in with a second factor.
    pub two_factor: bool,
    /// Who let the account in, if an admin approved it.
    pub approval: Option<Approval>,
}

/// Who approved an account, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The approving admin's email.
    pub by: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// An account on the admins' accounts page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedAccount {
    /// The account.
    pub member: StaffMember,
    /// Its agency's id: for a request, the agency asked for, preset when approving.
    pub agency_id: Option<String>,
    /// Other accounts' emails that differ from this one's only by hidden characters,
    /// letter case or compatibility forms (such as fullwidth letters).
    pub looks_like: Vec<String>,
}

/// The signed-in user, as the header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Account id (keys their drafts in their own browser).
    pub id: String,
    /// Full name.
    pub name: String,
    /// What they may do.
    pub role: Role,
}

/// One of a user's open sessions, as they see it in their list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSession {
    /// A short public reference (the start of the stored hash; never the cookie's value).
    pub reference: String,
    /// The address it was started from.
    pub client: String,
    /// When it started.
    pub started: chrono::DateTime<chrono::Utc>,
    /// When it was last used.
    pub last_seen: chrono::DateTime<chrono::Utc>,
    /// Whether it is the session asking.
    pub current: bool,
}
