//! Browser tests: run in headless Chromium by wasm-bindgen-test (`scripts/test.sh`).
//! Grouped by area under `tests/browser/`; the storage contract lives in `tests/contract/`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod contract;
#[path = "browser/shell.rs"]
mod shell;
#[path = "browser/store.rs"]
mod store;
#[path = "browser/util.rs"]
mod util;
#[path = "browser/words.rs"]
mod words;
