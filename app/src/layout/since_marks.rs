//! What changed about someone since the last DSR meeting, as plain outlined marks: never
//! in a rating's colours, so they cannot be read as a rating from across a room.

use crate::models::SinceMark;
use leptos::prelude::*;

/// The marks, as a short list; nothing when there are none.
#[component]
pub fn SinceMarks(marks: Vec<SinceMark>) -> impl IntoView {
    (!marks.is_empty()).then(|| {
        view! {
            <ul class="dsr-since" aria-label="Changed since the last meeting">
                {marks
                    .into_iter()
                    .map(|mark| view! { <li class="dsr-since__mark">{mark.words()}</li> })
                    .collect_view()}
            </ul>
        }
    })
}
