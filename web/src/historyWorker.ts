// The history worker: reads a dropped history or records file and forecasts or calibrates it with
// sim-history (through sim-wasm) off the main thread, so the page stays responsive. It keeps the
// last calibration and its availability fit between messages; the fit's simulations run in the
// run workers (the page drives them), only the fit's state lives here.
import type { FromHistoryWorker, ToHistoryWorker } from './historyProtocol';
import { loadWasm, raw } from './wasm';

const ctx = self as unknown as { postMessage(m: FromHistoryWorker): void; onmessage: ((e: MessageEvent<ToHistoryWorker>) => void) | null };

let calibration: raw.CalibrationJs | null = null;
let fit: raw.AvailabilityFitJs | null = null;

function dropFit() {
  fit?.free();
  fit = null;
}

function handle(m: ToHistoryWorker): string {
  switch (m.type) {
    case 'summary':
      return raw.history_summary(m.text, m.options);
    case 'forecast':
      return raw.history_forecast(m.text, m.options, m.base, m.base ? 'json' : '');
    case 'calibrate': {
      dropFit();
      calibration?.free();
      calibration = null;
      calibration = new raw.CalibrationJs(m.text, m.options, m.base, m.base ? 'json' : '');
      return `{"estimates":${calibration.estimates()},"scenario":${calibration.scenario()}}`;
    }
    case 'fit-start':
      if (!calibration) throw new Error('no records have been calibrated yet');
      dropFit();
      fit = calibration.fit(m.options);
      return 'null';
    case 'fit-next':
      if (!fit) throw new Error('no availability fit is running');
      return fit.next_step();
    case 'fit-submit':
      if (!fit) throw new Error('no availability fit is running');
      fit.submit(m.summary);
      return 'null';
  }
}

ctx.onmessage = (e) => {
  const m = e.data;
  loadWasm()
    .then(() => ctx.postMessage({ id: m.id, ok: true, result: handle(m) }))
    .catch((err: unknown) => ctx.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }));
};
