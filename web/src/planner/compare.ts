// What-if comparison: baseline and variant run with common random numbers (same seed, same
// replication indices), paired differences with 95 % CIs from sim-core's `compare`.
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { h } from '../dom';
import { fmtCi, fmtDiff, fmtKpi, fmtPct, kpiLabel, kpiMeta, shownByDefault } from '../format';
import type { KpiDiff, Report } from '../types';
import { intervalLabels } from './results';
import { diffsOfScope, GROUP_SCOPE, scopeLabel } from './scope';

let chart: Chart | null = null;

function verdict(d: KpiDiff): { text: string; cls: string } {
  if (!d.significant || d.diff == null || d.diff === 0) return { text: 'not significant', cls: 'neutral' };
  const better = kpiMeta(d.kpi)?.better ?? 0;
  if (better === 0) return { text: 'significant', cls: 'changed' };
  const good = Math.sign(d.diff) === better;
  return { text: good ? 'significantly better' : 'significantly worse', cls: good ? 'good' : 'bad' };
}

export function renderCompare(host: HTMLElement, base: Report, variant: Report, diffs: KpiDiff[], scope: string, variantLabel: string, showAll: boolean): void {
  chart?.destroy();
  chart = null;
  const rows = diffsOfScope(diffs, scope);
  const shown = showAll ? rows : rows.filter((d) => shownByDefault(d.kpi, [d.base, d.variant]) && (d.base || d.variant));
  const table = h(
    'table',
    { class: 'table', 'data-testid': 'compare-table' },
    h('caption', {}, `Paired comparison over ${Math.min(base.replications, variant.replications)} common replications (seed ${base.seed}) — ${scopeLabel(scope)}`),
    h(
      'thead',
      {},
      h('tr', {}, ['KPI', 'Baseline', 'Variant', 'Difference', '95 % CI of difference', 'Verdict'].map((c) => h('th', { scope: 'col' }, c))),
    ),
    h(
      'tbody',
      {},
      shown.map((d) => {
        const v = verdict(d);
        return h(
          'tr',
          { 'data-scope': d.scope, 'data-id': d.id, 'data-kpi': d.kpi, 'data-diff': d.diff == null ? '' : String(d.diff), 'data-significant': String(d.significant) },
          h('th', { scope: 'row' }, kpiLabel(d.kpi)),
          h('td', {}, fmtKpi(d.kpi, d.base)),
          h('td', {}, fmtKpi(d.kpi, d.variant)),
          h('td', { class: v.cls }, fmtDiff(d.kpi, d.diff)),
          h('td', {}, d.ci95 ? `${fmtDiff(d.kpi, d.ci95[0])} … ${fmtDiff(d.kpi, d.ci95[1])}` : '—', d.unpaired_half_width != null ? h('small', { class: 'ci', title: 'half-width two independent runs would give' }, ` (unpaired ±${fmtKpi(d.kpi, d.unpaired_half_width).replace(' %', ' pp')})`) : null),
          h('td', {}, h('span', { class: `badge ${v.cls}` }, v.text)),
        );
      }),
    ),
  );
  const sl = chartCard('Service level by interval: baseline vs variant', 'means over replications', 'chart-compare-sl');
  const cards = ['service_level', 'abandon_rate', 'asa_s', 'occupancy', 'cost']
    .map((k) => rows.find((d) => d.kpi === k))
    .filter((d): d is KpiDiff => d != null)
    .map((d) => {
      const v = verdict(d);
      return h(
        'div',
        { class: `kpi-card diff ${v.cls}`, 'data-kpi': d.kpi, 'data-diff': d.diff == null ? '' : String(d.diff) },
        h('div', { class: 'kpi-label' }, kpiLabel(d.kpi)),
        h('div', { class: 'kpi-value' }, fmtDiff(d.kpi, d.diff)),
        h('div', { class: 'kpi-ci' }, `${fmtKpi(d.kpi, d.base)} → ${fmtKpi(d.kpi, d.variant)}`),
        h('div', { class: 'kpi-ci' }, d.ci95 ? `95 % CI ${fmtDiff(d.kpi, d.ci95[0])} … ${fmtDiff(d.kpi, d.ci95[1])}` : ''),
        h('span', { class: `badge ${v.cls}` }, v.text),
      );
    });
  host.replaceChildren(
    h('p', { class: 'compare-head' }, h('strong', {}, 'Baseline: '), base.scenario, h('br'), h('strong', {}, 'Variant: '), variantLabel),
    h('div', { class: 'kpi-cards', role: 'group', 'aria-label': 'Differences' }, cards),
    h('section', { class: 'card' }, h('div', { class: 'table-wrap' }, table)),
    h('div', { class: 'chart-grid single' }, sl.card),
  );
  // a group has no service level of its own: its scope shows all contact types
  const typeId = scope !== 'overall' && !scope.startsWith(GROUP_SCOPE) ? scope : null;
  const pick = (r: Report) => r.by_interval.map((i) => ((typeId != null && i.by_type[typeId]) || i.kpis).service_level?.mean ?? null);
  chart = makeChart(sl.canvas, {
    labels: intervalLabels(base),
    series: [
      { label: 'Baseline', data: pick(base), color: COLORS.gray },
      { label: 'Variant', data: pick(variant), color: COLORS.blue },
    ],
    yMin: 0,
    yMax: 1,
    yFormat: (v) => fmtPct(v, 0),
  });
}

export { fmtCi };
