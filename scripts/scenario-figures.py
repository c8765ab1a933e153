#!/usr/bin/env python3
"""Prints the two result tables of scenarios/README.md from fresh `ccsim run` output.

    python3 scripts/scenario-figures.py            # builds the CLI (release) if needed, seed 1

Each bundled scenario runs with the replication count the README states; values are the mean ±
the half-width of its 95 % confidence interval, formatted as in the README. Only the standard
library is used (json, tomllib, subprocess).
"""

import json
import pathlib
import subprocess
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUNS = [
    ("customer-care-24x7", 200),
    ("customer-care-mentors", 200),
    ("multi-skill-bank", 100),
    ("volume-spike", 200),
    ("trainer-single-queue", 400),
]


def run(name, reps):
    out = subprocess.run(
        ["cargo", "run", "--release", "-q", "-p", "sim-cli", "--", "run",
         f"scenarios/{name}.toml", "-n", str(reps), "-q", "--format", "json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def half(k):
    lo, hi = k["ci95"]
    return (hi - lo) / 2


def pct(k):
    if k["mean"] is None:
        return "–"
    return f"{100 * k['mean']:.1f} % ± {100 * half(k):.1f}"


def secs(k):
    if k["mean"] is None:
        return "–"
    digits = 1 if k["mean"] < 100 else 0
    return f"{k['mean']:.{digits}f} s ± {half(k):.{digits}f}"


def duration(s):
    if s >= 3600 and s % 3600 == 0:
        return f"{s // 3600:g} h"
    return f"{s:g} s"


def main():
    types_rows, agent_rows = [], []
    for name, reps in RUNS:
        scenario = tomllib.loads((ROOT / "scenarios" / f"{name}.toml").read_text())
        result = run(name, reps)
        for ct in scenario["contact_types"]:
            k = result["by_type"][ct["id"]]["kpis"]
            if k["offered"]["mean"] == 0:
                continue  # a type the scenario leaves unused (e.g. a commented-out callback)
            threshold = ct.get("service_level", {}).get("threshold_s", 20)
            if "patience" not in ct:
                aband = "never (e-mail)" if ct.get("channel") == "email" else "0 (no patience)"
            else:
                aband = pct(k["abandon_rate"])
            types_rows.append(
                f"| `{name}` | {reps} | {ct['id']} | {k['offered']['mean']:.0f} | "
                f"{pct(k['service_level'])} ({duration(threshold)}) | {aband} | "
                f"{secs(k['asa_s'])} | {secs(k['p90_wait_s'])} |"
            )
        k = result["kpis"]
        agents = sum(g["agents"] for g in result["by_group"].values())
        shrink = "0" if k["shrinkage"]["mean"] == 0 else pct(k["shrinkage"])
        agent_rows.append(
            f"| `{name}` | {agents} | {pct(k['occupancy'])} | {pct(k['utilisation'])} | "
            f"{shrink} | {k['paid_hours']['mean']:.0f} | {k['overtime_hours']['mean']:.1f} |".replace("| 0.0 |", "| 0 |")
        )
    print("### Per contact type\n")
    print("| scenario | reps | contact type | offered / rep | service level (threshold) "
          "| abandoned | ASA | 90th pct wait |")
    print("|---|---:|---|---:|---|---|---|---|")
    print("\n".join(types_rows))
    print("\n### Agents (all groups together)\n")
    print("| scenario | agents | occupancy | utilisation | shrinkage | paid hours / rep "
          "| overtime hours / rep |")
    print("|---|---:|---|---|---|---:|---:|")
    print("\n".join(agent_rows))


if __name__ == "__main__":
    main()
