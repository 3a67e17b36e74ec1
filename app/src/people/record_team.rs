//! Who works with a person and who has looked at their record: the professionals and
//! agencies linked to it (coordinators link and unlink them), and the record's views.

#[cfg(feature = "ssr")]
use super::wire::Candidates;
use super::wire::TeamView;
use crate::{
    error::AppError,
    layout::{summary_for, SelectField, TableHead},
    models::{format_date_time, viewers},
};
use leptos::prelude::*;

/// Views of a record shown on its page.
#[cfg(feature = "ssr")]
const VIEWS_SHOWN: i64 = 50;

/// The team of `person_id`'s record, for anyone who may see the record; a `refresh` from
/// the live feed is not audited and does not keep the session alive (see
/// `auth::session::note_refresh`).
#[server(prefix = "/api", endpoint = "record_team")]
pub async fn record_team(
    person_id: String,
    #[server(default)] refresh: bool,
) -> Result<TeamView, AppError> {
    use crate::{
        auth::{access, caller, view_audit},
        models::{AccountStatus, PersonId, Role},
        state::AppState,
        store::{
            agencies,
            audit::{self, AuditFilter},
            links, users,
        },
    };
    let caller = caller()?;
    let state = AppState::current()?;
    let person: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    access::require_role(&state, &caller, "record_team", access::REGISTER).await?;
    access::require_record(&state, &caller, "record_team", person).await?;
    let action = "record_team_viewed";
    view_audit::audit_view(&state, &caller, action, Some(person), "", refresh).await?;
    let links = links::of_person(&state.db, person).await?;
    if caller.role != Role::Coordinator {
        return Ok(TeamView {
            links,
            candidates: None,
            views: None,
        });
    }
    let professionals = users::with_status(&state.db, AccountStatus::Active)
        .await?
        .into_iter()
        .filter(|m| {
            m.role == Role::Professional && !links.professionals.iter().any(|p| p.id == m.id)
        })
        .map(|m| {
            let about = format!(
                "{}, {}, {}",
                m.name,
                m.job_title,
                m.agency.as_deref().unwrap_or("no agency")
            );
            (m.id, about)
        })
        .collect();
    let agencies = agencies::list(&state.db)
        .await?
        .into_iter()
        .filter(|a| !links.agencies.iter().any(|l| l.id == a.id))
        .collect();
    let views = audit::search(
        &state.db,
        &AuditFilter {
            person: Some(person),
            action: Some("person_viewed".into()),
            ..AuditFilter::default()
        },
        VIEWS_SHOWN,
    )
    .await?;
    Ok(TeamView {
        links,
        candidates: Some(Candidates {
            professionals,
            agencies,
        }),
        views: Some(views),
    })
}

/// Links (or with `remove`, unlinks) a professional or an agency (whichever is given,
/// by id) and `person_id`'s record. Coordinators only.
#[server(prefix = "/api", endpoint = "change_link")]
pub async fn change_link(
    person_id: String,
    professional: Option<String>,
    agency: Option<String>,
    remove: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        models::{AccountStatus, ChangeKind, PersonId, Role},
        state::AppState,
        store::{
            agencies, audit,
            change_log::{self, NewChange},
            links::{self, LinkTarget},
            people, timestamp_now, users,
        },
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "change_link", access::COORDINATORS).await?;
    let person: PersonId = person_id.parse().map_err(|_| AppError::NotFound)?;
    let remove = remove.is_some();
    let (link_target, named) = match (professional.as_deref(), agency.as_deref()) {
        (Some(id), None) => {
            let account = users::get(&state.db, id).await?.filter(|a| {
                a.member.role == Role::Professional
                    && (remove || a.member.status == AccountStatus::Active)
            });
            let Some(account) = account else {
                return Err(AppError::field("professional", "Select a professional"));
            };
            (
                LinkTarget::Professional(id),
                format!("professional {}", account.member.email),
            )
        }
        (None, Some(id)) => {
            let known = agencies::list(&state.db).await?;
            let Some(agency) = known.into_iter().find(|a| a.id == id) else {
                return Err(AppError::field("agency", "Select an agency"));
            };
            (LinkTarget::Agency(id), format!("agency {}", agency.name))
        }
        _ => {
            return Err(AppError::BadRequest(
                "give a professional or an agency".into(),
            ))
        }
    };
    let at = timestamp_now();
    let mut tx = state.db.begin().await?;
    let Some(record) = people::get(&mut tx, person).await? else {
        return Err(AppError::NotFound);
    };
    let changed = if remove {
        links::unlink(&mut tx, person, link_target).await?
    } else {
        links::link(&mut tx, person, link_target, &caller.email, at).await?
    };
    if changed {
        // Open boards and pages hear of it, so a professional's view of the record follows.
        change_log::append(
            &mut tx,
            &NewChange {
                person,
                kind: ChangeKind::TeamChanged,
                version: record.version,
                from: Some(record.rating),
                to: Some(record.rating),
                actor: &caller.name,
                at,
            },
        )
        .await?;
        audit::append(
            &mut tx,
            &state.settings.secret_key,
            &caller
                .audit(if remove { "link_removed" } else { "link_added" })
                .about(person)
                .detail(&named)
                .at(at),
        )
        .await?;
    }
    tx.commit().await?;
    state.feed.wake();
    Ok(())
}

