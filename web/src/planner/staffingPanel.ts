// The staffing tab: the simulation staffing search (staffingSearch.ts: fewest agents per interval
// meeting the targets, sim-plan's search over the worker pool), then the staffing curve, which runs
// the baseline with fewer and more agents in one group (same seed at every point) and draws it with
// sim-plan's Erlang overlay (staffing.ts).
import { field, h } from '../dom';
import type { Pool, RunResult } from '../runner/pool';
import type { VariantSpec } from '../runner/protocol';
import type { ModelInfo } from '../types';
import { sim } from '../wasm';
import { renderCurve, type CurvePoint } from './staffing';
import type { PlannerState } from './state';
import { createStaffingSearch } from './staffingSearch';

export interface StaffingPanel {
  /** Draws the tab into the results panel. */
  render(panel: HTMLElement): void;
  /** Enables the run button from the state. */
  refresh(): void;
}

export interface StaffingDeps {
  execute(variants: VariantSpec[], reps: number, compare: boolean, what: string): Promise<RunResult | null>;
  /** The curve as JSON for #curve-json. */
  publish(curveJson: string): void;
  /** Re-renders the results card (after a run). */
  rerender(): void;
  /** The worker pool and the run card's seed, for the staffing search. */
  pool: Pool;
  seed(): string;
  /** A job other than `execute` started (its cancel) or ended (null). */
  busy(job: { cancel(): void } | null): void;
}

export function createStaffingPanel(st: PlannerState, deps: StaffingDeps): StaffingPanel {
  const group = h('select', { id: 'curve-group', 'data-testid': 'curve-group' });
  const type = h('select', { id: 'curve-type', 'data-testid': 'curve-type' });
  const from = h('input', { id: 'curve-from', type: 'number', step: '1', value: '-4', 'data-testid': 'curve-from' });
  const to = h('input', { id: 'curve-to', type: 'number', step: '1', value: '4', 'data-testid': 'curve-to' });
  const reps = h('input', { id: 'curve-reps', type: 'number', min: '2', step: '1', value: '40', 'data-testid': 'curve-reps' });
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'run-curve' }, 'Run staffing curve');
  runBtn.addEventListener('click', () => void run());
  const host = h('div', { id: 'curve' });
  const search = createStaffingSearch({
    pool: deps.pool,
    scenario: () => (st.baseline && !st.baseline.errors.length ? st.baselineSpec() : null),
    seed: deps.seed,
    busy: deps.busy,
  });

  const refresh = () => {
    runBtn.disabled = !!st.running || !st.baseline?.info || !!st.baseline?.errors.length;
    search.refresh(!!st.running);
  };

  function render(panel: HTMLElement) {
    const info = st.baseline?.info;
    const g = group.value;
    group.replaceChildren(...(info?.groups ?? []).map((x) => h('option', { value: x.id }, `${x.id} (${x.agents} agents)`)));
    if (g && info?.groups.some((x) => x.id === g)) group.value = g;
    const t = type.value;
    type.replaceChildren(...(info?.types ?? []).map((x) => h('option', { value: x.id }, x.id)));
    if (t && info?.types.some((x) => x.id === t)) type.value = t;
    refresh();
    panel.replaceChildren(
      h('h3', {}, 'Staffing search'),
      search.el,
      h('h3', {}, 'Staffing curve'),
      h('div', { class: 'curve-controls' }, field('Agent group', group), field('Contact type', type), field('From (±agents)', from), field('To (±agents)', to), field('Replications per point', reps), runBtn),
      host,
    );
    const c = st.curve;
    if (c && c.points.length) renderCurve(host, c.points, c.group, c.type);
    else host.replaceChildren(h('div', { class: 'empty' }, h('p', {}, 'Runs the baseline with fewer and more agents in one group (same seed at every point) and draws service level and abandonment against staff, with the Erlang C/A prediction over it.')));
  }

  /** The agent changes of the curve: from..to, at most 41 points, never below zero agents. */
  function deltas(agents: number): number[] {
    let lo = Math.floor(Number(from.value));
    let hi = Math.floor(Number(to.value));
    if (lo > hi) [lo, hi] = [hi, lo];
    lo = Math.max(lo, -agents);
    const out: number[] = [];
    for (let d = lo; d <= hi && out.length < 41; d++) out.push(d);
    return out;
  }

  async function run() {
    const base = st.baseline;
    if (!base?.info || st.running) return;
    const groupId = group.value || base.info.groups[0].id;
    const typeId = type.value || base.info.types[0].id;
    const g = base.info.groups.find((x) => x.id === groupId);
    if (!g) return;
    const ds = deltas(g.agents);
    const text = JSON.stringify(base.obj);
    const specs: VariantSpec[] = ds.map((d) => ({ text, format: 'json', whatif: d === 0 ? null : { agents_delta: { [groupId]: d } } }));
    const infos = specs.map((s) => sim.validate(s.text, 'json', s.whatif));
    const n = Math.max(2, Math.floor(Number(reps.value) || 2));
    const res = await deps.execute(specs, n, false, 'Staffing curve');
    if (!res) return;
    const points: CurvePoint[] = ds.map((d, i) => {
      const inf = infos[i];
      const info = inf.ok ? inf.info : (base.info as ModelInfo);
      return { delta: d, agents: info.groups.find((x) => x.id === groupId)?.agents ?? g.agents + d, report: res.reports[i], info, spec: specs[i] };
    });
    st.curve = { points, group: groupId, type: typeId };
    deps.publish(JSON.stringify(points.map((p) => ({ agents: p.agents, service_level: p.report.by_type[typeId]?.kpis.service_level?.mean ?? null }))));
    deps.rerender();
  }

  return { render, refresh };
}
