//! `/`: what the Dynamic Support Register is, in plain words.

use crate::models::Rating;
use leptos::prelude::*;
use leptos_meta::Title;

/// The public home page.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Dynamic Support Register"/>
        <h1>"Dynamic Support Register"</h1>
        <p class="nhsuk-lede-text">"A list of people who need extra help to stay well at home."</p>
        <h2>"Who is it for?"</h2>
        <p>"It is for autistic people."</p>
        <p>"It is for people with a learning disability."</p>
        <p>"It is for children, young people and adults."</p>
        <p>"They may be in a mental-health hospital now."</p>
        <p>"Or they may be at risk of going into one."</p>
        <h2>"What does the register do?"</h2>
        <p>"It helps health, social care and education staff work together."</p>
        <p>"It shows who needs help most, and quickly."</p>
        <p>"It helps people stay safely at home when that is right for them."</p>
        <h2>"What do the colours mean?"</h2>
        <ul class="nhsuk-list">
            {Rating::ALL
                .iter()
                .map(|r| view! { <li><strong class=format!("nhsuk-tag dsr-tag dsr-tag--{}", r.code())>{r.label()}</strong> " " {r.meaning()}</li> })
                .collect_view()}
        </ul>
        <h2>"Do I have to join?"</h2>
        <p>"No. Joining is your choice."</p>
        <p>"You can change your mind at any time."</p>
        <p>"Your care will not change if you leave."</p>
        <h2>"Where do staff go?"</h2>
        <p><a href="/register">"Open the register board"</a></p>
    }
}
