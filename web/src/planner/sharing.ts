// Scenario export (TOML/JSON through sim-core, what-if applied to the variant) and share links.
import { announce, download } from '../dom';
import { decodeShare, encodeShare, type SharedState } from '../share';
import type { Format } from '../types';
import { sim } from '../wasm';
import { controlsFromWhatIf } from '../whatif';
import { slug, type PlannerState } from './state';

/** The scenario being edited as a file (the variant with its what-if); throws what sim-core says. */
export function exportScenario(st: PlannerState, format: Format): void {
  const d = st.current();
  if (!d) return;
  const variant = st.editing === 'variant';
  const out = sim.applyWhatIf(JSON.stringify(d.obj), 'json', variant ? st.whatif() : {}, format);
  download(`${slug(d.obj.name)}${variant ? '-variant' : ''}.${format}`, out, format === 'json' ? 'application/json' : 'application/toml');
}

/** Makes a share link of baseline, variant, what-if, replications and seed; copies it if it can. */
export async function makeShareLink(st: PlannerState, run: { replications: string; seed: string }): Promise<{ url: string; copied: boolean } | null> {
  if (!st.baseline) return null;
  const state: SharedState = { v: 1, base: st.baseline.obj };
  if (st.variant) state.variant = st.variant.obj;
  const w = st.whatif();
  if (Object.keys(w).length) state.whatif = w;
  state.replications = Number(run.replications) || 100;
  state.seed = run.seed;
  const code = await encodeShare(state);
  const url = `${location.origin}${location.pathname}#share=${code}`;
  history.replaceState(null, '', `#share=${code}`);
  try {
    await navigator.clipboard.writeText(url);
    announce('Share link copied to the clipboard');
    return { url, copied: true };
  } catch {
    announce('Share link shown; copy it with Ctrl+C');
    return { url, copied: false };
  }
}

/** Opens a share link into the state; returns its replications and seed. Throws when unreadable. */
export async function openShareLink(st: PlannerState, code: string): Promise<{ replications?: number; seed?: string }> {
  const s = await decodeShare(code);
  st.setDoc('baseline', s.base, 'shared link');
  st.variant = null;
  if (s.variant) st.setDoc('variant', s.variant, 'shared link');
  st.quick = controlsFromWhatIf(s.whatif ?? null);
  return { replications: s.replications, seed: s.seed };
}
