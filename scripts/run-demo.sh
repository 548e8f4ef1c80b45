#!/usr/bin/env bash
# Installs everything Ketentafel needs on a fresh Debian/Ubuntu machine, builds the app with
# its UI embedded, and launches it on a fresh demo dialogue ("Voorbeelddialoog").
# With no display (a server, CI), it runs under Xvfb and saves a screenshot instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

npx tauri build --debug --no-bundle --ci
APP="$CARGO_TARGET_DIR/debug/ketentafel"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$APP" --demo "$@"
fi

echo "run-demo: no display found; starting the app under Xvfb and saving ketentafel-demo.png"
export KETENTAFEL_APP="$APP" TAURI_DRIVER="$TOOLS_DIR/bin/tauri-driver"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/screenshots.mjs screenshots
echo "run-demo: screenshots of every screen are in ./screenshots/"
