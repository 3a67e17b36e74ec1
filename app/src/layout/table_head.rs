//! The head row of an NHS table.

use leptos::prelude::*;

/// A table's head: one column header per entry of `columns`.
#[component]
pub fn TableHead(columns: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
                {columns.iter().map(|c| view! { <th class="nhsuk-table__header" scope="col">{*c}</th> }).collect_view()}
            </tr>
        </thead>
    }
}
