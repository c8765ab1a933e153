// The shift rules form of the Schedule tab: templates (start times, length, days, cost, agents,
// breaks), weekly rules and floors, bound to a RulesForm. Every input carries the field path
// sim-plan reports errors under (data-path), so markErrors puts each message beside its input.
// Edits call `changed()`; adding or removing a template, break or floor redraws the form.
import { h } from '../dom';
import { newBreak, newFloor, newTemplate, newWeekly, numOrNull, patternsFromText, patternsToText, startsFromText, WEEKDAYS, type BreakForm, type FloorForm, type RulesForm, type TemplateForm, type WeeklyForm } from '../scheduleRules';
import { num, select, text } from './formFields';

export interface RulesFormView {
  el: HTMLElement;
  /** Draws the form of `f` (the object is edited in place). */
  show(f: RulesForm, groups: string[]): void;
  /** Greys the form out (the raw text does not parse: the form shows the last rules that did). */
  setStale(stale: boolean): void;
}

type Num = number | null;

/** What the form's parts share: the form, the scenario's groups, and the two kinds of change. */
interface Ctx {
  form(): RulesForm;
  groups(): string[];
  /** A value changed. */
  changed(): void;
  /** A part was added or removed: redraw, then changed. */
  restructure(): void;
}

export function createRulesForm(changed: () => void): RulesFormView {
  const body = h('div', { class: 'rules-form-body' });
  const note = h('p', { class: 'warn', hidden: true, 'data-testid': 'rules-form-stale' }, 'The raw text below does not parse as rules: the form shows the last rules that did. Fix the raw text, or edit the form to overwrite it.');
  const fs = h('fieldset', { class: 'rules-form', 'data-testid': 'rules-form' }, h('legend', {}, 'Shift rules'), note, body);
  let form: RulesForm = { templates: [], weekly: null, floors: [] };
  let groups: string[] = [];

  const redraw = () => {
    body.replaceChildren(...draw());
  };
  const restructure = () => {
    redraw();
    changed();
  };
  const ctx: Ctx = { changed, restructure, form: () => form, groups: () => groups };

  function draw(): HTMLElement[] {
    const addT = h('button', { type: 'button', class: 'btn small', 'data-testid': 'rules-add-template' }, '+ Add template');
    addT.addEventListener('click', () => {
      form.templates.push(newTemplate(groups[0] ?? 'team', form.templates.length + 1));
      restructure();
    });
    const addF = h('button', { type: 'button', class: 'btn small' }, '+ Add floor');
    addF.addEventListener('click', () => {
      form.floors.push(newFloor(groups[0] ?? 'team'));
      restructure();
    });
    return [
      h('div', { class: 'section-head' }, h('h4', {}, `Templates (${form.templates.length})`), addT),
      ...form.templates.map((t, i) => templateBox(ctx, t, i)),
      weeklyBox(ctx),
      h('div', { class: 'section-head' }, h('h4', {}, `Floors (${form.floors.length})`), addF),
      h('p', { class: 'hint' }, 'Least agents on the phones in some hours, whatever the forecast says.'),
      ...form.floors.map((f, i) => floorRow(ctx, f, i)),
    ];
  }

  return {
    el: fs,
    show(f, g) {
      form = f;
      groups = g;
      redraw();
    },
    setStale(stale) {
      note.hidden = !stale;
      body.classList.toggle('stale', stale);
    },
  };
}

const n = (c: Ctx, label: string, path: string, value: Num, set: (v: Num) => void, extra: { min?: number; step?: string; unit?: string; hint?: string } = {}) =>
  num({ label, path, value, set: (v) => set(v ?? null), optional: true, onChange: c.changed, ...extra });
const t = (c: Ctx, label: string, path: string, value: string, set: (v: string) => void) => text({ label, path, value, set, onChange: c.changed });
const groupSel = (c: Ctx, path: string, value: string, set: (v: string) => void) =>
  select({ label: 'Group', path, value, options: [...new Set([...c.groups(), value])].filter(Boolean).map((g) => [g, g] as [string, string]), set, onChange: c.changed });

function daysBox(c: Ctx, label: string, path: string, days: string[] | null, set: (d: string[] | null) => void): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('span', { class: 'label' }, label),
    h(
      'div',
      { class: 'days', role: 'group', 'aria-label': label, 'data-path': path },
      WEEKDAYS.map((d) => {
        const box = h('input', { type: 'checkbox', checked: !days || days.includes(d), 'aria-label': d, title: d });
        box.addEventListener('change', () => {
          const set0 = new Set(days ?? WEEKDAYS);
          if (box.checked) set0.add(d);
          else set0.delete(d);
          days = WEEKDAYS.filter((x) => set0.has(x));
          set(days.length === 7 ? null : days);
          c.changed();
        });
        return h('label', { class: 'day' }, box, d.slice(0, 2));
      }),
    ),
  );
}

