//! The three C(E)TR forms as typed, and how each is checked: the plan, its consent and
//! what happened when it was held. Errors name the forms' fields.

use super::{ConsentBasis, Ctr, CtrConsent, CtrHeld, CtrKind, CtrOutcome, CtrPlan, PanelMember};
use crate::{
    error::FieldError,
    models::{age_on, checks::Checks, format_date, CONSENT_LONG_MAX, SHORT_TEXT_MAX},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How far ahead a C(E)TR may be planned, in years.
pub const PLAN_AHEAD_YEARS: u32 = 2;

/// The plan form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAnswers {
    /// The kind (a code).
    pub kind: String,
    /// The planned day: day, month, year (all empty when not yet set).
    pub planned: [String; 3],
    /// The chair's name and role.
    pub chair: [String; 2],
    /// The clinical expert's name and role.
    pub clinical_expert: [String; 2],
    /// The expert by experience's name and role.
    pub expert_by_experience: [String; 2],
    /// The day the papers were sent (all empty when not yet).
    pub papers: [String; 3],
}

impl PlanAnswers {
    /// Checks the plan as of `today` for someone born on `born`, against what is already
    /// recorded of the review (`held`): a kind, a planned day within two years (any day
    /// after birth: it may be recorded after it was held), panel names and roles bounded,
    /// and papers sent on a real day not in the future nor after the review was held.
    /// Fields: `kind`, `planned_day`, `chair_name`, `chair_role`, `clinical_name`,
    /// `clinical_role`, `expert_name`, `expert_role`, `papers_day`.
    pub fn check(
        &self,
        today: NaiveDate,
        born: NaiveDate,
        held: Option<&CtrHeld>,
    ) -> Result<CtrPlan, Vec<FieldError>> {
        let mut c = Checks::default();
        let kind: Option<CtrKind> = c.choice("kind", &self.kind, "Choose the kind of review");
        let planned_on = c.planned_date(
            "planned",
            "the planned date",
            &self.planned,
            today,
            born,
            PLAN_AHEAD_YEARS,
            None,
        );
        let mut member = |prefix: &str, who: &str, [name, role]: &[String; 2]| PanelMember {
            name: c.line(
                &format!("{prefix}_name"),
                &format!("The {who}'s name"),
                name,
                SHORT_TEXT_MAX,
                None,
            ),
            role: c.line(
                &format!("{prefix}_role"),
                &format!("The {who}'s role"),
                role,
                SHORT_TEXT_MAX,
                None,
            ),
        };
        let chair = member("chair", "chair", &self.chair);
        let clinical_expert = member("clinical", "clinical expert", &self.clinical_expert);
        let expert_by_experience =
            member("expert", "expert by experience", &self.expert_by_experience);
        let papers_sent_on = c.date(
            "papers",
            "the date the papers were sent",
            &self.papers,
            today,
            Some(born),
            None,
        );
        if let (Some(sent), Some(planned), None) = (papers_sent_on, planned_on, held) {
            if sent > planned {
                c.fail(
                    "papers_day",
                    format!(
                        "The papers must have been sent on or before the planned day ({}): if the review moved, change the planned day",
                        format_date(planned)
                    ),
                );
            }
        }
        if let (Some(sent), Some(held)) = (papers_sent_on, held) {
            if sent > held.held_on {
                c.fail(
                    "papers_day",
                    format!(
                        "The papers must have been sent on or before the day the review was held ({})",
                        format_date(held.held_on)
                    ),
                );
            }
        }
        c.done(|| {
            Some(CtrPlan {
                kind: kind?,
                planned_on,
                chair,
                clinical_expert,
                expert_by_experience,
                papers_sent_on,
            })
        })
    }
}

/// The consent form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentToCtrAnswers {
    /// On what footing (a code).
    pub basis: String,
    /// Who consented or decided.
    pub given_by: String,
    /// The day: day, month, year.
    pub decided: [String; 3],
    /// The child's view, for a parent's consent.
    pub child_view: String,
    /// Why, for a best-interests decision.
    pub reason: String,
}

