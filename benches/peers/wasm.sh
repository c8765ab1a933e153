#!/usr/bin/env bash
# wasm vs native single-queue replication in Node (benches/peers/wasm_node.mjs).
#
# Builds its own copy of the sim-wasm package from the current sources into
# <target>/bench-wasm-pkg (cargo build --release --target wasm32-unknown-unknown -p sim-wasm, then
# wasm-bindgen --target web, the version scripts/build-wasm.sh installs into .tools/, then
# `wasm-opt -O3` from web/node_modules as for the page), so the wasm and native sides run the
# same engine code; web/pkg is left alone. WASM_OPT=0 skips wasm-opt.
#
# Usage: benches/peers/wasm.sh [REPS=20] [ROUNDS=5]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
pkg="$target_dir/bench-wasm-pkg"

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
bindgen="$root/.tools/bin/wasm-bindgen"
if [ ! -x "$bindgen" ] || [ "$("$bindgen" --version | awk '{print $2}')" != "$want" ]; then
  echo "wasm-bindgen $want not in .tools/: running scripts/build-wasm.sh once to install it" >&2
  ./scripts/build-wasm.sh
fi
echo "building sim-wasm (release, wasm32) and the native runner" >&2
cargo build --quiet --release --target wasm32-unknown-unknown -p sim-wasm
cargo build --quiet --release -p ccsim-benches --bin replication_time
"$bindgen" --target web --out-dir "$pkg" --out-name sim_wasm "$target_dir/wasm32-unknown-unknown/release/sim_wasm.wasm"
# optimise like scripts/build-wasm.sh does for the page (binaryen from web/node_modules), so the
# figure is the shipped module's; WASM_OPT=0 measures the plain rustc output
wasm_opt="$root/web/node_modules/.bin/wasm-opt"
if [ "${WASM_OPT:-1}" = 1 ] && [ ! -x "$wasm_opt" ]; then
  echo "web/node_modules has no wasm-opt: running scripts/setup-web.sh --no-browser" >&2
  ./scripts/setup-web.sh --no-browser
fi
if [ "${WASM_OPT:-1}" = 1 ]; then
  "$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$pkg/sim_wasm_bg.wasm" -o "$pkg/sim_wasm_bg.wasm"
fi
CCSIM_WASM_PKG="$pkg" CCSIM_REPLICATION_TIME="$target_dir/release/replication_time" \
  exec node "$here/wasm_node.mjs" "$@"
