//! Browser tests: run in headless Chromium by wasm-bindgen-test (`scripts/test.sh`).
//! Grouped by area under `tests/browser/`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/shell.rs"]
mod shell;
#[path = "browser/util.rs"]
mod util;
