//! Property tests for every parser of what people and browsers send: NHS numbers, dates
//! typed as day, month and year, referral answers, and the CSV files the figures are
//! downloaded as. (The feed's `Last-Event-ID` is tested beside its parser, in the server's
//! `events.rs`.) Each runs on any text, not only on text a form would send.

use app::{
    figures::csv,
    models::{past_date, validate_referral, NhsNumber, Question, ReferralAnswers},
};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

/// The Modulus 11 rule, written out again from the NHS's description: weights 10 down to
/// 2 on the first nine digits; 11 minus the remainder is the check digit, 11 reads 0 and
/// 10 is never issued.
fn valid_digits(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = (0..9).map(|i| d[i] * (10 - i as u32)).sum();
    match 11 - sum % 11 {
        11 => d[9] == 0,
        10 => false,
        c => d[9] == c,
    }
}

/// A valid NHS number's ten digits, from nine random ones (skipping those whose check
/// digit would be 10).
fn nhs_digits() -> impl Strategy<Value = String> {
    proptest::collection::vec(0u32..10, 9).prop_filter_map("check digit 10", |nine| {
        let sum: u32 = nine.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return None,
            c => c,
        };
        Some(nine.iter().chain([&check]).map(|d| d.to_string()).collect())
    })
}

/// Text that looks like an NHS number more often than any text would.
fn nhs_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 \\-]{0,14}",
        "[ \\t]{0,2}[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}[ \\t]{0,2}",
        "[0-9０-９٠-٩]{10}",
    ]
}

proptest! {
    /// Any text: never a panic, and accepted exactly when, without its spaces and
    /// dashes, it is ten digits with the right check digit; what is kept is those digits.
    #[test]
    fn an_nhs_number_is_accepted_exactly_when_its_check_digit_matches(text in nhs_like()) {
        let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        match text.parse::<NhsNumber>() {
            Ok(n) => {
                prop_assert!(valid_digits(&compact), "{text:?} was accepted");
                prop_assert_eq!(n.digits(), compact.as_str());
            }
            Err(_) => prop_assert!(!valid_digits(&compact), "{text:?} was refused"),
        }
    }

    /// Every valid number reads the same written plainly, grouped 3-3-4 with spaces or
    /// dashes, or padded; and what is shown reads back as the same number.
    #[test]
    fn every_valid_nhs_number_reads_back_however_it_is_written(digits in nhs_digits()) {
        let n: NhsNumber = digits.parse().unwrap();
        let (a, b, c) = (&digits[..3], &digits[3..6], &digits[6..]);
        for written in [format!("{a} {b} {c}"), format!("{a}-{b}-{c}"), format!("  {digits}\t"), n.to_string()] {
            let read = written.parse::<NhsNumber>();
            prop_assert_eq!(read.as_ref(), Ok(&n), "{}", written);
        }
        prop_assert_eq!(n.to_string().len(), 12);
        let json = serde_json::to_string(&n).unwrap();
        prop_assert_eq!(serde_json::from_str::<NhsNumber>(&json).unwrap(), n);
    }

    /// Changing any one digit of a valid number makes it invalid (Modulus 11 catches
    /// every single-digit error).
    #[test]
    fn one_wrong_digit_is_always_caught(digits in nhs_digits(), at in 0..10usize, by in 1..10u32) {
        let mut wrong: Vec<u32> = digits.chars().map(|c| c.to_digit(10).unwrap()).collect();
        wrong[at] = (wrong[at] + by) % 10;
        let wrong: String = wrong.iter().map(|d| d.to_string()).collect();
        prop_assert!(wrong.parse::<NhsNumber>().is_err(), "{wrong}");
    }
}

/// Today, as these tests fix it.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 27).unwrap()
}

/// Text for one part of a typed date: numbers near and past the edges, or anything.
fn date_part() -> impl Strategy<Value = String> {
    prop_oneof![
        (-3i64..40).prop_map(|n| n.to_string()),
        (1890i64..2030).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[ 0]{0,2}[0-9]{1,4}[ ]{0,2}",
        any::<String>(),
    ]
}

