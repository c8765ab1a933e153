#!/usr/bin/env bash
# Runs every test of the project. Idempotently installs what the tests need first.
# Usage: ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt / clippy"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings

echo "== Rust tests (sim-core, sim-cli, benches)"
cargo test --workspace

# later stages (wasm build, web unit tests, browser end-to-end tests) are appended below
