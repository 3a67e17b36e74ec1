//! `/`: what the Dynamic Support Register is, in easy-read words with a picture beside
//! each point, and how to join it. Short sentences (15 words at most), one idea each,
//! headings as questions. Every word on the page is in [`WORDS`].

use super::points::{ColourSection, Colours, EasyPoint, EasySection, Picture, Point, Section};
use crate::models::Rating;
use leptos::prelude::*;
use leptos_meta::Title;

/// The home page's words.
pub(super) struct Words {
    pub title: &'static str,
    pub lede: &'static str,
    pub start: &'static str,
    pub who_for: Section,
    pub what_it_does: Section,
    pub colours: Colours,
    pub choice: Section,
    pub who_sees: Section,
    pub joining: Section,
    pub professionals: &'static str,
    pub sign_in: &'static str,
    pub register: &'static str,
    pub easy_read: &'static str,
}

/// Every text on the home page (a translation would be another table like this one).
pub(super) const WORDS: Words = Words {
    title: "Dynamic Support Register",
    lede: "A list of people who need extra help to stay well at home.",
    start: "Complete self-referral form",
    who_for: Section {
        heading: "Who is the register for?",
        points: &[
            Point {
                picture: Picture::People,
                lines: &[
                    "It is for autistic people.",
                    "It is for people with a learning disability.",
                    "It is for children, young people and adults.",
                ],
            },
            Point {
                picture: Picture::Hospital,
                lines: &[
                    "They may be in a mental health hospital now.",
                    "Or they may be at risk of going into one.",
                ],
            },
        ],
    },
    what_it_does: Section {
        heading: "What does the register do?",
        points: &[
            Point {
                picture: Picture::Together,
                lines: &["It helps health, social care and education staff work together."],
            },
            Point {
                picture: Picture::Support,
                lines: &[
                    "It shows who needs help most.",
                    "It helps people get the right support quickly.",
                ],
            },
            Point {
                picture: Picture::Home,
                lines: &["It helps people stay safely at home when that is right for them."],
            },
        ],
    },
    colours: Colours {
        heading: "What do the colours mean?",
        before: &[Point {
            picture: Picture::Colours,
            lines: &[
                "Each person on the register has a colour.",
                "The colour shows how likely a hospital stay is.",
            ],
        }],
        ratings: [
            (Rating::Blue, "The person is in hospital now."),
            (
                Rating::Red,
                "The person may have to go into hospital very soon.",
            ),
            (
                Rating::Amber,
                "The person may go into hospital without urgent help.",
            ),
            (
                Rating::Green,
                "There are risks, but support is keeping them under control.",
            ),
        ],
        after: &[Point {
            picture: Picture::ColourChange,
            lines: &["The colour can change when things get better or worse."],
        }],
    },
    choice: Section {
        heading: "Do I have to join?",
        points: &[
            Point {
                picture: Picture::Agree,
                lines: &[
                    "No. Joining is your choice.",
                    "We ask you to agree before you join.",
                ],
            },
            Point {
                picture: Picture::Child,
                lines: &[
                    "For children under 16, a parent or carer agrees.",
                    "We also ask the child what they think.",
                ],
            },
            Point {
                picture: Picture::Change,
                lines: &[
                    "You can change your mind at any time.",
                    "Leaving the register will not change your care.",
                ],
            },
        ],
    },
    who_sees: Section {
        heading: "Who will see my information?",
        points: &[
            Point {
                picture: Picture::Professional,
                lines: &[
                    "The learning disability and autism team at your local NHS will see it.",
                    "Staff who support you will see it too.",
                    "This can be health, social care or education staff.",
                ],
            },
            Point {
                picture: Picture::Padlock,
                lines: &["They only see it to help you."],
            },
            Point {
                picture: Picture::Eye,
                lines: &["We keep a record of everyone who looks at it."],
            },
        ],
    },
    joining: Section {
        heading: "How do I join?",
        points: &[
            Point {
                picture: Picture::Form,
                lines: &[
                    "You can fill in a form yourself.",
                    "You can fill it in for your child.",
                ],
            },
            Point {
                picture: Picture::Clock,
                lines: &["It takes about 10 minutes."],
            },
            Point {
                picture: Picture::Saved,
                lines: &["Your answers are saved as you go."],
            },
            Point {
                picture: Picture::Phone,
                lines: &["The team will contact you after you send it."],
            },
            Point {
                picture: Picture::Professional,
                lines: &["A professional who supports you can also refer you."],
            },
        ],
    },
    professionals: "Are you a professional?",
    sign_in: "Sign in to the register",
    register: "Register for an account",
    easy_read: "Easy read information to print for families",
};

/// The public home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let w = &WORDS;
    let start = move || {
        view! { <a class="nhsuk-button" role="button" draggable="false" href="/refer">{w.start}</a> }
    };
    view! {
        <Title text=w.title/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds dsr-easy-read">
                <h1>{w.title}</h1>
                <EasyPoint picture=Picture::Register>
                    <p class="nhsuk-lede-text">{w.lede}</p>
                </EasyPoint>
                {start()}
                <EasySection section=&w.who_for/>
                <EasySection section=&w.what_it_does/>
                <ColourSection colours=&w.colours/>
                <EasySection section=&w.choice/>
                <EasySection section=&w.who_sees/>
                <EasySection section=&w.joining/>
                {start()}
                <h2>{w.professionals}</h2>
                <p><a href="/login">{w.sign_in}</a></p>
                <p><a href="/join">{w.register}</a></p>
                <p><a href="/easy-read">{w.easy_read}</a></p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratings_are_in_board_order() {
        let listed: Vec<Rating> = WORDS.colours.ratings.iter().map(|(r, _)| *r).collect();
        assert_eq!(listed, Rating::ALL);
    }
}
