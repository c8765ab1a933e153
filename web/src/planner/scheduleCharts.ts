// The Schedule tab's charts: coverage per group (agents required, scheduled, and on the phones
// net of breaks, per interval of the horizon, as coverage.csv) and a Gantt of the shift lines with
// their breaks (a Chart.js floating bar chart: one row per line, hours of the day on x; past 24 is
// the next morning). Both draw sim-plan's numbers as they are.
import { chartCard, Chart, COLORS, makeChart } from '../charts';
import { h } from '../dom';
import type { CoverageRow, ScheduleLine, ScheduleRow, TemplateInfo } from '../schedule';

const BREAK_COLORS = [COLORS.orange, COLORS.purple, COLORS.teal, COLORS.red, COLORS.green];

/** Coverage of one group: a card with its chart (pushed to `charts`). */
export function coverageCard(group: string, rows: CoverageRow[], charts: Chart[]): HTMLElement {
  const mine = rows.filter((r) => r.group === group && !r.warmup);
  const card = chartCard(`Coverage: ${group}`, 'agents required (the search’s last requirement), scheduled, and on the phones net of breaks, per interval', `schedule-coverage-${group}`);
  card.card.dataset.points = String(mine.length);
  queueMicrotask(() =>
    charts.push(
      makeChart(card.canvas, {
        labels: mine.map((r) => r.label),
        series: [
          { label: 'required', data: mine.map((r) => r.required), color: COLORS.red, stepped: true, dashed: true },
          { label: 'scheduled', data: mine.map((r) => r.scheduled), color: COLORS.gray, stepped: true },
          { label: 'on the phones (net of breaks)', data: mine.map((r) => r.net), color: COLORS.blue, stepped: true },
        ],
        yTitle: 'agents',
        yMin: 0,
        maxTicks: 14,
      }),
    ),
  );
  return card.card;
}

export interface GanttRow {
  label: string;
  shift: [number, number];
  /** Per break of the template: [start, end] in hours, or null. */
  breaks: ([number, number] | null)[];
  breakNames: string[];
}

/** The Gantt rows of one group: shift and first-day break times in hours from midnight. */
export function ganttRows(group: string, lines: ScheduleLine[], rows: ScheduleRow[], templates: TemplateInfo[]): GanttRow[] {
  const out: GanttRow[] = [];
  lines.forEach((l, i) => {
    const t = templates[l.template];
    if (!t || t.group !== group) return;
    const r = rows[i];
    const start = l.start / 60;
    const offsets = l.breaks[0]?.[1] ?? [];
    out.push({
      label: `${t.id} ${r?.start ?? ''} ${r?.weekdays ?? ''} ×${l.agents}${l.breaks.length > 1 ? ' *' : ''}`,
      shift: [start, start + t.length_minutes / 60],
      breaks: t.breaks.map((b, k) => (offsets[k] == null ? null : [start + offsets[k] / 60, start + (offsets[k] + b.minutes) / 60])),
      breakNames: t.breaks.map((b) => b.name),
    });
  });
  return out;
}

const clock = (x: number) => {
  const m = Math.round(x * 60);
  return `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The Gantt of one group: a card with its chart (pushed to `charts`). */
export function ganttCard(group: string, data: GanttRow[], charts: Chart[]): HTMLElement {
  const card = chartCard(
    `Shift lines: ${group}`,
    'each line’s shift (blue) and its breaks on the first day it works (a line marked * takes its breaks at other times on some days; the table lists them)',
    `schedule-gantt-${group}`,
  );
  card.card.dataset.lines = String(data.length);
  const box = card.canvas.parentElement as HTMLElement;
  box.style.height = `${Math.max(160, 60 + data.length * 22)}px`;
  const lo = Math.floor(Math.min(24, ...data.map((d) => d.shift[0])));
  const hi = Math.ceil(Math.max(0, ...data.map((d) => d.shift[1])));
  const nBreaks = Math.max(0, ...data.map((d) => d.breaks.length));
  const datasets = [
    { label: 'shift', data: data.map((d) => d.shift), backgroundColor: COLORS.blue + '99', borderColor: COLORS.blue, borderWidth: 1, grouped: false, order: 2, barPercentage: 0.8 },
    ...Array.from({ length: nBreaks }, (_, k) => ({
      label: data.find((d) => d.breakNames[k])?.breakNames[k] ?? `break ${k + 1}`,
      data: data.map((d) => d.breaks[k] ?? null),
      backgroundColor: BREAK_COLORS[k % BREAK_COLORS.length],
      grouped: false,
      order: 1,
      barPercentage: 0.5,
    })),
  ];
  queueMicrotask(() =>
    charts.push(
      new Chart(card.canvas, {
        type: 'bar',
        data: { labels: data.map((d) => d.label), datasets },
        options: {
          indexAxis: 'y',
          responsive: true,
          plugins: {
            legend: { position: 'bottom', labels: { boxWidth: 14 } },
            tooltip: {
              callbacks: {
                label: (ctx: { raw: unknown; dataset: { label?: string } }) => {
                  const v = ctx.raw as [number, number] | null;
                  return v ? `${ctx.dataset.label}: ${clock(v[0])}–${clock(v[1])}` : '';
                },
              },
            },
          },
          scales: {
            x: { type: 'linear', min: lo, max: Math.max(hi, lo + 1), title: { display: true, text: 'time of day (past 24:00 = the next day)' }, ticks: { stepSize: 2, callback: (v: string | number) => clock(Number(v)) }, grid: { color: '#e2e8f0' } },
            y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: 11 } } },
          },
        },
      } as never),
    ),
  );
  return card.card;
}

/** Coverage and Gantt of every scheduled group. */
export function scheduleCharts(groups: string[], coverage: CoverageRow[], lines: ScheduleLine[], rows: ScheduleRow[], templates: TemplateInfo[], charts: Chart[]): HTMLElement {
  return h(
    'div',
    { class: 'schedule-charts' },
    groups.map((g) => h('div', { class: 'chart-grid single', 'data-group': g }, coverageCard(g, coverage, charts), ganttCard(g, ganttRows(g, lines, rows, templates), charts))),
  );
}
