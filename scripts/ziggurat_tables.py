#!/usr/bin/env python3
"""Writes sim-core/src/ziggurat_tables.rs: the 256-layer exponential ziggurat of
Marsaglia & Tsang (2000), "The Ziggurat Method for Generating Random Variables".
Run from the repository root: python3 scripts/ziggurat_tables.py"""
from math import exp, log

R = 7.69711747013104972          # start of the tail
V = 0.0039496598225815571993     # area of each layer

x = [0.0] * 257
x[0] = V / exp(-R)
x[1] = R
for i in range(2, 256):
    x[i] = -log(V / x[i - 1] + exp(-x[i - 1]))
x[256] = 0.0
f = [exp(-xi) for xi in x]


def table(name, values, doc):
    lines = [f"/// {doc}", f"pub(crate) const {name}: [f64; 257] = ["]
    for v in values:
        s = repr(v)
        lines.append(f"    {s if ('.' in s or 'e' in s) else s + '.0'},")
    return "\n".join(lines) + "\n];\n"


out = f"""//! Tables of the 256-layer ziggurat for the exponential distribution (Marsaglia & Tsang 2000),
//! generated once with `scripts/ziggurat_tables.py` and kept as literals so every target reads
//! the same bits. `R` is the start of the tail, `V` the area of each layer.

/// Where the tail begins.
pub(crate) const ZIG_EXP_R: f64 = {R!r};

"""
out += table("ZIG_EXP_X", x, "Right edges of the layers (`X[0]` = V / f(R), `X[1]` = R, decreasing to `X[256]` = 0).")
out += "\n" + table("ZIG_EXP_F", f, "`exp(-X[i])`: the density at each edge.")
open("sim-core/src/ziggurat_tables.rs", "w").write(out)
