// One trainer run: sim-core's step-wise Trainer for a bundled center, advanced in one-minute steps
// so the rolling chart gets a sample each simulated minute. Occupancy comes from sim-core's own
// agent-time tallies (Trainer.occupancy / occupancy_since_mark), not from sampling here.
import { bundled, TRAINER_FALLBACK } from '../scenarios';
import type { ContactTally, ModelInfo, ScenarioJson, Snapshot } from '../types';
import { raw, sim } from '../wasm';

const SAMPLE_S = 60;
/** Samples kept: the chart's two hours plus the 15 minutes its rolling service level looks back. */
export const WINDOW_S = 2 * 3600;
export const ROLL_S = 15 * 60;

export interface Sample {
  t: number;
  queue: number;
  offered: number;
  inThreshold: number;
}

/** Contact counters at the last change (the "since the last change" column measures from here). */
export interface Mark {
  t: number;
  tally: ContactTally;
}

/** The trainer's scenario: the bundled center as JSON, watched from the first call (no warm-up). */
export function trainerText(id: string): string {
  const text = bundled(id)?.text ?? TRAINER_FALLBACK;
  const res = sim.validate(text, 'toml');
  if (!res.ok && !res.scenario) return text;
  const obj = res.scenario as ScenarioJson;
  obj.warmup_minutes = 0;
  return JSON.stringify(obj);
}

export function sumTotals(s: Snapshot): ContactTally {
  const out = { arrivals: 0, offered: 0, answered: 0, handled: 0, abandoned: 0, answered_in_threshold: 0, wait_answered_sum: 0 } as ContactTally;
  for (const t of s.totals) for (const k of Object.keys(out)) out[k] += t[k] ?? 0;
  return out;
}

export class Session {
  readonly trainer: raw.Trainer;
  readonly info: ModelInfo;
  samples: Sample[] = [];
  mark: Mark = { t: 0, tally: {} as ContactTally };
  last: Snapshot;

  constructor(id: string, seed: number) {
    this.trainer = new raw.Trainer(trainerText(id), 'json', BigInt(seed), 0);
    this.info = JSON.parse(this.trainer.info()) as ModelInfo;
    this.trainer.advance_to(0); // the agents due at the start are shown logged on
    this.last = this.snapshot();
    this.markNow();
  }

  free(): void {
    this.trainer.free();
  }

  snapshot(): Snapshot {
    return JSON.parse(this.trainer.snapshot()) as Snapshot;
  }

  /** A slider moved: what it changed starts now (agents log on at once), and so does the comparison. */
  changed(apply: (t: raw.Trainer) => void): void {
    apply(this.trainer);
    this.trainer.advance_to(this.trainer.now());
    this.last = this.snapshot();
    this.markNow();
  }

  markNow(): void {
    this.trainer.mark();
    this.mark = { t: this.last.now, tally: { ...sumTotals(this.last) } };
  }

  /** Advances to `target` in one-minute steps, sampling the queue and counters at each minute. */
  step(target: number): void {
    const tr = this.trainer;
    while (tr.now() < target - 1e-9) {
      const next = Math.min(target, (Math.floor(tr.now() / SAMPLE_S + 1e-9) + 1) * SAMPLE_S);
      tr.advance_to(next);
      this.last = this.snapshot();
      if (Math.abs(next % SAMPLE_S) < 1e-6) {
        const tot = sumTotals(this.last);
        this.samples.push({ t: next, queue: this.last.queue.reduce((a, b) => a + b, 0), offered: tot.offered, inThreshold: tot.answered_in_threshold });
        while (this.samples.length && this.samples[0].t < next - WINDOW_S - ROLL_S) this.samples.shift();
      }
    }
  }

  /** Occupancy (busy over staffed agent time) since the start and since the last change, from sim-core. */
  occupancy(): { sinceStart: number | null; sinceMark: number | null } {
    const f = (x: number) => (Number.isFinite(x) ? x : null);
    return { sinceStart: f(this.trainer.occupancy()), sinceMark: f(this.trainer.occupancy_since_mark()) };
  }
}