/// The team of a person's page: read again after each change made here, and whenever
/// `reload` changes. Made once by the page, outside its suspense, so one opening reads
/// (and audits) the team once.
pub fn team_resource(
    person_id: Memo<String>,
    reload: RwSignal<u32>,
    change: ServerAction<ChangeLink>,
) -> Resource<Result<TeamView, AppError>> {
    let refreshes =
        crate::feed::Refreshes::new((person_id.get_untracked(), change.version().get_untracked()));
    Resource::new(
        move || (person_id.get(), change.version().get(), reload.get()),
        move |(person_id, version, reloads)| {
            let refresh = refreshes.is_refresh((person_id.clone(), version), reloads);
            record_team(person_id, refresh)
        },
    )
}

/// The "Who is involved" section of a person's page, and for coordinators the forms to
/// change it and the list of who has looked at the record.
#[component]
pub fn RecordTeamSection(
    person_id: String,
    team: Resource<Result<TeamView, AppError>>,
    change: ServerAction<ChangeLink>,
) -> impl IntoView {
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    view! {
        <h2 class="nhsuk-heading-m" id="team">"Who is involved"</h2>
        {move || error.get().map(|e| summary_for(&e, "professional"))}
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let person_id = person_id.clone();
                Suspend::new(async move {
                    match team.await {
                        Err(e) => view! { <p>{e.to_string()}</p> }.into_any(),
                        Ok(team) => view! { <Team team person_id change/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// The team, with forms for coordinators.
#[component]
fn Team(team: TeamView, person_id: String, change: ServerAction<ChangeLink>) -> impl IntoView {
    // Its own, not the section's: when the page's record is read again the section is
    // drawn anew, and a team read begun by the old one may still resolve into this view.
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    let manage = team.candidates.is_some();
    let remove = {
        let person_id = person_id.clone();
        move |kind: &'static str, target: String, what: String| {
            manage.then(|| {
            let person_id = person_id.clone();
            view! {
                <ActionForm action=change attr:class="dsr-inline-form">
                    <input type="hidden" name="person_id" value=person_id/>
                    <input type="hidden" name=kind value=target/>
                    <input type="hidden" name="remove" value="yes"/>
                    <button class="dsr-link-button" type="submit">"Remove"<span class="nhsuk-u-visually-hidden">{format!(" {what}")}</span></button>
                </ActionForm>
            }
        })
        }
    };
    let professionals = if team.links.professionals.is_empty() {
        view! { <p>"No key professionals are linked."</p> }.into_any()
    } else {
        view! {
            <ul class="nhsuk-list">
                {team.links.professionals.iter().map(|p| {
                    let about = format!("{}, {}, {}", p.name, p.job_title, p.agency.as_deref().unwrap_or("no agency"));
                    view! { <li>{about} " " {remove("professional", p.id.clone(), p.name.clone())}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let agencies = if team.links.agencies.is_empty() {
        view! { <p>"No agencies are linked."</p> }.into_any()
    } else {
        view! {
            <ul class="nhsuk-list">
                {team.links.agencies.iter().map(|a| view! {
                    <li>{format!("{} ({})", a.name, a.sector.label())} " " {remove("agency", a.id.clone(), a.name.clone())}</li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let forms = team.candidates.map(|c| {
        let agency_options = c.agencies.into_iter().map(|a| (a.id, a.name)).collect();
        let message = move |field: &'static str| crate::layout::field_error(error, field);
        let (for_professional, for_agency) = (person_id.clone(), person_id.clone());
        view! {
            <ActionForm action=change attr:novalidate=true>
                <input type="hidden" name="person_id" value=for_professional/>
                <SelectField name="professional" label="Link a key professional" placeholder="Select a professional" options=c.professionals error=message("professional")/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Link professional"</button>
            </ActionForm>
            <ActionForm action=change attr:novalidate=true>
                <input type="hidden" name="person_id" value=for_agency/>
                <SelectField name="agency" label="Link an agency" placeholder="Select an agency" options=agency_options error=message("agency")/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Link agency"</button>
            </ActionForm>
        }
    });
    let views = team.views.map(|views| {
        view! {
            <h2 class="nhsuk-heading-m">"Who has looked at this record"</h2>
            {if views.is_empty() {
                view! { <p>"Nobody yet."</p> }.into_any()
            } else {
                view! {
                    <table class="nhsuk-table">
                        <caption class="nhsuk-table__caption nhsuk-table__caption--s">{format!("The latest {} looks, by who looked, most recent first", views.len())}</caption>
                        <TableHead columns=&["Who", "Last looked", "Looks"]/>
                        <tbody class="nhsuk-table__body">
                            {viewers(&views).into_iter().map(|v| view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">{v.actor}</td>
                                    <td class="nhsuk-table__cell">{format_date_time(v.last)}</td>
                                    <td class="nhsuk-table__cell">{v.looks}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        }
    });
    view! {
        <h3 class="nhsuk-heading-s">"Key professionals"</h3>
        {professionals}
        <h3 class="nhsuk-heading-s">"Agencies"</h3>
        {agencies}
        {forms}
        {views}
    }
}
