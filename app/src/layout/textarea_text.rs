//! Text put inside a `<textarea>`. Leptos writes a textarea's children into the server's
//! HTML unescaped (the element is treated as raw text), so saved or typed text holding
//! `</textarea>` would close the box and become markup. On the server the text is escaped
//! here; in the browser it becomes a text node, which needs no escaping.

/// `text` as a textarea's child.
pub fn textarea_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::textarea_text;

    #[test]
    fn markup_in_saved_text_stays_text_in_the_servers_html() {
        assert_eq!(
            textarea_text("a</textarea><h1>&amp;".into()),
            "a&lt;/textarea&gt;&lt;h1&gt;&amp;amp;"
        );
    }
}
