//! The DSR colour rating: risk of admission to a mental-health hospital.

use serde::{Deserialize, Serialize};

/// A person's rating on the register, in board order (Blue first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// In a specialist or mental-health inpatient service now.
    Blue,
    /// Immediate risk of admission.
    Red,
    /// Admission likely without urgent intervention.
    Amber,
    /// Risks exist but are being managed.
    Green,
}

super::coded_enum!(Rating {
    Blue => ("blue", "Blue"),
    Red => ("red", "Red"),
    Amber => ("amber", "Amber"),
    Green => ("green", "Green"),
});

impl Rating {
    /// What the rating means, in plain words.
    pub fn meaning(self) -> &'static str {
        match self {
            Rating::Blue => "In a mental-health or specialist learning disability hospital now.",
            Rating::Red => {
                "At immediate risk of going into hospital. Community support cannot manage the crisis now."
            }
            Rating::Amber => "Likely to go into hospital without urgent help.",
            Rating::Green => "Risks are present but are being managed.",
        }
    }

    /// What the rating should set in motion.
    pub fn triggers(self) -> &'static str {
        match self {
            Rating::Blue => "Inpatient C(E)TRs and commissioner oversight visits.",
            Rating::Red => {
                "A community C(E)TR, or a Local Area Emergency Protocol meeting if there is no time; keyworker referral if aged 0 to 25."
            }
            Rating::Amber => "A multi-agency meeting or C(E)TR; keyworker referral if aged 0 to 25.",
            Rating::Green => "Partners for a future C(E)TR identified.",
        }
    }

    /// The colour used on the board (always shown with the rating's name too).
    pub fn colour(self) -> &'static str {
        match self {
            Rating::Blue => "#005eb8",
            Rating::Red => "#d5281b",
            Rating::Amber => "#ffb81c",
            Rating::Green => "#007f3b",
        }
    }

    /// Suggested review interval in days (DOMAIN.md: no national figure exists, so this
    /// is only the default of a setting).
    pub fn default_review_days(self) -> u32 {
        match self {
            Rating::Red => 14,
            Rating::Amber | Rating::Blue => 28,
            Rating::Green => 90,
        }
    }

    /// Position on the board: 0 for Blue up to 3 for Green.
    pub fn order(self) -> u8 {
        self as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("blue", Some(Rating::Blue))]
    #[case("RED", Some(Rating::Red))]
    #[case(" amber ", Some(Rating::Amber))]
    #[case("green", Some(Rating::Green))]
    #[case("purple", None)]
    #[case("", None)]
    fn parses_codes(#[case] input: &str, #[case] expected: Option<Rating>) {
        assert_eq!(input.parse::<Rating>().ok(), expected);
    }

    #[test]
    fn board_order_is_blue_red_amber_green() {
        let mut all = Rating::ALL.to_vec();
        all.reverse();
        all.sort();
        assert_eq!(
            all,
            vec![Rating::Blue, Rating::Red, Rating::Amber, Rating::Green]
        );
        assert_eq!(
            Rating::ALL.iter().map(|r| r.order()).collect::<Vec<_>>(),
            vec![0, 1, 2, 3]
        );
    }

    #[test]
    fn serialises_as_lower_case_code() {
        assert_eq!(serde_json::to_string(&Rating::Amber).unwrap(), "\"amber\"");
    }
}