proptest! {
    /// Any three texts: never a panic; a date exactly when each part (spaces aside) is a
    /// number and together they are a real day from 1900 to today; otherwise one problem,
    /// against the date's day or year field.
    #[test]
    fn a_typed_date_is_accepted_exactly_when_it_is_a_real_day_in_range(
        day in date_part(), month in date_part(), year in date_part(),
    ) {
        let mut errors = Vec::new();
        let got = past_date([&day, &month, &year], today(), None, "held", "the day", &mut errors);
        let real = match (day.trim().parse::<u32>(), month.trim().parse::<u32>(), year.trim().parse::<i32>()) {
            (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        };
        let floor = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let expected = real.filter(|d| (floor..=today()).contains(d));
        prop_assert_eq!(got, expected);
        match got {
            Some(_) => prop_assert!(errors.is_empty()),
            None => {
                prop_assert_eq!(errors.len(), 1);
                prop_assert!(["held_day", "held_year"].contains(&errors[0].field.as_str()));
            }
        }
    }

    /// Every day from 1900 to today, written as a person would (with or without leading
    /// zeros and spaces), reads back as itself.
    #[test]
    fn every_day_in_range_reads_back(offset in 0i64..46_000, zeros in any::<bool>(), pad in "[ ]{0,2}") {
        let day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(offset as u64);
        prop_assume!(day <= today());
        let (d, m) = if zeros {
            (format!("{:02}", day.day()), format!("{:02}", day.month()))
        } else {
            (day.day().to_string(), day.month().to_string())
        };
        let y = format!("{pad}{}{pad}", day.year());
        let mut errors = Vec::new();
        prop_assert_eq!(past_date([&d, &m, &y], today(), None, "p", "the day", &mut errors), Some(day));
    }
}

#[test]
fn boundary_dates() {
    let check = |d: &str, m: &str, y: &str, today: NaiveDate| {
        past_date([d, m, y], today, None, "p", "the day", &mut Vec::new())
    };
    let later = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    assert_eq!(
        check("29", "2", "2024", later),
        NaiveDate::from_ymd_opt(2024, 2, 29)
    );
    assert_eq!(
        check("29", "2", "2000", later),
        NaiveDate::from_ymd_opt(2000, 2, 29)
    );
    assert_eq!(check("29", "2", "2023", later), None);
    assert_eq!(
        check("29", "2", "1900", later),
        None,
        "1900 was not a leap year"
    );
    assert_eq!(check("30", "2", "2024", later), None);
    assert_eq!(check("31", "4", "2024", later), None);
    assert_eq!(check("1", "1", "0000", later), None);
    assert_eq!(check("31", "12", "9999", later), None);
    assert_eq!(
        check("1", "1", "1900", later),
        NaiveDate::from_ymd_opt(1900, 1, 1)
    );
    assert_eq!(check("31", "12", "1899", later), None);
    assert_eq!(check("1", "1", "2030", later), Some(later));
    assert_eq!(check("2", "1", "2030", later), None);
    assert_eq!(check("1", "1", "9223372036854775807", later), None);
}

/// A complete referral by a parent for their child (the server's tests send the same).
fn family() -> ReferralAnswers {
    ReferralAnswers {
        for_whom: "my_child".into(),
        given_name: "Mia".into(),
        family_name: "Brown".into(),
        dob_day: "14".into(),
        dob_month: "2".into(),
        dob_year: "2017".into(),
        knows_nhs_number: "yes".into(),
        nhs_number: "401 023 2137".into(),
        diagnosis: "both".into(),
        setting: "family_home".into(),
        whats_happening: "Mia has stopped sleeping and school cannot keep her safe.".into(),
        urgency: "soon".into(),
        contact_name: "Jo Brown".into(),
        email: "jo.brown@example.com".into(),
        contact_preference: "email".into(),
        consent: "parental".into(),
        child_view: "could_not_say".into(),
        current_issues: "Two A&E visits this month.".into(),
        what_tried: "Positive behaviour support plan.".into(),
        risk_factors: vec!["crisis_contacts".into()],
        suggested_rating: "red".into(),
        ..Default::default()
    }
}

/// An answer to put in place of one: another valid-looking one, hostile text, or any.
fn answer() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "myself",
            "my_child",
            "yes",
            "no",
            "own",
            "parental",
            "may_lack_capacity",
            "crisis_contacts",
            "phone",
            "email",
            "urgent",
            "soon",
            "not_urgent",
            "red",
            "amber",
            "green",
            "blue",
            "autism",
            "learning_disability",
            "both",
            "awaiting_assessment",
            "family_home",
            "inpatient_unit",
            "either",
            "agrees",
            "does_not_agree",
            "could_not_say",
            "07700 900982",
            "a@b.example",
            "1",
            "12",
            "2010",
            "1900",
            "2026",
            "9434765919",
            "<script>window.__pwned=1</script>",
            "Sam\u{202E}txt",
            "Jo\u{200B}Reid",
            "a\u{0}b",
            "  padded  ",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9 '@.\\-]{0,30}",
        any::<String>(),
        "x{95,105}",
    ]
}

