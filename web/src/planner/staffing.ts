// Staffing curve: a KPI against the number of agents in one group (the standard KPI-vs-staff
// curve), simulated with common random numbers at every point, with the Erlang C/A curve over it
// (sim-plan's prediction of the type at each point's staffing).
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { h } from '../dom';
import { fmtKpi, fmtPct } from '../format';
import type { ModelInfo, Report } from '../types';
import { prediction, type ScenarioSpec } from '../plan';

export interface CurvePoint {
  delta: number;
  agents: number;
  report: Report;
  info: ModelInfo;
  /** The scenario of this point (the baseline with the what-if that sets its agents). */
  spec: ScenarioSpec;
}

let chart: Chart | null = null;

export function renderCurve(host: HTMLElement, points: CurvePoint[], group: string, typeId: string): void {
  chart?.destroy();
  chart = null;
  const typeIndex = Math.max(0, points[0]?.info.types.findIndex((t) => t.id === typeId) ?? 0);
  const pick = (r: Report, k: string) => r.by_type[typeId]?.kpis[k];
  const erl = points.map((p) => prediction(p.spec, typeId));
  const card = chartCard(
    `Service level and abandonment vs agents in “${group}”`,
    `contact type ${typeId}: simulated mean with 95 % band, Erlang C/A (dashed) per interval with the scheduled agents net of absence`,
    'chart-curve',
  );
  const target = points[0]?.info.types[typeIndex]?.sl_target ?? null;
  const rows = points.map((p, i) =>
    h(
      'tr',
      { 'data-agents': String(p.agents) },
      h('th', { scope: 'row' }, `${p.agents} (${p.delta >= 0 ? '+' : '−'}${Math.abs(p.delta)})`),
      h('td', { 'data-value': String(pick(p.report, 'service_level')?.mean ?? '') }, fmtKpi('service_level', pick(p.report, 'service_level')?.mean)),
      h('td', { 'data-erlang': String(erl[i].service_level ?? '') }, fmtPct(erl[i].service_level)),
      h('td', {}, fmtKpi('abandon_rate', pick(p.report, 'abandon_rate')?.mean)),
      h('td', { 'data-erlang': String(erl[i].abandon_rate ?? '') }, fmtPct(erl[i].abandon_rate)),
      h('td', {}, fmtKpi('asa_s', pick(p.report, 'asa_s')?.mean)),
      h('td', {}, fmtKpi('occupancy', p.report.by_group[group]?.kpis.occupancy?.mean)),
      h('td', {}, fmtKpi('cost', p.report.kpis.cost?.mean)),
    ),
  );
  host.replaceChildren(
    h('div', { class: 'chart-grid single' }, card.card),
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', 'data-testid': 'curve-table' },
          h('caption', {}, `Agents in ${group} — ${points[0]?.report.replications ?? 0} replications per point, common random numbers`),
          h('thead', {}, h('tr', {}, ['Agents', 'SL (sim)', 'SL (Erlang)', 'Abandon (sim)', 'Abandon (Erlang)', 'ASA (sim)', `Occupancy ${group}`, 'Cost'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, rows),
        ),
      ),
    ),
  );
  const sl = points.map((p) => pick(p.report, 'service_level'));
  const ab = points.map((p) => pick(p.report, 'abandon_rate'));
  chart = makeChart(card.canvas, {
    labels: points.map((p) => p.agents),
    xTitle: `agents in ${group}`,
    series: [
      { label: 'SL simulated', data: sl.map((d) => d?.mean ?? null), color: COLORS.blue, points: true, band: { lo: sl.map((d) => d?.ci95?.[0] ?? null), hi: sl.map((d) => d?.ci95?.[1] ?? null), color: COLORS.blueBand } },
      { label: 'SL Erlang C/A', data: erl.map((e) => e.service_level), color: COLORS.blue, dashed: true },
      { label: 'Abandonment simulated', data: ab.map((d) => d?.mean ?? null), color: COLORS.orange, points: true, yAxis: 'y2', band: { lo: ab.map((d) => d?.ci95?.[0] ?? null), hi: ab.map((d) => d?.ci95?.[1] ?? null), color: COLORS.orangeBand } },
      { label: 'Abandonment Erlang A', data: erl.map((e) => e.abandon_rate), color: COLORS.orange, dashed: true, yAxis: 'y2' },
      ...(target != null ? [{ label: 'SL target', data: points.map(() => target), color: COLORS.red, dashed: true }] : []),
    ],
    yTitle: 'service level',
    yMin: 0,
    yMax: 1,
    yFormat: (v) => fmtPct(v, 0),
    y2Title: 'abandonment',
    y2Min: 0,
    y2Format: (v) => fmtPct(v, 0),
  });
}
