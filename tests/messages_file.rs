//! The interface texts: one plain file per language, `locales/<code>.txt`, and the
//! `public/messages-<code>.js` the browser app reads, made from it. The tests fail when a
//! language file misses a key, has an unknown or repeated one, or does not keep exactly the
//! English placeholders, and when a shipped `.js` differs from its file; they never write. To
//! make the `.js` files again after editing a language file:
//! `cargo test --test messages_file -- --ignored` (the ignored `regenerate` below).

use grahak::ui::i18n::{locale_file, table, Lang, Msg};
use std::collections::BTreeSet;

fn path(lang: Lang) -> String {
    format!("public/messages-{}.js", lang.code())
}

/// The message keys the app shell in `index.html` shows (`data-msg…="Key"`), in order.
fn shell_keys() -> Vec<String> {
    let html = std::fs::read_to_string("index.html").expect("index.html");
    let mut keys = Vec::new();
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

/// The table the app reads (`grahakMessages`, in message order), and the shell's texts by key
/// (`grahakShell`), with which the page draws its first frame in the seller's language.
fn generated(lang: Lang) -> String {
    let texts = table(locale_file(lang)).expect("a complete language file");
    let shell: serde_json::Map<String, serde_json::Value> = shell_keys()
        .into_iter()
        .filter_map(|k| {
            let i = Msg::KEYS.iter().position(|x| *x == k)?;
            Some((k, serde_json::Value::from(texts[i])))
        })
        .collect();
    format!(
        "// Generated from locales/{}.txt by tests/messages_file.rs: do not edit.\nwindow.grahakMessages = {};\nwindow.grahakShell = {};\n",
        lang.code(),
        serde_json::to_string(&texts).expect("strings serialise"),
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
        for ((key, en), text) in Msg::KEYS.iter().zip(&english).zip(&texts) {
            assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.code());
            assert_eq!(
                placeholders(text),
                placeholders(en),
                "{}: {key} must keep the placeholders of English",
                lang.code()
            );
        }
    }
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
}

#[test]
#[ignore = "writes public/messages-<code>.js: run by hand after editing locales/"]
fn regenerate() {
    for &lang in Lang::ALL {
        std::fs::write(path(lang), generated(lang)).expect("write the message table");
    }
}
