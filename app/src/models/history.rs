//! A record's history: every change to it, newest first, with what each field was before
//! and what it became. Built from what the record keeps (every saved version of each
//! section, the rating history, consent records, reviews and departures), never edited.

use super::{
    format_date, ConsentRecord, RatingChange, RecordedDeparture, RecordedReview, SavedSection,
    SectionKind,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One field of a change: what it was (`None` when it was not recorded) and what it became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field.
    pub label: String,
    /// Before the change.
    pub before: Option<String>,
    /// After it.
    pub after: String,
}

/// One change to a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who made it (their name).
    pub by: String,
    /// What changed: a section, the rating, consent, a review, leaving the register.
    pub what: String,
    /// The fields that changed.
    pub fields: Vec<FieldChange>,
}

/// A consent record with who recorded it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedConsent {
    /// The consent or best-interests decision.
    pub consent: ConsentRecord,
    /// Who recorded it (their name).
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// Everything a record keeps of its past, as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordPast {
    /// Every saved version of every section, oldest first.
    pub section_versions: Vec<SavedSection>,
    /// Rating changes, newest first.
    pub ratings: Vec<RatingChange>,
    /// Consent records, newest first.
    pub consents: Vec<RecordedConsent>,
    /// Reviews, newest first.
    pub reviews: Vec<RecordedReview>,
    /// Departures, newest first.
    pub departures: Vec<RecordedDeparture>,
}

impl RecordPast {
    /// The record's history, newest first (of two changes at the same moment, the one
    /// read later first).
    pub fn history(&self) -> Vec<HistoryEntry> {
        let mut entries = self.section_changes();
        entries.extend(self.ratings.iter().map(rating_entry));
        entries.extend(self.consents.iter().map(consent_entry));
        entries.extend(self.reviews.iter().map(review_entry));
        entries.extend(self.departures.iter().map(departure_entry));
        entries.sort_by_key(|e| std::cmp::Reverse(e.at));
        entries
    }

    /// Each saved version of a section against the version before it: only the fields
    /// that changed (all recorded fields for a first save).
    fn section_changes(&self) -> Vec<HistoryEntry> {
        let mut before: HashMap<SectionKind, Vec<(String, String)>> = HashMap::new();
        let mut entries = Vec::new();
        for version in &self.section_versions {
            let kind = version.body.kind();
            let after = version.body.rows();
            let earlier = before.get(&kind);
            let fields = after
                .iter()
                .filter_map(|(label, now)| {
                    let was = earlier.and_then(|rows| {
                        rows.iter()
                            .find(|(l, _)| l == label)
                            .map(|(_, v)| v.clone())
                    });
                    let unchanged = match &was {
                        Some(was) => was == now,
                        None => now == NOT_RECORDED,
                    };
                    (!unchanged).then(|| FieldChange {
                        label: label.clone(),
                        before: was.filter(|w| w != NOT_RECORDED),
                        after: now.clone(),
                    })
                })
                .collect();
            entries.push(HistoryEntry {
                at: version.changed_at,
                by: version.changed_by.clone(),
                what: kind.label().to_owned(),
                fields,
            });
            before.insert(kind, after);
        }
        entries
    }
}

/// How a section shows an empty text.
const NOT_RECORDED: &str = "Not recorded";

fn field(label: &str, after: impl Into<String>) -> FieldChange {
    FieldChange {
        label: label.to_owned(),
        before: None,
        after: after.into(),
    }
}

fn rating_entry(change: &RatingChange) -> HistoryEntry {
    HistoryEntry {
        at: change.changed_at,
        by: change.changed_by.clone(),
        what: "Rating".to_owned(),
        fields: vec![
            FieldChange {
                label: "Rating".to_owned(),
                before: change.from.map(|r| r.label().to_owned()),
                after: change.to.label().to_owned(),
            },
            field("Why", change.rationale.clone()),
        ],
    }
}

fn consent_entry(recorded: &RecordedConsent) -> HistoryEntry {
    let c = &recorded.consent;
    HistoryEntry {
        at: recorded.recorded_at,
        by: recorded.recorded_by.clone(),
        what: "Consent".to_owned(),
        fields: c
            .rows()
            .into_iter()
            .map(|(label, value)| field(&label, value))
            .collect(),
    }
}

