//! The board's filter form: a plain GET form, so it works with or without JavaScript.

use super::board_query::BoardQuery;
use crate::models::AgeGroup;
use leptos::prelude::*;
use leptos_router::components::Form;

/// Age group, overdue-only and search filters, filled from the current query.
#[component]
pub fn Filters(query: BoardQuery) -> impl IntoView {
    let age_option = move |value: &'static str, label: &'static str, selected: bool| {
        view! { <option value=value selected=selected>{label}</option> }
    };
    view! {
        <Form method="GET" action="/register" attr:class="dsr-filters" attr:aria-label="Filter the register">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="filter-q">"Search by name or NHS number"</label>
                <input class="nhsuk-input nhsuk-input--width-20" id="filter-q" name="q" type="search" value=query.q.clone() autocomplete="off"/>
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="filter-age">"Age group"</label>
                <select class="nhsuk-select" id="filter-age" name="age">
                    {age_option("", "Children and adults", query.age.is_none())}
                    {age_option("child", "Children (under 18)", query.age == Some(AgeGroup::Child))}
                    {age_option("adult", "Adults (18 and over)", query.age == Some(AgeGroup::Adult))}
                </select>
            </div>
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="filter-overdue" name="overdue" type="checkbox" value="yes" checked=query.overdue/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="filter-overdue">"Only reviews that are overdue"</label>
                    </div>
                </div>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Apply filters"</button>
            <a class="dsr-clear-filters" href="/register">"Clear filters"</a>
        </Form>
    }
}
