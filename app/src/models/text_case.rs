//! A label's letters as it stands at the start of a message or inside a sentence, and a
//! count with the word that goes with it.

/// `label` as it reads inside a sentence: its first letter in lower case, unless it starts
/// an abbreviation ("NHS number", "GP practice").
pub fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// `text` with its first letter a capital.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `n` and the word that goes with it: "1 working day", "5 working days".
pub fn count_of(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::{capitalised, count_of, in_sentence};

    #[test]
    fn labels_read_inside_a_sentence_and_at_its_start() {
        assert_eq!(in_sentence("Keyworker"), "keyworker");
        assert_eq!(in_sentence("Date of birth"), "date of birth");
        assert_eq!(in_sentence("NHS number"), "NHS number");
        assert_eq!(in_sentence("GP practice"), "GP practice");
        assert_eq!(in_sentence(""), "");
        assert_eq!(capitalised("the admission date"), "The admission date");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn a_count_of_one_is_singular() {
        assert_eq!(count_of(0, "working day", "working days"), "0 working days");
        assert_eq!(count_of(1, "working day", "working days"), "1 working day");
        assert_eq!(count_of(5, "day", "days"), "5 days");
    }
}