fn review_entry(recorded: &RecordedReview) -> HistoryEntry {
    let r = &recorded.review;
    let mut fields = vec![
        field("Held", format_date(r.held_on)),
        field("Who took part", r.attendees.clone()),
        if recorded.before == r.rating {
            field("Rating", format!("{} (kept)", r.rating.label()))
        } else {
            FieldChange {
                label: "Rating".to_owned(),
                before: Some(recorded.before.label().to_owned()),
                after: r.rating.label().to_owned(),
            }
        },
        field("Why", r.rationale.as_str()),
    ];
    if !r.notes.is_empty() {
        fields.push(field("Notes", r.notes.clone()));
    }
    if let Some(next) = r.next_due {
        fields.push(field("Next review", format_date(next)));
    }
    HistoryEntry {
        at: recorded.recorded_at,
        by: recorded.recorded_by.clone(),
        what: "Review".to_owned(),
        fields,
    }
}

fn departure_entry(recorded: &RecordedDeparture) -> HistoryEntry {
    let d = &recorded.departure;
    let mut fields = vec![
        field("Why they left", d.reason.label()),
        field("When", format_date(d.left_on)),
        field("Decided by", d.decided_by.clone()),
    ];
    for (label, text) in [("Reasons", &d.why), ("Details", &d.detail)] {
        if !text.is_empty() {
            fields.push(field(label, text.clone()));
        }
    }
    HistoryEntry {
        at: recorded.recorded_at,
        by: recorded.recorded_by.clone(),
        what: "Left the register".to_owned(),
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{Keyworker, Narrative, Rating, SectionBody};
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, hour, 0, 0).unwrap()
    }

    fn version(body: SectionBody, n: i64, by: &str, hour: u32) -> SavedSection {
        SavedSection {
            body,
            version: n,
            changed_by: by.into(),
            changed_at: at(hour),
        }
    }

    #[test]
    fn each_section_version_shows_only_what_changed_against_the_one_before() {
        let first = Narrative {
            current_issues: "School refusal".into(),
            ..Narrative::default()
        };
        let second = Narrative {
            tried: "Positive behaviour support".into(),
            ..first.clone()
        };
        let past = RecordPast {
            section_versions: vec![
                version(SectionBody::Narrative(first), 1, "Asha Patel", 9),
                version(SectionBody::Keyworker(Keyworker::Waiting), 1, "Ben Ode", 10),
                version(SectionBody::Narrative(second), 2, "Ben Ode", 11),
            ],
            ratings: vec![RatingChange {
                from: Some(Rating::Amber),
                to: Rating::Red,
                rationale: "Crisis at home".into(),
                changed_by: "Cal Dee".into(),
                changed_at: at(12),
            }],
            ..RecordPast::default()
        };
        let history = past.history();
        let whats: Vec<_> = history.iter().map(|e| e.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "Rating",
                "Current issues and views",
                "Keyworker",
                "Current issues and views"
            ]
        );
        assert_eq!(
            history[0].fields[0],
            FieldChange {
                label: "Rating".into(),
                before: Some("Amber".into()),
                after: "Red".into()
            }
        );
        // The second narrative save changed one field, and says what it was before.
        assert_eq!(
            history[1].fields,
            [FieldChange {
                label: "What has been tried".into(),
                before: None,
                after: "Positive behaviour support".into()
            }]
        );
        // The first save lists only what was recorded.
        assert_eq!(history[3].fields.len(), 1);
        assert_eq!(history[3].fields[0].label, "Current issues");
        assert_eq!(history[3].by, "Asha Patel");
    }

    #[test]
    fn a_review_that_kept_the_rating_says_so_and_one_that_changed_it_says_what_it_was() {
        let review = |before, rating| RecordedReview {
            review: crate::models::Review {
                held_on: at(9).date_naive(),
                attendees: "LDA team".into(),
                rating,
                rationale: "Settled".to_owned().try_into().unwrap(),
                notes: String::new(),
                next_due: None,
                next_reason: String::new(),
            },
            before,
            recorded_by: "Asha Patel".into(),
            recorded_at: at(10),
        };
        let past = RecordPast {
            reviews: vec![
                review(Rating::Amber, Rating::Green),
                review(Rating::Amber, Rating::Amber),
            ],
            ..RecordPast::default()
        };
        let ratings: Vec<_> = past
            .history()
            .into_iter()
            .map(|e| e.fields.into_iter().find(|f| f.label == "Rating").unwrap())
            .collect();
        assert_eq!(
            ratings,
            [
                FieldChange {
                    label: "Rating".into(),
                    before: Some("Amber".into()),
                    after: "Green".into()
                },
                field("Rating", "Amber (kept)"),
            ]
        );
    }
}
