//! The figures' tables, counted from what the register held at the end of a day: pure, so
//! every number can be checked against a history built by hand.

use super::{
    months::month_name,
    table::{Raw, RawTable},
};
use crate::models::{
    format_date, working_days_between, Admission, ClockState, DueStatus, PolicyDue,
    PolicyTimescales, Rating, Rule, Setting,
};
use crate::store::figures::{OpenActions, ReferralFacts, StateGroup, Stay};
use chrono::NaiveDate;

fn rating_of(group: &StateGroup) -> Option<Rating> {
    group.rating.parse().ok()
}

/// How many people in `groups` `test` holds for.
fn people(groups: &[StateGroup], test: impl Fn(&StateGroup) -> bool) -> i64 {
    groups.iter().filter(|g| test(g)).map(|g| g.people).sum()
}

/// People on the register on `day` (`groups`: as they then stood) by rating and age
/// band. The bands part everyone, so suppression sees every sum: keyworking's ages (0 to
/// 25) are the first two, and a column of them alongside would give away their
/// difference.
pub fn ratings(groups: &[StateGroup], day: NaiveDate) -> RawTable {
    let mut counts = [[0i64; 4]; 5];
    for g in groups {
        let Some(rating) = rating_of(g) else { continue };
        let band = match (g.child, g.keyworker_age) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        };
        for row in [rating.order() as usize, 4] {
            counts[row][band] += g.people;
            counts[row][3] += g.people;
        }
    }
    let mut t = RawTable::new(
        "ratings",
        "People on the register by rating and age",
        format!("Everyone on the register at the end of {}. Children are under 18; keyworking is for people aged 0 to 25 (the first two columns).", format_date(day)),
        "Rating",
        &["Children (0 to 17)", "Aged 18 to 25", "Aged 26 and over", "All ages"],
    );
    let labels = Rating::ALL.iter().map(|r| r.label()).chain(["All ratings"]);
    for (label, row) in labels.zip(counts) {
        t.row(label, row.iter().map(|n| Raw::Count(*n)).collect());
    }
    t.add_across(0..5, &[0, 1, 2], 3)
        .add_down(0..4, &[0, 1, 2, 3], 4);
    t
}

/// Where people on the register on `day` lived, by age group.
pub fn settings(groups: &[StateGroup], day: NaiveDate) -> RawTable {
    /// Which people a row of the table counts.
    enum Place {
        Setting(Setting),
        Inpatient { out_of_area: bool },
    }
    let places: Vec<(String, Place)> = Setting::ALL
        .iter()
        .filter(|s| **s != Setting::InpatientUnit)
        .map(|s| (s.label().to_owned(), Place::Setting(*s)))
        .chain([
            (
                "Inpatient unit in the ICB's area".to_owned(),
                Place::Inpatient { out_of_area: false },
            ),
            (
                "Inpatient unit out of area".to_owned(),
                Place::Inpatient { out_of_area: true },
            ),
        ])
        .collect();
    let is = |place: &Place, g: &StateGroup| match place {
        Place::Setting(setting) => g.setting == setting.code(),
        Place::Inpatient { out_of_area } => g.inpatient() && g.out_of_area == *out_of_area,
    };
    let mut t = RawTable::new(
        "settings",
        "Where people on the register live",
        format!(
            "Everyone on the register at the end of {}, by where they lived then.",
            format_date(day)
        ),
        "Where they live",
        &["Children", "Adults", "All ages"],
    );
    let mut totals = [0i64; 3];
    for (label, place) in &places {
        let mut row = [0i64; 3];
        for g in groups.iter().filter(|g| is(place, g)) {
            row[usize::from(!g.child)] += g.people;
            row[2] += g.people;
        }
        for (t, n) in totals.iter_mut().zip(row) {
            *t += n;
        }
        t.row(label.clone(), row.iter().map(|n| Raw::Count(*n)).collect());
    }
    t.row(
        "All settings",
        totals.iter().map(|n| Raw::Count(*n)).collect(),
    );
    let last = places.len();
    t.add_across(0..=last, &[0, 1], 2)
        .add_down(0..3, &(0..last).collect::<Vec<_>>(), last);
    t
}

