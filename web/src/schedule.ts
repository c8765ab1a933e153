// The schedule generator (sim-plan's schedule search through sim-wasm), typed: the rules checked
// against a scenario on the main thread (cheap), and the search run from the schedule worker
// (scheduleWorker.ts: its integer program takes seconds) with every step's replications over the
// run workers, as `ccsim schedule` runs them on its threads. No planning logic lives here:
// sim-plan decides every number; this module carries proposals to the workers and summaries back.
import type { ScheduleRequest } from './scheduleProtocol';
import { RequestWorker } from './requestWorker';
import type { Pool, RunHandle } from './runner/pool';
import type { FieldError, ScenarioJson } from './types';
import { raw as w } from './wasm';

export interface TargetCheck {
  contact_type: string;
  kpi: 'service_level' | 'abandon_rate' | string;
  target: number;
  mean: number | null;
  ci95: [number, number] | null;
  met: boolean;
  met_confidently: boolean;
}

export type RunPurpose = 'baseline' | 'repair' | 'verify';

export interface Iteration {
  iteration: number;
  purpose: RunPurpose;
  cost: number | null;
  weekly_cost: number | null;
  paid_hours: number | null;
  scenario_cost: number | null;
  solver_status: string | null;
  gap: number | null;
  required_agent_hours: number;
  shift_lines: number;
  /** Shifts worked in a week (agents × days of every line). */
  shifts_per_week: number;
  targets: TargetCheck[];
  intervals_below_floor: number;
  worst_interval_service_level: number | null;
  met: boolean;
  change: string;
}

/** A shift line: `agents` agents of template `template` from `start` (minutes) on `days`. */
export interface ScheduleLine {
  template: number;
  start: number;
  days: boolean[];
  agents: number;
  /** (days, start offset in minutes of each of the template's breaks). */
  breaks: [boolean[], number[]][];
}

export interface ScheduleRow {
  group: string;
  template: string;
  start: string;
  end: string;
  weekdays: string;
  agents: number;
  breaks: string;
  cost: number;
}

export interface CoverageRow {
  interval: number;
  label: string;
  group: string;
  warmup: boolean;
  required: number;
  scheduled: number;
  net: number;
  over_under: number;
}

/** sim-plan's ScheduleResult as serialised (what `ccsim schedule --format json` prints, without `source`). */
export interface ScheduleResult {
  scenario_name: string;
  lines: ScheduleLine[];
  rows: ScheduleRow[];
  coverage: CoverageRow[];
  cost: number;
  weekly_cost: number;
  solver_status: string;
  gap: number | null;
  iterations: Iteration[];
  converged: boolean;
  requirement_given: boolean;
  partial: boolean;
  verification: Iteration | null;
  verification_seed: number;
  baseline: Iteration | null;
  first: Iteration | null;
}

export interface TemplateInfo {
  id: string;
  group: string;
  starts: string[];
  length_minutes: number;
  paid_minutes: number;
  cost_per_shift: number;
  breaks: { name: string; minutes: number; paid: boolean; earliest_minutes: number; latest_minutes: number; step_minutes: number }[];
  patterns: number;
}

export interface RulesSummary {
  templates: TemplateInfo[];
  weekly: boolean;
  floors: number;
  groups: string[];
}

export interface ScheduleDone {
  kind: 'done';
  result: ScheduleResult;
  /** The scenario with the generated shifts (JSON form): "Apply to scenario". */
  scenario: ScenarioJson;
  /** The repair iteration chosen (the one the verification re-ran). */
  chosen_iteration: number | null;
  templates: TemplateInfo[];
  interval_minutes: number;
  /** The verification run's seed, exactly (a u64 as decimal text). */
  verification_seed: string;
}

export interface CoverFacts {
  weekly_cost: number;
  shifts_per_week: number;
  lines: number;
  status: string;
  gap: number | null;
}

