//! The person's family and carers: a list, each contact added, changed or removed on a
//! page of its own, the whole list versioned as one section.

use super::words::{shown, yes_no};
use crate::models::checks::Checks;
use crate::{
    error::FieldError,
    models::{
        coded_enum, looks_like_email, looks_like_phone, EMAIL_SHAPE, PHONE_SHAPE, SHORT_TEXT_MAX,
    },
};
use serde::{Deserialize, Serialize};

/// The most family members and carers a record lists.
pub const MAX_CONTACTS: usize = 20;

/// How someone likes to be contacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    /// A phone call.
    Phone,
    /// A text message.
    Text,
    /// An email.
    Email,
    /// A letter.
    Letter,
    /// Through the person's keyworker.
    Keyworker,
}

coded_enum!(ContactMethod {
    Phone => ("phone", "Phone call"),
    Text => ("text", "Text message"),
    Email => ("email", "Email"),
    Letter => ("letter", "Letter"),
    Keyworker => ("keyworker", "Through their keyworker"),
});

/// A family member or carer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyContact {
    /// The id their pages are addressed by, given when they are added: `c` and the version
    /// of the list that added them (empty for contacts saved before ids were given; see
    /// [`Contacts::entries`]).
    #[serde(default)]
    pub id: String,
    /// Their name.
    pub name: String,
    /// Who they are to the person (mother, foster carer, support worker…).
    pub relationship: String,
    /// Telephone number (may be empty).
    pub phone: String,
    /// Email address (may be empty).
    pub email: String,
    /// How they like to be contacted.
    pub prefers: ContactMethod,
    /// Whether they hold parental responsibility.
    pub parental_responsibility: bool,
    /// Whether they hold a lasting power of attorney for the person.
    pub lasting_power_of_attorney: bool,
}

impl FamilyContact {
    /// What the record shows of them, below their name: a label and a value for each row.
    pub fn rows(&self) -> Vec<(String, String)> {
        [
            ("Relationship", self.relationship.clone()),
            ("Phone", shown(&self.phone)),
            ("Email", shown(&self.email)),
            (
                "How they like to be contacted",
                self.prefers.label().to_owned(),
            ),
            (
                "Parental responsibility",
                yes_no(Some(self.parental_responsibility)),
            ),
            (
                "Lasting power of attorney",
                yes_no(Some(self.lasting_power_of_attorney)),
            ),
        ]
        .map(|(label, value)| (label.to_owned(), value))
        .into()
    }
}

/// Family and carers, in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    /// The contacts.
    pub contacts: Vec<FamilyContact>,
}

impl Contacts {
    /// Each contact with the id their pages are addressed by (a contact saved before ids
    /// were given is addressed by their place in the list, from 1).
    pub fn entries(&self) -> impl Iterator<Item = (String, &FamilyContact)> {
        self.contacts.iter().zip(1..).map(|(c, n): (_, u32)| {
            let id = if c.id.is_empty() {
                n.to_string()
            } else {
                c.id.clone()
            };
            (id, c)
        })
    }

    /// Where contact `id` is in the list.
    fn position(&self, id: &str) -> Option<usize> {
        self.entries().position(|(at, _)| at == id)
    }

    /// Contact `id`.
    pub fn get(&self, id: &str) -> Option<&FamilyContact> {
        self.contacts.get(self.position(id)?)
    }

    /// The list with `contact` in place of the contact with its id, or added at the end
    /// when there is none; `None` when adding to a full list (see [`MAX_CONTACTS`]).
    pub fn with(&self, contact: FamilyContact) -> Option<Contacts> {
        let mut contacts = self.contacts.clone();
        match self.position(&contact.id) {
            Some(at) => contacts[at] = contact,
            None if contacts.len() < MAX_CONTACTS => contacts.push(contact),
            None => return None,
        }
        Some(Contacts { contacts })
    }

    /// The list without contact `id`; `None` when there is no such contact.
    pub fn without(&self, id: &str) -> Option<Contacts> {
        let at = self.position(id)?;
        let mut contacts = self.contacts.clone();
        contacts.remove(at);
        Some(Contacts { contacts })
    }

    /// What the record shows: each contact's name and, in one line, the rest.
    pub fn rows(&self) -> Vec<(String, String)> {
        if self.contacts.is_empty() {
            return vec![("Family and carers".into(), "None recorded".into())];
        }
        self.contacts
            .iter()
            .map(|c| {
                let rest: Vec<String> = c
                    .rows()
                    .into_iter()
                    .map(|(label, value)| format!("{label}: {value}"))
                    .collect();
                (c.name.clone(), rest.join("; "))
            })
            .collect()
    }
}

/// A contact's form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactAnswers {
    /// Their name.
    pub name: String,
    /// Who they are to the person.
    pub relationship: String,
    /// Telephone number.
    pub phone: String,
    /// Email address.
    pub email: String,
    /// A [`ContactMethod`] code.
    pub prefers: String,
    /// Ticked: they hold parental responsibility.
    pub parental_responsibility: bool,
    /// Ticked: they hold a lasting power of attorney.
    pub lasting_power_of_attorney: bool,
}

