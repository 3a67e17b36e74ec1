//! Cards drawn once as HTML and kept, so the board's server render copies them instead of
//! building each card's view again. A card's HTML depends only on the card (a full card's
//! version says when it changed; a brief card's name, rating and dates say it) and the
//! day, so that is the key. The browser draws its own live
//! cards once the page is running.

use super::card::Card;
use crate::{
    models::{CardDetail, PersonId, Rating, ShownCard},
    people::RatingActions,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::{collections::HashMap, sync::Mutex};

/// Cards kept; when full, the whole store starts again.
const KEPT: usize = 5_000;

/// What a card's HTML depends on: whose card, the full card's version and details (consent
/// standing, action counts; none for a brief card), the name, the rating, since when and
/// the review date, and the day.
type Key = (
    PersonId,
    Option<(i64, CardDetail)>,
    String,
    Rating,
    chrono::DateTime<chrono::Utc>,
    NaiveDate,
    NaiveDate,
);

/// This instance's kept card HTML.
#[derive(Debug, Default)]
pub struct CardHtml {
    kept: Mutex<HashMap<Key, String>>,
}

impl CardHtml {
    /// The HTML of `cards` on `today`, one after another, drawing any not kept yet.
    pub fn list(&self, cards: &[ShownCard], today: NaiveDate, actions: RatingActions) -> String {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let mut html = String::new();
        for card in cards {
            let key = (
                card.id(),
                card.full().map(|c| (c.version, c.detail)),
                card.name().to_owned(),
                card.rating(),
                card.rating_since(),
                card.review_due(),
                today,
            );
            if kept.len() >= KEPT && !kept.contains_key(&key) {
                kept.clear();
            }
            let drawn = kept.entry(key).or_insert_with(|| {
                view! {
                    <Card card=card.clone() today actions highlighted=Signal::stored(false)/>
                }
                .to_html()
            });
            html.push_str(drawn);
        }
        html
    }
}
