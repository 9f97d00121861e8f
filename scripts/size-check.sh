#!/usr/bin/env bash
# The size guard rail, measured gzip -9 as a static host would serve it. Fails when
#   the app's wasm > 550 KB, or
#   everything the first visit downloads (the page and what it names, which is also what the
#   offline cache precaches) > 620 KB.
# (400 and 450 until the Campaigns screen, issue 17; 450 and 500 until credit, loyalty and
# reorders, issue 18, after which Lighthouse measured 99 with the page drawing the first-run
# card itself; 500 and 560 until Insights, issue 19, after which Lighthouse measured 100 in
# English, Hindi and Urdu with the app's code fetched after the first frame: BENCHMARKS.md.)
# Files fetched only when the seller asks for them are listed, not counted: the sample shop.
# What the budget is for (how soon the seller can sell) is measured by scripts/lighthouse.sh
# and scripts/bench.sh (start_cached_ms); see BENCHMARKS.md.
set -euo pipefail
dir="${1:-dist}"
WASM_LIMIT=$((550 * 1024))
FIRST_VISIT_LIMIT=$((620 * 1024))
gz() { gzip -9 -c "$1" | wc -c; }
wasm=0
found=0
for f in "$dir"/*.wasm; do
  [ -e "$f" ] || continue
  wasm=$((wasm + $(gz "$f"))); found=1
done
[ "$found" = 1 ] || { echo "no app wasm in $dir: build first" >&2; exit 1; }
total=0
on_request=()
while IFS= read -r -d '' f; do
  case "$f" in
    *.grahak) on_request+=("$(basename "$f") $(gz "$f")") ;;
    *) total=$((total + $(gz "$f"))) ;;
  esac
done < <(find "$dir" -type f -print0 | sort -z)
echo "release_wasm_gzip_bytes: $wasm bytes (limit $WASM_LIMIT)"
echo "release_first_visit_gzip_bytes: $total bytes (limit $FIRST_VISIT_LIMIT)"
for f in "${on_request[@]}"; do echo "not counted (fetched on request): ${f% *} ${f##* } bytes gzip"; done
fail=0
[ "$wasm" -le "$WASM_LIMIT" ] || { echo "FAIL: the app's wasm is over budget" >&2; fail=1; }
[ "$total" -le "$FIRST_VISIT_LIMIT" ] || { echo "FAIL: the first visit downloads too much" >&2; fail=1; }
exit $fail
