//! Email addresses.

/// Whether `email` (already trimmed and lower-cased) has the shape of an address (with
/// no hidden or control character).
pub fn looks_like_email(email: &str) -> bool {
    email.len() <= 254
        && !email.contains(char::is_whitespace)
        && !has_hidden_characters(email)
        && email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

/// Characters that show nothing (or nothing of their own) where they stand: Unicode's
/// Default_Ignorable_Code_Point together with general category Cf (format), as inclusive
/// ranges in order. Among them: soft hyphen, combining grapheme joiner, zero-width space,
/// non-joiner and joiner, bidirectional marks, embeddings and isolates, word joiner,
/// variation selectors, the byte order mark and tag characters. An email carrying one can
/// look exactly like another account's.
const HIDDEN: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// Whether `c` is invisible or a format character (see [`HIDDEN`]), or a control
/// character.
pub fn is_hidden_character(c: char) -> bool {
    if c.is_control() {
        return true;
    }
    let c = c as u32;
    HIDDEN
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `email` has any invisible, format or control character in it.
pub fn has_hidden_characters(email: &str) -> bool {
    email.chars().any(is_hidden_character)
}

/// A piece of an email as admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailPiece {
    /// Characters shown as they are.
    Text(String),
    /// One hidden character, named by its code point, like `[U+200B]`.
    Hidden(String),
}

/// `email` in pieces, every hidden character made visible by its code point.
pub fn email_pieces(email: &str) -> Vec<EmailPiece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    for c in email.chars() {
        if is_hidden_character(c) {
            if !text.is_empty() {
                pieces.push(EmailPiece::Text(std::mem::take(&mut text)));
            }
            pieces.push(EmailPiece::Hidden(format!("[U+{:04X}]", c as u32)));
        } else {
            text.push(c);
        }
    }
    if !text.is_empty() {
        pieces.push(EmailPiece::Text(text));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::plain("cara.li@nhs.net", false)]
    #[case::accented_letters_are_letters("zoë.müller@nhs.net", false)]
    #[case::zero_width_space("cara\u{200B}.li@nhs.net", true)]
    #[case::zero_width_non_joiner("cara\u{200C}@nhs.net", true)]
    #[case::zero_width_joiner("cara\u{200D}@nhs.net", true)]
    #[case::soft_hyphen("ca\u{00AD}ra@nhs.net", true)]
    #[case::word_joiner("cara@nhs\u{2060}.net", true)]
    #[case::left_to_right_mark("\u{200E}cara@nhs.net", true)]
    #[case::right_to_left_mark("cara@nhs.net\u{200F}", true)]
    #[case::right_to_left_embedding("\u{202B}cara@nhs.net", true)]
    #[case::right_to_left_override("cara\u{202E}@nhs.net", true)]
    #[case::first_strong_isolate("cara\u{2068}@nhs.net", true)]
    #[case::arabic_letter_mark("cara\u{061C}@nhs.net", true)]
    #[case::byte_order_mark("\u{FEFF}cara@nhs.net", true)]
    #[case::variation_selector("cara\u{FE0F}@nhs.net", true)]
    #[case::supplementary_variation_selector("cara\u{E0100}@nhs.net", true)]
    #[case::combining_grapheme_joiner("cara\u{034F}@nhs.net", true)]
    #[case::mongolian_vowel_separator("cara\u{180E}@nhs.net", true)]
    #[case::hangul_filler("cara\u{3164}@nhs.net", true)]
    #[case::tag_character("cara\u{E0041}@nhs.net", true)]
    #[case::cancel_tag("cara@nhs.net\u{E007F}", true)]
    #[case::interlinear_annotation("cara\u{FFF9}@nhs.net", true)]
    #[case::nul("nur\u{0}se@nhs.net", true)]
    #[case::escape("nurse@nhs.net\u{1b}", true)]
    #[case::c1_control("nurse\u{9B}@nhs.net", true)]
    #[case::visible_neighbours_of_the_ranges("cara\u{2010}\u{2070}\u{FE10}@nhs.net", false)]
    fn hidden_characters_are_found(#[case] email: &str, #[case] hidden: bool) {
        assert_eq!(has_hidden_characters(email), hidden);
        if hidden {
            assert!(!looks_like_email(email), "not an address's shape");
        }
    }

    #[rstest]
    #[case::nothing_hidden("cara@nhs.net", vec![EmailPiece::Text("cara@nhs.net".into())])]
    #[case::inside("ca\u{200B}ra@nhs.net", vec![
        EmailPiece::Text("ca".into()),
        EmailPiece::Hidden("[U+200B]".into()),
        EmailPiece::Text("ra@nhs.net".into()),
    ])]
    #[case::at_both_ends_and_beyond_four_digits("\u{00AD}cara@nhs.net\u{E0041}", vec![
        EmailPiece::Hidden("[U+00AD]".into()),
        EmailPiece::Text("cara@nhs.net".into()),
        EmailPiece::Hidden("[U+E0041]".into()),
    ])]
    fn hidden_characters_are_shown_by_code_point(
        #[case] email: &str,
        #[case] pieces: Vec<EmailPiece>,
    ) {
        assert_eq!(email_pieces(email), pieces);
    }
}
