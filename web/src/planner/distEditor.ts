// Editor for a duration distribution ({ dist = "lognormal", mean = 180, sd = 90 }), by mean and spread.
import { h, nextId } from '../dom';
import type { DistSpec } from '../types';

export const DISTS: { id: string; label: string; params: { key: string; label: string; unit?: string }[] }[] = [
  { id: 'exponential', label: 'Exponential', params: [{ key: 'mean', label: 'Mean', unit: 's' }] },
  { id: 'lognormal', label: 'Log-normal', params: [{ key: 'mean', label: 'Mean', unit: 's' }, { key: 'sd', label: 'SD', unit: 's' }] },
  { id: 'gamma', label: 'Gamma', params: [{ key: 'mean', label: 'Mean', unit: 's' }, { key: 'cv', label: 'CV' }] },
  { id: 'constant', label: 'Constant', params: [{ key: 'value', label: 'Value', unit: 's' }] },
  { id: 'uniform', label: 'Uniform', params: [{ key: 'min', label: 'Min', unit: 's' }, { key: 'max', label: 'Max', unit: 's' }] },
  { id: 'weibull', label: 'Weibull', params: [{ key: 'shape', label: 'Shape k' }, { key: 'scale', label: 'Scale λ', unit: 's' }] },
  { id: 'empirical', label: 'Empirical', params: [{ key: 'samples', label: 'Samples', unit: 's' }] },
];

/** Mean of a spec, for switching distribution type without losing the planner's number. */
export function distMean(d: DistSpec | undefined): number {
  if (!d) return 0;
  const n = (k: string) => Number(d[k] ?? 0);
  switch (d.dist) {
    case 'constant':
      return n('value');
    case 'uniform':
      return (n('min') + n('max')) / 2;
    case 'weibull':
      return n('scale');
    case 'empirical': {
      const s = (d.samples as number[]) ?? [];
      return s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
    }
    default:
      return n('mean');
  }
}

export function defaultDist(kind: string, mean: number): DistSpec {
  const m = Math.round(mean * 100) / 100 || 60;
  switch (kind) {
    case 'lognormal':
      return { dist: 'lognormal', mean: m, sd: Math.round(m * 0.6) };
    case 'gamma':
      return { dist: 'gamma', mean: m, cv: 0.6 };
    case 'constant':
      return { dist: 'constant', value: m };
    case 'uniform':
      return { dist: 'uniform', min: Math.round(m * 0.5), max: Math.round(m * 1.5) };
    case 'weibull':
      return { dist: 'weibull', shape: 1.5, scale: m };
    case 'empirical':
      return { dist: 'empirical', samples: [m] };
    default:
      return { dist: 'exponential', mean: m };
  }
}

/**
 * A fieldset for one distribution. `optional` adds a "none" choice (wrap-up, patience) whose label
 * is given. `onChange(undefined)` removes the field.
 */
export function distEditor(opts: {
  legend: string;
  path: string;
  value: DistSpec | undefined;
  optional?: string;
  onChange: (d: DistSpec | undefined) => void;
}): HTMLElement {
  let value = opts.value;
  const selId = nextId('dist');
  const params = h('div', { class: 'dist-params' });
  const select = h(
    'select',
    { id: selId, 'data-path': `${opts.path}.dist` },
    opts.optional ? h('option', { value: '' }, opts.optional) : null,
    DISTS.map((d) => h('option', { value: d.id }, d.label)),
  );
  select.value = value?.dist ?? '';
  const renderParams = () => {
    params.replaceChildren();
    if (!value) return;
    const def = DISTS.find((d) => d.id === value?.dist);
    if (!def) return;
    for (const p of def.params) {
      const id = nextId('dp');
      const isList = p.key === 'samples';
      const current = value[p.key];
      const input = isList
        ? h('input', { id, type: 'text', inputmode: 'decimal', value: Array.isArray(current) ? current.join(', ') : '', 'data-path': `${opts.path}.${p.key}` })
        : h('input', { id, type: 'number', step: 'any', min: '0', value: current == null ? '' : String(current), 'data-path': `${opts.path}.${p.key}` });
      input.addEventListener('input', () => {
        if (!value) return;
        if (isList) value[p.key] = input.value.split(/[\s,;]+/).filter(Boolean).map(Number);
        else value[p.key] = input.value === '' ? (null as unknown as number) : Number(input.value);
        opts.onChange(value);
      });
      params.append(h('label', { class: 'mini', for: id }, `${p.label}${p.unit ? ` (${p.unit})` : ''}`, input));
    }
  };
  select.addEventListener('change', () => {
    value = select.value ? defaultDist(select.value, distMean(value)) : undefined;
    renderParams();
    opts.onChange(value);
  });
  renderParams();
  return h('fieldset', { class: 'dist' }, h('legend', {}, opts.legend), h('label', { class: 'mini', for: selId }, 'Distribution', select), params);
}
