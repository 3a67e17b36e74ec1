//! Server functions: add, change or remove one of the person's family members or carers.
//! The list is one section: each change is made to the list as saved at the version the
//! form was loaded at, so two changes never overwrite each other.

// The form posts each answer as its own field (so it works without JavaScript and each
// error links to its input), so the server function takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Adds a family member or carer to `person_id`'s record (no `number`), or changes
/// contact `number` (from 1), made from the list's `version`: their name, relationship,
/// phone, email, how they like to be contacted (`prefers`) and whether they hold parental
/// responsibility or a lasting power of attorney (ticked boxes). On success the browser
/// goes back to the record.
#[server(prefix = "/api", endpoint = "save_contact")]
pub async fn save_contact(
    person_id: String,
    version: i64,
    #[server(default)] number: Option<u32>,
    name: String,
    relationship: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] prefers: Option<String>,
    #[server(default)] parental_responsibility: Option<String>,
    #[server(default)] lasting_power_of_attorney: Option<String>,
) -> Result<(), AppError> {
    use super::save::{save_section, saved_now};
    use crate::{
        models::{ContactAnswers, Contacts, MAX_CONTACTS},
        people::standing::checked_caller,
    };
    let checked = checked_caller(&person_id, "save_contact").await?;
    let contact = ContactAnswers {
        name,
        relationship,
        phone,
        email,
        prefers: prefers.unwrap_or_default(),
        parental_responsibility: parental_responsibility.is_some(),
        lasting_power_of_attorney: lasting_power_of_attorney.is_some(),
    }
    .check()
    .map_err(AppError::Invalid)?;
    let (now, list) = saved_now::<Contacts>(&checked.0, &checked.2).await?;
    if now != version {
        return Err(AppError::Conflict);
    }
    let list = list.unwrap_or_default().with(number, contact).ok_or_else(|| {
        if number.is_some() {
            AppError::NotFound
        } else {
            AppError::field(
                "name",
                format!("A record lists up to {MAX_CONTACTS} family members and carers: remove one first"),
            )
        }
    })?;
    save_section(checked, version, list.into()).await
}

/// Removes contact `number` (from 1) from `person_id`'s family and carers, made from the
/// list's `version`. On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "remove_contact")]
pub async fn remove_contact(person_id: String, version: i64, number: u32) -> Result<(), AppError> {
    use super::save::{save_section, saved_now};
    use crate::{models::Contacts, people::standing::checked_caller};
    let checked = checked_caller(&person_id, "remove_contact").await?;
    let (now, list) = saved_now::<Contacts>(&checked.0, &checked.2).await?;
    if now != version {
        return Err(AppError::Conflict);
    }
    let list = list
        .unwrap_or_default()
        .without(number)
        .ok_or(AppError::NotFound)?;
    save_section(checked, version, list.into()).await
}
