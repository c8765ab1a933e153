"""M/M/n+M in Ciw: one node, n servers, exponential arrivals, services and reneging
(`reneging_time_distributions`), statistics from Ciw's data records.

Usage: ciw_mmnm.py [--agents N --lam L --aht S --patience S --days D --warmup-min M
                    --threshold S --seed K]; prints one JSON line (see common.py).
"""

import time

import ciw

from common import parse_args, report


def main():
    args = parse_args("Ciw")
    t0 = time.perf_counter()
    ciw.seed(args.seed)
    horizon = args.days * 86400.0
    warmup = args.warmup_min * 60.0
    net = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=args.lam)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / args.aht)],
        number_of_servers=[args.agents],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1.0 / args.patience)],
    )
    q = ciw.Simulation(net)
    q.simulate_until_max_time(horizon)
    # incomplete records: contacts still waiting or in service at the horizon (offered, not done)
    recs = q.get_all_records(include_incomplete=True)
    offered = answered = in_thr = abandoned = 0
    wait_sum = busy = 0.0
    for r in recs:
        if r.record_type in ("service", "incomplete") and r.service_start_date is not None:
            end = r.service_end_date if r.service_end_date is not None else horizon
            busy += max(0.0, min(end, horizon) - max(r.service_start_date, warmup))
        if r.arrival_date < warmup:
            continue
        offered += 1
        if r.record_type == "renege":
            abandoned += 1
        elif r.service_start_date is not None:
            answered += 1
            wait_sum += r.waiting_time
            if r.waiting_time <= args.threshold:
                in_thr += 1
    wall = time.perf_counter() - t0
    report("Ciw", ciw.__version__, args, wall, offered, answered, in_thr, abandoned, wait_sum, busy)


if __name__ == "__main__":
    main()
