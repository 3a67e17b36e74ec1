//! Time-based one-time passwords (RFC 6238, as authenticator apps use them): HMAC-SHA1,
//! six digits, a new code every 30 seconds, and the codes either side of now accepted
//! for clock drift. Which step a code was for is returned, so it is never accepted twice.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};

/// Seconds each code lasts.
const STEP_SECONDS: i64 = 30;
/// Steps either side of now that are accepted.
const DRIFT_STEPS: i64 = 1;

/// A new random secret of 160 bits, base32 as authenticator apps take it.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    BASE32_NOPAD.encode(&bytes)
}

/// The time step of `unix_seconds`.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The six-digit code for `step`; `None` when `secret` is not valid base32.
pub fn code_at(secret: &str, step: i64) -> Option<String> {
    let key = BASE32_NOPAD.decode(secret.as_bytes()).ok()?;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Some(format!("{:06}", value % 1_000_000))
}

/// The step `typed` is the code for, near `unix_seconds`; `None` when it matches none.
/// Spaces in what was typed are ignored.
pub fn verify(secret: &str, typed: &str, unix_seconds: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_seconds);
    (now - DRIFT_STEPS..=now + DRIFT_STEPS).find(|&step| {
        code_at(secret, step)
            .is_some_and(|code| constant_time_eq(code.as_bytes(), typed.as_bytes()))
    })
}

/// Compares without stopping at the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn provisioning_uri(secret: &str, email: &str) -> String {
    let label: String = email
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    format!(
        "otpauth://totp/DSR:{label}?secret={secret}&issuer=DSR&algorithm=SHA1&digits=6&period=30"
    )
}

/// The QR code of `uri` as an SVG element to put in a page: without the XML declaration
/// the renderer starts with, which is not HTML.
pub fn qr_svg(uri: &str) -> String {
    qrcode::QrCode::new(uri.as_bytes())
        .map(|code| {
            let mut svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .build();
            svg.split_off(svg.find("<svg").unwrap_or(0))
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret ("12345678901234567890") in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_the_rfc_6238_test_vectors() {
        // The RFC's eight-digit codes, cut to the six digits apps show.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(
                code_at(RFC_SECRET, step_at(time)).as_deref(),
                Some(code),
                "{time}"
            );
        }
    }

    #[test]
    fn accepts_one_step_either_side_and_says_which() {
        let now = 1_234_567_890;
        let step = step_at(now);
        for offset in [-1, 0, 1] {
            let code = code_at(RFC_SECRET, step + offset).unwrap();
            assert_eq!(verify(RFC_SECRET, &code, now), Some(step + offset));
        }
        let stale = code_at(RFC_SECRET, step - 2).unwrap();
        assert_eq!(verify(RFC_SECRET, &stale, now), None);
        assert_eq!(verify(RFC_SECRET, "12345", now), None);
        assert_eq!(verify(RFC_SECRET, "abcdef", now), None);
        let spaced = code_at(RFC_SECRET, step).unwrap();
        let spaced = format!("{} {}", &spaced[..3], &spaced[3..]);
        assert_eq!(verify(RFC_SECRET, &spaced, now), Some(step));
    }

    #[test]
    fn new_secrets_are_random_base32() {
        let a = new_secret();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_secret());
        assert!(code_at(&a, 1).is_some());
        assert!(provisioning_uri(&a, "cara.li@council.gov.uk")
            .starts_with("otpauth://totp/DSR:cara.li%40council.gov.uk?secret="));
        let svg = qr_svg("otpauth://totp/x");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }
}
