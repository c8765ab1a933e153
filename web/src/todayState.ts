// Pure helpers of the Today view (no wasm, no DOM; unit-tested in todayState.test.ts): the start
// state's simple form as the page's form holds it and as JSON (docs/intraday.md, "The start
// state"), the what-if grammar and example what-ifs of a scenario, the report's types as
// sim-history serialises them, and the formatting of paired deltas.

/** What `today_info` says of a scenario. */
export interface TodayInfo {
  name: string;
  days: number;
  /** 0 = Monday. */
  start_weekday: number;
  interval_minutes: number;
  intervals_per_day: number;
  types: { id: string; channel: string; sl_threshold_s: number; sl_target: number | null }[];
  groups: { id: string; skills: string[]; activities: string[]; cost_per_hour: number }[];
}

/** One group in the simple form (blank = not given). */
export interface GroupForm {
  logged_in: number | null;
  busy: number | null;
  /** Busy agents per contact type (only the group's skills; empty: not given). */
  busy_by_type: Record<string, number | null>;
  on_break: number | null;
  off_phone: number | null;
}

export interface QueueForm {
  waiting: number | null;
  oldest_wait_s: number | null;
}

/** The simple form of the start state, as the page's form holds it. */
export interface StateForm {
  clock: string;
  day: number;
  groups: Record<string, GroupForm>;
  queues: Record<string, QueueForm>;
}

const GROUP_KEYS = ['logged_in', 'busy', 'busy_by_type', 'on_break', 'off_phone'];
const QUEUE_KEYS = ['waiting', 'oldest_wait_s'];
const STATE_KEYS = ['clock', 'day', 'groups', 'queues', 'self_service'];

const emptyGroup = (): GroupForm => ({ logged_in: null, busy: null, busy_by_type: {}, on_break: null, off_phone: null });

/** An empty form for a scenario: every group and type listed, nothing filled in. */
export function blankForm(info: TodayInfo, clock = '09:00', day = 1): StateForm {
  const groups: Record<string, GroupForm> = {};
  for (const g of info.groups) groups[g.id] = emptyGroup();
  const queues: Record<string, QueueForm> = {};
  for (const t of info.types) queues[t.id] = { waiting: null, oldest_wait_s: null };
  return { clock, day, groups, queues };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The form of a state JSON document, or why the form cannot show it (the detailed form: agents
 * one by one, waits one by one, self-service; or fields the form has no input for). The form
 * lists every group and type of the scenario; the state may name only some.
 */
export function formOfState(text: string, info: TodayInfo): { form: StateForm } | { reason: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isObj(v)) return { reason: 'the state must be a JSON object' };
  const extra = Object.keys(v).filter((k) => !STATE_KEYS.includes(k));
  if (extra.length) return { reason: `unknown field ${extra[0]}` };
  if (v.self_service !== undefined) return { reason: 'the form has no self-service inputs' };
  const form = blankForm(info, typeof v.clock === 'string' ? v.clock : '', num(v.day) ?? 1);
  if (isObj(v.groups)) {
    for (const [id, g] of Object.entries(v.groups)) {
      if (!isObj(g)) return { reason: `groups.${id} is not an object` };
      if (g.agents !== undefined) return { reason: `groups.${id} lists its agents one by one (the detailed form)` };
      const bad = Object.keys(g).find((k) => !GROUP_KEYS.includes(k));
      if (bad) return { reason: `unknown field groups.${id}.${bad}` };
      const f = emptyGroup();
      f.logged_in = num(g.logged_in);
      f.busy = num(g.busy);
      f.on_break = num(g.on_break);
      f.off_phone = num(g.off_phone);
      if (isObj(g.busy_by_type)) for (const [t, n] of Object.entries(g.busy_by_type)) f.busy_by_type[t] = num(n);
      form.groups[id] = f;
    }
  }
  if (isObj(v.queues)) {
    for (const [id, q] of Object.entries(v.queues)) {
      if (!isObj(q)) return { reason: `queues.${id} is not an object` };
      if (q.waits_s !== undefined) return { reason: `queues.${id} lists each wait (the detailed form)` };
      const bad = Object.keys(q).find((k) => !QUEUE_KEYS.includes(k));
      if (bad) return { reason: `unknown field queues.${id}.${bad}` };
      form.queues[id] = { waiting: num(q.waiting), oldest_wait_s: num(q.oldest_wait_s) };
    }
  }
  return { form };
}

/**
 * The state JSON of a form: blank inputs and groups/queues with nothing filled in are left out
 * (a group not listed has nobody logged in; a queue not listed is empty), so the example file
 * read into the form gives back the same state.
 */
