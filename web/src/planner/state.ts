// The planner's state: the baseline and variant scenarios being edited, the quick what-if, the last
// run and staffing curve, and what the results card shows. No DOM here.
import type { RunHandle } from '../runner/pool';
import type { VariantSpec } from '../runner/protocol';
import type { FieldError, KpiDiff, ModelInfo, Report, ScenarioJson, WhatIf } from '../types';
import { sim } from '../wasm';
import { buildWhatIf, controlsFromWhatIf, describeWhatIf, type QuickControls } from '../whatif';
import type { CurvePoint } from './staffing';

/** One scenario being edited, with sim-core's verdict on it. */
export interface Doc {
  obj: ScenarioJson;
  label: string;
  info: ModelInfo | null;
  errors: FieldError[];
}

export type Which = 'baseline' | 'variant';

export interface LastRun {
  reports: Report[];
  reportsRaw: string[];
  compare: KpiDiff[] | null;
  variantLabel: string;
}

export interface Curve {
  points: CurvePoint[];
  group: string;
  type: string;
}

/** Validates a scenario with sim-core (the CLI's checks); keeps the last good model facts. */
export function validateDoc(d: Doc): void {
  const res = sim.validate(JSON.stringify(d.obj), 'json');
  d.errors = res.ok ? [] : res.errors;
  d.info = res.ok ? res.info : d.info;
}

export class PlannerState {
  baseline: Doc | null = null;
  variant: Doc | null = null;
  editing: Which = 'baseline';
  quick: QuickControls = controlsFromWhatIf(null);
  last: LastRun | null = null;
  curve: Curve | null = null;
  /** The job using the worker pool now (a run, a curve or a staffing search): only its cancel is needed. */
  running: Pick<RunHandle, 'cancel'> | null = null;
  resultTab = 'overview';
  scope = 'overall';
  showAllDiffs = false;

  /** The scenario in the editor. */
  current(): Doc | null {
    return this.editing === 'variant' ? this.variant : this.baseline;
  }

  setDoc(which: Which, obj: ScenarioJson, label: string): void {
    const d: Doc = { obj, label, info: null, errors: [] };
    if (which === 'baseline') this.baseline = d;
    else this.variant = d;
    validateDoc(d);
  }

  /** A new baseline: variant, what-if, last run and curve are dropped. */
  startOver(obj: ScenarioJson, label: string): void {
    this.setDoc('baseline', obj, label);
    this.variant = null;
    this.editing = 'baseline';
    this.quick = controlsFromWhatIf(null);
    this.last = null;
    this.curve = null;
  }

  /** The variant becomes an edited copy of the baseline. */
  duplicate(): void {
    if (!this.baseline) return;
    this.setDoc('variant', structuredClone(this.baseline.obj), `variant of ${this.baseline.obj.name}`);
  }

  whatif(): WhatIf {
    return buildWhatIf(this.quick);
  }

  /** "Variant = edited copy with volume +10 %." */
  whatifText(): string {
    return `Variant = ${this.variant ? 'edited copy' : 'baseline'} with ${describeWhatIf(this.whatif())}.`;
  }

  variantLabel(): string {
    const base = this.baseline?.obj.name ?? '';
    return `${this.variant ? `${this.variant.obj.name} (edited copy)` : base} with ${describeWhatIf(this.whatif())}`;
  }

  baselineSpec(): VariantSpec {
    return { text: JSON.stringify(this.baseline?.obj), format: 'json', whatif: null };
  }

  /** The variant as the workers run it: the edited copy (or the baseline) with the what-if. */
  variantSpec(): VariantSpec {
    const obj = (this.variant ?? this.baseline)?.obj as ScenarioJson;
    const w = this.whatif();
    return { text: JSON.stringify(obj), format: 'json', whatif: Object.keys(w).length ? w : null };
  }

  canRun(): boolean {
    return !this.running && !this.baseline?.errors.length;
  }

  canCompare(): boolean {
    return this.canRun() && !this.variant?.errors.length;
  }
}

/** A file-name-safe form of a scenario name. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'scenario';
}
