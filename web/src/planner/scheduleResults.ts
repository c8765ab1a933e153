// The Schedule tab's results: KPI cards (cost, shifts a week, every target met or missed with its value,
// the current schedule beside the generated one and its independent-seed verification), the
// coverage and Gantt charts, the schedule table (schedule.csv), the iterations table, and the
// actions (apply to the scenario, compare with the current schedule, downloads). Every number is
// sim-plan's.
import type { Chart } from '../charts';
import { download, h } from '../dom';
import { fmtInt, fmtMoney, fmtNum, fmtPct } from '../format';
import { scheduleCsv, type Iteration, type ScheduleDone, type ScheduleRow, type TargetCheck } from '../schedule';
import { scheduleCharts } from './scheduleCharts';

export interface ResultActions {
  apply(): void;
  /** null when there is no current schedule to compare with. */
  compare: (() => void) | null;
  /** A name for downloaded files. */
  name: string;
  /** The generated scenario as TOML (for the download). */
  scenarioToml(): string;
}

const kpiName = (t: TargetCheck) => (t.kpi === 'service_level' ? 'service level' : t.kpi === 'abandon_rate' ? 'abandonment' : t.kpi);
const rule = (t: TargetCheck) => `${t.kpi === 'abandon_rate' ? '≤' : '≥'} ${fmtPct(t.target)}`;
const targetKey = (t: TargetCheck) => `${t.contact_type}.${t.kpi}`;

function card(label: string, value: string, sub: string, cls = '', testid?: string, title?: string): HTMLElement {
  return h('div', { class: `kpi-card${cls ? ` ${cls}` : ''}`, 'data-testid': testid }, h('div', { class: 'kpi-label', title: title ?? label }, label), h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-ci' }, sub));
}

function targetCard(t: TargetCheck, verify: TargetCheck | undefined): HTMLElement {
  const ok = t.met_confidently;
  const ci = t.ci95 ? ` · 95 % CI ${fmtPct(t.ci95[0])}–${fmtPct(t.ci95[1])}` : '';
  const v = verify ? ` · verification ${fmtPct(verify.mean)} ${verify.met ? 'met' : 'missed'}` : '';
  const short = `${t.contact_type} ${t.kpi === 'service_level' ? 'SL' : t.kpi === 'abandon_rate' ? 'abandon' : t.kpi} ${rule(t)}`;
  const el = card(short, fmtPct(t.mean), `${ok ? 'met with a margin of two CI half-widths' : t.met ? 'met by the mean, not with the margin' : 'missed'}${ci}${v}`, ok ? 'ok' : 'miss', 'schedule-target', `${t.contact_type}: ${kpiName(t)} ${rule(t)}`);
  el.dataset.target = targetKey(t);
  el.dataset.met = String(ok);
  return el;
}

/** The chosen repair simulation of a result. */
export function chosenIteration(d: ScheduleDone): Iteration | undefined {
  return d.result.iterations.find((i) => i.iteration === d.chosen_iteration) ?? d.result.iterations.at(-1);
}

function comparison(d: ScheduleDone, chosen: Iteration | undefined): HTMLElement | null {
  const b = d.result.baseline;
  const v = d.result.verification;
  if (!chosen) return null;
  const cols: [string, Iteration | null | undefined][] = [
    ['Current schedule', b],
    ['First cover', d.result.first],
    ['Generated', chosen],
    ['Verification', v],
  ];
  const shown = cols.filter(([, it]) => it);
  const find = (it: Iteration | null | undefined, key: string) => it?.targets.find((t) => targetKey(t) === key);
  const rows: HTMLElement[] = [
    h('tr', {}, h('th', { scope: 'row' }, 'Cost (scenario’s costs, simulated)'), shown.map(([, it]) => h('td', {}, fmtMoney(it?.scenario_cost)))),
    h('tr', {}, h('th', { scope: 'row' }, 'Paid hours (simulated)'), shown.map(([, it]) => h('td', {}, fmtNum(it?.paid_hours)))),
    h('tr', {}, h('th', { scope: 'row' }, 'Cost (rules’ costs, horizon)'), shown.map(([, it]) => h('td', {}, it?.cost == null ? '–' : fmtMoney(it.cost)))),
    h('tr', {}, h('th', { scope: 'row' }, 'Shifts a week'), shown.map(([, it]) => h('td', {}, it?.purpose === 'baseline' ? '–' : fmtInt(it?.shifts_per_week)))),
    ...chosen.targets.map((t) =>
      h(
        'tr',
        { 'data-target': targetKey(t) },
        h('th', { scope: 'row' }, `${t.contact_type}: ${kpiName(t)} ${rule(t)}`),
        shown.map(([, it]) => {
          const x = find(it, targetKey(t));
          return h('td', { class: x ? (x.met_confidently ? 'good' : 'bad') : '' }, x ? fmtPct(x.mean) : '–');
        }),
      ),
    ),
    h('tr', {}, h('th', { scope: 'row' }, 'Worst interval service level'), shown.map(([, it]) => h('td', {}, fmtPct(it?.worst_interval_service_level)))),
  ];
  return h(
    'div',
    {},
    h('p', { class: 'hint' }, `The current schedule and the generated one are simulated with the same seed and replications (common random numbers); the verification re-runs the generated schedule with seed ${d.verification_seed}.`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', 'data-testid': 'schedule-versus' },
        h('caption', { class: 'sr-only' }, 'The current schedule, the first cover, the generated schedule and its verification'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), shown.map(([c]) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows),
      ),
    ),
  );
}

