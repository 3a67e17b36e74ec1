//! How much of an audit row its reader sees. Admins keep the audit trail but do not see
//! the register, so the clinical part of a row's detail (a rating, a consent kind, a
//! referral's outcome) reaches them only as "changed", with the record it was about.

use crate::models::{AuditLine, Role};

/// Audit actions whose detail is clinical, and whether that detail starts with the
/// record's reference (up to ": "), which stays readable.
const CLINICAL: &[(&str, bool)] = &[
    // "amber to red"; the row's record column names the person.
    ("rating_changed", false),
    // "{referral reference}: {consent kind}".
    ("referral_accepted", true),
    // "{referral id}: {status}", such as not_eligible.
    ("referral_status", true),
    // "{consent kind}, re-check due {date}".
    ("consent_recorded", false),
    ("record_reopened", false),
    // "{reason} on {date}", such as died.
    ("left_register", false),
    // "{from} to {to}, next review {date}".
    ("review_recorded", false),
    // "{kind} {id}", such as post_admission: says the person was admitted.
    ("ctr_planned", false),
    ("ctr_consent_recorded", false),
    ("ctr_held", false),
];

/// What replaces clinical detail.
const CHANGED: &str = "changed";

/// `line` as someone with `role` reads it in the audit browser: admins see security events
/// in full and clinical detail only as "changed"; anyone else who may read it sees it all.
pub fn as_read_by(role: Role, mut line: AuditLine) -> AuditLine {
    let Some((_, keeps_reference)) = CLINICAL.iter().find(|(a, _)| *a == line.action) else {
        return line;
    };
    if role != Role::Admin {
        return line;
    }
    line.detail = match line.detail.split_once(": ") {
        Some((reference, _)) if *keeps_reference => format!("{reference}: {CHANGED}"),
        _ => CHANGED.to_owned(),
    };
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn line(action: &str, detail: &str) -> AuditLine {
        AuditLine {
            id: 1,
            at: chrono::DateTime::UNIX_EPOCH,
            actor: "coordinator@nhs.example".into(),
            action: action.into(),
            person: Some("0f8c7c1e-0000-4000-8000-000000000000".into()),
            detail: detail.into(),
            client: "10.0.0.1".into(),
        }
    }

    #[rstest]
    #[case::rating("rating_changed", "amber to red", Role::Admin, "changed")]
    #[case::consent(
        "referral_accepted",
        "DSR-0042: best_interests",
        Role::Admin,
        "DSR-0042: changed"
    )]
    #[case::outcome("referral_status", "r-1: not_eligible", Role::Admin, "r-1: changed")]
    #[case::ctr_kind("ctr_planned", "post_admission 7d1e", Role::Admin, "changed")]
    #[case::leaving("left_register", "died on 2026-12-01", Role::Admin, "changed")]
    #[case::sign_in_in_full(
        "login_refused",
        "too many failed attempts",
        Role::Admin,
        "too many failed attempts"
    )]
    #[case::refusal_in_full("access_denied", "get_person", Role::Admin, "get_person")]
    #[case::approval_in_full(
        "account_approved",
        "a@nhs.example: approved by b@nhs.example",
        Role::Admin,
        "a@nhs.example: approved by b@nhs.example"
    )]
    #[case::coordinators_keep_detail(
        "rating_changed",
        "amber to red",
        Role::Coordinator,
        "amber to red"
    )]
    fn clinical_detail_is_hidden_from_admins(
        #[case] action: &str,
        #[case] detail: &str,
        #[case] role: Role,
        #[case] shown: &str,
    ) {
        let read = as_read_by(role, line(action, detail));
        assert_eq!(read.detail, shown);
        assert_eq!(read.person, line(action, detail).person);
    }
}
