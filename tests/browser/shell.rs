//! The app shell mounted in a real page.

use crate::util::{fresh_root, install_messages, sleep, texts};
use grahak::ui::boot::render_fatal;
use grahak::ui::i18n::Msg;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn navigation_lists_every_section_and_follows_the_fragment() {
    install_messages();
    let window = web_sys::window().unwrap();
    window.location().set_hash("").unwrap();
    let root = fresh_root();
    let _app = leptos::mount::mount_to(root.clone(), grahak::ui::App);
    sleep(0).await;

    assert_eq!(
        texts(&root, "nav.sections a"),
        [
            "Sell",
            "Customers",
            "Products",
            "Segments",
            "Campaigns",
            "Insights",
            "Settings"
        ]
    );
    assert_eq!(texts(&root, "h1"), ["Sell"]);

    // A tap on a link changes the fragment; the screen follows it.
    let link: web_sys::HtmlElement = root
        .query_selector("nav.sections a[href='#/insights']")
        .unwrap()
        .expect("insights link")
        .unchecked_into();
    link.click();
    sleep(50).await;
    assert_eq!(texts(&root, "h1"), ["Insights"]);
    assert_eq!(texts(&root, "nav a[aria-current='page']"), ["Insights"]);

    window.location().set_hash("#/nowhere").unwrap();
    sleep(50).await;
    assert_eq!(
        texts(&root, "h1"),
        [Msg::NotFoundTitle.text(Default::default())]
    );
    window.location().set_hash("").unwrap();
}

#[wasm_bindgen_test]
fn crash_screen_says_data_is_safe_and_offers_a_reload() {
    install_messages();
    let body = fresh_root();
    render_fatal(&body, Msg::CrashTitle, Msg::CrashBody);
    assert_eq!(texts(&body, "[role=alert] h1"), ["Something went wrong"]);
    assert_eq!(texts(&body, "[role=alert] button"), ["Reload"]);
    assert!(body.text_content().unwrap().contains("Your data is safe"));
}
