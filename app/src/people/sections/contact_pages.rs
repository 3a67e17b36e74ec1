//! The pages of the person's family and carers, one contact at a time:
//! `/people/{id}/contacts/new` adds one, `/people/{id}/contacts/{n}` changes contact `n`,
//! `/people/{id}/contacts/{n}/remove` asks before removing it.

use super::{
    counted_text::CountedText,
    page::{
        heading, hidden_fields, saved_meanwhile, section_of, section_page, SectionTop, SummaryList,
    },
    save_contact::{RemoveContact, SaveContact},
};
use crate::{
    error::AppError,
    layout::{field_error, Problem, RadiosField, TextField},
    models::{ContactMethod, Contacts, FamilyContact, Section, MAX_CONTACTS, SHORT_TEXT_MAX},
    people::{standing_pages::closed_notice, wire::PersonRecord},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The contact number in the address (`None` on the page that adds one).
fn number_in_address() -> Memo<Option<u32>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("n").and_then(|n| n.parse().ok()))
}

/// The contacts in `record` and their version (0 and none when never saved).
fn contacts_of(record: &PersonRecord) -> (i64, Contacts) {
    section_of::<Contacts>(record).unwrap_or_default()
}

/// Adding a family member or carer, or changing one.
#[component]
pub fn ContactPage() -> impl IntoView {
    let (id, record) = super::page::record_resource();
    let number = number_in_address();
    let action = ServerAction::<SaveContact>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let name = record.person.full_name();
        let id = id.get_untracked();
        if record.person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let (version, contacts) = contacts_of(&record);
        let number = number.get_untracked();
        let (topic, contact) = match number {
            None => ("Add a family member or carer", None),
            Some(n) => match contacts.get(n) {
                Some(c) => ("Change a family member or carer", Some(c.clone())),
                None => return view! { <Problem error=AppError::NotFound/> }.into_any(),
            },
        };
        if number.is_none() && contacts.contacts.len() >= MAX_CONTACTS {
            return view! {
                {heading(name, topic)}
                <p>{format!("A record lists up to {MAX_CONTACTS} family members and carers. Remove one before adding another.")}</p>
                <a href=format!("/people/{id}")>"Back to the record"</a>
            }
            .into_any();
        }
        let (from, meanwhile) = saved_meanwhile(id.clone(), Contacts::KIND, version, error);
        view! {
            <SectionTop topic person=name.clone() id=id.clone() error first_field="name">{meanwhile}</SectionTop>
            {heading(name, topic)}
            <ActionForm action attr:novalidate=true>
                {hidden_fields(id, from)}
                {number.map(|n| view! { <input type="hidden" name="number" value=n/> })}
                <ContactFields contact error/>
                <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Save"</button>
            </ActionForm>
        }
        .into_any()
    };
    section_page(record, view_of)
}

/// The fields of one contact, starting with `contact` when changing one.
#[component]
fn ContactFields(contact: Option<FamilyContact>, error: Signal<Option<AppError>>) -> impl IntoView {
    let err = move |field| field_error(error, field);
    let text =
        |f: fn(&FamilyContact) -> &String| contact.as_ref().map(f).cloned().unwrap_or_default();
    let ticked = |f: fn(&FamilyContact) -> bool| contact.as_ref().is_some_and(f);
    let max = SHORT_TEXT_MAX;
    let boxes = [
        (
            "parental_responsibility",
            "They hold parental responsibility",
            ticked(|c| c.parental_responsibility),
        ),
        (
            "lasting_power_of_attorney",
            "They hold a lasting power of attorney for the person",
            ticked(|c| c.lasting_power_of_attorney),
        ),
    ];
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
                    {boxes.into_iter().map(|(name, words, on)| {
                        let id = format!("field-{name}");
                        view! {
                            <div class="nhsuk-checkboxes__item">
                                <input class="nhsuk-checkboxes__input" id=id.clone() name=name type="checkbox" value="yes" checked=on/>
                                <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{words}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Asking before removing a family member or carer.
#[component]
pub fn RemoveContactPage() -> impl IntoView {
    let (id, record) = super::page::record_resource();
    let number = number_in_address();
    let action = ServerAction::<RemoveContact>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let view_of = move |record: PersonRecord| {
        let name = record.person.full_name();
        let id = id.get_untracked();
        if record.person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let (version, contacts) = contacts_of(&record);
        let Some((n, contact)) = number
            .get_untracked()
            .and_then(|n| contacts.get(n).map(|c| (n, c.clone())))
        else {
            return view! { <Problem error=AppError::NotFound/> }.into_any();
        };
        let (from, meanwhile) = saved_meanwhile(id.clone(), Contacts::KIND, version, error);
        let back = format!("/people/{id}");
        view! {
            <SectionTop topic="Remove a family member or carer" person=name.clone() id=id.clone() error first_field="remove">{meanwhile}</SectionTop>
            {heading(name, "Remove a family member or carer")}
            <h2 class="nhsuk-heading-m">{contact.name.clone()}</h2>
            <SummaryList rows=contact.rows()/>
            <ActionForm action attr:novalidate=true>
                {hidden_fields(id, from)}
                <input type="hidden" name="number" value=n/>
                <button class="nhsuk-button nhsuk-button--warning" id="field-remove" type="submit" disabled=move || action.pending().get()>
                    "Remove "{contact.name}
                </button>
            </ActionForm>
            <p><a href=back>"Keep them, and go back to the record"</a></p>
        }
        .into_any()
    };
    section_page(record, view_of)
}
