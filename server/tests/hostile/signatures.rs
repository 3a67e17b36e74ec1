//! Every server function's arguments, read from the app's own source: the names and types
//! its decoder expects, so generated calls reach past "could not be read" to the checks.

use std::{collections::BTreeMap, path::Path};

/// An argument's type, as far as a caller needs to know it.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Text,
    Number,
    Bool,
    Optional(Box<Type>),
    List(Box<Type>),
    /// A struct of named fields.
    Record(Vec<(String, Type)>),
}

/// One server function.
#[derive(Clone, Debug)]
pub struct Signature {
    pub endpoint: String,
    /// Whether it reads JSON (otherwise a form).
    pub json: bool,
    pub args: Vec<(String, Type)>,
}

/// Every `#[server(...)]` function under `app/src`.
pub fn read_all() -> BTreeMap<String, Signature> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut sources = Vec::new();
    collect(&root, &mut sources);
    let structs = structs(&sources);
    let mut out = BTreeMap::new();
    for text in &sources {
        let mut rest = text.as_str();
        while let Some(i) = rest.find("#[server(") {
            rest = &rest[i..];
            let head_end = rest.find(")]").unwrap_or(rest.len());
            let head = &rest[..head_end];
            let Some(endpoint) = head
                .split("endpoint = \"")
                .nth(1)
                .and_then(|e| e.split('"').next())
            else {
                rest = &rest[9..];
                continue;
            };
            let json = head.contains("codec::Json");
            let Some(open) = rest
                .find("fn ")
                .and_then(|f| rest[f..].find('(').map(|o| f + o))
            else {
                break;
            };
            let close = matching(rest, open);
            let args = split_top(&rest[open + 1..close])
                .into_iter()
                .filter_map(|arg| {
                    let arg = arg.trim();
                    let arg = match arg.rfind(")]") {
                        Some(a) if arg.starts_with("#[") => arg[a + 2..].trim(),
                        _ => arg,
                    };
                    let (name, ty) = arg.split_once(':')?;
                    Some((name.trim().to_owned(), of(ty.trim(), &structs, 0)))
                })
                .collect();
            out.insert(
                endpoint.to_owned(),
                Signature {
                    endpoint: endpoint.to_owned(),
                    json,
                    args,
                },
            );
            rest = &rest[close..];
        }
    }
    out
}

/// The routes `server/src/router.rs` takes plain form posts on (pages posted to without
/// JavaScript), read from its source as the server functions are.
pub fn plain_posts() -> Vec<String> {
    let router = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/router.rs");
    let text = std::fs::read_to_string(router).expect("the router's source");
    let compact: String = text.split_whitespace().collect();
    compact
        .split(".route(\"")
        .skip(1)
        .filter_map(|r| {
            let (path, rest) = r.split_once('"')?;
            rest.starts_with(",post(").then(|| path.to_owned())
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir)
        .expect("app/src is readable")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).expect("a source file"));
        }
    }
}

/// Each `pub struct Name { pub field: Type, ... }`, by name.
fn structs(sources: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for text in sources {
        let mut rest = text.as_str();
        while let Some(i) = rest.find("pub struct ") {
            rest = &rest[i + 11..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let after = rest[name.len()..].trim_start();
            if let Some(body) = after.strip_prefix('{') {
                let end = body.find("\n}").unwrap_or(body.len());
                out.entry(name).or_insert_with(|| body[..end].to_owned());
            }
        }
    }
    out
}

/// The [`Type`] written `ty`.
fn of(ty: &str, structs: &BTreeMap<String, String>, depth: usize) -> Type {
    let ty = ty.trim().trim_start_matches('&');
    let inner = |prefix: &str| {
        ty.strip_prefix(prefix)
            .and_then(|t| t.strip_suffix('>'))
            .map(|t| of(t, structs, depth))
    };
    if let Some(t) = inner("Option<") {
        return Type::Optional(Box::new(t));
    }
    if let Some(t) = inner("Vec<") {
        return Type::List(Box::new(t));
    }
    let last = ty.rsplit("::").next().unwrap_or(ty);
    match last {
        "String" | "str" => Type::Text,
        "i64" | "i32" | "u32" | "u64" | "usize" | "u8" | "u16" | "i16" => Type::Number,
        "bool" => Type::Bool,
        name => match structs.get(name).filter(|_| depth < 3) {
            Some(body) => Type::Record(
                body.lines()
                    .filter_map(|l| l.trim().strip_prefix("pub "))
                    .filter_map(|l| l.strip_suffix(','))
                    .filter_map(|l| l.split_once(':'))
                    .map(|(n, t)| (n.trim().to_owned(), of(t, structs, depth + 1)))
                    .collect(),
            ),
            // An enum read from its code.
            None => Type::Text,
        },
    }
}

/// The index of the `)` matching the `(` at `open`.
fn matching(text: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// `text` split at commas outside brackets.
fn split_top(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|a| !a.trim().is_empty()).collect()
}

#[test]
fn the_plain_posts_are_read_from_the_router() {
    let posts = plain_posts();
    for route in ["/register", "/refer/send"] {
        assert!(posts.iter().any(|p| p == route), "{route} in {posts:?}");
    }
}

#[test]
fn every_registered_server_function_has_a_signature() {
    let all = read_all();
    for (path, _) in server_fn::axum::server_fn_paths() {
        let endpoint = path.trim_start_matches("/api/");
        assert!(all.contains_key(endpoint), "{endpoint} has no signature");
    }
    let submit = &all["submit_referral"];
    assert!(submit.json);
    assert!(
        matches!(&submit.args[1], (name, Type::Record(fields)) if name == "answers" && fields.iter().any(|(f, _)| f == "given_name"))
    );
    assert!(all["change_rating"]
        .args
        .iter()
        .any(|(n, t)| n == "version" && *t == Type::Number));
}
