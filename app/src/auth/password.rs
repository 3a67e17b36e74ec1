//! Passwords: the rules for a new one, and argon2id hashing done off the async executor.
//! A password is only ever held as a [`Password`] (never serialised, never printed) or as
//! its hash.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::fmt;

/// Fewest characters in a password.
pub const MIN_CHARS: usize = 12;
/// Most characters in a password.
pub const MAX_CHARS: usize = 128;

/// Words from this service's own name, which make a password easier to guess here.
const SERVICE_WORDS: [&str; 5] = ["dynamic", "support", "register", "dsr", "nhs"];

/// A password as typed. It cannot be serialised, and its `Debug` hides it.
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// Why a new password was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRule {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("Enter a password of at least 12 characters")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("Enter a password of 128 characters or fewer")]
    TooLong,
    /// Common, or easy to guess from the person's own details.
    #[error("Choose a password that is harder to guess: avoid common words, names and patterns")]
    Guessable,
}

impl Password {
    /// A new password, checked: 12 to 128 characters, not containing a word of 4 or more
    /// letters from `own_details` (such as the person's name and email), and scored at
    /// least 3 of 4 by zxcvbn against common passwords, patterns and this service's name.
    /// No composition rules.
    pub fn new(typed: String, own_details: &[&str]) -> Result<Password, PasswordRule> {
        let chars = typed.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordRule::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordRule::TooLong);
        }
        // The person's details, lower-cased and split into words ("asha.patel@nhs.net" gives
        // "asha", "patel", "nhs", "net"), so a password built from them scores as guessable.
        let words: Vec<String> = own_details
            .iter()
            .flat_map(|d| d.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().count() > 2)
            .map(str::to_lowercase)
            .collect();
        let lower = typed.to_lowercase();
        if words
            .iter()
            .any(|w| w.chars().count() >= 4 && lower.contains(w.as_str()))
        {
            return Err(PasswordRule::Guessable);
        }
        let mut inputs: Vec<&str> = words.iter().map(String::as_str).collect();
        inputs.extend(SERVICE_WORDS);
        let strength = zxcvbn::zxcvbn(&typed, &inputs);
        if u8::from(strength.score()) < 3 {
            return Err(PasswordRule::Guessable);
        }
        Ok(Password(typed))
    }

    /// The argon2id hash (PHC string) of this password, computed on a blocking thread.
    pub async fn hash(self) -> Result<String, argon2::password_hash::Error> {
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            hasher()
                .hash_password(self.0.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await
        .expect("hashing task does not panic")
    }
}

/// Whether `typed` matches `hash`, checked on a blocking thread. With no hash (an
/// unknown email) a stand-in hash is checked instead, so the answer takes as long and
/// says nothing about whether the account exists.
pub async fn verify(typed: String, hash: Option<String>) -> bool {
    static STAND_IN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .expect("hashing a fixed password works")
    });
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| STAND_IN.clone());
        let matches = PasswordHash::new(&hash)
            .map(|parsed| hasher().verify_password(typed.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        known && matches
    })
    .await
    .unwrap_or(false)
}

/// argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::eleven("elevenchars", Err(PasswordRule::TooShort))]
    #[case::common("password1234", Err(PasswordRule::Guessable))]
    #[case::repeated("aaaaaaaaaaaaaaaa", Err(PasswordRule::Guessable))]
    #[case::own_name("AshaPatel2026", Err(PasswordRule::Guessable))]
    #[case::passphrase("correct pony staple battery", Ok(()))]
    #[case::no_composition_rules("velvet otters juggle quietly", Ok(()))]
    fn new_password_rules(#[case] typed: &str, #[case] expected: Result<(), PasswordRule>) {
        let got = Password::new(typed.to_owned(), &["Asha", "Patel", "asha.patel@nhs.net"]);
        assert_eq!(got.map(|_| ()), expected, "{typed}");
    }

    #[test]
    fn too_long_is_counted_in_characters() {
        let long = "é".repeat(129);
        assert_eq!(
            Password::new(long, &[]).map(|_| ()),
            Err(PasswordRule::TooLong)
        );
        assert!(Password::new("ééé velvet otters juggle".to_owned(), &[]).is_ok());
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let p = Password::new("velvet otters juggle quietly".to_owned(), &[]).unwrap();
        assert!(!format!("{p:?}").contains("otters"));
    }

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let p = Password::new("velvet otters juggle quietly".to_owned(), &[]).unwrap();
        let hash = p.hash().await.unwrap();
        assert!(verify("velvet otters juggle quietly".into(), Some(hash.clone())).await);
        assert!(!verify("velvet otters juggle quietly!".into(), Some(hash)).await);
        assert!(!verify("velvet otters juggle quietly".into(), None).await);
        assert!(!verify("anything".into(), Some("not a hash".into())).await);
    }

    #[tokio::test]
    async fn hashes_with_argon2id_and_owasp_parameters() {
        let p = Password::new("velvet otters juggle quietly".to_owned(), &[]).unwrap();
        let hash = p.hash().await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }
}
