// The Today view's results: KPI cards per contact type for the whole day (actuals + projection)
// and the rest of the day, one chart per type with the actual and the projected part of offered
// contacts and service level (a vertical marker at the clock), occupancy and cost, and the
// what-if cards with their paired deltas against the baseline.
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { h } from '../dom';
import { fmtMoney, fmtNum, fmtPct, fmtSec } from '../format';
import { fmtDelta, fmtHalfWidth, intervalLabel, significant, type Estimate, type TodayDelta, type TodayReport, type TypeKpis } from '../todayState';

const ci = (e: Estimate, f: (v: number) => string) => (e.mean != null && e.ci95_half_width != null ? `95 % CI ${f(e.mean - e.ci95_half_width)} – ${f(e.mean + e.ci95_half_width)}` : e.n ? `n = ${e.n}` : 'not defined');

function kpiCard(label: string, e: Estimate, f: (v: number) => string, testid: string, target?: { ok: boolean } | null): HTMLElement {
  return h(
    'div',
    { class: `kpi-card${target ? (target.ok ? ' ok' : ' miss') : ''}`, 'data-testid': testid, 'data-mean': e.mean == null ? '' : String(e.mean) },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, e.mean == null ? '—' : f(e.mean)),
    h('div', { class: 'kpi-ci' }, ci(e, f)),
  );
}

function kpiRow(id: string, span: 'whole' | 'rest', k: TypeKpis, slTarget: number | null): HTMLElement {
  const pct = (v: number) => fmtPct(v);
  const sl = k.service_level.mean;
  return h(
    'div',
    { class: 'kpi-cards', role: 'group', 'aria-label': `${id}: ${span === 'whole' ? 'whole day' : 'rest of the day'}` },
    kpiCard('Service level', k.service_level, pct, `today-kpi-${id}-${span}-sl`, slTarget != null && sl != null ? { ok: sl >= slTarget } : null),
    kpiCard('Abandoned', k.abandon_rate, pct, `today-kpi-${id}-${span}-abandon`),
    kpiCard('ASA', k.asa_s, (v) => fmtSec(v), `today-kpi-${id}-${span}-asa`),
    kpiCard('Offered', k.offered, (v) => fmtNum(v), `today-kpi-${id}-${span}-offered`),
  );
}

