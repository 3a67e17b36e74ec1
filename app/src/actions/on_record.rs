//! A person's actions on their record: open ones first with overdue marked, each with its
//! owner, due date, where it came from and its updates, and links to update it.

use crate::{
    layout::TableHead,
    models::{format_date, ActionStatus, SavedAction},
};
use chrono::NaiveDate;
use leptos::prelude::*;

/// The record's actions, and the link to add one.
#[component]
pub fn ActionsOnRecord(
    actions: Vec<SavedAction>,
    person: String,
    open: bool,
    today: NaiveDate,
) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m" id="actions">"Actions"</h2>
        {if actions.is_empty() {
            view! { <p>"No action is recorded."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Actions, open ones first, soonest due first"</caption>
                    <TableHead columns=&["What", "Owner", "Due", "Where it stands"]/>
                    <tbody class="nhsuk-table__body">
                        {actions.into_iter().map(|a| {
                            let href = format!("/people/{person}/actions/{}", a.id);
                            view! { <ActionRow action=a href open today/> }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {open.then(|| view! { <p><a href=format!("/people/{person}/actions/new")>"Add an action"</a></p> })}
    }
}

/// One action as a table row.
#[component]
fn ActionRow(action: SavedAction, href: String, open: bool, today: NaiveDate) -> impl IntoView {
    let what = action.action.what.clone();
    let link = (open && action.status == ActionStatus::Open).then(|| view! {
        <p><a href=href>"Update"<span class="nhsuk-u-visually-hidden">{format!(" the action: {what}")}</span></a></p>
    });
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell dsr-rationale">
                {action.action.what.clone()}
                <p class="nhsuk-body-s">{format!("From: {}", crate::models::in_sentence(action.action.source.label()))}</p>
                {link}
            </td>
            <td class="nhsuk-table__cell">{action.action.owner.describe()}</td>
            <td class="nhsuk-table__cell">{format_date(action.due_on)}</td>
            <td class="nhsuk-table__cell"><ActionStanding action today/></td>
        </tr>
    }
}

/// Where an action stands: a tag, overdue marked, and its latest update.
#[component]
fn ActionStanding(action: SavedAction, today: NaiveDate) -> impl IntoView {
    let (class, words) = if action.is_overdue(today) {
        ("nhsuk-tag--red", "Overdue".to_owned())
    } else {
        match action.status {
            ActionStatus::Open => ("nhsuk-tag--blue", "Open".to_owned()),
            ActionStatus::Done => ("nhsuk-tag--green", "Done".to_owned()),
            ActionStatus::Cancelled => ("nhsuk-tag--grey", "Cancelled".to_owned()),
        }
    };
    let late = action.due_before_added().then(|| view! {
        <p class="nhsuk-body-s">{format!("Already due when it was added on {}", format_date(crate::models::uk_today(action.created_at)))}</p>
    });
    let latest = action.updates.last().map(|u| {
        let note = if u.note.is_empty() {
            String::new()
        } else {
            format!(": {}", u.note)
        };
        format!(
            "{} by {}{note}",
            format_date(crate::models::uk_today(u.at)),
            u.by
        )
    });
    view! {
        <strong class=format!("nhsuk-tag {class}")>{words}</strong>
        {late}
        {latest.map(|l| view! { <p class="nhsuk-body-s dsr-rationale">{l}</p> })}
    }
}

/// An action in full, above the form that updates it: every update, oldest first.
#[component]
pub fn ActionSummary(action: SavedAction, today: NaiveDate) -> impl IntoView {
    let updates = action.updates.clone();
    view! {
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">"What"</dt><dd class="nhsuk-summary-list__value dsr-rationale">{action.action.what.clone()}</dd></div>
            <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">"Owner"</dt><dd class="nhsuk-summary-list__value">{action.action.owner.describe()}</dd></div>
            <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">"Due"</dt><dd class="nhsuk-summary-list__value">{format_date(action.due_on)}</dd></div>
            <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">"Where it stands"</dt><dd class="nhsuk-summary-list__value"><ActionStanding action=action.clone() today/></dd></div>
            <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">"Added"</dt><dd class="nhsuk-summary-list__value">{format!("{} by {}", format_date(crate::models::uk_today(action.created_at)), action.created_by)}</dd></div>
        </dl>
        {(!updates.is_empty()).then(|| view! {
            <h2 class="nhsuk-heading-s">"Updates, oldest first"</h2>
            <ul class="nhsuk-list">
                {updates.into_iter().map(|u| view! {
                    <li class="dsr-rationale">{format!("{}, {}: {}, due {}{}", format_date(crate::models::uk_today(u.at)), u.by, u.status.label(), format_date(u.due_on), if u.note.is_empty() { String::new() } else { format!(". {}", u.note) })}</li>
                }).collect_view()}
            </ul>
        })}
    }
}
