// The history side (sim-history through sim-wasm), typed: what a dropped file is, the forecast of
// an interval history and the calibration of contact records, computed in a dedicated Web Worker
// (historyWorker.ts) so the page stays responsive, and the availability fit driven over the run
// workers like the staffing search. No forecasting or calibration logic lives here: sim-history
// decides every number; this module only carries options in and JSON out.
import type { HistoryRequest } from './historyProtocol';
import { RequestWorker } from './requestWorker';
import type { Pool, RunHandle } from './runner/pool';
import { raw as w } from './wasm';

export type FileKind = 'history' | 'records';

export interface KindGuess {
  kind: FileKind | 'unknown';
  headers: string[];
  delimiter: string;
}

/** The kind of a file guessed from its header line (a guess: the page lets the user override it). */
export function guessKind(text: string): KindGuess {
  return JSON.parse(w.history_guess_kind(text.slice(0, 8192))) as KindGuess;
}

/** ccsim's column names of both formats. */
export function columnNames(): { history: string[]; records: string[]; interval_lengths: number[] } {
  return JSON.parse(w.history_column_names()) as { history: string[]; records: string[]; interval_lengths: number[] };
}

/** The options of `ccsim forecast` (empty / null = the CLI's default). */
export interface ForecastOptions {
  columns: string[];
  contact_type: string;
  start: string;
  days: number;
  method: string;
  interval_minutes: number | null;
  origins: number;
  special_days: string;
}

export interface HistorySummary {
  interval_minutes: number;
  first_day: string;
  last_day: string;
  days: number;
  days_with_data: number;
  types: string[];
  default_start: string;
}

export interface BacktestMetrics {
  method: string;
  origins: number;
  days_scored: number;
  wape_interval: number | null;
  wape_day: number | null;
  bias: number | null;
  mase: number | null;
}

export interface TypeForecast {
  id: string;
  method: string;
  forecast: number[];
  lo80: number[];
  hi80: number[];
  aht_s: (number | null)[] | null;
  mean_aht_s: number | null;
  dispersion: number;
  volume_cv: number;
  backtest: BacktestMetrics[];
}

export interface ChartType {
  id: string;
  method: string;
  history: (number | null)[];
  forecast: (number | null)[];
  lo80: (number | null)[];
  hi80: (number | null)[];
}

export interface ForecastResult {
  start: string;
  days: number;
  interval_minutes: number;
  forecast: { interval_minutes: number; start: string; days: number; types: TypeForecast[]; warnings: string[] };
  forecast_csv: string;
  backtest_csv: string;
  scenario_toml: string;
  base_used: boolean;
  base_error: string | null;
  chart: { labels: string[]; history_intervals: number; types: ChartType[] };
}

/** The options of `ccsim calibrate`. */
export interface CalibrateOptions {
  columns: string[];
  values: string[];
  date_format: string;
  interval_minutes: number | null;
  redial_window_minutes: number;
  name: string;
}

export interface DurationFit {
  family: string;
  ks_distance: number;
  fitted_mean: number;
  mean_error: number;
  acceptable: boolean;
}

export interface DurationEstimate {
  n: number;
  zeros: number;
  sample_mean: number;
  mean_ci95: [number, number];
  sample_sd: number;
  fits: DurationFit[];
  chosen: string;
}

export interface PatienceEstimate {
  kaplan_meier: { waits: number; abandoned: number; median_s: number | null; median_ci95: [number | null, number | null]; max_wait_s: number };
  fits: { family: string; mean_s: number; median_s: number; km_distance: number; aic: number }[];
  chosen: string | null;
  naive_mean_of_abandoners_s: number | null;
  exponential_mean_ci95: [number, number] | null;
}

export interface TypeEstimate {
  id: string;
  contacts: number;
  answered: number;
  abandoned: number;
  blocked: number;
  deflected: number;
  arrivals: { contacts: number; first_attempts: number; per_day: (number | null)[] };
  handle_time: DurationEstimate | null;
  wrap_up: DurationEstimate | null;
  patience: PatienceEstimate;
  patience_pooled: boolean;
  redials: { abandoned_identified: number; redialed: number; share: number; share_ci95: [number, number] } | null;
}

export interface Estimates {
  options: { interval_minutes: number; redial_window_s: number };
  week: { dates: string[]; interval_minutes: number };
  contacts: number;
  skipped: number;
  types: TypeEstimate[];
  staffing: { agents_named: number; answered_without_agent: number; mean_seen: number[]; max_seen: number[]; headcount: number[] } | null;
  observed_abandon_rate: number | null;
  observed_asa_s: number | null;
}

export interface FitRow {
  label: string;
  observed_offered: number;
  simulated_offered: number;
  observed_abandon_rate: number | null;
  simulated_abandon_rate: number | null;
  observed_asa_s: number | null;
  simulated_asa_s: number | null;
}

export interface FitTable {
  rows: FitRow[];
  abandon_correlation: number | null;
  abandon_rmse: number | null;
  asa_correlation: number | null;
  asa_rmse_s: number | null;
}

