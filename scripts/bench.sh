#!/usr/bin/env bash
# Benchmarks: storage and segments in headless Chromium (real IndexedDB), release build; then
# the domain on the host; then start_cached_ms through the release app (scripts/bench-start.mjs).
# Lighthouse has its own command: scripts/lighthouse.sh.
# Prints `name: value unit` lines; record results with the machine in BENCHMARKS.md.
source "$(dirname "$0")/setup.sh"
ensure_build_tools
ensure_chromium
browser_test_env 600
cargo test --release --target wasm32-unknown-unknown --test bench -- --nocapture 2>&1 \
  | tee target/bench.log | grep -E '^[a-z0-9_]+: [0-9.]+ [A-Za-z/%]+$'
grep -q "test result: ok" target/bench.log || { echo "benchmarks failed; see target/bench.log" >&2; exit 1; }
# Host benchmarks of the domain code (native, release).
cargo test --release --test bench_host -- --ignored --nocapture 2>&1 \
  | tee target/bench_host.log | grep -E '^[a-z0-9_]+: [0-9.]+ [A-Za-z/%]+$'
grep -q "test result: ok" target/bench_host.log || { echo "host benchmarks failed; see target/bench_host.log" >&2; exit 1; }
# A repeat visit to the release app, from navigation to a Sell screen that finds a buyer.
build_release
node scripts/bench-start.mjs
# The app on a 1M-sale / 100k-customer book (issue 14): restore through the screens, repeat
# visits, longest task, memory.
[ -f target/big-book-1000000.grahak ] \
  || cargo test --release --test big_book -- --ignored --nocapture > target/big_book.log 2>&1
node scripts/bench-big.mjs 1000000
