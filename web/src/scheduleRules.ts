// The shift rules form's model and its two conversions: a rules file read by sim-plan (its TOML
// as a JSON document, from sim-wasm's schedule_rules_json) → form, and form → TOML text. No
// checking here: the TOML goes to sim-plan, whose errors name the field path
// (`templates[0].breaks[1].latest`), and the form marks the input with that path.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface BreakForm {
  name: string;
  minutes: number | null;
  /** Offsets "HH:MM" from the shift start. */
  earliest: string;
  latest: string;
  step_minutes: number | null;
  paid: boolean;
}

export interface TemplateForm {
  id: string;
  group: string;
  /** `list`: the start times in `starts`; `range`: every `step_minutes` from earliest to latest. */
  mode: 'list' | 'range';
  starts: string[];
  earliest: string;
  latest: string;
  step_minutes: number | null;
  length: string;
  /** null = every day. */
  days: string[] | null;
  cost_kind: 'shift' | 'hour';
  cost: number | null;
  min_agents: number | null;
  max_agents: number | null;
  break_gap_minutes: number | null;
  breaks: BreakForm[];
}

export interface WeeklyForm {
  /** [min, max]; equal = an exact number. */
  days_per_week: [number, number] | null;
  max_consecutive_days: number | null;
  min_consecutive_days_off: number | null;
  min_rest_hours: number | null;
  weekly_hours: [number, number] | null;
  /** Explicit day patterns instead of generated ones. */
  patterns: string[][] | null;
}

export interface FloorForm {
  group: string;
  from: string;
  to: string;
  agents: number | null;
  days: string[] | null;
}

export interface RulesForm {
  templates: TemplateForm[];
  weekly: WeeklyForm | null;
  floors: FloorForm[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown, def = ''): string => (typeof v === 'string' ? v : def);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strs = (v: unknown): string[] | null => (Array.isArray(v) ? v.map((x) => String(x)) : null);
const pair = (v: unknown): [number, number] | null => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number];
  return null;
};

export function newBreak(): BreakForm {
  return { name: 'break', minutes: 15, earliest: '02:00', latest: '03:00', step_minutes: 15, paid: true };
}

export function newTemplate(group: string, n: number): TemplateForm {
  return {
    id: `shift-${n}`,
    group,
    mode: 'range',
    starts: [],
    earliest: '08:00',
    latest: '12:00',
    step_minutes: 60,
    length: '08:00',
    days: null,
    cost_kind: 'hour',
    cost: 1,
    min_agents: null,
    max_agents: null,
    break_gap_minutes: null,
    breaks: [newBreak()],
  };
}

export function newWeekly(): WeeklyForm {
  return { days_per_week: [5, 5], max_consecutive_days: null, min_consecutive_days_off: 2, min_rest_hours: 11, weekly_hours: null, patterns: null };
}

export function newFloor(group: string): FloorForm {
  return { group, from: '00:00', to: '07:00', agents: 1, days: null };
}

/** The form of a rules file as sim-wasm's schedule_rules_json gives it. */
export function formFromJson(v: unknown): RulesForm {
  const root = obj(v);
  const templates = (Array.isArray(root.templates) ? root.templates : []).map((x): TemplateForm => {
    const t = obj(x);
    const starts = typeof t.start === 'string' ? [t.start] : strs(t.starts);
    const perShift = num(t.cost_per_shift);
    return {
      id: str(t.id),
      group: str(t.group),
      mode: starts || (t.earliest === undefined && t.latest === undefined) ? 'list' : 'range',
      starts: starts ?? [],
      earliest: str(t.earliest),
      latest: str(t.latest),
      step_minutes: num(t.step_minutes),
      length: str(t.length),
      days: strs(t.days),
      cost_kind: t.cost_per_shift !== undefined ? 'shift' : 'hour',
      cost: perShift ?? num(t.cost_per_hour),
      min_agents: num(t.min_agents),
      max_agents: num(t.max_agents),
      break_gap_minutes: num(t.break_gap_minutes),
      breaks: (Array.isArray(t.breaks) ? t.breaks : []).map((y): BreakForm => {
        const b = obj(y);
        return {
          name: str(b.name),
          minutes: num(b.minutes),
          earliest: str(b.earliest),
          latest: str(b.latest),
          step_minutes: num(b.step_minutes),
          paid: b.paid !== false,
        };
      }),
    };
  });
  const w = root.weekly === undefined ? null : obj(root.weekly);
  const weekly: WeeklyForm | null = w
    ? {
        days_per_week: pair(w.days_per_week),
        max_consecutive_days: num(w.max_consecutive_days),
        min_consecutive_days_off: num(w.min_consecutive_days_off),
        min_rest_hours: num(w.min_rest_hours),
        weekly_hours: pair(w.weekly_hours),
        patterns: Array.isArray(w.patterns) ? w.patterns.map((p) => strs(p) ?? []) : null,
      }
    : null;
  const floors = (Array.isArray(root.floors) ? root.floors : []).map((x): FloorForm => {
    const f = obj(x);
    return { group: str(f.group), from: str(f.from), to: str(f.to), agents: num(f.agents), days: strs(f.days) };
  });
  return { templates, weekly, floors };
}

