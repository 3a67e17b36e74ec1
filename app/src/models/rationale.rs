//! The reason given for a rating change.

use serde::{Deserialize, Serialize};

/// The longest rationale accepted, in characters.
pub const RATIONALE_MAX_CHARS: usize = 2000;

/// A rationale that is present and not too long (surrounding white space removed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rationale(String);

/// Why a rationale was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RationaleError {
    /// Nothing but white space.
    #[error("Enter the reason for the change")]
    Empty,
    /// Over the limit.
    #[error("Reason must be 2,000 characters or fewer")]
    TooLong,
    /// Holds a control character or one that reorders text.
    #[error("Reason must not include hidden characters: delete it and type it again")]
    Hidden,
}

impl Rationale {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Rationale {
    type Error = RationaleError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            Err(RationaleError::Empty)
        } else if trimmed.chars().count() > RATIONALE_MAX_CHARS {
            Err(RationaleError::TooLong)
        } else if super::form_checks::has_control_characters(trimmed) {
            Err(RationaleError::Hidden)
        } else {
            Ok(Rationale(trimmed.to_owned()))
        }
    }
}

impl From<Rationale> for String {
    fn from(value: Rationale) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::normal("Placement breaking down", Ok("Placement breaking down"))]
    #[case::trimmed("  Discharged today \n", Ok("Discharged today"))]
    #[case::empty("", Err(RationaleError::Empty))]
    #[case::control("Safe\u{0}", Err(RationaleError::Hidden))]
    #[case::reordered("Sam \u{202e}deR", Err(RationaleError::Hidden))]
    #[case::lines("Home visit.\r\nCrisis\tplan", Ok("Home visit.\r\nCrisis\tplan"))]
    #[case::blank(" \n\t ", Err(RationaleError::Empty))]
    #[case::over_limit(&"a".repeat(2001), Err(RationaleError::TooLong))]
    fn validates(#[case] input: &str, #[case] expected: Result<&str, RationaleError>) {
        let got = Rationale::try_from(input.to_owned());
        assert_eq!(
            got.as_ref().map(Rationale::as_str).map_err(|e| *e),
            expected
        );
    }

    #[test]
    fn counts_characters_not_bytes_at_the_limit() {
        let text = "é".repeat(RATIONALE_MAX_CHARS);
        assert_eq!(
            Rationale::try_from(text.clone()).map(String::from),
            Ok(text)
        );
    }
}
