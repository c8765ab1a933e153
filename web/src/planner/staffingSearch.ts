// The simulation staffing search view: targets, replications and step budget in, sim-plan's
// search run over the worker pool with progress and cancel, and the result per agent group —
// agents needed (simulation) against the Erlang requirement and the scheduled headcount, with the
// simulated KPIs. The same search and numbers as `ccsim staff` (tested in Node).
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { download, field, h } from '../dom';
import { fmtDuration, fmtKpi, fmtNum, fmtPct } from '../format';
import { runStaffingSearch, type GroupPlan, type ScenarioSpec, type SearchHandle, type StaffingPlan } from '../plan';
import type { Pool } from '../runner/pool';

export interface StaffingSearchDeps {
  pool: Pool;
  /** The scenario being edited (what-ifs applied), or null while it has errors. */
  scenario(): ScenarioSpec | null;
  seed(): string;
  /** Tells the page a long job starts (with its cancel) or ends (null), to disable other runs. */
  busy(job: { cancel(): void } | null): void;
}

export interface StaffingSearchView {
  el: HTMLElement;
  /** Re-enables controls after the scenario or the page's busy state changed. */
  refresh(pageBusy: boolean): void;
  /** The last plan (for tests and exports). */
  plan(): StaffingPlan | null;
}

const num = (el: HTMLInputElement, def: number, min: number): number => {
  const v = Math.floor(Number(el.value));
  return Number.isFinite(v) && v >= min ? v : def;
};

