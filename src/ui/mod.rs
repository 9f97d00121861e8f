//! The user interface. Pure parts ([`i18n`], [`route`]) compile everywhere and are tested on the
//! host; the Leptos views are built for the browser only.
//!
//! - `context`: what every screen reaches (settings, language, the book);
//! - `book`: the open book for the screens: opening, reading, saving, background analysis;
//! - `app`: the shell (header, navigation, the current screen); `boot`: starting, and the
//!   screens for a browser that cannot run it or a crash;
//! - `components`: shared pieces (a field with its error, choices, delete, file picker, rows);
//! - `text`: words for domain values and dates; `intl`: numbers through the browser's Intl;
//!   `files`: downloads, chosen files, SHA-256;
//! - `pages`: one thin view per screen.

pub mod i18n;
pub mod route;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod book;
#[cfg(target_arch = "wasm32")]
pub mod boot;
#[cfg(target_arch = "wasm32")]
pub mod charts;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod context;
#[cfg(target_arch = "wasm32")]
pub mod files;
#[cfg(target_arch = "wasm32")]
pub mod intl;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod text;

#[cfg(target_arch = "wasm32")]
pub use app::App;
#[cfg(target_arch = "wasm32")]
pub use boot::start;