/// People on the register at each month end, by rating (`months`: month end and its
/// counts in rating order).
pub fn rating_trend(months: &[(NaiveDate, [i64; 4])]) -> RawTable {
    let mut t = RawTable::new(
        "rating-trend",
        "People on the register at each month end",
        "How many people were on the register at the end of each of the last 12 months, by rating.",
        "Month end",
        &["Blue", "Red", "Amber", "Green", "All ratings"],
    );
    for (end, counts) in months {
        let mut cells: Vec<Raw> = counts.iter().map(|n| Raw::Count(*n)).collect();
        cells.push(Raw::Count(counts.iter().sum()));
        t.keyed_row(format_date(*end), end.to_string(), cells);
    }
    t.add_across(0..months.len(), &[0, 1, 2, 3], 4);
    t
}

/// Counts of rating at the end of a day, in rating order, of everyone on the register.
pub fn by_rating(groups: &[StateGroup]) -> [i64; 4] {
    let mut counts = [0; 4];
    for g in groups {
        if let Some(r) = rating_of(g) {
            counts[r.order() as usize] += g.people;
        }
    }
    counts
}

/// Admissions, discharges and referrals in each month ending at `month_ends`.
pub fn movement_trend(
    month_ends: &[NaiveDate],
    admissions: &[NaiveDate],
    discharges: &[NaiveDate],
    referrals: &[NaiveDate],
) -> RawTable {
    let mut t = RawTable::new(
        "movement-trend",
        "Admissions, discharges and referrals each month",
        "Admissions by the day of admission, discharges by the day they were recorded, referrals by the day they arrived.",
        "Month",
        &["Admissions to hospital", "Discharges from hospital", "Referrals received"],
    );
    use chrono::Datelike;
    let in_month = |days: &[NaiveDate], end: NaiveDate| {
        days.iter()
            .filter(|d| d.year() == end.year() && d.month() == end.month() && **d <= end)
            .count() as i64
    };
    for end in month_ends {
        t.keyed_row(
            month_name(*end),
            end.format("%Y-%m").to_string(),
            [admissions, discharges, referrals]
                .iter()
                .map(|days| Raw::Count(in_month(days, *end)))
                .collect(),
        );
    }
    t
}

/// The median of `values`; `None` for none.
fn median(mut values: Vec<u32>) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(values[n / 2])),
        _ => Some((f64::from(values[n / 2 - 1]) + f64::from(values[n / 2])) / 2.0),
    }
}

/// Referrals received in `period` (its name) as they stood at the end of `day`: contact
/// against the target of `contact_days` working days, and outcomes.
pub fn referrals(
    facts: &[ReferralFacts],
    period: &str,
    day: NaiveDate,
    contact_days: u32,
) -> RawTable {
    let mut t = RawTable::new(
        "referrals",
        format!("Referrals received in {period}"),
        format!("Contact and outcomes as recorded by the end of {}. The target is contact within {contact_days} working days.", format_date(day)),
        "Referrals",
        &["From families", "From professionals", "All referrals"],
    );
    let uk = crate::models::uk_today;
    // Contacted in time, late, not yet with the target passed, not yet within it;
    // accepted, not eligible, more information, still being looked at.
    let mut rows = [[0i64; 3]; 9];
    let mut waits: [Vec<u32>; 3] = Default::default();
    for f in facts {
        let col = usize::from(f.kind != "family");
        let mut mark = |row: usize| {
            rows[row][col] += 1;
            rows[row][2] += 1;
        };
        mark(0);
        match f.contacted_at {
            Some(at) => {
                let wait = working_days_between(uk(f.received_at), uk(at));
                waits[col].push(wait);
                waits[2].push(wait);
                mark(if wait <= contact_days { 1 } else { 2 });
            }
            None if working_days_between(uk(f.received_at), day) > contact_days => mark(3),
            None => mark(4),
        }
        mark(match f.status.as_str() {
            "accepted" => 5,
            "not_eligible" => 6,
            "more_information" => 7,
            _ => 8,
        });
    }
    let counts = |i: usize| rows[i].iter().map(|n| Raw::Count(*n)).collect::<Vec<_>>();
    let due: Vec<Raw> = (0..3)
        .map(|c| Raw::Count(rows[1][c] + rows[2][c] + rows[3][c]))
        .collect();
    t.row("Received", counts(0));
    t.row(
        format!("Contacted within {contact_days} working days"),
        counts(1),
    );
    t.row("Contacted later than that", counts(2));
    t.row("Not contacted, target passed", counts(3));
    t.row("Not contacted, target not yet passed", counts(4));
    t.row("Due for contact by the end of the day", due);
    t.row(
        "Share of those due contacted within the target",
        (0..3).map(|c| Raw::Share((1, c), (5, c))).collect(),
    );
    t.row(
        "Median working days to contact",
        waits
            .into_iter()
            .enumerate()
            // Over those contacted, within the target or later.
            .map(|(c, w)| Raw::Days(median(w), vec![(1, c), (2, c)]))
            .collect(),
    );
    t.row("Accepted onto the register", counts(5));
    t.row("Not eligible", counts(6));
    t.row("Waiting for more information", counts(7));
    t.row("Still being looked at", counts(8));
    t.add_across([0, 1, 2, 3, 4, 5, 8, 9, 10, 11], &[0, 1], 2)
        .add_down(0..3, &[1, 2, 3], 5)
        .add_down(0..3, &[4, 5], 0)
        .add_down(0..3, &[8, 9, 10, 11], 0);
    t
}

