//! Files in and out of the browser: SHA-256 by the browser's own crypto, a download the seller
//! keeps, and the bytes of a file they chose.

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// SHA-256 of `bytes` (Web Crypto; `None` where the browser has none: plain-http hosting).
pub async fn sha256(bytes: &[u8]) -> Option<[u8; 32]> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    // Web Crypto reads from a JS copy, so the wasm memory may grow meanwhile.
    let copy = Uint8Array::from(bytes);
    let digest = JsFuture::from(
        subtle
            .digest_with_str_and_buffer_source("SHA-256", &copy)
            .ok()?,
    )
    .await
    .ok()?;
    Uint8Array::new(&digest).to_vec().try_into().ok()
}

/// Offers `bytes` as a download called `name`.
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoked later: some browsers start reading the blob only after the click returns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Some(())
}

/// The bytes of the first file chosen in the `<input type=file>` that fired `ev`.
pub async fn chosen_file(ev: &web_sys::Event) -> Option<Vec<u8>> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    // Cleared, so that choosing the same file again fires `change` again.
    input.set_value("");
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// The bytes at `url` on this site (`None` when offline and not cached, or not found).
pub async fn fetch_bytes(url: &str) -> Option<Vec<u8>> {
    let response: web_sys::Response = JsFuture::from(web_sys::window()?.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// Offers `csv` as `grahak-<what>-<date>.csv`.
pub fn save_csv(csv: &str, what: &str) {
    let name = format!(
        "grahak-{what}-{}.csv",
        crate::ui::text::day(crate::ui::book::now())
    );
    download(csv.as_bytes(), &name, "text/csv;charset=utf-8");
}
