#!/usr/bin/env bash
# Command 1: build Grahak and serve it on a free local port. Installs what is missing first.
#   scripts/run.sh            serve at a free port
#   PORT=9000 scripts/run.sh  serve at a chosen port
source "$(dirname "$0")/setup.sh"
ensure_build_tools
build_release
step "serving dist/ (Ctrl+C to stop)"
exec node scripts/serve.mjs --dir dist --port "${PORT:-0}"
