// The run card: replications, seed and workers, Run / Run compare / Cancel, progress and status.
// `execute` runs any set of variants in the worker pool with this card's seed and progress.
import { announce, field, h } from '../dom';
import { fmtDuration, fmtNum } from '../format';
import { defaultWorkers, type Pool, type RunResult } from '../runner/pool';
import type { VariantSpec } from '../runner/protocol';
import type { PlannerState } from './state';

export interface RunPanel {
  el: HTMLElement;
  repsIn: HTMLInputElement;
  seedIn: HTMLInputElement;
  /** Runs `variants` in the pool, showing progress as `what`; null when the run failed. */
  execute(variants: VariantSpec[], reps: number, compare: boolean, what: string): Promise<RunResult | null>;
  /** Enables Run / Run compare / Cancel from the state. */
  refresh(): void;
  /** "Loaded … Ready." unless a run is going on. */
  loaded(label: string): void;
}

export function createRunPanel(pool: Pool, st: PlannerState, on: { run(compare: boolean): void; runningChanged(): void }): RunPanel {
  const repsIn = h('input', { id: 'replications', type: 'number', min: '1', max: '100000', step: '1', value: '100', 'data-testid': 'replications' });
  const seedIn = h('input', { id: 'seed', type: 'number', min: '0', step: '1', value: '1', 'data-testid': 'seed' });
  const workersIn = h('input', { id: 'workers', type: 'number', min: '1', max: '64', step: '1', value: String(pool.size), 'data-testid': 'workers' });
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'run' }, 'Run');
  const compareBtn = h('button', { type: 'button', class: 'btn primary outline', 'data-testid': 'run-compare' }, 'Run compare');
  const cancelBtn = h('button', { type: 'button', class: 'btn danger', disabled: true, 'data-testid': 'cancel' }, 'Cancel');
  const progress = h('progress', { id: 'run-progress', max: '1', value: '0', 'aria-label': 'Run progress' });
  const status = h('p', { id: 'run-status', class: 'status', 'data-state': 'idle', role: 'status' }, 'Ready.');
  runBtn.addEventListener('click', () => on.run(false));
  compareBtn.addEventListener('click', () => on.run(true));
  cancelBtn.addEventListener('click', () => st.running?.cancel());
  const el = h(
    'section',
    { class: 'card run-card', 'aria-label': 'Run' },
    h('div', { class: 'run-fields' }, field('Replications', repsIn), field('Seed', seedIn), field('Workers', workersIn, `${defaultWorkers()} cores`)),
    h('div', { class: 'run-buttons' }, runBtn, compareBtn, cancelBtn),
    h('div', { class: 'run-progress' }, progress, status),
  );

  function refresh() {
    cancelBtn.disabled = !st.running;
    runBtn.disabled = !st.canRun();
    compareBtn.disabled = !st.canCompare();
  }

  function finished(res: RunResult, what: string) {
    const done = res.completed.reduce((a, b) => a + b, 0);
    const rate = res.elapsedMs > 0 ? (done / res.elapsedMs) * 1000 : 0;
    status.dataset.state = res.cancelled ? 'cancelled' : 'done';
    status.dataset.elapsedMs = String(Math.round(res.elapsedMs));
    status.dataset.workers = String(res.workers);
    status.textContent = `${what}: ${res.cancelled ? 'cancelled after' : 'finished'} ${done} replications in ${fmtDuration(res.elapsedMs)} with ${res.workers} workers (${fmtNum(rate)} / s).`;
    announce(status.textContent);
  }

  async function execute(variants: VariantSpec[], reps: number, compare: boolean, what: string): Promise<RunResult | null> {
    pool.resize(Number(workersIn.value) || defaultWorkers());
    const seed = String(Math.max(0, Math.floor(Number(seedIn.value) || 0)));
    const handle = pool.run({ variants, replications: reps, seed, compare }, (p) => {
      progress.max = p.total || 1;
      progress.value = p.done;
      status.textContent = `${what}: ${p.done} / ${p.total} replications · ${p.workers} workers · ${fmtDuration(p.elapsedMs)}`;
    });
    st.running = handle;
    status.dataset.state = 'running';
    refresh();
    on.runningChanged();
    try {
      const res = await handle.result;
      finished(res, what);
      return res;
    } catch (e) {
      status.dataset.state = 'error';
      status.textContent = `${what} failed: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    } finally {
      st.running = null;
      refresh();
      on.runningChanged();
    }
  }

  function loaded(label: string) {
    if (st.running) return;
    status.dataset.state = 'idle';
    status.textContent = `Loaded ${label}. Ready.`;
    progress.value = 0;
  }

  return { el, repsIn, seedIn, execute, refresh, loaded };
}
