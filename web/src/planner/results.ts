// Results of a run: KPI cards with confidence intervals and target misses, charts by interval,
// per-group occupancy, and the full tables. Raw values are kept in data- attributes (and the whole
// report in a JSON element) so tests compare exact numbers; people read the formatted ones.
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { h } from '../dom';
import { fmtCi, fmtKpi, fmtNum, fmtPct, fmtSec, kpiLabel, kpiMeta } from '../format';
import type { Describe, ModelInfo, Report, TargetReport } from '../types';

const charts: Chart[] = [];

/** Axis ticks: integers without decimals, small values with one. */
export function fmtTick(v: number): string {
  return Number.isInteger(v) ? String(v) : fmtNum(v);
}

export function destroyCharts(): void {
  while (charts.length) charts.pop()?.destroy();
}

const CARD_KPIS: { kpi: string; from: 'contact' | 'overall' }[] = [
  { kpi: 'service_level', from: 'contact' },
  { kpi: 'asa_s', from: 'contact' },
  { kpi: 'abandon_rate', from: 'contact' },
  { kpi: 'occupancy', from: 'overall' },
  { kpi: 'cost', from: 'overall' },
];

function scopeKpis(r: Report, scope: string): Record<string, Describe> {
  return scope === 'overall' ? r.kpis : r.by_type[scope]?.kpis ?? {};
}

function ruleSymbol(t: TargetReport): string {
  return t.rule === 'at least' ? '≥' : '≤';
}

function targetLine(t: TargetReport, withType: boolean): string {
  return `${withType ? `${t.id} ` : 'target '}${ruleSymbol(t)} ${fmtPct(t.target, 0)}: missed in ${fmtPct(t.missed_share, 0)} of runs`;
}

export function kpiCards(r: Report, scope: string): HTMLElement {
  const cards = CARD_KPIS.map(({ kpi, from }) => {
    const d = from === 'overall' ? r.kpis[kpi] : scopeKpis(r, scope)[kpi];
    const targets = r.targets.filter((t) => t.kpi === kpi && (scope === 'overall' || (t.scope === 'type' && t.id === scope)));
    const missed = targets.some((t) => t.met === false);
    const sub = from === 'overall' ? 'all groups' : scope === 'overall' ? 'all types' : scope;
    return h(
      'div',
      {
        class: `kpi-card${targets.length ? (missed ? ' miss' : ' ok') : ''}`,
        'data-kpi': kpi,
        'data-scope': from === 'overall' ? 'overall' : scope,
        'data-value': d?.mean == null ? '' : String(d.mean),
        'data-ci-low': d?.ci95 ? String(d.ci95[0]) : '',
        'data-ci-high': d?.ci95 ? String(d.ci95[1]) : '',
      },
      h('div', { class: 'kpi-label', title: `${kpiLabel(kpi)} — ${sub}` }, kpiLabel(kpi)),
      h('div', { class: 'kpi-value' }, fmtKpi(kpi, d?.mean)),
      h('div', { class: 'kpi-ci' }, d?.ci95 ? `95 % CI ${fmtCi(kpi, d.ci95)}` : d?.n ? `n = ${d.n}` : 'not defined'),
      targets.length
        ? h('ul', { class: 'kpi-targets' }, targets.map((t) => h('li', { 'data-missed-share': String(t.missed_share) }, targetLine(t, targets.length > 1 || scope === 'overall'))))
        : null,
    );
  });
  return h('div', { class: 'kpi-cards', role: 'group', 'aria-label': 'Key results' }, cards);
}

function intervalSeries(r: Report, scope: string, kpi: string) {
  const pick = (i: Report['by_interval'][number]) => (scope === 'overall' ? i.kpis[kpi] : i.by_type[scope]?.[kpi]);
  return {
    mean: r.by_interval.map((i) => pick(i)?.mean ?? null),
    lo: r.by_interval.map((i) => pick(i)?.ci95?.[0] ?? null),
    hi: r.by_interval.map((i) => pick(i)?.ci95?.[1] ?? null),
  };
}

export function intervalLabels(r: Report): string[] {
  const days = new Set(r.by_interval.map((i) => i.label.slice(0, 3)));
  return r.by_interval.map((i) => (days.size > 1 ? i.label : i.label.slice(4)));
}