export function createStaffingSearch(deps: StaffingSearchDeps): StaffingSearchView {
  const targets = h('input', { id: 'search-targets', type: 'text', placeholder: 'the scenario’s targets', 'data-testid': 'search-targets', size: '28' });
  const reps = h('input', { id: 'search-reps', type: 'number', min: '2', step: '1', value: '20', 'data-testid': 'search-reps' });
  const steps = h('input', { id: 'search-steps', type: 'number', min: '1', step: '1', value: '20', 'data-testid': 'search-steps' });
  const minAgents = h('input', { id: 'search-min', type: 'number', min: '0', step: '1', value: '0', 'data-testid': 'search-min' });
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'run-search' }, 'Find staffing');
  const cancelBtn = h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-search', disabled: true }, 'Cancel');
  const progress = h('progress', { max: '1', value: '0', 'aria-label': 'Staffing search progress', 'data-testid': 'search-progress' });
  const status = h('span', { class: 'status', role: 'status', 'data-testid': 'search-status' }, '');
  const out = h('div', { id: 'search-result' });
  const json = h('script', { type: 'application/json', id: 'search-json' });
  let handle: SearchHandle | null = null;
  let last: StaffingPlan | null = null;
  let charts: Chart[] = [];

  const el = h(
    'section',
    { class: 'staffing-search' },
    h(
      'p',
      { class: 'hint' },
      'Fewest agents per interval and group that meet every target in simulation, starting from the Erlang requirement (docs/planning.md). Targets: e.g. “service_level=0.8, calls.abandon_rate=0.05”; empty = the scenario’s own.',
    ),
    h('div', { class: 'curve-controls' }, field('Targets', targets), field('Replications per step', reps), field('Most steps', steps), field('Fewest agents', minAgents), runBtn, cancelBtn),
    h('div', { class: 'run-progress' }, progress, status),
    out,
    json,
  );

  runBtn.addEventListener('click', () => void run());
  cancelBtn.addEventListener('click', () => handle?.cancel());

  async function run() {
    const scenario = deps.scenario();
    if (!scenario || handle) return;
    const given = targets.value
      .split(/[,;\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      handle = runStaffingSearch(
        deps.pool,
        { scenario, targets: given, replications: num(reps, 20, 2), seed: deps.seed(), maxSteps: num(steps, 20, 1), minAgents: num(minAgents, 0, 0) },
        (p) => {
          progress.max = p.maxSteps * p.total || 1;
          progress.value = (p.step - 1) * p.total + p.done;
          status.textContent = `step ${p.step} of at most ${p.maxSteps}: ${p.done}/${p.total} replications · ${fmtDuration(p.elapsedMs)}`;
        },
      );
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    const job = handle;
    deps.busy({ cancel: () => job.cancel() });
    runBtn.disabled = true;
    cancelBtn.disabled = false;
    status.textContent = 'starting…';
    try {
      const plan = await handle.result;
      last = plan;
      json.textContent = plan ? JSON.stringify(plan) : '';
      status.textContent = plan
        ? `${plan.simulation_steps} simulation steps of ${plan.replications} replications, seed ${plan.seed}${plan.partial ? ' — cancelled: best staffing so far' : ''}${plan.converged ? '' : ' — not converged: some intervals still miss their targets'}`
        : 'cancelled before the first step finished';
      charts.forEach((c) => c.destroy());
      charts = [];
      renderPlan(out, plan, charts);
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
    } finally {
      handle = null;
      deps.busy(null);
      cancelBtn.disabled = true;
      runBtn.disabled = !deps.scenario();
    }
  }

  return {
    el,
    refresh(pageBusy: boolean) {
      runBtn.disabled = pageBusy || !!handle || !deps.scenario();
    },
    plan: () => last,
  };
}

/** Draws a plan (null: nothing) into `out`; the charts made are pushed to `charts`. */
function renderPlan(out: HTMLElement, plan: StaffingPlan | null, charts: Chart[]): void {
  if (!plan) {
    out.replaceChildren();
    return;
  }
  const summary = h(
    'section',
    { class: 'card', 'data-testid': 'search-summary' },
    h('h3', {}, plan.converged ? 'Every interval meets its targets' : 'Not converged'),
    h('ul', {}, plan.targets.map((t) => h('li', {}, t))),
    h(
      'p',
      {},
      `Service level ${fmtKpi('service_level', plan.kpis_at_needed.service_level?.mean)} with the staffing found, ${fmtKpi('service_level', plan.kpis_at_erlang.service_level?.mean)} with the Erlang requirement; cost ${fmtKpi('cost', plan.kpis_at_needed.cost?.mean)} vs ${fmtKpi('cost', plan.kpis_at_erlang.cost?.mean)}.`,
    ),
    h('button', { type: 'button', class: 'btn', onclick: () => download('staffing.json', JSON.stringify(plan, null, 2), 'application/json') }, 'Download JSON'),
    h('button', { type: 'button', class: 'btn', onclick: () => download('staffing.csv', csv(plan), 'text/csv') }, 'Download CSV'),
  );
  const groups = plan.groups.filter((g) => g.planned).map((g) => groupView(g, charts));
  out.replaceChildren(summary, ...groups);
}

function groupView(g: GroupPlan, charts: Chart[]): HTMLElement {
  const card = chartCard(`Agents needed by interval: ${g.id}`, 'needed (simulation) against the Erlang requirement and the scheduled headcount', `search-chart-${g.id}`);
  const ivs = g.intervals.filter((iv) => !iv.warmup);
  queueMicrotask(() =>
    charts.push(
      makeChart(card.canvas, {
        labels: ivs.map((iv) => iv.label),
        series: [
          { label: 'needed (simulation)', data: ivs.map((iv) => iv.needed), color: COLORS.blue, stepped: true },
          { label: 'Erlang requirement', data: ivs.map((iv) => iv.erlang), color: COLORS.orange, stepped: true, dashed: true },
          { label: 'scheduled (scenario)', data: ivs.map((iv) => iv.scheduled), color: COLORS.gray, stepped: true },
        ],
        yTitle: 'agents',
        yMin: 0,
        maxTicks: 14,
      }),
    ),
  );
  const rows = g.intervals.map((iv) =>
    h(
      'tr',
      { 'data-interval': String(iv.interval) },
      h('th', { scope: 'row' }, iv.label + (iv.warmup ? ' (warm-up)' : '')),
      h('td', {}, fmtNum(iv.offered_erlangs)),
      h('td', {}, String(iv.erlang)),
      h('td', {}, fmtPct(iv.at_erlang.service_level)),
      h('td', { 'data-needed': String(iv.needed) }, String(iv.needed)),
      h('td', {}, fmtPct(iv.at_needed.service_level)),
      h('td', {}, fmtPct(iv.at_needed.abandon_rate)),
      h('td', {}, fmtNum(iv.scheduled)),
    ),
  );
  const hrs = g.agent_hours;
  return h(
    'div',
    { class: 'search-group', 'data-group': g.id },
    h('div', { class: 'chart-grid single' }, card.card),
    h(
      'section',
      { class: 'card' },
      h('p', {}, `Agent-hours on duty after the warm-up: needed ${fmtNum(hrs.needed)}, Erlang ${fmtNum(hrs.erlang)}, scheduled ${fmtNum(hrs.scheduled)}.`),
      h(
        'details',
        {},
        h('summary', {}, `Interval table (${g.intervals.length} intervals)`),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', 'data-testid': `search-table-${g.id}` },
            h('thead', {}, h('tr', {}, ['Interval', 'Load (Erl)', 'Erlang', 'SL at Erlang', 'Needed', 'SL at needed', 'Abandon at needed', 'Scheduled'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, rows),
          ),
        ),
      ),
    ),
  );
}

function csv(plan: StaffingPlan): string {
  const lines = ['group,interval,label,offered_erlangs,erlang,needed,service_level_at_needed,abandon_rate_at_needed,scheduled'];
  for (const g of plan.groups)
    for (const iv of g.intervals)
      lines.push([g.id, iv.interval, iv.label, iv.offered_erlangs, iv.erlang, iv.needed, iv.at_needed.service_level ?? '', iv.at_needed.abandon_rate ?? '', iv.scheduled].join(','));
  return lines.join('\n') + '\n';
}
