//! Who may approve a request for an account: never the person who sent it.

use super::Caller;
use crate::store::users::RegisteredFrom;

/// An address the request's sender did not give away: [`super::client_address`] says
/// "unknown" when the connection does not tell.
const UNKNOWN: &str = "unknown";

/// Whether `approver` (using the session stored as `approver_session`) may approve a request
/// sent from `registered`: not when it was sent from one of the approver's own sessions, nor
/// from the address the approver is using now. Requests with nothing recorded (made before
/// this rule, or straight in the database) pass; an unknown address matches nothing.
pub fn may_approve(
    registered: &RegisteredFrom,
    approver: &Caller,
    approver_session: Option<&str>,
) -> bool {
    let own_session = registered.session_user.as_deref() == Some(approver.id.as_str())
        || (registered.session.is_some() && registered.session.as_deref() == approver_session);
    let own_client = approver.client != UNKNOWN
        && registered.client.as_deref() == Some(approver.client.as_str());
    !own_session && !own_client
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Role;
    use rstest::rstest;

    fn admin(client: &str) -> Caller {
        Caller {
            id: "admin-1".into(),
            name: "Ada Admin".into(),
            email: "ada@nhs.example".into(),
            role: Role::Admin,
            agency: None,
            client: client.into(),
        }
    }

    fn from(client: Option<&str>, session: Option<&str>, user: Option<&str>) -> RegisteredFrom {
        RegisteredFrom {
            client: client.map(Into::into),
            session: session.map(Into::into),
            session_user: user.map(Into::into),
        }
    }

    #[rstest]
    #[case::nothing_recorded(from(None, None, None), "10.0.0.1", Some("s1"), true)]
    #[case::elsewhere_signed_out(from(Some("10.0.0.9"), None, None), "10.0.0.1", Some("s1"), true)]
    #[case::elsewhere_in_another_session(
        from(Some("10.0.0.9"), Some("s9"), Some("someone")),
        "10.0.0.1",
        Some("s1"),
        true
    )]
    #[case::same_address(from(Some("10.0.0.1"), None, None), "10.0.0.1", Some("s1"), false)]
    #[case::this_session(
        from(Some("10.0.0.9"), Some("s1"), None),
        "10.0.0.1",
        Some("s1"),
        false
    )]
    #[case::another_of_own_sessions(
        from(Some("10.0.0.9"), Some("s2"), Some("admin-1")),
        "10.0.0.1",
        Some("s1"),
        false
    )]
    #[case::unknown_addresses_do_not_match(
        from(Some("unknown"), None, None),
        "unknown",
        Some("s1"),
        true
    )]
    #[case::no_session_either_side(from(Some("10.0.0.9"), None, None), "10.0.0.1", None, true)]
    fn the_sender_cannot_approve(
        #[case] registered: RegisteredFrom,
        #[case] client: &str,
        #[case] session: Option<&str>,
        #[case] allowed: bool,
    ) {
        assert_eq!(may_approve(&registered, &admin(client), session), allowed);
    }
}
