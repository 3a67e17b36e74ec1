//! A rating shown as a coloured tag that always carries the rating's name in words.

use crate::models::Rating;
use leptos::prelude::*;

/// The rating's name in a tag of its colour.
#[component]
pub fn RatingTag(rating: Rating) -> impl IntoView {
    view! { <strong class=format!("nhsuk-tag dsr-tag dsr-tag--{}", rating.code())>{rating.label()}</strong> }
}