impl ConsentToCtrAnswers {
    /// Checks the consent as of `today` for someone born on `born`: a footing, who gave
    /// it, a real day not in the future; a parent's consent only before the 16th birthday
    /// and with the child's view; a best-interests decision with its reason. Fields:
    /// `basis`, `given_by`, `decided_day`, `child_view`, `reason`.
    pub fn check(&self, today: NaiveDate, born: NaiveDate) -> Result<CtrConsent, Vec<FieldError>> {
        let mut c = Checks::default();
        let basis: Option<ConsentBasis> = c.choice(
            "basis",
            &self.basis,
            "Choose who consented, or that a best-interests decision was made",
        );
        let given_by = c.line(
            "given_by",
            "Who consented or decided",
            &self.given_by,
            SHORT_TEXT_MAX,
            Some("Enter who consented, or who made the decision"),
        );
        let decided_on = c.date(
            "decided",
            "the date of the consent or decision",
            &self.decided,
            today,
            Some(born),
            Some("Enter the date of the consent or decision"),
        );
        let needs_view = basis == Some(ConsentBasis::Parental);
        let child_view = c.text(
            "child_view",
            "The child's view",
            &self.child_view,
            CONSENT_LONG_MAX,
            needs_view.then_some("Enter the child's own view of the review"),
        );
        let needs_reason = basis == Some(ConsentBasis::BestInterests);
        let reason = c.text(
            "reason",
            "The reason",
            &self.reason,
            CONSENT_LONG_MAX,
            needs_reason.then_some("Enter why the review is in their best interests"),
        );
        if let (true, Some(on)) = (needs_view, decided_on) {
            if age_on(born, on) >= 16 {
                c.fail(
                    "basis",
                    "From 16 the young person decides: choose their own consent, or a best-interests decision if they lack capacity",
                );
            }
        }
        c.done(|| {
            Some(CtrConsent {
                basis: basis?,
                given_by,
                decided_on: decided_on?,
                child_view: if needs_view {
                    child_view
                } else {
                    String::new()
                },
                reason: if needs_reason { reason } else { String::new() },
            })
        })
    }
}

/// The outcome form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldAnswers {
    /// The day it was held: day, month, year.
    pub held: [String; 3],
    /// The outcome (a code).
    pub outcome: String,
    /// The outcome in words, for "other".
    pub outcome_other: String,
    /// A summary.
    pub summary: String,
}