export interface AvailabilityFit {
  not_ready_share: number;
  at_bound: string | null;
  observed_abandon_rate: number;
  observed_asa_s: number | null;
  simulated_abandon_rate: number | null;
  simulated_asa_s: number | null;
  replications: number;
  seed: number;
  trials: { not_ready_share: number; simulated_abandon_rate: number | null; simulated_asa_s: number | null }[];
  fit: { per_hour: FitTable; per_day: FitTable };
}

/** What `ccsim calibrate` writes as calibration.json (without `source`). */
export interface Calibration {
  estimates: Estimates;
  availability: AvailabilityFit | null;
  scenario: unknown;
}

export interface CalibrationStart {
  estimates: Estimates;
  /** The calibrated scenario before the availability fit (scenario JSON form). */
  scenario: unknown;
}

/** An input error as sim-history words it, with the input it belongs to. */
export interface InputError {
  source: 'file' | 'options' | 'special_days' | 'base' | 'worker';
  message: string;
  line: number | null;
  column: string | null;
}

/** The input error carried by an exception (the bindings throw `{"input_error":{…}}`). */
export function inputErrorOf(e: unknown): InputError {
  const msg = e instanceof Error ? e.message : String(e);
  try {
    const v = JSON.parse(msg) as { input_error?: InputError; errors?: { path: string; message: string }[] };
    if (v.input_error) return v.input_error;
    if (Array.isArray(v.errors)) return { source: 'base', message: v.errors.map((x) => `${x.path}: ${x.message}`).join('; '), line: null, column: null };
  } catch {
    // a plain message
  }
  return { source: 'worker', message: msg, line: null, column: null };
}

/**
 * The history worker: one request at a time in order; `cancel` ends the worker (a forecast
 * under way stops at once) and the next request starts a fresh one.
 */
export class HistoryWorker extends RequestWorker<HistoryRequest> {
  constructor() {
    super(() => new Worker(new URL('./historyWorker.ts', import.meta.url), { type: 'module', name: 'ccsim-history' }), 'history');
  }

  /** Stops whatever runs now; pending requests fail with "cancelled". */
  cancel(): void {
    this.terminate('cancelled');
  }

  async summary(text: string, o: Partial<ForecastOptions>): Promise<HistorySummary> {
    return JSON.parse(await this.call({ type: 'summary', text, options: JSON.stringify(o) })) as HistorySummary;
  }

  /** `base`: the current scenario's JSON text (the CLI's `--base`), or '' for none. */
  async forecast(text: string, o: Partial<ForecastOptions>, base: string): Promise<ForecastResult> {
    return JSON.parse(await this.call({ type: 'forecast', text, options: JSON.stringify(o), base })) as ForecastResult;
  }

  async calibrate(text: string, o: Partial<CalibrateOptions>, base: string): Promise<CalibrationStart> {
    return JSON.parse(await this.call({ type: 'calibrate', text, options: JSON.stringify(o), base })) as CalibrationStart;
  }
}

export interface FitProgress {
  step: number;
  maxSteps: number;
  notReadyShare: number;
  done: number;
  total: number;
}

export interface FitHandle {
  /** The calibration with the fit; null when cancelled (the fit has no partial result). */
  result: Promise<Calibration | null>;
  cancel(): void;
}

interface FitSimulate {
  kind: 'simulate';
  step: number;
  max_steps: number;
  not_ready_share: number;
  seed: string;
  replications: number;
  scenario: string;
}
type FitStep = FitSimulate | { kind: 'done'; calibration: Calibration };

/**
 * Runs sim-history's availability fit of the last calibration: the worker proposes a scenario,
 * the run workers simulate it (the replications and seed of `ccsim calibrate`), the merged
 * summary goes back, until the fit is done.
 */
export function runAvailabilityFit(
  hw: HistoryWorker,
  pool: Pool,
  options: { replications: number; seed: string; max_steps: number },
  onProgress: (p: FitProgress) => void,
): FitHandle {
  let cancelled = false;
  let current: RunHandle | null = null;
  const result = (async () => {
    await hw.call({ type: 'fit-start', options: JSON.stringify(options) });
    for (;;) {
      const step = JSON.parse(await hw.call({ type: 'fit-next' })) as FitStep;
      if (step.kind === 'done') return step.calibration;
      if (cancelled) return null;
      const progress = (done: number, total: number) =>
        onProgress({ step: step.step, maxSteps: step.max_steps, notReadyShare: step.not_ready_share, done, total });
      current = pool.run({ variants: [{ text: step.scenario, format: 'json', whatif: null }], replications: step.replications, seed: step.seed, compare: false }, (p) =>
        progress(p.done, p.total),
      );
      const res = await current.result;
      current = null;
      if (cancelled || res.cancelled) return null;
      await hw.call({ type: 'fit-submit', summary: res.summaries[0] });
    }
  })();
  return {
    result,
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
  };
}
