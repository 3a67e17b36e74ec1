//! The risk factors checklist: each factor ticked with a note and the day it was noted.

use crate::models::checks::Checks;
use crate::{
    error::FieldError,
    models::{format_date, in_sentence, RiskFactor},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest note on a risk factor.
pub const RISK_NOTE_MAX: usize = 500;

/// A risk factor as noted on the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotedRisk {
    /// Which factor.
    pub factor: RiskFactor,
    /// What is known about it (up to [`RISK_NOTE_MAX`] characters; needed for "something
    /// else").
    pub note: String,
    /// The day it was noted.
    pub noted_on: NaiveDate,
}

/// The factors ticked, each once, in the checklist's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFactors {
    /// The ticked factors.
    pub noted: Vec<NotedRisk>,
}

impl RiskFactors {
    /// The factor `factor`, if ticked.
    pub fn get(&self, factor: RiskFactor) -> Option<&NotedRisk> {
        self.noted.iter().find(|n| n.factor == factor)
    }

    /// What the record shows: each ticked factor with the day it was noted and its note.
    pub fn rows(&self) -> Vec<(String, String)> {
        if self.noted.is_empty() {
            return vec![("Risk factors".into(), "None recorded".into())];
        }
        self.noted
            .iter()
            .map(|n| {
                let noted = format!("Noted {}", format_date(n.noted_on));
                let value = if n.note.is_empty() {
                    noted
                } else {
                    format!("{noted}: {}", n.note)
                };
                (n.factor.label().to_owned(), value)
            })
            .collect()
    }

    /// Checks the checklist as typed, as of `today` for someone born on `born`. The form
    /// posts each factor's answers under its code: `{code}` (ticked when not empty),
    /// `{code}_note` and the day noted as `{code}_day`, `{code}_month`, `{code}_year`.
    /// Only factors from the list; each ticked one with the day it was noted (not in the
    /// future, nor before birth) and a bounded note, needed for "something else". Errors
    /// name `{code}_note`, `{code}_day` and `{code}_year`.
    pub fn check(
        answers: &BTreeMap<String, String>,
        today: NaiveDate,
        born: NaiveDate,
    ) -> Result<RiskFactors, Vec<FieldError>> {
        let mut c = Checks::default();
        let known = |key: &str| {
            let code = ["_note", "_day", "_month", "_year"]
                .iter()
                .find_map(|part| key.strip_suffix(part))
                .unwrap_or(key);
            code.parse::<RiskFactor>().is_ok()
        };
        if !answers.keys().all(|key| known(key)) {
            c.fail("risks", "Choose risk factors from the list");
        }
        let answer = |code: &str, part: &str| {
            answers
                .get(&format!("{code}{part}"))
                .cloned()
                .unwrap_or_default()
        };
        let mut noted = Vec::new();
        for factor in RiskFactor::ALL {
            let code = factor.code();
            if answer(code, "").is_empty() {
                continue;
            }
            let ask = (*factor == RiskFactor::Other).then_some("Say what the risk is");
            let note = c.text(
                &format!("{code}_note"),
                "The note",
                &answer(code, "_note"),
                RISK_NOTE_MAX,
                ask,
            );
            let day = ["_day", "_month", "_year"].map(|part| answer(code, part));
            let what = format!("the date {} was noted", in_sentence(factor.label()));
            let noted_on = c.date(
                code,
                &what,
                &day,
                today,
                Some(born),
                Some(&format!("Enter {what}")),
            );
            if let Some(noted_on) = noted_on {
                noted.push(NotedRisk {
                    factor: *factor,
                    note,
                    noted_on,
                });
            }
        }
        c.done(|| Some(RiskFactors { noted }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The answers for `code` ticked, with `note` and the day noted.
    fn ticked(code: &str, note: &str, [d, m, y]: [&str; 3]) -> Vec<(String, String)> {
        [
            ("", "yes"),
            ("_note", note),
            ("_day", d),
            ("_month", m),
            ("_year", y),
        ]
        .map(|(part, value)| (format!("{code}{part}"), value.to_owned()))
        .into()
    }

    fn check(answers: Vec<Vec<(String, String)>>) -> Result<RiskFactors, Vec<String>> {
        let answers = answers.into_iter().flatten().collect();
        RiskFactors::check(&answers, day("2026-12-03"), day("2010-06-01"))
            .map_err(|e| e.into_iter().map(|p| p.field).collect())
    }

    #[test]
    fn ticked_factors_are_kept_in_checklist_order_and_unticked_ones_dropped() {
        let risks = check(vec![
            ticked("transition", " Leaves school in July ", ["1", "11", "2026"]),
            ticked("criminal_justice", "", ["3", "12", "2026"]),
            vec![("carer_strain_note".into(), "typed, then unticked".into())],
        ])
        .unwrap();
        let factors: Vec<RiskFactor> = risks.noted.iter().map(|n| n.factor).collect();
        assert_eq!(
            factors,
            [RiskFactor::CriminalJustice, RiskFactor::Transition]
        );
        assert_eq!(risks.noted[1].note, "Leaves school in July");
        assert_eq!(
            risks.get(RiskFactor::Transition).unwrap().noted_on,
            day("2026-11-01")
        );
        assert_eq!(
            risks.rows()[1].1,
            "Noted 1 November 2026: Leaves school in July"
        );
    }

    #[test]
    fn each_ticked_factor_needs_a_real_past_date_and_other_needs_a_note() {
        let long = "x".repeat(RISK_NOTE_MAX + 1);
        assert_eq!(
            check(vec![
                ticked("criminal_justice", "", ["", "", ""]),
                ticked("transition", "", ["4", "12", "2026"]),
                ticked("crisis_contacts", "", ["1", "1", "2009"]),
                ticked("previous_admissions", &long, ["1", "1", "2020"]),
                ticked("other", " ", ["1", "1", "2020"]),
                ticked("witchcraft", "", ["1", "1", "2020"]),
            ])
            .unwrap_err(),
            [
                "risks",
                "criminal_justice_day",
                "transition_day",
                "crisis_contacts_year",
                "previous_admissions_note",
                "other_note",
            ]
        );
        assert_eq!(check(vec![]).unwrap(), RiskFactors::default());
    }
}
