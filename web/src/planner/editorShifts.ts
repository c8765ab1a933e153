// Editor: the shift lines of an agent group (start, end, agents, weekdays) and their breaks.
import { h } from '../dom';
import type { AgentGroupSpec, BreakSpec, ShiftSpec } from '../types';
import type { EditorContext } from './editor';
import { WEEKDAYS } from './formFields';

export function shiftsTable(ctx: EditorContext, g: AgentGroupSpec, p: string): HTMLElement {
  const { restructure } = ctx;
  const shifts = g.shifts ?? [];
  const rows = shifts.map((sh, k) => shiftRow(ctx, g, sh, k, `${p}.shifts[${k}]`));
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

function shiftRow(ctx: EditorContext, g: AgentGroupSpec, sh: ShiftSpec, k: number, p: string): HTMLElement {
  const { ch, restructure } = ctx;
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
  return h('tr', {}, h('td', {}, time('start')), h('td', {}, time('end')), h('td', {}, agents), h('td', {}, days), h('td', {}, breaksEditor(ctx, sh, k, p)), h('td', {}, remove));
}

function breaksEditor(ctx: EditorContext, sh: ShiftSpec, k: number, p: string): HTMLElement {
  const { restructure } = ctx;
  const list = sh.breaks ?? [];
  const label = list.length === 0 ? 'none' : list.map((b) => `${b.minutes}′`).join(' + ');
  const rows = list.map((b, j) => breakRow(ctx, sh, b, j, `${p}.breaks[${j}]`, k));
  const add = h('button', { type: 'button', class: 'btn small' }, '+ Break');
  add.addEventListener('click', () => {
    sh.breaks = [...list, { after: '02:00', minutes: 15, window_minutes: 30, name: 'break' }];
    restructure();
  });
  return h('details', { class: 'breaks', 'data-path': `${p}.breaks` }, h('summary', { 'aria-label': `Breaks of shift ${k + 1}: ${label}` }, label), h('div', { class: 'break-list' }, rows, add));
}

function breakRow(ctx: EditorContext, sh: ShiftSpec, b: BreakSpec, j: number, p: string, k: number): HTMLElement {
  const { ch, restructure } = ctx;
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
