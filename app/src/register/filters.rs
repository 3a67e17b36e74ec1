//! The board's filter form. It is posted (never sent in the URL, as a search may be a name
//! or an NHS number); with JavaScript the page applies it in place.

use super::board_query::{BoardQuery, Filters};
use crate::models::{AgeGroup, NeedsFilter};
use leptos::{html, prelude::*};

/// Age group (or, for a professional, only the people they support), overdue-only, what
/// needs doing and search filters, filled from the current query.
#[component]
pub fn FilterPanel(
    /// The query the board is showing.
    query: BoardQuery,
    /// Called with the new filters when the form is submitted in the page.
    on_apply: Callback<Filters>,
    /// What is wrong with the search, if the last one was refused.
    search_error: Signal<Option<String>>,
    /// Whether to offer the age filter (a professional's board is theirs whatever their
    /// age, so they are not offered it).
    show_age: bool,
) -> impl IntoView {
    let q_field = NodeRef::<html::Input>::new();
    let age_field = NodeRef::<html::Select>::new();
    let overdue_field = NodeRef::<html::Input>::new();
    let mine_field = NodeRef::<html::Input>::new();
    let need_fields: [NodeRef<html::Input>; 4] = std::array::from_fn(|_| NodeRef::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        let (Some(q), Some(age), Some(overdue)) =
            (q_field.get(), age_field.get(), overdue_field.get())
        else {
            return;
        };
        ev.prevent_default();
        let needs = NeedsFilter::of(
            NeedsFilter::FIELDS
                .iter()
                .zip(need_fields)
                .filter(|(_, field)| field.get().is_some_and(|f| f.checked()))
                .map(|((name, _), _)| *name),
        );
        on_apply.run(Filters {
            needs,
            ..Filters::from(super::board_query::FilterForm {
                q: Some(q.value()),
                age: Some(age.value()),
                overdue: overdue.checked().then(|| "yes".to_owned()),
                mine: mine_field
                    .get()
                    .is_some_and(|m| m.checked())
                    .then(|| "yes".to_owned()),
                ..Default::default()
            })
        });
    };
    let clear = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        on_apply.run(Filters::default());
    };
    let age_option = move |value: &'static str, label: &'static str, selected: bool| {
        view! { <option value=value selected=selected>{label}</option> }
    };
    view! {
        <form method="post" action=if query.list { "/register?view=list" } else { "/register" } class="dsr-filters" aria-label="Filter the register" on:submit=submit>
            {query.list.then(|| view! { <input type="hidden" name="view" value="list"/> })}
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || search_error.get().is_some()>
                <label class="nhsuk-label" for="filter-q">"Search by name or NHS number"</label>
                <div class="nhsuk-hint" id="filter-q-hint">"At least 3 letters or numbers"</div>
                {crate::layout::error_message("filter-q".into(), search_error)}
                <input
                    class="nhsuk-input nhsuk-input--width-20"
                    class:nhsuk-input--error=move || search_error.get().is_some()
                    id="filter-q"
                    name="q"
                    type="search"
                    value=query.q.clone()
                    autocomplete="off"
                    aria-describedby=move || if search_error.get().is_some() { "filter-q-hint filter-q-error" } else { "filter-q-hint" }
                    node_ref=q_field
                />
            </div>
            <div class="nhsuk-form-group" hidden=!show_age>
                <label class="nhsuk-label" for="filter-age">"Age group"</label>
                <select class="nhsuk-select" id="filter-age" name="age" node_ref=age_field>
                    {age_option("", "Children and adults", query.age.is_none())}
                    {age_option("child", "Children (under 18)", query.age == Some(AgeGroup::Child))}
                    {age_option("adult", "Adults (18 and over)", query.age == Some(AgeGroup::Adult))}
                </select>
            </div>
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    {(!show_age).then(|| view! {
                        <div class="nhsuk-checkboxes__item">
                            <input class="nhsuk-checkboxes__input" id="filter-mine" name="mine" type="checkbox" value="yes" checked=query.mine node_ref=mine_field/>
                            <label class="nhsuk-label nhsuk-checkboxes__label" for="filter-mine">"Only people I support"</label>
                        </div>
                    })}
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="filter-overdue" name="overdue" type="checkbox" value="yes" checked=query.overdue node_ref=overdue_field/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="filter-overdue">"Only reviews that are overdue"</label>
                    </div>
                </div>
            </div>
            <div class="nhsuk-form-group">
                <fieldset class="nhsuk-fieldset" aria-describedby="filter-needs-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"What needs doing"</legend>
                    <div class="nhsuk-hint" id="filter-needs-hint">{if show_age { "Only people who need everything you tick." } else { "Only people you work with who need everything you tick." }}</div>
                    <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                        {NeedsFilter::FIELDS.iter().zip(need_fields).map(|((name, label), field)| {
                            let id = format!("filter-{name}");
                            view! {
                                <div class="nhsuk-checkboxes__item">
                                    <input class="nhsuk-checkboxes__input" id=id.clone() name=*name type="checkbox" value="yes" checked=query.needs.get(name) node_ref=field/>
                                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{*label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Apply filters"</button>
            <a class="dsr-clear-filters" href=BoardQuery::default().as_list(query.list).href() on:click=clear>"Clear filters"</a>
        </form>
    }
}
