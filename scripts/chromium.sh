# Shared by browser-check.sh and report-png.sh (sourced, not run): headless
# Chromium, installed from Debian's package when it is missing.

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

# chromium ARGS...: headless, with the flags this machine needs (no sandbox as
# root, no network chatter), a fresh profile, and a 120 s bound.
headless() {
  local profile
  profile="$(mktemp -d)"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null || true
  rm -rf "$profile"
}