function templateBox(c: Ctx, tp: TemplateForm, i: number): HTMLElement {
  const p = `templates[${i}]`;
  const mode = select({
    label: 'Start times',
    path: `${p}.mode`,
    value: tp.mode,
    options: [
      ['list', 'a list'],
      ['range', 'every step from earliest to latest'],
    ],
    set: (v) => {
      tp.mode = v === 'range' ? 'range' : 'list';
      if (tp.mode === 'list' && !tp.starts.length && tp.earliest) tp.starts = [tp.earliest];
      if (tp.mode === 'range' && !tp.earliest && tp.starts.length) [tp.earliest, tp.latest] = [tp.starts[0], tp.starts[tp.starts.length - 1]];
    },
    onChange: c.restructure,
  });
  const startsList = h('input', { type: 'text', value: tp.starts.join(', '), 'data-path': `${p}.starts`, placeholder: '07:00, 08:00', 'aria-label': `Template ${i + 1} start times`, 'data-testid': `rules-starts-${i}` });
  startsList.addEventListener('input', () => {
    tp.starts = startsFromText(startsList.value);
    c.changed();
  });
  const starts =
    tp.mode === 'list'
      ? [h('div', { class: 'field' }, h('label', {}, 'Starts (HH:MM, …)'), startsList)]
      : [t(c, 'Earliest', `${p}.earliest`, tp.earliest, (v) => (tp.earliest = v)), t(c, 'Latest', `${p}.latest`, tp.latest, (v) => (tp.latest = v)), n(c, 'Step', `${p}.step_minutes`, tp.step_minutes, (v) => (tp.step_minutes = v), { min: 1, step: '1', unit: 'min' })];
  const costKind = select({
    label: 'Cost',
    path: `${p}.cost_kind`,
    value: tp.cost_kind,
    options: [
      ['hour', 'per paid hour'],
      ['shift', 'per shift'],
    ],
    set: (v) => (tp.cost_kind = v === 'shift' ? 'shift' : 'hour'),
    onChange: c.restructure,
  });
  const remove = h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove template ${tp.id || i + 1}` }, 'Remove');
  remove.addEventListener('click', () => {
    c.form().templates.splice(i, 1);
    c.restructure();
  });
  const addB = h('button', { type: 'button', class: 'btn small' }, '+ Add break');
  addB.addEventListener('click', () => {
    tp.breaks.push(newBreak());
    c.restructure();
  });
  return h(
    'fieldset',
    { class: 'rules-template', 'data-path': p, 'data-testid': `rules-template-${i}` },
    h('legend', {}, `Template ${i + 1}`),
    h('div', { class: 'form-row' }, t(c, 'Id', `${p}.id`, tp.id, (v) => (tp.id = v)), groupSel(c, `${p}.group`, tp.group, (v) => (tp.group = v)), t(c, 'Length (HH:MM)', `${p}.length`, tp.length, (v) => (tp.length = v)), remove),
    h('div', { class: 'form-row' }, mode, ...starts),
    h('div', { class: 'form-row' }, daysBox(c, 'Days it may start on', `${p}.days`, tp.days, (d) => (tp.days = d))),
    h(
      'div',
      { class: 'form-row' },
      costKind,
      n(c, 'Amount', tp.cost_kind === 'shift' ? `${p}.cost_per_shift` : `${p}.cost_per_hour`, tp.cost, (v) => (tp.cost = v), { min: 0 }),
      n(c, 'Fewest agents', `${p}.min_agents`, tp.min_agents, (v) => (tp.min_agents = v), { min: 0, step: '1' }),
      n(c, 'Most agents', `${p}.max_agents`, tp.max_agents, (v) => (tp.max_agents = v), { min: 0, step: '1' }),
      n(c, 'Gap between breaks', `${p}.break_gap_minutes`, tp.break_gap_minutes, (v) => (tp.break_gap_minutes = v), { min: 0, step: '1', unit: 'min' }),
    ),
    breaksTable(c, tp, p),
    addB,
  );
}

function breaksTable(c: Ctx, tp: TemplateForm, p: string): HTMLElement {
  const cell = (b: BreakForm, k: number, key: 'name' | 'earliest' | 'latest', label: string) => {
    const input = h('input', { type: 'text', value: b[key], 'data-path': `${p}.breaks[${k}].${key}`, 'aria-label': `Break ${k + 1} ${label}`, class: key === 'name' ? '' : 'narrow' });
    input.addEventListener('input', () => {
      b[key] = input.value;
      c.changed();
    });
    return h('td', {}, input);
  };
  const numCell = (b: BreakForm, k: number, key: 'minutes' | 'step_minutes', label: string) => {
    const input = h('input', { type: 'number', min: '1', step: '1', value: b[key] ?? '', 'data-path': `${p}.breaks[${k}].${key}`, 'aria-label': `Break ${k + 1} ${label}`, class: 'narrow' });
    input.addEventListener('input', () => {
      b[key] = numOrNull(input.value);
      c.changed();
    });
    return h('td', {}, input);
  };
  const rows = tp.breaks.map((b, k) => {
    const paid = h('input', { type: 'checkbox', checked: b.paid, 'data-path': `${p}.breaks[${k}].paid`, 'aria-label': `Break ${k + 1} paid` });
    paid.addEventListener('change', () => {
      b.paid = paid.checked;
      c.changed();
    });
    const remove = h('button', { type: 'button', class: 'btn small', 'aria-label': `Remove break ${k + 1}` }, '×');
    remove.addEventListener('click', () => {
      tp.breaks.splice(k, 1);
      c.restructure();
    });
    return h('tr', { 'data-path': `${p}.breaks[${k}]` }, cell(b, k, 'name', 'name'), numCell(b, k, 'minutes', 'minutes'), cell(b, k, 'earliest', 'earliest'), cell(b, k, 'latest', 'latest'), numCell(b, k, 'step_minutes', 'step'), h('td', {}, paid), h('td', {}, remove));
  });
  if (!rows.length) return h('p', { class: 'hint' }, 'No breaks.');
  const cols = ['Break', 'Minutes', 'Earliest (after start)', 'Latest (after start)', 'Step (min)', 'Paid', ''];
  return h('table', { class: 'table compact' }, h('caption', { class: 'sr-only' }, `Breaks of ${tp.id}`), h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows));
}

function weeklyBox(c: Ctx): HTMLElement {
  const on = h('input', { type: 'checkbox', id: 'rules-weekly-on', checked: !!c.form().weekly, 'data-testid': 'rules-weekly' });
  on.addEventListener('change', () => {
    c.form().weekly = on.checked ? newWeekly() : null;
    c.restructure();
  });
  const head = h('div', { class: 'section-head' }, h('h4', {}, 'Weekly rules'), h('label', { class: 'check', for: 'rules-weekly-on' }, on, 'each agent works a weekly pattern of days (needs a horizon of 7 days or more)'));
  const w = c.form().weekly;
  if (!w) return h('div', { 'data-path': 'weekly' }, head);
  const range = (label: string, path: string, get: () => [number, number] | null, set: (v: [number, number] | null) => void, unit?: string) => {
    const v = get();
    const part = (k: 0 | 1) =>
      n(c, `${label}: ${k ? 'most' : 'least'}`, path, v ? v[k] : null, (x) => {
        const cur = get();
        const other = cur ? cur[1 - k] : null;
        if (x == null && other == null) return set(null);
        const mine = x ?? (other as number);
        const theirs = other ?? mine;
        set(k === 0 ? [mine, theirs] : [theirs, mine]);
      }, { min: 0, unit });
    return [part(0), part(1)];
  };
  const patterns = h('input', { type: 'text', value: patternsToText(w.patterns), 'data-path': 'weekly.patterns', placeholder: 'mon,tue,wed,thu,fri; …', 'aria-label': 'Explicit day patterns' });
  patterns.addEventListener('input', () => {
    w.patterns = patternsFromText(patterns.value);
    c.changed();
  });
  const ww: WeeklyForm = w;
  return h(
    'div',
    { 'data-path': 'weekly' },
    head,
    h('div', { class: 'form-row' }, ...range('Days a week', 'weekly.days_per_week', () => ww.days_per_week, (v) => (ww.days_per_week = v)), n(c, 'Most days in a row', 'weekly.max_consecutive_days', ww.max_consecutive_days, (v) => (ww.max_consecutive_days = v), { min: 1, step: '1' }), n(c, 'Days off in a row (at least)', 'weekly.min_consecutive_days_off', ww.min_consecutive_days_off, (v) => (ww.min_consecutive_days_off = v), { min: 0, step: '1' })),
    h('div', { class: 'form-row' }, n(c, 'Rest between shifts', 'weekly.min_rest_hours', ww.min_rest_hours, (v) => (ww.min_rest_hours = v), { min: 0, unit: 'h' }), ...range('Paid hours a week', 'weekly.weekly_hours', () => ww.weekly_hours, (v) => (ww.weekly_hours = v), 'h')),
    h('div', { class: 'form-row' }, h('div', { class: 'field wide' }, h('label', {}, 'Only these day patterns (optional; “;” between patterns)'), patterns)),
  );
}

function floorRow(c: Ctx, f: FloorForm, i: number): HTMLElement {
  const p = `floors[${i}]`;
  const remove = h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove floor ${i + 1}` }, 'Remove');
  remove.addEventListener('click', () => {
    c.form().floors.splice(i, 1);
    c.restructure();
  });
  return h(
    'div',
    { class: 'form-row rules-floor', 'data-path': p },
    groupSel(c, `${p}.group`, f.group, (v) => (f.group = v)),
    t(c, 'From', `${p}.from`, f.from, (v) => (f.from = v)),
    t(c, 'To', `${p}.to`, f.to, (v) => (f.to = v)),
    n(c, 'Agents', `${p}.agents`, f.agents, (v) => (f.agents = v), { min: 0, step: '1' }),
    daysBox(c, 'Days', `${p}.days`, f.days, (d) => (f.days = d)),
    remove,
  );
}

