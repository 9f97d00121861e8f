#!/usr/bin/env bash
# Fails when the release app outgrows its budget, measured gzip -9 as a static host would serve it.
#   the app's wasm (loaded at start) <= 250 KB;
#   the CSV import module's wasm (fetched only when the seller opens the import screen) <= 160 KB;
#   every file loaded at start together <= 300 KB.
set -euo pipefail
dir="${1:-dist}"
WASM_LIMIT=$((250 * 1024))
IMPORT_LIMIT=$((160 * 1024))
TOTAL_LIMIT=$((300 * 1024))
gz() { gzip -9 -c "$1" | wc -c; }
import_wasm="$dir/grahak-import_bg.wasm"
[ -e "$import_wasm" ] || { echo "no $import_wasm in $dir: build first" >&2; exit 1; }
wasm=0
found=0
for f in "$dir"/*.wasm; do
  [ "$f" = "$import_wasm" ] && continue
  wasm=$((wasm + $(gz "$f"))); found=1
done
[ "$found" = 1 ] || { echo "no app wasm in $dir: build first" >&2; exit 1; }
import=$(gz "$import_wasm")
total=0
# Not loaded at start: the sample shop (*.grahak, fetched when the seller asks for it) and the
# import module (grahak-import*, fetched when the import screen is opened).
while IFS= read -r -d '' f; do total=$((total + $(gz "$f"))); done \
  < <(find "$dir" -type f ! -name '*.grahak' ! -name 'grahak-import*' -print0)
echo "release_wasm_gzip_bytes: $wasm bytes (limit $WASM_LIMIT)"
echo "release_import_module_wasm_gzip_bytes: $import bytes (limit $IMPORT_LIMIT)"
echo "release_start_files_gzip_bytes: $total bytes (limit $TOTAL_LIMIT)"
fail=0
[ "$wasm" -le "$WASM_LIMIT" ] || { echo "FAIL: the app's wasm is over budget" >&2; fail=1; }
[ "$import" -le "$IMPORT_LIMIT" ] || { echo "FAIL: the import module is over budget" >&2; fail=1; }
[ "$total" -le "$TOTAL_LIMIT" ] || { echo "FAIL: files loaded at start are over budget" >&2; fail=1; }
exit $fail
