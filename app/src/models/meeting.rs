//! DSR meetings as records: the day, the chair and note-taker, who attended, and what the
//! meeting recorded about each person as it went (discussion notes and decisions, a
//! decision perhaps changing the rating), from which the minutes are assembled.

use crate::{
    error::FieldError,
    models::{
        checks::Checks, coded_enum, format_date, uuid_id, Rating, Rationale, CONSENT_LONG_MAX,
        SHORT_TEXT_MAX,
    },
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

uuid_id!(
    /// Identifies one DSR meeting.
    MeetingId
);
uuid_id!(
    /// Identifies one line of a meeting's attendance.
    AttendeeId
);
uuid_id!(
    /// Identifies one entry a meeting recorded.
    EntryId
);

/// How far back a meeting may be set up (a meeting recorded late), in days.
pub const MEETING_PAST_DAYS: u64 = 366;

/// The most people one meeting's attendance lists.
pub const MAX_ATTENDEES: usize = 60;

/// The most entries one meeting records: more is a mistake or a flood.
pub const MAX_ENTRIES: usize = 2000;

/// A DSR meeting as its pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRecord {
    /// Its identity.
    pub id: MeetingId,
    /// The day it is held.
    pub held_on: NaiveDate,
    /// The chair's name.
    pub chair: String,
    /// The note-taker's name, if the chair named one.
    pub note_taker: Option<String>,
    /// The day the minutes were sent round.
    pub circulated_on: Option<NaiveDate>,
    /// Incremented by every change of the meeting itself.
    pub version: i64,
}

impl MeetingRecord {
    /// "DSR meeting, 3 December 2026".
    pub fn title(&self) -> String {
        format!("DSR meeting, {}", format_date(self.held_on))
    }
}

/// One line of a meeting's attendance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// Its identity.
    pub id: AttendeeId,
    /// Their name.
    pub name: String,
    /// Their agency.
    pub agency: String,
    /// Present (otherwise they sent apologies).
    pub present: bool,
}

/// What a meeting entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// What was discussed.
    Note,
    /// What the meeting decided.
    Decision,
}

coded_enum!(EntryKind {
    Note => ("note", "Discussion"),
    Decision => ("decision", "Decision"),
});

/// Something a meeting recorded about a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingEntry {
    /// Its identity.
    pub id: EntryId,
    /// A note or a decision.
    pub kind: EntryKind,
    /// What was said or decided.
    pub text: String,
    /// The person's rating once it was recorded.
    pub rating: Rating,
    /// On a decision that changed the rating: the rating before.
    pub rating_from: Option<Rating>,
    /// Who recorded it (their name).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A new entry as checked: what it is, its text, and the rating it changes to, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// A note or a decision (a rating change is always a decision).
    pub kind: EntryKind,
    /// The text, trimmed; for a rating change, its rationale.
    pub text: String,
    /// The rating the decision changes to.
    pub change_to: Option<Rating>,
}

/// The entry form as typed.
#[derive(Clone, Debug, Default)]
pub struct EntryAnswers {
    /// `note` or `decision`.
    pub kind: String,
    /// What was said or decided.
    pub text: String,
    /// A rating code, or empty for no change.
    pub rating: String,
}

impl EntryAnswers {
    /// The entry, for a person rated `current`: a kind, a text (needed, bounded), and a
    /// new rating only on a decision, different from `current`, with the text as its
    /// rationale.
    pub fn check(&self, current: Rating) -> Result<NewEntry, Vec<FieldError>> {
        let mut c = Checks::default();
        let kind: Option<EntryKind> = c.choice(
            "entry_kind",
            &self.kind,
            "Choose whether this is discussion or a decision",
        );
        let change_to: Option<Rating> =
            c.optional("new_rating", &self.rating, "Choose a rating from the list");
        let change_to = change_to.filter(|to| {
            if *to == current {
                c.fail(
                    "new_rating",
                    format!(
                        "They are already rated {}: choose \"No change\" or another rating",
                        to.label()
                    ),
                );
            }
            *to != current
        });
        if change_to.is_some() && kind == Some(EntryKind::Note) {
            c.fail(
                "entry_kind",
                "A change of rating is a decision: choose \"Decision\"",
            );
        }
        let text = c.text(
            "entry_text",
            "What was said or decided",
            &self.text,
            CONSENT_LONG_MAX,
            Some("Enter what was discussed or decided"),
        );
        if change_to.is_some() {
            if let Err(e) = Rationale::try_from(text.clone()) {
                c.fail("entry_text", e.to_string());
            }
        }
        c.done(|| {
            Some(NewEntry {
                kind: kind?,
                text,
                change_to,
            })
        })
    }
}

