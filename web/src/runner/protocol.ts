// Messages between the page and the run workers.
import type { Format, WhatIf } from '../types';

export interface VariantSpec {
  text: string;
  format: Format;
  whatif: WhatIf | null;
}

export type ToWorker =
  | { type: 'job'; job: number; variants: VariantSpec[]; seed: string }
  | { type: 'task'; job: number; variant: number; start: number; end: number }
  | { type: 'collect'; job: number }
  | { type: 'finalize'; job: number; variants: VariantSpec[]; seed: string; parts: string[][]; requested: number; compare: boolean };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; job: number; variant: number; count: number; ms: number }
  | { type: 'parts'; job: number; parts: (string | null)[] }
  | { type: 'final'; job: number; summaries: string[]; reports: string[]; compares: string[] }
  | { type: 'error'; job: number; message: string };
