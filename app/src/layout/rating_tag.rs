//! A rating shown as a coloured tag that always carries the rating's name in words.

use crate::models::Rating;
use leptos::prelude::*;

/// The rating's name in a tag of its colour.
#[component]
pub fn RatingTag(rating: Rating) -> impl IntoView {
    view! { <strong class=tag_class(rating)>{rating.label()}</strong> }
}

/// The classes of a rating's tag, for places that draw it inline.
pub fn tag_class(rating: Rating) -> String {
    format!("nhsuk-tag dsr-tag dsr-tag--{}", rating.code())
}
