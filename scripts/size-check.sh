#!/usr/bin/env bash
# Fails when the release app outgrows its budget, measured gzip -9 as a static host would serve it.
#   wasm alone <= 250 KB; every shipped file together <= 300 KB.
set -euo pipefail
dir="${1:-dist}"
WASM_LIMIT=$((250 * 1024))
TOTAL_LIMIT=$((300 * 1024))
gz() { gzip -9 -c "$1" | wc -c; }
wasm_files=("$dir"/*.wasm)
[ -e "${wasm_files[0]}" ] || { echo "no wasm in $dir: build first" >&2; exit 1; }
wasm=0
for f in "${wasm_files[@]}"; do wasm=$((wasm + $(gz "$f"))); done
total=0
# The sample shop (*.grahak) is fetched only when the seller asks for it, not at start.
while IFS= read -r -d '' f; do total=$((total + $(gz "$f"))); done < <(find "$dir" -type f ! -name '*.grahak' -print0)
echo "release_wasm_gzip_bytes: $wasm bytes (limit $WASM_LIMIT)"
echo "release_all_files_gzip_bytes: $total bytes (limit $TOTAL_LIMIT)"
fail=0
[ "$wasm" -le "$WASM_LIMIT" ] || { echo "FAIL: wasm is over budget" >&2; fail=1; }
[ "$total" -le "$TOTAL_LIMIT" ] || { echo "FAIL: shipped files are over budget" >&2; fail=1; }
exit $fail
