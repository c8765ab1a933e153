// The calibration half of the History tab: `ccsim calibrate`'s options (columns, values, date
// format, interval, redial window, the current scenario's groups as base), the estimates read in
// the history worker with their 95 % intervals, the availability fit run over the run workers
// with progress and cancel, its per-hour and per-day fit tables, downloads and "Apply
// calibration".
import { download, field, h } from '../dom';
import { fmtNum, fmtPct } from '../format';
import { inputErrorOf, runAvailabilityFit, type Calibration, type CalibrationStart, type CalibrateOptions, type DurationEstimate, type Estimates, type FitHandle, type FitTable, type TypeEstimate } from '../history';
import { sim } from '../wasm';
import { splitList, took, type HistoryContext } from './history';

export interface CalibrateView {
  el: HTMLElement;
  results: HTMLElement;
  loaded(): void;
  refresh(busy: boolean): void;
}

const sec = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? '–' : `${x.toFixed(1)} s`);
const ci = (a: number | null | undefined, b: number | null | undefined, f: (x: number) => string) => `[${a == null ? '–' : f(a)}, ${b == null ? '–' : f(b)}]`;

export function createCalibrateView(ctx: HistoryContext, progress: HTMLProgressElement): CalibrateView {
  const form = calibrateForm(ctx);
  const { useBase, reps, steps, seed, runBtn, fitBtn } = form;
  const results = h('div', { id: 'calibrate-result', 'data-testid': 'calibrate-result' });
  const estimatesOut = h('div', {});
  const fitOut = h('div', {});
  const json = h('script', { type: 'application/json', id: 'calibration-json' });
  let start: CalibrationStart | null = null;
  let done: Calibration | null = null;
  let fit: FitHandle | null = null;
  runBtn.addEventListener('click', () => void estimate());
  fitBtn.addEventListener('click', () => void runFit());

  const el = form.el;
  el.append(json);
  const options = form.options;
  results.append(estimatesOut, fitOut);

  async function estimate() {
    const f = ctx.file();
    if (!f) return;
    ctx.showError(null);
    const t0 = performance.now();
    ctx.setBusy('Reading the records and estimating in a worker', () => ctx.hw.cancel());
    const base = useBase.checked && ctx.st.baseline && !ctx.st.baseline.errors.length ? JSON.stringify(ctx.st.baseline.obj) : '';
    try {
      start = await ctx.hw.calibrate(f.text, options(), base);
      done = null;
      json.textContent = '';
      ctx.setBusy(null);
      ctx.status(`Estimated ${start.estimates.contacts} contacts in ${took(t0)}. Fit the availability next, or apply the calibration as it is.`, 'done');
      renderEstimates(estimatesOut, start.estimates, () => apply());
      fitOut.replaceChildren();
    } catch (e) {
      ctx.setBusy(null);
      start = null;
      const err = inputErrorOf(e);
      if (err.message === 'cancelled') ctx.status('Cancelled.', 'cancelled');
      else {
        ctx.showError(err);
        ctx.status('The records could not be calibrated: see the message next to the input.', 'error');
      }
    }
    refresh(false);
  }

  async function runFit() {
    if (!start || fit || ctx.st.running) return;
    ctx.showError(null);
    const t0 = performance.now();
    const opts = { replications: Math.max(2, Math.floor(Number(reps.value)) || 20), seed: String(Math.max(0, Math.floor(Number(seed.value)) || 0)), max_steps: Math.max(2, Math.floor(Number(steps.value)) || 10) };
    const handle = runAvailabilityFit(ctx.hw, ctx.deps.pool, opts, (p) => {
      progress.max = p.maxSteps * p.total || 1;
      progress.value = (p.step - 1) * p.total + p.done;
      ctx.status(`Availability fit: step ${p.step} of at most ${p.maxSteps} (not ready ${(p.notReadyShare * 100).toFixed(1)} %): ${p.done}/${p.total} replications`, 'running');
    });
    fit = handle;
    ctx.setBusy('Fitting the availability', () => handle.cancel());
    ctx.deps.busy({ cancel: () => handle.cancel() });
    try {
      const c = await handle.result;
      if (c) {
        done = c;
        json.textContent = JSON.stringify(c);
        ctx.status(`Availability fit: ${c.availability?.trials.length ?? 0} simulation steps of ${opts.replications} replications in ${took(t0)}.`, 'done');
        renderFit(fitOut, c, apply);
      } else ctx.status('Availability fit cancelled (a fit has no partial result).', 'cancelled');
    } catch (e) {
      const err = inputErrorOf(e);
      ctx.showError(err);
      ctx.status(`The availability fit failed: ${err.message}`, 'error');
    } finally {
      fit = null;
      ctx.deps.busy(null);
      ctx.setBusy(null);
    }
  }

  function apply() {
    const scenario = done?.scenario ?? start?.scenario;
    if (scenario) ctx.deps.apply(JSON.stringify(scenario), 'json', `calibration of ${ctx.file()?.name ?? 'records'}${done ? ' (availability fitted)' : ''}`);
  }

  function refresh(busy: boolean) {
    runBtn.disabled = busy || !ctx.file();
    fitBtn.disabled = busy || !start || !!ctx.st.running;
  }

  return { el, results, loaded: () => {
    start = null;
    done = null;
    estimatesOut.replaceChildren();
    fitOut.replaceChildren();
    ctx.status(`Read ${ctx.file()?.name}. Map the columns if needed and press Estimate.`, 'idle');
    refresh(false);
  }, refresh };
}

