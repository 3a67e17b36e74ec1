//! Checks shared by the record's forms: a bounded text, a date typed as day, month and
//! year boxes that must be a real day, not in the future and not before some earliest day
//! (such as the person's date of birth), and the shape of a telephone number.

use super::capitalised;
use crate::error::FieldError;
use chrono::NaiveDate;

/// Whether free `text` holds a character that cannot be seen or typed: a control character
/// other than a line break or tab; a bidirectional mark, override or isolate (which makes
/// text display as something else); a zero-width space, byte order mark, line or
/// paragraph separator, or tag character (which make a name unfindable by search); a
/// character that shows as nothing (a soft hyphen, word joiner, invisible operator, the
/// grapheme joiner, Hangul fillers, the Mongolian vowel separator, annotation marks);
/// and private-use and non-characters, which no one can read. Joiners, which some
/// scripts and emoji need, are allowed here, unlike in an email (see
/// `has_hidden_characters`).
pub fn has_control_characters(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || (c as u32 & 0xfffe) == 0xfffe
            || matches!(
                c,
                '\u{00ad}'
                    | '\u{034f}'
                    | '\u{061c}'
                    | '\u{115f}'
                    | '\u{1160}'
                    | '\u{180e}'
                    | '\u{200b}'
                    | '\u{200e}'
                    | '\u{200f}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{3164}'
                    | '\u{e000}'..='\u{f8ff}'
                    | '\u{fdd0}'..='\u{fdef}'
                    | '\u{feff}'
                    | '\u{ffa0}'
                    | '\u{fff9}'..='\u{fffb}'
                    | '\u{e0000}'..='\u{e007f}'
                    | '\u{f0000}'..='\u{10ffff}'
            )
    })
}

/// What to say about text holding [`has_control_characters`].
pub const HIDDEN_CHARACTERS: &str =
    "must not include hidden characters: delete it and type it again";

/// `value` trimmed; a problem is added to `errors` against `field` when it is empty and
/// `missing` (the message) is not, when it is longer than `max` characters, or when it has
/// [`has_control_characters`].
pub fn bounded_text(
    value: &str,
    field: &str,
    missing: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim();
    let message = if value.is_empty() && !missing.is_empty() {
        Some(missing.to_owned())
    } else if value.chars().count() > max {
        Some(format!("This must be {max} characters or fewer"))
    } else if has_control_characters(value) {
        Some(format!("This {HIDDEN_CHARACTERS}"))
    } else {
        None
    };
    if let Some(message) = message {
        errors.push(FieldError {
            field: field.into(),
            message,
        });
    }
    value.to_owned()
}

/// What to say about a telephone number of the wrong shape.
pub const PHONE_SHAPE: &str = "Enter a telephone number, like 01632 960 001 or 07700 900 982";

/// What to say about an email address of the wrong shape.
pub const EMAIL_SHAPE: &str = "Enter an email address in the correct format, like name@example.com";

/// Whether `phone` (trimmed) has the shape of a telephone number: only digits, spaces and
/// `+()-`, with 10 to 15 digits.
pub fn looks_like_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-".contains(c))
        && (10..=15).contains(&digits)
}

/// The date in `day`, `month` and `year`, checked against `today` and `earliest` (1900 when
/// `None`); its messages name it `what` ("the admission date"). A problem is added to `errors` against `{prefix}_day` (not a real date, or in
/// the future) or `{prefix}_year` (too early), and `None` returned.
pub fn past_date(
    [day, month, year]: [&str; 3],
    today: NaiveDate,
    earliest: Option<NaiveDate>,
    prefix: &str,
    what: &str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let mut fail = |part: &str, message: String| {
        errors.push(FieldError {
            field: format!("{prefix}_{part}"),
            message,
        })
    };
    let named = capitalised(what);
    let date = match (
        day.trim().parse(),
        month.trim().parse(),
        year.trim().parse(),
    ) {
        (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    let floor = earliest.unwrap_or(NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date"));
    match date {
        None => fail(
            "day",
            format!("Enter {what} as a real date, like 27 3 2026"),
        ),
        Some(d) if d > today => fail("day", format!("{named} must be today or in the past")),
        // Far-past years are typing mistakes (and beyond what a database date holds).
        Some(d) if d < floor => fail(
            "year",
            match earliest {
                Some(_) => format!("{named} must be on or after the person's date of birth"),
                None => "The year must be 1900 or later".to_owned(),
            },
        ),
        Some(d) => return Some(d),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::landline("01632 960 001", true)]
    #[case::mobile_international("+44 (0)7700 900982", true)]
    #[case::too_short("01632 960", false)]
    #[case::too_long("0163 2960 0010 0000", false)]
    #[case::letters("01632 CALL ME", false)]
    fn phones(#[case] phone: &str, #[case] ok: bool) {
        assert_eq!(looks_like_phone(phone), ok);
    }

    const HIDDEN: Option<&str> =
        Some("This must not include hidden characters: delete it and type it again");

    #[rstest]
    #[case::plain("Sam O'Neill-Okafor, née Brown", None)]
    #[case::lines("Line one\r\nLine two\tend", None)]
    #[case::nul("Sam\u{0}", HIDDEN)]
    #[case::escape("\u{1b}[31mSam", HIDDEN)]
    #[case::reordering("Sam \u{2067}x", HIDDEN)]
    #[case::arabic_letter_mark("Sam\u{61c}", HIDDEN)]
    #[case::zero_width_space("Qu\u{200b}inn", HIDDEN)]
    #[case::tag("Sam\u{e0041}", HIDDEN)]
    #[case::joiner_in_an_emoji("Family 👨\u{200d}👩\u{200d}👧", None)]
    #[case::too_long(&"a".repeat(41), Some("This must be 40 characters or fewer"))]
    fn bounded(#[case] text: &str, #[case] problem: Option<&str>) {
        let mut errors = Vec::new();
        let kept = bounded_text(text, "name", "Enter a name", 40, &mut errors);
        assert_eq!(kept, text.trim());
        assert_eq!(errors.first().map(|e| e.message.as_str()), problem);
    }

    #[rstest]
    #[case::real(["3", "12", "2026"], None, Some("2026-12-03"), "")]
    #[case::spaces([" 1 ", "2", " 2026"], None, Some("2026-02-01"), "")]
    #[case::no_such_day(["29", "2", "2026"], None, None, "when_day")]
    #[case::words(["first", "2", "2026"], None, None, "when_day")]
    #[case::tomorrow(["4", "12", "2026"], None, None, "when_day")]
    #[case::before_1900(["1", "1", "1899"], None, None, "when_year")]
    #[case::before_birth(["1", "1", "2020"], Some("2020-01-02"), None, "when_year")]
    #[case::on_the_birthday(["2", "1", "2020"], Some("2020-01-02"), Some("2020-01-02"), "")]
    fn dates(
        #[case] parts: [&str; 3],
        #[case] earliest: Option<&str>,
        #[case] date: Option<&str>,
        #[case] field: &str,
    ) {
        let mut errors = Vec::new();
        let today = "2026-12-03".parse().unwrap();
        let earliest = earliest.map(|e| e.parse().unwrap());
        assert_eq!(
            past_date(parts, today, earliest, "when", "the date", &mut errors),
            date.map(|d| d.parse().unwrap())
        );
        assert_eq!(
            errors.first().map(|e| e.field.as_str()).unwrap_or(""),
            field
        );
    }
}
