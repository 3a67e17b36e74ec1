//! `/accessibility`: the accessibility statement public-sector websites must publish.
//! Every word on the page is in [`WORDS`].

use leptos::prelude::*;
use leptos_meta::Title;

/// A heading and the paragraph under it.
struct Part {
    heading: &'static str,
    text: &'static str,
}

/// The accessibility statement's words.
struct Words {
    title: &'static str,
    heading: &'static str,
    covers: &'static str,
    able: &'static str,
    abilities: [&'static str; 4],
    colours: &'static str,
    parts: [Part; 4],
}

/// Every text on the accessibility statement (a translation would be another table like
/// this one).
const WORDS: Words = Words {
    title: "Accessibility statement - Dynamic Support Register",
    heading: "Accessibility statement",
    covers: "This statement covers the Digital Dynamic Support Register portal.",
    able: "We want as many people as possible to be able to use it. You should be able to:",
    abilities: [
        "change colours, contrast levels and fonts using your browser or device settings",
        "zoom in up to 400% without the text spilling off the screen",
        "move through the whole service using just a keyboard",
        "use the service with a screen reader",
    ],
    colours: "Colour ratings are always shown in words as well as colour.",
    parts: [
        Part {
            heading: "How accessible this website is",
            text: "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page is checked with automated accessibility tests each time the service changes.",
        },
        Part {
            heading: "Reporting problems and asking for other formats",
            text: "If you find a problem, or need information in a different format such as easy read or large print, contact your Integrated Care Board's learning disability and autism team. We will reply within 5 working days.",
        },
        Part {
            heading: "Enforcement procedure",
            text: "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).",
        },
        Part {
            heading: "Preparation of this statement",
            text: "This statement was prepared on 23 November 2026.",
        },
    ],
};

/// The accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let w = &WORDS;
    view! {
        <Title text=w.title/>
        <h1>{w.heading}</h1>
        <p>{w.covers}</p>
        <p>{w.able}</p>
        <ul>{w.abilities.iter().map(|a| view! { <li>{*a}</li> }).collect_view()}</ul>
        <p>{w.colours}</p>
        {w.parts.iter().map(|part| view! { <h2>{part.heading}</h2><p>{part.text}</p> }).collect_view()}
    }
}
