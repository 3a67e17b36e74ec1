//! What changed about someone since the last DSR meeting, as plain outlined marks: never
//! in a rating's colours, so they cannot be read as a rating from across a room.

use crate::models::SinceMark;
use leptos::prelude::*;

/// The marks in one line, read out after "Changed since the last meeting"; nothing when
/// there are none.
#[component]
pub fn SinceMarks(marks: Vec<SinceMark>) -> impl IntoView {
    (!marks.is_empty()).then(|| {
        let words: Vec<String> = marks.into_iter().map(SinceMark::words).collect();
        view! {
            <p class="dsr-since" data-testid="since-marks">
                <span class="nhsuk-u-visually-hidden">{format!("Changed since the last meeting: {}.", words.join(", "))}</span>
                {words
                    .into_iter()
                    .map(|words| view! { <span class="dsr-since__mark" aria-hidden="true">{words}</span> })
                    .collect_view()}
            </p>
        }
    })
}
