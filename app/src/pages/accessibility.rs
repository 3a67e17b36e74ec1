//! `/accessibility`: the accessibility statement public-sector websites must publish.

use leptos::prelude::*;
use leptos_meta::Title;

/// The accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Accessibility statement - Dynamic Support Register"/>
        <h1>"Accessibility statement"</h1>
        <p>"This statement covers the Digital Dynamic Support Register portal."</p>
        <p>"We want as many people as possible to be able to use it. You should be able to:"</p>
        <ul>
            <li>"change colours, contrast levels and fonts using your browser or device settings"</li>
            <li>"zoom in up to 400% without the text spilling off the screen"</li>
            <li>"move through the whole service using just a keyboard"</li>
            <li>"use the service with a screen reader"</li>
        </ul>
        <p>"Colour ratings are always shown in words as well as colour."</p>
        <h2>"How accessible this website is"</h2>
        <p>"We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page is checked with automated accessibility tests each time the service changes."</p>
        <h2>"Reporting problems and asking for other formats"</h2>
        <p>"If you find a problem, or need information in a different format such as easy read or large print, contact your Integrated Care Board's learning disability and autism team. We will reply within 5 working days."</p>
        <h2>"Enforcement procedure"</h2>
        <p>"The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS)."</p>
        <h2>"Preparation of this statement"</h2>
        <p>"This statement was prepared on 23 November 2026."</p>
    }
}
