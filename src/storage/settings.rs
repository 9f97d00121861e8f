//! Settings in localStorage (gloo-storage): small, synchronous, read before the first paint.
//!
//! Stored as a JSON object `{"shop_name", "lang", "currency", "default_country_code",
//! "native_digits", "loyalty": {"on", "points_per_100", "minimum_bill", "expiry_days",
//! "max_redeem_percent", "point_value", "tiers": [{"name", "spend"}]}}` (amounts in paise) written
//! and read with the browser's own `JSON`, so the app carries no JSON library. Unknown or
//! missing fields fall back to the defaults; [`Settings::cleaned`] then checks the values.

use crate::model::loyalty::{Rules, Tier};
use crate::model::money::Paise;
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
    if let Some(l) = get(&obj, "loyalty").filter(JsValue::is_object) {
        s.loyalty = loyalty(&l);
    }
    s
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The loyalty rules as saved; a missing or odd field keeps its default (and a rule the form
/// would refuse cannot be saved by it in the first place).
fn loyalty(l: &JsValue) -> Rules {
    let d = Rules::default();
    let num = |k: &str| {
        get(l, k)
            .and_then(|v| v.as_f64())
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    let tiers = get(l, "tiers")
        .filter(|t| t.is_array())
        .map(|t| {
            js_sys::Array::from(&t)
                .iter()
                .filter_map(|t| {
                    Some(Tier {
                        name: get(&t, "name")?.as_string()?,
                        spend: Paise(get(&t, "spend")?.as_f64()? as i64),
                    })
                })
                .collect()
        })
        .unwrap_or(d.tiers);
    Rules {
        on: get(l, "on").and_then(|v| v.as_bool()).unwrap_or(d.on),
        points_per_100: num("points_per_100").map_or(d.points_per_100, |n| n as u32),
        minimum_bill: num("minimum_bill").map_or(d.minimum_bill, |n| Paise(n as i64)),
        // Saved as 0 for "never".
        expiry_days: num("expiry_days").map_or(d.expiry_days, |n| (n >= 1.0).then_some(n as u32)),
        max_redeem_percent: num("max_redeem_percent")
            .map_or(d.max_redeem_percent, |n| n.min(100.0) as u8),
        point_value: num("point_value").map_or(d.point_value, |n| Paise(n as i64)),
        tiers,
    }
}

/// The loyalty rules as a plain object (see the module's docs).
fn loyalty_object(r: &Rules) -> Result<js_sys::Object, SaveError> {
    let set = |o: &js_sys::Object, k: &str, v: JsValue| {
        js_sys::Reflect::set(o, &JsValue::from_str(k), &v)
            .map(|_| ())
            .map_err(|_| SaveError)
    };
    let l = js_sys::Object::new();
    set(&l, "on", r.on.into())?;
    set(&l, "points_per_100", r.points_per_100.into())?;
    set(&l, "minimum_bill", (r.minimum_bill.0 as f64).into())?;
    set(&l, "expiry_days", r.expiry_days.unwrap_or(0).into())?;
    set(&l, "max_redeem_percent", r.max_redeem_percent.into())?;
    set(&l, "point_value", (r.point_value.0 as f64).into())?;
    let tiers = js_sys::Array::new();
    for t in &r.tiers {
        let o = js_sys::Object::new();
        set(&o, "name", JsValue::from_str(&t.name))?;
        set(&o, "spend", (t.spend.0 as f64).into())?;
        tiers.push(&o);
    }
    set(&l, "tiers", tiers.into())?;
    Ok(l)
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
    js_sys::Reflect::set(
        &obj,
        &"loyalty".into(),
        loyalty_object(&s.loyalty)?.as_ref(),
    )
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

/// Set once this device's book has had records: `index.html` then no longer draws the
/// first-run card before the app starts (see `ui::pages::sell`'s `FirstRun`).
pub const BOOK_USED: &str = "grahak.book-used";

/// Notes that this device's book has had records (best effort).
pub fn mark_book_used() {
    let store = LocalStorage::raw();
    if store.get_item(BOOK_USED).ok().flatten().is_none() {
        let _ = store.set_item(BOOK_USED, "1");
    }
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
