// The analytic (Erlang C / Erlang A) view of a compiled model, shown next to simulated results.
// The formulas are sim-core's (through sim-wasm); this module only decides which numbers to feed
// them: per interval after warm-up, each contact type with the agents who can serve it
// (scheduled × (1 − absence)), weighted by arrivals. Breaks, multi-skill sharing, retries and
// non-exponential times are what the simulation adds on top.
import type { ModelInfo, QueueMetrics } from './types';

export type MetricsFn = (lambdaPerS: number, ahtS: number, patienceS: number | null, agents: number, thresholdS: number) => QueueMetrics;
export type NeedFn = (lambdaPerS: number, ahtS: number, patienceS: number | null, thresholdS: number, target: number) => number | null;

export interface Prediction {
  service_level: number | null;
  abandon_rate: number | null;
  asa_s: number | null;
  occupancy: number | null;
}

/** Agents available to a contact type per interval: every group that serves it, net of absence. */
export function agentsFor(info: ModelInfo, typeIndex: number): number[] {
  const t = info.types[typeIndex];
  const out = new Array<number>(info.n_intervals).fill(0);
  for (const g of info.groups) {
    if (!t.route.includes(g.id)) continue;
    for (let i = 0; i < info.n_intervals; i++) out[i] += (g.scheduled_per_interval[i] ?? 0) * (1 - g.absence);
  }
  return out;
}

function firstInterval(info: ModelInfo): number {
  return Math.min(info.n_intervals - 1, Math.floor(info.warmup_s / info.interval_s + 1e-9));
}

/** Arrival-weighted Erlang prediction for one contact type over the measured intervals. */
export function predictType(info: ModelInfo, typeIndex: number, metrics: MetricsFn): Prediction {
  const t = info.types[typeIndex];
  const agents = agentsFor(info, typeIndex);
  const aht = (t.mean_handle_s + t.mean_wrap_s) / Math.max(1, t.concurrency);
  const patience = t.channel === 'email' ? null : t.mean_patience_s;
  let w = 0;
  let sl = 0;
  let ab = 0;
  let asa = 0;
  let wAsa = 0;
  let occ = 0;
  let wOcc = 0;
  for (let i = firstInterval(info); i < info.n_intervals; i++) {
    const lambda = (t.rate_per_s[i] ?? 0) * (1 - t.deflection);
    if (lambda <= 0) continue;
    const n = Math.round(agents[i]);
    const m = metrics(lambda, aht, patience, n, t.sl_threshold_s);
    w += lambda;
    sl += lambda * (m.service_level ?? 0);
    ab += lambda * (m.abandon_rate ?? (m.stable ? 0 : 1));
    const answered = lambda * (1 - (m.abandon_rate ?? 0));
    if (m.asa_s != null && Number.isFinite(m.asa_s)) {
      asa += answered * m.asa_s;
      wAsa += answered;
    }
    if (n > 0) {
      occ += n * (m.occupancy ?? 1);
      wOcc += n;
    }
  }
  if (w === 0) return { service_level: null, abandon_rate: null, asa_s: null, occupancy: null };
  return {
    service_level: sl / w,
    abandon_rate: ab / w,
    asa_s: wAsa > 0 ? asa / wAsa : null,
    occupancy: wOcc > 0 ? occ / wOcc : null,
  };
}

/** Agents needed per interval for every type's SL target (80 % when none), added up over types. */
export function neededPerInterval(info: ModelInfo, need: NeedFn): (number | null)[] {
  const out: (number | null)[] = new Array(info.n_intervals).fill(0);
  for (const t of info.types) {
    const aht = t.mean_handle_s + t.mean_wrap_s;
    const patience = t.channel === 'email' ? null : t.mean_patience_s;
    for (let i = 0; i < info.n_intervals; i++) {
      const lambda = (t.rate_per_s[i] ?? 0) * (1 - t.deflection);
      if (lambda <= 0 || out[i] == null) continue;
      const n = need(lambda, aht, patience, t.sl_threshold_s, t.sl_target ?? 0.8);
      out[i] = n == null ? null : (out[i] as number) + n / Math.max(1, t.concurrency);
    }
  }
  return out;
}
