// The intraday "Today" run (sim-history's day through sim-wasm), typed: facts of a scenario for
// the state form (main thread, cheap), and the replications in the Today worker (todayWorker.ts),
// which keeps the baseline's replications so that a what-if added later runs only its own. No
// intraday logic lives here: sim-history computes every number, as `ccsim intraday` does, and
// the result is the CLI's `--format json` document.
import type { FieldError } from './types';
import type { TodayRequest } from './todayProtocol';
import { RequestWorker } from './requestWorker';
import type { TodayInfo, TodayResult } from './todayState';
import { raw as w } from './wasm';

/** An error of the bindings: where it comes from and its field errors. */
export interface TodayError {
  source: 'scenario' | 'state' | 'actuals' | 'method' | 'whatif' | 'options' | 'worker';
  errors: FieldError[];
}

export function todayErrorOf(e: unknown): TodayError {
  const msg = e instanceof Error ? e.message : String(e);
  try {
    const v = JSON.parse(msg) as Partial<TodayError>;
    if (v && Array.isArray(v.errors)) return { source: v.source ?? 'worker', errors: v.errors };
  } catch {
    // a plain message
  }
  return { source: 'worker', errors: [{ path: '(today)', message: msg }] };
}

/** Facts of a scenario (JSON text) for the state form; throws the errors JSON. */
export function todayInfo(scenarioJson: string): TodayInfo {
  return JSON.parse(w.today_info(scenarioJson, 'json')) as TodayInfo;
}

/** The worker: one request at a time in order; `terminate` ends it (pending requests fail). */
class TodayWorker extends RequestWorker<TodayRequest> {
  constructor() {
    super(() => new Worker(new URL('./todayWorker.ts', import.meta.url), { type: 'module', name: 'ccsim-today' }), 'Today');
  }
}

export interface TodayInput {
  /** The scenario's JSON text. */
  scenario: string;
  /** The start state (JSON text). */
  state: string;
  /** The day's actuals (interval-history CSV; '' = none). */
  actuals: string;
  method: string;
  whatifs: string[];
  replications: number;
  seed: string;
}

export interface TodayProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

/** Replications per worker step: small enough for a smooth progress bar and a quick cancel. */
const CHUNK = 25;

/**
 * An intraday run and its what-ifs. `start` runs the baseline (and the given what-ifs); `add`
 * runs one more what-if against the kept baseline; `remove` drops one. Each resolves to the
 * CLI's JSON document. `cancel` stops at once (the run is then gone: start again).
 */
export class TodayRun {
  private w = new TodayWorker();
  private started = false;
  private cancelled = false;

  get ready(): boolean {
    return this.started;
  }

  private async finish(onProgress: (p: TodayProgress) => void): Promise<TodayResult> {
    const t0 = performance.now();
    let left = Number(await this.w.call({ type: 'step', max: 0 }));
    const total = left;
    onProgress({ done: 0, total, elapsedMs: 0 });
    while (left > 0) {
      if (this.cancelled) throw new Error('cancelled');
      left = Number(await this.w.call({ type: 'step', max: CHUNK }));
      onProgress({ done: total - left, total, elapsedMs: performance.now() - t0 });
    }
    return JSON.parse(await this.w.call({ type: 'result' })) as TodayResult;
  }

  async start(input: TodayInput, onProgress: (p: TodayProgress) => void): Promise<TodayResult> {
    this.started = false;
    this.cancelled = false;
    await this.w.call({ type: 'start', scenario: input.scenario, format: 'json', state: input.state, actuals: input.actuals, method: input.method, whatifs: input.whatifs, replications: input.replications, seed: input.seed });
    const r = await this.finish(onProgress);
    this.started = true;
    return r;
  }

  async add(whatif: string, onProgress: (p: TodayProgress) => void): Promise<TodayResult> {
    if (!this.started) throw new Error('run the baseline first');
    this.cancelled = false;
    await this.w.call({ type: 'add', whatif });
    return this.finish(onProgress);
  }

  /** Removes what-if `index` (0-based among the what-ifs). */
  async remove(index: number): Promise<TodayResult> {
    if (!this.started) throw new Error('run the baseline first');
    await this.w.call({ type: 'remove', index: index + 1 });
    return JSON.parse(await this.w.call({ type: 'result' })) as TodayResult;
  }

  cancel(): void {
    this.cancelled = true;
    this.started = false;
    this.w.terminate();
  }
}
