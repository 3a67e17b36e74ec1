//! Who the person is: names, date of birth, NHS number and area (kept on the people row,
//! which the board card and search read), and what helps in talking with them.

use super::words::{shown, yes_no};
use crate::models::checks::Checks;
use crate::{
    error::FieldError,
    models::{coded_enum, format_date, NhsNumber, Person, SHORT_TEXT_MAX},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Sex, as recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Not known.
    NotKnown,
    /// Asked, and chose not to say.
    NotStated,
}

coded_enum!(Sex {
    Female => ("female", "Female"),
    Male => ("male", "Male"),
    NotKnown => ("not_known", "Not known"),
    NotStated => ("not_stated", "Not stated: asked, and chose not to say"),
});

/// Ethnic category: the NHS Data Dictionary's one-letter codes (2001 census categories).
/// "Not known (not asked)" is the section left without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EthnicCategory {
    /// White: British.
    A,
    /// White: Irish.
    B,
    /// White: any other White background.
    C,
    /// Mixed: White and Black Caribbean.
    D,
    /// Mixed: White and Black African.
    E,
    /// Mixed: White and Asian.
    F,
    /// Mixed: any other mixed background.
    G,
    /// Asian or Asian British: Indian.
    H,
    /// Asian or Asian British: Pakistani.
    J,
    /// Asian or Asian British: Bangladeshi.
    K,
    /// Asian or Asian British: any other Asian background.
    L,
    /// Black or Black British: Caribbean.
    M,
    /// Black or Black British: African.
    N,
    /// Black or Black British: any other Black background.
    P,
    /// Other ethnic groups: Chinese.
    R,
    /// Other ethnic groups: any other ethnic group.
    S,
    /// Not stated: asked, and chose not to say.
    Z,
}

coded_enum!(EthnicCategory {
    A => ("a", "White: British"),
    B => ("b", "White: Irish"),
    C => ("c", "White: any other White background"),
    D => ("d", "Mixed: White and Black Caribbean"),
    E => ("e", "Mixed: White and Black African"),
    F => ("f", "Mixed: White and Asian"),
    G => ("g", "Mixed: any other mixed background"),
    H => ("h", "Asian or Asian British: Indian"),
    J => ("j", "Asian or Asian British: Pakistani"),
    K => ("k", "Asian or Asian British: Bangladeshi"),
    L => ("l", "Asian or Asian British: any other Asian background"),
    M => ("m", "Black or Black British: Caribbean"),
    N => ("n", "Black or Black British: African"),
    P => ("p", "Black or Black British: any other Black background"),
    R => ("r", "Other ethnic groups: Chinese"),
    S => ("s", "Other ethnic groups: any other ethnic group"),
    Z => ("z", "Not stated: asked, and chose not to say"),
});

impl EthnicCategory {
    /// The NHS Data Dictionary code: one capital letter.
    pub fn nhs_code(self) -> char {
        self.code()
            .chars()
            .next()
            .expect("a letter")
            .to_ascii_uppercase()
    }
}

/// The person's details. The first five fields live on the people row (see
/// [`super::SectionKind::row_fields`]); the rest are the section's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// NHS number (only coordinators change it).
    pub nhs_number: NhsNumber,
    /// Local authority area.
    pub area: String,
    /// What they like to be called.
    pub preferred_name: String,
    /// Sex, if recorded.
    pub sex: Option<Sex>,
    /// Gender, as the person describes it.
    pub gender: String,
    /// Ethnic category, if recorded.
    pub ethnicity: Option<EthnicCategory>,
    /// First language.
    pub first_language: String,
    /// Whether they need an interpreter, if known.
    pub interpreter: Option<bool>,
    /// Whether they need easy-read information, if known.
    pub easy_read: Option<bool>,
    /// Their GP practice.
    pub gp_practice: String,
}

