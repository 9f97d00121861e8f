//! File formats: the binary record codec (what IndexedDB and backups hold), backup files, and
//! CSV export and import.
#![warn(missing_docs)]

pub mod backup;
pub mod codec;
pub mod export;
pub mod import;
