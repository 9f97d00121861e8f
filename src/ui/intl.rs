//! Numbers through the browser's `Intl` (no ICU data in the app): Indian grouping in every
//! language, in Latin digits or the language's own.

use crate::model::settings::Lang;
use wasm_bindgen::JsValue;

/// The browser's numbering system for `lang`'s own digits, or Latin digits.
pub fn numbering(lang: Lang, native: bool) -> &'static str {
    match (native, lang) {
        (false, _) | (true, Lang::En) => "latn",
        (true, Lang::Hi) => "deva",
        (true, Lang::Gu) => "gujr",
        (true, Lang::Ml) => "mlym",
        (true, Lang::Ur) => "arabext",
    }
}

/// A whole number grouped the Indian way by the browser (`1,00,000`, `१,००,०००`).
pub fn whole(lang: Lang, native: bool, n: u64) -> String {
    formatted(lang, native, n as f64, Fraction::None)
        .unwrap_or_else(|| crate::model::money::group(n))
}

/// An amount without its currency: `1,250` or `1,250.50`, in the chosen digits.
pub fn amount(lang: Lang, native: bool, amount: crate::model::money::Paise) -> String {
    let fraction = if amount.0 % 100 != 0 {
        Fraction::Cents
    } else {
        Fraction::None
    };
    formatted(lang, native, amount.0 as f64 / 100.0, fraction).unwrap_or_else(|| amount.format())
}

/// A number with at most one decimal (`4.5`, `12`), in the chosen digits.
pub fn tenths(lang: Lang, native: bool, value: f64) -> String {
    formatted(lang, native, value, Fraction::Tenths).unwrap_or_else(|| value.to_string())
}

/// A number with at most two decimals (`0.43`, `1.5`), in the chosen digits.
pub fn hundredths(lang: Lang, native: bool, value: f64) -> String {
    formatted(lang, native, value, Fraction::Hundredths)
        .unwrap_or_else(|| ((value * 100.0).round() / 100.0).to_string())
}

/// How many decimals a number is shown with.
#[derive(Clone, Copy)]
enum Fraction {
    /// None: `12`.
    None,
    /// Up to one: `4.5`, `4`.
    Tenths,
    /// Exactly two: `12.50`.
    Cents,
    /// Up to two: `0.43`, `1.5`.
    Hundredths,
}

fn formatted(lang: Lang, native: bool, value: f64, fraction: Fraction) -> Option<String> {
    NUMBER_FORMAT.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell
            .as_ref()
            .is_none_or(|(l, n, _)| (*l, *n) != (lang, native))
        {
            let made = [
                Fraction::None,
                Fraction::Tenths,
                Fraction::Cents,
                Fraction::Hundredths,
            ]
            .map(|f| number_format(lang, native, f));
            *cell = Some((lang, native, made));
        }
        let (_, _, formats) = cell.as_ref()?;
        formats[fraction as usize]
            .format()
            .call1(&JsValue::NULL, &JsValue::from_f64(value))
            .ok()?
            .as_string()
    })
}

/// Indian grouping in every language: Urdu's own locale groups by thousands in the browser
/// (1,234,567), so Urdu borrows en-IN's grouping and keeps its digits and separators by the
/// numbering system.
fn number_format(lang: Lang, native: bool, fraction: Fraction) -> js_sys::Intl::NumberFormat {
    let locale = match lang {
        Lang::Ur => "en-IN",
        _ => locale(lang),
    };
    let locales = js_sys::Array::of1(&JsValue::from_str(locale));
    let options = js_sys::Object::new();
    let (least, most) = match fraction {
        Fraction::None => (0.0, 0.0),
        Fraction::Tenths => (0.0, 1.0),
        Fraction::Cents => (2.0, 2.0),
        Fraction::Hundredths => (0.0, 2.0),
    };
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&options, &k.into(), &v);
    let _ = set("numberingSystem", numbering(lang, native).into());
    let _ = set("minimumFractionDigits", least.into());
    let _ = set("maximumFractionDigits", most.into());
    js_sys::Intl::NumberFormat::new(&locales, &options)
}

/// The locale the browser formats `lang` with, as written in India.
pub fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en-IN",
        Lang::Hi => "hi-IN",
        Lang::Gu => "gu-IN",
        Lang::Ml => "ml-IN",
        Lang::Ur => "ur-IN",
    }
}

thread_local! {
    // Made once per language and digits: a formatter is slow to build.
    static NUMBER_FORMAT: std::cell::RefCell<Option<(Lang, bool, [js_sys::Intl::NumberFormat; 4])>> =
        const { std::cell::RefCell::new(None) };
}

/// Items as the language lists them ("Rice, Dal, Oil"; Urdu "چاول، دال، تیل"): the browser's
/// `Intl.ListFormat` (unit lists, short), or ", " where it has none.
pub fn list(lang: Lang, items: &[String]) -> String {
    LIST_FORMAT
        .with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.as_ref().is_none_or(|(l, _)| *l != lang) {
                *cell = list_format(lang).map(|f| (lang, f));
            }
            let (_, f) = cell.as_ref()?;
            let array: js_sys::Array = items.iter().map(|s| JsValue::from_str(s)).collect();
            let format = js_sys::Reflect::get(f, &"format".into()).ok()?;
            let format: js_sys::Function = wasm_bindgen::JsCast::dyn_into(format).ok()?;
            format.call1(f, &array).ok()?.as_string()
        })
        .unwrap_or_else(|| items.join(", "))
}

fn list_format(lang: Lang) -> Option<JsValue> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor = js_sys::Reflect::get(&intl, &"ListFormat".into()).ok()?;
    let ctor: js_sys::Function = wasm_bindgen::JsCast::dyn_into(ctor).ok()?;
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| js_sys::Reflect::set(&options, &k.into(), &v.into());
    let _ = set("type", "unit");
    let _ = set("style", "short");
    let args = js_sys::Array::of2(&JsValue::from_str(locale(lang)), &options);
    js_sys::Reflect::construct(&ctor, &args).ok()
}

thread_local! {
    // Made once per language: a formatter is slow to build.
    static LIST_FORMAT: std::cell::RefCell<Option<(Lang, JsValue)>> =
        const { std::cell::RefCell::new(None) };
}