/** The overview: cards, targets, charts by interval, per-group occupancy. */
export function renderOverview(host: HTMLElement, r: Report, info: ModelInfo | null, scope: string): void {
  destroyCharts();
  const labels = intervalLabels(r);
  const typeInfo = info?.types.find((t) => t.id === scope);
  const slTarget = scope === 'overall' ? (info && info.types.length === 1 ? info.types[0].sl_target : null) : typeInfo?.sl_target ?? null;

  const sl = chartCard('Service level by interval', `mean with 95 % band${slTarget != null ? ` and the ${fmtPct(slTarget, 0)} target` : ''}`, 'chart-sl');
  const vol = chartCard('Offered vs handled', 'contacts per interval (mean over replications)', 'chart-volume');
  const queue = chartCard('Queue', 'mean number of contacts waiting', 'chart-queue');
  const staff = chartCard('Staffed vs needed', 'agents on the phones vs the Erlang C/A requirement for the scenario’s targets (docs/planning.md)', 'chart-staff');
  const groups = chartCard('Occupancy by group', 'busy time / staffed time, mean with 95 % CI', 'chart-groups');

  host.replaceChildren(
    kpiCards(r, scope),
    ...(r.targets.length ? [targetsTable(r)] : []),
    h('div', { class: 'chart-grid' }, sl.card, vol.card, queue.card, staff.card),
    h('div', { class: 'chart-grid' }, groups.card, groupTable(r)),
  );

  const s = intervalSeries(r, scope, 'service_level');
  charts.push(
    makeChart(sl.canvas, {
      labels,
      series: [
        { label: 'Service level', data: s.mean, color: COLORS.blue, band: { lo: s.lo, hi: s.hi, color: COLORS.blueBand } },
        ...(slTarget != null ? [{ label: 'Target', data: labels.map(() => slTarget), color: COLORS.red, dashed: true }] : []),
      ],
      yMin: 0,
      yMax: 1,
      yFormat: (v) => fmtPct(v, 0),
    }),
  );
  const off = intervalSeries(r, scope, 'offered');
  const hand = intervalSeries(r, scope, 'handled');
  const ab = intervalSeries(r, scope, 'abandoned');
  charts.push(
    makeChart(vol.canvas, {
      labels,
      series: [
        { label: 'Offered', data: off.mean, color: COLORS.blue },
        { label: 'Handled', data: hand.mean, color: COLORS.green },
        { label: 'Abandoned', data: ab.mean, color: COLORS.orange },
      ],
      yMin: 0,
      yFormat: fmtTick,
    }),
  );
  const q = intervalSeries(r, scope, 'queue_mean');
  charts.push(
    makeChart(queue.canvas, {
      labels,
      series: [{ label: 'Mean queue', data: q.mean, color: COLORS.purple, band: { lo: q.lo, hi: q.hi, color: 'rgba(124,58,237,0.14)' } }],
      yMin: 0,
      yFormat: fmtTick,
    }),
  );
  const staffed = intervalSeries(r, 'overall', 'agents_staffed');
  const scheduled = intervalSeries(r, 'overall', 'agents_scheduled');
  const needed: (number | null)[] = info?.required_agents ?? [];
  charts.push(
    makeChart(staff.canvas, {
      labels,
      series: [
        { label: 'Scheduled', data: scheduled.mean, color: COLORS.gray, stepped: true },
        { label: 'Staffed (on the phones)', data: staffed.mean, color: COLORS.teal, stepped: true },
        ...(needed.length ? [{ label: 'Needed (Erlang C/A)', data: needed, color: COLORS.red, dashed: true, stepped: true }] : []),
      ],
      yMin: 0,
      yFormat: fmtTick,
    }),
  );
  const gids = Object.keys(r.by_group);
  charts.push(
    makeChart(groups.canvas, {
      labels: gids,
      series: [{ label: 'Occupancy', data: gids.map((g) => r.by_group[g].kpis.occupancy?.mean ?? null), color: COLORS.blue, type: 'bar' }],
      yMin: 0,
      yMax: 1,
      yFormat: (v) => fmtPct(v, 0),
    }),
  );
}

