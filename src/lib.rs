//! Grahak: a customer book for market-stall sellers that runs entirely in the browser.
//!
//! Layers, each importing only from those above it (checked by `tests/layers.rs`):
//! - [`model`]: values and records: ids, money, dates, phones, text, settings.
//! - [`demo`]: a seeded sample shop (tests, benchmarks and the shipped sample file).
//! - [`book`]: the book in memory: plan and apply a change, search.
//! - [`analysis`]: metrics, RFM, segments, custom rules, histories.
//! - [`forms`]: what the seller types, checked into records.
//! - [`files`]: the binary codec, backups, CSV export and import.
//! - [`storage`]: one async [`storage::Store`] trait with an in-memory and an IndexedDB
//!   implementation (one contract suite runs on both), the [`storage::Ledger`] that saves
//!   through it, and small settings.
//! - [`ui`]: the Leptos app: context, shell, shared components, thin pages. Its pure parts
//!   (message tables, routes) compile and are tested on the host too.
//!
//! Everything above `storage` is plain Rust (no leptos, no web-sys), tested with `cargo test`.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod book;
pub mod demo;
pub mod files;
pub mod forms;
pub mod model;
pub mod storage;
pub mod ui;
