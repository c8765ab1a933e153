// The Schedule tab: shift rules (scheduleRulesEditor.ts: form and raw TOML in sync, checked live
// by sim-plan), the options of `ccsim schedule`, the search run from the schedule worker with its
// simulations over the run workers (progress, cancel), and the result (scheduleResults.ts), which
// can be applied to the scenario or compared with the current schedule (common random numbers).
import type { Chart } from '../charts';
import { announce, field, h } from '../dom';
import { fmtDuration, fmtMoney, fmtPct } from '../format';
import { runScheduleSearch, scheduleErrorOf, type ScheduleDone, type ScheduleHandle, type ScheduleOptions, type ScheduleOutcome, type ScheduleProgress } from '../schedule';
import { exampleRulesFor } from '../scenarios';
import type { Pool } from '../runner/pool';
import type { Format } from '../types';
import { sim } from '../wasm';
import { renderCompare } from './compare';
import { createRulesEditor, scenarioTextOf } from './scheduleRulesEditor';
import { iterationsTable, renderSchedule } from './scheduleResults';
import { slug, type PlannerState } from './state';

export interface ScheduleDeps {
  pool: Pool;
  /** Replaces the current scenario (the toolbar's import). */
  apply(text: string, format: Format, label: string): void;
  /** A job using the worker pool starts (its cancel) or ends (null). */
  busy(job: { cancel(): void } | null): void;
}

export interface ScheduleTab {
  render(panel: HTMLElement): void;
  refresh(): void;
}

const int = (el: HTMLInputElement, def: number, min: number) => {
  const v = Math.floor(Number(el.value));
  return Number.isFinite(v) && v >= min ? v : def;
};

/** The options inputs of `ccsim schedule` and the command line they amount to. */
function optionsForm(st: PlannerState) {
  const reps = h('input', { id: 'sched-reps', type: 'number', min: '2', step: '1', value: '40', 'data-testid': 'sched-reps' });
  const seed = h('input', { id: 'sched-seed', type: 'number', min: '0', step: '1', value: '1', 'data-testid': 'sched-seed' });
  const iters = h('input', { id: 'sched-iters', type: 'number', min: '1', step: '1', value: '20', 'data-testid': 'sched-iters' });
  const floorSl = h('input', { id: 'sched-floor', type: 'number', min: '0', max: '1', step: '0.05', placeholder: 'none', 'data-testid': 'sched-floor' });
  const targets = h('input', { id: 'sched-targets', type: 'text', size: '24', placeholder: 'the scenario’s targets', 'data-testid': 'sched-targets' });
  const reqFile = h('input', { id: 'sched-requirement', type: 'file', accept: '.csv,text/csv', 'data-testid': 'sched-requirement' });
  const reqInfo = h('small', { class: 'hint' }, 'none: the search computes it');
  const cli = h('p', { class: 'hint mono', 'data-testid': 'sched-cli' });
  let requirement = '';
  const options = (): ScheduleOptions => ({
    replications: int(reps, 40, 2),
    seed: String(int(seed, 1, 0)),
    max_iterations: int(iters, 20, 1),
    min_interval_service_level: floorSl.value.trim() ? Number(floorSl.value) : null,
    targets: targets.value.split(/[,;\s]+/).filter(Boolean),
  });
  const update = () => {
    const o = options();
    const name = exampleRulesFor(st.baseline?.obj.name)?.id ?? 'scenario.toml';
    const floor = o.min_interval_service_level == null ? '' : ` --min-interval-service-level ${o.min_interval_service_level}`;
    cli.textContent = `The same search on the command line: ccsim schedule ${name} --rules rules.toml -n ${o.replications} --seed ${o.seed} --max-iterations ${o.max_iterations}${floor}${o.targets.map((x) => ` --target ${x}`).join('')}${requirement ? ' --requirement requirement.csv' : ''}`;
  };
  for (const el of [reps, seed, iters, floorSl, targets]) el.addEventListener('input', update);
  reqFile.addEventListener('change', () => {
    const f = reqFile.files?.[0];
    requirement = '';
    reqInfo.textContent = 'none: the search computes it';
    update();
    if (f)
      void f.text().then((t) => {
        requirement = t;
        reqInfo.textContent = `${f.name}: its cheapest cover is simulated once, not repaired`;
        update();
      });
  });
  const el = h('div', {}, h('div', { class: 'curve-controls' }, field('Replications per simulation', reps), field('Seed', seed), field('Most simulations', iters), field('Interval service level floor', floorSl, '0 … 1, optional'), field('Targets', targets, 'e.g. service_level=0.8'), field('Requirement CSV', reqFile), reqInfo), cli);
  return { el, options, requirement: () => requirement, update };
}

