//! Pure domain code: no browser, no UI framework. Everything here runs and is tested on the host.
#![warn(missing_docs)]

pub mod backup;
pub mod book;
pub mod codec;
pub mod contact;
pub mod customer_input;
pub mod demo;
pub mod export;
pub mod id;
pub mod import;
pub mod metrics;
pub mod money;
pub mod order;
pub mod phone;
pub mod product_input;
pub mod records;
pub mod rfm;
pub mod rules;
pub mod sale;
pub mod search;
pub mod segments;
pub mod settings;
pub mod time;
