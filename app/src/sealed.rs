//! Secrets kept encrypted in the database (each account's TOTP secret): XChaCha20-Poly1305
//! under the service's key (`DSR_SECRET_KEY`), bound to the row they belong to, so a copy
//! of the database alone does not give them away and a value moved to another row does not
//! open. The same key also gives keys for other purposes (see [`SecretKey::derive`]).

use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    XChaCha20Poly1305, XNonce,
};
use rand::RngCore;

/// Marks the format of a sealed value.
const PREFIX: &str = "v1:";

/// The service's 256-bit key for sealing secrets. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

/// A key that is not 64 hexadecimal digits.
#[derive(Debug, thiserror::Error)]
#[error("a secret key is 64 hexadecimal digits (32 bytes)")]
pub struct BadKey;

/// A sealed value that does not open: altered, moved to another row, or sealed under
/// another key.
#[derive(Debug, thiserror::Error)]
#[error("a sealed secret did not open (altered, or another DSR_SECRET_KEY)")]
pub struct Unreadable;

impl SecretKey {
    /// A new random key (from the operating system).
    pub fn random() -> SecretKey {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        SecretKey(key)
    }

    /// The key written as 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Result<SecretKey, BadKey> {
        let bytes = hex::decode(text.trim()).map_err(|_| BadKey)?;
        Ok(SecretKey(bytes.try_into().map_err(|_| BadKey)?))
    }

    /// The key as 64 hexadecimal digits (for writing a new key file).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A keyed SHA-256 (HMAC) of `text` for `purpose`, as hexadecimal: the same text gives
    /// the same digest, but without the key nobody can test guesses against it.
    pub fn digest(&self, purpose: &str, text: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(text.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Seals `secret` for the row `row` (such as an account id).
    pub fn seal(&self, secret: &str, row: &str) -> String {
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = XChaCha20Poly1305::new((&self.0).into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: row.as_bytes(),
                },
            )
            .expect("sealing cannot fail for short values");
        format!("{PREFIX}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// Opens a value sealed for `row`.
    pub fn open(&self, sealed: &str, row: &str) -> Result<String, Unreadable> {
        let bytes = sealed
            .strip_prefix(PREFIX)
            .and_then(|hexed| hex::decode(hexed).ok())
            .filter(|b| b.len() > 24)
            .ok_or(Unreadable)?;
        let (nonce, body) = bytes.split_at(24);
        let plain = XChaCha20Poly1305::new((&self.0).into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: row.as_bytes(),
                },
            )
            .map_err(|_| Unreadable)?;
        String::from_utf8(plain).map_err(|_| Unreadable)
    }
}

impl SecretKey {
    /// A key for one purpose, derived from this one as HMAC-SHA256 of the fixed `label`, so
    /// one secret serves several uses and none of their keys tells anything of another.
    pub fn derive(&self, label: &str) -> MacKey {
        MacKey(mac(&self.0, &[label.as_bytes()]))
    }
}

/// A key that signs values (HMAC-SHA256), derived from the service's key. Its `Debug`
/// never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct MacKey([u8; 32]);

impl std::fmt::Debug for MacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MacKey(…)")
    }
}

impl MacKey {
    /// The HMAC-SHA256 of `parts`, as 64 hexadecimal digits. Each part is length-prefixed,
    /// so no two different lists of parts sign the same bytes.
    pub fn sign(&self, parts: &[&[u8]]) -> String {
        hex::encode(mac(&self.0, parts))
    }
}

/// HMAC-SHA256 of the length-prefixed `parts` under `key`.
fn mac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    let mut mac =
        <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key size");
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl Default for SecretKey {
    /// A random key: right for tests; a service reads its key from the settings.
    fn default() -> Self {
        SecretKey::random()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_for_its_row_and_key() {
        let key = SecretKey::random();
        let sealed = key.seal("JBSWY3DPEHPK3PXP", "user-1");
        assert!(sealed.starts_with("v1:") && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key.open(&sealed, "user-1").unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(key.open(&sealed, "user-2").is_err(), "moved to another row");
        assert!(
            SecretKey::random().open(&sealed, "user-1").is_err(),
            "another key"
        );
        let mut altered = sealed.clone();
        altered.replace_range(
            sealed.len() - 2..,
            if sealed.ends_with("00") { "11" } else { "00" },
        );
        assert!(key.open(&altered, "user-1").is_err(), "altered");
        assert!(
            key.open("JBSWY3DPEHPK3PXP", "user-1").is_err(),
            "never sealed"
        );
        assert_ne!(
            key.seal("same", "row"),
            key.seal("same", "row"),
            "a fresh nonce each time"
        );
    }

    #[test]
    fn derived_keys_differ_by_label_and_by_service_key() {
        let key = SecretKey::random();
        let sign = |k: &SecretKey, label: &str| k.derive(label).sign(&[b"row"]);
        assert_eq!(sign(&key, "a"), sign(&key, "a"));
        assert_ne!(sign(&key, "a"), sign(&key, "b"));
        assert_ne!(sign(&key, "a"), sign(&SecretKey::random(), "a"));
        let mac = key.derive("a");
        assert_ne!(mac.sign(&[b"ab", b"c"]), mac.sign(&[b"a", b"bc"]));
        assert_eq!(format!("{mac:?}"), "MacKey(…)");
    }

    #[test]
    fn keys_are_64_hex_digits_and_never_printed() {
        let key = SecretKey::random();
        assert_eq!(SecretKey::from_hex(&key.to_hex()).unwrap(), key);
        assert!(SecretKey::from_hex("abcd").is_err());
        assert!(SecretKey::from_hex(&"zz".repeat(32)).is_err());
        assert_eq!(format!("{key:?}"), "SecretKey(…)");
    }
}