/// Referral answers: the complete ones, with up to six answers replaced.
fn answers() -> impl Strategy<Value = ReferralAnswers> {
    (
        proptest::collection::vec((0usize..26, answer()), 0..6),
        proptest::collection::vec(answer(), 0..4),
    )
        .prop_map(|(changes, risks)| {
            let mut a = family();
            for (field, value) in changes {
                let slot = match field {
                    0 => &mut a.for_whom,
                    1 => &mut a.given_name,
                    2 => &mut a.family_name,
                    3 => &mut a.dob_day,
                    4 => &mut a.dob_month,
                    5 => &mut a.dob_year,
                    6 => &mut a.knows_nhs_number,
                    7 => &mut a.nhs_number,
                    8 => &mut a.diagnosis,
                    9 => &mut a.setting,
                    10 => &mut a.whats_happening,
                    11 => &mut a.urgency,
                    12 => &mut a.others_involved,
                    13 => &mut a.contact_name,
                    14 => &mut a.phone,
                    15 => &mut a.email,
                    16 => &mut a.contact_preference,
                    17 => &mut a.contact_notes,
                    18 => &mut a.consent,
                    19 => &mut a.child_view,
                    20 => &mut a.child_view_words,
                    21 => &mut a.current_issues,
                    22 => &mut a.what_tried,
                    23 => &mut a.suggested_rating,
                    _ => {
                        a.risk_factors = risks.clone();
                        continue;
                    }
                };
                *slot = value;
            }
            a
        })
}

proptest! {
    /// Any answers, a family's or a professional's, on any day: never a panic; what is
    /// accepted reads back (as the triage page shows it) to the same referral; what is
    /// refused names at least one field; and each page of the form checks without a panic.
    #[test]
    fn referral_answers_accepted_are_accepted_again_unchanged(
        answers in answers(),
        professional in any::<bool>(),
        days in -40_000i64..40_000,
    ) {
        let today = NaiveDate::from_ymd_opt(2026, 3, 27).unwrap() + chrono::TimeDelta::days(days);
        match validate_referral(&answers, professional, today) {
            Ok(referral) => {
                let shown = ReferralAnswers::from(&referral);
                prop_assert_eq!(validate_referral(&shown, professional, today), Ok(referral.clone()));
                prop_assert!(referral.given_name.chars().count() <= 100);
                prop_assert!(referral.date_of_birth <= today);
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
        for question in Question::all(professional) {
            let _ = app::models::check_question(*question, &answers, professional, today);
        }
    }
}

/// A cell a spreadsheet would run as a formula.
fn formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Cell text: anything, or text built to trip a CSV writer.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[=+\\-@\t\r]?[a-z0-9 ,;\"\r\n'=()]{0,12}",
        Just("=HYPERLINK(\"http://example.invalid\",\"x\")".to_owned()),
        Just("\u{feff}=1+1".to_owned()),
    ]
}

proptest! {
    /// Any table: read back by a CSV reader, every cell is the text written, but that a
    /// cell a spreadsheet would run as a formula is read with an apostrophe before it; so
    /// no cell read back starts a formula.
    #[test]
    fn any_table_reads_back_from_its_csv_with_formulas_disarmed(
        width in 1usize..5,
        cells in proptest::collection::vec(cell(), 0..40),
    ) {
        let header: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = cells.chunks(width).filter(|r| r.len() == width).map(<[String]>::to_vec).collect();
        let text = csv::file(&header, &rows);
        let body = text.strip_prefix(csv::BOM).expect("a byte-order mark first");
        prop_assert!(body.ends_with("\r\n"));
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(body.as_bytes());
        let read: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.expect("a well-formed record").iter().map(str::to_owned).collect())
            .collect();
        // A row of one empty cell is a blank line, which readers skip.
        let expected: Vec<Vec<String>> = std::iter::once(header.iter().map(|h| (*h).to_owned()).collect())
            .chain(rows.iter().cloned())
            .filter(|r: &Vec<String>| !(r.len() == 1 && r[0].is_empty()))
            .map(|r| r.into_iter().map(|c| if formula(&c) { format!("'{c}") } else { c }).collect())
            .collect();
        prop_assert_eq!(&read, &expected);
        for cell in read.iter().flatten() {
            prop_assert!(!formula(cell), "{cell:?} starts a formula");
        }
    }
}
