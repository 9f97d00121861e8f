#!/usr/bin/env bash
# Lighthouse 12 on the release build, as a seller's first visit to Sell on a mid-range phone on
# slow 4G (Lighthouse's default mobile emulation and simulated throttling), served with gzip
# like a real static host. Three runs; prints the median of each figure as `name: value unit`.
# Then the same first visit from a browser set to Hindi and to Urdu (the page opens in the
# browser's language): their scores end in `_hi` / `_ur`.
#   scripts/lighthouse.sh          RUNS=5 scripts/lighthouse.sh          LANGS=en scripts/lighthouse.sh
# Record results with the machine in BENCHMARKS.md: scores move with the machine's load.
source "$(dirname "$0")/setup.sh"
ensure_build_tools
ensure_chromium
if [ ! -x scripts/lighthouse/node_modules/.bin/lighthouse ]; then
  step "installing lighthouse 12 (npm, once)"
  # A dependency of lighthouse asks for third-party-web@"latest", a tag that moves: when the
  # lock no longer matches it, install from the registry instead of failing.
  npm ci --prefix scripts/lighthouse --no-audit --no-fund \
    || npm install --prefix scripts/lighthouse --no-audit --no-fund --no-save
fi
build_release
RUNS=${RUNS:-3}
LANGS=${LANGS:-en hi ur}
out="target/lighthouse"
mkdir -p "$out"
node scripts/serve.mjs --dir dist --port 0 > "$out/serve.log" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q http "$out/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$out/serve.log")
export CHROME_PATH=/usr/bin/chromium
for lang in $LANGS; do
for i in $(seq "$RUNS"); do
  scripts/lighthouse/node_modules/.bin/lighthouse "$url" --quiet --output=json --output-path="$out/run-$lang-$i.json" \
    --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --lang=$lang --accept-lang=$lang --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'" \
    || { echo "lighthouse run $lang $i failed" >&2; exit 1; }
done
node - "$out" "$RUNS" "$lang" <<'JS'
const fs = require('fs');
const [dir, runs, lang] = process.argv.slice(2);
const reports = Array.from({ length: Number(runs) }, (_, i) => JSON.parse(fs.readFileSync(`${dir}/run-${lang}-${i + 1}.json`)));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const score = (id) => median(reports.map((r) => Math.round(r.categories[id].score * 100)));
const audit = (id) => median(reports.map((r) => r.audits[id].numericValue));
if (lang !== 'en') {
  for (const [id, name] of [['performance', 'performance'], ['accessibility', 'accessibility'], ['best-practices', 'best_practices']]) {
    console.log(`lighthouse_${name}_${lang}: ${score(id)} score`);
  }
  process.exit(0);
}
console.log(`lighthouse_performance: ${score('performance')} score`);
console.log(`lighthouse_accessibility: ${score('accessibility')} score`);
console.log(`lighthouse_best_practices: ${score('best-practices')} score`);
console.log(`lighthouse_fcp_ms: ${Math.round(audit('first-contentful-paint'))} ms`);
console.log(`lighthouse_lcp_ms: ${Math.round(audit('largest-contentful-paint'))} ms`);
console.log(`lighthouse_tbt_ms: ${Math.round(audit('total-blocking-time'))} ms`);
console.log(`lighthouse_cls: ${audit('cumulative-layout-shift').toFixed(3)} score`);
console.log(`lighthouse_transfer_kb: ${Math.round(audit('total-byte-weight') / 1024)} KB`);
JS
done
