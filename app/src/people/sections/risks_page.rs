//! `/people/{id}/risks`: the risk factors checklist, each ticked factor with a note and the
//! day it was noted.

use super::{
    page::{hidden_fields, section_form_page, Drawn},
    save_risks::SaveRisks,
};
use crate::layout::CountedText;
use crate::{
    drafts::DraftedForm,
    layout::{error_message, field_error, Checkbox, DateField},
    models::{in_sentence, RiskFactor, RiskFactors, RISK_NOTE_MAX},
};
use leptos::prelude::*;

/// The risk factors page.
#[component]
pub fn RisksPage() -> impl IntoView {
    let action = ServerAction::<SaveRisks>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |Drawn {
                         section: risks,
                         id,
                         from,
                     }: Drawn<RiskFactors>| {
        let list_error = field_error(error, "risks");
        // Each factor's note and date show only while it is ticked, once the page is
        // interactive; a page drawn by the server (without JavaScript) shows them all.
        let interactive = RwSignal::new(false);
        Effect::new(move |_| interactive.set(true));
        Some(view! {
            <DraftedForm action name=format!("risks:{id}")>
                {hidden_fields(id, from)}
                <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || list_error.get().is_some()>
                    <fieldset class="nhsuk-fieldset" aria-describedby="field-risks-hint">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">"Which risk factors are present?"</legend>
                        <div class="nhsuk-hint" id="field-risks-hint">"Select all that apply. For each, say when it was noted and add a note if it helps."</div>
                        {error_message("field-risks".into(), list_error)}
                        <div class="nhsuk-checkboxes">
                            {RiskFactor::ALL.iter().enumerate().map(|(i, factor)| {
                                let code = factor.code();
                                let noted = risks.get(*factor).cloned();
                                let input = if i == 0 { "field-risks".to_owned() } else { format!("field-risks-{code}") };
                                let ticked = RwSignal::new(noted.is_some());
                                view! {
                                    <div on:change=move |ev| ticked.set(event_target_checked(&ev))>
                                        <Checkbox id=input name=format!("risks[{code}]") label=factor.label() checked=noted.is_some()/>
                                    </div>
                                    <div class="nhsuk-checkboxes__conditional" hidden=move || interactive.get() && !ticked.get()>
                                        <CountedText name=format!("risks[{code}_note]") id=format!("{code}_note")
                                            label=format!("Note: {}", in_sentence(factor.label()))
                                            value=noted.as_ref().map(|n| n.note.clone()).unwrap_or_default()
                                            max=RISK_NOTE_MAX error=field_error(error, format!("{code}_note"))/>
                                        <DateField prefix=code within="risks" legend=format!("When was this noted: {}?", in_sentence(factor.label())) value=noted.map(|n| n.noted_on) error/>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        })
    };
    section_form_page(
        "Risk factors",
        "risks",
        error,
        |_| RiskFactors::default(),
        form,
    )
}
