//! The WASM entry point: hydrates the server-rendered pages.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the generated JavaScript once the module has loaded.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::hydrate();
}
