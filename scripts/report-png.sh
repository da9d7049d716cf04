#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of an HTML report: a
# corpus interview scored with the default pack, rendered by headless Chromium
# 1000 px wide and cut at 1500 px.
#
#   scripts/report-png.sh [TRANSCRIPT]
#
# TRANSCRIPT defaults to corpus/british-out-of-order.txt. Installs Debian's
# chromium package when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/chromium.sh
transcript="${1:-corpus/british-out-of-order.txt}"
out=target/report-png
mkdir -p "$out"

cargo build --quiet --release
candor="${CARGO_TARGET_DIR:-target}/release/candor"
rm -f "$out/report.html" "$out/report.png"
"$candor" score "$transcript" --format html --output "$out/report.html" || [ $? -eq 1 ]
headless --window-size=1000,1500 --screenshot="$out/report.png" "file://$PWD/$out/report.html"
if [ ! -s "$out/report.png" ]; then
  echo "report-png FAILED: $out/report.html did not render" >&2
  exit 1
fi
cp "$out/report.png" docs/report.png
echo "wrote docs/report.png ($(stat -c %s docs/report.png) bytes) from $transcript"
