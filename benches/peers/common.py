"""Shared command line and output of the peer models (see run.sh and docs/performance.md).

Every peer simulates the same M/M/n+M model as ccsim's `peer_ccsim`: Poisson arrivals (rate lam
per second), exponential handle times (mean aht), exponential patience (mean patience), n agents,
one FIFO queue, a horizon of `days` days that starts empty, statistics for contacts that arrive
after `warmup_min` minutes:

- offered: contacts arriving after the warm-up (those still waiting or in service at the horizon
  included, as in ccsim);
- service level: answered within `threshold` seconds / offered;
- abandonment: abandoned / offered;
- ASA: mean wait of answered contacts;
- occupancy: busy agent-seconds / (n * (horizon - warm-up)).

The wall time covers building and running the model and computing the statistics, not the
interpreter start or the imports (ccsim's figure likewise excludes process start).
"""

import argparse
import json


def parse_args(tool):
    p = argparse.ArgumentParser(description=f"M/M/n+M in {tool}")
    p.add_argument("--agents", type=int, default=100)
    p.add_argument("--lam", type=float, default=0.95 * 100 / 300, help="arrivals per second")
    p.add_argument("--aht", type=float, default=300.0, help="mean handle time, s")
    p.add_argument("--patience", type=float, default=600.0, help="mean patience, s")
    p.add_argument("--days", type=float, default=1.0, help="horizon in days")
    p.add_argument("--warmup-min", type=float, default=60.0)
    p.add_argument("--threshold", type=float, default=20.0, help="service-level threshold, s")
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args()


def report(tool, version, args, wall_s, offered, answered, in_threshold, abandoned, wait_sum, busy_s):
    span = args.days * 86400.0 - args.warmup_min * 60.0
    ratio = lambda a, b: a / b if b > 0 else float("nan")
    print(
        json.dumps(
            {
                "tool": tool,
                "version": version,
                "contacts": offered,
                "wall_s": wall_s,
                "service_level": ratio(in_threshold, offered),
                "abandon_rate": ratio(abandoned, offered),
                "asa_s": ratio(wait_sum, answered),
                "occupancy": ratio(busy_s, args.agents * span),
            }
        )
    )