function progressText(p: ScheduleProgress): string {
  const what = p.purpose === 'baseline' ? 'simulating the current schedule' : p.purpose === 'verify' ? 'verifying the chosen schedule (independent seed)' : p.purpose === 'repair' ? `simulation ${p.iteration} of at most ${p.maxIterations}` : 'solving the first cover';
  const cover = p.proposed ? ` · cover: ${p.proposed.shifts_per_week} shifts a week on ${p.proposed.lines} lines, ${fmtMoney(p.proposed.weekly_cost)} a week` : '';
  const last = p.iterations.at(-1);
  const kpis = last ? ` · last: ${last.targets.map((t) => `${t.contact_type} ${t.kpi === 'abandon_rate' ? 'abandon' : 'SL'} ${fmtPct(t.mean)}`).join(', ')} ${last.met ? '(met)' : '(missed)'}` : '';
  const doing = p.phase === 'solving' ? (p.purpose ? 'solving the next cover' : 'in the schedule worker') : `${p.done}/${p.total} replications`;
  return `${what}: ${doing}${cover}${kpis} · ${fmtDuration(p.elapsedMs)}`;
}

export function createScheduleTab(st: PlannerState, deps: ScheduleDeps): ScheduleTab {
  const rules = createRulesEditor(st, () => {
    opts.update();
    refresh();
  });
  const opts = optionsForm(st);
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'sched-run' }, 'Generate schedule');
  const cancelBtn = h('button', { type: 'button', class: 'btn danger', 'data-testid': 'sched-cancel', disabled: true }, 'Cancel');
  const progress = h('progress', { max: '1', value: '0', 'aria-label': 'Schedule search progress', 'data-testid': 'sched-progress' });
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'sched-status', 'data-state': 'idle' });
  const live = h('div', { 'data-testid': 'sched-live' });
  const out = h('div', { id: 'schedule-result', 'data-testid': 'schedule-result' });
  const compareHost = h('div', { id: 'schedule-compare', 'data-testid': 'schedule-compare-host' });
  const json = h('script', { type: 'application/json', id: 'schedule-json' });
  let handle: ScheduleHandle | null = null;
  let charts: Chart[] = [];
  const setStatus = (text: string, state: string) => {
    status.textContent = text;
    status.dataset.state = state;
    if (state !== 'running') announce(text);
  };
  runBtn.addEventListener('click', () => void run());
  cancelBtn.addEventListener('click', () => handle?.cancel());

  function onProgress(p: ScheduleProgress) {
    const steps = p.maxIterations + 2;
    const k = p.purpose === 'baseline' ? 0 : p.purpose === 'verify' ? p.maxIterations + 1 : p.iteration;
    progress.max = steps;
    progress.value = Math.min(steps, k + (p.total ? p.done / p.total : 0));
    setStatus(progressText(p), 'running');
    if (p.iterations.length) live.replaceChildren(h('details', { open: true }, h('summary', {}, `Simulations so far (${p.iterations.length})`), iterationsTable(p.iterations)));
  }

  async function run() {
    const s = scenarioTextOf(st);
    rules.validateNow();
    if (!s || handle || st.running || !rules.ok()) return;
    const options = opts.options();
    const h0 = runScheduleSearch(deps.pool, { scenario: s, rules: rules.text(), requirement: opts.requirement(), options }, onProgress);
    handle = h0;
    deps.busy({ cancel: () => h0.cancel() });
    runBtn.disabled = true;
    cancelBtn.disabled = false;
    live.replaceChildren();
    compareHost.replaceChildren();
    try {
      finished(await h0.result, s, options);
    } catch (e) {
      const err = scheduleErrorOf(e);
      rules.showErrors(err.errors, `The search stopped (${err.source}):`, err.source === 'rules');
      setStatus(`Failed: ${err.errors.map((x) => `${x.path}: ${x.message}`).join('; ')}`, 'error');
    } finally {
      handle = null;
      deps.busy(null);
      cancelBtn.disabled = true;
      refresh();
    }
  }

  function finished(o: ScheduleOutcome, baseText: string, options: ScheduleOptions) {
    const took = fmtDuration(o.elapsedMs);
    status.dataset.elapsedMs = String(Math.round(o.elapsedMs));
    live.replaceChildren();
    if (!o.done) {
      setStatus(`Cancelled after ${took}, before a schedule was simulated to the end.`, 'cancelled');
      if (o.iterations.length) live.replaceChildren(iterationsTable(o.iterations));
      return;
    }
    show(o.done, baseText, o.baselineSummary, o.chosenSummary);
    const r = o.done.result;
    setStatus(`${o.cancelled ? 'Cancelled: the best schedule so far' : 'Done'} in ${took}: ${r.iterations.length} simulations of ${options.replications} replications (seed ${options.seed}), cost ${fmtMoney(r.cost)}${r.converged ? '' : ' — no schedule met every target'}.`, o.cancelled ? 'cancelled' : 'done');
  }

  function show(d: ScheduleDone, baseText: string, baseSummary: string | null, chosenSummary: string | null) {
    charts.forEach((c) => c.destroy());
    charts = [];
    json.textContent = JSON.stringify(d);
    const gen = JSON.stringify(d.scenario);
    const compare = () => {
      if (!baseSummary || !chosenSummary) return;
      const b = sim.report(baseText, 'json', null, baseSummary);
      const v = sim.report(gen, 'json', null, chosenSummary);
      renderCompare(compareHost, b, v, sim.compare(baseSummary, chosenSummary), 'overall', 'the generated schedule', false);
      compareHost.scrollIntoView({ block: 'nearest' });
    };
    renderSchedule(
      out,
      d,
      {
        name: slug(d.result.scenario_name),
        apply: () => deps.apply(gen, 'json', `generated schedule of ${d.result.scenario_name}`),
        compare: baseSummary && chosenSummary ? compare : null,
        scenarioToml: () => sim.convert(gen, 'json', 'toml'),
      },
      charts,
      compareHost,
    );
  }

  function refresh() {
    rules.refresh();
    runBtn.disabled = !!handle || !!st.running || !scenarioTextOf(st) || !rules.ok();
  }

  const el = h(
    'div',
    { class: 'schedule-tab', 'data-testid': 'schedule-tab' },
    h('p', { class: 'hint' }, 'Shifts, breaks and days-off patterns at the least cost that meet the targets in simulation (docs/schedule.md): the cheapest cover of the requirement is simulated, raised where targets are missed and trimmed where they are met, then re-run with an independent seed. The same search and numbers as ccsim schedule.'),
    rules.el,
    h('h3', {}, 'Search'),
    opts.el,
    h('div', { class: 'run-progress' }, runBtn, cancelBtn, progress, status),
    live,
    out,
    json,
  );

  return {
    render(panel) {
      panel.replaceChildren(el);
      rules.shown();
      opts.update();
      refresh();
    },
    refresh,
  };
}
