//! `/people/{id}/ctrs/new` plans a C(E)TR; `/people/{id}/ctrs/{ctr}` changes its plan: the
//! kind, the day, the panel and when the papers were sent.

use super::{
    page::{ctr_form_page, CtrDrawn},
    save::SaveCtrPlan,
};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, CountedText, DateField, RadiosField},
    models::{CtrKind, CtrPlan, PanelMember, SHORT_TEXT_MAX},
};
use leptos::prelude::*;

/// The plan page.
#[component]
pub fn CtrPlanPage() -> impl IntoView {
    let changing = leptos_router::hooks::use_params_map()
        .read_untracked()
        .get("ctr")
        .is_some();
    let topic = if changing {
        "Change the plan of a C(E)TR"
    } else {
        "Plan a C(E)TR"
    };
    let action = ServerAction::<SaveCtrPlan>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let form = move |drawn: CtrDrawn| {
        let plan = drawn.saved.as_ref().map(|s| s.ctr.plan.clone());
        let member =
            |f: fn(&CtrPlan) -> &PanelMember| plan.as_ref().map(f).cloned().unwrap_or_default();
        let (chair, clinical, expert) = (
            member(|p| &p.chair),
            member(|p| &p.clinical_expert),
            member(|p| &p.expert_by_experience),
        );
        let err = move |field| field_error(error, field);
        view! {
            <DraftedForm action name=drawn.draft_name("plan")>
                {drawn.hidden_fields()}
                <RadiosField name="kind" legend="What kind of review?" options=CtrKind::options()
                    checked=plan.as_ref().map_or("", |p| p.kind.code()) error=err("kind")/>
                <DateField prefix="planned" legend="When is it planned for? (optional)" value=plan.as_ref().and_then(|p| p.planned_on) error/>
                <h2 class="nhsuk-heading-m">"The panel"</h2>
                <p class="nhsuk-hint">"Fill in each member as they are known; you can come back to this page."</p>
                <PanelFields prefix="chair" who="Chair" member=chair error/>
                <PanelFields prefix="clinical" who="Clinical expert" member=clinical error/>
                <PanelFields prefix="expert" who="Expert by experience" member=expert error/>
                <DateField prefix="papers" legend="When were the papers sent to the panel? (optional)" value=plan.as_ref().and_then(|p| p.papers_sent_on) error/>
                <p class="nhsuk-hint">"Papers go out at least 24 hours before the review."</p>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </DraftedForm>
        }
    };
    ctr_form_page(topic, "kind", error, form)
}

/// The name and role of one member of the panel, as `{prefix}_name` and `{prefix}_role`.
#[component]
fn PanelFields(
    prefix: &'static str,
    who: &'static str,
    member: PanelMember,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let (name, role) = (format!("{prefix}_name"), format!("{prefix}_role"));
    let (name_error, role_error) = (field_error(error, &name), field_error(error, &role));
    view! {
        <fieldset class="nhsuk-fieldset">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{who}</legend>
            <CountedText name=name label="Name (optional)" value=member.name max=SHORT_TEXT_MAX line=true error=name_error/>
            <CountedText name=role label="Role or organisation (optional)" value=member.role max=SHORT_TEXT_MAX line=true error=role_error/>
        </fieldset>
    }
}
