//! One person's card on the board.

use crate::{
    layout::{tag_class, DueWords},
    models::{format_date, uk_today, ConsentStanding, ShownCard},
    people::{RatingActions, RatingForm},
};
use chrono::NaiveDate;
use leptos::prelude::*;

/// Name, rating and since when, next review (overdue said in words); for a caller who
/// may see the record also age group, setting, consent, open actions, the item the policy
/// asks for next, a link to it and a collapsed "Change rating". The form itself is drawn only once it is
/// opened in the browser, which keeps the board's HTML small; without JavaScript, opening
/// it offers the person's page, whose form works as a plain post.
#[component]
pub fn Card(
    card: ShownCard,
    today: NaiveDate,
    actions: RatingActions,
    /// Whether the card has just changed.
    highlighted: Signal<bool>,
) -> impl IntoView {
    let overdue = card.is_overdue(today);
    // A brief card: the caller may not open the record or change the rating.
    let full = card.full().cloned();
    let id = card.id();
    let name = card.name().to_owned();
    let open = RwSignal::new(actions.keeps_open(id));
    let toggled = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            if let Some(details) = _ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            {
                open.set(details.open());
            }
        }
    };
    let person_href = format!("/people/{id}#change-rating");
    let name_id = format!("card-{id}");
    let labelled_by = name_id.clone();
    // Text is joined before rendering: a card is drawn 80 times per board.
    let rating = card.rating();
    let rating_class = tag_class(rating);
    let since = format!(" since {}", format_date(uk_today(card.rating_since())));
    let about = full.as_ref().map(|c| {
        format!(
            "{} · {}",
            c.detail.age_group.label(),
            c.detail.setting.label()
        )
    });
    let consent = full.as_ref().and_then(|c| c.detail.consent.flag());
    let dues = full
        .as_ref()
        .map(|c| c.due_lines(today))
        .unwrap_or_default();
    let due = format_date(card.review_due());
    // The card's dark edge: anything on it is late (never a rating's colour).
    let anything_late = overdue
        || dues.iter().any(|(_, late)| *late)
        || full
            .as_ref()
            .is_some_and(|c| matches!(c.detail.consent, ConsentStanding::Overdue(_)));
    let due = if overdue {
        format!(" was due {due}")
    } else {
        format!("Next review due {due}")
    };
    let hidden_name = format!(" for {name}");
    let link_text = format!("Change the rating on {name}'s page");
    view! {
        <li class="dsr-card" class:dsr-card--overdue=anything_late class:dsr-card--highlight=move || highlighted.get() aria-labelledby=labelled_by>
            <h3 class="dsr-card__name" id=name_id>
                {if full.is_some() {
                    view! { <a href=format!("/people/{id}")>{name.clone()}</a> }.into_any()
                } else {
                    name.clone().into_any()
                }}
            </h3>
            <p class="dsr-card__meta"><strong class=rating_class>{rating.label()}</strong>{since}</p>
            {about.map(|about| view! { <p class="dsr-card__meta">{about}</p> })}
            {consent.map(|flag| view! { <p class="dsr-card__meta"><strong class="dsr-flag">{flag}</strong></p> })}
            {dues.into_iter().map(|(words, overdue)| view! {
                <p class="dsr-card__meta"><DueWords words late=overdue/></p>
            }).collect_view()}
            <p class="dsr-card__due">
                {overdue.then(|| view! { <strong class="dsr-overdue">"Review overdue"</strong> })}
                {due}
            </p>
            {full.map(|card| view! {
            <details class="nhsuk-details dsr-card__change" open=open.get_untracked() on:toggle=toggled>
                <summary class="nhsuk-details__summary">
                    <span class="nhsuk-details__summary-text">"Change rating"<span class="nhsuk-u-visually-hidden">{hidden_name}</span></span>
                </summary>
                <div class="nhsuk-details__text">
                    {move || if open.get() {
                        view! { <RatingForm card=card.clone() actions/> }.into_any()
                    } else {
                        view! { <a href=person_href.clone()>{link_text.clone()}</a> }.into_any()
                    }}
                </div>
            </details>
            })}
        </li>
    }
}
