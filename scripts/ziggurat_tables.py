#!/usr/bin/env python3
"""Writes sim-core/src/ziggurat_tables.rs: the 256-layer exponential and standard normal
ziggurats of Marsaglia & Tsang (2000), "The Ziggurat Method for Generating Random Variables".
Run from the repository root: python3 scripts/ziggurat_tables.py"""
from math import exp, log, sqrt

R = 7.69711747013104972          # start of the tail
V = 0.0039496598225815571993     # area of each layer

x = [0.0] * 257
x[0] = V / exp(-R)
x[1] = R
for i in range(2, 256):
    x[i] = -log(V / x[i - 1] + exp(-x[i - 1]))
x[256] = 0.0
f = [exp(-xi) for xi in x]

# standard normal (unnormalised density exp(-x²/2)), the same construction
NR = 3.6541528853610088          # start of the tail
NV = 0.00492867323399            # area of each layer
nx = [0.0] * 257
nx[0] = NV / exp(-NR * NR / 2)
nx[1] = NR
for i in range(2, 256):
    nx[i] = sqrt(-2 * log(NV / nx[i - 1] + exp(-nx[i - 1] * nx[i - 1] / 2)))
nx[256] = 0.0
nf = [exp(-xi * xi / 2) for xi in nx]


def table(name, values, doc):
    lines = [f"/// {doc}", f"pub(crate) const {name}: [f64; 257] = ["]
    for v in values:
        s = repr(v)
        lines.append(f"    {s if ('.' in s or 'e' in s) else s + '.0'},")
    return "\n".join(lines) + "\n];\n"


out = f"""//! Tables of the 256-layer ziggurats for the exponential and the standard normal distribution
//! (Marsaglia & Tsang 2000), generated once with `scripts/ziggurat_tables.py` and kept as
//! literals so every target reads the same bits. `R` is the start of the tail, `V` the area of
//! each layer.

/// Where the tail begins.
pub(crate) const ZIG_EXP_R: f64 = {R!r};

"""
out += table("ZIG_EXP_X", x, "Right edges of the layers (`X[0]` = V / f(R), `X[1]` = R, decreasing to `X[256]` = 0).")
out += "\n" + table("ZIG_EXP_F", f, "`exp(-X[i])`: the density at each edge.")
out += f"""
/// Where the standard normal's tail begins.
pub(crate) const ZIG_NORM_R: f64 = {NR!r};

"""
out += table("ZIG_NORM_X", nx, "Right edges of the normal's layers (`X[0]` = V / f(R), `X[1]` = R, decreasing to `X[256]` = 0).")
out += "\n" + table("ZIG_NORM_F", nf, "`exp(-X[i]²/2)`: the (unnormalised) density at each edge.")
open("sim-core/src/ziggurat_tables.rs", "w").write(out)
