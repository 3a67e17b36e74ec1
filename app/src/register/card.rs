//! One person's card on the board.

use crate::{
    layout::RatingTag,
    models::{format_date, uk_today, BoardCard},
    people::{RatingActions, RatingForm},
};
use chrono::NaiveDate;
use leptos::prelude::*;

/// Name, age group, setting, rating and since when, next review (overdue said in
/// words), and a collapsed form to change the rating.
#[component]
pub fn Card(
    card: BoardCard,
    today: NaiveDate,
    actions: RatingActions,
    /// Whether the card has just changed.
    highlighted: Signal<bool>,
) -> impl IntoView {
    let overdue = card.is_overdue(today);
    let name_id = format!("card-{}", card.id);
    let labelled_by = name_id.clone();
    view! {
        <li class="dsr-card" class:dsr-card--overdue=overdue class:dsr-card--highlight=move || highlighted.get() aria-labelledby=labelled_by>
            <h3 class="dsr-card__name" id=name_id>
                <a href=format!("/people/{}", card.id)>{card.name.clone()}</a>
            </h3>
            <p class="dsr-card__meta">
                <RatingTag rating=card.rating/>
                " since " {format_date(uk_today(card.rating_since))}
            </p>
            <p class="dsr-card__meta">{card.age_group.label()} " · " {card.setting.label()}</p>
            <p class="dsr-card__due">
                {if overdue {
                    view! { <strong class="dsr-overdue">"Review overdue: "</strong> "was due " {format_date(card.review_due)} }.into_any()
                } else {
                    view! { "Next review due " {format_date(card.review_due)} }.into_any()
                }}
            </p>
            <details class="nhsuk-details dsr-card__change" open=actions.keeps_open(card.id)>
                <summary class="nhsuk-details__summary">
                    <span class="nhsuk-details__summary-text">"Change rating"<span class="nhsuk-u-visually-hidden">" for " {card.name.clone()}</span></span>
                </summary>
                <div class="nhsuk-details__text">
                    <RatingForm card=card.clone() actions/>
                </div>
            </details>
        </li>
    }
}
