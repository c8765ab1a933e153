// The sim-wasm package (built by scripts/build-wasm.sh into web/pkg/), typed. Used by the main
// thread (validation, conversion, Erlang formulas, the trainer) and by the run workers.
import init, * as w from '../pkg/sim_wasm.js';
import wasmUrl from '../pkg/sim_wasm_bg.wasm?url';
import type {
  DistSpec,
  FieldError,
  Format,
  KpiDiff,
  ModelInfo,
  QueueMetrics,
  Report,
  Snapshot,
  ValidateResult,
  WhatIf,
} from './types';

let ready: Promise<void> | null = null;

/** Loads and instantiates the module once (no network: the file is part of the build). */
export function loadWasm(): Promise<void> {
  ready ??= init({ module_or_path: wasmUrl }).then(() => undefined);
  return ready;
}

/** Field errors carried by an exception from sim-wasm (`{"errors":[…]}`), or one generic error. */
export function errorsOf(e: unknown): FieldError[] {
  const msg = e instanceof Error ? e.message : String(e);
  try {
    const v = JSON.parse(msg) as { errors?: FieldError[] };
    if (Array.isArray(v.errors)) return v.errors;
  } catch {
    // not JSON: a plain message
  }
  return [{ path: '(file)', message: msg }];
}

const wi = (x: WhatIf | null | undefined): string => (x ? JSON.stringify(x) : '');

export const sim = {
  version: (): string => w.version(),
  validate: (text: string, format: Format, whatif?: WhatIf | null): ValidateResult =>
    JSON.parse(w.validate(text, format, wi(whatif))) as ValidateResult,
  convert: (text: string, format: Format, to: Format): string => w.convert(text, format, to),
  applyWhatIf: (text: string, format: Format, whatif: WhatIf, to: Format): string =>
    w.apply_whatif(text, format, wi(whatif), to),
  report: (text: string, format: Format, whatif: WhatIf | null, summary: string): Report =>
    JSON.parse(w.report(text, format, wi(whatif), summary)) as Report,
  compare: (base: string, variant: string): KpiDiff[] => JSON.parse(w.compare(base, variant)) as KpiDiff[],
  queueMetrics: (lambdaPerS: number, ahtS: number, patienceS: number | null, agents: number, thresholdS: number): QueueMetrics =>
    JSON.parse(w.queue_metrics(lambdaPerS, ahtS, patienceS ?? 0, Math.max(0, Math.round(agents)), thresholdS)) as QueueMetrics,
  agentsForServiceLevel: (lambdaPerS: number, ahtS: number, patienceS: number | null, thresholdS: number, target: number, max = 5000): number | null => {
    const n = Number(w.agents_for_service_level(lambdaPerS, ahtS, patienceS ?? 0, thresholdS, target, max));
    return n < 0 ? null : n;
  },
  /** Mean (s) of a duration distribution as sim-core computes it; null when the spec is not valid. */
  distMean: (spec: DistSpec): number | null => {
    try {
      const m = w.dist_mean(JSON.stringify(spec));
      return Number.isFinite(m) ? m : null;
    } catch {
      return null;
    }
  },
};

export type { ModelInfo, Snapshot };
export { w as raw };
