//! The record's sections for a demo person: personal details, diagnosis, where they live
//! (a stay in hospital for everyone rated Blue, some out of area), family and carers, and
//! risk factors. Most people have most sections; all of it is invented. Drawn from the
//! person's own id, so adding it left every seed's people as they were.

use app::models::{
    age_on, ContactMethod, Contacts, Details, DiagnosisSection, EthnicCategory, FamilyContact,
    Home, Inpatient, MhaStatus, NotedRisk, Person, Placement, Rating, RiskFactor, RiskFactors,
    SectionBody, Security, Setting, Sex, Ward,
};
use chrono::{Duration, NaiveDate};
use rand::{seq::SliceRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const GP_PRACTICES: &[&str] = &[
    "Riverside Surgery",
    "Northgate Medical Centre",
    "Park Lane Health Centre",
    "Oak Tree Practice",
    "Market Street Surgery",
];
const LANGUAGES: &[&str] = &[
    "Polish",
    "Urdu",
    "Bengali",
    "Somali",
    "Arabic",
    "Romanian",
    "Punjabi",
    "British Sign Language",
];
const CONDITIONS: &[&str] = &[
    "Epilepsy, well controlled with medication.",
    "Anxiety; sleeps poorly when routines change.",
    "ADHD.",
    "Type 1 diabetes.",
    "Cerebral palsy; uses a wheelchair outdoors.",
    "Constipation and reflux, managed by the GP.",
];
const UNITS: &[(&str, &str)] = &[
    ("Cedar Ward", "Northshire NHS Foundation Trust"),
    ("Willow Unit", "Eastvale Healthcare (independent)"),
    ("The Beeches", "Riverside Partnership NHS Trust"),
    ("Larch Ward", "Westmoor NHS Foundation Trust"),
    ("Hawthorn House", "Greenfields Care (independent)"),
];
const NICKNAMES: &[(&str, &str)] = &[
    ("Daniel", "Dan"),
    ("Oliver", "Ollie"),
    ("Bethany", "Beth"),
    ("Callum", "Cal"),
    ("Mohammed", "Mo"),
    ("Finley", "Finn"),
    ("Alfie", "Alf"),
    ("Ibrahim", "Ibby"),
];
/// First names for family and carers: women's, men's, and anyone's.
const WOMEN: &[&str] = &["Grace", "Amina", "Joanne", "Shirley", "Linda", "Agnieszka"];
const MEN: &[&str] = &["Tom", "Yusuf", "Marek", "Dev", "Paul", "Kwame"];
const ANYONE: &[&str] = &["Pat", "Sam", "Alex", "Jordan", "Robin"];

/// Everything in a demo person's sections, as saved on `today` (the day of their latest
/// rating change), for someone rated `rating` who joined on `joined`. The setting is the
/// one on their row; an inpatient was admitted in the days before, and the register's
/// `first_inpatient` is out of area (so every demo register with an inpatient has one).
pub fn plan(
    person: &Person,
    rating: Rating,
    joined: NaiveDate,
    today: NaiveDate,
    first_inpatient: bool,
) -> Vec<SectionBody> {
    let (high, low) = person.id.0.as_u64_pair();
    let mut rng = ChaCha8Rng::seed_from_u64(high ^ low.rotate_left(32) ^ 0x5EC7_1045);
    let born = person.date_of_birth;
    let mut sections = Vec::new();
    if rng.gen_bool(0.9) {
        sections.push(details(&mut rng, person).into());
    }
    if rng.gen_bool(0.8) {
        sections.push(
            DiagnosisSection {
                diagnosis: person.diagnosis,
                other_conditions: if rng.gen_bool(0.6) {
                    pick(&mut rng, CONDITIONS).to_owned()
                } else {
                    String::new()
                },
            }
            .into(),
        );
    }
    if person.setting == Setting::InpatientUnit || rng.gen_bool(0.85) {
        sections.push(home(&mut rng, person, joined, today, first_inpatient).into());
    }
    if rng.gen_bool(0.85) {
        sections.push(contacts(&mut rng, person, today).into());
    }
    if rng.gen_bool(if rating == Rating::Green { 0.4 } else { 0.9 }) {
        sections.push(risks(&mut rng, born, today).into());
    }
    sections
}

fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from.choose(rng).expect("a list")
}

/// A day between `days` ago and yesterday, not before `born`.
fn days_ago(rng: &mut ChaCha8Rng, today: NaiveDate, days: i64, born: NaiveDate) -> NaiveDate {
    (today - Duration::days(rng.gen_range(1..days.max(2)))).max(born)
}

