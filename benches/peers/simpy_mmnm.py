"""M/M/n+M in SimPy, written the way SimPy's own "bank renege" example does it: one process per
customer, a Resource of n agents, and `request | timeout(patience)` for abandonment.

Usage: simpy_mmnm.py [--agents N --lam L --aht S --patience S --days D --warmup-min M
                      --threshold S --seed K]; prints one JSON line (see common.py).
"""

import random
import time

import simpy

from common import parse_args, report


def main():
    args = parse_args("SimPy")
    t0 = time.perf_counter()
    rng = random.Random(args.seed)
    horizon = args.days * 86400.0
    warmup = args.warmup_min * 60.0
    mu, theta = 1.0 / args.aht, 1.0 / args.patience
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=args.agents)
    st = {"offered": 0, "answered": 0, "in_thr": 0, "abandoned": 0, "wait": 0.0,
          "busy": 0, "busy_area": 0.0, "last": 0.0}

    def busy_change(delta):
        # integrate the number of busy agents over [warm-up, horizon]
        now = env.now
        lo = max(st["last"], warmup)
        if now > lo:
            st["busy_area"] += st["busy"] * (now - lo)
        st["last"] = now
        st["busy"] += delta

    def customer(arrival):
        counted = arrival >= warmup
        if counted:
            st["offered"] += 1
        patience = rng.expovariate(theta)
        with agents.request() as req:
            res = yield req | env.timeout(patience)
            wait = env.now - arrival
            if req in res:
                if counted:
                    st["answered"] += 1
                    st["wait"] += wait
                    if wait <= args.threshold:
                        st["in_thr"] += 1
                busy_change(+1)
                yield env.timeout(rng.expovariate(mu))
                busy_change(-1)
            elif counted:
                st["abandoned"] += 1

    def source():
        while True:
            yield env.timeout(rng.expovariate(args.lam))
            env.process(customer(env.now))

    env.process(source())
    env.run(until=horizon)
    busy_change(0)  # close the busy-time integral at the horizon
    wall = time.perf_counter() - t0
    report("SimPy", simpy.__version__, args, wall, st["offered"], st["answered"], st["in_thr"],
           st["abandoned"], st["wait"], st["busy_area"])


if __name__ == "__main__":
    main()
