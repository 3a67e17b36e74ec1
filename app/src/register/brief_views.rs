//! `/register/agencies`: each agency's wider brief view, a coordinator's setting. Beyond
//! the people they are linked to, an agency's professionals see brief cards of nobody
//! (the default), every child, every adult or everyone (see `auth::access::Scope`). Here
//! too a coordinator says which agencies attend today's DSR meeting: only their
//! professionals see its agenda as brief cards, and where the chair is, while it runs.

use crate::{
    error::AppError,
    layout::{field_error, summary_for, Problem, SelectField, TableHead},
    models::{Agency, BriefView},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Every agency, its wider brief view and whether it attends the meeting now, for
/// coordinators.
#[server(prefix = "/api", endpoint = "brief_views")]
pub async fn brief_views() -> Result<Vec<(Agency, BriefView, bool)>, AppError> {
    use crate::{
        auth::{access, caller},
        state::AppState,
        store::agencies,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "brief_views", access::COORDINATORS).await?;
    Ok(agencies::brief_views(&state.db, crate::store::timestamp_now()).await?)
}

/// Marks `agency` as attending the DSR meeting (for the next few hours: see
/// `auth::access::MEETING_HOURS`) or, with `attending` false, as not; audited.
#[server(prefix = "/api", endpoint = "set_attending")]
pub async fn set_attending(agency: String, attending: bool) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        state::AppState,
        store::{agencies, audit, timestamp_now},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "set_attending", access::COORDINATORS).await?;
    let at = timestamp_now();
    let until = attending.then(|| at + chrono::TimeDelta::hours(access::MEETING_HOURS));
    let mut tx = state.db.begin().await?;
    if !agencies::set_attending(&mut tx, agency.trim(), until).await? {
        return Err(AppError::field("agency", "Select an agency"));
    }
    let detail = format!("agency {}: attending {attending}", agency.trim());
    let entry = caller
        .audit("meeting_attendance_changed")
        .detail(&detail)
        .at(at);
    audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets `agency`'s wider brief view to `view` (a [`BriefView`] code); audited with the
/// view before and after, in the same transaction.
#[server(prefix = "/api", endpoint = "set_brief_view")]
pub async fn set_brief_view(agency: String, view: String) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        state::AppState,
        store::{agencies, audit},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "set_brief_view", access::COORDINATORS).await?;
    let Ok(view) = view.parse::<BriefView>() else {
        return Err(AppError::field(
            "view",
            "Select whose brief cards the agency's professionals see",
        ));
    };
    let mut tx = state.db.begin().await?;
    let Some(before) = agencies::set_brief_view(&mut tx, agency.trim(), view).await? else {
        return Err(AppError::field("agency", "Select an agency"));
    };
    let detail = format!(
        "agency {}: brief view {} → {}",
        agency.trim(),
        before.code(),
        view.code()
    );
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &caller.audit("brief_view_changed").detail(&detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The page.
#[component]
pub fn BriefViewsPage() -> impl IntoView {
    let set = ServerAction::<SetBriefView>::new();
    let attend = ServerAction::<SetAttending>::new();
    let views = Resource::new(
        move || (set.version().get(), attend.version().get()),
        |_| brief_views(),
    );
    let error = Signal::derive(move || set.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Agencies' brief views - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match views.await {
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                    Ok(views) => {
                        let agencies: Vec<(String, String)> = views
                            .iter()
                            .map(|(a, ..)| (a.id.clone(), a.name.clone()))
                            .collect();
                        view! {
                            {move || error.get().map(|e| summary_for(&e, "agency"))}
                            <h1>"Agencies' brief views"</h1>
                            <p>"A professional sees the people they are linked to. Their agency may also see brief cards (name, rating and review date) of a wider group. While a DSR meeting runs, professionals of the agencies marked as attending also see its agenda as brief cards, and who is being discussed, for up to 3 hours. Every change is audited."</p>
                            <table class="nhsuk-table">
                                <caption class="nhsuk-table__caption">"What each agency sees beyond its linked people"</caption>
                                <TableHead columns=&["Agency", "Brief view", "At today's DSR meeting"]/>
                                <tbody class="nhsuk-table__body">
                                    {views.into_iter().map(|(a, v, attending)| view! {
                                        <tr class="nhsuk-table__row">
                                            <td class="nhsuk-table__cell">{a.name.clone()}</td>
                                            <td class="nhsuk-table__cell">{v.label()}</td>
                                            <td class="nhsuk-table__cell">
                                                {if attending { "Attending " } else { "Not attending " }}
                                                <ActionForm action=attend attr:class="dsr-inline-form">
                                                    <input type="hidden" name="agency" value=a.id/>
                                                    <input type="hidden" name="attending" value=(!attending).to_string()/>
                                                    <button class="dsr-link-button" type="submit">
                                                        {if attending { "Mark as not attending" } else { "Mark as attending" }}
                                                        <span class="nhsuk-u-visually-hidden">{format!(": {}", a.name)}</span>
                                                    </button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>"Change an agency's brief view"</h2>
                            <ActionForm action=set attr:novalidate=true>
                                <SelectField name="agency" label="Agency" placeholder="Select an agency" error=field_error(error, "agency") options=agencies/>
                                <SelectField name="view" label="Brief view" placeholder="Select a brief view" error=field_error(error, "view")
                                    options=BriefView::options()/>
                                <button class="nhsuk-button" type="submit">"Save brief view"</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
