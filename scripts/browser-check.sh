#!/usr/bin/env bash
# Renders candor's HTML reports in headless Chromium and fails if a page does
# not render. Installs Debian's chromium package when it is missing.
#
#   scripts/browser-check.sh [OUT_DIR]
#
# Writes OUT_DIR/report.png (a single report) and OUT_DIR/comparison.png
# (the comparison page); OUT_DIR defaults to target/browser-check.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/browser-check}"
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

cargo build --quiet --release
candor="${CARGO_TARGET_DIR:-target}/release/candor"
sample=tests/data/transcripts/sample.txt
"$candor" score --rules tests/data/packs/mini "$sample" --format html --output "$out/report.html"
"$candor" score --rules tests/data/packs/mini tests/data/corpus-mini --format html --output "$out/comparison.html"

render() {
  local html="$1" png="$2" height="$3"
  rm -f "$png"
  # Flags as this machine needs them: no sandbox as root, no network chatter.
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --hide-scrollbars --user-data-dir="$(mktemp -d)" \
    --window-size=1000,"$height" --screenshot="$png" "file://$PWD/$html" \
    >/dev/null 2>&1 || true
  if [ ! -s "$png" ]; then
    echo "browser check FAILED: $html did not render" >&2
    exit 1
  fi
  # A blank page compresses to almost nothing; a rendered report does not.
  local size
  size=$(stat -c %s "$png")
  if [ "$size" -lt 20000 ]; then
    echo "browser check FAILED: $png is only $size bytes (blank page?)" >&2
    exit 1
  fi
  echo "rendered $html -> $png ($size bytes)"
}

render "$out/report.html" "$out/report.png" 2400
render "$out/comparison.html" "$out/comparison.png" 1600
echo "browser check passed"
