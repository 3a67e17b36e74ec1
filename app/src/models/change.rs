//! What kind of change the change log records.

use serde::{Deserialize, Serialize};

/// The kind of a change-log entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A person joined the register.
    PersonAdded,
    /// A person's rating changed.
    RatingChanged,
}

super::coded_enum!(ChangeKind {
    PersonAdded => ("person_added", "Added to the register"),
    RatingChanged => ("rating_changed", "Rating changed"),
});