interface SimulateStep {
  kind: 'simulate';
  purpose: RunPurpose;
  iteration: number;
  max_iterations: number;
  seed: string;
  replications: number;
  scenario: string;
  proposed: CoverFacts | null;
  iterations: Iteration[];
}
type Step = SimulateStep | ScheduleDone;

/** An error of the bindings: where it comes from and its field errors. */
export interface ScheduleError {
  source: 'scenario' | 'rules' | 'requirement' | 'options' | 'targets' | 'search' | 'worker';
  errors: FieldError[];
}

export function scheduleErrorOf(e: unknown): ScheduleError {
  const msg = e instanceof Error ? e.message : String(e);
  try {
    const v = JSON.parse(msg) as Partial<ScheduleError>;
    if (v && Array.isArray(v.errors)) return { source: v.source ?? 'search', errors: v.errors };
  } catch {
    // a plain message
  }
  return { source: 'worker', errors: [{ path: '(schedule)', message: msg }] };
}

export type RulesCheck = { ok: true; summary: RulesSummary } | ({ ok: false } & ScheduleError);

/** The rules checked against a scenario (JSON text) by sim-plan, with field paths. */
export function validateRules(scenarioJson: string, rules: string): RulesCheck {
  return JSON.parse(w.schedule_rules_validate(scenarioJson, 'json', rules)) as RulesCheck;
}

/** A rules file as a JSON document (throws the bindings' errors JSON when it does not parse). */
export function rulesAsJson(rules: string): unknown {
  return JSON.parse(w.schedule_rules_json(rules)) as unknown;
}

/** sim-plan's starter rules for a scenario (JSON text). */
export function starterRules(scenarioJson: string): string {
  return w.schedule_starter_rules(scenarioJson, 'json');
}

/**
 * The schedule worker: one request at a time in order; `terminate` ends it at once (a solve
 * under way stops) and pending requests fail with "cancelled".
 */
export class ScheduleWorker extends RequestWorker<ScheduleRequest> {
  constructor() {
    super(() => new Worker(new URL('./scheduleWorker.ts', import.meta.url), { type: 'module', name: 'ccsim-schedule' }), 'schedule');
  }
}

/** The options of `ccsim schedule` (its flags; null = the CLI's default). */
export interface ScheduleOptions {
  replications: number;
  seed: string;
  max_iterations: number;
  min_interval_service_level: number | null;
  targets: string[];
  /** The solver's limits (`--mip-gap`, `--node-limit` (0 = none), `--time-limit`); null = the CLI's default. */
  mip_gap: number | null;
  node_limit: number | null;
  time_limit_s: number | null;
}

export interface ScheduleProgress {
  /** `solving`: the integer program runs in the worker; `simulating`: the run workers. */
  phase: 'solving' | 'simulating';
  purpose: RunPurpose | null;
  iteration: number;
  maxIterations: number;
  done: number;
  total: number;
  elapsedMs: number;
  /** The cover being simulated (null for the current schedule). */
  proposed: CoverFacts | null;
  /** The repair simulations finished so far. */
  iterations: Iteration[];
}

export interface ScheduleOutcome {
  /** The result; `result.partial` when cancelled between solves; null when there is none. */
  done: ScheduleDone | null;
  cancelled: boolean;
  /** Every repair simulation finished (also when cancelled without a result). */
  iterations: Iteration[];
  /** Merged summaries (JSON) of the current schedule and of the chosen one, same seed: the paired comparison. */
  baselineSummary: string | null;
  chosenSummary: string | null;
  elapsedMs: number;
}

export interface ScheduleHandle {
  result: Promise<ScheduleOutcome>;
  cancel(): void;
}

export interface ScheduleInput {
  /** The scenario's JSON text. */
  scenario: string;
  rules: string;
  /** A given requirement CSV ('' = computed by the search). */
  requirement: string;
  options: ScheduleOptions;
}