fn details(rng: &mut ChaCha8Rng, person: &Person) -> Details {
    let english = rng.gen_bool(0.85);
    let ethnicity = *[
        (EthnicCategory::A, 70),
        (EthnicCategory::C, 5),
        (EthnicCategory::D, 3),
        (EthnicCategory::H, 4),
        (EthnicCategory::J, 5),
        (EthnicCategory::K, 3),
        (EthnicCategory::N, 4),
        (EthnicCategory::M, 2),
        (EthnicCategory::Z, 4),
    ]
    .choose_weighted(rng, |(_, w)| *w)
    .expect("weights");
    Details {
        preferred_name: NICKNAMES
            .iter()
            .find(|(name, _)| *name == person.given_name)
            .filter(|_| rng.gen_bool(0.5))
            .map(|(_, short)| (*short).to_owned())
            .unwrap_or_default(),
        sex: Some(*[Sex::Female, Sex::Male].choose(rng).expect("sexes")),
        gender: if rng.gen_bool(0.05) {
            "Non-binary".into()
        } else {
            String::new()
        },
        ethnicity: rng.gen_bool(0.9).then_some(ethnicity.0),
        first_language: if english {
            "English".into()
        } else {
            pick(rng, LANGUAGES).into()
        },
        interpreter: Some(!english && rng.gen_bool(0.6)),
        easy_read: Some(rng.gen_bool(0.6)),
        gp_practice: pick(rng, GP_PRACTICES).into(),
        ..Details::of(person)
    }
}

fn home(
    rng: &mut ChaCha8Rng,
    person: &Person,
    joined: NaiveDate,
    today: NaiveDate,
    out_of_area: bool,
) -> Home {
    let born = person.date_of_birth;
    if person.setting != Setting::InpatientUnit {
        return Home {
            since: rng.gen_bool(0.7).then(|| days_ago(rng, joined, 2000, born)),
            ..Home::of(person)
        };
    }
    let admitted_on = days_ago(rng, today, 4, born);
    stay(rng, age_on(born, today) < 18, admitted_on, out_of_area)
}

/// A stay in hospital from `admitted_on` (a child's or an adult's), out of area when
/// `out_of_area` or by chance.
pub fn stay(rng: &mut ChaCha8Rng, child: bool, admitted_on: NaiveDate, out_of_area: bool) -> Home {
    let (unit, provider) = *UNITS.choose(rng).expect("units");
    let ward = match (child, rng.gen_bool(0.6)) {
        (_, true) => Ward::SpecialistLd,
        (true, false) => Ward::ChildrenMentalHealth,
        (false, false) => Ward::AdultMentalHealth,
    };
    let security = *[
        (Security::NonSecure, 60),
        (Security::Low, 25),
        (Security::Medium, 12),
        (Security::High, 3),
    ]
    .choose_weighted(rng, |(_, w)| *w)
    .expect("weights");
    let mha = *[
        (MhaStatus::Informal, 25),
        (MhaStatus::Section2, 20),
        (MhaStatus::Section3, 40),
        (MhaStatus::Section37_41, 10),
        (MhaStatus::Other, 5),
    ]
    .choose_weighted(rng, |(_, w)| *w)
    .expect("weights");
    Home {
        setting: Setting::InpatientUnit,
        since: Some(admitted_on),
        inpatient: Some(Inpatient {
            unit: unit.into(),
            provider: provider.into(),
            ward,
            security: security.0,
            placement: if rng.gen_bool(0.4) || out_of_area {
                Placement::OutOfArea
            } else {
                Placement::InArea
            },
            admitted_on,
            mha: mha.0,
            mha_other: if mha.0 == MhaStatus::Other {
                "Section 35 (remanded for a report)".into()
            } else {
                String::new()
            },
        }),
    }
}

fn contacts(rng: &mut ChaCha8Rng, person: &Person, today: NaiveDate) -> Contacts {
    let child = age_on(person.date_of_birth, today) < 18;
    let roles: &[(&str, &[&str], bool)] = if child {
        &[
            ("Mother", WOMEN, true),
            ("Father", MEN, true),
            ("Grandmother (special guardian)", WOMEN, true),
            ("Foster carer", ANYONE, false),
        ]
    } else {
        &[
            ("Mother", WOMEN, true),
            ("Father", MEN, true),
            ("Sister", WOMEN, true),
            ("Brother", MEN, true),
            ("Support worker", ANYONE, false),
        ]
    };
    let mut contacts = Contacts::default();
    for n in 0..rng.gen_range(1..=3) {
        let (relationship, names, family) = *roles.choose(rng).expect("roles");
        let surname = if family {
            person.family_name.as_str()
        } else {
            "Ellis"
        };
        let name = format!("{} {surname}", pick(rng, names));
        let email = if rng.gen_bool(0.6) {
            format!("{}@example.com", name.to_lowercase().replace(' ', "."))
        } else {
            String::new()
        };
        let prefers = if email.is_empty() {
            *[
                ContactMethod::Phone,
                ContactMethod::Text,
                ContactMethod::Letter,
            ]
            .choose(rng)
            .expect("methods")
        } else {
            *[
                ContactMethod::Phone,
                ContactMethod::Email,
                ContactMethod::Keyworker,
            ]
            .choose(rng)
            .expect("methods")
        };
        let contact = FamilyContact {
            // Ids a contact added on the record's pages never has (`c{version}`).
            id: format!("demo{n}"),
            // Ofcom's numbers for drama: never anyone's.
            phone: format!("07700 900 {:03}", rng.gen_range(0..1000)),
            email,
            prefers,
            parental_responsibility: child && family && n < 2,
            lasting_power_of_attorney: !child && family && rng.gen_bool(0.15),
            name,
            relationship: relationship.into(),
        };
        contacts = contacts.with(contact).expect("room for three");
    }
    contacts
}

