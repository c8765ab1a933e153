// The forecast half of the History tab: `ccsim forecast`'s options (columns, default type, start,
// days, method, interval, special days), the forecast run in the history worker with the current
// scenario as base, and its results: history + forecast + 80 % band per contact type, the
// backtest table, downloads (forecast.csv, backtest.csv, scenario.toml) and "Apply to scenario".
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { download, field, h } from '../dom';
import { fmtNum, fmtPct } from '../format';
import { inputErrorOf, type ForecastOptions, type ForecastResult } from '../history';
import { splitList, took, type HistoryContext } from './history';

export interface ForecastView {
  el: HTMLElement;
  results: HTMLElement;
  /** A history file was loaded: read its summary and fill the default start. */
  loaded(): Promise<void>;
  refresh(busy: boolean): void;
}

export function createForecastView(ctx: HistoryContext): ForecastView {
  const form = forecastForm(ctx);
  const { start, summary, runBtn } = form;
  const results = h('div', { id: 'forecast-result', 'data-testid': 'forecast-result' });
  const json = h('script', { type: 'application/json', id: 'forecast-json' });
  let charts: Chart[] = [];
  let last: ForecastResult | null = null;
  runBtn.addEventListener('click', () => void run());

  const el = form.el;
  el.append(json);
  const mapping = form.mapping;
  const options = form.options;

  async function loaded() {
    const f = ctx.file();
    if (!f) return;
    ctx.setBusy('Reading the history', () => ctx.hw.cancel());
    try {
      const s = await ctx.hw.summary(f.text, mapping());
      start.value = s.default_start;
      summary.textContent = `${f.name}: ${s.types.join(', ')} · ${s.interval_minutes}-minute intervals · ${s.first_day} to ${s.last_day} (${s.days} days, ${s.days_with_data} with data).`;
      ctx.setBusy(null);
      ctx.status(`Read ${f.name}. Set the options and press Forecast.`, 'idle');
    } catch (e) {
      ctx.setBusy(null);
      summary.textContent = '';
      ctx.showError(inputErrorOf(e));
      ctx.status('The file could not be read as an interval history.', 'error');
    }
  }

  async function run() {
    const f = ctx.file();
    if (!f) return;
    ctx.showError(null);
    const t0 = performance.now();
    ctx.setBusy('Forecasting in a worker (the backtest runs every method from several origins)', () => ctx.hw.cancel());
    const base = ctx.st.baseline && !ctx.st.baseline.errors.length ? JSON.stringify(ctx.st.baseline.obj) : '';
    try {
      const res = await ctx.hw.forecast(f.text, options(), base);
      last = res;
      json.textContent = JSON.stringify(res);
      ctx.setBusy(null);
      ctx.status(`Forecast of ${res.days} days from ${res.start} (${res.interval_minutes}-minute intervals) in ${took(t0)}.`, 'done');
      render(res);
    } catch (e) {
      ctx.setBusy(null);
      const err = inputErrorOf(e);
      if (err.message === 'cancelled') ctx.status('Forecast cancelled.', 'cancelled');
      else {
        ctx.showError(err);
        ctx.status('The forecast failed: see the message next to the input.', 'error');
      }
    }
  }

  function render(res: ForecastResult) {
    charts.forEach((c) => c.destroy());
    charts = [];
    const cards = res.chart.types.map((t, k) => {
      const card = chartCard(`${t.id}: history, forecast (${t.method}) and 80 % band`, 'offered contacts per interval: the last four weeks of history, then the forecast with its 80 % prediction interval', `forecast-chart-${t.id}`);
      queueMicrotask(() =>
        charts.push(
          makeChart(card.canvas, {
            labels: res.chart.labels,
            series: [
              { label: 'history', data: t.history, color: COLORS.gray },
              { label: 'forecast', data: t.forecast, color: k % 2 ? COLORS.orange : COLORS.blue, band: { lo: t.lo80, hi: t.hi80, color: k % 2 ? COLORS.orangeBand : COLORS.blueBand, name: '80 % band' } },
            ],
            yTitle: 'offered per interval',
            yMin: 0,
            maxTicks: 10,
          }),
        ),
      );
      return card.card;
    });
    results.replaceChildren(
      h('section', { class: 'card' }, ...forecastSummary(res, () => last && ctx.deps.apply(last.scenario_toml, 'toml', `forecast of ${ctx.file()?.name ?? 'history'}`))),
      h('div', { class: 'chart-grid single' }, cards),
      backtestTable(res),
    );
  }

  return {
    el,
    results,
    loaded,
    refresh(busy) {
      runBtn.disabled = busy || !ctx.file();
    },
  };
}

