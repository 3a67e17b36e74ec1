//! Risk factors that could lead to an admission (DOMAIN.md, "What a record holds"): named
//! on a professional's referral and kept, with a note and a date, on the record.

use serde::{Deserialize, Serialize};

/// A risk factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskFactor {
    /// Contact with police, courts or youth justice.
    CriminalJustice,
    /// A home, family or placement breaking down.
    PlacementBreakdown,
    /// A move between services or stages of life coming: school, an 18th birthday, a move.
    Transition,
    /// Recent A&E visits or crisis contacts.
    CrisisContacts,
    /// Admissions before.
    PreviousAdmissions,
    /// A family carer or paid carer under strain.
    CarerStrain,
    /// Not in education, training or employment.
    OutOfEducation,
    /// Anything else (the note says what).
    Other,
}

super::coded_enum!(RiskFactor {
    CriminalJustice => ("criminal_justice", "Contact with the criminal justice system"),
    PlacementBreakdown => ("placement_breakdown", "Placement or home breaking down"),
    Transition => ("transition", "A transition, such as leaving school or children's services"),
    CrisisContacts => ("crisis_contacts", "Recent A&E or crisis contacts"),
    PreviousAdmissions => ("previous_admissions", "Previous hospital admissions"),
    CarerStrain => ("carer_strain", "Carer under strain"),
    OutOfEducation => ("out_of_education", "Out of education, training or employment"),
    Other => ("other", "Something else"),
});
