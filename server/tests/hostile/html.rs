//! Just enough of an HTML reader to find a page's links and forms, as a browser without
//! JavaScript would follow and submit them.

use std::collections::BTreeMap;

/// One tag: its lower-case name and attributes (values with character references read).
#[derive(Debug, Default)]
struct Tag {
    name: String,
    closing: bool,
    attrs: BTreeMap<String, String>,
}

/// A form control's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A text field: `input` of a text-like type or a `textarea`.
    Text,
    /// A hidden input.
    Hidden,
    /// A checkbox or radio button, and whether it is checked.
    Choice { radio: bool, checked: bool },
    /// A `select` with its options' values (the selected one first).
    Select(Vec<String>),
    /// A submit button with a name.
    Button,
}

/// One named form control and its value as the page sent it.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub kind: Kind,
    /// Its `maxlength`, if any.
    pub max: Option<usize>,
}

/// A form that posts.
#[derive(Clone, Debug)]
pub struct Form {
    /// Where it posts (path and query, as written).
    pub action: String,
    pub fields: Vec<Field>,
}

impl Form {
    /// The pairs a browser would send: checked boxes and radios, each select's chosen
    /// option, no buttons (the caller picks one).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut radios: Vec<&str> = Vec::new();
        for f in &self.fields {
            match &f.kind {
                Kind::Text | Kind::Hidden => out.push((f.name.clone(), f.value.clone())),
                Kind::Choice {
                    radio: false,
                    checked: true,
                } => out.push((f.name.clone(), f.value.clone())),
                Kind::Choice { radio: true, .. } => {
                    if !radios.contains(&f.name.as_str()) {
                        // The checked one, else the first: a person must pick one.
                        let chosen = self
                            .fields
                            .iter()
                            .filter(|g| g.name == f.name)
                            .find(|g| matches!(g.kind, Kind::Choice { checked: true, .. }))
                            .unwrap_or(f);
                        radios.push(&f.name);
                        out.push((f.name.clone(), chosen.value.clone()));
                    }
                }
                Kind::Select(options) => {
                    let value = options
                        .iter()
                        .find(|o| !o.is_empty())
                        .or(options.first())
                        .cloned()
                        .unwrap_or_default();
                    out.push((f.name.clone(), value));
                }
                Kind::Choice { .. } | Kind::Button => {}
            }
        }
        out
    }

    /// Its named submit buttons, as (name, value).
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter(|f| f.kind == Kind::Button)
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect()
    }
}

/// What a page links to and the forms it holds.
#[derive(Debug, Default)]
pub struct Page {
    /// Same-site links (paths).
    pub links: Vec<String>,
    pub forms: Vec<Form>,
}

/// Reads `html`.
pub fn read(html: &str) -> Page {
    let mut page = Page::default();
    let mut form: Option<Form> = None;
    let mut select: Option<Field> = None;
    let mut at = 0;
    while let Some(start) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let Some((tag, len)) = tag(rest) else {
            at = start + 1;
            continue;
        };
        at = start + len;
        // Raw text: skip to the closing tag (a textarea's is its value).
        if !tag.closing && ["script", "style", "textarea", "title"].contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            let end = html[at..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |i| at + i);
            if tag.name == "textarea" {
                if let (Some(f), Some(name)) = (form.as_mut(), tag.attrs.get("name")) {
                    let text = &html[at..end];
                    let text = text.strip_prefix('\n').unwrap_or(text);
                    f.fields.push(Field {
                        name: name.clone(),
                        value: decode(text),
                        kind: Kind::Text,
                        max: tag.attrs.get("maxlength").and_then(|m| m.parse().ok()),
                    });
                }
            }
            at = end;
            continue;
        }
        let attr = |name: &str| tag.attrs.get(name).cloned().unwrap_or_default();
        match (tag.name.as_str(), tag.closing) {
            ("a", false) => {
                let href = attr("href");
                if href.starts_with('/') && !href.starts_with("//") {
                    page.links.push(href);
                }
            }
            ("form", false) => {
                let posts = attr("method").eq_ignore_ascii_case("post");
                form = posts.then(|| Form {
                    action: attr("action"),
                    fields: Vec::new(),
                });
            }
            ("form", true) => {
                if let Some(f) = form.take() {
                    page.forms.push(f);
                }
            }
            ("input", false) => {
                let (Some(f), Some(name)) = (form.as_mut(), tag.attrs.get("name")) else {
                    continue;
                };
                let kind = match attr("type").to_ascii_lowercase().as_str() {
                    "hidden" => Kind::Hidden,
                    "checkbox" | "radio" => Kind::Choice {
                        radio: attr("type").eq_ignore_ascii_case("radio"),
                        checked: tag.attrs.contains_key("checked"),
                    },
                    "submit" | "image" => Kind::Button,
                    "button" | "reset" | "file" => continue,
                    _ => Kind::Text,
                };
                let value = match (&kind, tag.attrs.get("value")) {
                    (_, Some(v)) => v.clone(),
                    (Kind::Choice { .. }, None) => "on".into(),
                    (_, None) => String::new(),
                };
                f.fields.push(Field {
                    name: name.clone(),
                    value,
                    kind,
                    max: tag.attrs.get("maxlength").and_then(|m| m.parse().ok()),
                });
            }
            ("button", false) => {
                let submits = matches!(attr("type").as_str(), "" | "submit");
                if let (Some(f), Some(name), true) = (form.as_mut(), tag.attrs.get("name"), submits)
                {
                    f.fields.push(Field {
                        name: name.clone(),
                        value: attr("value"),
                        kind: Kind::Button,
                        max: None,
                    });
                }
            }
            ("select", false) => {
                select = tag.attrs.get("name").map(|name| Field {
                    name: name.clone(),
                    value: String::new(),
                    kind: Kind::Select(Vec::new()),
                    max: None,
                });
            }
            ("option", false) => {
                if let Some(Field {
                    kind: Kind::Select(options),
                    ..
                }) = select.as_mut()
                {
                    let value = tag.attrs.get("value").cloned().unwrap_or_else(|| {
                        let end = html[at..].find('<').map_or(html.len(), |i| at + i);
                        decode(html[at..end].trim())
                    });
                    if tag.attrs.contains_key("selected") {
                        options.insert(0, value);
                    } else {
                        options.push(value);
                    }
                }
            }
            ("select", true) => {
                if let (Some(f), Some(s)) = (form.as_mut(), select.take()) {
                    f.fields.push(s);
                }
            }
            _ => {}
        }
    }
    page
}

