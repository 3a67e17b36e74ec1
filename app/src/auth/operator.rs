//! Who may read the operator's metrics on the site's own port: only a request bearing the
//! metrics token (`Authorization: Bearer …`). Without a token set, nobody may there (a
//! separate monitoring address may serve them instead).

use super::totp::constant_time_eq;
use sha2::{Digest, Sha256};

/// Whether a request with the `Authorization` header `authorization` may read the metrics
/// when the token is `token`.
pub fn may_read_metrics(token: Option<&str>, authorization: Option<&str>) -> bool {
    let (Some(token), Some(given)) = (token, authorization) else {
        return false;
    };
    let Some((scheme, given)) = given.split_once(' ') else {
        return false;
    };
    // Compared as digests, so the time taken tells nothing of the token, its length included.
    let digest = |text: &str| Sha256::digest(text.trim().as_bytes());
    scheme.eq_ignore_ascii_case("bearer") && constant_time_eq(&digest(given), &digest(token))
}

#[cfg(test)]
mod tests {
    use super::may_read_metrics;

    #[test]
    fn only_the_bearer_of_the_set_token() {
        let token = "0123456789abcdef0123456789abcdef";
        assert!(may_read_metrics(
            Some(token),
            Some(&format!("Bearer {token}"))
        ));
        assert!(!may_read_metrics(Some(token), Some(token)));
        assert!(!may_read_metrics(
            Some(token),
            Some("Bearer 0123456789abcdef")
        ));
        assert!(!may_read_metrics(
            Some(token),
            Some(&format!("Basic {token}"))
        ));
        assert!(!may_read_metrics(Some(token), None));
        assert!(!may_read_metrics(None, Some("Bearer ")));
        assert!(!may_read_metrics(None, None));
    }
}