impl Details {
    /// The details of `person` before the section was ever saved: what the people row
    /// holds, nothing else recorded.
    pub fn of(person: &Person) -> Details {
        Details {
            given_name: person.given_name.clone(),
            family_name: person.family_name.clone(),
            date_of_birth: person.date_of_birth,
            nhs_number: person.nhs_number.clone(),
            area: person.area.clone(),
            preferred_name: String::new(),
            sex: None,
            gender: String::new(),
            ethnicity: None,
            first_language: String::new(),
            interpreter: None,
            easy_read: None,
            gp_practice: String::new(),
        }
    }

    /// What the record shows: a label and a value for each row.
    pub fn rows(&self) -> Vec<(String, String)> {
        [
            ("Name", format!("{} {}", self.given_name, self.family_name)),
            ("Preferred name", shown(&self.preferred_name)),
            ("Date of birth", format_date(self.date_of_birth)),
            ("NHS number", self.nhs_number.to_string()),
            ("Area (local authority)", self.area.clone()),
            ("Sex", shown(self.sex.map_or("", Sex::label))),
            ("Gender", shown(&self.gender)),
            (
                "Ethnicity",
                shown(self.ethnicity.map_or("", EthnicCategory::label)),
            ),
            ("First language", shown(&self.first_language)),
            ("Needs an interpreter", yes_no(self.interpreter)),
            ("Needs easy-read information", yes_no(self.easy_read)),
            ("GP practice", shown(&self.gp_practice)),
        ]
        .map(|(label, value)| (label.to_owned(), value))
        .into()
    }
}

/// The details form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsAnswers {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Preferred name.
    pub preferred_name: String,
    /// Date of birth: day, month, year.
    pub date_of_birth: [String; 3],
    /// NHS number.
    pub nhs_number: String,
    /// Area.
    pub area: String,
    /// A [`Sex`] code, or empty.
    pub sex: String,
    /// Gender in their words.
    pub gender: String,
    /// An [`EthnicCategory`] code, or empty.
    pub ethnicity: String,
    /// First language.
    pub first_language: String,
    /// `yes`, `no` or empty.
    pub interpreter: String,
    /// `yes`, `no` or empty.
    pub easy_read: String,
    /// GP practice.
    pub gp_practice: String,
}

