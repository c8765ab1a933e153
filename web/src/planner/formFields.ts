// Form inputs bound to a value in the scenario's JSON form: numbers (shares shown as percent),
// text, choices and a paste-from-spreadsheet list. Each carries the field path sim-core reports
// errors under (data-path).
import { h, nextId } from '../dom';
import { formatColumn, parseColumn } from '../spreadsheet';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

type Setter = (v: number | undefined) => void;

/** A number input bound to a value; `scale` shows shares as percent (100) etc. */
export function num(opts: {
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

export function text(opts: { label: string; path: string; value: string | undefined; set: (v: string) => void; onChange: () => void; wide?: boolean }): HTMLElement {
  const id = nextId('t');
  const input = h('input', { id, type: 'text', value: opts.value ?? '', 'data-path': opts.path });
  input.addEventListener('input', () => {
    opts.set(input.value);
    opts.onChange();
  });
  return h('div', { class: opts.wide ? 'field wide' : 'field' }, h('label', { for: id }, opts.label), input);
}

export function select(opts: { label: string; path: string; value: string; options: [string, string][]; set: (v: string) => void; onChange: () => void }): HTMLElement {
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
export function numberList(opts: {
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
