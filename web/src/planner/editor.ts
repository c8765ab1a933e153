// The scenario form editor. It edits the scenario's JSON form (sim_core::scenario::Scenario) in
// place; every change is sent back to sim-wasm for validation, so the errors shown are exactly the
// CLI's (same field paths, same messages). Anything the forms do not cover is in the raw editor.
import { h } from '../dom';
import type { FieldError, ModelInfo, ScenarioJson } from '../types';
import { contactTypeSection } from './editorContactType';
import { generalSection } from './editorGeneral';
import { groupSection } from './editorGroup';
import { rawSection } from './editorRaw';

export interface EditorCallbacks {
  /** A value changed (validate, keep the form). */
  changed(): void;
  /** The structure changed (add / remove / mode switch): re-render the form. */
  restructure(): void;
  /** Replace the whole scenario from raw text. */
  applyRaw(text: string, format: 'toml' | 'json'): void;
  /** Raw TOML of the current scenario. */
  rawText(): string;
}

/** What every editor section works on: the scenario (edited in place) and how to report changes. */
export interface EditorContext {
  s: ScenarioJson;
  info: ModelInfo | null;
  /** A value changed (validate, keep the form). */
  ch(): void;
  /** The structure changed: re-render the form. */
  restructure(): void;
  intervalMin: number;
  /** Intervals per day. */
  ipd: number;
  days: number;
  typeIds: string[];
}

export function renderEditor(s: ScenarioJson, info: ModelInfo | null, cb: EditorCallbacks): HTMLElement {
  const intervalMin = s.interval_minutes ?? 30;
  const ctx: EditorContext = {
    s,
    info,
    ch: () => cb.changed(),
    restructure: () => cb.restructure(),
    intervalMin,
    ipd: Math.floor(1440 / intervalMin) || 48,
    days: s.days ?? 1,
    typeIds: s.contact_types.map((t) => t.id),
  };
  const { restructure, typeIds } = ctx;
  const addType = h('button', { type: 'button', class: 'btn small' }, '+ Contact type');
  addType.addEventListener('click', () => {
    let n = s.contact_types.length + 1;
    while (typeIds.includes(`type${n}`)) n++;
    s.contact_types.push({ id: `type${n}`, channel: 'voice', arrivals: { rate_per_hour: 60 }, handle_time: { dist: 'exponential', mean: 240 }, service_level: { threshold_s: 20, target: 0.8 } });
    s.agent_groups[0]?.skills.push(`type${n}`);
    restructure();
  });
  const addGroup = h('button', { type: 'button', class: 'btn small' }, '+ Agent group');
  addGroup.addEventListener('click', () => {
    let n = s.agent_groups.length + 1;
    while (s.agent_groups.some((g) => g.id === `group${n}`)) n++;
    s.agent_groups.push({ id: `group${n}`, skills: typeIds.slice(0, 1), staffing: { constant: 5 } });
    restructure();
  });

  return h(
    'div',
    { class: 'editor' },
    generalSection(ctx),
    h('div', { class: 'section-head' }, h('h3', {}, 'Contact types'), addType),
    s.contact_types.map((t, i) => contactTypeSection(ctx, t, i)),
    h('div', { class: 'section-head' }, h('h3', {}, 'Agent groups'), addGroup),
    s.agent_groups.map((g, i) => groupSection(ctx, g, i)),
    rawSection(cb),
  );
}

/** Marks inputs whose data-path matches an error (or is its parent) and lists messages beside them. */
export function markErrors(root: HTMLElement, errors: FieldError[]): void {
  root.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
  root.querySelectorAll('.field-error').forEach((el) => el.remove());
  for (const e of errors) {
    const candidates = Array.from(root.querySelectorAll<HTMLElement>('[data-path]'));
    // exact match first, else the longest data-path that is a prefix of the error path
    let best: HTMLElement | null = null;
    let bestLen = -1;
    for (const el of candidates) {
      const dp = el.dataset.path ?? '';
      if (dp === e.path) {
        best = el;
        break;
      }
      if ((e.path.startsWith(dp + '.') || e.path.startsWith(dp + '[')) && dp.length > bestLen) {
        best = el;
        bestLen = dp.length;
      }
    }
    if (!best) continue;
    best.setAttribute('aria-invalid', 'true');
    const msg = h('small', { class: 'field-error', role: 'note' }, `${e.path}: ${e.message}`);
    const host = best.closest('.field, td, fieldset, details') ?? best.parentElement;
    host?.append(msg);
    // open the section that holds it
    let d = best.closest('details');
    while (d) {
      d.open = true;
      d = d.parentElement?.closest('details') ?? null;
    }
  }
}
