#!/usr/bin/env bash
# Builds the sim-wasm bindings for the browser into web/pkg/ (wasm-bindgen --target web, loaded by
# the page, its Web Workers and the Node equality test). Idempotent: installs what it needs once.
#
#   1. the Rust target wasm32-unknown-unknown (rustup, with a time-out and retries);
#   2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock, into .tools/
#      (skipped when that version is already there or on PATH);
#   3. cargo build --release --target wasm32-unknown-unknown -p sim-wasm;
#   4. wasm-bindgen --target web → web/pkg/;
#   5. wasm-opt -O3 (binaryen from web/node_modules, installed by scripts/setup-web.sh).
#
# Usage: scripts/build-wasm.sh            (CCSIM_NO_WASM_OPT=1 skips step 5)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS="$ROOT/.tools"
OUT="$ROOT/web/pkg"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
TRIPLE=wasm32-unknown-unknown
log() { echo "[build-wasm] $*" >&2; }
die() { echo "[build-wasm] error: $*" >&2; exit 1; }
t0=$(date +%s)

# 1. Rust target ---------------------------------------------------------------------------------
command -v rustup >/dev/null || die "rustup not found: the $TRIPLE target is installed with rustup"
if ! rustup target list --installed | grep -qx "$TRIPLE"; then
  ok=0
  for attempt in 1 2 3; do
    log "rustup target add $TRIPLE (attempt $attempt/3, 180 s time-out)"
    if timeout 180 rustup target add "$TRIPLE"; then ok=1; break; fi
    sleep 2
  done
  [ "$ok" = 1 ] || die "could not install the Rust target $TRIPLE with rustup (3 attempts); check the network to the Rust distribution server and run 'rustup target add $TRIPLE' by hand"
fi

# 2. wasm-bindgen-cli matching Cargo.lock --------------------------------------------------------
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock || true)
if [ -z "$want" ]; then
  cargo generate-lockfile --offline >/dev/null 2>&1 || cargo metadata --format-version 1 >/dev/null
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
fi
[ -n "$want" ] || die "wasm-bindgen is not in Cargo.lock"
BINDGEN=""
for cand in "$TOOLS/bin/wasm-bindgen" "$(command -v wasm-bindgen || true)"; do
  if [ -n "$cand" ] && [ -x "$cand" ] && [ "$("$cand" --version 2>/dev/null | awk '{print $2}')" = "$want" ]; then
    BINDGEN=$cand; break
  fi
done
if [ -z "$BINDGEN" ]; then
  log "installing wasm-bindgen-cli $want into .tools/ (takes about 3 minutes once)"
  ok=0
  # --locked first (the crate's own lock file); when a locked dependency can no longer be had from
  # the registry (yanked), resolve afresh. Its own target dir, so the workspace build lock is not
  # held for minutes.
  for locked in --locked ""; do
    if CARGO_TARGET_DIR="$TOOLS/build" cargo install wasm-bindgen-cli --version "$want" $locked \
        --root "$TOOLS" --quiet; then ok=1; break; fi
    log "cargo install wasm-bindgen-cli ${locked:-(unlocked)} failed"
  done
  [ "$ok" = 1 ] || die "could not install wasm-bindgen-cli $want (cargo install)"
  rm -rf "$TOOLS/build"
  BINDGEN="$TOOLS/bin/wasm-bindgen"
fi

# 3. cargo build -----------------------------------------------------------------------------------
log "cargo build --release --target $TRIPLE -p sim-wasm"
cargo build --release --target "$TRIPLE" -p sim-wasm
WASM="$TARGET_DIR/$TRIPLE/release/sim_wasm.wasm"
[ -f "$WASM" ] || die "expected $WASM after cargo build"

# 4. wasm-bindgen ----------------------------------------------------------------------------------
mkdir -p "$OUT"
"$BINDGEN" --target web --out-dir "$OUT" --out-name sim_wasm "$WASM"

# 5. wasm-opt ---------------------------------------------------------------------------------------
# binaryen's wasm-opt -O3 makes the engine about 12 % faster in V8 and the module 16 % smaller
# (benches/peers/wasm.sh). It comes from npm (web/package.json devDependency "binaryen", installed
# by scripts/setup-web.sh), falling back to a wasm-opt on PATH. Only binaryen 116+: Debian 12's
# wasm-opt 108 breaks wasm-bindgen's externref table (the page then fails with
# "WebAssembly.Table.set(): Argument 1 is invalid").
WASM_OPT_BIN=web/node_modules/.bin/wasm-opt
[ -x "$WASM_OPT_BIN" ] || WASM_OPT_BIN=$(command -v wasm-opt || true)
if [ "${CCSIM_NO_WASM_OPT:-0}" != 1 ] && [ -n "$WASM_OPT_BIN" ]; then
  ver=$("$WASM_OPT_BIN" --version 2>/dev/null | grep -oE '[0-9]+' | head -1 || echo 0)
  if [ "${ver:-0}" -ge 116 ]; then
    f="$OUT/sim_wasm_bg.wasm"
    before=$(stat -c %s "$f")
    # the features rustc enables by default for wasm32; plain IEEE semantics (no fast-math), so
    # results stay bit-identical to native (web/test/node checks it)
    if "$WASM_OPT_BIN" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue "$f" -o "$f.opt"; then
      mv "$f.opt" "$f"
      log "wasm-opt $ver: $before → $(stat -c %s "$f") bytes"
    else
      rm -f "$f.opt"; log "wasm-opt failed; keeping the unoptimised module"
    fi
  else
    log "wasm-opt $ver is too old (needs 116+); skipping it"
  fi
else
  log "no wasm-opt (run scripts/setup-web.sh first); the module is not optimised"
fi
log "done in $(( $(date +%s) - t0 )) s: $OUT ($(stat -c %s "$OUT/sim_wasm_bg.wasm") bytes wasm)"
