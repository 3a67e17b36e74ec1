//! The clock's state, gathered from what a person's record holds.

use super::{Admission, ClockState};
use crate::models::{
    Home, Keyworker, Person, Placement, RootCauseReview, SavedCtr, SavedSection, Section, Security,
};
use chrono::NaiveDate;

/// The day someone last left hospital, from every version of where they live (oldest
/// first, each with the day it was saved): the first version after an inpatient one that
/// is not inpatient, dated by its "since" (or the day it was saved). `None` when they have
/// not left, or are back in.
pub fn last_discharge(versions: &[(Home, NaiveDate)]) -> Option<NaiveDate> {
    let mut left = None;
    for pair in versions.windows(2) {
        let [(before, _), (after, saved_on)] = pair else {
            continue;
        };
        match (&before.inpatient, &after.inpatient) {
            (Some(_), None) => left = Some(after.since.unwrap_or(*saved_on)),
            (_, Some(_)) => left = None,
            _ => {}
        }
    }
    left
}

impl ClockState {
    /// The state of `person`'s record from its saved `sections` (where they live now, the
    /// keyworker, the root-cause review, which counts only for the admission it looked
    /// into), the day they last left hospital and their C(E)TRs.
    pub fn of_record(
        person: &Person,
        sections: &[SavedSection],
        discharged_on: Option<NaiveDate>,
        ctrs: &[SavedCtr],
    ) -> ClockState {
        fn section<S: Section>(sections: &[SavedSection]) -> Option<&S> {
            sections.iter().find_map(|s| S::in_body(&s.body))
        }
        let admission = section::<Home>(sections)
            .and_then(|h| h.inpatient.as_ref())
            .map(|i| Admission {
                admitted_on: i.admitted_on,
                secure: i.security != Security::NonSecure,
                out_of_area: i.placement == Placement::OutOfArea,
            });
        ClockState {
            born: person.date_of_birth,
            rating: person.rating,
            rating_since: crate::models::uk_today(person.rating_since),
            discharged_on: discharged_on.filter(|_| admission.is_none()),
            admission,
            ctrs: ctrs.iter().map(|c| c.ctr.dates()).collect(),
            keyworker: section::<Keyworker>(sections).cloned(),
            root_cause_done_on: section::<RootCauseReview>(sections)
                .filter(|r| admission.is_some_and(|a| a.admitted_on == r.admitted_on))
                .map(|r| r.done_on),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{Inpatient, MhaStatus, Setting, Ward};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn home(inpatient: bool, since: Option<&str>) -> Home {
        Home {
            setting: if inpatient {
                Setting::InpatientUnit
            } else {
                Setting::FamilyHome
            },
            since: since.map(day),
            inpatient: inpatient.then(|| Inpatient {
                unit: "Unit".into(),
                provider: "Trust".into(),
                ward: Ward::SpecialistLd,
                security: Security::NonSecure,
                placement: Placement::InArea,
                admitted_on: day("2026-05-01"),
                mha: MhaStatus::Informal,
                mha_other: String::new(),
            }),
        }
    }

    #[test]
    fn a_discharge_is_the_first_version_home_after_hospital() {
        let saved = day("2026-09-03");
        assert_eq!(last_discharge(&[]), None);
        assert_eq!(last_discharge(&[(home(false, None), saved)]), None);
        let out = [
            (home(false, None), saved),
            (home(true, None), saved),
            (home(false, Some("2026-09-01")), saved),
        ];
        assert_eq!(last_discharge(&out), Some(day("2026-09-01")));
        // Without a "since", the day it was saved.
        let undated = [
            (home(true, None), saved),
            (home(false, None), day("2026-09-04")),
        ];
        assert_eq!(last_discharge(&undated), Some(day("2026-09-04")));
        // Back in: no discharge to prompt about.
        let back = [out.to_vec(), vec![(home(true, None), saved)]].concat();
        assert_eq!(last_discharge(&back), None);
        // Edits while at home keep the discharge.
        let edited = [out.to_vec(), vec![(home(false, Some("2026-09-01")), saved)]].concat();
        assert_eq!(last_discharge(&edited), Some(day("2026-09-01")));
    }
}
