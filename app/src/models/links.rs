//! Who is linked to a person's record.

use super::Agency;
use serde::{Deserialize, Serialize};

/// A professional linked to a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedProfessional {
    /// Their account id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their job title.
    pub job_title: String,
    /// Their agency.
    pub agency: Option<String>,
}

/// Everyone linked to a person's record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLinks {
    /// Key professionals.
    pub professionals: Vec<LinkedProfessional>,
    /// Agencies on the record.
    pub agencies: Vec<Agency>,
}
