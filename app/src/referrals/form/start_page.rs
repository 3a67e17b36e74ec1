//! The form's start page: what the form is for, what you need, and the start button.
//! It is drawn in full on the server and needs no client code. For a family it is easy
//! read, a picture beside each point; every word on it is in [`WORDS`].

use super::help_now::HelpNow;
use crate::{
    models::Question,
    pages::{EasyPoints, Picture, Point},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The start page's words.
struct Words {
    family_heading: &'static str,
    professional_heading: &'static str,
    /// Follows each heading in the page's title.
    title_end: &'static str,
    deleted: &'static str,
    family_about: &'static [Point],
    needs_heading: &'static str,
    needs: &'static [Point],
    saved: &'static [Point],
    professional_about: [&'static str; 2],
    start: &'static str,
}

/// Every text on the start page (a translation would be another table like this one).
const WORDS: Words = Words {
    family_heading: "Refer yourself or your child to the Dynamic Support Register",
    professional_heading: "Refer someone to the Dynamic Support Register",
    title_end: " - Dynamic Support Register",
    deleted: "Your answers have been deleted from this device.",
    family_about: &[
        Point {
            picture: Picture::Form,
            lines: &["Use this form for yourself or for your child."],
        },
        Point {
            picture: Picture::People,
            lines: &["It is for autistic people and people with a learning disability."],
        },
        Point {
            picture: Picture::Hospital,
            lines: &["It is for people who may need to go into a mental health hospital."],
        },
        Point {
            picture: Picture::Clock,
            lines: &["It takes about 10 minutes."],
        },
    ],
    needs_heading: "What do you need?",
    needs: &[
        Point {
            picture: Picture::Card,
            lines: &[
                "The name and date of birth of the person you are referring.",
                "Their NHS number, if you know it.",
            ],
        },
        Point {
            picture: Picture::Phone,
            lines: &["A phone number or email address, so we can contact you."],
        },
    ],
    saved: &[Point {
        picture: Picture::Saved,
        lines: &[
            "Your answers are saved as you go.",
            "You can stop and come back later.",
        ],
    }],
    professional_about: [
        "Use this form to refer someone you support who is at risk of going into a mental-health hospital.",
        "You will be asked about the person, what is happening, what has been tried, risks, and consent. The LDA team decides the rating after assessment.",
    ],
    start: "Start now",
};

/// The start page: what the form is for, what you need, and the start button.
pub(super) fn start_view(
    base: &'static str,
    professional: bool,
    deleted: bool,
    first: Question,
) -> impl IntoView {
    let w = &WORDS;
    let (heading, column) = if professional {
        (w.professional_heading, "nhsuk-grid-column-two-thirds")
    } else {
        (
            w.family_heading,
            "nhsuk-grid-column-two-thirds dsr-easy-read",
        )
    };
    view! {
        <Title text=format!("{heading}{}", w.title_end)/>
        <div class="nhsuk-grid-row">
            <div class=column>
                {deleted.then(|| view! {
                    <div class="nhsuk-inset-text" role="status"><p>{w.deleted}</p></div>
                })}
                <h1>{heading}</h1>
                {if professional {
                    w.professional_about.iter().map(|text| view! { <p>{*text}</p> }).collect_view().into_any()
                } else {
                    view! {
                        <EasyPoints points=w.family_about/>
                        <h2>{w.needs_heading}</h2>
                        <EasyPoints points=w.needs/>
                        <EasyPoints points=w.saved/>
                        <HelpNow/>
                    }.into_any()
                }}
                <a class="nhsuk-button nhsuk-button--start" role="button" draggable="false" href=format!("{base}?page={}", first.slug())>{w.start}</a>
            </div>
        </div>
    }
}
