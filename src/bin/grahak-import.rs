//! The CSV import screen as its own wasm module, fetched only when the seller opens it from
//! Settings (see `grahak::ui::mount_import` and `grahakLoadImport` in index.html). It shares the
//! library with the app but not its start-up budget: reading and checking a CSV file is a lot
//! of code that most visits never run.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the import card into `root`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount(root: web_sys::HtmlElement) {
    grahak::ui::mount_import(root);
}

fn main() {}
