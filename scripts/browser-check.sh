#!/usr/bin/env bash
# Renders candor's HTML reports in headless Chromium and fails if a page does
# not render, or if a page overflows its width. Installs Debian's chromium
# package when it is missing.
#
#   scripts/browser-check.sh [OUT_DIR]
#
# Writes to OUT_DIR (default target/browser-check): report.png (a single
# report, 1000 px wide), comparison.png (the comparison page, 1000 px),
# comparison-1280.png and comparison-375.png (a desktop and a phone).
#
# Overflow: a copy of each page gets a probe script (the reports themselves
# have none) that sets data-overflow on <body>, naming every card or section
# wider than its box and a page wider than the window; `--dump-dom` prints it.
# The heatmap's scrolling wrapper may scroll: that is not overflow. Headless
# Chromium will not make a window narrower than 500 px, so the phone width is
# an iframe 375 px wide in a 500 px window (the screenshot shows grey beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/chromium.sh
out="${1:-target/browser-check}"
mkdir -p "$out"

cargo build --quiet --release
candor="${CARGO_TARGET_DIR:-target}/release/candor"
sample=tests/data/transcripts/sample.txt
rm -f "$out/report.html" "$out/comparison.html"
"$candor" score --rules tests/data/packs/mini "$sample" --format html --output "$out/report.html"
"$candor" score --rules tests/data/packs/mini tests/data/corpus-mini --format html --output "$out/comparison.html"

fail() {
  echo "browser check FAILED: $*" >&2
  exit 1
}

# render HTML PNG WIDTH HEIGHT: a screenshot that is not blank.
render() {
  local html="$1" png="$2" width="$3" height="$4"
  rm -f "$png"
  headless --window-size="$width,$height" --screenshot="$png" "file://$PWD/$html"
  [ -s "$png" ] || fail "$html did not render at $width px"
  # A blank page compresses to almost nothing; a rendered report does not.
  local size
  size=$(stat -c %s "$png")
  [ "$size" -ge 20000 ] || fail "$png is only $size bytes (blank page?)"
  echo "rendered $html at $width px -> $png ($size bytes)"
}

# The probe: what overflows, in data-overflow on <body> ("none" when nothing).
probe='<script>
(function () {
  var root = document.documentElement, width = root.clientWidth, bad = [];
  if (root.scrollWidth > width) bad.push("page " + root.scrollWidth + " > " + width);
  document.querySelectorAll("main > *, section, article").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1)
      bad.push((el.tagName + "." + el.className).trim() + " " + el.scrollWidth + " > " + el.clientWidth);
  });
  document.body.setAttribute("data-overflow", bad.length ? bad.slice(0, 5).join("; ") : "none");
  document.body.setAttribute("data-width", String(width));
})();
</script>'

# overflow HTML WIDTH: fails if the page overflows at WIDTH px.
overflow() {
  local html="$1" width="$2" probed="${1%.html}.probe.html" page
  python3 - "$html" "$probed" "$probe" <<'PY'
import sys
src, dst, probe = sys.argv[1:]
text = open(src, encoding="utf-8").read()
open(dst, "w", encoding="utf-8").write(text.replace("</body>", probe + "\n</body>", 1))
PY
  page="$probed"
  if [ "$width" -lt 500 ]; then
    page="${1%.html}.frame-$width.html"
    cat >"$page" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body style="margin:0">
<iframe id="f" src="$(basename "$probed")" style="border:0;width:${width}px;height:900px"></iframe>
<script>
window.addEventListener("load", function () {
  var b = document.getElementById("f").contentDocument.body;
  document.body.setAttribute("data-overflow", b.getAttribute("data-overflow"));
  document.body.setAttribute("data-width", b.getAttribute("data-width"));
});
</script></body></html>
HTML
  fi
  local body
  body=$(headless --allow-file-access-from-files --virtual-time-budget=5000 \
    --window-size="$(( width < 500 ? 500 : width )),900" --dump-dom "file://$PWD/$page" \
    | grep -o '<body[^>]*>' | head -n 1)
  local seen result
  seen=$(sed -n 's/.*data-width="\([0-9]*\)".*/\1/p' <<<"$body")
  result=$(sed -n 's/.*data-overflow="\([^"]*\)".*/\1/p' <<<"$body")
  [ "$seen" = "$width" ] || fail "$html: the probe did not run at $width px (saw '${seen}')"
  [ "$result" = "none" ] || fail "$html overflows at $width px: $result"
  echo "no overflow in $html at $width px"
}

# shot375 HTML PNG: a screenshot of the page in a 375 px iframe.
shot375() {
  local html="$1" png="$2" frame="${1%.html}.shot-375.html"
  cat >"$frame" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body style="margin:0;background:#888">
<iframe src="$(basename "$html")" style="border:0;width:375px;height:2000px;background:#fff"></iframe>
</body></html>
HTML
  render "$frame" "$png" 500 2000
}

render "$out/report.html" "$out/report.png" 1000 2400
render "$out/comparison.html" "$out/comparison.png" 1000 1600
render "$out/comparison.html" "$out/comparison-1280.png" 1280 1600
shot375 "$out/comparison.html" "$out/comparison-375.png"
overflow "$out/comparison.html" 1280
overflow "$out/comparison.html" 375
overflow "$out/report.html" 375
echo "browser check passed"