/** A TOML basic string (JSON's escapes are TOML's). */
export const tomlString = (s: string): string => JSON.stringify(s);

const tomlList = (xs: string[]): string => `[${xs.map(tomlString).join(', ')}]`;

/** `key = value` lines of the values that are set (null, undefined and '' are left out). */
function kv(pairs: [string, string | number | boolean | null | undefined][]): string[] {
  const out: string[] = [];
  for (const [k, v] of pairs) {
    if (v == null || v === '') continue;
    out.push(`${k} = ${typeof v === 'string' ? v : String(v)}`);
  }
  return out;
}

function inline(pairs: [string, string | number | boolean | null | undefined][]): string {
  return `{ ${kv(pairs).join(', ')} }`;
}

const q = (s: string): string | null => (s.trim() ? tomlString(s.trim()) : null);

/** The rules file of a form (TOML text, in the layout of scenarios/rules/*.rules.toml). */
export function rulesToToml(f: RulesForm): string {
  const parts: string[] = ['# Shift rules written by the ccsim page (docs/schedule.md explains every field).'];
  for (const t of f.templates) {
    const lines = ['[[templates]]'];
    const starts = t.starts.map((s) => s.trim()).filter(Boolean);
    lines.push(
      ...kv([
        ['id', tomlString(t.id)],
        ['group', tomlString(t.group)],
        ...(t.mode === 'list'
          ? ([['starts', tomlList(starts)]] as [string, string][])
          : ([
              ['earliest', q(t.earliest)],
              ['latest', q(t.latest)],
              ['step_minutes', t.step_minutes],
            ] as [string, string | number | null][])),
        ['length', q(t.length)],
        ['days', t.days ? tomlList(t.days) : null],
        [t.cost_kind === 'shift' ? 'cost_per_shift' : 'cost_per_hour', t.cost],
        ['min_agents', t.min_agents],
        ['max_agents', t.max_agents],
        ['break_gap_minutes', t.break_gap_minutes],
      ]),
    );
    if (t.breaks.length) {
      lines.push('breaks = [');
      for (const b of t.breaks) {
        lines.push(
          `  ${inline([
            ['name', q(b.name)],
            ['minutes', b.minutes],
            ['earliest', q(b.earliest)],
            ['latest', q(b.latest)],
            ['step_minutes', b.step_minutes],
            ['paid', b.paid ? null : false],
          ])},`,
        );
      }
      lines.push(']');
    }
    parts.push(lines.join('\n'));
  }
  const w = f.weekly;
  if (w) {
    const dpw = w.days_per_week ? (w.days_per_week[0] === w.days_per_week[1] ? String(w.days_per_week[0]) : `[${w.days_per_week[0]}, ${w.days_per_week[1]}]`) : null;
    parts.push(
      [
        '[weekly]',
        ...kv([
          ['days_per_week', dpw],
          ['max_consecutive_days', w.max_consecutive_days],
          ['min_consecutive_days_off', w.min_consecutive_days_off],
          ['min_rest_hours', w.min_rest_hours],
          ['weekly_hours', w.weekly_hours ? `[${w.weekly_hours[0]}, ${w.weekly_hours[1]}]` : null],
          ['patterns', w.patterns ? `[${w.patterns.map(tomlList).join(', ')}]` : null],
        ]),
      ].join('\n'),
    );
  }
  for (const fl of f.floors) {
    parts.push(
      [
        '[[floors]]',
        ...kv([
          ['group', tomlString(fl.group)],
          ['from', q(fl.from)],
          ['to', q(fl.to)],
          ['agents', fl.agents],
          ['days', fl.days ? tomlList(fl.days) : null],
        ]),
      ].join('\n'),
    );
  }
  return parts.join('\n\n') + '\n';
}

/** "mon,tue" ↔ ['mon','tue'] for the days inputs (empty = every day = null). */
export function daysFromText(s: string): string[] | null {
  const xs = s
    .split(/[\s,;]+/)
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  return xs.length ? xs : null;
}

/** "mon,tue,wed; thu,fri" ↔ explicit weekly patterns (empty = none). */
export function patternsFromText(s: string): string[][] | null {
  const ps = s
    .split(';')
    .map((p) => daysFromText(p))
    .filter((p): p is string[] => !!p);
  return ps.length ? ps : null;
}

export const patternsToText = (ps: string[][] | null): string => (ps ? ps.map((p) => p.join(',')).join('; ') : '');

/** "07:00, 08:30" → ['07:00', '08:30']. */
export function startsFromText(s: string): string[] {
  return s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A number input's value: null when empty or not a number. */
export function numOrNull(s: string): number | null {
  if (!s.trim()) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}
