//! What is happening now and what would help: what a DSR meeting reads first.

use crate::models::checks::Checks;
use crate::{error::FieldError, models::LONG_TEXT_MAX};
use serde::{Deserialize, Serialize};

/// Current issues, what has been tried, what would reduce the risk, and the person's and
/// their family's own views (each up to [`LONG_TEXT_MAX`] characters).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// What is going wrong now that could lead to an admission.
    pub current_issues: String,
    /// What has been tried, and how it went.
    pub tried: String,
    /// What would reduce the risk.
    pub would_reduce_risk: String,
    /// The person's own view, in their words where possible.
    pub own_view: String,
    /// Their family's or carers' view.
    pub family_view: String,
}

impl Narrative {
    /// Each field: its form name, label and value.
    pub fn fields(&self) -> [(&'static str, &'static str, &str); 5] {
        [
            ("current_issues", "Current issues", &self.current_issues),
            ("tried", "What has been tried", &self.tried),
            (
                "would_reduce_risk",
                "What would reduce the risk",
                &self.would_reduce_risk,
            ),
            ("own_view", "The person's own view", &self.own_view),
            (
                "family_view",
                "Their family's or carers' view",
                &self.family_view,
            ),
        ]
    }

    /// The narrative as typed, each text trimmed and bounded.
    pub fn check(&self) -> Result<Narrative, Vec<FieldError>> {
        let mut c = Checks::default();
        let [current_issues, tried, would_reduce_risk, own_view, family_view] = self
            .fields()
            .map(|(field, label, text)| c.text(field, label, text, LONG_TEXT_MAX, None));
        c.done(|| {
            Some(Narrative {
                current_issues,
                tried,
                would_reduce_risk,
                own_view,
                family_view,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        let long = Narrative {
            tried: "x".repeat(LONG_TEXT_MAX + 1),
            ..Narrative::default()
        };
        let problems = long.check().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "tried");
        assert!(
            problems[0].message.contains("2001"),
            "{}",
            problems[0].message
        );
        let fits = Narrative {
            tried: format!(" {} ", "x".repeat(LONG_TEXT_MAX)),
            ..Narrative::default()
        };
        assert_eq!(fits.check().unwrap().tried.len(), LONG_TEXT_MAX);
    }
}
