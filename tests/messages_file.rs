//! The browser app reads its texts from `public/messages-en.js` (inlined into the page), made
//! from the `messages!` table in `src/ui/i18n.rs`. The test fails when the file is missing or
//! differs from the table; it never writes it. To make it again after changing the table:
//! `cargo test --test messages_file -- --ignored` (the ignored `regenerate` below).

use grahak::ui::i18n::{Lang, Msg};

const PATH: &str = "public/messages-en.js";

fn generated() -> String {
    let texts: Vec<&str> = Msg::ALL.iter().map(|m| m.text(Lang::En)).collect();
    format!(
        "// Generated from src/ui/i18n.rs by tests/messages_file.rs: do not edit.\nwindow.grahakMessages = {};\n",
        serde_json::to_string(&texts).expect("strings serialise")
    )
}

#[test]
fn the_shipped_message_table_matches_the_source() {
    let shipped = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        shipped == generated(),
        "{PATH} is missing or out of date: run `cargo test --test messages_file -- --ignored`"
    );
}

#[test]
#[ignore = "writes public/messages-en.js: run by hand after changing src/ui/i18n.rs"]
fn regenerate() {
    std::fs::write(PATH, generated()).expect("write the message table");
}
