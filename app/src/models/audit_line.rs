//! One row of the audit trail, as admins read it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing someone did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// The row's number in the chain.
    pub id: i64,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who (their email, or the command that acted).
    pub actor: String,
    /// What, as a code such as `person_viewed`.
    pub action: String,
    /// Which person's record, if any.
    pub person: Option<String>,
    /// Anything else recorded.
    pub detail: String,
    /// From which address.
    pub client: String,
}
