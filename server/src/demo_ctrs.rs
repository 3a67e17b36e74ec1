//! The C(E)TRs of a demo person, so the policy clock has something to show: community
//! C(E)TRs for Red people (held in time, late, planned, or none yet), admissions with and
//! without one before them (the register's first inpatient has none, so a root-cause
//! review is always due somewhere), post-admission and follow-up C(E)TRs, and oversight
//! visits out of area. Drawn from the person's own id; all of it is invented.

use app::models::{
    age_on, ConsentBasis, Ctr, CtrConsent, CtrHeld, CtrId, CtrKind, CtrOutcome, CtrPlan, Home,
    PanelMember, Person, Placement, Rating,
};
use chrono::{Duration, NaiveDate};
use rand::{seq::SliceRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CHAIRS: &[&str] = &["Ann Lee", "Marcus Bell", "Priya Nair"];
const CLINICIANS: &[&str] = &[
    "Dr Tom Reid",
    "Dr Helen Wu",
    "Jo Farrell (nurse consultant)",
];
const EXPERTS: &[&str] = &["Kerry Moss", "Dean Shaw", "Faith Adeyemi"];

/// The C(E)TRs of `person`, rated `rating` since `since`, living as `home` says, on
/// `today`; `first_inpatient` marks the register's first person in hospital.
pub fn plan(
    person: &Person,
    rating: Rating,
    since: NaiveDate,
    home: Option<&Home>,
    today: NaiveDate,
    first_inpatient: bool,
) -> Vec<(CtrId, Ctr)> {
    let (high, low) = person.id.0.as_u64_pair();
    let mut rng = ChaCha8Rng::seed_from_u64(high.rotate_left(17) ^ low ^ 0xC7_2014);
    let born = person.date_of_birth;
    let mut ctrs = Vec::new();
    let mut add =
        |rng: &mut ChaCha8Rng, kind, planned: Option<NaiveDate>, held: Option<NaiveDate>| {
            let id = CtrId(uuid::Builder::from_random_bytes(rng.gen()).into_uuid());
            ctrs.push((id, ctr(rng, kind, born, today, planned, held)));
        };
    let inpatient = home.and_then(|h| h.inpatient.as_ref());
    match inpatient {
        Some(stay) => {
            let admitted = stay.admitted_on;
            let preceded = !first_inpatient && rng.gen_bool(0.6);
            if preceded {
                let before = admitted - Duration::days(rng.gen_range(3..40));
                add(
                    &mut rng,
                    CtrKind::Community,
                    Some(before),
                    Some(before.max(born)),
                );
            } else if rng.gen_bool(0.6) {
                // Held, in time or (when the stay is long enough) after the four weeks.
                let stay_days = (today - admitted).num_days();
                let late = stay_days > 29 && rng.gen_bool(0.8);
                let after = if late {
                    rng.gen_range(29..stay_days.min(45))
                } else {
                    rng.gen_range(5..20)
                };
                let held = (admitted + Duration::days(after)).min(today);
                add(&mut rng, CtrKind::PostAdmission, Some(held), Some(held));
            }
            if stay.placement == Placement::OutOfArea && rng.gen_bool(0.7) {
                let visited = (admitted + Duration::days(rng.gen_range(20..60))).min(today);
                add(&mut rng, CtrKind::OversightVisit, None, Some(visited));
            }
            if rng.gen_bool(0.3) {
                let planned = today + Duration::days(rng.gen_range(10..90));
                add(&mut rng, CtrKind::FollowUp, Some(planned), None);
            }
        }
        None if rating == Rating::Red => match rng.gen_range(0..4) {
            0 => {
                let held = (since + Duration::days(rng.gen_range(2..12))).min(today);
                add(&mut rng, CtrKind::Community, Some(held), Some(held));
            }
            1 => {
                let held = (since + Duration::days(rng.gen_range(15..30))).min(today);
                add(&mut rng, CtrKind::EmergencyProtocol, None, Some(held));
            }
            2 => {
                let planned = today + Duration::days(rng.gen_range(3..20));
                add(&mut rng, CtrKind::Community, Some(planned), None);
            }
            _ => {}
        },
        None if rng.gen_bool(0.15) => {
            // An earlier community C(E)TR, from before the current rating.
            let held = (since - Duration::days(rng.gen_range(30..300))).max(born);
            add(&mut rng, CtrKind::Community, Some(held), Some(held));
        }
        None => {}
    }
    ctrs
}

/// One C(E)TR of `kind`, planned and held as given, with its panel, the papers (if sent by
/// `today`) and consent.
fn ctr(
    rng: &mut ChaCha8Rng,
    kind: CtrKind,
    born: NaiveDate,
    today: NaiveDate,
    planned: Option<NaiveDate>,
    held_on: Option<NaiveDate>,
) -> Ctr {
    let member = |rng: &mut ChaCha8Rng, from: &[&str], role: &str| PanelMember {
        name: from.choose(rng).expect("names").to_string(),
        role: role.into(),
    };
    let review = held_on.or(planned);
    let consent = held_on.map(|held| {
        let decided_on = (held - Duration::days(rng.gen_range(3..20))).max(born);
        let under_16 = age_on(born, decided_on) < 16;
        CtrConsent {
            basis: if under_16 {
                ConsentBasis::Parental
            } else {
                ConsentBasis::Own
            },
            given_by: if under_16 {
                "Their mother".into()
            } else {
                "Themselves".into()
            },
            decided_on,
            child_view: if under_16 {
                "Wants to talk about going back to school.".into()
            } else {
                String::new()
            },
            reason: String::new(),
        }
    });
    Ctr {
        plan: CtrPlan {
            kind,
            planned_on: planned,
            chair: member(rng, CHAIRS, "ICB commissioner"),
            clinical_expert: member(rng, CLINICIANS, "Clinical expert"),
            expert_by_experience: member(rng, EXPERTS, "Expert by experience"),
            // Most go out two days or more before; some the day before.
            papers_sent_on: review
                .map(|r| (r - Duration::days(rng.gen_range(1..6))).max(born))
                .filter(|sent| *sent <= today),
        },
        consent,
        held: held_on.map(|held_on| CtrHeld {
            held_on,
            outcome: match kind {
                CtrKind::Community | CtrKind::EmergencyProtocol => CtrOutcome::AdmissionAvoided,
                _ => CtrOutcome::ContinueInHospital,
            },
            outcome_other: String::new(),
            summary: "The panel agreed a plan with the family and the team; recommendations were shared with everyone there.".into(),
        }),
    }
}
