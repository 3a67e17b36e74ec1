//! `/actions`: "My actions": the signed-in professional's open actions and their agency's,
//! soonest due (so overdue) first, each linking to the person's record.

use super::save::my_actions;
use crate::{
    layout::{Problem, TableHead},
    models::{format_date, uk_today},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page.
#[component]
pub fn MyActionsPage() -> impl IntoView {
    let lines = Resource::new(|| (), |_| my_actions());
    view! {
        <Title text="My actions - Dynamic Support Register"/>
        <h1>"My actions"</h1>
        <p>"Open actions you own, and your agency's, soonest due first."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (lines, out_of_sight) = match lines.await {
                    Ok(mine) => (mine.lines, mine.out_of_sight),
                    Err(error) => return view! { <Problem error/> }.into_any(),
                };
                let (are, them) = if out_of_sight == 1 { ("is", "it") } else { ("are", "them") };
                let hidden = (out_of_sight > 0).then(|| view! {
                    <div class="nhsuk-inset-text">
                        <p>{format!("{out_of_sight} of your open actions {are} on records you can no longer see. Ask the LDA team to pass {them} on to someone else.")}</p>
                    </div>
                });
                if lines.is_empty() {
                    return view! { {hidden} <p>"You have no open actions."</p> }.into_any();
                }
                let today = uk_today(chrono::Utc::now());
                let overdue = lines.iter().filter(|l| l.action.is_overdue(today)).count();
                view! {
                    {hidden}
                    <p>{format!("{} open, {overdue} overdue.", lines.len())}</p>
                    <table class="nhsuk-table">
                        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"My actions, soonest due first"</caption>
                        <TableHead columns=&["Person", "What", "Owner", "Due"]/>
                        <tbody class="nhsuk-table__body">
                            {lines.into_iter().map(|l| {
                                let a = l.action;
                                let late = a.is_overdue(today);
                                view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell"><a href=format!("/people/{}#actions", a.person)>{l.person_name}</a></td>
                                        <td class="nhsuk-table__cell dsr-rationale">{a.action.what.clone()}</td>
                                        <td class="nhsuk-table__cell">{if l.own { "You".to_owned() } else { a.action.owner.describe() }}</td>
                                        <td class="nhsuk-table__cell">
                                            {format_date(a.due_on)}
                                            {late.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Overdue"</strong> })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
        </Suspense>
    }
}
