//! Settings in localStorage (gloo-storage): small, synchronous, read before the first paint.

use crate::domain::settings::Settings;
use gloo_storage::{LocalStorage, Storage};

const KEY: &str = "grahak.settings";

/// The saved settings, or the defaults when none were saved or they cannot be read.
pub fn load() -> Settings {
    LocalStorage::get(KEY).unwrap_or_default()
}

/// Saves the settings. Fails when localStorage is full or blocked.
pub fn save(settings: &Settings) -> Result<(), gloo_storage::errors::StorageError> {
    LocalStorage::set(KEY, settings)
}
