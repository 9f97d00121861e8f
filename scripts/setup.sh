# Sourced by run.sh and test.sh: installs what is missing, quickly does nothing when all is there.
# Everything comes from the package registries (crates.io, npm, Debian); nothing else is fetched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

step() { printf '\n== %s\n' "$*"; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    step "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  # No --locked: the CLI's own lock file names a crate version crates.io no longer has.
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
    || ! command -v wasm-bindgen-test-runner >/dev/null; then
    step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_npm_tools() {
  # node_modules is refreshed when package-lock.json changes.
  local stamp="node_modules/.grahak-lock"
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
    || ! cmp -s package-lock.json "$stamp"; then
    step "installing npm dev tools (binaryen for wasm-opt, playwright-core, axe-core)"
    npm ci --no-audit --no-fund
    cp package-lock.json "$stamp"
  fi
}

ensure_chromium() {
  # fonts-noto-core: Devanagari, Gujarati, Malayalam and Arabic-script letters in screenshots.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] \
    || ! dpkg -s fonts-noto-core >/dev/null 2>&1; then
    step "installing Chromium, ChromeDriver and Noto fonts from Debian packages"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver fonts-noto-core
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_npm_tools
}

# wasm-bindgen-test in headless Chromium (flags in webdriver.json).
browser_test_env() {
  export CHROMEDRIVER=/usr/bin/chromedriver
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
  export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-$1}
}

build_release() {
  step "building the release app into dist/"
  trunk build --release --offline
}
