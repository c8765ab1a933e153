// The results card: tabs (overview, tables, compare, staffing curve), the scope picker, export
// buttons, and the raw JSON the page publishes for tests and tools (#report-json etc.).
import { download, h, tabs } from '../dom';
import { compareCsv, reportIntervalsCsv, reportKpisCsv } from '../csv';
import { renderCompare } from './compare';
import { GROUP_SCOPE } from './scope';
import { destroyCharts, renderOverview, renderTables, runSummaryLine } from './results';
import { slug, type PlannerState } from './state';

/** The JSON documents published in hidden <script> elements (empty string: none). */
export interface Published {
  report?: string;
  variant?: string;
  compare?: string;
  curve?: string;
}

export interface ResultsCard {
  el: HTMLElement;
  render(): void;
  select(tab: string): void;
  publish(p: Published): void;
}

/** `curveTab` draws the staffing-curve tab into the panel it is given, `scheduleTab` the Schedule tab, `historyTab` the History tab, `todayTab` the Today (intraday) tab. */
export function createResultsCard(st: PlannerState, curveTab: { render(panel: HTMLElement): void }, historyTab: { render(panel: HTMLElement): void }, scheduleTab: { render(panel: HTMLElement): void }, todayTab: { render(panel: HTMLElement): void }): ResultsCard {
  const panel = h('div', { id: 'results-panel', role: 'tabpanel', tabindex: '0' });
  const scopeSel = h('select', { id: 'scope', 'data-testid': 'scope' });
  scopeSel.addEventListener('change', () => {
    st.scope = scopeSel.value;
    render();
  });
  const exportBar = h('div', { class: 'export-bar' });
  const resultTabs = tabs(
    'Results',
    [
      { id: 'overview', title: 'Overview' },
      { id: 'tables', title: 'Tables' },
      { id: 'compare', title: 'Compare' },
      { id: 'curve', title: 'Staffing' },
      { id: 'schedule', title: 'Schedule' },
      { id: 'history', title: 'History' },
      { id: 'today', title: 'Today' },
    ],
    (id) => {
      st.resultTab = id;
      panel.setAttribute('aria-labelledby', `tab-${id}`);
      render();
    },
    'overview',
    'results-panel',
  );
  const hidden = {
    report: h('script', { type: 'application/json', id: 'report-json' }),
    variant: h('script', { type: 'application/json', id: 'variant-report-json' }),
    compare: h('script', { type: 'application/json', id: 'compare-json' }),
    curve: h('script', { type: 'application/json', id: 'curve-json' }),
  };
  const el = h(
    'section',
    { class: 'card results-card', 'aria-label': 'Results' },
    h('div', { class: 'results-head' }, resultTabs.el, h('div', { class: 'scope' }, h('label', { for: 'scope' }, 'Show'), scopeSel)),
    exportBar,
    panel,
    ...Object.values(hidden),
  );

  function renderScope() {
    const r = st.last?.reports[0];
    const ids = r ? Object.keys(r.by_type) : st.baseline?.info?.types.map((t) => t.id) ?? [];
    const groups = r ? Object.keys(r.by_group) : [];
    const opts: [string, string][] = [['overall', 'All contact types']];
    for (const id of ids) opts.push([id, `Contact type: ${id}`]);
    if (st.resultTab === 'compare') for (const g of groups) opts.push([`${GROUP_SCOPE}${g}`, `Agent group: ${g}`]);
    if (!opts.some(([v]) => v === st.scope)) st.scope = 'overall';
    scopeSel.replaceChildren(...opts.map(([v, l]) => h('option', { value: v }, l)));
    scopeSel.value = st.scope;
  }

  const empty = (...text: (string | HTMLElement)[]) => h('div', { class: 'empty' }, h('p', {}, ...text));

  function render() {
    renderScope();
    exportBar.replaceChildren(...exportButtons(st, render));
    const r = st.last?.reports[0];
    if (st.resultTab === 'curve' || st.resultTab === 'history' || st.resultTab === 'schedule' || st.resultTab === 'today') {
      destroyCharts();
      (st.resultTab === 'curve' ? curveTab : st.resultTab === 'schedule' ? scheduleTab : st.resultTab === 'today' ? todayTab : historyTab).render(panel);
      return;
    }
    if (!r) {
      destroyCharts();
      panel.replaceChildren(empty('Pick or edit a scenario, then press ', h('strong', {}, 'Run'), '. Replications run in parallel Web Workers on this computer; nothing is sent anywhere.'));
      return;
    }
    if (st.resultTab === 'overview') {
      panel.replaceChildren(h('p', { class: 'run-line muted' }, runSummaryLine(r)), h('div', { id: 'overview' }));
      renderOverview(panel.querySelector('#overview') as HTMLElement, r, st.baseline?.info ?? null, st.scope);
    } else if (st.resultTab === 'tables') {
      panel.replaceChildren(h('div', { id: 'tables' }));
      renderTables(panel.querySelector('#tables') as HTMLElement, r, st.scope);
    } else if (st.resultTab === 'compare') {
      destroyCharts();
      const last = st.last;
      if (!last?.compare || last.reports.length < 2) {
        panel.replaceChildren(empty('Make a variant (edit a copy of the scenario, or use the quick what-if controls), then press ', h('strong', {}, 'Run compare'), '. Both run with the same seed and replications (common random numbers), so differences are paired.'));
        return;
      }
      const host = h('div', { id: 'compare' });
      panel.replaceChildren(host);
      renderCompare(host, last.reports[0], last.reports[1], last.compare, st.scope, last.variantLabel, st.showAllDiffs);
    }
  }

  function publish(p: Published) {
    for (const k of Object.keys(p) as (keyof Published)[]) hidden[k].textContent = p[k] ?? '';
  }

  return { el, render, select: (id) => resultTabs.select(id), publish };
}

