// The Today worker: holds one intraday run (sim-history through sim-wasm's TodayJs) and answers
// the page's start / add / remove / step / result. The replications run here in chunks (`step`),
// so the page shows progress and stays responsive; the page cancels by terminating the worker.
import type { FromTodayWorker, ToTodayWorker } from './todayProtocol';
import { loadWasm, raw } from './wasm';

const ctx = self as unknown as { postMessage(m: FromTodayWorker): void; onmessage: ((e: MessageEvent<ToTodayWorker>) => void) | null };

let run: raw.TodayJs | null = null;

function need(): raw.TodayJs {
  if (!run) throw new Error('no intraday run has been started');
  return run;
}

function handle(m: ToTodayWorker): string {
  switch (m.type) {
    case 'start':
      run?.free();
      run = null;
      run = new raw.TodayJs(m.scenario, m.format, m.state, m.actuals, m.method, JSON.stringify(m.whatifs), m.replications, m.seed);
      return String(run.remaining());
    case 'add':
      return String(need().add_whatif(m.whatif));
    case 'remove':
      need().remove_whatif(m.index);
      return 'null';
    case 'step':
      return String(need().step(m.max));
    case 'result':
      return need().result();
  }
}

ctx.onmessage = (e) => {
  const m = e.data;
  loadWasm()
    .then(() => ctx.postMessage({ id: m.id, ok: true, result: handle(m) }))
    .catch((err: unknown) => ctx.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }));
};
