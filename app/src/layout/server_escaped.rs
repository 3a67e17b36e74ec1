//! Text that Leptos writes into the server's HTML unescaped: a `<textarea>`'s children
//! (the element is treated as raw text) and the page's `<title>` (leptos_meta adds it
//! as it is). Saved or typed text holding `</textarea>`, or a name holding `</title>`,
//! would otherwise close the element and become markup. On the server the text is escaped
//! here; in the browser it becomes a text node or `document.title`, which need no escaping.

/// `text` escaped for the server's HTML; as it is in the browser.
pub fn server_escaped(text: String) -> String {
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
    use super::server_escaped;

    #[test]
    fn markup_in_saved_text_stays_text_in_the_servers_html() {
        assert_eq!(
            server_escaped("a</textarea><h1>&amp;".into()),
            "a&lt;/textarea&gt;&lt;h1&gt;&amp;amp;"
        );
    }
}
