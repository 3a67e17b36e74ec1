//! Server functions: add, change or remove one of the person's family members or carers.
//! The list is one section: each change is made to the list as saved at the version the
//! form was loaded at, so two changes never overwrite each other, and a change sent twice
//! is kept once. A contact is addressed by an id of their own, never by their place in
//! the list: the one added by version `n` of the list is `c{n}`.

// The form posts each answer as its own field (so it works without JavaScript and each
// error links to its input), so the server function takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Adds a family member or carer to `person_id`'s record (no `contact`), or changes the
/// one whose id is `contact`, made from the list's `version`: their name, relationship,
/// phone, email, how they like to be contacted (`prefers`) and whether they hold parental
/// responsibility or a lasting power of attorney (ticked boxes). On success the browser
/// goes back to the record.
#[server(prefix = "/api", endpoint = "save_contact")]
pub async fn save_contact(
    person_id: String,
    version: i64,
    #[server(default)] contact: Option<String>,
    name: String,
    relationship: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] prefers: Option<String>,
    #[server(default)] parental_responsibility: Option<String>,
    #[server(default)] lasting_power_of_attorney: Option<String>,
) -> Result<(), AppError> {
    use super::save::{save_section, saved_at};
    use crate::{
        models::{ContactAnswers, Contacts, MAX_CONTACTS},
        people::standing::checked_caller,
    };
    let checked = checked_caller(&person_id, "save_contact").await?;
    let list = saved_at::<Contacts>(&checked.0, &checked.2, version)
        .await?
        .unwrap_or_default();
    let id = match contact {
        Some(id) if list.get(&id).is_none() => return Err(AppError::NotFound),
        Some(id) => id,
        None => format!("c{}", version.saturating_add(1)),
    };
    let answers = ContactAnswers {
        name,
        relationship,
        phone,
        email,
        prefers: prefers.unwrap_or_default(),
        parental_responsibility: parental_responsibility.is_some(),
        lasting_power_of_attorney: lasting_power_of_attorney.is_some(),
    }
    .check(id)
    .map_err(AppError::Invalid)?;
    let list = list.with(answers).ok_or_else(|| {
        AppError::field(
            "name",
            format!(
                "A record lists up to {MAX_CONTACTS} family members and carers: remove one first"
            ),
        )
    })?;
    save_section(checked, version, list.into()).await
}

/// Removes the contact whose id is `contact` from `person_id`'s family and carers, made
/// from the list's `version`. On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "remove_contact")]
pub async fn remove_contact(
    person_id: String,
    version: i64,
    contact: String,
) -> Result<(), AppError> {
    use super::save::{save_section, saved_at};
    use crate::{models::Contacts, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "remove_contact").await?;
    let list = saved_at::<Contacts>(&checked.0, &checked.2, version)
        .await?
        .unwrap_or_default()
        .without(&contact)
        .ok_or(AppError::NotFound)?;
    save_section(checked, version, list.into()).await
}
