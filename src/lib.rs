//! Grahak: a customer book for market-stall sellers that runs entirely in the browser.
//!
//! Layers, with dependencies pointing one way only:
//! - [`domain`]: plain Rust (no leptos, no web-sys): customers, products, purchases, and the codecs,
//!   metrics and rules computed over them. Tested on the host with `cargo test`.
//! - [`storage`]: one async [`storage::Store`] trait with an in-memory implementation (host tests,
//!   demo data) and an IndexedDB implementation (the browser). One contract suite runs on both.
//! - [`ui`]: the Leptos app shell and pages, thin views over the two layers below. Its pure parts
//!   (message tables, routes) compile and are tested on the host too.
#![forbid(unsafe_code)]

pub mod domain;
pub mod storage;
pub mod ui;
