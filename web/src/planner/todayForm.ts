// The Today tab's inputs: the day's actuals (a CSV pasted or imported) and the state of the
// center now, as a form in the simple form (clock, day, per group logged in / busy / on break /
// off phone, per type waiting / oldest wait) prefilled from the scenario's groups and types, or
// as JSON (the detailed form: each agent, each wait; docs/intraday.md "The start state").
import { field, h } from '../dom';
import { blankForm, formOfState, inputNumber, stateOfForm, weekdayOf, type StateForm, type TodayInfo } from '../todayState';

const numInput = (id: string, value: number | null, label: string) => h('input', { id, type: 'number', min: '0', step: '1', value: value == null ? '' : String(value), class: 'num', 'data-testid': id, 'aria-label': label });

/** The form's values as they are in the inputs under `host`. */
function readForm(host: HTMLElement, info: TodayInfo, form: StateForm): StateForm {
  const clock = host.querySelector<HTMLInputElement>('#today-clock');
  const day = host.querySelector<HTMLSelectElement>('#today-day');
  const val = (id: string) => inputNumber(host.querySelector<HTMLInputElement>(`#${CSS.escape(id)}`)?.value ?? '');
  const f: StateForm = { clock: clock?.value ?? form.clock, day: Number(day?.value ?? form.day), groups: {}, queues: {} };
  for (const [id, g] of Object.entries(form.groups)) {
    const by: Record<string, number | null> = { ...g.busy_by_type };
    const skills = info.groups.find((x) => x.id === id)?.skills ?? [];
    if (skills.length > 1) for (const t of skills) by[t] = val(`today-g-${id}-busy-${t}`);
    f.groups[id] = { logged_in: val(`today-g-${id}-logged_in`), busy: val(`today-g-${id}-busy`), busy_by_type: by, on_break: val(`today-g-${id}-on_break`), off_phone: val(`today-g-${id}-off_phone`) };
  }
  for (const id of Object.keys(form.queues)) f.queues[id] = { waiting: val(`today-q-${id}-waiting`), oldest_wait_s: val(`today-q-${id}-oldest`) };
  return f;
}

/** The agents table: a row per group; a "busy: TYPE" column per type of the multi-skilled groups. */
function groupsTable(i: TodayInfo, f: StateForm): HTMLElement {
  const typeCols = [...new Set(i.groups.filter((g) => g.skills.length > 1).flatMap((g) => g.skills))];
  const th = (t: string, title?: string) => h('th', { scope: 'col', title }, t);
  const head = h('tr', {}, th('group'), th('logged in'), th('busy'), ...typeCols.map((t) => th(`busy: ${t}`, `busy agents on ${t} (optional; must add up to busy)`)), th('on break'), th('off phone'));
  const rows = i.groups.map((g) => {
    const v = f.groups[g.id] ?? { logged_in: null, busy: null, busy_by_type: {}, on_break: null, off_phone: null };
    const cell = (k: 'logged_in' | 'busy' | 'on_break' | 'off_phone', what: string) => h('td', {}, numInput(`today-g-${g.id}-${k}`, v[k], `${g.id}: ${what}`));
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, g.id),
      cell('logged_in', 'logged in'),
      cell('busy', 'busy'),
      ...typeCols.map((t) => h('td', {}, g.skills.length > 1 && g.skills.includes(t) ? numInput(`today-g-${g.id}-busy-${t}`, v.busy_by_type[t] ?? null, `${g.id}: busy on ${t}`) : '')),
      cell('on_break', 'on break'),
      cell('off_phone', 'off phone'),
    );
  });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table compact', 'aria-label': 'Agents now, per group' }, h('thead', {}, head), h('tbody', {}, rows)));
}

function formInputs(i: TodayInfo, f: StateForm): HTMLElement[] {
  const clock = h('input', { id: 'today-clock', type: 'text', size: '6', value: f.clock, 'data-testid': 'today-clock' });
  const day = h('select', { id: 'today-day', 'data-testid': 'today-day' }, Array.from({ length: Math.max(1, i.days) }, (_, k) => h('option', { value: String(k + 1) }, `day ${k + 1} (${weekdayOf(i.start_weekday, k + 1)})`)));
  day.value = String(f.day);
  const qRows = i.types.map((t) => {
    const v = f.queues[t.id] ?? { waiting: null, oldest_wait_s: null };
    return h('tr', {}, h('th', { scope: 'row' }, t.id), h('td', {}, numInput(`today-q-${t.id}-waiting`, v.waiting, `${t.id}: waiting`)), h('td', {}, numInput(`today-q-${t.id}-oldest`, v.oldest_wait_s, `${t.id}: oldest wait (s)`)));
  });
  return [
    h('div', { class: 'curve-controls' }, field('Clock (HH:MM)', clock, 'the intervals before it are finished'), field('Day of the scenario', day)),
    groupsTable(i, f),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table compact', 'aria-label': 'Contacts waiting now, per type' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'contact type'), h('th', { scope: 'col' }, 'waiting'), h('th', { scope: 'col' }, 'oldest wait (s)'))), h('tbody', {}, qRows))),
  ];
}

