//! On a person's record: what the policy asks for (the policy clock's items, each with
//! its reason and source) and the C(E)TRs, each with links to plan, consent and outcome.

use crate::{
    layout::TableHead,
    models::{
        format_date, ClockState, DueItem, DueStatus, RootCauseReview, Rule, SavedCtr, Section,
    },
    people::{sections::SummaryList, wire::PersonRecord},
};
use leptos::prelude::*;

/// Every item the policy clock computes for the record, in due-date order.
pub fn due_items(record: &PersonRecord) -> Vec<DueItem> {
    ClockState::of_record(
        &record.person,
        &record.sections,
        record.discharged_on,
        &record.ctrs,
    )
    .due_items(&record.policy, record.today)
}

/// The record's C(E)TRs and what the policy asks for.
#[component]
pub fn CtrsOnRecord(record: PersonRecord) -> impl IntoView {
    let items = due_items(&record);
    let root_cause = record.sections.iter().find_map(|s| {
        RootCauseReview::in_body(&s.body).map(|review| (review.rows(), s.changed_by.clone()))
    });
    let id = record.person.id;
    let open = record.person.left_on.is_none();
    let name = record.person.full_name();
    view! {
        <h2 class="nhsuk-heading-m" id="policy">"What the policy asks for"</h2>
        {if items.is_empty() {
            view! { <p>"Nothing is due under the policy for their rating and where they live."</p> }.into_any()
        } else {
            view! { <DueTable items person=id.to_string() open/> }.into_any()
        }}
        {root_cause.map(|(rows, by)| view! {
            <h3 class="nhsuk-heading-s" id="root-cause">"Root-cause review"</h3>
            <SummaryList rows/>
            <p class="nhsuk-body-s">{format!("Last saved by {by}")}</p>
        })}
        <h2 class="nhsuk-heading-m" id="ctrs">"C(E)TRs"</h2>
        {if record.ctrs.is_empty() {
            view! { <p>"No C(E)TR, emergency protocol meeting or oversight visit is recorded."</p> }.into_any()
        } else {
            record.ctrs.into_iter().map(|saved| view! { <CtrCard saved person=id.to_string() open/> }).collect_view().into_any()
        }}
        {open.then(|| view! {
            <p><a href=format!("/people/{id}/ctrs/new")>"Plan a C(E)TR"<span class="nhsuk-u-visually-hidden">{format!(" for {name}")}</span></a>", an emergency protocol meeting or an oversight visit"</p>
        })}
    }
}

/// The policy clock's items as a table: what, when due, where it stands, and why. An
/// open record's root-cause review links to where it is recorded.
#[component]
fn DueTable(items: Vec<DueItem>, person: String, open: bool) -> impl IntoView {
    view! {
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"What the policy asks for, soonest due first"</caption>
            <TableHead columns=&["What", "Due", "Where it stands"]/>
            <tbody class="nhsuk-table__body">
                {items.into_iter().map(|item| {
                    let interim = item.interim_on.map(|d| format!("Interim target {}", format_date(d)));
                    let when = match (item.status, item.done_on, item.planned_on) {
                        (DueStatus::Met | DueStatus::MetLate, Some(done), _) => Some(format!("Done {}", format_date(done))),
                        (_, _, Some(planned)) => Some(format!("Planned for {}", format_date(planned))),
                        _ => None,
                    };
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                <strong>{item.rule.label()}</strong>
                                <p class="nhsuk-body-s">{item.rule.explanation()}</p>
                                <p class="nhsuk-body-s dsr-source">"Source: "{item.rule.source()}</p>
                            </td>
                            <td class="nhsuk-table__cell">{format_date(item.due_on)}{interim.map(|i| view! { <p class="nhsuk-body-s">{i}</p> })}</td>
                            <td class="nhsuk-table__cell">
                                <strong class=format!("nhsuk-tag {}", status_class(item.status))>{item.status.label()}</strong>
                                {when.map(|w| view! { <p class="nhsuk-body-s">{w}</p> })}
                                {(open && item.rule == Rule::RootCauseReview).then(|| {
                                    let words = if item.done_on.is_some() { "Change the root-cause review" } else { "Record the root-cause review" };
                                    view! { <p class="nhsuk-body-s"><a href=format!("/people/{person}/root-cause")>{words}</a></p> }
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The tag colour for a status.
fn status_class(status: DueStatus) -> &'static str {
    match status {
        DueStatus::Overdue => "nhsuk-tag--red",
        DueStatus::Due => "nhsuk-tag--yellow",
        DueStatus::Planned => "nhsuk-tag--blue",
        DueStatus::Met => "nhsuk-tag--green",
        DueStatus::MetLate => "nhsuk-tag--orange",
    }
}

/// One C(E)TR: what is recorded, a warning when the papers went out late, and the links
/// that complete it.
#[component]
fn CtrCard(saved: SavedCtr, person: String, open: bool) -> impl IntoView {
    let ctr = saved.ctr;
    let base = format!("/people/{person}/ctrs/{}", saved.id);
    let kind = ctr.plan.kind.label();
    let when = ctr
        .held
        .as_ref()
        .map(|h| format!("held {}", format_date(h.held_on)))
        .or_else(|| {
            ctr.plan
                .planned_on
                .map(|d| format!("planned for {}", format_date(d)))
        })
        .unwrap_or_else(|| "not yet dated".to_owned());
    let late = ctr.papers_late().then(|| view! {
        <div class="nhsuk-warning-callout">
            <h4 class="nhsuk-warning-callout__label"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Papers sent late"</h4>
            <p>"The papers went out less than 24 hours before the review. The policy asks for at least 24 hours."</p>
        </div>
    });
    let links = open.then(|| {
        // Consent is settled once the review was held.
        let consent = match (&ctr.consent, &ctr.held) {
            (_, Some(_)) => None,
            (Some(_), None) => Some("Change consent"),
            (None, None) => Some("Record consent"),
        };
        let outcome = if ctr.held.is_some() { "Change the outcome" } else { "Record the outcome" };
        let hidden = format!(" for the {} {when}", kind);
        let recommend = ctr.held.is_some().then(|| view! {
            <li><a href=format!("/people/{person}/actions/new?source=ctr")>"Add a recommendation as an action"<span class="nhsuk-u-visually-hidden">{hidden.clone()}</span></a></li>
        });
        view! {
            <ul class="nhsuk-list">
                {recommend}
                <li><a href=base.clone()>"Change the plan"<span class="nhsuk-u-visually-hidden">{hidden.clone()}</span></a></li>
                {consent.map(|words| view! { <li><a href=format!("{base}/consent")>{words}<span class="nhsuk-u-visually-hidden">{hidden.clone()}</span></a></li> })}
                <li><a href=format!("{base}/outcome")>{outcome}<span class="nhsuk-u-visually-hidden">{hidden}</span></a></li>
            </ul>
        }
    });
    view! {
        <div class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">{format!("{kind}, {when}")}</h3>
                {late}
                <SummaryList rows=ctr.rows()/>
                {links}
                <p class="nhsuk-body-s">{format!("Last saved by {}", saved.changed_by)}</p>
            </div>
        </div>
    }
}
