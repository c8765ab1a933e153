// The planning layer (sim-plan through sim-wasm), typed: the Erlang requirement, the Erlang
// prediction of a contact type, and the simulation staffing search driven over the worker pool.
// No planning logic lives here: sim-plan decides every number; this module only carries
// proposals to the workers and summaries back.
import type { Pool, RunHandle } from './runner/pool';
import type { Format, WhatIf } from './types';
import { raw as w } from './wasm';

export interface Prediction {
  service_level: number | null;
  abandon_rate: number | null;
  asa_s: number | null;
  occupancy: number | null;
}

export interface Requirement {
  type_ids: string[];
  group_ids: string[];
  first_choice_types: number[][];
  planned: boolean[];
  type_load_erlangs: number[][];
  type_agents: number[][];
  group_load_erlangs: number[][];
  group_agents: number[][];
  center_agents: number[];
}

export interface IntervalCheck {
  service_level: number | null;
  abandon_rate: number | null;
  met: boolean;
}

export interface IntervalPlan {
  interval: number;
  label: string;
  warmup: boolean;
  offered_erlangs: number;
  erlang: number;
  at_erlang: IntervalCheck;
  needed: number;
  at_needed: IntervalCheck;
  scheduled: number;
}

export interface GroupPlan {
  id: string;
  planned: boolean;
  agent_hours: { erlang: number; needed: number; scheduled: number };
  intervals: IntervalPlan[];
}

export interface StaffingPlan {
  scenario: string;
  targets: string[];
  replications: number;
  seed: number;
  simulation_steps: number;
  converged: boolean;
  partial: boolean;
  groups: GroupPlan[];
  kpis_at_needed: Record<string, { mean: number | null }>;
  targets_at_needed: unknown[];
  kpis_at_erlang: Record<string, { mean: number | null }>;
}

export interface ScenarioSpec {
  text: string;
  format: Format;
  whatif: WhatIf | null;
}

const wi = (x: WhatIf | null | undefined): string => (x ? JSON.stringify(x) : '');

/** Erlang requirement per interval of every type and group; `targets` like `["service_level=0.8"]` ([] = the scenario's). */
export function requirement(s: ScenarioSpec, targets: string[] = []): Requirement {
  return JSON.parse(w.staffing_requirement(s.text, s.format, wi(s.whatif), targets.length ? JSON.stringify(targets) : '')) as Requirement;
}

/** Erlang C/A prediction of one contact type with the scenario's own staffing. */
export function prediction(s: ScenarioSpec, typeId: string): Prediction {
  return JSON.parse(w.erlang_prediction_of(s.text, s.format, wi(s.whatif), typeId)) as Prediction;
}

export interface SearchProgress {
  step: number;
  maxSteps: number;
  /** Replications finished in this step / in it. */
  done: number;
  total: number;
  elapsedMs: number;
}

export interface SearchRequest {
  scenario: ScenarioSpec;
  targets: string[];
  replications: number;
  seed: string;
  maxSteps: number;
  minAgents?: number;
}

export interface SearchHandle {
  /** The plan; `partial` when cancelled; null when cancelled before the first step finished. */
  result: Promise<StaffingPlan | null>;
  cancel(): void;
}

interface SimulateStep {
  kind: 'simulate';
  step: number;
  max_steps: number;
  seed: string;
  replications: number;
  scenario: string;
}
type SearchStep = SimulateStep | { kind: 'done'; plan: StaffingPlan };

/**
 * Runs sim-plan's staffing search: every proposed staffing is simulated by the worker pool (the
 * same replications and seed as `ccsim staff`), its merged summary handed back, until the search
 * is done. Throws the search's own message for bad targets or options.
 */
export function runStaffingSearch(pool: Pool, req: SearchRequest, onProgress: (p: SearchProgress) => void): SearchHandle {
  const search = new w.StaffingSearchJs(
    req.scenario.text,
    req.scenario.format,
    wi(req.scenario.whatif),
    req.targets.length ? JSON.stringify(req.targets) : '',
    JSON.stringify({ replications: req.replications, seed: req.seed, max_steps: req.maxSteps, min_agents: req.minAgents ?? 0 }),
  );
  let cancelled = false;
  let current: RunHandle | null = null;
  const t0 = performance.now();
  const result = (async () => {
    try {
      for (;;) {
        const step = JSON.parse(search.next_step()) as SearchStep;
        if (step.kind === 'done') return step.plan;
        if (cancelled) return JSON.parse(search.stop()) as StaffingPlan | null;
        current = pool.run(
          { variants: [{ text: step.scenario, format: 'json', whatif: null }], replications: step.replications, seed: step.seed, compare: false },
          (p) => onProgress({ step: step.step, maxSteps: step.max_steps, done: p.done, total: p.total, elapsedMs: performance.now() - t0 }),
        );
        const res = await current.result;
        current = null;
        if (cancelled || res.cancelled) return JSON.parse(search.stop()) as StaffingPlan | null;
        search.submit(res.summaries[0]);
      }
    } finally {
      search.free();
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
