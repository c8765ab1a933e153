// Editor for a duration distribution ({ dist = "lognormal", mean = 180, sd = 90 }), by mean and spread.
import { h, nextId } from '../dom';
import type { DistSpec } from '../types';
import { sim } from '../wasm';

export const DISTS: { id: string; label: string; params: { key: string; label: string; unit?: string }[] }[] = [
  { id: 'exponential', label: 'Exponential', params: [{ key: 'mean', label: 'Mean', unit: 's' }] },
  { id: 'lognormal', label: 'Log-normal', params: [{ key: 'mean', label: 'Mean', unit: 's' }, { key: 'sd', label: 'SD', unit: 's' }] },
  { id: 'gamma', label: 'Gamma', params: [{ key: 'mean', label: 'Mean', unit: 's' }, { key: 'cv', label: 'CV' }] },
  { id: 'constant', label: 'Constant', params: [{ key: 'value', label: 'Value', unit: 's' }] },
  { id: 'uniform', label: 'Uniform', params: [{ key: 'min', label: 'Min', unit: 's' }, { key: 'max', label: 'Max', unit: 's' }] },
  { id: 'weibull', label: 'Weibull', params: [{ key: 'shape', label: 'Shape k' }, { key: 'scale', label: 'Scale λ', unit: 's' }] },
  { id: 'empirical', label: 'Empirical', params: [{ key: 'samples', label: 'Samples', unit: 's' }] },
];

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
    case 'weibull': {
      // scale so that the mean (sim-core's λ·Γ(1 + 1/k)) is the planner's number
      const unitMean = sim.distMean({ dist: 'weibull', shape: 1.5, scale: 1 }) ?? 1;
      return { dist: 'weibull', shape: 1.5, scale: Math.round((m / unitMean) * 100) / 100 };
    }
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
    // the planner's mean survives a change of distribution (sim-core's mean of the old one)
    value = select.value ? defaultDist(select.value, value ? sim.distMean(value) ?? 0 : 0) : undefined;
    renderParams();
    opts.onChange(value);
  });
  renderParams();
  return h('fieldset', { class: 'dist' }, h('legend', {}, opts.legend), h('label', { class: 'mini', for: selId }, 'Distribution', select), params);
}
