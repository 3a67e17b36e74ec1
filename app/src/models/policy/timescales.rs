//! The policy's timescales. Each is a setting (`DSR_POLICY_*`, see the README); the
//! defaults and where they come from are given beside each field.

use serde::{Deserialize, Serialize};

/// Every timescale the policy clock uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyTimescales {
    /// Days from being rated Red to a community C(E)TR or emergency protocol meeting.
    /// Default 14: no national figure; the fortnightly review of the highest-risk people
    /// (DOMAIN.md, "Ratings") is the local practice used.
    pub community_days: u32,
    /// Days before an admission in which a community C(E)TR counts as preceding it.
    /// Default 183 (six months): a local choice; the policy names no window.
    pub preceding_days: u32,
    /// Days from an adult's admission to a post-admission CTR. Default 28 (4 weeks):
    /// NHS England, Care and Treatment Reviews policy (2017).
    pub adult_post_admission_days: u32,
    /// Working days from a child's admission to a post-admission C(E)TR. Default 10:
    /// NHS England commissioner guidance for children and young people.
    pub child_post_admission_working_days: u32,
    /// The interim target for children, in working days. Default 5: the same guidance.
    pub child_post_admission_interim_working_days: u32,
    /// Months between follow-up CTRs for an adult in a non-secure service. Default 6:
    /// NHS England, Care and Treatment Reviews policy (2017).
    pub adult_follow_up_months: u32,
    /// Months between follow-up CTRs for an adult in a secure service. Default 12: the
    /// same policy.
    pub secure_follow_up_months: u32,
    /// Months between follow-up C(E)TRs for a child. Default 3: the same policy.
    pub child_follow_up_months: u32,
    /// Days between oversight visits to an adult in hospital out of area. Default 56
    /// (8 weeks): NHS England, commissioner oversight visits (2021).
    pub adult_oversight_days: u32,
    /// Days between oversight visits to a child in hospital. Default 42 (6 weeks): the
    /// same guidance.
    pub child_oversight_days: u32,
    /// Days someone stays Red after leaving hospital. Default 14: local practice seen
    /// across ICBs (DOMAIN.md, "Ratings").
    pub red_after_discharge_days: u32,
    /// Days from an admission without a community C(E)TR to its root-cause review.
    /// Default 28: a local choice; the policy asks for the review but names no time.
    pub root_cause_days: u32,
}

impl Default for PolicyTimescales {
    fn default() -> Self {
        PolicyTimescales {
            community_days: 14,
            preceding_days: 183,
            adult_post_admission_days: 28,
            child_post_admission_working_days: 10,
            child_post_admission_interim_working_days: 5,
            adult_follow_up_months: 6,
            secure_follow_up_months: 12,
            child_follow_up_months: 3,
            adult_oversight_days: 56,
            child_oversight_days: 42,
            red_after_discharge_days: 14,
            root_cause_days: 28,
        }
    }
}
