// The History tab: import an interval history or contact records (drag and drop or a file
// picker; the file is read in this browser and never leaves it), map its columns, then forecast
// (historyForecast.ts) or calibrate (historyCalibrate.ts) in the history worker, and apply the
// result to the current scenario. sim-history computes every number, as `ccsim forecast` and
// `ccsim calibrate` do.
import { announce, field, h } from '../dom';
import { fmtDuration } from '../format';
import { HistoryWorker, guessKind, inputErrorOf, type InputError } from '../history';
import type { Pool } from '../runner/pool';
import type { Format } from '../types';
import { createCalibrateView } from './historyCalibrate';
import { createForecastView } from './historyForecast';
import type { PlannerState } from './state';

export interface HistoryDeps {
  pool: Pool;
  /** Replaces the current scenario (the toolbar's import). */
  apply(text: string, format: Format, label: string): void;
  /** A job using the worker pool starts (its cancel) or ends (null). */
  busy(job: { cancel(): void } | null): void;
}

export interface HistoryTab {
  render(panel: HTMLElement): void;
  refresh(): void;
}

/** The input the user dropped or picked. */
export interface LoadedFile {
  name: string;
  text: string;
}

/** Shared controls of the tab, handed to the forecast and calibrate views. */
export interface HistoryContext {
  hw: HistoryWorker;
  st: PlannerState;
  deps: HistoryDeps;
  file(): LoadedFile | null;
  /** Marks the tab busy with a cancel, or idle (null); `what` is shown in the status line. */
  setBusy(what: string | null, cancel?: () => void): void;
  status(text: string, state: 'idle' | 'running' | 'done' | 'error' | 'cancelled'): void;
  /** Shows an input error next to the input it belongs to (null clears every error). */
  showError(e: InputError | null): void;
  /** An error element for one input source. */
  errorSlot(source: InputError['source']): HTMLElement;
}

const splitList = (s: string): string[] =>
  s
    .split(/\n/)
    .map((x) => x.trim())
    .filter(Boolean);

export { splitList };