impl DetailsAnswers {
    /// Checks the answers as of `today`: both names, a real date of birth from 1900 and
    /// not after today, a valid NHS number and the area are needed; codes come from their
    /// lists; every text is bounded; a first language is needed when an interpreter is.
    /// Errors name the form's fields (`dob_day` / `dob_year` for the date of birth).
    pub fn check(&self, today: NaiveDate) -> Result<Details, Vec<FieldError>> {
        let mut c = Checks::default();
        let max = SHORT_TEXT_MAX;
        let given_name = c.text(
            "given_name",
            "First name",
            &self.given_name,
            max,
            Some("Enter their first name"),
        );
        let family_name = c.text(
            "family_name",
            "Last name",
            &self.family_name,
            max,
            Some("Enter their last name"),
        );
        let preferred_name = c.text(
            "preferred_name",
            "Preferred name",
            &self.preferred_name,
            max,
            None,
        );
        let date_of_birth = c.date(
            "dob",
            "the date of birth",
            &self.date_of_birth,
            today,
            None,
            Some("Enter their date of birth"),
        );
        let nhs_number = self
            .nhs_number
            .parse::<NhsNumber>()
            .map_err(|e| c.fail("nhs_number", e.to_string()))
            .ok();
        let area = c.text(
            "area",
            "Area",
            &self.area,
            max,
            Some("Enter their area (local authority)"),
        );
        let sex = c.optional("sex", &self.sex, "Choose their sex from the list");
        let gender = c.text("gender", "Gender", &self.gender, max, None);
        let ethnicity = c.optional(
            "ethnicity",
            &self.ethnicity,
            "Choose their ethnicity from the list",
        );
        let first_language = c.text(
            "first_language",
            "First language",
            &self.first_language,
            max,
            None,
        );
        let interpreter = c.yes_no("interpreter", &self.interpreter);
        if interpreter == Some(true) && first_language.is_empty() {
            c.fail(
                "first_language",
                "Enter their first language, so an interpreter can be booked",
            );
        }
        let easy_read = c.yes_no("easy_read", &self.easy_read);
        let gp_practice = c.text("gp_practice", "GP practice", &self.gp_practice, max, None);
        c.done(|| {
            Some(Details {
                given_name,
                family_name,
                date_of_birth: date_of_birth?,
                nhs_number: nhs_number?,
                area,
                preferred_name,
                sex,
                gender,
                ethnicity,
                first_language,
                interpreter,
                easy_read,
                gp_practice,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn today() -> NaiveDate {
        "2026-12-03".parse().unwrap()
    }

    fn answers() -> DetailsAnswers {
        DetailsAnswers {
            given_name: " Sam ".into(),
            family_name: "Okafor".into(),
            date_of_birth: ["1".into(), "5".into(), "2012".into()],
            nhs_number: "943 476 5919".into(),
            area: "North".into(),
            sex: "male".into(),
            ethnicity: "n".into(),
            first_language: "Yoruba".into(),
            interpreter: "no".into(),
            ..DetailsAnswers::default()
        }
    }

    fn fields(answers: &DetailsAnswers) -> Vec<String> {
        answers
            .check(today())
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    #[test]
    fn good_answers_give_the_details() {
        let details = answers().check(today()).unwrap();
        assert_eq!(details.given_name, "Sam");
        assert_eq!(details.nhs_number.digits(), "9434765919");
        assert_eq!(details.ethnicity, Some(EthnicCategory::N));
        assert_eq!(details.interpreter, Some(false));
        assert_eq!(details.easy_read, None, "not asked yet");
        assert_eq!(details.date_of_birth, "2012-05-01".parse().unwrap());
    }

    #[rstest]
    #[case::no_names(DetailsAnswers { given_name: " ".into(), family_name: String::new(), ..answers() }, &["given_name", "family_name"])]
    #[case::born_tomorrow(DetailsAnswers { date_of_birth: ["4".into(), "12".into(), "2026".into()], ..answers() }, &["dob_day"])]
    #[case::born_before_1900(DetailsAnswers { date_of_birth: ["1".into(), "1".into(), "1899".into()], ..answers() }, &["dob_year"])]
    #[case::no_date_of_birth(DetailsAnswers { date_of_birth: Default::default(), ..answers() }, &["dob_day"])]
    #[case::check_digit(DetailsAnswers { nhs_number: "943 476 5918".into(), ..answers() }, &["nhs_number"])]
    #[case::no_area(DetailsAnswers { area: String::new(), ..answers() }, &["area"])]
    #[case::unknown_codes(DetailsAnswers { sex: "x".into(), ethnicity: "99".into(), interpreter: "perhaps".into(), ..answers() }, &["sex", "ethnicity", "interpreter"])]
    #[case::interpreter_without_language(DetailsAnswers { interpreter: "yes".into(), first_language: String::new(), ..answers() }, &["first_language"])]
    #[case::long_gender(DetailsAnswers { gender: "x".repeat(SHORT_TEXT_MAX + 1), ..answers() }, &["gender"])]
    fn problems_name_their_fields(#[case] answers: DetailsAnswers, #[case] expected: &[&str]) {
        assert_eq!(fields(&answers), expected);
    }

    #[test]
    fn ethnic_categories_are_the_nhs_letters() {
        let letters: String = EthnicCategory::ALL.iter().map(|e| e.nhs_code()).collect();
        assert_eq!(letters, "ABCDEFGHJKLMNPRSZ");
        for e in EthnicCategory::ALL {
            assert_eq!(
                serde_json::to_string(e).unwrap(),
                format!("\"{}\"", e.code())
            );
            assert_eq!(e.code().parse::<EthnicCategory>(), Ok(*e));
        }
    }
}
