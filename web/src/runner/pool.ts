// The worker pool: one Web Worker per core, replications handed out in small chunks, parts merged
// exactly by sim-core in a worker at the end. The page never blocks: the main thread only routes
// messages and updates the progress bar.
import type { KpiDiff, Report } from '../types';
import { planTasks, type Task } from './plan';
import type { FromWorker, ToWorker, VariantSpec } from './protocol';

export interface RunRequest {
  variants: VariantSpec[];
  replications: number;
  seed: string;
  /** Paired comparison of every variant against variants[0]. */
  compare: boolean;
}

export interface RunProgress {
  done: number;
  total: number;
  elapsedMs: number;
  workers: number;
}

export interface RunResult {
  reports: Report[];
  /** The reports exactly as sim-wasm serialised them. */
  reportsRaw: string[];
  /** JSON summaries (for re-merging or export). */
  summaries: string[];
  compares: KpiDiff[][];
  cancelled: boolean;
  elapsedMs: number;
  workers: number;
  /** Replications completed per variant. */
  completed: number[];
}

export interface RunHandle {
  result: Promise<RunResult>;
  cancel(): void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

export function defaultWorkers(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(16, n));
}

export class Pool {
  private slots: Slot[] = [];
  private nextJob = 1;
  private listeners = new Map<Worker, (m: FromWorker) => void>();

  constructor(public size: number = defaultWorkers()) {}

  private ensure(): void {
    while (this.slots.length < this.size) {
      const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `ccsim-run-${this.slots.length + 1}` });
      worker.onmessage = (e: MessageEvent<FromWorker>) => this.listeners.get(worker)?.(e.data);
      worker.onerror = (e) => this.listeners.get(worker)?.({ type: 'error', job: -1, message: e.message || 'worker failed to start' });
      this.slots.push({ worker, busy: false });
    }
    while (this.slots.length > this.size) this.slots.pop()?.worker.terminate();
  }

  resize(n: number): void {
    this.size = Math.max(1, Math.min(64, Math.floor(n)));
  }

  terminate(): void {
    this.slots.forEach((s) => s.worker.terminate());
    this.slots = [];
  }

  run(req: RunRequest, onProgress: (p: RunProgress) => void): RunHandle {
    this.ensure();
    const job = this.nextJob++;
    const slots = this.slots.slice();
    const tasks: Task[] = planTasks(req.replications, req.variants.length, slots.length);
    const total = tasks.reduce((a, t) => a + (t.end - t.start), 0);
    const completed = req.variants.map(() => 0);
    const t0 = performance.now();
    let cancelled = false;
    let next = 0;
    let done = 0;
    let inFlight = 0;
    let finished = false;
    const cancelRef: { fn: () => void } = { fn: () => undefined };

    const result = new Promise<RunResult>((resolve, reject) => {
      const fail = (message: string) => {
        if (finished) return;
        finished = true;
        slots.forEach((s) => this.listeners.delete(s.worker));
        // a failed job may have left workers mid-task: start fresh next time
        this.terminate();
        reject(new Error(message));
      };
      const post = (s: Slot, m: ToWorker) => s.worker.postMessage(m);
      const dispatch = (s: Slot) => {
        if (cancelled || next >= tasks.length) {
          s.busy = false;
          if (inFlight === 0) collect();
          return;
        }
        const t = tasks[next++];
        s.busy = true;
        inFlight++;
        post(s, { type: 'task', job, ...t });
      };
      let collecting = false;
      const collect = () => {
        if (collecting) return;
        collecting = true;
        const parts: string[][] = req.variants.map(() => []);
        let waiting = slots.length;
        for (const s of slots) {
          this.listeners.set(s.worker, (m) => {
            if (m.type === 'error') return fail(m.message);
            if (m.type !== 'parts' || m.job !== job) return;
            m.parts.forEach((p, i) => p && parts[i].push(p));
            if (--waiting === 0) finalize(parts);
          });
          post(s, { type: 'collect', job });
        }
      };
      const finalize = (parts: string[][]) => {
        const s = slots[0];
        for (const o of slots) this.listeners.delete(o.worker);
        this.listeners.set(s.worker, (m) => {
          if (m.type === 'error') return fail(m.message);
          if (m.type !== 'final' || m.job !== job) return;
          finished = true;
          this.listeners.delete(s.worker);
          resolve({
            reports: m.reports.map((r) => JSON.parse(r) as Report),
            reportsRaw: m.reports,
            summaries: m.summaries,
            compares: m.compares.map((c) => JSON.parse(c) as KpiDiff[]),
            cancelled,
            elapsedMs: performance.now() - t0,
            workers: slots.length,
            completed,
          });
        });
        post(s, { type: 'finalize', job, variants: req.variants, seed: req.seed, parts, requested: req.replications, compare: req.compare });
      };
      for (const s of slots) {
        this.listeners.set(s.worker, (m) => {
          if (m.type === 'error') return fail(m.message);
          if (m.type !== 'done' || m.job !== job) return;
          inFlight--;
          done += m.count;
          completed[m.variant] += m.count;
          onProgress({ done, total, elapsedMs: performance.now() - t0, workers: slots.length });
          dispatch(s);
        });
        post(s, { type: 'job', job, variants: req.variants, seed: req.seed });
      }
      onProgress({ done: 0, total, elapsedMs: 0, workers: slots.length });
      if (tasks.length === 0) collect();
      else slots.forEach((s) => dispatch(s));
      cancelRef.fn = () => {
        cancelled = true;
      };
    });
    return { result, cancel: () => cancelRef.fn() };
  }
}