/** Export buttons for the tab shown: report CSV/JSON, or the comparison. */
function exportButtons(st: PlannerState, rerender: () => void): HTMLElement[] {
  const btn = (label: string, f: () => void, testid: string) => {
    const b = h('button', { type: 'button', class: 'btn small', 'data-testid': testid }, label);
    b.addEventListener('click', f);
    return b;
  };
  const last = st.last;
  const r = last?.reports[0];
  const name = slug(r?.scenario ?? 'results');
  const out: HTMLElement[] = [];
  if (r && (st.resultTab === 'overview' || st.resultTab === 'tables')) {
    out.push(
      btn('CSV: KPIs', () => download(`${name}-kpis.csv`, reportKpisCsv(r), 'text/csv'), 'export-kpis-csv'),
      btn('CSV: intervals', () => download(`${name}-intervals.csv`, reportIntervalsCsv(r, st.scope === 'overall' ? undefined : st.scope), 'text/csv'), 'export-intervals-csv'),
      btn('JSON report', () => download(`${name}-report.json`, last?.reportsRaw[0] ?? '', 'application/json'), 'export-json'),
    );
  }
  if (st.resultTab === 'compare' && last?.compare) {
    const diffs = last.compare;
    out.push(
      btn('CSV: comparison', () => download(`${name}-compare.csv`, compareCsv(diffs), 'text/csv'), 'export-compare-csv'),
      btn('JSON: both reports + comparison', () => download(`${name}-compare.json`, `{"base":${last.reportsRaw[0]},"variant":${last.reportsRaw[1]},"compare":${JSON.stringify(diffs)}}`, 'application/json'), 'export-compare-json'),
    );
    const all = h('input', { type: 'checkbox', id: 'show-all-diffs', checked: st.showAllDiffs });
    all.addEventListener('change', () => {
      st.showAllDiffs = all.checked;
      rerender();
    });
    out.push(h('label', { class: 'check', for: 'show-all-diffs' }, all, 'all KPIs'));
  }
  return out;
}
