//! The interface texts: one plain file per language, `locales/<code>.txt`, and the
//! `public/messages-<code>.js` the browser app reads, made from it. The tests fail when a
//! language file misses a key, has an unknown or repeated one, or does not keep exactly the
//! English placeholders, and when a shipped `.js` differs from its file; they never write. To
//! make the `.js` files again after editing a language file:
//! `cargo test --test messages_file -- --ignored` (the ignored `regenerate` below).

use grahak::ui::i18n::{locale_file, table, Lang, Msg, Plural};
use std::collections::BTreeSet;

fn path(lang: Lang) -> String {
    format!("public/messages-{}.js", lang.code())
}

/// The message keys the app shell in `index.html` shows (`data-msg…="Key"`, and `shell.Key`
/// in its script: the old-browser and no-storage screens), in order.
fn shell_keys() -> Vec<String> {
    let html = std::fs::read_to_string("index.html").expect("index.html");
    let mut keys = Vec::new();
    for (at, _) in html.match_indices("shell.") {
        let key: String = html[at + 6..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if key.starts_with(|c: char| c.is_ascii_uppercase()) && !keys.contains(&key) {
            keys.push(key);
        }
    }
    for marker in ["data-msg=\"", "data-msg-placeholder=\"", "data-msg-aria=\""] {
        for (at, _) in html.match_indices(marker) {
            let from = at + marker.len();
            let key = html[from..from + html[from..].find('"').expect("closed")].to_string();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// The shell's texts by key, from a language's table.
fn shell_of(texts: &[&str]) -> serde_json::Map<String, serde_json::Value> {
    shell_keys()
        .into_iter()
        .filter_map(|k| {
            let i = Msg::KEYS.iter().position(|x| *x == k)?;
            Some((k, serde_json::Value::from(texts[i])))
        })
        .collect()
}

/// Where every other language's shell texts are kept: `index.html` inlines them, so that the
/// shell draws its first frame in the seller's language without waiting for that language's
/// whole table (which then loads without holding the page up).
const SHELLS: &str = "public/messages-shells.js";

/// `window.grahakShells`: each language's shell texts but English's (inlined with its table).
fn generated_shells() -> String {
    let all: serde_json::Map<String, serde_json::Value> = Lang::ALL
        .iter()
        .filter(|l| **l != Lang::En)
        .map(|&l| {
            let table = table(locale_file(l)).expect("a complete language file");
            (
                l.code().to_string(),
                serde_json::Value::Object(shell_of(&table.texts)),
            )
        })
        .collect();
    format!(
        "// Generated from locales/ by tests/messages_file.rs: do not edit.\nwindow.grahakShells = {};\n",
        serde_json::to_string(&all).expect("strings serialise")
    )
}

/// The table the app reads (`grahakMessages`, in message order), and the shell's texts by key
/// (`grahakShell`), with which the page draws its first frame in the seller's language.
fn generated(lang: Lang) -> String {
    let table = table(locale_file(lang)).expect("a complete language file");
    let texts = &table.texts;
    let forms: Vec<(usize, &str, &str)> = table
        .forms
        .iter()
        .map(|(k, c, t)| (*k, c.name(), *t))
        .collect();
    let shell = shell_of(texts);
    format!(
        "// Generated from locales/{}.txt by tests/messages_file.rs: do not edit.\nwindow.grahakMessages = {};\nwindow.grahakPlurals = {};\nwindow.grahakShell = {};\n",
        lang.code(),
        serde_json::to_string(texts).expect("strings serialise"),
        serde_json::to_string(&forms).expect("strings serialise"),
        serde_json::to_string(&shell).expect("strings serialise")
    )
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn every_language_has_every_message_with_the_english_placeholders() {
    let english = table(locale_file(Lang::En)).expect("English is complete");
    for &lang in Lang::ALL {
        let texts = match table(locale_file(lang)) {
            Ok(t) => t,
            Err(e) => panic!("locales/{}.txt: {e}", lang.code()),
        };
        for (k, (key, en)) in Msg::KEYS.iter().zip(&english.texts).enumerate() {
            let text = texts.texts[k];
            assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.code());
            assert_eq!(
                placeholders(text),
                placeholders(en),
                "{}: {key} must keep the placeholders of English",
                lang.code()
            );
        }
        // A form may leave out the count itself ("every day" for 1).
        let but_n = |t| {
            let mut p = placeholders(t);
            p.remove("n");
            p
        };
        for (k, category, text) in &texts.forms {
            let key = Msg::KEYS[*k];
            assert_eq!(
                but_n(text),
                but_n(english.texts[*k]),
                "{}: {key}[{}] must keep the placeholders of English",
                lang.code(),
                category.name()
            );
        }
    }
}

/// The messages with plural forms: those English writes a `[one]` form for.
fn counted() -> Vec<usize> {
    let english = table(locale_file(Lang::En)).expect("English is complete");
    let mut counted: Vec<usize> = english.forms.iter().map(|(k, _, _)| *k).collect();
    counted.dedup();
    counted
}

#[test]
fn every_counted_message_has_the_plural_forms_of_each_language() {
    let counted = counted();
    assert!(counted.len() >= 9, "the counted messages: {counted:?}");
    for &lang in Lang::ALL {
        let t = table(locale_file(lang)).expect("complete");
        // The categories this language uses, from 0 to 1000 (CLDR's rules repeat after that).
        let used: Vec<Plural> = (0..=1000).map(|n| Plural::of(lang, n)).collect();
        for &k in &counted {
            let key = Msg::KEYS[k];
            assert!(
                t.texts[k].contains("{n}"),
                "{}: {key} has no {{n}}",
                lang.code()
            );
            for n in [0, 1, 2, 5, 21] {
                let category = Plural::of(lang, n);
                assert!(
                    category == Plural::Other
                        || t.forms.iter().any(|(m, c, _)| *m == k && *c == category),
                    "{}: {key} needs a [{}] form (for {n})",
                    lang.code(),
                    category.name()
                );
            }
        }
        for (k, category, _) in &t.forms {
            let key = Msg::KEYS[*k];
            assert!(
                counted.contains(k),
                "{}: {key} has plural forms but English does not count with it",
                lang.code()
            );
            assert!(
                used.contains(category),
                "{}: {key}[{}] is a form this language never uses",
                lang.code(),
                category.name()
            );
        }
    }
}

#[test]
fn every_ready_made_message_fills_only_known_placeholders_in_every_language() {
    use grahak::analysis::message::check;
    for &lang in Lang::ALL {
        let t = table(locale_file(lang)).expect("complete");
        for (k, key) in Msg::KEYS.iter().enumerate() {
            if key.starts_with("Tpl") {
                assert_eq!(check(t.texts[k]), Ok(()), "{}: {key}", lang.code());
            }
        }
    }
}

#[test]
fn a_count_picks_its_form_in_each_language() {
    assert_eq!(Msg::AgoDays.counted(Lang::En, 1), "{n} day ago");
    assert_eq!(Msg::AgoDays.counted(Lang::En, 0), "{n} days ago");
    assert_eq!(Msg::AgoDays.counted(Lang::En, 21), "{n} days ago");
    assert_eq!(
        Msg::CustomCount.counted(Lang::Hi, 0),
        "अभी {n} ग्राहक मिलता है।"
    );
    assert_eq!(
        Msg::CustomCount.counted(Lang::Hi, 2),
        "अभी {n} ग्राहक मिलते हैं।"
    );
    assert_eq!(
        Msg::SegShare.counted(Lang::Ml, 1),
        "{n} ഉപഭോക്താവ് · വിൽപ്പനയുടെ {share}%"
    );
    assert_eq!(
        Msg::SegShare.counted(Lang::Ml, 5),
        "{n} ഉപഭോക്താക്കൾ · വിൽപ്പനയുടെ {share}%"
    );
}

#[test]
fn a_language_file_that_misses_or_adds_a_key_is_refused() {
    let en = locale_file(Lang::En);
    let missing: String = en
        .lines()
        .filter(|l| !l.starts_with("NavSell ="))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(table(&missing), Err("NavSell is missing".into()));
    let bad_form = format!("{en}\nNavSell[plenty] = Sell a lot\n");
    assert!(table(&bad_form)
        .unwrap_err()
        .contains("no plural form [plenty]"));
    let form_twice = format!("{en}\nAgoDays[one] = a day ago\n");
    assert!(table(&form_twice)
        .unwrap_err()
        .contains("AgoDays[one] twice"));
    let extra = format!("{en}\nNavSpaceship = To the moon\n");
    assert!(table(&extra)
        .unwrap_err()
        .contains("no message is called NavSpaceship"));
    let twice = format!("{en}\nNavSell = Sell again\n");
    assert!(table(&twice).unwrap_err().contains("NavSell twice"));
}

#[test]
fn the_shipped_message_tables_match_the_language_files() {
    for &lang in Lang::ALL {
        let shipped = std::fs::read_to_string(path(lang)).unwrap_or_default();
        assert!(
            shipped == generated(lang),
            "{} is missing or out of date: run `cargo test --test messages_file -- --ignored`",
            path(lang)
        );
    }
    assert!(
        std::fs::read_to_string(SHELLS).unwrap_or_default() == generated_shells(),
        "{SHELLS} is missing or out of date: run `cargo test --test messages_file -- --ignored`"
    );
}

#[test]
#[ignore = "writes public/messages-<code>.js: run by hand after editing locales/"]
fn regenerate() {
    for &lang in Lang::ALL {
        std::fs::write(path(lang), generated(lang)).expect("write the message table");
    }
    std::fs::write(SHELLS, generated_shells()).expect("write the shells' texts");
}
