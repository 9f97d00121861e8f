//! Pure domain code: no browser, no UI framework. Everything here runs and is tested on the host.
#![warn(missing_docs)]

pub mod settings;
