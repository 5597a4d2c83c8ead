//! The browser entry point: hydrates the islands of the server-rendered page (the user
//! form); everything else on a page is plain HTML, and links and forms are ordinary ones.

// The islands' entry points are exported from the app crate; naming it keeps it linked.
pub use app::components;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
