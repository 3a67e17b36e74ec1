//! The shape of the code: no module imports a module that imports it back (directly or
//! round a loop), and `store/` imports no feature or page module. Read from the sources:
//! every `crate::…` and `super::…` path (in `use` trees too) is resolved to the file that
//! defines it, following `pub use` re-exports of a module's children; unit tests (the
//! `#[cfg(test)] mod tests` at a file's end) are left out.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::Path,
};

/// A module: its path below the crate root (`["store", "people"]`).
type Module = Vec<String>;

/// Modules `store/` may import: the storage layer itself and the shared types below it.
const BELOW_STORE: &[&str] = &["store", "models", "error", "sealed", "random_code"];

/// Every module of `app/src` and the source of its file.
fn modules() -> BTreeMap<Module, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut module = prefix.to_vec();
                if name != "mod" && name != "lib" {
                    module.push(name);
                }
                let source = fs::read_to_string(&path).unwrap();
                let source = match source.find("#[cfg(test)]\nmod tests") {
                    Some(end) => source[..end].to_owned(),
                    None => source,
                };
                out.insert(module, source);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The paths named in a `use` tree's braces (`a::{b, c::{d}}` gives `a::b`, `a::c::d`).
fn expand(tree: &str) -> Vec<Vec<String>> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in tree.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&tree[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&tree[start..]);
    let mut out = Vec::new();
    for item in items {
        let item: String = item.split_whitespace().collect::<Vec<_>>().join(" ");
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let segments = |s: &str| -> Vec<String> {
            s.split("::")
                .map(|p| p.split(" as ").next().unwrap().trim().to_owned())
                .filter(|p| !p.is_empty() && p != "self" && p != "*")
                .collect()
        };
        match item.split_once('{') {
            Some((head, rest)) => {
                let head = segments(head);
                for tail in expand(rest.strip_suffix('}').unwrap_or(rest)) {
                    out.push([head.clone(), tail].concat());
                }
            }
            None => out.push(segments(item)),
        }
    }
    out
}

/// Every `crate::`/`super::` path in `source` of `module`, as segments from the root.
fn paths_in(module: &Module, source: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for keyword in ["crate::", "super::"] {
        for (at, _) in source.match_indices(keyword) {
            let before = source[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            // `super` of `a/b.rs` and of `a/b/mod.rs` alike is `a`.
            let base: Vec<String> = if keyword == "crate::" {
                Vec::new()
            } else {
                module[..module.len().saturating_sub(1)].to_vec()
            };
            let rest = &source[at + keyword.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let head: Vec<String> = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let prefix = [base, head].concat();
            // `crate::a::{…}`, or `super::{…}` with nothing between.
            if rest[end..].starts_with('{') && (end == 0 || rest[..end].ends_with("::")) {
                let mut depth = 0;
                let close = rest[end..]
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map(|(i, _)| end + i)
                    .unwrap();
                for tail in expand(&rest[end + 1..close]) {
                    out.push([prefix.clone(), tail].concat());
                }
            } else {
                out.push(prefix);
            }
        }
    }
    out
}

/// What each module imports (other modules, by the file that defines what is named).
fn imports() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    // `pub use child::{A, B}` in a module: where A and B really live.
    let mut reexports: BTreeMap<(Module, String), Module> = BTreeMap::new();
    for (module, source) in &modules {
        for line in source.lines() {
            let line = line.trim();
            let Some(rest) = line
                .strip_prefix("pub use ")
                .or_else(|| line.strip_prefix("pub(crate) use "))
            else {
                continue;
            };
            let rest = rest.strip_prefix("self::").unwrap_or(rest);
            let Some((child, names)) = rest.split_once("::") else {
                continue;
            };
            let child_module = [module.clone(), vec![child.to_owned()]].concat();
            if !modules.contains_key(&child_module) {
                continue;
            }
            for name in names.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if !name.is_empty() {
                    reexports.insert((module.clone(), name.to_owned()), child_module.clone());
                }
            }
        }
    }
    let resolve = |path: &[String]| -> Option<Module> {
        let known = (1..=path.len())
            .rev()
            .find(|&n| modules.contains_key(&path[..n]))?;
        let mut found = path[..known].to_vec();
        let mut rest = &path[known..];
        while let Some(next) = rest
            .first()
            .and_then(|name| reexports.get(&(found.clone(), name.clone())))
        {
            found = next.clone();
            rest = &rest[1..];
        }
        Some(found)
    };
    let mut graph = BTreeMap::new();
    for (module, source) in &modules {
        let targets: BTreeSet<Module> = paths_in(module, source)
            .iter()
            .filter_map(|p| resolve(p))
            .filter(|t| t != module && !t.is_empty())
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// A loop of imports through `from`, if there is one.
fn loop_through(graph: &BTreeMap<Module, BTreeSet<Module>>, from: &Module) -> Option<Vec<Module>> {
    let mut stack = vec![(from.clone(), vec![from.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((at, trail)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == from {
                return Some(trail);
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [trail.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(graph.len() > 50, "the sources were read");
    let loops: Vec<String> = graph
        .keys()
        .filter_map(|m| loop_through(&graph, m))
        .map(|trail| {
            let names: Vec<String> = trail.iter().map(|m| m.join("/")).collect();
            format!("{} -> {}", names.join(" -> "), names[0])
        })
        .collect();
    assert!(loops.is_empty(), "import loops:\n{}", loops.join("\n"));
}

#[test]
fn the_store_imports_no_feature_or_page() {
    let graph = imports();
    let wrong: Vec<String> = graph
        .iter()
        .filter(|(m, _)| m.first().is_some_and(|f| f == "store"))
        .flat_map(|(m, targets)| {
            targets
                .iter()
                .filter(|t| !BELOW_STORE.contains(&t[0].as_str()))
                .map(move |t| format!("{} imports {}", m.join("/"), t.join("/")))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
