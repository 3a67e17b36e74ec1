//! Where the person lives now.

use serde::{Deserialize, Serialize};

/// The person's current setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// Living in the family home.
    FamilyHome,
    /// Supported living.
    SupportedLiving,
    /// A residential care home.
    ResidentialCare,
    /// A residential school or 52-week placement.
    ResidentialSchool,
    /// An inpatient unit.
    InpatientUnit,
    /// Anywhere else.
    Other,
}

super::coded_enum!(Setting {
    FamilyHome => ("family_home", "Family home"),
    SupportedLiving => ("supported_living", "Supported living"),
    ResidentialCare => ("residential_care", "Residential care"),
    ResidentialSchool => ("residential_school", "Residential school or 52-week placement"),
    InpatientUnit => ("inpatient_unit", "Inpatient unit"),
    Other => ("other", "Other"),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for s in Setting::ALL {
            assert_eq!(s.code().parse::<Setting>(), Ok(*s));
        }
    }
}