/// How a stay's C(E)TRs stood: whether one came first, and the post-admission and
/// follow-up C(E)TRs due during it (up to `day`, or the discharge), by status.
fn stay_items(stay: &Stay, policy: &PolicyTimescales, day: NaiveDate) -> Vec<(Rule, DueStatus)> {
    let state = ClockState {
        born: stay.born,
        rating: Rating::Blue,
        rating_since: stay.admitted_on,
        admission: Some(Admission {
            admitted_on: stay.admitted_on,
            secure: stay.secure,
            out_of_area: stay.out_of_area,
        }),
        discharged_on: None,
        ctrs: stay.ctrs.clone(),
        keyworker: None,
        root_cause_done_on: None,
    };
    let until = stay.discharged_on.map_or(day, |d| d.min(day));
    state
        .due_items(policy, until)
        .into_iter()
        .filter(|i| matches!(i.rule, Rule::PostAdmissionCtr | Rule::FollowUpCtr))
        .map(|i| (i.rule, i.status))
        .collect()
}

/// Admissions in the 12 months to `day` and their C(E)TRs, against the policy's standard
/// and timescales; and from `groups` (everyone on the register at the end of `day`), how
/// many in hospital then had a C(E)TR overdue.
pub fn ctrs(
    stays: &[Stay],
    policy: &PolicyTimescales,
    day: NaiveDate,
    groups: &[StateGroup],
) -> RawTable {
    let mut n = [0i64; 11];
    for stay in stays {
        let items = stay_items(stay, policy, day);
        n[0] += 1;
        let preceded = !items.iter().any(|(r, _)| *r == Rule::PostAdmissionCtr);
        n[if preceded { 1 } else { 2 }] += 1;
        for (rule, status) in items {
            let base = if rule == Rule::PostAdmissionCtr { 3 } else { 6 };
            match status {
                DueStatus::Met => {
                    n[base] += 1;
                    n[base + 1] += 1;
                }
                DueStatus::MetLate | DueStatus::Overdue => {
                    n[base] += 1;
                    n[base + 2] += 1;
                }
                // Not yet due: counted for post-admission C(E)TRs, so the admissions
                // without a community one add up (and none can be worked out by subtraction).
                DueStatus::Planned | DueStatus::Due if rule == Rule::PostAdmissionCtr => n[10] += 1,
                DueStatus::Planned | DueStatus::Due => {}
            }
        }
    }
    n[9] = people(groups, |g| {
        g.inpatient()
            && PolicyDue::decode(&g.policy_dues).is_some_and(|dues| {
                dues.iter().any(|d| {
                    matches!(d.rule, Rule::PostAdmissionCtr | Rule::FollowUpCtr) && d.due_on < day
                })
            })
    });
    let mut t = RawTable::new(
        "ctrs",
        "Admissions and their C(E)TRs",
        format!("Admissions in the 12 months to {}, as recorded by then. The standard is that at least 90% of admissions have a community C(E)TR or emergency protocol meeting first.", format_date(day)),
        "C(E)TRs",
        &["Number"],
    );
    let c = |i: usize| vec![Raw::Count(n[i])];
    t.row("Admissions to hospital", c(0));
    t.row(
        "With a community C(E)TR or emergency protocol meeting first",
        c(1),
    );
    t.row("Without one", c(2));
    t.row(
        "Share with one first (standard: 90%)",
        vec![Raw::Share((1, 0), (0, 0))],
    );
    t.row("Post-admission C(E)TRs due", c(3));
    t.row("Post-admission C(E)TRs not yet due", c(10));
    t.row("Held within the timescale", c(4));
    t.row("Held late or still overdue", c(5));
    t.row(
        "Share held within the timescale",
        vec![Raw::Share((6, 0), (4, 0))],
    );
    t.row("Follow-up C(E)TRs due", c(6));
    t.row("Held within the timescale", c(7));
    t.row("Held late or still overdue", c(8));
    t.row(
        "Share held within the timescale",
        vec![Raw::Share((10, 0), (9, 0))],
    );
    t.row("People in hospital now with a C(E)TR overdue", c(9));
    t.add_down([0], &[1, 2], 0)
        .add_down([0], &[4, 5], 2)
        .add_down([0], &[6, 7], 4)
        .add_down([0], &[10, 11], 9);
    t
}

