//! Settings in localStorage (gloo-storage): small, synchronous, read before the first paint.
//!
//! Stored as a JSON object `{"shop_name", "lang", "currency", "default_country_code",
//! "native_digits"}` written
//! and read with the browser's own `JSON`, so the app carries no JSON library. Unknown or
//! missing fields fall back to the defaults; [`Settings::cleaned`] then checks the values.

use crate::model::settings::{Lang, Settings};
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use wasm_bindgen::JsValue;

/// Where the settings live in localStorage.
pub const KEY: &str = "grahak.settings";

/// Why settings could not be saved.
#[derive(Debug)]
pub struct SaveError;

/// Whether the seller has saved settings on this device (else it is the first run, and the
/// language is the page's guess from the browser's languages, still to be confirmed).
pub fn exist() -> bool {
    LocalStorage::raw().get_item(KEY).ok().flatten().is_some()
}

/// The saved settings, or the defaults when none were saved or they cannot be read; on a
/// first run the language `index.html` chose from the browser's languages (`<html lang>`).
pub fn load() -> Settings {
    let mut s = Settings::default();
    let Some(obj) = LocalStorage::raw()
        .get_item(KEY)
        .ok()
        .flatten()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .filter(JsValue::is_object)
    else {
        let guessed = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"));
        if let Some(lang) = guessed.as_deref().and_then(Lang::from_code) {
            s.lang = lang;
        }
        return s;
    };
    let field = |k: &str| {
        js_sys::Reflect::get(&obj, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    if let Some(v) = field("shop_name") {
        s.shop_name = v;
    }
    if let Some(lang) = field("lang").as_deref().and_then(Lang::from_code) {
        s.lang = lang;
    }
    if let Some(v) = field("currency") {
        s.currency = v;
    }
    if let Some(v) = field("default_country_code") {
        s.default_country_code = v;
    }
    s.native_digits = js_sys::Reflect::get(&obj, &JsValue::from_str("native_digits"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    s
}

/// Saves the settings. Fails when localStorage is full or blocked.
pub fn save(s: &Settings) -> Result<(), SaveError> {
    let obj = js_sys::Object::new();
    for (k, v) in [
        ("shop_name", s.shop_name.as_str()),
        ("lang", s.lang.code()),
        ("currency", &s.currency),
        ("default_country_code", &s.default_country_code),
    ] {
        js_sys::Reflect::set(&obj, &JsValue::from_str(k), &JsValue::from_str(v))
            .map_err(|_| SaveError)?;
    }
    js_sys::Reflect::set(&obj, &"native_digits".into(), &s.native_digits.into())
        .map_err(|_| SaveError)?;
    let text = js_sys::JSON::stringify(&obj).map_err(|_| SaveError)?;
    LocalStorage::raw()
        .set_item(KEY, &String::from(text))
        .map_err(|_| SaveError)
}

const LAST_BACKUP: &str = "grahak.last_backup";

/// When the seller last downloaded a backup of this book.
pub fn last_backup() -> Option<crate::model::time::Timestamp> {
    LocalStorage::raw()
        .get_item(LAST_BACKUP)
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .map(crate::model::time::Timestamp)
}

/// Records a backup made at `at` (the book was replaced or backed up then).
pub fn set_last_backup(at: crate::model::time::Timestamp) {
    let _ = LocalStorage::raw().set_item(LAST_BACKUP, &at.0.to_string());
}

const SALE_DRAFT: &str = "grahak.sale-draft";

/// The half-entered sale of this tab (see `SaleDraft::to_text`), kept across screens and
/// reloads; per tab, so two tabs selling at once keep a draft each.
pub fn sale_draft() -> Option<String> {
    SessionStorage::raw().get_item(SALE_DRAFT).ok().flatten()
}

/// Keeps this tab's half-entered sale, or forgets it (`None`). Best effort: a draft that
/// cannot be kept is only typed again.
pub fn set_sale_draft(text: Option<&str>) {
    let store = SessionStorage::raw();
    let _ = match text {
        Some(t) => store.set_item(SALE_DRAFT, t),
        None => store.remove_item(SALE_DRAFT),
    };
}

const DEVICE: &str = "grahak.device";

/// This device's mark, kept with every sale it enters, corrects or voids: four hex digits made
/// once at random ("3F2A"), so that a book shared by two tablets says which one changed a sale.
/// (Words around it come from the message table: see `Msg::OtherDevice`.)
pub fn device_name() -> String {
    let store = LocalStorage::raw();
    if let Some(name) = store
        .get_item(DEVICE)
        .ok()
        .flatten()
        .filter(|n| !n.is_empty())
    {
        return name;
    }
    let mut bytes = [0u8; 2];
    let random = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok());
    if random.is_none() {
        bytes = [
            (js_sys::Math::random() * 256.0) as u8,
            (js_sys::Math::random() * 256.0) as u8,
        ];
    }
    let name = format!("{:02X}{:02X}", bytes[0], bytes[1]);
    let _ = store.set_item(DEVICE, &name);
    name
}