export interface StateEditor {
  el: HTMLElement;
  /** The scenario changed: keep what fits, list its groups and types. */
  setInfo(info: TodayInfo | null): void;
  /** Loads a state JSON text (into the form, or the JSON box when the form cannot show it). */
  load(text: string): void;
  /** The state JSON to run with. */
  text(): string;
  /** The form's values (null in JSON mode or without a scenario). */
  form(): StateForm | null;
  hasForm(): boolean;
}

export function createStateEditor(onChange: () => void): StateEditor {
  let info: TodayInfo | null = null;
  let form: StateForm | null = null;
  let jsonMode = false;
  const host = h('div', { 'data-testid': 'today-state-form' });
  const toggle = h('input', { type: 'checkbox', id: 'today-json-toggle', 'data-testid': 'today-json-toggle' });
  const json = h('textarea', { id: 'today-state-json', rows: '10', class: 'mono', spellcheck: 'false', 'data-testid': 'today-state-json', 'aria-label': 'Start state (JSON)', hidden: true });
  const note = h('small', { class: 'hint', 'data-testid': 'today-state-note' });

  const current = () => (info && form && !jsonMode ? readForm(host, info, form) : form);
  const text = () => {
    if (jsonMode) return json.value;
    const f = current();
    return f ? JSON.stringify(stateOfForm(f), null, 2) : '';
  };
  const draw = () => host.replaceChildren(...(info && form ? formInputs(info, form) : [h('p', { class: 'hint' }, 'Pick a scenario that validates first.')]));
  const mode = (on: boolean, why = '') => {
    jsonMode = on;
    toggle.checked = on;
    host.hidden = on;
    json.hidden = !on;
    note.textContent = why || (on ? 'The start state as JSON: the simple form (counts) or the detailed form (each agent, each wait; docs/intraday.md).' : '');
  };
  const load = (t: string) => {
    if (!info) return;
    const r = formOfState(t, info);
    if ('reason' in r) {
      json.value = t;
      mode(true, `The form cannot show this state (${r.reason}); edit it as JSON.`);
    } else {
      form = r.form;
      mode(false);
      draw();
    }
  };
  toggle.addEventListener('change', () => {
    if (toggle.checked) {
      json.value = text();
      mode(true);
    } else load(json.value);
    onChange();
  });
  const changed = () => {
    form = current();
    onChange();
  };
  host.addEventListener('input', changed);
  host.addEventListener('change', changed);
  json.addEventListener('input', onChange);

  return {
    el: h('div', {}, h('label', { class: 'check', for: 'today-json-toggle' }, toggle, 'JSON (detailed form)'), note, host, json),
    setInfo(i) {
      const old = current();
      info = i;
      if (i) {
        const f = blankForm(i, old?.clock ?? '09:00', Math.min(old?.day ?? 1, i.days));
        for (const id of Object.keys(f.groups)) if (old?.groups[id]) f.groups[id] = old.groups[id];
        for (const id of Object.keys(f.queues)) if (old?.queues[id]) f.queues[id] = old.queues[id];
        form = f;
      }
      draw();
    },
    load,
    text,
    form: () => (jsonMode ? null : current()),
    hasForm: () => form != null,
  };
}

export interface ActualsInput {
  el: HTMLElement;
  text(): string;
  set(text: string, what: string): void;
}

/** The actuals: a file input and a textarea (the file's text goes into it). */
export function createActualsInput(onChange: () => void): ActualsInput {
  const file = h('input', { id: 'today-actuals-file', type: 'file', accept: '.csv,text/csv', 'data-testid': 'today-actuals-file' });
  const area = h('textarea', { id: 'today-actuals', rows: '6', class: 'mono', spellcheck: 'false', placeholder: 'interval_start,contact_type,offered,handled,abandoned,aht_s,asa_s,answered_in_sl\n2024-01-09T00:00,calls,10,10,0,176.78,7.32,9', 'data-testid': 'today-actuals' });
  const info = h('small', { class: 'hint', 'data-testid': 'today-actuals-info' }, 'The day’s finished intervals in the interval-history format (docs/history.md; answered_in_sl optional); the last date in the file is today. Empty: no re-forecast, the rest of the day only.');
  const set = (t: string, what: string) => {
    area.value = t;
    info.textContent = what;
    onChange();
  };
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) void f.text().then((t) => set(t, `${f.name} (${t.trim().split('\n').length - 1} rows), read in this browser.`));
  });
  area.addEventListener('input', onChange);
  return { el: h('div', {}, h('div', { class: 'curve-controls' }, field('Import a CSV', file)), field('Actuals CSV', area), info), text: () => area.value, set };
}