/// What was overdue or missing at the end of `day`.
pub fn overdue(groups: &[StateGroup], actions: &[OpenActions], day: NaiveDate) -> RawTable {
    let mut t = RawTable::new(
        "overdue",
        "Reviews, consent, keyworkers and actions",
        format!("As they stood at the end of {}.", format_date(day)),
        "What",
        &["Number"],
    );
    t.row(
        "Reviews overdue",
        vec![Raw::Count(people(groups, |g| g.review_overdue))],
    );
    t.row(
        "Consent re-checks overdue",
        vec![Raw::Count(people(groups, |g| g.consent_overdue))],
    );
    t.row(
        "No consent recorded",
        vec![Raw::Count(people(groups, |g| g.no_consent))],
    );
    t.row(
        "Aged 0 to 25, keyworker asked for and none named",
        vec![Raw::Count(people(groups, |g| {
            PolicyDue::decode(&g.policy_dues).is_some_and(|dues| {
                dues.iter()
                    .any(|d| d.rule == Rule::Keyworker && d.asked_on(day))
            })
        }))],
    );
    t.row(
        "Actions open",
        vec![Raw::Count(actions.iter().map(|a| a.open).sum())],
    );
    t.row(
        "Actions overdue",
        vec![Raw::Count(actions.iter().map(|a| a.overdue).sum())],
    );
    t
}

/// Open and overdue actions at the end of `day`, by the owner's agency (`actions`: as
/// [`crate::store::figures::open_actions`] counted them).
pub fn actions_by_agency(actions: &[OpenActions], day: NaiveDate) -> RawTable {
    let mut t = RawTable::new(
        "actions",
        "Open actions by agency",
        format!(
            "Actions open at the end of {}, by the agency of whoever owns them.",
            format_date(day)
        ),
        "Agency",
        &["Open", "Overdue"],
    );
    let mut totals = [0i64; 2];
    for agency in actions {
        totals[0] += agency.open;
        totals[1] += agency.overdue;
        let label = if agency.agency.is_empty() {
            "No agency"
        } else {
            &agency.agency
        };
        t.row(
            label,
            vec![Raw::Count(agency.open), Raw::Count(agency.overdue)],
        );
    }
    t.row(
        "All agencies",
        totals.iter().map(|n| Raw::Count(*n)).collect(),
    );
    let last = actions.len();
    t.add_down(0..2, &(0..last).collect::<Vec<_>>(), last)
        .with_typed_labels();
    t
}
