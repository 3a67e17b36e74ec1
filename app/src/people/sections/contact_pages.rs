//! The pages of the person's family and carers, one contact at a time:
//! `/people/{id}/contacts/new` adds one, `/people/{id}/contacts/{contact}` changes the one
//! whose id is `contact`, `/people/{id}/contacts/{contact}/remove` asks before removing them.

use super::{
    page::{hidden_fields, section_form_page, Drawn, SummaryList},
    save_contact::{RemoveContact, SaveContact},
};
use crate::layout::CountedText;
use crate::{
    drafts::DraftedForm,
    error::AppError,
    layout::{field_error, Checkbox, RadiosField, TextField},
    models::{ContactMethod, Contacts, FamilyContact, MAX_CONTACTS, SHORT_TEXT_MAX},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The contact's id in the address (`None` on the page that adds one).
fn contact_in_address() -> Option<String> {
    use_params_map().read_untracked().get("contact")
}

/// Adding a family member or carer, or changing one.
#[component]
pub fn ContactPage() -> impl IntoView {
    let chosen = StoredValue::new(contact_in_address());
    let adding = chosen.with_value(Option::is_none);
    let action = ServerAction::<SaveContact>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |Drawn { section, id, from }: Drawn<Contacts>| {
        let chosen = chosen.get_value();
        let contact = match &chosen {
            None => None,
            Some(c) => Some(section.get(c)?.clone()),
        };
        if adding && section.contacts.len() >= MAX_CONTACTS {
            return Some(view! {
                <p>{format!("A record lists up to {MAX_CONTACTS} family members and carers. Remove one before adding another.")}</p>
                <a href=format!("/people/{id}")>"Back to the record"</a>
            }
            .into_any());
        }
        Some(view! {
            <DraftedForm action name=format!("contact-{}:{id}", chosen.as_deref().unwrap_or("new"))>
                {hidden_fields(id, from)}
                {chosen.clone().map(|c| view! { <input type="hidden" name="contact" value=c/> })}
                <ContactFields contact error/>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        }
        .into_any())
    };
    let topic = if !adding {
        "Change a family member or carer"
    } else {
        "Add a family member or carer"
    };
    section_form_page(topic, "name", error, |_| Contacts::default(), form)
}

/// The fields of one contact, starting with `contact` when changing one.
#[component]
fn ContactFields(contact: Option<FamilyContact>, error: Signal<Option<AppError>>) -> impl IntoView {
    let err = move |field| field_error(error, field);
    let text =
        |f: fn(&FamilyContact) -> &String| contact.as_ref().map(f).cloned().unwrap_or_default();
    let ticked = |f: fn(&FamilyContact) -> bool| contact.as_ref().is_some_and(f);
    let max = SHORT_TEXT_MAX;
    view! {
        <CountedText name="name" label="Name" value=text(|c| &c.name) max line=true error=err("name")/>
        <CountedText name="relationship" label="Relationship to the person" hint="For example: mother, foster carer, grandparent."
            value=text(|c| &c.relationship) max line=true error=err("relationship")/>
        <TextField name="phone" label="Telephone number (optional)" kind="tel" autocomplete="off" class="nhsuk-input--width-20"
            value=text(|c| &c.phone) error=err("phone")/>
        <TextField name="email" label="Email address (optional)" kind="email" autocomplete="off"
            value=text(|c| &c.email) error=err("email")/>
        <RadiosField name="prefers" legend="How do they like to be contacted?" options=ContactMethod::options()
            checked=contact.as_ref().map_or("", |c| c.prefers.code()) error=err("prefers")/>
        <div class="nhsuk-form-group">
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Legal roles (optional)"</legend>
                <div class="nhsuk-checkboxes">
                    <Checkbox id="field-parental_responsibility" name="parental_responsibility"
                        label="They hold parental responsibility" checked=ticked(|c| c.parental_responsibility)/>
                    <Checkbox id="field-lasting_power_of_attorney" name="lasting_power_of_attorney"
                        label="They hold a lasting power of attorney for the person" checked=ticked(|c| c.lasting_power_of_attorney)/>
                </div>
            </fieldset>
        </div>
    }
}

/// Asking before removing a family member or carer.
#[component]
pub fn RemoveContactPage() -> impl IntoView {
    let chosen = StoredValue::new(contact_in_address());
    let action = ServerAction::<RemoveContact>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |Drawn { section, id, from }: Drawn<Contacts>| {
        let chosen = chosen.get_value()?;
        let contact = section.get(&chosen)?.clone();
        let back = format!("/people/{id}");
        Some(view! {
            <h2 class="nhsuk-heading-m">{contact.name.clone()}</h2>
            <SummaryList rows=contact.rows()/>
            <DraftedForm action name=format!("remove-contact-{chosen}:{id}")>
                {hidden_fields(id, from)}
                <input type="hidden" name="contact" value=chosen/>
                <button class="nhsuk-button nhsuk-button--warning" id="field-remove" type="submit">
                    "Remove "{contact.name}
                </button>
            </DraftedForm>
            <p><a href=back>"Keep them, and go back to the record"</a></p>
        })
    };
    section_form_page(
        "Remove a family member or carer",
        "remove",
        error,
        |_| Contacts::default(),
        form,
    )
}
