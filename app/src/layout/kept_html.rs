//! Pieces of HTML drawn once and kept, so a server render copies them instead of building
//! the same views again. The browser draws its own live views once the page is running.

use std::{collections::HashMap, hash::Hash, sync::Mutex};

/// Pieces kept; when full, the whole store starts again.
const KEPT: usize = 5_000;

/// This instance's kept HTML, one piece per key: the key must hold everything the piece's
/// HTML depends on.
#[derive(Debug)]
pub struct KeptHtml<K> {
    kept: Mutex<HashMap<K, String>>,
}

impl<K> Default for KeptHtml<K> {
    fn default() -> Self {
        KeptHtml {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq> KeptHtml<K> {
    /// The HTML of `items` one after another, drawing with `draw` any whose key is not kept.
    pub fn list<T>(
        &self,
        items: &[T],
        key: impl Fn(&T) -> K,
        draw: impl Fn(&T) -> String,
    ) -> String {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let mut html = String::new();
        for item in items {
            let key = key(item);
            if kept.len() >= KEPT && !kept.contains_key(&key) {
                kept.clear();
            }
            html.push_str(kept.entry(key).or_insert_with(|| draw(item)));
        }
        html
    }
}

/// Whether views are being drawn in the browser rather than hydrated over the server's HTML
/// (a page reached by a link once the client runs): then there is no kept HTML to show.
pub fn drawn_in_browser() -> bool {
    #[cfg(feature = "hydrate")]
    return !leptos::prelude::Owner::current_shared_context().is_some_and(|c| c.during_hydration());
    #[cfg(not(feature = "hydrate"))]
    false
}

#[cfg(test)]
mod tests {
    use super::KeptHtml;
    use std::cell::Cell;

    #[test]
    fn draws_each_key_once_and_again_when_the_key_changes() {
        let kept = KeptHtml::<(u32, u32)>::default();
        let draws = Cell::new(0);
        let draw = |&(id, version): &(u32, u32)| {
            draws.set(draws.get() + 1);
            format!("<li>{id}.{version}</li>")
        };
        let items = [(1, 1), (2, 1)];
        assert_eq!(kept.list(&items, |i| *i, draw), "<li>1.1</li><li>2.1</li>");
        assert_eq!(kept.list(&items, |i| *i, draw), "<li>1.1</li><li>2.1</li>");
        assert_eq!(draws.get(), 2);
        // A changed item (a new version) is drawn again; the other is copied.
        assert_eq!(
            kept.list(&[(2, 1), (1, 2)], |i| *i, draw),
            "<li>2.1</li><li>1.2</li>"
        );
        assert_eq!(draws.get(), 3);
    }
}
