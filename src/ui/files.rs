//! Files in and out of the browser: SHA-256 by the browser's own crypto, a download the seller
//! keeps, and the bytes of a file they chose.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Bytes hashed per task by [`sha256`] (a few milliseconds).
const HASH_SLICE: usize = 2 << 20;

/// SHA-256 of `bytes`, a slice per task: a big book's backup is tens of megabytes.
pub async fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for (k, part) in bytes.chunks(HASH_SLICE).enumerate() {
        if k > 0 {
            crate::ui::book::next_task().await;
        }
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// Bytes copied into the app per task by [`into_wasm`] (a few milliseconds).
const COPY_SLICE: u32 = 4 << 20;

/// Copies bytes from JavaScript into the app a slice per task: a 60 MB backup copied at once
/// would hold the screen.
pub async fn into_wasm(bytes: &Uint8Array) -> Vec<u8> {
    let n = bytes.length();
    // Room taken at once, but filled (and zeroed first) a slice at a time.
    let mut out = Vec::with_capacity(n as usize);
    let mut at = 0u32;
    while at < n {
        let end = at.saturating_add(COPY_SLICE).min(n);
        out.resize(end as usize, 0);
        bytes
            .subarray(at, end)
            .copy_to(&mut out[at as usize..end as usize]);
        at = end;
        if at < n {
            crate::ui::book::next_task().await;
        }
    }
    out
}

/// A file put together a part at a time on the browser's side: each part joins the file as it
/// comes (a blob of the blob so far and the part), so a big backup or export is never copied
/// whole in one task, nor held whole in the app.
pub struct FileParts {
    blob: Option<web_sys::Blob>,
    mime: &'static str,
    /// A part could not be added (the browser out of memory): never offer half a file.
    broken: bool,
}

impl FileParts {
    /// An empty file of type `mime`.
    pub fn new(mime: &'static str) -> FileParts {
        FileParts {
            blob: None,
            mime,
            broken: false,
        }
    }

    fn add(&mut self, part: &JsValue) {
        let parts = match &self.blob {
            Some(b) => js_sys::Array::of2(b, part),
            None => js_sys::Array::of1(part),
        };
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(self.mime);
        match web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
            Ok(b) => self.blob = Some(b),
            Err(_) => self.broken = true,
        }
    }

    /// Adds text.
    pub fn add_text(&mut self, text: &str) {
        self.add(&JsValue::from_str(text));
    }

    /// Adds bytes, a slice per task.
    pub async fn add_bytes(&mut self, bytes: &[u8]) {
        for (k, part) in bytes.chunks(COPY_SLICE as usize).enumerate() {
            if k > 0 {
                crate::ui::book::next_task().await;
            }
            self.add(&Uint8Array::from(part).into());
        }
    }

    /// Offers the file as a download called `name`.
    pub fn download(&self, name: &str) -> Option<()> {
        if self.broken {
            return None;
        }
        let blob = match &self.blob {
            Some(b) => b.clone(),
            None => web_sys::Blob::new().ok()?,
        };
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
}

/// The file name of a CSV export: `grahak-<what>-<date>.csv`.
pub fn csv_name(what: &str) -> String {
    format!(
        "grahak-{what}-{}.csv",
        crate::ui::text::file_day(crate::ui::book::now())
    )
}

/// The type of the CSV exports.
pub const CSV: &str = "text/csv;charset=utf-8";

/// Offers `csv` as `grahak-<what>-<date>.csv`.
pub fn save_csv(csv: &str, what: &str) {
    let mut file = FileParts::new(CSV);
    file.add_text(csv);
    file.download(&csv_name(what));
}

/// The bytes of the first file chosen in the `<input type=file>` that fired `ev`, still in
/// JavaScript ([`into_wasm`] brings them in).
pub async fn chosen_file(ev: &web_sys::Event) -> Option<Uint8Array> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    // Cleared, so that choosing the same file again fires `change` again.
    input.set_value("");
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buffer))
}

/// The bytes at `url` on this site (`None` when offline and not cached, or not found), still in
/// JavaScript.
pub async fn fetch_bytes(url: &str) -> Option<Uint8Array> {
    let response: web_sys::Response = JsFuture::from(web_sys::window()?.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer))
}