/// Where a browser would run script from stored text in `html`: each element with an
/// event handler that sets `window.__pwned`, each script that does (injected, or a script
/// block that the text closed early), and each `javascript:` address. Text drawn escaped
/// (`&lt;img …`) and attributes quoted whole are not tags, so they are not reported.
pub fn scripted(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let Some((tag, len)) = tag(rest) else {
            at = start + 1;
            continue;
        };
        at = start + len;
        let shown = || rest[..len.min(300)].to_owned();
        for (name, value) in &tag.attrs {
            let value = value.to_ascii_lowercase();
            if name.starts_with("on") && value.contains("__pwned") {
                found.push(format!("an event handler from stored text: {}", shown()));
            }
            let address = ["href", "src", "action", "formaction", "xlink:href", "data"];
            if address.contains(&name.as_str()) && value.trim_start().starts_with("javascript:") {
                found.push(format!("a javascript: address: {}", shown()));
            }
        }
        if !tag.closing && ["script", "style", "textarea", "title"].contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            let end = html[at..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |i| at + i);
            let content = html[at..end].to_ascii_lowercase();
            if tag.name == "script"
                && (content.trim_start().starts_with("window.__pwned")
                    || content.contains("<script>window.__pwned"))
            {
                found.push(format!(
                    "a script from stored text: {}",
                    &html[start..end.min(start + 300)]
                ));
            }
            at = end;
        }
    }
    found
}

/// The tag at the start of `text` (which starts with `<`) and its length.
fn tag(text: &str) -> Option<(Tag, usize)> {
    let bytes = text.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let mut tag = Tag {
        name: text[name_start..i].to_ascii_lowercase(),
        closing,
        attrs: BTreeMap::new(),
    };
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => return Some((tag, i + 1)),
            _ => {}
        }
        let start = i;
        while i < bytes.len() && !b" \t\r\n=>/".contains(&bytes[i]) {
            i += 1;
        }
        let name = text[start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = text[i + 1..].find(q as char)? + i + 1;
                    value = decode(&text[i + 1..end]);
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = decode(&text[start..i]);
                }
            }
        }
        if !name.is_empty() {
            tag.attrs.entry(name).or_insert(value);
        }
    }
}

/// `text` with its character references read.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let n = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn finds_script_only_where_a_browser_would_run_it() {
    let escaped = r#"<p>&lt;img src=x onerror="window.__pwned=1"&gt;</p><input value="&quot; onfocus=&quot;window.__pwned=1"><script>var d = "\u003cscript>window.__pwned=1\u003c/script>";</script><a href="/x">javascript:window.__pwned=1</a>"#;
    assert_eq!(scripted(escaped), Vec::<String>::new());
    for drawn in [
        r#"<p><img src=x onerror="window.__pwned=1"></p>"#,
        r#"<input value="" autofocus onfocus="window.__pwned=1" x="">"#,
        r#"<p>"><script>window.__pwned=1</script></p>"#,
        r#"<script>var d = "<script>window.__pwned=1</script>";</script>"#,
        r#"<a href=" javascript:window.__pwned=1">x</a>"#,
        r#"<textarea></textarea><svg onload="window.__pwned=1"></textarea>"#,
    ] {
        assert_eq!(scripted(drawn).len(), 1, "{drawn}");
    }
}

#[test]
fn reads_links_and_forms() {
    let page = read(
        r#"<a href="/people/1?x=1&amp;y=2">P</a><a href="https://x">no</a>
        <form method="post" action="/api/change_rating"><input type="hidden" name="version" value="3">
        <input type="radio" name="rating" value="red"><input type="radio" name="rating" value="amber" checked>
        <textarea name="rationale" maxlength="2000">
a &lt;b&gt; &#x27;c&#39;</textarea><select name="s"><option value="">-</option><option value="x" selected>X</option></select>
        <input type="checkbox" name="c" value="yes"><button name="step" value="note">Save</button></form>
        <form method="get" action="/figures"><input name="q"></form>"#,
    );
    assert_eq!(page.links, ["/people/1?x=1&y=2"]);
    assert_eq!(page.forms.len(), 1);
    let form = &page.forms[0];
    assert_eq!(form.action, "/api/change_rating");
    let pairs = form.pairs();
    assert_eq!(
        pairs,
        [
            ("version".to_owned(), "3".to_owned()),
            ("rating".into(), "amber".into()),
            ("rationale".into(), "a <b> 'c'".into()),
            ("s".into(), "x".into()),
        ]
    );
    assert_eq!(form.buttons(), [("step".to_owned(), "note".to_owned())]);
}
