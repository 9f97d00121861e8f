//! The browser's Intl does the language work: plural forms, numbers and digits.

use grahak::model::money::Paise;
use grahak::ui::i18n::{plural_of, Lang, Plural};
use grahak::ui::intl::{amount, list, whole};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_browser_picks_the_plural_forms_the_language_files_are_checked_against() {
    for &lang in Lang::ALL {
        for n in 0..=200u64 {
            assert_eq!(
                plural_of(lang, n),
                Plural::of(lang, n),
                "{lang:?}: the form for {n}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn numbers_are_grouped_the_indian_way_in_every_language_and_digits() {
    assert_eq!(whole(Lang::En, false, 100_000), "1,00,000");
    assert_eq!(whole(Lang::Hi, false, 1_234_567), "12,34,567");
    assert_eq!(whole(Lang::Hi, true, 1_234_567), "१२,३४,५६७");
    assert_eq!(whole(Lang::Gu, true, 100_000), "૧,૦૦,૦૦૦");
    assert_eq!(whole(Lang::Ml, true, 250), "൨൫൦");
    // Urdu groups in lakhs too, with its own digits and separator when asked.
    assert_eq!(whole(Lang::Ur, false, 100_000), "1,00,000");
    assert_eq!(whole(Lang::Ur, true, 100_000), "۱٬۰۰٬۰۰۰");
    // English has no other digits.
    assert_eq!(whole(Lang::En, true, 42), "42");
    assert_eq!(amount(Lang::En, false, Paise(125_050)), "1,250.50");
    assert_eq!(amount(Lang::En, false, Paise(125_000)), "1,250");
    assert_eq!(amount(Lang::Hi, true, Paise(4_550)), "४५.५०");
}

#[wasm_bindgen_test]
fn lists_are_joined_as_each_language_joins_them() {
    let items = ["चाय".to_string(), "Milk".to_string(), "دال".to_string()];
    assert_eq!(list(Lang::En, &items), "चाय, Milk, دال");
    assert_eq!(list(Lang::Ur, &items), "चाय، Milk، اور دال");
    assert_eq!(list(Lang::Hi, &items[..1]), "चाय");
    assert_eq!(list(Lang::Hi, &[]), "");
}
