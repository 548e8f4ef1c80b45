#!/usr/bin/env bash
# Installs what is needed, then runs every check and test: formatting, lints, Rust unit and
# command tests, stale bindings, svelte-check, Vitest, and the end-to-end tests through the
# real window under Xvfb. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

step() { printf '\n=== %s\n' "$*"; }
start=$(date +%s)

step "cargo fmt --check"
cargo fmt --all -- --check

step "licences of the bundled dependencies (About screen) match the lockfiles"
node scripts/licences.mjs --check

step "ui: paraglide, svelte-check"
npm run --silent check

step "ui: build (embedded into the app)"
npm run --silent build

step "ui: bundle within 250 kB gzip"
node scripts/bundle-size.mjs

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (core, CLI, commands on the mock runtime, stale bindings)"
cargo test --workspace --locked 2>&1 | tee "$CACHE_DIR/cargo-test.log"
echo "--- cargo test summary"
grep -E '^test result:' "$CACHE_DIR/cargo-test.log" | awk '{p+=$4; f+=$6} END {printf "cargo test: %d passed, %d failed\n", p, f}'

step "core builds without any webview library"
if cargo tree -p ketentafel-core -e normal --prefix none --format '{p}' | grep -Ei '^(tauri|wry|tao|webkit|javascriptcore|gtk|soup)'; then
  echo "ketentafel-core depends on a webview crate"; exit 1
fi
echo "ok: cargo tree -p ketentafel-core has no tauri, wry, webkit or gtk crate"

step "ui: vitest"
npm run --silent test:ui

step "documents: DOCX opened by LibreOffice (soffice --convert-to pdf), PDF text checked; icons at every bundle size"
KETENTAFEL_CLI="$CARGO_TARGET_DIR/debug/ketentafel-cli" node --test tests/docs/ tests/install/icons.test.mjs

step "app: build with the UI embedded"
npx tauri build --debug --no-bundle --ci >/dev/null 2>"$CACHE_DIR/tauri-build.log" || { tail -50 "$CACHE_DIR/tauri-build.log"; exit 1; }

step "no network: the CLI and the app in a network namespace with no interface, under strace"
KETENTAFEL_APP="$CARGO_TARGET_DIR/debug/ketentafel" KETENTAFEL_CLI="$CARGO_TARGET_DIR/debug/ketentafel-cli" \
  node --test tests/network/

step "end-to-end through the real window (tauri-driver, WebKitWebDriver, Xvfb)"
export KETENTAFEL_APP="$CARGO_TARGET_DIR/debug/ketentafel"
export KETENTAFEL_CLI="$CARGO_TARGET_DIR/debug/ketentafel-cli"
export TAURI_DRIVER="$TOOLS_DIR/bin/tauri-driver"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-timeout=300000 --test-concurrency=1 tests/e2e/

step "installer: the .deb built as the README says, installed with dpkg -i, launched under Xvfb"
bash scripts/test-deb.sh

echo
echo "all checks passed in $(( $(date +%s) - start )) s"
