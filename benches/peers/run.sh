#!/usr/bin/env bash
# Side-by-side: the same M/M/n+M model (same rates, horizon, warm-up and statistics) in ccsim, SimPy
# and Ciw. Installs the peers from PyPI into benches/peers/.venv (idempotent), builds ccsim's
# runner, runs each tool REPEAT times and prints a markdown table with the median wall time per
# 100,000 simulated contacts, the ratio to ccsim and the KPIs each produced (next to the exact
# Erlang A values), so the comparison is of equal work and equal answers.
#
# Usage: benches/peers/run.sh            (defaults below; takes about a minute)
#   AGENTS=100 RHO=0.95 AHT=300 PATIENCE=600 DAYS=8 WARMUP_MIN=60 THRESHOLD=20 REPEAT=3 SEED=1
#   PEER_DAYS=…  horizon for the Python peers if they should run fewer contacts (default DAYS)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

AGENTS="${AGENTS:-100}"
RHO="${RHO:-0.95}"
AHT="${AHT:-300}"
PATIENCE="${PATIENCE:-600}"
DAYS="${DAYS:-8}"
PEER_DAYS="${PEER_DAYS:-$DAYS}"
WARMUP_MIN="${WARMUP_MIN:-60}"
THRESHOLD="${THRESHOLD:-20}"
REPEAT="${REPEAT:-3}"
SEED="${SEED:-1}"

# --- peers: a local virtual environment with the pinned versions (re-installed only on change)
venv="$here/.venv"
py="$venv/bin/python"
if [ ! -x "$py" ]; then
  echo "creating $venv" >&2
  python3 -m venv "$venv"
fi
stamp="$venv/.requirements.installed"
if ! cmp -s "$here/requirements.txt" "$stamp" 2>/dev/null; then
  echo "installing peers (requirements.txt) into $venv" >&2
  "$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

# --- ccsim: the same model through the engine (release build)
echo "building peer_ccsim (release)" >&2
(cd "$root" && cargo build --quiet --release -p ccsim-benches --bin peer_ccsim)
target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps | "$py" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
ccsim="$target_dir/release/peer_ccsim"

LAM="$("$py" -c "print($RHO * $AGENTS / $AHT)")"
common=(--agents "$AGENTS" --lam "$LAM" --aht "$AHT" --patience "$PATIENCE" --warmup-min "$WARMUP_MIN" --threshold "$THRESHOLD" --seed "$SEED")

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for i in $(seq 1 "$REPEAT"); do
  echo "run $i/$REPEAT: ccsim" >&2
  "$ccsim" "${common[@]}" --days "$DAYS" >>"$out"
  echo "run $i/$REPEAT: SimPy" >&2
  (cd "$here" && "$py" simpy_mmnm.py "${common[@]}" --days "$PEER_DAYS") >>"$out"
  echo "run $i/$REPEAT: Ciw" >&2
  (cd "$here" && "$py" ciw_mmnm.py "${common[@]}" --days "$PEER_DAYS") >>"$out"
done

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
"$py" "$here/table.py" "$out" \
  --agents "$AGENTS" --lam "$LAM" --aht "$AHT" --patience "$PATIENCE" --threshold "$THRESHOLD" \
  --machine "$(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr)"
