"""Prints the markdown table of benches/peers/run.sh from the JSON lines the runners wrote."""

import argparse
import json
import statistics
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("--agents", type=int)
    p.add_argument("--lam", type=float)
    p.add_argument("--aht", type=float)
    p.add_argument("--patience", type=float)
    p.add_argument("--threshold", type=float)
    p.add_argument("--machine", default="")
    a = p.parse_args()
    runs = {}
    for line in open(a.results):
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            runs.setdefault(r["tool"], []).append(r)
    if "ccsim" not in runs:
        sys.exit("no ccsim result")

    def per_100k(r):
        return r["wall_s"] / r["contacts"] * 1e5

    def median_run(rs):
        # the run with the median time per contact (its KPIs are shown; all runs share the seed)
        rs = sorted(rs, key=per_100k)
        return rs[len(rs) // 2]

    base = statistics.median(per_100k(r) for r in runs["ccsim"])
    print(f"M/M/n+M: n = {a.agents}, λ = {a.lam:.6g}/s, AHT = {a.aht:g} s, mean patience = "
          f"{a.patience:g} s, SL threshold {a.threshold:g} s; median of {len(runs['ccsim'])} runs; "
          f"machine: {a.machine}")
    print()
    print("| tool | contacts simulated | wall time per 100k contacts | min – max | ratio to ccsim "
          "| service level | abandonment | ASA (s) | occupancy |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tool in ["ccsim", "SimPy", "Ciw"]:
        if tool not in runs:
            continue
        rs = runs[tool]
        times = [per_100k(r) for r in rs]
        med = statistics.median(times)
        r = median_run(rs)
        name = tool if tool == "ccsim" else f"{tool} {r['version']}"
        print(f"| {name} | {int(r['contacts']):,} | {fmt_t(med)} | {fmt_t(min(times))} – "
              f"{fmt_t(max(times))} | {med / base:,.0f}× | {r['service_level']:.3f} | "
              f"{r['abandon_rate']:.4f} | {r['asa_s']:.2f} | {r['occupancy']:.3f} |")
    e = runs["ccsim"][0].get("exact")
    if e:
        print(f"| Erlang A (exact formula) | | | | | {e['service_level']:.3f} | "
              f"{e['abandon_rate']:.4f} | {e['asa_s']:.2f} | {e['occupancy']:.3f} |")


def fmt_t(s):
    return f"{s * 1e3:,.1f} ms" if s < 1 else f"{s:,.2f} s"


if __name__ == "__main__":
    main()
