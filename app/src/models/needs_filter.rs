//! The board's filters on what a person's record needs doing, beside age, overdue review
//! and search.

use serde::{Deserialize, Serialize};

/// Which of "needs doing" filters are on; all combine with each other and the rest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NeedsFilter {
    /// A C(E)TR, emergency protocol meeting or oversight visit the policy asks for is late.
    pub ctr_overdue: bool,
    /// An open action is past its due date.
    pub actions_overdue: bool,
    /// Eligible for a keyworker, and none is named.
    pub keyworker: bool,
    /// Consent is missing, or its re-check is due or overdue.
    pub consent: bool,
}

impl NeedsFilter {
    /// Each filter's name (in the URL and the form) and label.
    pub const FIELDS: [(&'static str, &'static str); 4] = [
        ("ctr_overdue", "C(E)TR or oversight visit overdue"),
        ("actions_overdue", "Actions overdue"),
        ("keyworker", "Keyworker eligible, none named"),
        ("consent", "Consent re-check due, or consent missing"),
    ];

    /// Whether the filter named `name` is on.
    pub fn get(&self, name: &str) -> bool {
        match name {
            "ctr_overdue" => self.ctr_overdue,
            "actions_overdue" => self.actions_overdue,
            "keyworker" => self.keyworker,
            "consent" => self.consent,
            _ => false,
        }
    }

    /// Turns the filter named `name` on or off (an unknown name changes nothing).
    pub fn set(&mut self, name: &str, on: bool) {
        match name {
            "ctr_overdue" => self.ctr_overdue = on,
            "actions_overdue" => self.actions_overdue = on,
            "keyworker" => self.keyworker = on,
            "consent" => self.consent = on,
            _ => {}
        }
    }

    /// The filters named in `on` turned on.
    pub fn of<'a>(on: impl IntoIterator<Item = &'a str>) -> NeedsFilter {
        let mut needs = NeedsFilter::default();
        for name in on {
            needs.set(name, true);
        }
        needs
    }

    /// The names of the filters that are on, in [`Self::FIELDS`] order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        Self::FIELDS
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| self.get(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_named_and_read_back() {
        let needs = NeedsFilter::of(["consent", "ctr_overdue", "tea"]);
        assert!(needs.ctr_overdue && needs.consent && !needs.keyworker);
        assert_eq!(
            needs.names().collect::<Vec<_>>(),
            ["ctr_overdue", "consent"]
        );
        assert_eq!(NeedsFilter::of(needs.names()), needs);
        assert_eq!(NeedsFilter::default().names().count(), 0);
    }
}