/** The table of simulations (iterations.csv): one row per simulation of the search. */
export function iterationsTable(its: Iteration[]): HTMLElement {
  const keys = [...new Set(its.flatMap((i) => i.targets.map(targetKey)))];
  const head = ['#', 'Cost', 'Shifts a week', 'Lines', 'Required agent-h/week', ...keys, 'Worst interval SL', 'Met', 'Solver', 'What changed'];
  const rows = its.map((it) =>
    h(
      'tr',
      { 'data-iteration': String(it.iteration), 'data-met': String(it.met) },
      h('th', { scope: 'row' }, String(it.iteration)),
      h('td', {}, it.cost == null ? '–' : fmtMoney(it.cost)),
      h('td', {}, String(it.shifts_per_week)),
      h('td', {}, String(it.shift_lines)),
      h('td', {}, fmtNum(it.required_agent_hours)),
      keys.map((k) => {
        const t = it.targets.find((x) => targetKey(x) === k);
        return h('td', { class: t ? (t.met_confidently ? 'good' : 'bad') : '' }, t ? fmtPct(t.mean) : '–');
      }),
      h('td', {}, fmtPct(it.worst_interval_service_level)),
      h('td', {}, it.met ? 'yes' : 'no'),
      h('td', {}, `${it.solver_status ?? '–'}${it.gap ? ` (gap ${fmtPct(it.gap)})` : ''}`),
      h('td', { class: 'small' }, it.change),
    ),
  );
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'table compact', 'data-testid': 'schedule-iterations' }, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows)),
  );
}

function scheduleTable(rows: ScheduleRow[]): HTMLElement {
  const cols = ['group', 'template', 'start', 'end', 'weekdays', 'agents', 'breaks', 'cost'];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table compact', 'data-testid': 'schedule-table' },
      h('caption', {}, 'schedule.csv: one row per shift line (cost over the horizon); breaks at clock times of the first day'),
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        rows.map((r) => h('tr', {}, h('td', {}, r.group), h('td', {}, r.template), h('td', {}, r.start), h('td', {}, r.end), h('td', {}, r.weekdays), h('td', {}, String(r.agents)), h('td', { class: 'small' }, r.breaks), h('td', {}, fmtMoney(r.cost)))),
      ),
    ),
  );
}

/** Draws a result into `out`; charts made are pushed to `charts`; `compareHost` receives the paired comparison. */
export function renderSchedule(out: HTMLElement, d: ScheduleDone, a: ResultActions, charts: Chart[], compareHost: HTMLElement): void {
  const r = d.result;
  const chosen = chosenIteration(d);
  const verifyTargets = r.verification?.targets ?? [];
  const groups = [...new Set(r.coverage.map((c) => c.group))];
  const btn = (label: string, f: () => void, testid: string, primary = false) => h('button', { type: 'button', class: primary ? 'btn primary' : 'btn', 'data-testid': testid, onclick: f }, label);
  const headline = r.partial ? 'Stopped: the best schedule so far' : r.converged ? 'A schedule that meets every target' : r.requirement_given ? 'The cheapest cover of the given requirement' : 'No schedule met every target in the iterations allowed';
  out.replaceChildren(
    h(
      'section',
      { class: 'card', 'data-testid': 'schedule-summary', 'data-converged': String(r.converged) },
      h('h3', {}, headline),
      h(
        'div',
        { class: 'kpi-cards', role: 'group', 'aria-label': 'The generated schedule' },
        card('Cost', fmtMoney(r.cost), `over the horizon; ${fmtMoney(r.weekly_cost)} a week · solver ${r.solver_status}${r.gap ? `, gap ${fmtPct(r.gap)}` : ''}`, '', 'schedule-cost'),
        card('Shifts a week', fmtInt(chosen?.shifts_per_week), `on ${r.rows.length} shift lines · ${fmtNum(chosen?.required_agent_hours)} agent-hours required a week`, '', 'schedule-agents'),
        ...(chosen?.targets ?? []).map((t) => targetCard(t, verifyTargets.find((v) => targetKey(v) === targetKey(t)))),
      ),
      comparison(d, chosen),
      h(
        'div',
        { class: 'export-bar' },
        btn('Apply to scenario', a.apply, 'schedule-apply', true),
        a.compare ? btn('Compare with current schedule', a.compare, 'schedule-compare') : null,
        btn('schedule.csv', () => download(`${a.name}-schedule.csv`, scheduleCsv(r.rows), 'text/csv'), 'schedule-download-csv'),
        btn('scenario.toml', () => download(`${a.name}-scenario.toml`, a.scenarioToml(), 'application/toml'), 'schedule-download-scenario'),
        btn('schedule.json', () => download(`${a.name}-schedule.json`, JSON.stringify(r, null, 2), 'application/json'), 'schedule-download-json'),
      ),
    ),
    compareHost,
    scheduleCharts(groups, r.coverage, r.lines, r.rows, d.templates, charts),
    h('section', { class: 'card' }, h('h3', {}, 'Schedule'), scheduleTable(r.rows)),
    h('section', { class: 'card' }, h('h3', {}, `Simulations of the search (${r.iterations.length})`), iterationsTable(r.iterations)),
  );
}
