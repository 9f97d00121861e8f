//! The app shell in `index.html` (drawn before the app's code arrives) says what the app will
//! say: every text marked `data-msg="Key"`, and every `placeholder` or `aria-label` marked
//! `data-msg-placeholder` / `data-msg-aria`, is that key's text in the message table.

use grahak::ui::i18n::{Lang, Msg};

fn text_of(key: &str) -> &'static str {
    Msg::ALL
        .iter()
        .find(|m| format!("{m:?}") == key)
        .unwrap_or_else(|| panic!("index.html names a message that does not exist: {key}"))
        .text(Lang::En)
}

/// The value of attribute `name` in the tag around `at`.
fn attr<'a>(html: &'a str, at: usize, name: &str) -> Option<&'a str> {
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let from = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[from..from + tag[from..].find('"')?])
}

#[test]
fn the_shell_speaks_from_the_message_table() {
    let html = std::fs::read_to_string("index.html").expect("index.html");
    let mut checked = 0;
    for (marker, attribute) in [
        ("data-msg=\"", None),
        ("data-msg-placeholder=\"", Some("placeholder")),
        ("data-msg-aria=\"", Some("aria-label")),
    ] {
        for (at, _) in html.match_indices(marker) {
            let key_start = at + marker.len();
            let key = &html[key_start..key_start + html[key_start..].find('"').unwrap()];
            let shown = match attribute {
                Some(a) => attr(&html, at, a).unwrap_or_else(|| panic!("{key}: no {a}")),
                None => {
                    let text_start = key_start + html[key_start..].find('>').unwrap() + 1;
                    &html[text_start..text_start + html[text_start..].find('<').unwrap()]
                }
            };
            assert_eq!(shown, text_of(key), "index.html's text for {key}");
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} texts marked in the shell");
}

#[test]
fn the_screens_for_a_browser_that_cannot_run_grahak_speak_from_the_message_table() {
    // `shell.Key || 'English'`: the chosen language's text, else exactly the English one.
    let html = std::fs::read_to_string("index.html").expect("index.html");
    let mut checked = 0;
    for (at, _) in html.match_indices("shell.") {
        let rest = &html[at + 6..];
        let key: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let Some(fallback) = rest[key.len()..].strip_prefix(" || '") else {
            continue;
        };
        // Up to the first quote that is not escaped.
        let end = fallback
            .char_indices()
            .find(|&(i, ch)| ch == '\'' && !fallback[..i].ends_with('\\'))
            .map(|(i, _)| i)
            .expect("closed");
        let english = fallback[..end].replace("\\'", "'");
        assert_eq!(english, text_of(&key), "index.html's fallback for {key}");
        checked += 1;
    }
    assert_eq!(
        checked, 4,
        "the old-browser and no-storage titles and texts"
    );
}
