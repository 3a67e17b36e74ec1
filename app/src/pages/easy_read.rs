//! `/easy-read`: the Dynamic Support Register in easy-read words with pictures, for
//! professionals to print and hand to families (the print styles drop the portal's
//! header and footer and keep each picture with its words). Every word on the page is in
//! [`WORDS`]; the colours are the home page's.

use super::points::{ColourSection, EasyPoint, EasyPoints, EasySection, Picture, Point, Section};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// The easy-read page's words.
struct Words {
    title: &'static str,
    heading: &'static str,
    print: &'static str,
    intro: &'static [Point],
    what_it_is: Section,
    who_for: Section,
    how_it_helps: Section,
    choice: Section,
    who_sees: Section,
    how_long: Section,
    joining: &'static str,
    form: &'static [&'static str],
    professional: &'static [Point],
    /// What the team does next, given the working days it has to make contact.
    contact: fn(u32) -> String,
    after_contact: &'static str,
    asking: Section,
}

/// Every text on the easy-read page (a translation would be another table like this one).
const WORDS: Words = Words {
    title: "Easy read information - Dynamic Support Register",
    heading: "The Dynamic Support Register: easy read",
    print: "To print this page for a family, use your browser's print option.",
    intro: &[Point {
        picture: Picture::Question,
        lines: &[
            "This information is about the Dynamic Support Register.",
            "It helps you decide if you want to join it.",
            "Ask someone you trust to read it with you.",
        ],
    }],
    what_it_is: Section {
        heading: "What is the Dynamic Support Register?",
        points: &[
            Point {
                picture: Picture::Register,
                lines: &[
                    "It is a list of people who need extra help.",
                    "Your local NHS keeps it with social care and education.",
                ],
            },
            Point {
                picture: Picture::Together,
                lines: &[
                    "Health, social care and education staff meet to talk about it.",
                    "They work together to get each person the right support.",
                ],
            },
            Point {
                picture: Picture::Home,
                lines: &[
                    "Most people do better with support at home or near home.",
                    "The register helps people stay safely at home.",
                ],
            },
        ],
    },
    who_for: Section {
        heading: "Who is it for?",
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
                    "It is for people who are in a mental health hospital now.",
                    "It is also for people who may have to go into one.",
                ],
            },
        ],
    },
    how_it_helps: Section {
        heading: "How can the register help me?",
        points: &[
            Point {
                picture: Picture::Register,
                lines: &["Staff meet often to check that everyone does what they said."],
            },
            Point {
                picture: Picture::Support,
                lines: &[
                    "They try to change your support quickly when your needs change.",
                    "They look for support that is just right for you.",
                ],
            },
            Point {
                picture: Picture::Professional,
                lines: &[
                    "Children and young people may be offered a keyworker.",
                    "A keyworker is a person who helps you and your family.",
                ],
            },
            Point {
                picture: Picture::Together,
                lines: &[
                    "You may be offered a Care and Treatment Review.",
                    "It is a meeting to check that your care is right.",
                    "For children it is called a Care, Education and Treatment Review.",
                ],
            },
        ],
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
                picture: Picture::Question,
                lines: &[
                    "Some people cannot make this choice for themselves.",
                    "Then the people who know them decide what is best for them.",
                ],
            },
            Point {
                picture: Picture::Change,
                lines: &[
                    "You can change your mind at any time.",
                    "Leaving the register will not change your care.",
                    "You can join again later if you need to.",
                ],
            },
        ],
    },
    who_sees: Section {
        heading: "Who will see my information?",
        points: &[
            Point {
                picture: Picture::People,
                lines: &["You will, and your family or carers if you want them to."],
            },
            Point {
                picture: Picture::Professional,
                lines: &[
                    "Health, social care and education staff who support you will see it.",
                    "Staff who go to the register meetings will see it.",
                ],
            },
            Point {
                picture: Picture::Padlock,
                lines: &[
                    "They only see it to help you.",
                    "You choose if you want to tell anyone else.",
                ],
            },
            Point {
                picture: Picture::Eye,
                lines: &["We keep a record of everyone who looks at it."],
            },
        ],
    },
    how_long: Section {
        heading: "How long will I be on the register?",
        points: &[Point {
            picture: Picture::Clock,
            lines: &[
                "You come off the register when the risk of hospital has gone.",
                "Staff ask you and your family what you think first.",
            ],
        }],
    },
    joining: "How do I join?",
    form: &[
        "You can fill in a form on the internet.",
        "You can fill it in for yourself or for your child.",
        "The form is at this address:",
    ],
    professional: &[Point {
        picture: Picture::Professional,
        lines: &["Or a professional who supports you can refer you."],
    }],
    contact: contact_words,
    after_contact: "They talk with you before you are added to the register.",
    asking: Section {
        heading: "Who can I ask for help?",
        points: &[
            Point {
                picture: Picture::Question,
                lines: &[
                    "Ask the person who gave you this information.",
                    "Or ask someone you trust.",
                ],
            },
            Point {
                picture: Picture::Phone,
                lines: &[
                    "You can also contact your local NHS learning disability and autism team.",
                ],
            },
        ],
    },
};

