#!/usr/bin/env bash
# Runs inside `unshare -n -- dbus-run-session -- xvfb-run …` (see no-network.test.mjs): starts
# the real app on a fresh demo dialogue under strace, waits until its window shows painted
# content (many colours in a capture of the window, not the blank frame before the webview
# draws), then ends it. Usage: app-offline.sh TRACE_LOG DATA_DIR SCREENSHOT
set -euo pipefail
trace=$1 data=$2 shot=$3
: "${KETENTAFEL_APP:?KETENTAFEL_APP must name the built app binary}"
export XDG_DATA_HOME="$data/data" XDG_CONFIG_HOME="$data/config"

strace -f -qq -e trace=network -o "$trace" "$KETENTAFEL_APP" --demo >"$data/app.log" 2>&1 &
tracer=$!
deadline=$((SECONDS + 120))
painted=""
while [ -z "$painted" ]; do
  if ! kill -0 "$tracer" 2>/dev/null; then
    echo "the app exited before its window was painted" >&2
    cat "$data/app.log" >&2
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "no painted window within 120 s" >&2
    pkill -TERM -P "$tracer" 2>/dev/null || true
    exit 1
  fi
  # The main window, titled after the open file: "Voorbeelddialoog….ketentafel — Ketentafel".
  win=$(xwininfo -root -tree 2>/dev/null | awk '/\.ketentafel — Ketentafel"/ { print $1; exit }')
  if [ -n "$win" ] && import -window "$win" "$shot" 2>/dev/null; then
    colours=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
    if ((colours > 200)); then painted="$win $colours"; fi
  fi
  # Poll the condition again shortly; the loop ends on it, not on a fixed wait.
  [ -n "$painted" ] || sleep 0.25
done
echo "painted window $painted"
# End the app: strace's child, looked up again now (the pid seen while polling may have been a
# short-lived helper). An app already gone has nothing left to trace.
pkill -TERM -P "$tracer" 2>/dev/null || echo "the app had already exited after painting"
wait "$tracer" || true