impl ContactAnswers {
    /// Checks the answers for contact `id`: a name and relationship, a telephone number
    /// and email address of the right shape when given, and how they like to be contacted,
    /// with the number or address that needs. Errors name the form's fields.
    pub fn check(&self, id: String) -> Result<FamilyContact, Vec<FieldError>> {
        let mut c = Checks::default();
        let max = SHORT_TEXT_MAX;
        let name = c.text("name", "Name", &self.name, max, Some("Enter their name"));
        let relationship = c.text(
            "relationship",
            "Relationship",
            &self.relationship,
            max,
            Some("Enter who they are to the person, for example mother or foster carer"),
        );
        let phone = self.phone.trim().to_owned();
        if !phone.is_empty() && !looks_like_phone(&phone) {
            c.fail("phone", PHONE_SHAPE);
        }
        let email = self.email.trim().to_lowercase();
        let email_ok = email.chars().count() <= max && looks_like_email(&email);
        if !email.is_empty() && !email_ok {
            c.fail("email", EMAIL_SHAPE);
        }
        let prefers = c.choice(
            "prefers",
            &self.prefers,
            "Choose how they like to be contacted",
        );
        match prefers {
            Some(ContactMethod::Phone | ContactMethod::Text) if phone.is_empty() => {
                c.fail("phone", "Enter a telephone number, or choose another way")
            }
            Some(ContactMethod::Email) if email.is_empty() => {
                c.fail("email", "Enter an email address, or choose another way")
            }
            _ => {}
        }
        c.done(|| {
            Some(FamilyContact {
                id,
                name,
                relationship,
                phone,
                email,
                prefers: prefers?,
                parental_responsibility: self.parental_responsibility,
                lasting_power_of_attorney: self.lasting_power_of_attorney,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn mother() -> ContactAnswers {
        ContactAnswers {
            name: " Grace Okafor ".into(),
            relationship: "Mother".into(),
            phone: "07700 900 982".into(),
            email: "Grace@Example.com".into(),
            prefers: "text".into(),
            parental_responsibility: true,
            lasting_power_of_attorney: false,
        }
    }

    #[test]
    fn a_contact_is_trimmed_and_its_email_lower_cased() {
        let contact = mother().check("g".into()).unwrap();
        assert_eq!(contact.name, "Grace Okafor");
        assert_eq!(contact.email, "grace@example.com");
        assert_eq!(contact.prefers, ContactMethod::Text);
        assert!(contact.parental_responsibility);
    }

    #[rstest]
    #[case::nameless(ContactAnswers { name: " ".into(), relationship: String::new(), ..mother() }, &["name", "relationship"])]
    #[case::bad_shapes(ContactAnswers { phone: "call me".into(), email: "grace@".into(), ..mother() }, &["phone", "email"])]
    #[case::no_way(ContactAnswers { prefers: "pigeon".into(), ..mother() }, &["prefers"])]
    #[case::text_without_number(ContactAnswers { phone: String::new(), ..mother() }, &["phone"])]
    #[case::email_without_address(ContactAnswers { prefers: "email".into(), email: String::new(), ..mother() }, &["email"])]
    #[case::long_name(ContactAnswers { name: "x".repeat(SHORT_TEXT_MAX + 1), ..mother() }, &["name"])]
    fn problems_name_their_fields(#[case] answers: ContactAnswers, #[case] expected: &[&str]) {
        let fields: Vec<String> = answers
            .check(String::new())
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, expected);
    }

    #[test]
    fn contacts_are_added_changed_and_removed_by_id() {
        let grace = mother().check("g".into()).unwrap();
        let tom = FamilyContact {
            id: "t".into(),
            name: "Tom Okafor".into(),
            relationship: "Brother".into(),
            prefers: ContactMethod::Letter,
            ..grace.clone()
        };
        let list = Contacts::default().with(grace.clone()).unwrap();
        let list = list.with(tom.clone()).unwrap();
        assert_eq!(list.get("t"), Some(&tom));
        assert_eq!(list.get("2"), None, "addressed by id, not place");
        let renamed = FamilyContact {
            name: "Grace Adebayo".into(),
            ..grace.clone()
        };
        let changed = list.with(renamed.clone()).unwrap();
        assert_eq!(changed.contacts, [renamed, tom.clone()]);
        assert_eq!(
            list.without("g").unwrap().contacts,
            std::slice::from_ref(&tom)
        );
        assert_eq!(list.without("nobody"), None);
        let full = Contacts {
            contacts: vec![grace.clone(); MAX_CONTACTS],
        };
        assert_eq!(full.with(tom), None, "a full list takes no more");
        // Contacts saved before ids were given are addressed by their place.
        let older = Contacts {
            contacts: vec![FamilyContact {
                id: String::new(),
                ..grace.clone()
            }],
        };
        assert_eq!(
            older.get("1").map(|c| c.name.as_str()),
            Some("Grace Okafor")
        );
        assert_eq!(older.without("1").unwrap().contacts, []);
        assert_eq!(
            Contacts::default().rows(),
            [("Family and carers".to_owned(), "None recorded".to_owned())]
        );
        assert!(list.rows()[0]
            .1
            .starts_with("Relationship: Mother; Phone: 07700"));
    }
}