impl HeldAnswers {
    /// Checks the outcome as of `today` against the review as recorded (`ctr`): consent
    /// recorded first, a real day not in the future nor before consent was given or the
    /// papers were sent (held before the planned day is fine), an outcome (in words for
    /// "other") and a summary.
    /// Fields: `held_day`, `outcome`, `outcome_other`, `summary`.
    pub fn check(
        &self,
        today: NaiveDate,
        born: NaiveDate,
        ctr: &Ctr,
    ) -> Result<CtrHeld, Vec<FieldError>> {
        let mut c = Checks::default();
        if ctr.consent.is_none() {
            c.fail(
                "held_day",
                "Record consent for this review before recording it as held",
            );
        }
        let held_on = c.date(
            "held",
            "the date it was held",
            &self.held,
            today,
            Some(born),
            Some("Enter the date the review was held"),
        );
        if let (Some(held), Some(consent)) = (held_on, &ctr.consent) {
            if held < consent.decided_on {
                c.fail(
                    "held_day",
                    format!(
                        "The date it was held must be on or after consent was given ({})",
                        format_date(consent.decided_on)
                    ),
                );
            }
        }
        if let (Some(held), Some(sent)) = (held_on, ctr.plan.papers_sent_on) {
            if held < sent {
                c.fail(
                    "held_day",
                    format!(
                        "The date it was held must be on or after the day the papers were sent ({})",
                        format_date(sent)
                    ),
                );
            }
        }
        let outcome: Option<CtrOutcome> = c.choice("outcome", &self.outcome, "Choose the outcome");
        let other = outcome == Some(CtrOutcome::Other);
        let outcome_other = c.line(
            "outcome_other",
            "The outcome",
            &self.outcome_other,
            SHORT_TEXT_MAX,
            other.then_some("Enter the outcome"),
        );
        let summary = c.text(
            "summary",
            "The summary",
            &self.summary,
            CONSENT_LONG_MAX,
            Some("Enter a summary of the review"),
        );
        c.done(|| {
            Some(CtrHeld {
                held_on: held_on?,
                outcome: outcome?,
                outcome_other: if other { outcome_other } else { String::new() },
                summary,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-12-03";

    fn parts(d: &str) -> [String; 3] {
        let d = day(d);
        [
            d.format("%-d").to_string(),
            d.format("%-m").to_string(),
            d.format("%Y").to_string(),
        ]
    }

    fn fields(r: Result<impl Sized, Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    fn plan(planned: &str, papers: &str) -> PlanAnswers {
        PlanAnswers {
            kind: "community".into(),
            planned: if planned.is_empty() {
                Default::default()
            } else {
                parts(planned)
            },
            chair: ["Ann Lee".into(), "ICB commissioner".into()],
            papers: if papers.is_empty() {
                Default::default()
            } else {
                parts(papers)
            },
            ..Default::default()
        }
    }

    fn held(on: &str) -> CtrHeld {
        CtrHeld {
            held_on: day(on),
            outcome: CtrOutcome::AdmissionAvoided,
            outcome_other: String::new(),
            summary: "s".into(),
        }
    }

    #[rstest]
    #[case::planned_ahead("2027-01-10", "", None, vec![])]
    #[case::nothing_dated_yet("", "", None, vec![])]
    #[case::too_far_ahead("2029-01-10", "", None, vec!["planned_day"])]
    #[case::papers_in_the_future("2027-01-10", "2026-12-04", None, vec!["papers_day"])]
    #[case::papers_after_held("2026-11-01", "2026-11-20", Some("2026-11-10"), vec!["papers_day"])]
    #[case::papers_on_the_day("2026-11-10", "2026-11-10", Some("2026-11-10"), vec![])]
    #[case::papers_after_the_planned_day("2026-11-10", "2026-11-12", None, vec!["papers_day"])]
    fn plans(
        #[case] planned: &str,
        #[case] papers: &str,
        #[case] was_held: Option<&str>,
        #[case] expected: Vec<&str>,
    ) {
        let h = was_held.map(held);
        assert_eq!(
            fields(plan(planned, papers).check(day(TODAY), day("2000-01-01"), h.as_ref())),
            expected
        );
    }

    #[test]
    fn a_plan_needs_a_kind_and_bounded_names() {
        let a = PlanAnswers {
            kind: "picnic".into(),
            expert_by_experience: ["x".repeat(SHORT_TEXT_MAX + 1), String::new()],
            ..Default::default()
        };
        assert_eq!(
            fields(a.check(day(TODAY), day("2000-01-01"), None)),
            ["kind", "expert_name"]
        );
    }

    fn consent(basis: &str, decided: &str) -> ConsentToCtrAnswers {
        ConsentToCtrAnswers {
            basis: basis.into(),
            given_by: "Sam Lee".into(),
            decided: parts(decided),
            child_view: String::new(),
            reason: String::new(),
        }
    }

    #[rstest]
    #[case::own("own", "2000-01-01", "", "", vec![])]
    #[case::parent_of_a_child("parental", "2012-01-01", "Wants to stay at school", "", vec![])]
    #[case::parent_without_the_childs_view("parental", "2012-01-01", "", "", vec!["child_view"])]
    #[case::parent_of_a_sixteen_year_old("parental", "2010-11-30", "Agrees", "", vec!["basis"])]
    #[case::best_interests_without_reason("best_interests", "2000-01-01", "", "", vec!["reason"])]
    #[case::best_interests("best_interests", "2000-01-01", "", "Lacks capacity for this decision", vec![])]
    // A Gillick-competent child may consent for themselves.
    #[case::child_own("own", "2012-01-01", "", "", vec![])]
    fn consents(
        #[case] basis: &str,
        #[case] born: &str,
        #[case] view: &str,
        #[case] reason: &str,
        #[case] expected: Vec<&str>,
    ) {
        let a = ConsentToCtrAnswers {
            child_view: view.into(),
            reason: reason.into(),
            ..consent(basis, "2026-12-01")
        };
        assert_eq!(fields(a.check(day(TODAY), day(born))), expected);
    }

    #[test]
    fn consent_on_a_future_day_or_none_is_refused() {
        let a = ConsentToCtrAnswers {
            given_by: " ".into(),
            ..consent("", "2026-12-04")
        };
        assert_eq!(
            fields(a.check(day(TODAY), day("2000-01-01"))),
            ["basis", "given_by", "decided_day"]
        );
    }

    fn recorded(consented: bool, papers: Option<&str>) -> Ctr {
        Ctr {
            plan: CtrPlan {
                kind: CtrKind::PostAdmission,
                planned_on: Some(day("2026-12-10")),
                chair: PanelMember::default(),
                clinical_expert: PanelMember::default(),
                expert_by_experience: PanelMember::default(),
                papers_sent_on: papers.map(day),
            },
            consent: consented.then(|| {
                consent("own", "2026-11-01")
                    .check(day(TODAY), day("2000-01-01"))
                    .unwrap()
            }),
            held: None,
        }
    }

    #[rstest]
    // Held before the planned day is fine.
    #[case::held_early(true, Some("2026-11-25"), "2026-12-01", "continue_in_hospital", "", vec![])]
    #[case::without_consent(false, None, "2026-12-01", "ready_for_discharge", "", vec!["held_day"])]
    #[case::in_the_future(true, None, "2026-12-04", "ready_for_discharge", "", vec!["held_day"])]
    #[case::before_the_papers(true, Some("2026-12-02"), "2026-12-01", "ready_for_discharge", "", vec!["held_day"])]
    // Consent was given on 1 November.
    #[case::before_consent(true, None, "2026-10-31", "ready_for_discharge", "", vec!["held_day"])]
    #[case::other_without_words(true, None, "2026-12-01", "other", "", vec!["outcome_other"])]
    #[case::other_in_words(true, None, "2026-12-01", "other", "Move to a new placement", vec![])]
    #[case::no_outcome(true, None, "2026-12-01", "", "", vec!["outcome"])]
    fn outcomes(
        #[case] consented: bool,
        #[case] papers: Option<&str>,
        #[case] on: &str,
        #[case] outcome: &str,
        #[case] other: &str,
        #[case] expected: Vec<&str>,
    ) {
        let a = HeldAnswers {
            held: parts(on),
            outcome: outcome.into(),
            outcome_other: other.into(),
            summary: "Agreed a crisis plan.".into(),
        };
        assert_eq!(
            fields(a.check(day(TODAY), day("2000-01-01"), &recorded(consented, papers))),
            expected
        );
    }
}
