//! A C(E)TR as kept on a person's record: the plan and panel, its own consent, and what
//! happened when it was held. Each part is saved by its own form.

use super::CtrKind;
use crate::models::{coded_enum, format_date, CtrDates};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

crate::models::uuid_id!(
    /// Identifies one C(E)TR.
    CtrId
);

/// One member of the panel: their name and role (both may be left blank until known).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelMember {
    /// Their name.
    pub name: String,
    /// Their role or organisation.
    pub role: String,
}

impl PanelMember {
    /// "Name, role", or what is known of it.
    pub fn describe(&self) -> String {
        [self.name.as_str(), self.role.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What is planned: the kind, the day, the panel and when the papers went out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CtrPlan {
    /// The kind of review.
    pub kind: CtrKind,
    /// The day it is planned for, once set.
    pub planned_on: Option<NaiveDate>,
    /// The chair (a commissioner or trained chair).
    pub chair: PanelMember,
    /// The clinical expert.
    pub clinical_expert: PanelMember,
    /// The expert by experience.
    pub expert_by_experience: PanelMember,
    /// The day the papers were sent to the panel.
    pub papers_sent_on: Option<NaiveDate>,
}

/// On what footing consent to this C(E)TR was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentBasis {
    /// The person consented themselves.
    Own,
    /// Someone with parental responsibility consented (under 16), with the child's view.
    Parental,
    /// The person lacks capacity: a Mental Capacity Act best-interests decision.
    BestInterests,
}

coded_enum!(ConsentBasis {
    Own => ("own", "The person's own consent"),
    Parental => ("parental", "Consent from someone with parental responsibility"),
    BestInterests => ("best_interests", "A best-interests decision"),
});

/// Consent to this C(E)TR: each review needs its own (DOMAIN.md, "Consent").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CtrConsent {
    /// On what footing.
    pub basis: ConsentBasis,
    /// Who consented, or who made the decision.
    pub given_by: String,
    /// The day it was given or decided.
    pub decided_on: NaiveDate,
    /// The child's own view, when a parent consented.
    pub child_view: String,
    /// Why it is in their best interests, for a best-interests decision.
    pub reason: String,
}

/// How a C(E)TR ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CtrOutcome {
    /// Admission was avoided: support in the community.
    AdmissionAvoided,
    /// Admission to hospital was recommended.
    AdmissionRecommended,
    /// Staying in hospital was recommended.
    ContinueInHospital,
    /// Ready for discharge.
    ReadyForDischarge,
    /// Something else (the summary says what).
    Other,
}

coded_enum!(CtrOutcome {
    AdmissionAvoided => ("admission_avoided", "Admission avoided"),
    AdmissionRecommended => ("admission_recommended", "Admission recommended"),
    ContinueInHospital => ("continue_in_hospital", "Continue in hospital"),
    ReadyForDischarge => ("ready_for_discharge", "Ready for discharge"),
    Other => ("other", "Other"),
});

/// What happened when it was held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CtrHeld {
    /// The day it was held.
    pub held_on: NaiveDate,
    /// The outcome.
    pub outcome: CtrOutcome,
    /// The outcome in words, when [`CtrOutcome::Other`]; empty otherwise.
    pub outcome_other: String,
    /// A summary of the review.
    pub summary: String,
}

/// A C(E)TR on a person's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ctr {
    /// What is planned.
    pub plan: CtrPlan,
    /// Consent to it, once recorded.
    pub consent: Option<CtrConsent>,
    /// What happened, once held.
    pub held: Option<CtrHeld>,
}

impl Ctr {
    /// The dates the policy clock reads.
    pub fn dates(&self) -> CtrDates {
        CtrDates {
            kind: self.plan.kind,
            planned_on: self.plan.planned_on,
            held_on: self.held.as_ref().map(|h| h.held_on),
        }
    }