/// The day a meeting is held as typed: a real date no more than [`MEETING_PAST_DAYS`] ago
/// and within a year ahead of `today`.
pub fn check_held_on(parts: &[String; 3], today: NaiveDate) -> Result<NaiveDate, Vec<FieldError>> {
    let mut c = Checks::default();
    let held = c
        .date(
            "held",
            "the day of the meeting",
            parts,
            NaiveDate::MAX,
            None,
            Some("Enter the day of the meeting"),
        )
        .filter(|day| {
            let earliest = today - Days::new(MEETING_PAST_DAYS);
            let latest = today + Days::new(MEETING_PAST_DAYS);
            let within = (earliest..=latest).contains(day);
            if !within {
                c.fail(
                    "held_day",
                    "The day of the meeting must be within a year of today",
                );
            }
            within
        });
    c.done(|| held)
}

/// Why nothing more may be recorded for a meeting held on `held_on` whose minutes were
/// sent round on `circulated_on`, on `today`: its minutes were sent round, or (`changes
/// rating`) it is not held today, or it has not been held yet. `None` when it may.
pub fn closed_for_recording(
    held_on: NaiveDate,
    circulated_on: Option<NaiveDate>,
    today: NaiveDate,
    changes_rating: bool,
) -> Option<String> {
    if let Some(sent) = circulated_on {
        return Some(format!(
            "The minutes of this meeting were sent round on {}: nothing more can be recorded for it",
            format_date(sent)
        ));
    }
    if held_on > today {
        return Some(format!(
            "This meeting is on {}: record for it on the day",
            format_date(held_on)
        ));
    }
    (changes_rating && held_on < today).then(|| {
        format!(
            "This meeting was on {}: a change of rating is recorded on the day, or with the rating form",
            format_date(held_on)
        )
    })
}

