// The schedule worker: holds one schedule search (sim-plan through sim-wasm) and answers the
// page's start / next / submit / stop. The minimum-cost cover is solved inside `start` and
// `submit` (seconds for a large week), so it runs here and the page stays responsive; the page
// cancels a solve by terminating this worker. The simulations of each step run in the run
// workers (the page drives them), like the staffing search and the availability fit.
import type { FromScheduleWorker, ToScheduleWorker } from './scheduleProtocol';
import { loadWasm, raw } from './wasm';

const ctx = self as unknown as { postMessage(m: FromScheduleWorker): void; onmessage: ((e: MessageEvent<ToScheduleWorker>) => void) | null };

let search: raw.ScheduleSearchJs | null = null;

function handle(m: ToScheduleWorker): string {
  switch (m.type) {
    case 'start':
      search?.free();
      search = null;
      search = new raw.ScheduleSearchJs(m.scenario, m.format, m.rules, m.requirement, m.options);
      return 'null';
    case 'next':
      if (!search) throw new Error('no schedule search is running');
      return search.next_step();
    case 'submit':
      if (!search) throw new Error('no schedule search is running');
      search.submit(m.summary);
      return 'null';
    case 'stop':
      return search ? search.stop() : 'null';
  }
}

ctx.onmessage = (e) => {
  const m = e.data;
  loadWasm()
    .then(() => ctx.postMessage({ id: m.id, ok: true, result: handle(m) }))
    .catch((err: unknown) => ctx.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }));
};
