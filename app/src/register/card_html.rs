//! Board cards drawn once as HTML and kept (`layout::KeptHtml`), so the board's server
//! render copies them instead of building each card's view again. A card's HTML depends
//! only on the card (a full card's version says when it changed; a brief card's name,
//! rating and dates say it) and the day, so that is the key.

use super::card::Card;
use crate::{
    layout::KeptHtml,
    models::{CardDetail, PersonId, Rating, ShownCard},
    people::RatingActions,
};
use chrono::NaiveDate;
use leptos::prelude::*;

/// What a card's HTML depends on: whose card, the full card's version and details (consent
/// standing, action counts; none for a brief card), the name, the rating, since when and
/// the review date, and the day.
pub type CardKey = (
    PersonId,
    Option<(i64, CardDetail)>,
    String,
    Rating,
    chrono::DateTime<chrono::Utc>,
    NaiveDate,
    NaiveDate,
);

/// The key of `card`'s HTML on `today`.
pub fn card_key(card: &ShownCard, today: NaiveDate) -> CardKey {
    (
        card.id(),
        card.full().map(|c| (c.version, c.detail)),
        card.name().to_owned(),
        card.rating(),
        card.rating_since(),
        card.review_due(),
        today,
    )
}

/// The HTML of `cards` on `today` as board cards, one after another, from `kept`.
pub fn cards_html(
    kept: &KeptHtml<CardKey>,
    cards: &[ShownCard],
    today: NaiveDate,
    actions: RatingActions,
) -> String {
    kept.list(
        cards,
        |card| card_key(card, today),
        |card| {
            view! { <Card card=card.clone() today actions highlighted=Signal::stored(false)/> }
                .to_html()
        },
    )
}
