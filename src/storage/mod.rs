//! Where the book is kept.

#[cfg(target_arch = "wasm32")]
pub mod settings;
