//! One row of the audit trail, as admins read it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing someone did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// The row's number in the chain.
    pub id: i64,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who (their email, or the command that acted).
    pub actor: String,
    /// What, as a code such as `person_viewed`.
    pub action: String,
    /// Which person's record, if any.
    pub person: Option<String>,
    /// Anything else recorded.
    pub detail: String,
    /// From which address.
    pub client: String,
}

/// Who looked at a record, once each: their latest look and how many of `lines` were theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    /// Who.
    pub actor: String,
    /// Their latest look.
    pub last: DateTime<Utc>,
    /// How many looks.
    pub looks: usize,
}

/// `lines` (newest first) grouped by who acted, the most recent viewer first.
pub fn viewers(lines: &[AuditLine]) -> Vec<Viewer> {
    let mut viewers: Vec<Viewer> = Vec::new();
    for line in lines {
        match viewers.iter_mut().find(|v| v.actor == line.actor) {
            Some(viewer) => viewer.looks += 1,
            None => viewers.push(Viewer {
                actor: line.actor.clone(),
                last: line.at,
                looks: 1,
            }),
        }
    }
    viewers
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn look(actor: &str, hour: u32) -> AuditLine {
        AuditLine {
            id: hour.into(),
            at: Utc.with_ymd_and_hms(2026, 12, 3, hour, 0, 0).unwrap(),
            actor: actor.into(),
            action: "person_viewed".into(),
            person: None,
            detail: String::new(),
            client: String::new(),
        }
    }

    #[test]
    fn each_viewer_once_with_their_latest_look_newest_first() {
        let lines = [
            look("ben", 12),
            look("asha", 11),
            look("ben", 10),
            look("ben", 9),
        ];
        let grouped = viewers(&lines);
        assert_eq!(
            grouped,
            [
                Viewer {
                    actor: "ben".into(),
                    last: lines[0].at,
                    looks: 3
                },
                Viewer {
                    actor: "asha".into(),
                    last: lines[1].at,
                    looks: 1
                },
            ]
        );
    }
}
