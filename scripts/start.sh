#!/usr/bin/env bash
# Installs what is missing, builds the UI and starts Samskab.
# Options go to the app: --data-dir MAPPE, --demo (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm --prefix ui run build --silent
exec cargo run --release --quiet -- "$@"
