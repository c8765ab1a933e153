// The scenario form editor. It edits the scenario's JSON form (sim_core::scenario::Scenario) in
// place; every change is sent back to sim-wasm for validation, so the errors shown are exactly the
// CLI's (same field paths, same messages). Anything the forms do not cover is in the raw editor.
import { h, nextId } from '../dom';
import { formatColumn, parseColumn } from '../spreadsheet';
import type { AgentGroupSpec, ArrivalSpec, BreakSpec, ContactTypeSpec, FieldError, ModelInfo, ScenarioJson, ShiftSpec } from '../types';
import { distEditor } from './distEditor';

export interface EditorCallbacks {
  /** A value changed (validate, keep the form). */
  changed(): void;
  /** The structure changed (add / remove / mode switch): re-render the form. */
  restructure(): void;
  /** Replace the whole scenario from raw text. */
  applyRaw(text: string, format: 'toml' | 'json'): void;
  /** Raw TOML of the current scenario. */
  rawText(): string;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

type Setter = (v: number | undefined) => void;

/** A number input bound to a value; `scale` shows shares as percent (100) etc. */
function num(opts: {
  label: string;
  path: string;
  value: number | undefined | null;
  set: Setter;
  scale?: number;
  unit?: string;
  min?: number;
  max?: number;
  step?: string;
  optional?: boolean;
  hint?: string;
  onChange: () => void;
}): HTMLElement {
  const scale = opts.scale ?? 1;
  const id = nextId('n');
  const shown = opts.value == null ? '' : String(Math.round(opts.value * scale * 1e9) / 1e9);
  const input = h('input', {
    id,
    type: 'number',
    step: opts.step ?? 'any',
    min: opts.min,
    max: opts.max,
    value: shown,
    'data-path': opts.path,
    placeholder: opts.optional ? 'none' : undefined,
  });
  input.addEventListener('input', () => {
    if (input.value === '') opts.set(opts.optional ? undefined : (null as unknown as number));
    else opts.set(Number(input.value) / scale);
    opts.onChange();
  });
  const hintEl = opts.hint ? h('small', { class: 'hint', id: `${id}-h` }, opts.hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, opts.label, opts.unit ? h('span', { class: 'unit' }, ` (${opts.unit})`) : null), input, hintEl);
}

function text(opts: { label: string; path: string; value: string | undefined; set: (v: string) => void; onChange: () => void; wide?: boolean }): HTMLElement {
  const id = nextId('t');
  const input = h('input', { id, type: 'text', value: opts.value ?? '', 'data-path': opts.path });
  input.addEventListener('input', () => {
    opts.set(input.value);
    opts.onChange();
  });
  return h('div', { class: opts.wide ? 'field wide' : 'field' }, h('label', { for: id }, opts.label), input);
}

function select(opts: { label: string; path: string; value: string; options: [string, string][]; set: (v: string) => void; onChange: () => void }): HTMLElement {
  const id = nextId('s');
  const el = h('select', { id, 'data-path': opts.path }, opts.options.map(([v, l]) => h('option', { value: v }, l)));
  el.value = opts.value;
  el.addEventListener('change', () => {
    opts.set(el.value);
    opts.onChange();
  });
  return h('div', { class: 'field' }, h('label', { for: id }, opts.label), el);
}

/** A paste-from-spreadsheet box for a list of numbers. */
function numberList(opts: {
  label: string;
  path: string;
  values: number[];
  expected: string;
  set: (v: number[]) => void;
  onChange: () => void;
}): HTMLElement {
  const id = nextId('l');
  const area = h('textarea', { id, rows: 5, spellcheck: 'false', 'data-path': opts.path, class: 'mono' });
  area.value = formatColumn(opts.values);
  const status = h('small', { class: 'hint', id: `${id}-h`, 'aria-live': 'polite' });
  area.setAttribute('aria-describedby', status.id);
  const show = (n: number, skipped: number[]) => {
    status.textContent = `${n} values (${opts.expected})${skipped.length ? ` · ignored rows without a number: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? '…' : ''}` : ''}`;
  };
  show(opts.values.length, []);
  area.addEventListener('input', () => {
    const p = parseColumn(area.value);
    show(p.values.length, p.skipped);
    opts.set(p.values);
    opts.onChange();
  });
  return h('div', { class: 'field wide' }, h('label', { for: id }, opts.label, h('span', { class: 'unit' }, ' — paste a column from a spreadsheet')), area, status);
}