/// When the team will be in touch, in [`WORDS`]' language.
fn contact_words(days: u32) -> String {
    let unit = if days == 1 {
        "working day"
    } else {
        "working days"
    };
    format!("The team will contact you within {days} {unit}.")
}

/// What the page needs from the server: where the form is, and the contact target.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Service {
    /// The site's address without its scheme, as a family would type it.
    address: String,
    contact_days: u32,
}

/// The site's address (the public origin when set, or the host the page was asked for)
/// and the working days the team has to make contact, from the settings.
fn service() -> Service {
    #[cfg(feature = "ssr")]
    {
        let state = crate::state::AppState::current().ok();
        let origin = state
            .as_ref()
            .and_then(|s| s.settings.public_origin.clone());
        let host = || {
            use_context::<axum::http::request::Parts>()?
                .headers
                .get(axum::http::header::HOST)?
                .to_str()
                .ok()
                .map(str::to_owned)
        };
        let address = origin
            .map(|o| {
                o.split_once("://")
                    .map_or(o.clone(), |(_, rest)| rest.to_owned())
            })
            .or_else(host)
            .unwrap_or_default();
        let contact_days = state.map_or_else(
            || crate::models::ReferralTerms::default().contact_days,
            |s| s.settings.referrals.contact_days,
        );
        Service {
            address: address.trim_end_matches('/').to_owned(),
            contact_days,
        }
    }
    #[cfg(not(feature = "ssr"))]
    Service {
        address: String::new(),
        contact_days: crate::models::ReferralTerms::default().contact_days,
    }
}

/// The printable easy-read page.
#[component]
pub fn EasyReadPage() -> impl IntoView {
    let w = &WORDS;
    let service = SharedValue::new(service).into_inner();
    view! {
        <Title text=w.title/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds dsr-easy-read">
                <h1>{w.heading}</h1>
                <div class="nhsuk-inset-text dsr-no-print"><p>{w.print}</p></div>
                <EasyPoints points=w.intro/>
                <EasySection section=&w.what_it_is/>
                <EasySection section=&w.who_for/>
                <EasySection section=&w.how_it_helps/>
                <ColourSection colours=&super::home::WORDS.colours/>
                <EasySection section=&w.choice/>
                <EasySection section=&w.who_sees/>
                <EasySection section=&w.how_long/>
                <h2>{w.joining}</h2>
                <EasyPoint picture=Picture::Form>
                    {w.form.iter().map(|line| view! { <p>{*line}</p> }).collect_view()}
                    <p class="dsr-address">{format!("{}/refer", service.address)}</p>
                </EasyPoint>
                <EasyPoints points=w.professional/>
                <EasyPoint picture=Picture::Phone>
                    <p>{(w.contact)(service.contact_days)}</p>
                    <p>{w.after_contact}</p>
                </EasyPoint>
                <EasySection section=&w.asking/>
            </div>
        </div>
    }
}