export function stateOfForm(f: StateForm): Record<string, unknown> {
  const out: Record<string, unknown> = { clock: f.clock.trim() };
  out.day = f.day;
  const groups: Record<string, unknown> = {};
  for (const [id, g] of Object.entries(f.groups)) {
    const o: Record<string, unknown> = {};
    if (g.logged_in != null) o.logged_in = g.logged_in;
    if (g.busy != null) o.busy = g.busy;
    const byType = Object.entries(g.busy_by_type).filter(([, n]) => n != null);
    if (byType.length) o.busy_by_type = Object.fromEntries(byType);
    if (g.on_break != null) o.on_break = g.on_break;
    if (g.off_phone != null) o.off_phone = g.off_phone;
    if (Object.keys(o).length) groups[id] = o;
  }
  if (Object.keys(groups).length) out.groups = groups;
  const queues: Record<string, unknown> = {};
  for (const [id, q] of Object.entries(f.queues)) {
    const o: Record<string, unknown> = {};
    if (q.waiting != null) o.waiting = q.waiting;
    if (q.oldest_wait_s != null) o.oldest_wait_s = q.oldest_wait_s;
    if (Object.keys(o).length) queues[id] = o;
  }
  if (Object.keys(queues).length) out.queues = queues;
  return out;
}