/** The calibration options: the flags of `ccsim calibrate` as inputs. */
function calibrateForm(ctx: HistoryContext) {
  const columns = h('textarea', { id: 'cal-columns', rows: '2', 'data-testid': 'cal-columns', placeholder: 'e.g. wait_s=q_time,arrival=vru_entry' });
  const values = h('textarea', { id: 'cal-values', rows: '2', 'data-testid': 'cal-values', placeholder: 'e.g. outcome:AGENT=answered,HANG=abandoned' });
  const dateFormat = h('input', { id: 'cal-date-format', type: 'text', size: '10', 'data-testid': 'cal-date-format', placeholder: '%y%m%d' });
  const interval = h('input', { id: 'cal-interval', type: 'number', min: '5', step: '5', placeholder: '30', 'data-testid': 'cal-interval' });
  const redial = h('input', { id: 'cal-redial', type: 'number', min: '1', step: '1', value: '60', 'data-testid': 'cal-redial' });
  const useBase = h('input', { id: 'cal-base', type: 'checkbox', 'data-testid': 'cal-base' });
  const reps = h('input', { id: 'cal-reps', type: 'number', min: '2', step: '1', value: '20', 'data-testid': 'cal-reps' });
  const steps = h('input', { id: 'cal-steps', type: 'number', min: '2', step: '1', value: '10', 'data-testid': 'cal-steps' });
  const seed = h('input', { id: 'cal-seed', type: 'number', min: '0', step: '1', value: '1', 'data-testid': 'cal-seed' });
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'calibrate-run' }, 'Estimate');
  const fitBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'fit-run', disabled: true }, 'Fit availability');
  const el = h(
    'section',
    { class: 'history-form', 'aria-label': 'Calibration options', hidden: true },
    h('h3', {}, 'Calibrate (ccsim calibrate)'),
    h(
      'div',
      { class: 'curve-controls' },
      field('Columns (NAME=HEADER,…)', columns, 'ccsim names: arrival, date, contact_type, wait_s, outcome, handle_s, wrap_s, caller_id, agent'),
      field('Values (COLUMN:FROM=TO,…)', values, 'outcomes: answered, abandoned, blocked, deflected, skip'),
      field('Date format', dateFormat, 'strftime, for a date column'),
    ),
    h(
      'div',
      { class: 'curve-controls' },
      field('Interval (min)', interval, 'empty: 30, or the current scenario’s with its groups'),
      field('Redial window (min)', redial),
      h('label', { class: 'check', for: 'cal-base' }, useBase, 'keep the current scenario’s agent groups (--base)'),
      runBtn,
    ),
    ctx.errorSlot('base'),
    h('div', { class: 'curve-controls' }, field('Replications per step', reps), field('Most steps', steps), field('Seed', seed), fitBtn),
  );
  const options = (): Partial<CalibrateOptions> => {
    const iv = Math.floor(Number(interval.value));
    return {
      columns: splitList(columns.value),
      values: splitList(values.value),
      date_format: dateFormat.value.trim(),
      interval_minutes: interval.value.trim() && iv > 0 ? iv : null,
      redial_window_minutes: Number(redial.value) || 60,
      name: `Calibrated from ${ctx.file()?.name ?? 'records'}`,
    };
  };

  return { el, useBase, reps, steps, seed, runBtn, fitBtn, options };
}

function renderFit(out: HTMLElement, c: Calibration, apply: () => void) {
  const a = c.availability;
  if (!a) return;
  const scenarioToml = () => sim.convert(JSON.stringify(c.scenario), 'json', 'toml');
  out.replaceChildren(
    h(
      'section',
      { class: 'card', 'data-testid': 'fit-summary' },
      h('h3', {}, `Agents not ready ${fmtPct(a.not_ready_share)} of their time`),
      a.at_bound ? h('p', { class: 'warn' }, a.at_bound) : null,
      h('p', {}, `Abandonment: records ${fmtPct(a.observed_abandon_rate)}, simulated ${fmtPct(a.simulated_abandon_rate)}; ASA (not fitted, the independent check): records ${sec(a.observed_asa_s)}, simulated ${sec(a.simulated_asa_s)}.`),
      h(
        'div',
        { class: 'export-bar' },
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'calibration-apply-fitted', onclick: () => apply() }, 'Apply calibration'),
        h('button', { type: 'button', class: 'btn', onclick: () => download('calibration.json', JSON.stringify(c, null, 2), 'application/json') }, 'calibration.json'),
        h('button', { type: 'button', class: 'btn', onclick: () => download('scenario.toml', scenarioToml(), 'application/toml') }, 'scenario.toml'),
      ),
    ),
    fitTable('Simulated against the records, per hour of the week', a.fit.per_hour, 'fit-table-hour'),
    fitTable('Per day', a.fit.per_day, 'fit-table-day'),
  );
}