function targetsTable(r: Report): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, 'Targets'),
    h(
      'table',
      { class: 'table', 'data-testid': 'targets' },
      h('thead', {}, h('tr', {}, ['Contact type', 'KPI', 'Target', 'Mean', 'Replications that missed'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        r.targets.map((t) => {
          const miss = t.met === false;
          return h(
            'tr',
            {},
            h('td', {}, t.id),
            h('td', {}, kpiLabel(t.kpi)),
            h('td', {}, `${ruleSymbol(t)} ${fmtPct(t.target, 0)}`),
            h('td', { class: t.met == null ? '' : miss ? 'bad' : 'good' }, fmtPct(t.mean), t.met == null ? '' : miss ? ' (missed)' : ' (met)'),
            h('td', { 'data-value': String(t.missed_share) }, `${fmtPct(t.missed_share, 0)} (${t.missed_replications} of ${r.replications})`),
          );
        }),
      ),
    ),
  );
}

function groupTable(r: Report): HTMLElement {
  const cols = ['occupancy', 'utilisation', 'shrinkage', 'agents_staffed', 'paid_hours', 'cost'];
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, 'Agent groups'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', 'data-testid': 'groups' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Group'), h('th', { scope: 'col' }, 'Agents'), cols.map((c) => h('th', { scope: 'col' }, kpiLabel(c))))),
        h(
          'tbody',
          {},
          Object.entries(r.by_group).map(([id, g]) =>
            h('tr', {}, h('th', { scope: 'row' }, id), h('td', {}, String(g.agents)), cols.map((c) => h('td', { 'data-value': String(g.kpis[c]?.mean ?? '') }, fmtKpi(c, g.kpis[c]?.mean)))),
          ),
        ),
      ),
    ),
  );
}

/** Table view: every KPI (overall, per type, per group) and the interval table. */
export function renderTables(host: HTMLElement, r: Report, scope: string): void {
  destroyCharts();
  const scopes: [string, Record<string, Describe>][] = [
    ['All', r.kpis],
    ...Object.entries(r.by_type).map(([id, t]) => [id, t.kpis] as [string, Record<string, Describe>]),
  ];
  const names = Object.keys(r.by_type[Object.keys(r.by_type)[0]]?.kpis ?? r.kpis);
  const kpiTable = h(
    'table',
    { class: 'table', 'data-testid': 'kpi-table' },
    h('caption', {}, `Contact KPIs — mean (95 % CI) over ${r.replications} replications`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'KPI'), scopes.map(([id]) => h('th', { scope: 'col' }, id)))),
    h(
      'tbody',
      {},
      names.map((n) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', title: kpiMeta(n)?.help ?? '' }, kpiLabel(n)),
          scopes.map(([, k]) => h('td', { 'data-value': String(k[n]?.mean ?? '') }, fmtKpi(n, k[n]?.mean), k[n]?.ci95 ? h('small', { class: 'ci' }, ` ${fmtCi(n, k[n].ci95)}`) : null)),
        ),
      ),
    ),
  );
  const pick = (i: Report['by_interval'][number]) => (scope === 'overall' ? i.kpis : i.by_type[scope] ?? {});
  const cols = ['offered', 'answered', 'abandoned', 'service_level', 'asa_s', 'aht_s', 'queue_mean', 'agents_staffed', 'occupancy'];
  const intervalTable = h(
    'table',
    { class: 'table compact', 'data-testid': 'interval-table' },
    h('caption', {}, `By interval — ${scope === 'overall' ? 'all contact types' : scope} (means)`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Interval'), h('th', { scope: 'col' }, 'Forecast Erl.'), cols.map((c) => h('th', { scope: 'col' }, kpiLabel(c))))),
    h(
      'tbody',
      {},
      r.by_interval.map((i) =>
        h('tr', {}, h('th', { scope: 'row' }, i.label), h('td', {}, fmtNum(i.forecast_erlangs)), cols.map((c) => h('td', {}, fmtKpi(c, pick(i)[c]?.mean)))),
      ),
    ),
  );
  host.replaceChildren(h('section', { class: 'card' }, h('div', { class: 'table-wrap' }, kpiTable)), h('section', { class: 'card' }, h('div', { class: 'table-wrap tall' }, intervalTable)));
}

export function runSummaryLine(r: Report): string {
  const over = r.overloaded_replications ? ` · ⚠ ${r.overloaded_replications} overloaded replication${r.overloaded_replications > 1 ? 's' : ''} (queue capped: waits are a lower bound)` : '';
  return `${r.scenario} · ${r.replications}${r.partial ? ` of ${r.requested} (cancelled)` : ''} replications · seed ${r.seed} · ${fmtNum(r.events)} events${over}`;
}

export { fmtSec };
