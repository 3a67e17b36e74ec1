//! The record's sections on the person page: an NHS summary list each, with "Change"
//! links to the section's own page, and who last changed it.

use super::page::{saved, section_of, SummaryList};
use crate::{
    models::{
        age_on, format_date, format_date_time, is_keyworker_age, keyworker_eligible, Contacts,
        Details, DiagnosisSection, FamilyContact, Home, Keyworker, Narrative, RiskFactors, Section,
        SectionBody, SectionKind, MAX_CONTACTS,
    },
    people::wire::PersonRecord,
};
use leptos::prelude::*;

/// Who last changed the section of `kind` in `record`, if it was ever saved.
fn last_changed(record: &PersonRecord, kind: SectionKind) -> Option<impl IntoView> {
    saved(record, kind).map(|s| {
        view! { <p class="nhsuk-body-s">"Last changed " {format_date_time(s.changed_at)} " by " {s.changed_by.clone()}</p> }
    })
}

/// One section of `record`: its heading, `note` (if any), its `rows` with "Change" links
/// to `/people/{id}/{path}` (none on a closed record), and who last changed it.
fn section_summary(
    record: &PersonRecord,
    kind: SectionKind,
    rows: Vec<(String, String)>,
    path: &'static str,
    note: Option<AnyView>,
) -> impl IntoView {
    let id = record.person.id;
    let change = record
        .person
        .left_on
        .is_none()
        .then(|| format!("/people/{id}/{path}"));
    view! {
        <h2 class="nhsuk-heading-m">{kind.label()}</h2>
        {note}
        <SummaryList rows change/>
        {last_changed(record, kind)}
    }
}

/// The person's details, diagnosis and where they live: near the top of the record (and
/// in the meeting view), as what the card shows comes from them.
#[component]
pub fn RecordDetails(record: PersonRecord) -> impl IntoView {
    let person = &record.person;
    let today = record.today;
    let details = section_of::<Details>(&record).map_or_else(|| Details::of(person), |(_, d)| d);
    let mut rows = details.rows();
    // The date of birth with the age and age group, as the board judges them today.
    let keyworker = if is_keyworker_age(person.date_of_birth, today) {
        ", keyworker age"
    } else {
        ""
    };
    if let Some((_, born)) = rows.iter_mut().find(|(label, _)| label == "Date of birth") {
        *born = format!(
            "{} (age {}: {}{keyworker})",
            format_date(person.date_of_birth),
            age_on(person.date_of_birth, today),
            person.age_group(today).label().to_lowercase(),
        );
    }
    let diagnosis = section_of::<DiagnosisSection>(&record)
        .map_or_else(|| DiagnosisSection::of(person), |(_, d)| d);
    let home = section_of::<Home>(&record).map_or_else(|| Home::of(person), |(_, h)| h);
    view! {
        {section_summary(&record, Details::KIND, rows, "details", None)}
        {section_summary(&record, DiagnosisSection::KIND, diagnosis.rows(), "diagnosis", None)}
        {section_summary(&record, Home::KIND, home.rows(), "home", None)}
    }
}

/// The narrative, keyworker, family and carers, and risk factors: after the rating.
#[component]
pub fn RecordSections(record: PersonRecord) -> impl IntoView {
    let narrative = section_of::<Narrative>(&record).unwrap_or_default().1;
    let keyworker = section_of::<Keyworker>(&record).map(|(_, k)| k);
    let eligible = keyworker_eligible(
        record.person.date_of_birth,
        record.person.rating,
        keyworker.as_ref(),
        record.today,
    );
    let keyworker = keyworker.map_or_else(|| "Not recorded".to_owned(), |k| k.describe());
    let risks = section_of::<RiskFactors>(&record).unwrap_or_default().1;
    let note = eligible.then(|| view! { <p><strong class="nhsuk-tag nhsuk-tag--yellow">"Keyworker eligible"</strong> " Aged 25 or under and rated Red, Amber or Blue, with no keyworker named."</p> }.into_any());
    view! {
        {section_summary(&record, Narrative::KIND, SectionBody::from(narrative).rows(), "narrative", None)}
        {section_summary(&record, Keyworker::KIND, vec![("Keyworker".into(), keyworker)], "keyworker", note)}
        <FamilyAndCarers record=record.clone()/>
        {section_summary(&record, RiskFactors::KIND, risks.rows(), "risks", None)}
    }
}

/// Family and carers: a card for each, with links to change or remove them, and to add
/// another (while the record is open).
#[component]
fn FamilyAndCarers(record: PersonRecord) -> impl IntoView {
    let id = record.person.id;
    let contacts: Vec<(String, FamilyContact)> = section_of::<Contacts>(&record)
        .unwrap_or_default()
        .1
        .entries()
        .map(|(key, contact)| (key, contact.clone()))
        .collect();
    let open = record.person.left_on.is_none();
    let room = open && contacts.len() < MAX_CONTACTS;
    let add = if contacts.is_empty() {
        "Add a family member or carer"
    } else {
        "Add another family member or carer"
    };
    view! {
        <h2 class="nhsuk-heading-m">{Contacts::KIND.label()}</h2>
        {contacts.is_empty().then(|| view! { <p>"No family members or carers are recorded."</p> })}
        {contacts.into_iter().map(|(n, contact)| {
            // Named with who they are, as two family members may share a name.
            let whom = format!(" {} ({})", contact.name, contact.relationship.to_lowercase());
            view! {
            <div class="nhsuk-card">
                <div class="nhsuk-card__content">
                    <h3 class="nhsuk-card__heading nhsuk-heading-s">{contact.name.clone()}</h3>
                    <SummaryList rows=contact.rows()/>
                    {open.then(|| view! {
                        <p>
                            <a href=format!("/people/{id}/contacts/{n}")>"Change"<span class="nhsuk-u-visually-hidden">{whom.clone()}</span></a>
                            " · "
                            <a href=format!("/people/{id}/contacts/{n}/remove")>"Remove"<span class="nhsuk-u-visually-hidden">{whom}</span></a>
                        </p>
                    })}
                </div>
            </div>
            }
        }).collect_view()}
        {room.then(|| view! { <p><a href=format!("/people/{id}/contacts/new")>{add}</a></p> })}
        {last_changed(&record, Contacts::KIND)}
    }
}
