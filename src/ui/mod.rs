//! The user interface. Pure parts ([`i18n`], [`route`]) compile everywhere and are tested on the
//! host; the Leptos views are built for the browser only.

pub mod i18n;
pub mod route;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod book;
#[cfg(target_arch = "wasm32")]
pub mod boot;
#[cfg(target_arch = "wasm32")]
pub mod files;
#[cfg(target_arch = "wasm32")]
mod pages;

#[cfg(target_arch = "wasm32")]
pub use app::App;
#[cfg(target_arch = "wasm32")]
pub use boot::start;

/// Mounts the CSV import card into `root`, with its own handle on the book; after an import it
/// tells the app (event `grahak-saved`), which reloads the book. Used by the separately loaded
/// import module (`src/bin/grahak-import.rs`) only, so the app's own wasm does not carry it.
#[cfg(target_arch = "wasm32")]
pub fn mount_import(root: web_sys::HtmlElement) {
    use leptos::prelude::*;
    boot::crash_screen();
    i18n::install();
    leptos::mount::mount_to(root, move || {
        let ctx = app::Ctx {
            settings: RwSignal::new(crate::storage::settings::load()),
            book: book::BookCtx::new(),
        };
        provide_context(ctx);
        // Inside the mount: tasks can only be spawned once Leptos has started its executor.
        ctx.book.open();
        view! { <pages::import::ImportPanel/> }
    })
    .forget();
}
