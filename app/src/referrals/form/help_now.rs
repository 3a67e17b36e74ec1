//! What to do if someone is in crisis today: the form's contact within days is not help
//! tonight. Shown on the start page, the "what is happening" question and the
//! confirmation.

use leptos::prelude::*;

/// Where to get help now: NHS 111 (the mental health option), or 999 in an emergency.
#[component]
pub fn HelpNow() -> impl IntoView {
    view! {
        <div class="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent dsr-help-now">
            <div class="nhsuk-card--care__heading-container">
                <h2 class="nhsuk-card--care__heading">
                    <span class="nhsuk-u-visually-hidden">"Urgent advice: "</span>"If someone needs help now"
                </h2>
                <span class="nhsuk-card--care__arrow" aria-hidden="true"></span>
            </div>
            <div class="nhsuk-card__content">
                <p>"This form is not for a crisis. We reply within days, not today."</p>
                <p>"If someone is in crisis now, call "<a href="tel:111">"NHS 111"</a>" and choose the mental health option."</p>
                <p>"Call "<a href="tel:999">"999"</a>" if someone is in danger or badly hurt."</p>
            </div>
        </div>
    }
}