type ArrivalMode = 'rate_per_hour' | 'per_interval' | 'per_day';

function arrivalMode(a: ArrivalSpec): ArrivalMode {
  if (a.per_interval) return 'per_interval';
  if (a.per_day != null) return 'per_day';
  return 'rate_per_hour';
}

export function renderEditor(s: ScenarioJson, info: ModelInfo | null, cb: EditorCallbacks): HTMLElement {
  const ch = () => cb.changed();
  const restructure = () => cb.restructure();
  const intervalMin = s.interval_minutes ?? 30;
  const ipd = Math.floor(1440 / intervalMin) || 48;
  const days = s.days ?? 1;
  const typeIds = s.contact_types.map((t) => t.id);

  const general = h(
    'details',
    { class: 'section', open: true, 'data-section': 'general' },
    h('summary', {}, 'Scenario'),
    h(
      'div',
      { class: 'grid2' },
      text({ label: 'Name', path: 'name', value: s.name, set: (v) => (s.name = v), onChange: ch, wide: true }),
      num({ label: 'Days simulated', path: 'days', value: s.days ?? 1, set: (v) => (s.days = v as number), min: 1, step: '1', onChange: ch }),
      num({ label: 'Interval', unit: 'min', path: 'interval_minutes', value: intervalMin, set: (v) => (s.interval_minutes = v as number), min: 1, step: '1', onChange: ch, hint: 'must divide 1440' }),
      num({ label: 'Warm-up', unit: 'min', path: 'warmup_minutes', value: s.warmup_minutes ?? 0, set: (v) => (s.warmup_minutes = v ?? 0), min: 0, onChange: ch, hint: 'excluded from statistics' }),
      select({
        label: 'Day 1 is a',
        path: 'start_weekday',
        value: s.start_weekday ?? 'mon',
        options: WEEKDAYS.map((d) => [d, d[0].toUpperCase() + d.slice(1)]),
        set: (v) => (s.start_weekday = v),
        onChange: ch,
      }),
      num({
        label: 'Cost per agent hour',
        path: 'costs.agent_hour',
        value: s.costs?.agent_hour,
        optional: true,
        min: 0,
        set: (v) => {
          if (v == null) delete s.costs;
          else s.costs = { ...(s.costs ?? {}), agent_hour: v };
        },
        onChange: ch,
      }),
    ),
  );

  const typeSections = s.contact_types.map((t, i) => contactTypeSection(t, i));
  const groupSections = s.agent_groups.map((g, i) => groupSection(g, i));

  function contactTypeSection(t: ContactTypeSpec, i: number): HTMLElement {
    const p = `contact_types[${i}]`;
    const a = t.arrivals;
    const mode = arrivalMode(a);
    const modeSel = select({
      label: 'Volume given as',
      path: `${p}.arrivals`,
      value: mode,
      options: [
        ['rate_per_hour', 'Constant rate per hour'],
        ['per_interval', 'Contacts per interval (table)'],
        ['per_day', 'Contacts per day × intraday profile'],
      ],
      set: (v) => {
        const old = a;
        const perDay = old.per_day ?? (old.rate_per_hour != null ? old.rate_per_hour * 24 : (old.per_interval ?? []).slice(0, ipd).reduce((x, y) => x + y, 0));
        const next: ArrivalSpec = {};
        for (const k of ['weekday_factors', 'volume_cv', 'scale'] as const) if (old[k] != null) (next as Record<string, unknown>)[k] = old[k];
        if (v === 'rate_per_hour') next.rate_per_hour = Math.round((perDay / 24) * 100) / 100;
        else if (v === 'per_interval') next.per_interval = old.profile && old.per_day != null
          ? normalise(old.profile).map((w) => Math.round(w * perDay * 100) / 100)
          : new Array(ipd).fill(Math.round((perDay / ipd) * 100) / 100);
        else {
          next.per_day = Math.round(perDay * 100) / 100;
          next.profile = old.per_interval && old.per_interval.length >= ipd ? old.per_interval.slice(0, ipd) : new Array(ipd).fill(1);
        }
        t.arrivals = next;
      },
      onChange: restructure,
    });
    const volume: HTMLElement[] = [modeSel];
    if (mode === 'rate_per_hour') {
      volume.push(num({ label: 'Arrivals', unit: 'per hour', path: `${p}.arrivals.rate_per_hour`, value: a.rate_per_hour, set: (v) => (a.rate_per_hour = v as number), min: 0, onChange: ch }));
    } else if (mode === 'per_interval') {
      volume.push(
        numberList({
          label: `Contacts per ${intervalMin}-minute interval`,
          path: `${p}.arrivals.per_interval`,
          values: a.per_interval ?? [],
          expected: `needs ${ipd} for a day, or ${ipd * days} for the horizon`,
          set: (v) => (a.per_interval = v),
          onChange: ch,
        }),
      );
    } else {
      volume.push(
        num({ label: 'Contacts per day', path: `${p}.arrivals.per_day`, value: a.per_day, set: (v) => (a.per_day = v as number), min: 0, onChange: ch }),
        numberList({
          label: 'Intraday profile (weights per interval)',
          path: `${p}.arrivals.profile`,
          values: a.profile ?? [],
          expected: `needs ${ipd}; normalised to sum 1`,
          set: (v) => (a.profile = v),
          onChange: ch,
        }),
      );
    }
    volume.push(
      num({ label: 'Day-to-day volume CV', path: `${p}.arrivals.volume_cv`, value: a.volume_cv, optional: true, min: 0, set: (v) => (v == null ? delete a.volume_cv : (a.volume_cv = v)), onChange: ch, hint: 'forecast error; blank = none' }),
    );
    const sl = t.service_level;
    const removeBtn = h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove contact type ${t.id}` }, 'Remove');
    removeBtn.addEventListener('click', () => {
      s.contact_types.splice(i, 1);
      for (const g of s.agent_groups) g.skills = g.skills.filter((k) => k !== t.id);
      restructure();
    });
    const rate = info?.types[i];
    const summary = rate ? ` — ${Math.round(rate.rate_per_s.slice(0, info?.intervals_per_day ?? 48).reduce((x, y) => x + y, 0) * (info?.interval_s ?? 1800))} / day` : '';
    return h(
      'details',
      { class: 'section', 'data-section': `type-${i}` },
      h('summary', {}, `Contact type: ${t.id || '(no id)'}`, h('span', { class: 'muted' }, ` ${t.channel ?? 'voice'}${summary}`)),
      h(
        'div',
        { class: 'grid2' },
        text({ label: 'Id', path: `${p}.id`, value: t.id, set: (v) => renameType(t.id, v, t), onChange: ch }),
        select({ label: 'Channel', path: `${p}.channel`, value: t.channel ?? 'voice', options: [['voice', 'Voice'], ['chat', 'Chat'], ['email', 'Email / written']], set: (v) => (t.channel = v), onChange: restructure }),
        num({ label: 'Priority', path: `${p}.priority`, value: t.priority ?? 0, step: '1', set: (v) => (t.priority = v ?? 0), onChange: ch, hint: 'higher is served first' }),
      ),
      h('h4', {}, 'Arrivals'),
      h('div', { class: 'grid2' }, volume),
      h('h4', {}, 'Handling and patience'),
      h(
        'div',
        { class: 'dists' },
        distEditor({ legend: 'Handle (talk) time', path: `${p}.handle_time`, value: t.handle_time, onChange: (d) => { if (d) t.handle_time = d; ch(); } }),
        distEditor({ legend: 'Wrap-up', path: `${p}.wrap_up`, value: t.wrap_up, optional: 'No wrap-up', onChange: (d) => { if (d) t.wrap_up = d; else delete t.wrap_up; ch(); } }),
        t.channel === 'email'
          ? null
          : distEditor({ legend: 'Patience', path: `${p}.patience`, value: t.patience, optional: 'Never abandons', onChange: (d) => { if (d) t.patience = d; else delete t.patience; ch(); } }),
      ),
      h('h4', {}, 'Targets'),
      h(
        'div',
        { class: 'grid2' },
        num({
          label: 'Answer within',
          unit: 's',
          path: `${p}.service_level.threshold_s`,
          value: sl?.threshold_s,
          optional: true,
          min: 0,
          set: (v) => {
            if (v == null) delete t.service_level;
            else t.service_level = { threshold_s: v, target: t.service_level?.target ?? 0.8 };
          },
          onChange: ch,
        }),
        num({
          label: 'Service-level target',
          unit: '%',
          scale: 100,
          path: `${p}.service_level.target`,
          value: sl?.target,
          optional: true,
          min: 0,
          max: 100,
          set: (v) => {
            if (v == null) delete t.service_level;
            else t.service_level = { threshold_s: t.service_level?.threshold_s ?? 20, target: v };
          },
          onChange: ch,
        }),
        num({ label: 'Max abandonment', unit: '%', scale: 100, path: `${p}.max_abandon_rate`, value: t.max_abandon_rate, optional: true, min: 0, max: 100, set: (v) => (v == null ? delete t.max_abandon_rate : (t.max_abandon_rate = v)), onChange: ch }),
      ),
      h('div', { class: 'row-actions' }, removeBtn),
    );
  }

  function renameType(oldId: string, newId: string, t: ContactTypeSpec) {
    t.id = newId;
    for (const g of s.agent_groups) g.skills = g.skills.map((k) => (k === oldId ? newId : k));
  }

  function groupSection(g: AgentGroupSpec, i: number): HTMLElement {
    const p = `agent_groups[${i}]`;
    const mode = g.shifts && g.shifts.length > 0 ? 'shifts' : g.staffing?.per_interval ? 'per_interval' : 'constant';
    const skills = h(
      'fieldset',
      { class: 'skills', 'data-path': `${p}.skills` },
      h('legend', {}, 'Skills (in priority order)'),
      typeIds.map((id) => {
        const cid = nextId('sk');
        const box = h('input', { type: 'checkbox', id: cid, checked: g.skills.includes(id) });
        box.addEventListener('change', () => {
          g.skills = box.checked ? [...g.skills.filter((k) => k !== id), id] : g.skills.filter((k) => k !== id);
          ch();
        });
        return h('label', { class: 'check', for: cid }, box, id);
      }),
    );
    const staffing: HTMLElement[] = [
      select({
        label: 'Staffing given as',
        path: `${p}.staffing`,
        value: mode,
        options: [
          ['constant', 'Constant headcount'],
          ['per_interval', 'Headcount per interval (table)'],
          ['shifts', 'Shifts with breaks'],
        ],
        set: (v) => {
          const n = g.staffing?.constant ?? Math.max(0, ...(g.staffing?.per_interval ?? [0])) ?? 0;
          delete g.staffing;
          if (v === 'constant') {
            g.shifts = [];
            g.staffing = { constant: n || (g.shifts?.reduce((x, y) => x + y.agents, 0) ?? 10) };
          } else if (v === 'per_interval') {
            g.shifts = [];
            g.staffing = { per_interval: new Array(ipd).fill(n || 10) };
          } else {
            g.shifts = [{ start: '08:00', end: '16:30', agents: n || 10, breaks: [{ after: '04:00', minutes: 30, window_minutes: 60, name: 'lunch' }] }];
          }
          if (g.shifts?.length === 0) delete g.shifts;
        },
        onChange: restructure,
      }),
    ];
    if (mode === 'constant') {
      staffing.push(num({ label: 'Agents', path: `${p}.staffing.constant`, value: g.staffing?.constant, min: 0, step: '1', set: (v) => (g.staffing = { constant: v as number }), onChange: ch }));
    } else if (mode === 'per_interval') {
      staffing.push(
        numberList({
          label: `Agents per ${intervalMin}-minute interval`,
          path: `${p}.staffing.per_interval`,
          values: g.staffing?.per_interval ?? [],
          expected: `needs ${ipd} or ${ipd * days}`,
          set: (v) => (g.staffing = { per_interval: v.map((x) => Math.round(x)) }),
          onChange: ch,
        }),
      );
    }
    const removeBtn = h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove agent group ${g.id}` }, 'Remove');
    removeBtn.addEventListener('click', () => {
      s.agent_groups.splice(i, 1);
      restructure();
    });
    const ginfo = info?.groups[i];
    return h(
      'details',
      { class: 'section', 'data-section': `group-${i}` },
      h('summary', {}, `Agent group: ${g.id || '(no id)'}`, h('span', { class: 'muted' }, ginfo ? ` ${ginfo.agents} agents · ${g.skills.join(', ')}` : ` ${g.skills.join(', ')}`)),
      h(
        'div',
        { class: 'grid2' },
        text({ label: 'Id', path: `${p}.id`, value: g.id, set: (v) => (g.id = v), onChange: ch }),
        num({ label: 'Shrinkage (absence)', unit: '%', scale: 100, path: `${p}.absence`, value: g.absence ?? 0, min: 0, max: 100, set: (v) => (g.absence = v ?? 0), onChange: ch, hint: 'share of agent-shifts absent' }),
        num({ label: 'Cost per hour', path: `${p}.cost_per_hour`, value: g.cost_per_hour, optional: true, min: 0, set: (v) => (v == null ? delete g.cost_per_hour : (g.cost_per_hour = v)), onChange: ch, hint: 'blank = scenario rate' }),
      ),
      skills,
      h('h4', {}, 'Staffing'),
      h('div', { class: 'grid2' }, staffing),
      mode === 'shifts' ? shiftsTable(g, p) : null,
      h('div', { class: 'row-actions' }, removeBtn),
    );
  }

  function shiftsTable(g: AgentGroupSpec, p: string): HTMLElement {
    const shifts = g.shifts ?? [];
    const rows = shifts.map((sh, k) => shiftRow(g, sh, k, `${p}.shifts[${k}]`));
    const add = h('button', { type: 'button', class: 'btn small' }, '+ Add shift line');
    add.addEventListener('click', () => {
      const last = shifts[shifts.length - 1];
      shifts.push(last ? structuredClone(last) : { start: '08:00', end: '16:00', agents: 1 });
      g.shifts = shifts;
      restructure();
    });
    return h(
      'div',
      { class: 'shifts' },
      h(
        'table',
        { class: 'table compact' },
        h('caption', { class: 'sr-only' }, `Shift lines of ${g.id}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Start'), h('th', { scope: 'col' }, 'End'), h('th', { scope: 'col' }, 'Agents'), h('th', { scope: 'col' }, 'Days'), h('th', { scope: 'col' }, 'Breaks'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', {}, rows),
      ),
      add,
    );
  }

  function shiftRow(g: AgentGroupSpec, sh: ShiftSpec, k: number, p: string): HTMLElement {
    const time = (key: 'start' | 'end') => {
      const input = h('input', { type: 'time', value: sh[key] === '24:00' ? '00:00' : sh[key], 'data-path': `${p}.${key}`, 'aria-label': `Shift ${k + 1} ${key}` });
      input.addEventListener('change', () => {
        sh[key] = input.value;
        ch();
      });
      return input;
    };
    const agents = h('input', { type: 'number', min: '0', step: '1', value: String(sh.agents), 'data-path': `${p}.agents`, 'aria-label': `Shift ${k + 1} agents`, class: 'narrow' });
    agents.addEventListener('input', () => {
      sh.agents = agents.value === '' ? (null as unknown as number) : Number(agents.value);
      ch();
    });
    const days = h(
      'div',
      { class: 'days', role: 'group', 'aria-label': `Shift ${k + 1} weekdays`, 'data-path': `${p}.days` },
      WEEKDAYS.map((d) => {
        const box = h('input', { type: 'checkbox', checked: !sh.days || sh.days.includes(d), 'aria-label': d, title: d });
        box.addEventListener('change', () => {
          const set = new Set(sh.days ?? WEEKDAYS);
          if (box.checked) set.add(d);
          else set.delete(d);
          const list = WEEKDAYS.filter((x) => set.has(x));
          if (list.length === 7) delete sh.days;
          else sh.days = list;
          ch();
        });
        return h('label', { class: 'day' }, box, d[0].toUpperCase() + d[1]);
      }),
    );
    const remove = h('button', { type: 'button', class: 'btn icon', 'aria-label': `Remove shift line ${k + 1}`, title: 'Remove' }, '×');
    remove.addEventListener('click', () => {
      g.shifts?.splice(k, 1);
      restructure();
    });
    return h('tr', {}, h('td', {}, time('start')), h('td', {}, time('end')), h('td', {}, agents), h('td', {}, days), h('td', {}, breaksEditor(sh, k, p)), h('td', {}, remove));
  }

  function breaksEditor(sh: ShiftSpec, k: number, p: string): HTMLElement {
    const list = sh.breaks ?? [];
    const label = list.length === 0 ? 'none' : list.map((b) => `${b.minutes}′`).join(' + ');
    const rows = list.map((b, j) => breakRow(sh, b, j, `${p}.breaks[${j}]`, k));
    const add = h('button', { type: 'button', class: 'btn small' }, '+ Break');
    add.addEventListener('click', () => {
      sh.breaks = [...list, { after: '02:00', minutes: 15, window_minutes: 30, name: 'break' }];
      restructure();
    });
    return h('details', { class: 'breaks', 'data-path': `${p}.breaks` }, h('summary', { 'aria-label': `Breaks of shift ${k + 1}: ${label}` }, label), h('div', { class: 'break-list' }, rows, add));
  }

  function breakRow(sh: ShiftSpec, b: BreakSpec, j: number, p: string, k: number): HTMLElement {
    const kind = h('select', { 'aria-label': `Shift ${k + 1} break ${j + 1} timing`, 'data-path': p }, h('option', { value: 'after' }, 'after start'), h('option', { value: 'at' }, 'at clock'));
    kind.value = b.at != null ? 'at' : 'after';
    const t = h('input', { type: 'time', value: b.at ?? b.after ?? '02:00', 'aria-label': `Shift ${k + 1} break ${j + 1} time`, 'data-path': `${p}.${kind.value}` });
    const sync = () => {
      delete b.at;
      delete b.after;
      b[kind.value as 'at' | 'after'] = t.value;
      t.dataset.path = `${p}.${kind.value}`;
      ch();
    };
    kind.addEventListener('change', sync);
    t.addEventListener('change', sync);
    const minutes = h('input', { type: 'number', min: '0', value: String(b.minutes), class: 'narrow', 'aria-label': `Shift ${k + 1} break ${j + 1} minutes`, 'data-path': `${p}.minutes` });
    minutes.addEventListener('input', () => {
      b.minutes = Number(minutes.value);
      ch();
    });
    const win = h('input', { type: 'number', min: '0', value: String(b.window_minutes ?? 0), class: 'narrow', 'aria-label': `Shift ${k + 1} break ${j + 1} window minutes`, 'data-path': `${p}.window_minutes` });
    win.addEventListener('input', () => {
      b.window_minutes = Number(win.value);
      ch();
    });
    const remove = h('button', { type: 'button', class: 'btn icon', 'aria-label': `Remove break ${j + 1} of shift ${k + 1}` }, '×');
    remove.addEventListener('click', () => {
      sh.breaks?.splice(j, 1);
      restructure();
    });
    return h('div', { class: 'break-row' }, kind, t, h('span', {}, 'for'), minutes, h('span', {}, 'min, window'), win, h('span', {}, 'min'), remove);
  }

  const addType = h('button', { type: 'button', class: 'btn small' }, '+ Contact type');
  addType.addEventListener('click', () => {
    let n = s.contact_types.length + 1;
    while (typeIds.includes(`type${n}`)) n++;
    s.contact_types.push({ id: `type${n}`, channel: 'voice', arrivals: { rate_per_hour: 60 }, handle_time: { dist: 'exponential', mean: 240 }, service_level: { threshold_s: 20, target: 0.8 } });
    s.agent_groups[0]?.skills.push(`type${n}`);
    restructure();
  });
  const addGroup = h('button', { type: 'button', class: 'btn small' }, '+ Agent group');
  addGroup.addEventListener('click', () => {
    let n = s.agent_groups.length + 1;
    while (s.agent_groups.some((g) => g.id === `group${n}`)) n++;
    s.agent_groups.push({ id: `group${n}`, skills: typeIds.slice(0, 1), staffing: { constant: 5 } });
    restructure();
  });

  // raw editor
  const rawId = nextId('raw');
  const raw = h('textarea', { id: rawId, rows: 18, spellcheck: 'false', class: 'mono', 'data-testid': 'raw-editor' });
  const rawFormat = h('select', { 'aria-label': 'Raw text format' }, h('option', { value: 'toml' }, 'TOML'), h('option', { value: 'json' }, 'JSON'));
  const rawDetails = h('details', { class: 'section', 'data-section': 'raw' });
  rawDetails.addEventListener('toggle', () => {
    if (rawDetails.open && raw.value === '') {
      raw.value = cb.rawText();
      rawFormat.value = 'toml';
    }
  });
  const applyRaw = h('button', { type: 'button', class: 'btn primary small', 'data-testid': 'apply-raw' }, 'Apply raw text');
  applyRaw.addEventListener('click', () => cb.applyRaw(raw.value, rawFormat.value as 'toml' | 'json'));
  const reload = h('button', { type: 'button', class: 'btn small' }, 'Reload from forms');
  reload.addEventListener('click', () => {
    raw.value = cb.rawText();
    rawFormat.value = 'toml';
  });
  rawDetails.append(
    h('summary', {}, 'Advanced: raw scenario text'),
    h('p', { class: 'hint' }, 'Everything the forms do not show (off-phone activities, routing, overflow, retries, callbacks, self-service, chat concurrency…). The format is the CLI’s; see docs/scenario.md.'),
    h('label', { for: rawId, class: 'sr-only' }, 'Raw scenario text'),
    raw,
    h('div', { class: 'row-actions' }, rawFormat, reload, applyRaw),
  );

  return h(
    'div',
    { class: 'editor' },
    general,
    h('div', { class: 'section-head' }, h('h3', {}, 'Contact types'), addType),
    typeSections,
    h('div', { class: 'section-head' }, h('h3', {}, 'Agent groups'), addGroup),
    groupSections,
    rawDetails,
  );
}

function normalise(w: number[]): number[] {
  const s = w.reduce((a, b) => a + Math.max(0, b), 0);
  return s > 0 ? w.map((x) => Math.max(0, x) / s) : w.map(() => 1 / w.length);
}

/** Marks inputs whose data-path matches an error (or is its parent) and lists messages beside them. */
export function markErrors(root: HTMLElement, errors: FieldError[]): void {
  root.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
  root.querySelectorAll('.field-error').forEach((el) => el.remove());
  for (const e of errors) {
    const candidates = Array.from(root.querySelectorAll<HTMLElement>('[data-path]'));
    // exact match first, else the longest data-path that is a prefix of the error path
    let best: HTMLElement | null = null;
    let bestLen = -1;
    for (const el of candidates) {
      const dp = el.dataset.path ?? '';
      if (dp === e.path) {
        best = el;
        break;
      }
      if ((e.path.startsWith(dp + '.') || e.path.startsWith(dp + '[')) && dp.length > bestLen) {
        best = el;
        bestLen = dp.length;
      }
    }
    if (!best) continue;
    best.setAttribute('aria-invalid', 'true');
    const msg = h('small', { class: 'field-error', role: 'note' }, `${e.path}: ${e.message}`);
    const host = best.closest('.field, td, fieldset, details') ?? best.parentElement;
    host?.append(msg);
    // open the section that holds it
    let d = best.closest('details');
    while (d) {
      d.open = true;
      d = d.parentElement?.closest('details') ?? null;
    }
  }
}
