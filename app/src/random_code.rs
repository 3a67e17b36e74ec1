//! Random codes people read and type (recovery codes, reset codes and referral
//! references), and random tokens for cookies.

use rand::Rng;

/// `groups` groups of `size` symbols drawn at random (from the operating system) from
/// `alphabet`, joined by `-`.
pub fn random_code(alphabet: &[u8], groups: usize, size: usize) -> String {
    let mut rng = rand::rngs::OsRng;
    (0..groups)
        .map(|_| {
            (0..size)
                .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A random 256-bit token as 64 hexadecimal digits (from the operating system), for a
/// cookie.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    hex::encode(bytes)
}

/// The hash kept for a code someone types back (spaces, dashes and case ignored), so
/// the database never holds a usable code.
pub fn typed_code_hash(code: &str) -> String {
    use sha2::{Digest, Sha256};
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_symbols_from_the_alphabet() {
        let code = random_code(b"ab", 3, 4);
        assert_eq!(code.len(), 14);
        assert!(code
            .split('-')
            .all(|g| g.len() == 4 && g.chars().all(|c| c == 'a' || c == 'b')));
    }
}