export function createHistoryTab(st: PlannerState, deps: HistoryDeps): HistoryTab {
  const hw = new HistoryWorker();
  let loaded: LoadedFile | null = null;
  let cancelFn: (() => void) | null = null;
  const slots = new Map<InputError['source'], HTMLElement>();
  const errorSlot = (source: InputError['source']) => {
    let el = slots.get(source);
    if (!el) {
      el = h('div', { class: 'field-error history-error', role: 'alert', 'data-testid': `history-error-${source}`, hidden: true });
      slots.set(source, el);
    }
    return el;
  };

  const { drop } = fileDrop((f) => void take(f));
  const kind = h('select', { id: 'history-kind', 'data-testid': 'history-kind' }, h('option', { value: 'history' }, 'Interval history (forecast)'), h('option', { value: 'records' }, 'Contact records (calibrate)'));
  const fileInfo = h('p', { class: 'muted small', 'data-testid': 'history-file-info' }, 'No file yet.');
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'history-status', 'data-state': 'idle' }, '');
  const progress = h('progress', { 'aria-label': 'History work progress', 'data-testid': 'history-progress', hidden: true });
  const cancelBtn = h('button', { type: 'button', class: 'btn danger', 'data-testid': 'history-cancel', disabled: true }, 'Cancel');
  cancelBtn.addEventListener('click', () => cancelFn?.());

  const ctx: HistoryContext = {
    hw,
    st,
    deps,
    file: () => loaded,
    setBusy(what, cancel) {
      cancelFn = what ? (cancel ?? null) : null;
      cancelBtn.disabled = !what || !cancel;
      progress.hidden = !what;
      if (what) {
        progress.removeAttribute('value');
        ctx.status(`${what}…`, 'running');
      }
      forecast.refresh(!!what);
      calibrate.refresh(!!what);
    },
    status(text, state) {
      status.textContent = text;
      status.dataset.state = state;
      if (state !== 'running') announce(text);
    },
    showError(e) {
      for (const el of slots.values()) {
        el.hidden = true;
        el.textContent = '';
      }
      if (!e) return;
      const el = errorSlot(slots.has(e.source) ? e.source : 'file');
      el.hidden = false;
      el.textContent = e.message;
    },
    errorSlot,
  };
  const forecast = createForecastView(ctx);
  const calibrate = createCalibrateView(ctx, progress);

  const showKind = () => {
    forecast.el.hidden = kind.value !== 'history';
    calibrate.el.hidden = kind.value !== 'records';
  };
  kind.addEventListener('change', () => {
    showKind();
    if (loaded && kind.value === 'history') void forecast.loaded();
  });

  async function take(f: File) {
    try {
      const text = await f.text();
      loaded = { name: f.name, text };
      const g = guessKind(text);
      if (g.kind !== 'unknown') kind.value = g.kind;
      fileInfo.textContent = `${f.name}: ${(f.size / 1024).toFixed(1)} KiB, columns ${g.headers.join(', ')}${g.kind === 'unknown' ? ' — kind not recognised from the header: choose it and map the columns' : ` — read as ${g.kind === 'history' ? 'an interval history' : 'contact records'}`}.`;
      ctx.showError(null);
      ctx.status(`Loaded ${f.name}.`, 'idle');
      showKind();
      if (kind.value === 'history') await forecast.loaded();
      else calibrate.loaded();
    } catch (e) {
      ctx.showError({ ...inputErrorOf(e), source: 'file' });
    }
  }

  const el = h(
    'div',
    { class: 'history-tab', 'data-testid': 'history-tab' },
    h('p', { class: 'hint' }, 'From what the ACD exported to a scenario (docs/history.md): forecast an interval history with its backtest and 80 % bands, or calibrate a scenario from contact records; then apply the result to the current scenario and run, compare or staff as usual. The same numbers as ccsim forecast / ccsim calibrate.'),
    drop,
    errorSlot('file'),
    h('div', { class: 'curve-controls' }, field('File kind', kind, 'guessed from the header line')),
    fileInfo,
    errorSlot('options'),
    forecast.el,
    calibrate.el,
    h('div', { class: 'run-progress' }, progress, cancelBtn, status),
    errorSlot('worker'),
    forecast.results,
    calibrate.results,
  );
  showKind();

  return {
    render(panel) {
      panel.replaceChildren(el);
      forecast.refresh(!!cancelFn);
      calibrate.refresh(!!cancelFn);
    },
    refresh() {
      forecast.refresh(!!cancelFn);
      calibrate.refresh(!!cancelFn);
    },
  };
}

/** "12.3 s" for a status line. */
/** The drop zone with its file input; `onFile` gets the file dropped or picked. */
function fileDrop(onFile: (f: File) => void): { drop: HTMLElement; fileInput: HTMLInputElement } {
  const fileInput = h('input', { type: 'file', id: 'history-file', accept: '.csv,.tsv,.txt,text/csv,text/plain', 'data-testid': 'history-file', 'aria-describedby': 'history-privacy' });
  const drop = h(
    'div',
    { class: 'drop-zone', 'data-testid': 'history-drop', tabindex: '0', role: 'button', 'aria-label': 'Drop a CSV file here or press Enter to choose one' },
    h('label', { for: 'history-file' }, h('strong', {}, 'Drop an interval history or contact records CSV here, or choose it:')),
    fileInput,
    h('p', { id: 'history-privacy', class: 'hint' }, 'The file is read by this page only: nothing is uploaded or sent anywhere.'),
  );
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    if (f) onFile(f);
    fileInput.value = '';
  });
  drop.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') {
      e.preventDefault();
      fileInput.click();
    }
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = (e as DragEvent).dataTransfer?.files?.[0];
    if (f) onFile(f);
  });
  return { drop, fileInput };
}

export function took(t0: number): string {
  return fmtDuration(performance.now() - t0);
}
