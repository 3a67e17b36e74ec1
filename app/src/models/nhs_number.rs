//! NHS numbers: ten digits, the last a Modulus 11 check digit.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A valid NHS number, stored as its ten digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NhsNumber(String);

/// Why a piece of text is not a valid NHS number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    /// Nothing was given.
    #[error("Enter an NHS number")]
    Empty,
    /// Something other than digits, spaces or dashes.
    #[error("NHS number must contain only numbers")]
    NotDigits,
    /// Not ten digits.
    #[error("NHS number must be 10 digits")]
    WrongLength,
    /// The check digit does not match the other nine digits.
    #[error("Enter a valid NHS number: the digits do not match the check digit")]
    CheckDigit,
}

impl NhsNumber {
    /// The ten digits, with no spaces.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The Modulus 11 check digit for nine digits, or `None` when the result would be 10
    /// (such numbers are never issued).
    pub fn check_digit(first_nine: &[u8; 9]) -> Option<u8> {
        let sum: u32 = first_nine
            .iter()
            .zip((2..=10).rev())
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        match 11 - (sum % 11) {
            11 => Some(0),
            10 => None,
            c => Some(c as u8),
        }
    }
}

impl FromStr for NhsNumber {
    type Err = NhsNumberError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(NhsNumberError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(NhsNumberError::NotDigits);
        }
        if compact.len() != 10 {
            return Err(NhsNumberError::WrongLength);
        }
        let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
        let first_nine: [u8; 9] = digits[..9].try_into().expect("ten digits");
        match NhsNumber::check_digit(&first_nine) {
            Some(check) if check == digits[9] => Ok(NhsNumber(compact)),
            _ => Err(NhsNumberError::CheckDigit),
        }
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = NhsNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<NhsNumber> for String {
    fn from(value: NhsNumber) -> Self {
        value.0
    }
}

impl fmt::Display for NhsNumber {
    /// Shown in the NHS's 3-3-4 grouping, for example `943 476 5919`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::valid("9434765919", Ok("9434765919"))]
    #[case::valid_check_digit_zero("9990000050", Ok("9990000050"))]
    #[case::spaces("943 476 5919", Ok("9434765919"))]
    #[case::dashes("943-476-5919", Ok("9434765919"))]
    #[case::surrounding_space("  9434765919 ", Ok("9434765919"))]
    #[case::wrong_check_digit("9434765918", Err(NhsNumberError::CheckDigit))]
    #[case::check_digit_ten("9990000000", Err(NhsNumberError::CheckDigit))]
    #[case::too_short("943476591", Err(NhsNumberError::WrongLength))]
    #[case::too_long("94347659190", Err(NhsNumberError::WrongLength))]
    #[case::letters("94347A5919", Err(NhsNumberError::NotDigits))]
    #[case::empty("   ", Err(NhsNumberError::Empty))]
    fn parses(#[case] input: &str, #[case] expected: Result<&str, NhsNumberError>) {
        assert_eq!(
            input
                .parse::<NhsNumber>()
                .as_ref()
                .map(NhsNumber::digits)
                .map_err(|e| *e),
            expected
        );
    }

    #[test]
    fn check_digit_ten_is_refused_whatever_the_last_digit() {
        // 999000000 weighs to 9*10 + 9*9 + 9*8 = 243; 243 % 11 = 1, so the check digit is 10.
        assert_eq!(NhsNumber::check_digit(&[9, 9, 9, 0, 0, 0, 0, 0, 0]), None);
        for last in 0..=9 {
            let candidate = format!("999000000{last}");
            assert_eq!(
                candidate.parse::<NhsNumber>(),
                Err(NhsNumberError::CheckDigit)
            );
        }
    }

    #[test]
    fn displays_grouped_and_round_trips_through_serde() {
        let n: NhsNumber = "9434765919".parse().unwrap();
        assert_eq!(n.to_string(), "943 476 5919");
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"9434765919\"");
        assert!(serde_json::from_str::<NhsNumber>("\"9434765918\"").is_err());
    }
}
