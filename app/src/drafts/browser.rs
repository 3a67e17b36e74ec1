//! What drafts need from the browser: local storage, the clock, random keys and whether
//! the browser is online. On the server there is no storage and nothing is kept.

/// The stored text under `key`, if any.
pub fn read(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        storage()?.get_item(key).ok().flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Stores `value` under `key`; `false` when the browser refuses (storage full or off).
pub fn write(key: &str, value: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (key, value);
        false
    }
}

/// Deletes what is stored under `key`.
pub fn remove(key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// Deletes everything stored under a key that starts with `prefix`, except `keep`.
pub fn remove_starting_with(prefix: &str, keep: Option<&str>) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix) && Some(k.as_str()) != keep)
            .collect();
        for key in keys {
            let _ = s.remove_item(&key);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (prefix, keep);
}

/// A new random UUID (from the browser's cryptographic generator).
pub fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .crypto()
            .map(|c| c.random_uuid())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window().navigator().on_line()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}
