#!/usr/bin/env bash
# Installs everything Ketentafel needs on a fresh Debian/Ubuntu machine: system packages,
# npm packages from the lockfile and tauri-driver. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build outputs and tools live outside the clone, so a reused machine builds incrementally.
export CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/ketentafel"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE_DIR/target}"
export TOOLS_DIR="$CACHE_DIR/tools"

SYSTEM_PACKAGES=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev libxdo-dev libsoup-3.0-dev pkg-config build-essential file curl
  fonts-dejavu-core xvfb xauth dbus dbus-x11 imagemagick webkit2gtk-driver
  libreoffice-writer-nogui poppler-utils libglib2.0-bin desktop-file-utils shared-mime-info
  strace x11-utils
)

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: Rust is not installed; install it with rustup (https://rustup.rs)"; exit 1; }
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt >/dev/null 2>&1 || true

if [ ! -x "$TOOLS_DIR/bin/tauri-driver" ]; then
  echo "setup: building tauri-driver"
  cargo install tauri-driver --version '^2' --locked --root "$TOOLS_DIR" --quiet
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
