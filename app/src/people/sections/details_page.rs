//! `/people/{id}/details`: the person's names, date of birth, NHS number and area (what
//! the card and search show) and what helps in talking with them.

use super::{
    page::{hidden_fields, section_form_page, Drawn},
    save_details::SaveDetails,
};
use crate::layout::CountedText;
use crate::{
    auth::{guard::NHS_NUMBER_EDITORS, signed_in::use_signed_in},
    drafts::DraftedForm,
    layout::{field_error, DateField, RadiosField, SelectField, TextField},
    models::{Details, EthnicCategory, Sex, SHORT_TEXT_MAX},
};
use leptos::prelude::*;

/// Yes and no, as the form's radios offer them.
fn yes_no_options() -> Vec<(String, String)> {
    vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())]
}

/// The code of a yes-or-no answer, if given (empty if not).
fn yes_no_code(answer: Option<bool>) -> &'static str {
    match answer {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// The details page.
#[component]
pub fn DetailsPage() -> impl IntoView {
    let action = ServerAction::<SaveDetails>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let me = use_signed_in().0;
    let may_change_number = move || {
        me.get()
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|m| NHS_NUMBER_EDITORS.contains(&m.role))
    };
    let form = move |Drawn {
                         section: d,
                         id,
                         from,
                     }: Drawn<Details>| {
        let err = move |field| field_error(error, field);
        let number = d.nhs_number.clone();
        let nhs_number = move || {
            if may_change_number() {
                view! {
                    <TextField name="nhs_number" label="NHS number" hint="10 digits, for example 943 476 5919."
                        class="nhsuk-input--width-10" inputmode="numeric" value=number.to_string() error=err("nhs_number")/>
                }
                .into_any()
            } else {
                view! {
                    <div class="nhsuk-form-group">
                        <p class="nhsuk-label nhsuk-u-font-weight-bold">"NHS number"</p>
                        <p>{number.to_string()}</p>
                        <div class="nhsuk-hint">"Only the LDA team can change the NHS number."</div>
                    </div>
                }
                .into_any()
            }
        };
        let max = SHORT_TEXT_MAX;
        Some(view! {
            <DraftedForm action name=format!("details:{id}")>
                {hidden_fields(id, from)}
                <CountedText name="given_name" label="First name" value=d.given_name max line=true error=err("given_name")/>
                <CountedText name="family_name" label="Last name" value=d.family_name max line=true error=err("family_name")/>
                <CountedText name="preferred_name" label="Preferred name (optional)" hint="What they like to be called, if not their first name."
                    value=d.preferred_name max line=true error=err("preferred_name")/>
                <DateField prefix="dob" legend="Date of birth" value=Some(d.date_of_birth) error/>
                {nhs_number}
                <CountedText name="area" label="Area (local authority)" value=d.area max line=true error=err("area")/>
                <RadiosField name="sex" legend="Sex (optional)" options=Sex::options()
                    checked=d.sex.map_or("", Sex::code) error=err("sex")/>
                <CountedText name="gender" label="Gender (optional)" hint="As they describe it, in their words."
                    value=d.gender max line=true error=err("gender")/>
                <SelectField name="ethnicity" label="Ethnicity (optional)" hint="NHS ethnic category. Leave it unselected if they have not been asked."
                    options=EthnicCategory::ALL.iter().map(|e| (e.code().to_owned(), format!("{} ({})", e.label(), e.nhs_code()))).collect()
                    placeholder="Not asked" selected=d.ethnicity.map_or("", EthnicCategory::code) error=err("ethnicity")/>
                <CountedText name="first_language" label="First language (optional)" value=d.first_language max line=true error=err("first_language")/>
                <RadiosField name="interpreter" legend="Do they need an interpreter? (optional)" options=yes_no_options()
                    checked=yes_no_code(d.interpreter) error=err("interpreter")/>
                <RadiosField name="easy_read" legend="Do they need easy-read information? (optional)" options=yes_no_options()
                    checked=yes_no_code(d.easy_read) error=err("easy_read")/>
                <CountedText name="gp_practice" label="GP practice (optional)" value=d.gp_practice max line=true error=err("gp_practice")/>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        })
    };
    section_form_page("Personal details", "given_name", error, Details::of, form)
}
