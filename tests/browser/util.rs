//! Helpers shared by browser tests.

use wasm_bindgen::JsCast;

/// Waits `ms` milliseconds, letting the browser fire events and Leptos run effects.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// A fresh, empty `<div>` attached to the body, for mounting a view into.
pub fn fresh_root() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// The text of every element matching `selector` under `root`.
pub fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

/// Installs the interface texts as the page does (the inlined `public/messages-en.js`).
pub fn install_messages() {
    js_sys::eval(include_str!("../../public/messages-en.js")).expect("message table evaluates");
    assert!(grahak::ui::i18n::install(), "message table fits this build");
}