fn risks(rng: &mut ChaCha8Rng, born: NaiveDate, today: NaiveDate) -> RiskFactors {
    let notes = |factor: RiskFactor| match factor {
        RiskFactor::CriminalJustice => {
            "Arrested after an incident in town; released with no charge."
        }
        RiskFactor::PlacementBreakdown => "Provider has given notice on the placement.",
        RiskFactor::Transition => "Moves from children's to adult services at 18.",
        RiskFactor::CrisisContacts => "Three A&E attendances in the last month.",
        RiskFactor::PreviousAdmissions => "Admitted to an assessment and treatment unit before.",
        RiskFactor::CarerStrain => "Main carer unwell; respite has stopped.",
        RiskFactor::OutOfEducation => "Not in school since the spring term.",
        RiskFactor::Other => "Bereavement in the family this year.",
    };
    let how_many = rng.gen_range(1..=3);
    let mut factors: Vec<RiskFactor> = RiskFactor::ALL
        .choose_multiple(rng, how_many)
        .copied()
        .collect();
    factors.sort_by_key(|f| RiskFactor::ALL.iter().position(|a| a == f));
    RiskFactors {
        noted: factors
            .into_iter()
            .map(|factor| NotedRisk {
                factor,
                note: notes(factor).into(),
                noted_on: days_ago(rng, today, 200, born),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::models::{Diagnosis, NhsNumber, PersonId};
    use chrono::{TimeZone, Utc};

    fn person(n: u128, setting: Setting, born: &str) -> Person {
        Person {
            id: PersonId(uuid::Uuid::from_u128(n)),
            nhs_number: "9990000050".parse::<NhsNumber>().unwrap(),
            given_name: "Sam".into(),
            family_name: "Okafor".into(),
            date_of_birth: born.parse().unwrap(),
            diagnosis: Diagnosis::Autism,
            setting,
            area: "North".into(),
            rating: Rating::Blue,
            rating_since: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
            rating_set_by: "LDA team".into(),
            review_due: "2026-12-01".parse().unwrap(),
            version: 1,
            consent_due: None,
            left_on: None,
            open_action_dues: Vec::new(),
            policy_dues: Vec::new(),
        }
    }

    #[test]
    fn inpatients_have_a_stay_some_out_of_area_and_every_date_is_in_range() {
        let today: NaiveDate = "2026-12-03".parse().unwrap();
        let joined: NaiveDate = "2026-06-01".parse().unwrap();
        let mut out_of_area = 0;
        for n in 0..40 {
            let setting = if n % 2 == 0 {
                Setting::InpatientUnit
            } else {
                Setting::FamilyHome
            };
            let p = person(n, setting, "2015-03-04");
            let bodies = plan(&p, Rating::Blue, joined, today, false);
            assert_eq!(
                plan(&p, Rating::Blue, joined, today, false),
                bodies,
                "the same each time"
            );
            for body in bodies {
                if let SectionBody::Home(home) = &body {
                    assert_eq!(home.setting, setting);
                    assert_eq!(home.inpatient.is_some(), setting == Setting::InpatientUnit);
                    if let Some(stay) = &home.inpatient {
                        assert!(stay.admitted_on <= today && stay.admitted_on >= p.date_of_birth);
                        out_of_area += usize::from(stay.placement == Placement::OutOfArea);
                    }
                }
                if let SectionBody::RiskFactors(r) = &body {
                    assert!(r.noted.iter().all(|n| n.noted_on <= today));
                }
                // What the people row holds is the row's own.
                assert_eq!(body.onto(&p).unwrap(), p, "{body:?}");
            }
        }
        assert!(out_of_area > 0);
        // The register's first inpatient is always out of area.
        let p = person(1, Setting::InpatientUnit, "2015-03-04");
        let home = plan(&p, Rating::Blue, joined, today, true)
            .into_iter()
            .find_map(|b| match b {
                SectionBody::Home(h) => h.inpatient,
                _ => None,
            })
            .unwrap();
        assert_eq!(home.placement, Placement::OutOfArea);
    }
}