function durationCells(d: DurationEstimate | null): HTMLElement[] {
  if (!d) return [h('td', {}, '–'), h('td', {}, '–')];
  const chosen = d.fits.find((f) => f.family === d.chosen);
  return [
    h('td', {}, `${sec(d.sample_mean)} ${ci(d.mean_ci95[0], d.mean_ci95[1], (x) => x.toFixed(1))}`),
    h('td', {}, `${d.chosen}${chosen ? ` (KS ${chosen.ks_distance.toFixed(3)}, mean ${sec(chosen.fitted_mean)})` : ''}`),
  ];
}

function typeRow(t: TypeEstimate): HTMLElement {
  const km = t.patience.kaplan_meier;
  const pfit = t.patience.fits.find((f) => f.family === t.patience.chosen);
  const perDay = t.arrivals.per_day.filter((x): x is number => x != null);
  const daily = perDay.length ? perDay.reduce((a, b) => a + b, 0) / perDay.length : null;
  return h(
    'tr',
    { 'data-type': t.id },
    h('th', { scope: 'row' }, t.id),
    h('td', {}, `${t.contacts} (${t.answered} answered, ${t.abandoned} abandoned)`),
    h('td', {}, daily == null ? '–' : fmtNum(daily)),
    ...durationCells(t.handle_time),
    h('td', {}, `${sec(km.median_s)} ${ci(km.median_ci95[0], km.median_ci95[1], (x) => x.toFixed(1))}`),
    h('td', {}, pfit ? `${pfit.family}, mean ${sec(pfit.mean_s)}${t.patience_pooled ? ' (pooled)' : ''}` : 'none (nobody abandoned)'),
    h('td', {}, t.redials ? `${fmtPct(t.redials.share)} ${ci(t.redials.share_ci95[0], t.redials.share_ci95[1], fmtPct)}` : '–'),
  );
}

function renderEstimates(out: HTMLElement, e: Estimates, apply: () => void): void {
  const s = e.staffing;
  const peak = s ? Math.max(0, ...s.mean_seen) : 0;
  out.replaceChildren(
    h(
      'section',
      { class: 'card', 'data-testid': 'estimates' },
      h('h3', {}, `Estimates from ${e.contacts} contacts over ${e.week.dates.length} days (${e.options.interval_minutes}-minute intervals)`),
      h('p', {}, `Abandonment ${fmtPct(e.observed_abandon_rate)}, ASA ${sec(e.observed_asa_s)}; ${e.skipped} rows skipped. Intervals in brackets are 95 %.`),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', 'data-testid': 'estimates-table' },
          h('thead', {}, h('tr', {}, ['Type', 'Contacts', 'First attempts / day', 'Handle time mean', 'Handle-time fit (chosen)', 'Patience median (Kaplan–Meier)', 'Patience fit', 'Redial share'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, e.types.map(typeRow)),
        ),
      ),
      h('p', {}, s ? `Staffing: ${s.agents_named} agents named; up to ${fmtNum(peak)} seen serving at once on average in an interval (idle agents are invisible in records: a lower bound).` : 'Staffing: the records name no agents; keep the current scenario’s groups.'),
      h('p', { class: 'hint' }, 'Patience comes from censored waits (an answered contact’s wait is only a lower bound), never from the mean wait of abandoners.'),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'calibration-apply', onclick: () => apply() }, 'Apply calibration (without the availability fit)'),
    ),
  );
}

function fitTable(title: string, t: FitTable, testid: string): HTMLElement {
  const rows = t.rows.map((r) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, r.label),
      h('td', {}, fmtNum(r.observed_offered)),
      h('td', {}, fmtNum(r.simulated_offered)),
      h('td', {}, fmtPct(r.observed_abandon_rate)),
      h('td', {}, fmtPct(r.simulated_abandon_rate)),
      h('td', {}, sec(r.observed_asa_s)),
      h('td', {}, sec(r.simulated_asa_s)),
    ),
  );
  const f = (x: number | null, d = 3) => (x == null ? '–' : x.toFixed(d));
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, title),
    h('p', {}, `Abandonment: correlation ${f(t.abandon_correlation)}, RMSE ${t.abandon_rmse == null ? '–' : fmtPct(t.abandon_rmse)}; ASA: correlation ${f(t.asa_correlation)}, RMSE ${sec(t.asa_rmse_s)}.`),
    h(
      'details',
      {},
      h('summary', {}, `${t.rows.length} rows`),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table compact', 'data-testid': testid },
          h('thead', {}, h('tr', {}, ['', 'Offered (records)', 'Offered (sim.)', 'Abandon (records)', 'Abandon (sim.)', 'ASA (records)', 'ASA (sim.)'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, rows),
        ),
      ),
    ),
  );
}