/// The day the minutes were sent round as typed: not before the meeting, not after `today`.
pub fn check_circulated_on(
    parts: &[String; 3],
    held_on: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, Vec<FieldError>> {
    let mut c = Checks::default();
    let day = c.date(
        "circulated",
        "the day the minutes were sent round",
        parts,
        today,
        None,
        Some("Enter the day the minutes were sent round"),
    );
    let day = day.filter(|d| {
        if *d < held_on {
            c.fail(
                "circulated_day",
                format!(
                    "The minutes cannot be sent round before the meeting, on {}",
                    format_date(held_on)
                ),
            );
        }
        *d >= held_on
    });
    c.done(|| day)
}

/// One line of attendance as typed: a name and agency (each needed, one line, bounded)
/// and whether they were there (`yes`) or sent apologies (`no`).
pub fn check_attendee(
    name: &str,
    agency: &str,
    present: &str,
) -> Result<(String, String, bool), Vec<FieldError>> {
    let mut c = Checks::default();
    let name = c.line(
        "name",
        "Name",
        name,
        SHORT_TEXT_MAX,
        Some("Enter their name"),
    );
    let agency = c.line(
        "agency",
        "Agency",
        agency,
        SHORT_TEXT_MAX,
        Some("Enter their agency or team"),
    );
    let present = match present.trim() {
        "" => {
            c.fail(
                "present",
                "Choose whether they were there or sent apologies",
            );
            None
        }
        _ => c.yes_no("present", present),
    };
    c.done(|| Some((name, agency, present?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(kind: &str, text: &str, rating: &str) -> EntryAnswers {
        EntryAnswers {
            kind: kind.into(),
            text: text.into(),
            rating: rating.into(),
        }
    }

    fn fields(problems: Vec<FieldError>) -> Vec<String> {
        problems.into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn an_entry_is_a_note_or_a_decision_and_only_a_decision_changes_the_rating() {
        let note = answers("note", "  Talked about school.  ", "")
            .check(Rating::Amber)
            .unwrap();
        assert_eq!(
            note,
            NewEntry {
                kind: EntryKind::Note,
                text: "Talked about school.".into(),
                change_to: None
            }
        );
        let decision = answers("decision", "Placement at risk", "red")
            .check(Rating::Amber)
            .unwrap();
        assert_eq!(decision.change_to, Some(Rating::Red));
        assert_eq!(
            fields(
                answers("note", "Placement at risk", "red")
                    .check(Rating::Amber)
                    .unwrap_err()
            ),
            ["entry_kind"]
        );
        assert_eq!(
            fields(
                answers("decision", "Still at risk", "amber")
                    .check(Rating::Amber)
                    .unwrap_err()
            ),
            ["new_rating"]
        );
        assert_eq!(
            fields(answers("", " ", "purple").check(Rating::Amber).unwrap_err()),
            ["entry_kind", "new_rating", "entry_text"]
        );
        let long = "x".repeat(CONSENT_LONG_MAX + 1);
        assert_eq!(
            fields(
                answers("decision", &long, "")
                    .check(Rating::Amber)
                    .unwrap_err()
            ),
            ["entry_text"]
        );
    }

    #[test]
    fn meeting_days_and_circulation_days() {
        let today: NaiveDate = "2026-12-03".parse().unwrap();
        let parts = |d: &str| -> [String; 3] {
            let v: Vec<String> = d.split('-').map(str::to_owned).collect();
            [v[2].clone(), v[1].clone(), v[0].clone()]
        };
        assert_eq!(
            check_held_on(&parts("2026-12-10"), today).unwrap(),
            "2026-12-10".parse::<NaiveDate>().unwrap()
        );
        assert!(
            check_held_on(&parts("2025-11-01"), today).is_err(),
            "over a year ago"
        );
        assert!(
            check_held_on(&parts("2028-01-01"), today).is_err(),
            "over a year ahead"
        );
        assert_eq!(
            fields(check_held_on(&Default::default(), today).unwrap_err()),
            ["held_day"]
        );
        let held: NaiveDate = "2026-11-20".parse().unwrap();
        assert_eq!(
            check_circulated_on(&parts("2026-11-21"), held, today).unwrap(),
            "2026-11-21".parse::<NaiveDate>().unwrap()
        );
        let before = check_circulated_on(&parts("2026-11-19"), held, today).unwrap_err();
        assert_eq!(
            before[0].message,
            "The minutes cannot be sent round before the meeting, on 20 November 2026"
        );
        assert!(
            check_circulated_on(&parts("2026-12-04"), held, today).is_err(),
            "tomorrow"
        );
    }

    #[test]
    fn a_meeting_records_from_its_day_until_its_minutes_are_sent_round() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let held = day("2026-11-20");
        assert_eq!(closed_for_recording(held, None, held, true), None);
        assert_eq!(
            closed_for_recording(held, None, day("2026-11-23"), false),
            None,
            "a late note"
        );
        assert!(
            closed_for_recording(held, None, day("2026-11-23"), true).is_some(),
            "a late rating change"
        );
        assert!(
            closed_for_recording(held, None, day("2026-11-19"), false).is_some(),
            "before the day"
        );
        assert!(
            closed_for_recording(held, Some(day("2026-11-22")), day("2026-11-23"), false)
                .is_some_and(|m| m.contains("sent round on 22 November 2026"))
        );
    }

    #[test]
    fn attendance_needs_name_agency_and_presence() {
        assert_eq!(
            check_attendee(" Sam Patel ", "Community LD team", "yes").unwrap(),
            ("Sam Patel".into(), "Community LD team".into(), true)
        );
        assert_eq!(
            fields(check_attendee("", "A\nB", "").unwrap_err()),
            ["name", "agency", "present"]
        );
        assert!(!check_attendee("Jo", "School", "no").unwrap().2);
    }
}
