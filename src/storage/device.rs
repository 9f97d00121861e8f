//! What the browser says about this site's storage: persistence and space.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn manager() -> Option<web_sys::StorageManager> {
    let nav = web_sys::window()?.navigator();
    // Older browsers have no `navigator.storage`: check before calling into it.
    js_sys::Reflect::has(&nav, &"storage".into())
        .ok()
        .filter(|has| *has)
        .map(|_| nav.storage())
}

async fn ask(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Option<bool> {
    JsFuture::from(promise.ok()?).await.ok()?.as_bool()
}

/// Whether the browser has promised not to evict the book. `None`: cannot tell.
pub async fn persisted() -> Option<bool> {
    ask(manager()?.persisted()).await
}

/// Asks the browser to keep the book even when space runs low; returns the answer.
pub async fn persist() -> Option<bool> {
    ask(manager()?.persist()).await
}

/// `(used, quota)` in bytes.
pub async fn estimate() -> Option<(f64, f64)> {
    let value = JsFuture::from(manager()?.estimate().ok()?).await.ok()?;
    // A dictionary, not a class: `dyn_into` (an instanceof check) would always fail.
    let est: web_sys::StorageEstimate = value.unchecked_into();
    Some((est.get_usage()?, est.get_quota()?))
}