/** The form's number input: blank → null, else a number (NaN stays NaN so the engine names it). */
export function inputNumber(s: string): number | null {
  const t = s.trim();
  return t === '' ? null : Number(t);
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The weekday of day `day` (1-based) of a scenario starting on `startWeekday` (0 = Monday). */
export function weekdayOf(startWeekday: number, day: number): string {
  return WEEKDAYS[(((startWeekday + day - 1) % 7) + 7) % 7];
}

/** The what-if grammar (sim-history's `TodayWhatIf::parse`), one line per change. */
export const WHATIF_GRAMMAR: [string, string][] = [
  ['add GROUP N [HH:MM[-HH:MM]]', 'N more agents from the time (default: now) to the end time (default: end of day), no breaks'],
  ['remove GROUP N [HH:MM]', 'N agents on shift at the time leave then'],
  ['overtime GROUP N HOURS', 'the N agents whose shifts end soonest work HOURS longer'],
  ['cancel ACTIVITY [GROUP]', 'off-phone blocks not started yet are cancelled'],
  ['move ACTIVITY HH:MM [GROUP]', 'those blocks start at HH:MM instead'],
  ['breaks GROUP ±MINUTES', 'breaks not started yet move by MINUTES'],
  ['callbacks TYPE WAIT_S SHARE TO', 'callers who would wait longer than WAIT_S are offered a callback, SHARE accept, served as type TO'],
  ['volume ±PERCENT', 'the rest of the day’s volume changes by PERCENT'],
];

/** Example what-ifs for a scenario: add and overtime on its first group, cancel its first off-phone activity (if any), more volume. */
export function exampleWhatIfs(info: TodayInfo, clock: string): string[] {
  const g = info.groups[0]?.id;
  const out: string[] = [];
  if (g) {
    const [hh] = clock.split(':');
    const from = Math.min(22, Math.max(0, (Number(hh) || 0) + 2));
    const pad = (n: number) => String(n).padStart(2, '0');
    out.push(`add ${g} 2 ${pad(from)}:00-${pad(Math.min(24, from + 4))}:00`);
  }
  const act = info.groups.find((x) => x.activities.length);
  if (act) out.push(`cancel ${act.activities[0]}`);
  if (g) out.push(`overtime ${g} 2 2`);
  out.push('volume +10');
  return out;
}

/** A KPI over replications (sim-history's `Estimate`); null where it is not defined. */
export interface Estimate {
  mean: number | null;
  ci95_half_width: number | null;
  n: number;
}

export interface TypeKpis {
  offered: Estimate;
  service_level: Estimate;
  abandon_rate: Estimate;
  asa_s: Estimate;
}

export interface IntervalRow {
  interval: number;
  actual: boolean;
  offered_mean: number | null;
  offered_p5: number | null;
  offered_p95: number | null;
  service_level_mean: number | null;
  service_level_p5: number | null;
  service_level_p95: number | null;
  abandon_rate_mean: number | null;
  forecast: number;
  reforecast: number;
}

export interface TypeReport {
  id: string;
  rest_of_day: TypeKpis;
  whole_day: TypeKpis | null;
  intervals: IntervalRow[];
  carried: number;
}

export interface TodayReport {
  clock: string;
  method: string;
  whatif: string;
  replications: number;
  finished_intervals: number;
  interval_minutes: number;
  types: TypeReport[];
  groups: { id: string; occupancy: Estimate }[];
  cost: Estimate;
}

export interface TodayDelta {
  whatif: string;
  types: [string, TypeKpis][];
  cost: Estimate;
}

/** What `ccsim intraday --format json` prints and the Today worker returns. */
export interface TodayResult {
  report: TodayReport;
  whatifs: TodayDelta[];
}

/** The 95 % interval of an estimate, or null. */
export function interval95(e: Estimate): [number, number] | null {
  if (e.mean == null || e.ci95_half_width == null) return null;
  return [e.mean - e.ci95_half_width, e.mean + e.ci95_half_width];
}

/** A paired difference is significant when its 95 % interval leaves out 0. */
export function significant(e: Estimate): boolean {
  const ci = interval95(e);
  return !!ci && (ci[0] > 0 || ci[1] < 0);
}

const sign = (v: number, s: string) => (v > 0 ? `+${s}` : v < 0 ? `−${s.replace(/^-/, '')}` : s);

/** A delta in its unit: `pp` (a share difference shown in percentage points), `s`, `money` or `count`. */
export function fmtDelta(v: number | null | undefined, unit: 'pp' | 's' | 'money' | 'count'): string {
  if (v == null || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'pp': {
      // small differences (a tenth of a point) keep two decimals
      const a = Math.abs(v * 100);
      return `${sign(v, a.toFixed(a < 0.1 ? 2 : 1))} pp`;
    }
    case 's':
      return `${sign(v, Math.abs(v).toFixed(1))} s`;
    case 'money':
      return sign(v, Math.abs(v).toLocaleString('en-US', { maximumFractionDigits: 0 }));
    case 'count':
      return sign(v, Math.abs(v).toFixed(1));
  }
}

/** `±x` of a half-width in the unit of `fmtDelta`. */
export function fmtHalfWidth(hw: number | null | undefined, unit: 'pp' | 's' | 'money' | 'count'): string {
  if (hw == null || !Number.isFinite(hw)) return '';
  const a = Math.abs(hw);
  const s = unit === 'pp' ? `${(a * 100).toFixed(a * 100 < 0.1 ? 2 : 1)} pp` : unit === 's' ? `${a.toFixed(1)} s` : unit === 'money' ? a.toLocaleString('en-US', { maximumFractionDigits: 0 }) : a.toFixed(1);
  return `± ${s}`;
}

/** `HH:MM` of interval `i` of `minutes`-minute intervals. */
export function intervalLabel(i: number, minutes: number): string {
  const t = Math.round(i * minutes);
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

/** The report's intervals as CSV (one row per type × interval). */
export function todayIntervalsCsv(r: TodayReport): string {
  const head = ['contact_type', 'interval_start', 'actual', 'offered_mean', 'offered_p5', 'offered_p95', 'service_level_mean', 'service_level_p5', 'service_level_p95', 'abandon_rate_mean', 'forecast', 'reforecast'];
  const cell = (v: number | null | boolean | string) => (v == null ? '' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v));
  const lines = [head.join(',')];
  for (const t of r.types)
    for (const x of t.intervals)
      lines.push([t.id, intervalLabel(x.interval, r.interval_minutes), x.actual, x.offered_mean, x.offered_p5, x.offered_p95, x.service_level_mean, x.service_level_p5, x.service_level_p95, x.abandon_rate_mean, x.forecast, x.reforecast].map(cell).join(','));
  return lines.join('\n') + '\n';
}

/** The what-if deltas as CSV (one row per what-if × type, then its cost). */
export function todayDeltasCsv(ds: TodayDelta[]): string {
  const lines = ['whatif,contact_type,kpi,delta_mean,ci95_half_width,significant'];
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const n = (v: number | null) => (v == null || !Number.isFinite(v) ? '' : String(v));
  for (const d of ds) {
    for (const [id, k] of d.types)
      for (const kpi of ['service_level', 'abandon_rate', 'asa_s', 'offered'] as const) {
        const e = k[kpi];
        lines.push([q(d.whatif), q(id), kpi, n(e.mean), n(e.ci95_half_width), significant(e) ? 'yes' : 'no'].join(','));
      }
    lines.push([q(d.whatif), '', 'cost', n(d.cost.mean), n(d.cost.ci95_half_width), significant(d.cost) ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n') + '\n';
}
