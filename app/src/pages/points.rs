//! Easy-read layout shared by the public pages: a simple picture beside each key point,
//! one idea per line. The pictures are files in `public/pictures/` (drawn for the project;
//! see the `LICENCE.md` beside them), hidden from screen readers (`alt=""`) because the
//! text beside each one says the same. The words themselves live in each page's table.

use crate::models::Rating;
use leptos::prelude::*;

/// A picture drawn for the easy-read pages, served from `/pictures/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picture {
    /// A person and a tick: agreeing.
    Agree,
    /// A card with a person and lines: someone's details.
    Card,
    /// Two arrows going round: changing your mind.
    Change,
    /// A grown-up and a child.
    Child,
    /// A clock with ten minutes shaded.
    Clock,
    /// A red dot becoming a green one: a colour can change.
    ColourChange,
    /// The four rating colours.
    Colours,
    /// One rating's colour.
    Dot(Rating),
    /// An eye: who looks at information.
    Eye,
    /// A form and a pencil.
    Form,
    /// A person at home.
    Home,
    /// A hospital.
    Hospital,
    /// A padlock: information kept safe.
    Padlock,
    /// An adult, a young person and a child.
    People,
    /// A phone ringing.
    Phone,
    /// A person with a badge: a professional.
    Professional,
    /// A person with a question.
    Question,
    /// A list with a coloured dot on each line.
    Register,
    /// A screen with a tick: answers kept.
    Saved,
    /// A hand holding a heart: support.
    Support,
    /// Two people talking.
    Together,
}

impl Picture {
    /// Every picture, for checking that each has its file.
    pub const ALL: [Picture; 24] = [
        Picture::Agree,
        Picture::Card,
        Picture::Change,
        Picture::Child,
        Picture::Clock,
        Picture::ColourChange,
        Picture::Colours,
        Picture::Dot(Rating::Blue),
        Picture::Dot(Rating::Red),
        Picture::Dot(Rating::Amber),
        Picture::Dot(Rating::Green),
        Picture::Eye,
        Picture::Form,
        Picture::Home,
        Picture::Hospital,
        Picture::Padlock,
        Picture::People,
        Picture::Phone,
        Picture::Professional,
        Picture::Question,
        Picture::Register,
        Picture::Saved,
        Picture::Support,
        Picture::Together,
    ];

    /// The picture's address on the site.
    pub fn src(self) -> &'static str {
        match self {
            Picture::Agree => "/pictures/agree.svg",
            Picture::Card => "/pictures/card.svg",
            Picture::Change => "/pictures/change.svg",
            Picture::Child => "/pictures/child.svg",
            Picture::Clock => "/pictures/clock.svg",
            Picture::ColourChange => "/pictures/colour-change.svg",
            Picture::Colours => "/pictures/colours.svg",
            Picture::Dot(Rating::Blue) => "/pictures/dot-blue.svg",
            Picture::Dot(Rating::Red) => "/pictures/dot-red.svg",
            Picture::Dot(Rating::Amber) => "/pictures/dot-amber.svg",
            Picture::Dot(Rating::Green) => "/pictures/dot-green.svg",
            Picture::Eye => "/pictures/eye.svg",
            Picture::Form => "/pictures/form.svg",
            Picture::Home => "/pictures/home.svg",
            Picture::Hospital => "/pictures/hospital.svg",
            Picture::Padlock => "/pictures/padlock.svg",
            Picture::People => "/pictures/people.svg",
            Picture::Phone => "/pictures/phone.svg",
            Picture::Professional => "/pictures/professional.svg",
            Picture::Question => "/pictures/question.svg",
            Picture::Register => "/pictures/register.svg",
            Picture::Saved => "/pictures/saved.svg",
            Picture::Support => "/pictures/support.svg",
            Picture::Together => "/pictures/together.svg",
        }
    }
}

/// A key point: a picture and the lines beside it, one idea each.
pub struct Point {
    pub picture: Picture,
    pub lines: &'static [&'static str],
}

/// A heading (a question) and its points.
pub struct Section {
    pub heading: &'static str,
    pub points: &'static [Point],
}

/// What the colours mean: points before the ratings, each rating's meaning beside its
/// colour, and points after.
pub struct Colours {
    pub heading: &'static str,
    pub before: &'static [Point],
    /// Each rating's meaning, in board order.
    pub ratings: [(Rating, &'static str); 4],
    pub after: &'static [Point],
}

/// A picture with what it shows beside it.
#[component]
pub fn EasyPoint(picture: Picture, children: Children) -> impl IntoView {
    view! {
        <div class="dsr-point">
            <img class="dsr-point__picture" src=picture.src() alt="" width="96" height="96"/>
            <div class="dsr-point__text">{children()}</div>
        </div>
    }
}

/// Points, each line a paragraph.
#[component]
pub fn EasyPoints(points: &'static [Point]) -> impl IntoView {
    points
        .iter()
        .map(|point| {
            view! {
                <EasyPoint picture=point.picture>
                    {point.lines.iter().map(|line| view! { <p>{*line}</p> }).collect_view()}
                </EasyPoint>
            }
        })
        .collect_view()
}

/// A section: its heading and points.
#[component]
pub fn EasySection(section: &'static Section) -> impl IntoView {
    view! {
        <h2>{section.heading}</h2>
        <EasyPoints points=section.points/>
    }
}

/// What the colours mean, each rating named in its tag beside its colour.
#[component]
pub fn ColourSection(colours: &'static Colours) -> impl IntoView {
    view! {
        <h2>{colours.heading}</h2>
        <EasyPoints points=colours.before/>
        {colours
            .ratings
            .iter()
            .map(|(rating, meaning)| view! {
                <EasyPoint picture=Picture::Dot(*rating)>
                    <p>
                        <strong class=format!("nhsuk-tag dsr-tag dsr-tag--{}", rating.code())>{rating.label()}</strong>
                        " "{*meaning}
                    </p>
                </EasyPoint>
            })
            .collect_view()}
        <EasyPoints points=colours.after/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{collections::BTreeSet, path::Path};

    /// Every picture has its file, and every file in the folder is a picture in use (the
    /// licence beside them lists each one).
    #[test]
    fn each_picture_is_one_small_file_listed_in_the_licence() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/pictures");
        let named: BTreeSet<String> = Picture::ALL
            .iter()
            .map(|p| p.src().trim_start_matches("/pictures/").to_owned())
            .collect();
        assert_eq!(named.len(), Picture::ALL.len(), "two pictures share a file");
        let files: BTreeSet<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".svg"))
            .collect();
        assert_eq!(named, files);
        let licence = std::fs::read_to_string(folder.join("LICENCE.md")).unwrap();
        for name in &files {
            assert!(
                licence.contains(name.as_str()),
                "{name} is not in LICENCE.md"
            );
            let size = std::fs::metadata(folder.join(name)).unwrap().len();
            assert!(size < 2048, "{name} is {size} bytes");
        }
    }
}
