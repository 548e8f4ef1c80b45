#!/usr/bin/env bash
# Builds the .deb exactly as the README says, installs it with dpkg -i, runs the installed
# program under Xvfb (tests/install/deb.test.mjs) and removes the package again.
# Expects scripts/setup.sh to have run (it sets CARGO_TARGET_DIR and TOOLS_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

start=$(date +%s)
npx tauri build --bundles deb --ci >"$CACHE_DIR/deb-build.log" 2>&1 || { tail -40 "$CACHE_DIR/deb-build.log"; exit 1; }
deb=$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/Ketentafel_*_amd64.deb | head -1)
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $(( $(date +%s) - start )) s"

$SUDO dpkg -i "$deb" >/dev/null
work=$(mktemp -d)
cleanup() { $SUDO dpkg -r ketentafel >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

KETENTAFEL_APP=/usr/bin/ketentafel KETENTAFEL_CLI="$CARGO_TARGET_DIR/debug/ketentafel-cli" KETENTAFEL_DEB_DIR="$work" TAURI_DRIVER="$TOOLS_DIR/bin/tauri-driver" \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-timeout=300000 --test-concurrency=1 tests/install/deb.test.mjs
