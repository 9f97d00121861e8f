//! The seller's small preferences. Kept in localStorage (see `storage::settings`), never in the book.

use serde::{Deserialize, Serialize};

/// A language the app speaks. The first one listed is the fallback.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Hindi.
    #[serde(rename = "hi")]
    Hi,
    /// Gujarati.
    #[serde(rename = "gu")]
    Gu,
    /// Malayalam.
    #[serde(rename = "ml")]
    Ml,
    /// Urdu (written right to left).
    #[serde(rename = "ur")]
    Ur,
}

impl Lang {
    /// Every supported language, in the order the language picker shows them.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Hi, Lang::Gu, Lang::Ml, Lang::Ur];

    /// BCP 47 code, used for `<html lang>` and in settings.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Hi => "hi",
            Lang::Gu => "gu",
            Lang::Ml => "ml",
            Lang::Ur => "ur",
        }
    }

    /// Whether the script runs right to left (Urdu).
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ur)
    }

    /// The language's own name, as a speaker would look for it in a list.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Hi => "हिन्दी",
            Lang::Gu => "ગુજરાતી",
            Lang::Ml => "മലയാളം",
            Lang::Ur => "اردو",
        }
    }

    /// The language's name in English, as a spreadsheet may say it.
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Hi => "Hindi",
            Lang::Gu => "Gujarati",
            Lang::Ml => "Malayalam",
            Lang::Ur => "Urdu",
        }
    }

    /// A language as a file or a person may write it: its code (`hi`), its own name (`हिन्दी`)
    /// or its English name (`Hindi`), in any case and with spaces around.
    pub fn read(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        Lang::ALL.iter().copied().find(|l| {
            t == l.code() || t == l.english_name().to_ascii_lowercase() || t == l.native_name()
        })
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
    /// Numbers in the language's own digits (१२३, ૧૨૩, ൧൨൩, ۱۲۳) instead of 123.
    pub native_digits: bool,
    /// Loyalty points and tiers (off until the seller turns them on).
    pub loyalty: crate::model::loyalty::Rules,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shop_name: String::new(),
            lang: Lang::En,
            currency: "INR".to_string(),
            default_country_code: "91".to_string(),
            native_digits: false,
            loyalty: crate::model::loyalty::Rules::default(),
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
    fn a_language_is_read_by_its_code_or_either_name() {
        for &lang in Lang::ALL {
            assert_eq!(Lang::read(lang.code()), Some(lang));
            assert_eq!(Lang::read(lang.native_name()), Some(lang));
            assert_eq!(Lang::read(&lang.english_name().to_uppercase()), Some(lang));
        }
        assert_eq!(Lang::read(" Gujarati "), Some(Lang::Gu));
        assert_eq!(Lang::read("Klingon"), None);
        assert_eq!(Lang::read(""), None);
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

/// A settings field the seller typed wrongly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsError {
    /// The shop name is longer than a header can show (60 characters).
    ShopNameTooLong,
    /// Currency is not a three-letter ISO code such as INR.
    Currency,
    /// Country calling code is not 1-3 digits (such as 91).
    CountryCode,
}

impl Settings {
    /// Cleans what was typed (trims, upper-cases the currency, drops a leading `+`) and checks
    /// it. Returns every problem, so that each field can show its own message.
    pub fn cleaned(&self) -> Result<Settings, Vec<SettingsError>> {
        let shop_name = self.shop_name.trim().to_string();
        let currency = self.currency.trim().to_ascii_uppercase();
        let code = crate::model::phone::latin_digits(&self.default_country_code)
            .trim()
            .trim_start_matches('+')
            .to_string();
        let mut errors = Vec::new();
        if shop_name.chars().count() > 60 {
            errors.push(SettingsError::ShopNameTooLong);
        }
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(SettingsError::Currency);
        }
        if code.is_empty()
            || code.len() > 3
            || code.starts_with('0')
            || !code.bytes().all(|b| b.is_ascii_digit())
        {
            errors.push(SettingsError::CountryCode);
        }
        if errors.is_empty() {
            Ok(Settings {
                shop_name,
                lang: self.lang,
                currency,
                default_country_code: code,
                native_digits: self.native_digits,
                loyalty: self.loyalty.clone(),
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod cleaning_tests {
    use super::*;

    fn typed(name: &str, currency: &str, code: &str) -> Settings {
        Settings {
            shop_name: name.into(),
            currency: currency.into(),
            default_country_code: code.into(),
            ..Settings::default()
        }
    }

    #[test]
    fn what_people_type_is_cleaned() {
        let s = typed("  आशा किराना ", "inr", "+91").cleaned().unwrap();
        assert_eq!(
            (
                s.shop_name.as_str(),
                s.currency.as_str(),
                s.default_country_code.as_str()
            ),
            ("आशा किराना", "INR", "91")
        );
        assert_eq!(typed("", "npr", "977").cleaned().unwrap().currency, "NPR");
        // The country code typed in Devanagari or Urdu digits.
        assert_eq!(
            typed("", "INR", "+९१")
                .cleaned()
                .unwrap()
                .default_country_code,
            "91"
        );
        assert_eq!(
            typed("", "INR", "۹۱")
                .cleaned()
                .unwrap()
                .default_country_code,
            "91"
        );
    }

    #[test]
    fn wrong_fields_are_each_reported() {
        use SettingsError::*;
        assert_eq!(
            typed(&"x".repeat(61), "rupees", "0091").cleaned(),
            Err(vec![ShopNameTooLong, Currency, CountryCode])
        );
        assert_eq!(
            typed("ok", "IN", "9a").cleaned(),
            Err(vec![Currency, CountryCode])
        );
        assert_eq!(typed("ok", "INR", "").cleaned(), Err(vec![CountryCode]));
        // 60 characters in Devanagari is fine: characters, not bytes, are counted.
        assert!(typed(&"क".repeat(60), "INR", "91").cleaned().is_ok());
    }
}
