// Quick what-if controls → sim_core::whatif::WhatIf (applied by sim-core, same as the CLI's flags).
import type { WhatIf } from './types';

export interface QuickControls {
  /** Volume change in percent (+10 = 10 % more contacts). */
  volumePct: number;
  /** Handle-time change in percent (talk and wrap-up). */
  ahtPct: number;
  /** Agents added (negative: removed) per group id. */
  agents: Record<string, number>;
  /** Shrinkage (absence) change in percentage points. */
  shrinkagePp: number;
}

export const NO_CHANGE: QuickControls = { volumePct: 0, ahtPct: 0, agents: {}, shrinkagePp: 0 };

const finite = (x: number) => Number.isFinite(x) && x !== 0;

export function buildWhatIf(c: QuickControls): WhatIf {
  const w: WhatIf = {};
  if (finite(c.volumePct)) w.volume_scale = Math.max(0, 1 + c.volumePct / 100);
  if (finite(c.ahtPct)) w.aht_scale = Math.max(0.01, 1 + c.ahtPct / 100);
  const agents = Object.fromEntries(
    Object.entries(c.agents).filter(([, n]) => finite(n)).map(([g, n]) => [g, Math.trunc(n)]),
  );
  if (Object.keys(agents).length > 0) w.agents_delta = agents;
  if (finite(c.shrinkagePp)) w.shrinkage_pp = c.shrinkagePp;
  return w;
}

export function controlsFromWhatIf(w: WhatIf | null | undefined): QuickControls {
  if (!w) return { ...NO_CHANGE, agents: {} };
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    volumePct: w.volume_scale != null ? round((w.volume_scale - 1) * 100) : 0,
    ahtPct: w.aht_scale != null ? round((w.aht_scale - 1) * 100) : 0,
    agents: { ...(w.agents_delta ?? {}) },
    shrinkagePp: w.shrinkage_pp ?? 0,
  };
}

export function isEmptyWhatIf(w: WhatIf | null | undefined): boolean {
  return !w || Object.keys(buildWhatIf(controlsFromWhatIf(w))).length === 0;
}

/** "volume +10 %, AHT −5 %, agents: day +2" */
export function describeWhatIf(w: WhatIf | null | undefined): string {
  const c = controlsFromWhatIf(w);
  const s = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${-x}` : '0');
  const parts: string[] = [];
  if (c.volumePct) parts.push(`volume ${s(c.volumePct)} %`);
  if (c.ahtPct) parts.push(`AHT ${s(c.ahtPct)} %`);
  const ag = Object.entries(c.agents).filter(([, n]) => n);
  if (ag.length) parts.push(`agents: ${ag.map(([g, n]) => `${g} ${s(n)}`).join(', ')}`);
  if (c.shrinkagePp) parts.push(`shrinkage ${s(c.shrinkagePp)} pp`);
  return parts.length ? parts.join(', ') : 'no quick changes';
}
