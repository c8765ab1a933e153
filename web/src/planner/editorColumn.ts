// The editor column: which scenario is edited (baseline / variant), sim-core's validation verdict,
// and the form editor of that scenario.
import { announce, h } from '../dom';
import type { FieldError, Format, ModelInfo, ScenarioJson } from '../types';
import { sim } from '../wasm';
import { markErrors, renderEditor } from './editor';
import { validateDoc, type PlannerState, type Which } from './state';

export interface EditorColumn {
  el: HTMLElement;
  render(): void;
  showErrors(errors: FieldError[], title: string): void;
  /** Shows text that could not be read in the raw editor, so it can be fixed there. */
  showUnreadable(text: string): void;
}

export function createEditorColumn(st: PlannerState, on: { renderAll(): void; renderWhatIf(): void; refreshRun(): void }): EditorColumn {
  const editBase = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'true', 'data-testid': 'edit-baseline' }, 'Baseline');
  const editVar = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'false', 'data-testid': 'edit-variant' }, 'Variant');
  const dupBtn = h('button', { type: 'button', class: 'btn small', 'data-testid': 'duplicate' }, 'Duplicate as variant');
  const dropBtn = h('button', { type: 'button', class: 'btn small', hidden: true }, 'Remove variant');
  const switchTo = (w: Which) => {
    st.editing = w;
    on.renderAll();
  };
  editBase.addEventListener('click', () => switchTo('baseline'));
  editVar.addEventListener('click', () => {
    if (!st.variant) st.duplicate();
    switchTo('variant');
  });
  dupBtn.addEventListener('click', () => {
    st.duplicate();
    switchTo('variant');
  });
  dropBtn.addEventListener('click', () => {
    st.variant = null;
    switchTo('baseline');
  });
  const docTitle = h('p', { class: 'doc-title muted' });
  const validation = h('div', { id: 'validation', class: 'validation', 'aria-live': 'polite', 'data-testid': 'validation' });
  const host = h('div', { id: 'editor-host' });
  const el = h(
    'aside',
    { class: 'editor-col card', 'aria-label': 'Scenario editor' },
    h('div', { class: 'edit-switch' }, h('span', { class: 'muted' }, 'Editing'), h('div', { class: 'segmented', role: 'group', 'aria-label': 'Scenario being edited' }, editBase, editVar), dupBtn, dropBtn),
    docTitle,
    validation,
    host,
  );

  function showErrors(errors: FieldError[], title: string) {
    validation.className = 'validation bad';
    validation.replaceChildren(h('strong', {}, title), h('ul', { class: 'errors' }, errors.map((e) => h('li', {}, h('code', {}, e.path), `: ${e.message}`))));
  }

  function renderValidation() {
    const d = st.current();
    if (!d) return;
    if (d.errors.length) showErrors(d.errors, `${d.errors.length} problem${d.errors.length > 1 ? 's' : ''} (the CLI reports the same):`);
    else {
      validation.className = 'validation good';
      validation.replaceChildren(h('span', { class: 'ok-dot', 'aria-hidden': 'true' }), d.info ? describeModel(d.info) : 'Valid');
    }
    on.refreshRun();
  }

  let timer: number | undefined;
  /** A value changed in the forms: validate a moment later, keep the form. */
  function changed() {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const d = st.current();
      if (!d) return;
      validateDoc(d);
      renderValidation();
      markErrors(host, d.errors);
      on.renderWhatIf();
    }, 200);
  }

  const rawText = () => {
    const d = st.current();
    return d ? scenarioToml(d.obj) : '';
  };

  function applyRaw(text: string, format: Format) {
    const d = st.current();
    const res = sim.validate(text, format);
    if (!d) return;
    if (!res.ok && !res.scenario) {
      showErrors(res.errors, 'The raw text has errors');
      return;
    }
    d.obj = res.scenario as ScenarioJson;
    validateDoc(d);
    on.renderAll();
    announce('Raw text applied');
  }

  function render() {
    const d = st.current();
    editBase.setAttribute('aria-pressed', String(st.editing === 'baseline'));
    editVar.setAttribute('aria-pressed', String(st.editing === 'variant'));
    dropBtn.hidden = !st.variant;
    dupBtn.hidden = !!st.variant;
    if (!d) {
      host.replaceChildren();
      return;
    }
    docTitle.textContent = st.editing === 'variant' ? `Variant — ${d.label}` : `Baseline — ${d.label}`;
    const open = new Set(Array.from(host.querySelectorAll<HTMLDetailsElement>('details[data-section]')).filter((x) => x.open).map((x) => x.dataset.section));
    const restructure = () => {
      validateDoc(d);
      on.renderAll();
    };
    const ed = renderEditor(d.obj, d.info, { changed, restructure, applyRaw, rawText });
    if (open.size) ed.querySelectorAll<HTMLDetailsElement>('details[data-section]').forEach((x) => (x.open = open.has(x.dataset.section)));
    host.replaceChildren(ed);
    renderValidation();
    markErrors(host, d.errors);
  }

  function showUnreadable(text: string) {
    const raw = host.querySelector<HTMLTextAreaElement>('[data-testid="raw-editor"]');
    const det = raw?.closest('details');
    if (raw && det) {
      raw.value = text;
      det.open = true;
    }
  }

  return { el, render, showErrors, showUnreadable };
}

/** "Valid — 2 contact types, 1 group, 40 agents, 7 days in 30-minute intervals". */
function describeModel(i: ModelInfo): string {
  const days = Math.round((i.horizon_s / 86400) * 100) / 100;
  return `Valid — ${i.types.length} contact type${i.types.length > 1 ? 's' : ''}, ${i.groups.length} group${i.groups.length > 1 ? 's' : ''}, ${i.agent_count} agents, ${days} day${i.horizon_s > 86400 ? 's' : ''} in ${i.interval_s / 60}-minute intervals`;
}

/** The scenario as TOML for the raw editor (JSON if sim-core cannot write it as TOML). */
function scenarioToml(obj: ScenarioJson): string {
  try {
    return sim.convert(JSON.stringify(obj), 'json', 'toml');
  } catch {
    return JSON.stringify(obj, null, 2);
  }
}
