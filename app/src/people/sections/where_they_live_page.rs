//! `/people/{id}/home`: where the person lives and since when; for an inpatient, the
//! unit, its type and security, whether it is out of area, the admission and the Mental
//! Health Act status.

use super::{
    page::{hidden_fields, section_form_page, Drawn},
    save_home::SaveHome,
};
use crate::layout::CountedText;
use crate::{
    drafts::DraftedForm,
    layout::{field_error, DateField, RadiosField},
    models::{Home, Inpatient, MhaStatus, Placement, Security, Setting, Ward, SHORT_TEXT_MAX},
};
use leptos::prelude::*;

/// The page of where someone lives.
#[component]
pub fn WhereTheyLivePage() -> impl IntoView {
    let action = ServerAction::<SaveHome>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |Drawn {
                         section: home,
                         id,
                         from,
                     }: Drawn<Home>| {
        let err = move |field| field_error(error, field);
        let stay = home.inpatient;
        let text = |f: fn(&Inpatient) -> &String| stay.as_ref().map(f).cloned().unwrap_or_default();
        let code = |f: fn(&Inpatient) -> &'static str| stay.as_ref().map_or("", f);
        let (unit, provider, mha_other) = (
            text(|i| &i.unit),
            text(|i| &i.provider),
            text(|i| &i.mha_other),
        );
        let (ward, security) = (code(|i| i.ward.code()), code(|i| i.security.code()));
        let (placement, mha) = (code(|i| i.placement.code()), code(|i| i.mha.code()));
        let admitted = stay.as_ref().map(|i| i.admitted_on);
        let max = SHORT_TEXT_MAX;
        // The hospital questions show only for an inpatient once the page is interactive;
        // a page drawn by the server (without JavaScript) shows them all.
        let inpatient = RwSignal::new(home.setting == Setting::InpatientUnit);
        let interactive = RwSignal::new(false);
        Effect::new(move |_| interactive.set(true));
        let chosen = move |ev: leptos::ev::Event| {
            inpatient.set(event_target_value(&ev) == Setting::InpatientUnit.code());
        };
        Some(view! {
            <DraftedForm action name=format!("where-they-live:{id}")>
                {hidden_fields(id, from)}
                <div on:change=chosen>
                    <RadiosField name="setting" legend="Where do they live now?"
                        options=Setting::options()
                        checked=home.setting.code() error=err("setting")/>
                </div>
                <DateField prefix="since" legend="Since when (optional)" value=home.since error/>
                <fieldset class="nhsuk-fieldset" hidden=move || interactive.get() && !inpatient.get()>
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">"In hospital"</legend>
                    <div class="nhsuk-hint">"Only when they live in an inpatient unit: then every answer here is needed."</div>
                    <CountedText name="unit" label="Unit or ward" value=unit max line=true error=err("unit")/>
                    <CountedText name="provider" label="Provider" hint="The NHS trust or company that runs it."
                        value=provider max line=true error=err("provider")/>
                    <RadiosField name="ward" legend="Type of unit" options=Ward::options()
                        checked=ward error=err("ward")/>
                    <RadiosField name="security" legend="Security" options=Security::options()
                        checked=security error=err("security")/>
                    <RadiosField name="placement" legend="Is the unit in the ICB's area?" options=Placement::options()
                        checked=placement error=err("placement")/>
                    <DateField prefix="admitted" legend="When were they admitted?" value=admitted error/>
                    <RadiosField name="mha" legend="Mental Health Act status" options=MhaStatus::options()
                        checked=mha error=err("mha")/>
                    <CountedText name="mha_other" label="Which section (if another section)" value=mha_other max line=true error=err("mha_other")/>
                </fieldset>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        })
    };
    section_form_page("Where they live", "setting", error, Home::of, form)
}
