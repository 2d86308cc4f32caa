#!/usr/bin/env bash
# Installs what Samskab needs on Debian 12, skipping what is already there:
# Debian packages (WebKitGTK and friends; with --test also Xvfb, WebKitWebDriver and
# PostgreSQL 15 for the team-mode half of the tests),
# the UI's npm packages, and (with --test) tauri-driver.
# Needs Rust (cargo) and Node.js 20+ with npm; runs apt-get as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

packages=(libwebkit2gtk-4.1-dev libsoup-3.0-dev libgtk-3-dev librsvg2-dev build-essential pkg-config libssl-dev fonts-dejavu-core)
if $want_test; then
  packages+=(xvfb xauth webkit2gtk-driver procps util-linux imagemagick strace postgresql-15 openssl)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: Rust (cargo) is needed: https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20+ with npm is needed" >&2; exit 1; }

# npm packages, exactly as locked; reinstalled when the lock file changed.
if [ ! -f ui/node_modules/.package-lock.json ] || ! cmp -s ui/package-lock.json ui/node_modules/.samskab-lock; then
  echo "setup: installing npm packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json ui/node_modules/.samskab-lock
fi

if $want_test; then
  tauri_driver="${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver"
  if ! "$tauri_driver" --help >/dev/null 2>&1; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --version 2.1.0 --locked --quiet
  fi
fi
