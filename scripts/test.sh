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

# ==== web / wasm (sim-wasm, web/) ==================================================================
# npm ci + Chromium → wasm build (wasm-opt from node_modules) → lint, typecheck, unit tests → production build → the wasm package
# in Node equals native sim-core → end-to-end in headless Chromium (screenshots: web/test-results/).
echo "== web: install (npm ci, Debian chromium)"
./scripts/setup-web.sh

echo "== sim-wasm: build for the browser (scripts/build-wasm.sh)"
./scripts/build-wasm.sh

echo "== web: lint, typecheck, unit tests (Vitest)"
(cd web && npm run -s lint && npm run -s typecheck && npm run -s test)

echo "== web: production build (web/dist)"
(cd web && npx vite build --logLevel warn)

echo "== web: wasm in Node equals native sim-core"
(cd web && npm run -s test:wasm)

echo "== web: end-to-end tests in headless Chromium"
(cd web && npm run -s test:e2e)
# ==== end of web / wasm ============================================================================
