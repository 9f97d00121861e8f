//! The browser app reads its texts from `public/messages-en.js` (inlined into the page), made
//! from the `messages!` table in `src/ui/i18n.rs`. This test fails when the file is out of date
//! and rewrites it when run with `UPDATE_MESSAGES=1` (or when it is missing).

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
    let fresh = generated();
    let update = std::env::var("UPDATE_MESSAGES").is_ok_and(|v| v == "1");
    match std::fs::read_to_string(PATH) {
        Ok(shipped) if !update => assert!(
            shipped == fresh,
            "{PATH} is out of date: run UPDATE_MESSAGES=1 cargo test --test messages_file"
        ),
        _ => std::fs::write(PATH, fresh).expect("write the message table"),
    }
}
