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

/// The loyalty rules live in the settings object in localStorage: saved, they read back whole
/// (a reload, or another tab, sees the same rules); an older object without them reads the
/// defaults.
#[wasm_bindgen_test]
fn loyalty_rules_are_kept_with_the_settings() {
    use grahak::model::loyalty::{Rules, Tier};
    use grahak::model::money::Paise;
    use grahak::storage::settings;
    let mut s = settings::load();
    s.shop_name = "आशा किराना".into();
    s.loyalty = Rules {
        on: true,
        points_per_100: 7,
        minimum_bill: Paise(25_050),
        expiry_days: None,
        max_redeem_percent: 30,
        point_value: Paise(25),
        tiers: vec![Tier {
            name: "सोना".into(),
            spend: Paise(2_500_000),
        }],
    };
    settings::save(&s).unwrap();
    assert_eq!(settings::load(), s);
    s.loyalty.expiry_days = Some(90);
    s.loyalty.tiers.clear();
    settings::save(&s).unwrap();
    assert_eq!(settings::load().loyalty, s.loyalty);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .set_item(settings::KEY, r#"{"shop_name":"Old","lang":"hi"}"#)
        .unwrap();
    assert_eq!(settings::load().loyalty, Rules::default());
    storage.remove_item(settings::KEY).unwrap();
}
