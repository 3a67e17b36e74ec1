//! The rules of the policy clock: what each asks for and where it comes from.

use serde::{Deserialize, Serialize};

/// One rule of the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Someone rated Red needs a community C(E)TR, or an emergency protocol meeting.
    CommunityCtr,
    /// Someone admitted without a community C(E)TR needs a post-admission one.
    PostAdmissionCtr,
    /// Someone in hospital needs follow-up C(E)TRs at the policy's intervals.
    FollowUpCtr,
    /// Someone in hospital out of area needs commissioner oversight visits.
    OversightVisit,
    /// Someone just out of hospital stays Red for a while (a prompt, not a change).
    RedAfterDischarge,
    /// Someone aged 0 to 25 rated Red, Amber or Blue should have a keyworker.
    Keyworker,
    /// An admission without a community C(E)TR first is looked into.
    RootCauseReview,
}

super::super::coded_enum!(Rule {
    CommunityCtr => ("community_ctr", "Community C(E)TR or emergency protocol meeting"),
    PostAdmissionCtr => ("post_admission_ctr", "Post-admission C(E)TR"),
    FollowUpCtr => ("follow_up_ctr", "Inpatient follow-up C(E)TR"),
    OversightVisit => ("oversight_visit", "Commissioner oversight visit"),
    RedAfterDischarge => ("red_after_discharge", "Red after leaving hospital"),
    Keyworker => ("keyworker", "Keyworker"),
    RootCauseReview => ("root_cause_review", "Root-cause review of the admission"),
});

/// The combined DSR and C(E)TR policy.
const DSR_POLICY: &str = "NHS England, Dynamic support register and Care (Education) and \
Treatment Review policy and guide (published 25 January 2023, in force 1 May 2023)";

impl Rule {
    /// What the rule asks for, in a sentence.
    pub fn explanation(self) -> &'static str {
        match self {
            Rule::CommunityCtr => {
                "Someone rated Red needs a community C(E)TR, or a Local Area Emergency \
                 Protocol meeting when there is no time for one."
            }
            Rule::PostAdmissionCtr => {
                "Someone admitted without a community C(E)TR first needs a post-admission \
                 C(E)TR: within 4 weeks for adults, 10 working days for children."
            }
            Rule::FollowUpCtr => {
                "While someone stays in hospital, C(E)TRs follow up: every 6 months for \
                 adults (12 in a secure service), every 3 months for children."
            }
            Rule::OversightVisit => {
                "A commissioner visits someone in hospital out of area: every 8 weeks for \
                 adults, every 6 weeks for children."
            }
            Rule::RedAfterDischarge => {
                "After leaving hospital, someone is rated Red for at least 2 weeks. This is \
                 a prompt: the rating is not changed for you."
            }
            Rule::Keyworker => {
                "Children and young people aged 0 to 25 rated Red, Amber or Blue should be \
                 referred for a keyworker."
            }
            Rule::RootCauseReview => {
                "An admission with no community C(E)TR or emergency protocol meeting before \
                 it is looked into: was the person on the register, and what would have \
                 helped?"
            }
        }
    }

    /// Where the rule comes from.
    pub fn source(self) -> &'static str {
        match self {
            Rule::CommunityCtr | Rule::RootCauseReview => DSR_POLICY,
            Rule::PostAdmissionCtr => {
                "NHS England, Care and Treatment Reviews policy (2017) for adults; NHS \
                 England commissioner guidance for children and young people (10 working \
                 days, interim target 5)"
            }
            Rule::FollowUpCtr => "NHS England, Care and Treatment Reviews policy (2017)",
            Rule::OversightVisit => "NHS England, commissioner oversight visits (2021)",
            Rule::RedAfterDischarge => "Local practice seen across ICBs",
            Rule::Keyworker => {
                "NHS Long Term Plan (2019): keyworkers for children and young people"
            }
        }
    }
}