    /// What the record shows: a label and a value for each row.
    pub fn rows(&self) -> Vec<(String, String)> {
        let p = &self.plan;
        let date =
            |d: Option<NaiveDate>, none: &str| d.map_or_else(|| none.to_owned(), format_date);
        let member = |m: &PanelMember| match m.describe() {
            d if d.is_empty() => "Not yet known".to_owned(),
            d => d,
        };
        let mut rows = vec![
            ("Kind", p.kind.label().to_owned()),
            ("Planned for", date(p.planned_on, "Not yet set")),
            ("Chair", member(&p.chair)),
            ("Clinical expert", member(&p.clinical_expert)),
            ("Expert by experience", member(&p.expert_by_experience)),
            ("Papers sent", date(p.papers_sent_on, "Not yet")),
        ];
        rows.push((
            "Consent for this review",
            self.consent.as_ref().map_or_else(
                || "Not yet recorded".to_owned(),
                |c| {
                    let mut words = format!(
                        "{}: {}, {}",
                        c.basis.label(),
                        c.given_by,
                        format_date(c.decided_on)
                    );
                    for extra in [&c.child_view, &c.reason] {
                        if !extra.is_empty() {
                            words.push_str(". ");
                            words.push_str(extra);
                        }
                    }
                    words
                },
            ),
        ));
        if let Some(h) = &self.held {
            let outcome = match h.outcome {
                CtrOutcome::Other => h.outcome_other.clone(),
                o => o.label().to_owned(),
            };
            rows.extend([
                ("Held", format_date(h.held_on)),
                ("Outcome", outcome),
                ("Summary", h.summary.clone()),
            ]);
        }
        rows.into_iter().map(|(l, v)| (l.to_owned(), v)).collect()
    }

    /// Whether the papers went out less than a day before the review (held, or else
    /// planned): sent that day or the day before. The policy asks for at least 24 hours.
    pub fn papers_late(&self) -> bool {
        let review = self
            .held
            .as_ref()
            .map(|h| h.held_on)
            .or(self.plan.planned_on);
        match (self.plan.papers_sent_on, review) {
            (Some(sent), Some(review)) => sent.checked_add_days(Days::new(1)) >= Some(review),
            _ => false,
        }
    }
}

/// A C(E)TR as kept: its identity and version, who saved it last and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCtr {
    /// Its identity.
    pub id: CtrId,
    /// The review.
    pub ctr: Ctr,
    /// Incremented by every save; a save names the version it was made from.
    pub version: i64,
    /// Who saved the latest version (their name).
    pub changed_by: String,
    /// When.
    pub changed_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ctr(papers: Option<&str>, planned: Option<&str>, held: Option<&str>) -> Ctr {
        Ctr {
            plan: CtrPlan {
                kind: CtrKind::Community,
                planned_on: planned.map(day),
                chair: PanelMember::default(),
                clinical_expert: PanelMember::default(),
                expert_by_experience: PanelMember::default(),
                papers_sent_on: papers.map(day),
            },
            consent: None,
            held: held.map(|h| CtrHeld {
                held_on: day(h),
                outcome: CtrOutcome::AdmissionAvoided,
                outcome_other: String::new(),
                summary: "s".into(),
            }),
        }
    }

    #[test]
    fn papers_are_late_when_sent_within_a_day_of_the_review() {
        assert!(!ctr(Some("2026-12-01"), Some("2026-12-03"), None).papers_late());
        assert!(ctr(Some("2026-12-02"), Some("2026-12-03"), None).papers_late());
        assert!(ctr(Some("2026-12-03"), Some("2026-12-03"), None).papers_late());
        // Held earlier than planned: the held day counts.
        assert!(ctr(Some("2026-12-01"), Some("2026-12-09"), Some("2026-12-02")).papers_late());
        assert!(!ctr(None, Some("2026-12-03"), None).papers_late());
        assert!(!ctr(Some("2026-12-01"), None, None).papers_late());
    }

    #[test]
    fn the_clock_reads_its_kind_and_dates() {
        let dates = ctr(None, Some("2026-12-09"), Some("2026-12-02")).dates();
        assert_eq!(dates.held_on, Some(day("2026-12-02")));
        assert_eq!(dates.planned_on, Some(day("2026-12-09")));
    }
}
