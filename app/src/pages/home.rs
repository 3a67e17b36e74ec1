//! `/`: what the Dynamic Support Register is, in easy-read words, and how to join it.
//! Short sentences (15 words at most), one idea each, headings as questions.

use crate::models::Rating;
use leptos::prelude::*;
use leptos_meta::Title;

/// The public home page.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Dynamic Support Register"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds dsr-easy-read">
                <h1>"Dynamic Support Register"</h1>
                <p class="nhsuk-lede-text">"A list of people who need extra help to stay well at home."</p>
                <a class="nhsuk-button" role="button" draggable="false" href="/refer">"Complete self-referral form"</a>

                <h2>"Who is the register for?"</h2>
                <p>"It is for autistic people."</p>
                <p>"It is for people with a learning disability."</p>
                <p>"It is for children, young people and adults."</p>
                <p>"They may be in a mental-health hospital now."</p>
                <p>"Or they may be at risk of going into one."</p>

                <h2>"What does the register do?"</h2>
                <p>"It helps health, social care and education staff work together."</p>
                <p>"It shows who needs help most."</p>
                <p>"It helps people get the right support quickly."</p>
                <p>"It helps people stay safely at home when that is right for them."</p>

                <h2>"What do the colours mean?"</h2>
                <p>"Each person on the register has a colour."</p>
                <p>"The colour shows how likely a hospital stay is."</p>
                <ul class="nhsuk-list">
                    {Rating::ALL
                        .iter()
                        .map(|r| view! { <li><strong class=format!("nhsuk-tag dsr-tag dsr-tag--{}", r.code())>{r.label()}</strong> " " {r.meaning()}</li> })
                        .collect_view()}
                </ul>
                <p>"The colour can change when things get better or worse."</p>

                <h2>"Do I have to join?"</h2>
                <p>"No. Joining is your choice."</p>
                <p>"We ask you to agree before you join."</p>
                <p>"For children under 16, a parent or carer agrees."</p>
                <p>"We also ask the child what they think."</p>
                <p>"You can change your mind at any time."</p>
                <p>"Leaving the register will not change your care."</p>

                <h2>"Who will see my information?"</h2>
                <p>"The learning disability and autism team at your local NHS will see it."</p>
                <p>"Staff who support you will see it too."</p>
                <p>"This can be health, social care or education staff."</p>
                <p>"They only see it to help you."</p>
                <p>"We keep a record of everyone who looks at it."</p>

                <h2>"How do I join?"</h2>
                <p>"You can fill in a form yourself."</p>
                <p>"You can fill it in for your child."</p>
                <p>"It takes about 10 minutes."</p>
                <p>"Your answers are saved on your device as you go."</p>
                <p>"The team will contact you after you send it."</p>
                <p>"A professional who supports you can also refer you."</p>
                <a class="nhsuk-button" role="button" draggable="false" href="/refer">"Complete self-referral form"</a>

                <h2>"Are you a professional?"</h2>
                <p><a href="/login">"Sign in to the register"</a></p>
                <p><a href="/join">"Register for an account"</a></p>
            </div>
        </div>
    }
}
