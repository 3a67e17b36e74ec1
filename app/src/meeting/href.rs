//! Where the meeting view opens a person.

use crate::models::PersonId;

/// The link that opens `person` in the meeting view.
pub fn meeting_href(person: PersonId) -> String {
    format!("/register/meeting?person={person}")
}
