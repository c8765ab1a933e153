// Shapes of the JSON documents sim-wasm returns (they mirror sim-core's serde types).

export type Format = 'toml' | 'json';

export interface FieldError {
  path: string;
  message: string;
}

/** Statistics of one KPI across replications (sim_core::stats::Describe). */
export interface Describe {
  n: number;
  mean: number | null;
  sd: number | null;
  ci95: [number, number] | null;
  p5: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

export interface IntervalStat {
  mean: number | null;
  ci95: [number, number] | null;
}

export interface IntervalReport {
  interval: number;
  start_s: number;
  label: string;
  kpis: Record<string, IntervalStat>;
  by_type: Record<string, Record<string, IntervalStat>>;
  forecast_erlangs: number;
}

/** What a row of KPIs is about (sim_core::report::Scope): the center, a contact type or a group. */
export type Scope = 'overall' | 'type' | 'group';

export interface TargetReport {
  /** Always 'type' today: targets are set per contact type. */
  scope: Scope;
  id: string;
  kpi: string;
  rule: 'at least' | 'at most';
  target: number;
  mean: number | null;
  /** The mean meets the target (null when the mean is undefined). */
  met: boolean | null;
  missed_replications: number;
  missed_share: number;
}

/** The CLI's `ccsim run --format json` document. */
export interface Report {
  scenario: string;
  replications: number;
  requested: number;
  partial: boolean;
  seed: number;
  events: number;
  /** Replications whose queue exploded and was capped (results are a lower bound). */
  overloaded_replications?: number;
  kpis: Record<string, Describe>;
  by_type: Record<string, { channel: string; kpis: Record<string, Describe> }>;
  by_group: Record<string, { agents: number; kpis: Record<string, Describe> }>;
  targets: TargetReport[];
  by_interval: IntervalReport[];
}

export interface KpiDiff {
  scope: Scope;
  /** The type or group id ('' for the center). */
  id: string;
  kpi: string;
  base: number | null;
  variant: number | null;
  diff: number | null;
  ci95: [number, number] | null;
  unpaired_half_width: number | null;
  significant: boolean;
}

export interface TypeInfo {
  id: string;
  channel: string;
  rate_per_s: number[];
  mean_handle_s: number;
  mean_wrap_s: number;
  mean_patience_s: number | null;
  sl_threshold_s: number;
  sl_target: number | null;
  max_abandon_rate: number | null;
  concurrency: number;
  deflection: number;
  route: string[];
}

export interface GroupInfo {
  id: string;
  agents: number;
  skills: string[];
  absence: number;
  cost_per_hour: number;
  scheduled_per_interval: number[];
}

/** Facts of a compiled model (sim-wasm's ModelInfo). */
export interface ModelInfo {
  name: string;
  interval_s: number;
  intervals_per_day: number;
  n_intervals: number;
  horizon_s: number;
  warmup_s: number;
  start_weekday: number;
  agent_count: number;
  offered_erlangs: number[];
  types: TypeInfo[];
  groups: GroupInfo[];
  /** Erlang requirement of the center per interval for the scenario's own targets (sim-plan). */
  required_agents: number[];
}

export type ValidateResult =
  | { ok: true; scenario: ScenarioJson; info: ModelInfo }
  | { ok: false; errors: FieldError[]; scenario?: ScenarioJson };

/** sim_core::whatif::WhatIf */
export interface WhatIf {
  volume_scale?: number | null;
  aht_scale?: number | null;
  agents_delta?: Record<string, number>;
  shrinkage_pp?: number | null;
}

export interface QueueMetrics {
  p_wait: number | null;
  service_level: number | null;
  service_level_of_answered: number | null;
  asa_s: number | null;
  abandon_rate: number | null;
  occupancy: number | null;
  mean_queue_len: number | null;
  stable: boolean;
}

/** Counters of one contact type in the trainer (sim_core::tally::ContactTally). */
export interface ContactTally {
  arrivals: number;
  offered: number;
  answered: number;
  handled: number;
  abandoned: number;
  answered_in_threshold: number;
  wait_answered_sum: number;
  [k: string]: number;
}

export interface Snapshot {
  now: number;
  queue: number[];
  agents: [number, number][];
  totals: ContactTally[];
  kpis: Record<string, number | null>[];
  overall: Record<string, number | null>;
}

// The scenario in its JSON form (sim_core::scenario::Scenario). Only what the form editor touches is
// typed; everything else passes through untouched.
export interface DistSpec {
  dist: string;
  [param: string]: string | number | number[];
}

export interface BreakSpec {
  at?: string;
  after?: string;
  minutes: number;
  window_minutes?: number;
  name?: string;
}

export interface ShiftSpec {
  start: string;
  end: string;
  agents: number;
  days?: string[];
  breaks?: BreakSpec[];
}

export interface ArrivalSpec {
  rate_per_hour?: number;
  per_interval?: number[];
  per_day?: number;
  profile?: number[];
  /** Intraday weights of particular weekdays (mon … sun), replacing `profile` on those days. */
  weekday_profiles?: Record<string, number[]>;
  weekday_factors?: number[];
  volume_cv?: number;
  /** Types with the same name share one day factor draw (docs/scenario.md). */
  volume_group?: string;
  scale?: number;
}

export interface ContactTypeSpec {
  id: string;
  channel?: string;
  arrivals: ArrivalSpec;
  handle_time: DistSpec;
  wrap_up?: DistSpec;
  /** Handle-time multiplier by interval of answer (one per interval of a day or of the horizon). */
  handle_time_factors?: number[];
  patience?: DistSpec;
  service_level?: { threshold_s: number; target?: number };
  max_abandon_rate?: number;
  priority?: number;
  [k: string]: unknown;
}

export interface AgentGroupSpec {
  id: string;
  skills: string[];
  staffing?: { constant?: number; per_interval?: number[] };
  shifts?: ShiftSpec[];
  absence?: number;
  cost_per_hour?: number;
  [k: string]: unknown;
}

export interface ScenarioJson {
  version: number;
  name: string;
  description?: string;
  interval_minutes?: number;
  days?: number;
  start_weekday?: string;
  warmup_minutes?: number;
  costs?: { agent_hour: number; overtime_factor?: number };
  contact_types: ContactTypeSpec[];
  agent_groups: AgentGroupSpec[];
  [k: string]: unknown;
}
