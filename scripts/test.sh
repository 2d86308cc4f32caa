#!/usr/bin/env bash
# Installs what is missing and runs every check and test: formatting, lints, the UI's type
# check and unit tests, the Rust unit and integration tests (crash test included; the
# store and service suite once on sled and once on a throw-away PostgreSQL), and the
# end-to-end tests through the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

step() { printf '\n=== %s\n' "$*"; }

# A fresh clone builds everything once: incremental data would only cost disk.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"; fi
step "Disk space (a build needs about 10 GB free)"
df -h . | tail -n 1

step "cargo fmt --check"
cargo fmt --all -- --check

step "UI: type check"
npm --prefix ui run check --silent

step "UI: unit tests (vitest)"
npm --prefix ui test --silent

step "UI: build"
npm --prefix ui run build --silent

step "cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings

step "Rust: unit and integration tests (the store and service suite on sled and on PostgreSQL)"
bash scripts/with-postgres.sh cargo test --quiet

step "End-to-end tests (tauri-driver + WebKitWebDriver under Xvfb)"
cargo build --quiet
bash scripts/with-postgres.sh xvfb-run -a -s "-screen 0 1280x900x24" npm --prefix ui run e2e --silent