/** The forecast options: the flags of `ccsim forecast` as inputs. */
function forecastForm(ctx: HistoryContext) {
  const columns = h('textarea', { id: 'fc-columns', rows: '2', 'data-testid': 'fc-columns', placeholder: 'e.g. offered=Calls,interval_start=DateTime' });
  const ctype = h('input', { id: 'fc-type', type: 'text', value: 'calls', size: '10', 'data-testid': 'fc-type' });
  const start = h('input', { id: 'fc-start', type: 'date', 'data-testid': 'fc-start' });
  const days = h('input', { id: 'fc-days', type: 'number', min: '1', max: '3660', step: '1', value: '7', 'data-testid': 'fc-days' });
  const method = h(
    'select',
    { id: 'fc-method', 'data-testid': 'fc-method' },
    ['auto', 'seasonal-naive', 'weekday-mean', 'level-trend'].map((m) => h('option', { value: m }, m)),
  );
  const interval = h('input', { id: 'fc-interval', type: 'number', min: '5', step: '5', placeholder: 'the scenario’s', 'data-testid': 'fc-interval' });
  const origins = h('input', { id: 'fc-origins', type: 'number', min: '1', step: '1', value: '8', 'data-testid': 'fc-origins' });
  const special = h('textarea', { id: 'fc-special', rows: '3', 'data-testid': 'fc-special', placeholder: 'date,factor,name\n2024-12-25,0,Christmas' });
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'history-run' }, 'Forecast');
  const summary = h('p', { class: 'muted small', 'data-testid': 'fc-summary' }, '');
  const el = h(
    'section',
    { class: 'history-form', 'aria-label': 'Forecast options' },
    h('h3', {}, 'Forecast (ccsim forecast)'),
    summary,
    h(
      'div',
      { class: 'curve-controls' },
      field('Columns (NAME=HEADER,…)', columns, 'ccsim names: interval_start, contact_type, offered, handled, abandoned, aht_s, asa_s'),
      field('Type without a contact_type column', ctype),
    ),
    h(
      'div',
      { class: 'curve-controls' },
      field('First day', start, 'default: the day after the history'),
      field('Days', days),
      field('Method', method),
      field('Interval (min)', interval, 'empty: the current scenario’s'),
      field('Backtest origins', origins),
    ),
    h('div', { class: 'curve-controls' }, field('Special days (CSV: date[,factor][,name])', special, 'left out of fitting; a forecast day on one is multiplied by its factor'), runBtn),
    ctx.errorSlot('special_days'),
  );

  const mapping = (): Partial<ForecastOptions> => ({ columns: splitList(columns.value), contact_type: ctype.value.trim() || 'calls' });
  const options = (): Partial<ForecastOptions> => {
    const iv = Math.floor(Number(interval.value));
    return {
      ...mapping(),
      start: start.value,
      days: Math.max(1, Math.floor(Number(days.value)) || 7),
      method: method.value,
      interval_minutes: interval.value.trim() && iv > 0 ? iv : null,
      origins: Math.max(1, Math.floor(Number(origins.value)) || 8),
      special_days: special.value,
    };
  };

  return { el, start, summary, runBtn, mapping, options };
}

function forecastSummary(res: ForecastResult, apply: () => void): HTMLElement[] {
  const types = res.forecast.types;
  const btn = (label: string, f: () => void, testid: string, cls = 'btn') => h('button', { type: 'button', class: cls, 'data-testid': testid, onclick: f }, label);
  return [
    h('h3', {}, `Forecast: ${res.days} days from ${res.start}, ${res.interval_minutes}-minute intervals`),
    h(
      'ul',
      {},
      types.map((t) => h('li', {}, `${t.id}: ${t.method}, ${fmtNum(t.forecast.reduce((a, b) => a + b, 0))} contacts forecast; volume_cv ${t.volume_cv.toFixed(4)}`)),
      res.forecast.warnings.map((w) => h('li', { class: 'warn' }, `Note: ${w}`)),
    ),
    res.base_error
      ? h('p', { class: 'warn', 'data-testid': 'forecast-base-error' }, `The current scenario could not be the base (${res.base_error}); the scenario below is the one ccsim forecast builds without --base.`)
      : h('p', { class: 'muted' }, res.base_used ? 'The scenario keeps the current scenario’s groups, shifts and targets (like ccsim forecast --base).' : 'No valid current scenario: the scenario is ccsim forecast’s default.'),
    h(
      'div',
      { class: 'export-bar' },
      btn('Apply to scenario', apply, 'forecast-apply', 'btn primary'),
      btn('forecast.csv', () => download('forecast.csv', res.forecast_csv, 'text/csv'), 'forecast-csv'),
      btn('backtest.csv', () => download('backtest.csv', res.backtest_csv, 'text/csv'), 'backtest-csv'),
      btn('scenario.toml', () => download('scenario.toml', res.scenario_toml, 'application/toml'), 'forecast-scenario'),
    ),
  ];
}

function backtestTable(res: ForecastResult): HTMLElement {
  const num = (x: number | null) => (x == null ? '–' : fmtPct(x));
  const rows = res.forecast.types.flatMap((t) =>
    t.backtest.map((m) =>
      h(
        'tr',
        { 'data-type': t.id, 'data-method': m.method, 'data-chosen': String(m.method === t.method), class: m.method === t.method ? 'chosen' : '' },
        h('th', { scope: 'row' }, t.id),
        h('td', {}, m.method),
        h('td', {}, String(m.origins)),
        h('td', {}, String(m.days_scored)),
        h('td', { 'data-value': String(m.wape_interval) }, num(m.wape_interval)),
        h('td', {}, num(m.wape_day)),
        h('td', {}, num(m.bias)),
        h('td', {}, m.mase == null ? '–' : m.mase.toFixed(3)),
        h('td', {}, m.method === t.method ? '✓ used' : ''),
      ),
    ),
  );
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, 'Rolling-origin backtest'),
    h('p', { class: 'hint' }, 'Each method forecasts the next days from several origins using only the data before them; missing and special days are not scored. WAPE = Σ|a−f|/Σa per interval and on daily totals, bias = Σ(f−a)/Σa, MASE against seasonal naive. auto picks the lowest interval WAPE.'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', 'data-testid': 'backtest-table' },
        h('thead', {}, h('tr', {}, ['Type', 'Method', 'Origins', 'Days', 'WAPE interval', 'WAPE day', 'Bias', 'MASE', 'Chosen'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows),
      ),
    ),
  );
}
