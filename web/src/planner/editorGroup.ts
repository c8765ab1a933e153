// Editor: one agent group — id, shrinkage, cost, skills and staffing (constant, per interval, or
// shift lines with breaks).
import { h, nextId } from '../dom';
import type { AgentGroupSpec } from '../types';
import type { EditorContext } from './editor';
import { shiftsTable } from './editorShifts';
import { num, numberList, select, text } from './formFields';

export function groupSection(ctx: EditorContext, g: AgentGroupSpec, i: number): HTMLElement {
  const { s, ch, restructure, ipd, intervalMin, days, typeIds, info } = ctx;
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
    mode === 'shifts' ? shiftsTable(ctx, g, p) : null,
    h('div', { class: 'row-actions' }, removeBtn),
  );
}