/**
 * Runs sim-plan's schedule search: the schedule worker solves and proposes a scenario, the run
 * workers simulate it (the replications and seed of `ccsim schedule`), the merged summary goes
 * back, until the search is done. Cancel while simulating: the best schedule so far (partial);
 * cancel while solving: the worker is terminated at once (no result). Rejects with the
 * bindings' errors JSON for bad rules, requirement or options.
 */
export function runScheduleSearch(pool: Pool, input: ScheduleInput, onProgress: (p: ScheduleProgress) => void): ScheduleHandle {
  const sw = new ScheduleWorker();
  const t0 = performance.now();
  let cancelled = false;
  let current: RunHandle | null = null;
  let iterations: Iteration[] = [];
  /** Merged summaries by "purpose:iteration"; repair ones that missed are dropped. */
  const summaries = new Map<string, string>();
  const base = { phase: 'solving' as const, purpose: null, iteration: 0, maxIterations: input.options.max_iterations, done: 0, total: 0, proposed: null };
  const outcome = (done: ScheduleDone | null): ScheduleOutcome => ({
    done,
    cancelled,
    iterations: done?.result.iterations ?? iterations,
    baselineSummary: summaries.get('baseline:0') ?? null,
    chosenSummary: done?.chosen_iteration != null ? (summaries.get(`repair:${done.chosen_iteration}`) ?? null) : null,
    elapsedMs: performance.now() - t0,
  });
  const result = (async (): Promise<ScheduleOutcome> => {
    try {
      onProgress({ ...base, elapsedMs: 0, iterations });
      await sw.call({ type: 'start', scenario: input.scenario, format: 'json', rules: input.rules, requirement: input.requirement, options: JSON.stringify(input.options) });
      for (;;) {
        if (cancelled) return outcome(null);
        const step = JSON.parse(await sw.call({ type: 'next' })) as Step;
        if (step.kind === 'done') return outcome(step);
        iterations = step.iterations;
        for (const it of iterations) if (!it.met && it.iteration !== iterations.at(-1)?.iteration) summaries.delete(`repair:${it.iteration}`);
        const progress = (phase: 'solving' | 'simulating', done: number, total: number) =>
          onProgress({ phase, purpose: step.purpose, iteration: step.iteration, maxIterations: step.max_iterations, done, total, elapsedMs: performance.now() - t0, proposed: step.proposed, iterations });
        progress('simulating', 0, step.replications);
        current = pool.run({ variants: [{ text: step.scenario, format: 'json', whatif: null }], replications: step.replications, seed: step.seed, compare: false }, (p) => progress('simulating', p.done, p.total));
        const res = await current.result;
        current = null;
        if (cancelled || res.cancelled) {
          cancelled = true;
          const stopped = JSON.parse(await sw.call({ type: 'stop' })) as ScheduleDone | null;
          return outcome(stopped);
        }
        if (step.purpose !== 'verify') summaries.set(`${step.purpose}:${step.iteration}`, res.summaries[0]);
        progress('solving', step.replications, step.replications);
        await sw.call({ type: 'submit', summary: res.summaries[0] });
      }
    } catch (e) {
      if (cancelled) return outcome(null);
      throw e;
    } finally {
      sw.terminate();
    }
  })();
  return {
    result,
    cancel: () => {
      cancelled = true;
      if (current) current.cancel();
      else sw.terminate();
    },
  };
}

/** The schedule table as `ccsim schedule --format csv` writes schedule.csv. */
export function scheduleCsv(rows: ScheduleRow[]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const head = ['group', 'template', 'start', 'weekdays', 'agents', 'breaks', 'cost'];
  const lines = [head.join(',')];
  for (const r of rows) lines.push([r.group, r.template, r.start, r.weekdays, r.agents, r.breaks, Number.isFinite(r.cost) ? r.cost : ''].map(cell).join(','));
  return lines.join('\n') + '\n';
}
