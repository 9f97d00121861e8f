//! The seller's small preferences. Kept in localStorage (see `storage::settings`), never in the book.

use serde::{Deserialize, Serialize};

/// A language the app speaks. The first one listed is the fallback.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every supported language, in the order the language picker shows them.
    pub const ALL: &'static [Lang] = &[Lang::En];

    /// BCP 47 code, used for `<html lang>` and in settings.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
        }
    }

    /// Whether the script runs right to left (Urdu will).
    pub fn is_rtl(self) -> bool {
        match self {
            Lang::En => false,
        }
    }

    /// The language's own name, as a speaker would look for it in a list.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
        }
    }

    /// Parses a code written by [`Lang::code`]; unknown codes give `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.iter().copied().find(|l| l.code() == code)
    }
}

/// Shop-wide settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Shown in the header; empty means "not set yet".
    pub shop_name: String,
    /// Language of the interface.
    pub lang: Lang,
    /// ISO 4217 code of the currency amounts are kept in (minor units, e.g. paise for INR).
    pub currency: String,
    /// Country calling code used when a phone number is typed without one (digits only, e.g. "91").
    pub default_country_code: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shop_name: String::new(),
            lang: Lang::En,
            currency: "INR".to_string(),
            default_country_code: "91".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_round_trips_through_its_code() {
        for &lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("xx"), None);
    }

    #[test]
    fn settings_missing_fields_fall_back_to_defaults() {
        // An older app version may have saved fewer fields; loading must not lose the rest.
        let s: Settings = serde_json_like(r#"{"shop_name":"Asha Stores"}"#);
        assert_eq!(s.shop_name, "Asha Stores");
        assert_eq!(s.currency, "INR");
        assert_eq!(s.default_country_code, "91");
    }

    fn serde_json_like(text: &str) -> Settings {
        serde_json::from_str(text).expect("test input is valid JSON")
    }
}
