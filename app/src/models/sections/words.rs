//! How the record shows an answer that may not be recorded.

/// `text`, or "Not recorded" when it is empty.
pub(crate) fn shown(text: &str) -> String {
    if text.is_empty() {
        "Not recorded".to_owned()
    } else {
        text.to_owned()
    }
}

/// "Yes", "No" or "Not recorded".
pub(crate) fn yes_no(answer: Option<bool>) -> String {
    shown(match answer {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "",
    })
}
