//! Care (Education) and Treatment Reviews, Local Area Emergency Protocol meetings and
//! commissioner oversight visits: what kinds there are and how one ended (DOMAIN.md,
//! "Care (Education) and Treatment Reviews").

use serde::{Deserialize, Serialize};

mod answers;
mod record;

pub use answers::{ConsentToCtrAnswers, HeldAnswers, PlanAnswers, PLAN_AHEAD_YEARS};
pub use record::{
    ConsentBasis, Ctr, CtrConsent, CtrHeld, CtrId, CtrOutcome, CtrPlan, PanelMember, SavedCtr,
};

/// The kind of a C(E)TR, or the meetings and visits the policy clock counts beside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CtrKind {
    /// Held in the community, before a possible admission.
    Community,
    /// A Local Area Emergency Protocol meeting: held instead of a community C(E)TR when
    /// there is no time for one.
    EmergencyProtocol,
    /// Held after someone was admitted without a community C(E)TR first.
    PostAdmission,
    /// Held while someone stays in hospital, at the policy's intervals.
    FollowUp,
    /// A commissioner's oversight visit to someone in hospital out of area.
    OversightVisit,
}

super::coded_enum!(CtrKind {
    Community => ("community", "Community C(E)TR"),
    EmergencyProtocol => ("emergency_protocol", "Local Area Emergency Protocol meeting"),
    PostAdmission => ("post_admission", "Post-admission C(E)TR"),
    FollowUp => ("follow_up", "Inpatient follow-up C(E)TR"),
    OversightVisit => ("oversight_visit", "Commissioner oversight visit"),
});

impl CtrKind {
    /// Whether it counts as the community review that should come before an admission.
    pub fn prevents_admission(self) -> bool {
        matches!(self, CtrKind::Community | CtrKind::EmergencyProtocol)
    }
}

/// A C(E)TR as the policy clock sees it: its kind, and when it is planned or was held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CtrDates {
    /// Its kind.
    pub kind: CtrKind,
    /// The day it is planned for, if one is set.
    pub planned_on: Option<chrono::NaiveDate>,
    /// The day it was held; `None` until then.
    pub held_on: Option<chrono::NaiveDate>,
}