/** Downloads a chart's canvas as PNG. */
function pngButton(canvas: HTMLCanvasElement, name: string, testid: string): HTMLElement {
  const b = h('button', { type: 'button', class: 'btn small', 'data-testid': testid }, 'PNG');
  b.addEventListener('click', () => {
    const a = h('a', { href: canvas.toDataURL('image/png'), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  });
  return b;
}

/** The report: KPI cards and a chart per type, occupancy and cost. Charts made are pushed to `charts`. */
export function renderTodayReport(host: HTMLElement, r: TodayReport, slTargets: Record<string, number | null>, charts: Chart[], name: string): void {
  const clock = r.clock;
  const out: HTMLElement[] = [];
  for (const t of r.types) {
    const target = slTargets[t.id] ?? null;
    const section = h('section', { class: 'card today-type', 'data-testid': `today-type-${t.id}` }, h('h3', {}, `${t.id}`));
    if (t.whole_day) section.append(h('h4', {}, 'Whole day (actuals + projection)'), kpiRow(t.id, 'whole', t.whole_day, target));
    section.append(h('h4', {}, `Rest of the day from ${clock}${t.carried ? ` (with the ${t.carried} waiting now)` : ''}`), kpiRow(t.id, 'rest', t.rest_of_day, target));
    const c = chartCard(`${t.id}: offered and service level`, `actual (solid, finished intervals) and projected from ${clock} (dashed: mean over ${r.replications} replications, band 5–95 %); the re-forecast dotted`, `today-chart-${t.id}`);
    c.card.querySelector('h3')?.append(' ', pngButton(c.canvas, `${name}-today-${t.id}.png`, `today-png-${t.id}`));
    section.append(c.card);
    out.push(section);
    const rows = t.intervals;
    const act = (f: (x: (typeof rows)[number]) => number | null) => rows.map((x) => (x.actual ? f(x) : null));
    const proj = (f: (x: (typeof rows)[number]) => number | null) => rows.map((x, i) => (!x.actual || (i + 1 < rows.length && !rows[i + 1].actual) ? f(x) : null));
    const projOnly = (f: (x: (typeof rows)[number]) => number | null) => rows.map((x) => (x.actual ? null : f(x)));
    charts.push(
      makeChart(c.canvas, {
        labels: rows.map((x) => intervalLabel(x.interval, r.interval_minutes)),
        series: [
          { label: 'Offered (actual)', data: act((x) => x.offered_mean), color: COLORS.gray, points: true },
          { label: 'Offered (projected)', data: proj((x) => x.offered_mean), color: COLORS.blue, dashed: true, band: { lo: projOnly((x) => x.offered_p5), hi: projOnly((x) => x.offered_p95), color: COLORS.blueBand, name: '5–95 %' } },
          { label: 'Re-forecast', data: projOnly((x) => x.reforecast), color: COLORS.purple, dashed: true },
          { label: 'Service level (actual)', data: act((x) => x.service_level_mean), color: COLORS.green, points: true, yAxis: 'y2' },
          { label: 'Service level (projected)', data: proj((x) => x.service_level_mean), color: COLORS.orange, dashed: true, yAxis: 'y2', band: { lo: projOnly((x) => x.service_level_p5), hi: projOnly((x) => x.service_level_p95), color: COLORS.orangeBand, name: '5–95 %' } },
        ],
        yTitle: 'contacts per interval',
        yMin: 0,
        y2Title: 'service level',
        y2Format: (v) => fmtPct(v, 0),
        y2Min: 0,
        y2Max: 1,
        maxTicks: 12,
        marker: { index: r.finished_intervals, label: `now ${clock}` },
      }),
    );
  }
  const occ = r.groups.map((g) => `${g.id} ${g.occupancy.mean == null ? '—' : fmtPct(g.occupancy.mean)}`).join(' · ');
  out.push(h('p', { class: 'muted', 'data-testid': 'today-groups' }, `Occupancy from ${clock}: ${occ}. Cost of the rest of the day: ${fmtMoney(r.cost.mean)}${r.cost.ci95_half_width != null ? ` (± ${fmtMoney(r.cost.ci95_half_width)})` : ''}.`));
  host.replaceChildren(...out);
}

const DELTAS: { kpi: keyof TypeKpis; label: string; unit: 'pp' | 's' | 'count'; better: 1 | -1 }[] = [
  { kpi: 'service_level', label: 'SL', unit: 'pp', better: 1 },
  { kpi: 'abandon_rate', label: 'Abandoned', unit: 'pp', better: -1 },
  { kpi: 'asa_s', label: 'ASA', unit: 's', better: -1 },
];

function deltaCell(e: Estimate, unit: 'pp' | 's' | 'money' | 'count', better: 1 | -1, testid: string): HTMLElement {
  const sig = significant(e);
  const good = sig && e.mean != null && e.mean * better > 0;
  return h(
    'td',
    { class: sig ? (good ? 'good' : 'bad') : '', 'data-testid': testid, 'data-significant': String(sig), 'data-mean': e.mean == null ? '' : String(e.mean) },
    fmtDelta(e.mean, unit),
    ' ',
    h('small', { class: 'muted' }, fmtHalfWidth(e.ci95_half_width, unit)),
    sig ? h('span', { class: `badge ${good ? 'good' : 'bad'}`, title: 'the 95 % interval of the paired difference leaves out 0' }, 'significant') : h('small', { class: 'muted' }, ' not significant'),
  );
}

/** One what-if card: the deltas (what-if − baseline, paired) per type and of the cost. */
export function whatIfCard(d: TodayDelta, k: number, wholeDay: boolean, onRemove: () => void): HTMLElement {
  const rm = h('button', { type: 'button', class: 'btn small', 'data-testid': `today-whatif-remove-${k}`, 'aria-label': `Remove the what-if ${d.whatif}` }, 'Remove');
  rm.addEventListener('click', onRemove);
  const head = h('tr', {}, h('th', { scope: 'col' }, 'type'), ...DELTAS.map((x) => h('th', { scope: 'col' }, `Δ ${x.label}`)));
  const rows = d.types.map(([id, kp]) => h('tr', {}, h('th', { scope: 'row' }, id), ...DELTAS.map((x) => deltaCell(kp[x.kpi], x.unit, x.better, `today-delta-${k}-${id}-${x.kpi}`))));
  const cost = h('table', { class: 'table compact' }, h('tbody', {}, h('tr', {}, h('th', { scope: 'row' }, 'Δ cost'), deltaCell(d.cost, 'money', -1, `today-delta-${k}-cost`))));
  return h(
    'section',
    { class: 'card today-whatif', 'data-testid': `today-whatif-${k}`, 'data-whatif': d.whatif },
    h('div', { class: 'today-whatif-head' }, h('h4', { class: 'mono' }, d.whatif), rm),
    h('p', { class: 'hint' }, `${wholeDay ? 'Whole day' : 'Rest of the day'}, what-if − baseline with the same random numbers (paired), 95 % interval.`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' }, h('thead', {}, head), h('tbody', {}, rows))),
    cost,
  );
}
