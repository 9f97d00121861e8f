#!/usr/bin/env bash
# Command 2: every check and test. Installs what is missing first (Chromium included).
# Steps: format, lints (host and wasm), host tests, browser tests in headless Chromium against real
# IndexedDB, release build, size budget, end-to-end tests against the release build served from a
# sub-path by a plain static server.
source "$(dirname "$0")/setup.sh"
ensure_build_tools
ensure_chromium

browser_test_env 180

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (host)"
cargo clippy --all-targets -- -D warnings
step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

step "host tests"
cargo test

step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test browser

build_release

step "size budget"
bash scripts/size-check.sh dist

step "a big book for the end-to-end test (200k sales, once)"
[ -f target/big-book-200000.grahak ] \
  || BIG_BOOKS=200000 cargo test --test big_book -- --ignored --nocapture

step "end-to-end tests (Playwright, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/
