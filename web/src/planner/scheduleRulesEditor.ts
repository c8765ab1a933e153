// The rules half of the Schedule tab: the form and the raw TOML kept in sync (a form edit writes
// the TOML anew; a raw edit redraws the form when it parses and is the source of truth), the
// bundled example rules or sim-plan's starter rules, and sim-plan's live check with every error
// beside its input (field paths).
import { download, h } from '../dom';
import { fmtMoney } from '../format';
import { rulesAsJson, scheduleErrorOf, starterRules, validateRules, type RulesSummary } from '../schedule';
import { formFromJson, rulesToToml, type RulesForm } from '../scheduleRules';
import { exampleRulesFor } from '../scenarios';
import type { FieldError } from '../types';
import { markErrors } from './editor';
import { createRulesForm } from './scheduleForm';
import type { PlannerState } from './state';

export interface RulesEditor {
  el: HTMLElement;
  text(): string;
  /** The rules passed sim-plan's check against the current scenario. */
  ok(): boolean;
  /** Checks now (after a debounce, or when the scenario changed). */
  validateNow(): void;
  /** Shows errors of a search that stopped on the rules. */
  showErrors(errors: FieldError[], title: string, markForm: boolean): void;
  /** Called when the tab is shown: loads the example rules on a first visit, redraws, checks. */
  shown(): void;
  refresh(): void;
}

/** The current scenario as JSON text, or null while it has errors. */
export const scenarioTextOf = (st: PlannerState): string | null => (st.baseline && !st.baseline.errors.length ? JSON.stringify(st.baseline.obj) : null);

function summaryView(s: RulesSummary): HTMLElement[] {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return [
    h('strong', {}, `Rules OK: ${plural(s.templates.length, 'template')} for ${s.groups.join(', ')}${s.weekly ? ', weekly rules' : ''}${s.floors ? `, ${plural(s.floors, 'floor')}` : ''}.`),
    h(
      'ul',
      { class: 'small' },
      s.templates.map((t) =>
        h('li', {}, `${t.id} (${t.group}): ${plural(t.starts.length, 'start time')} ${t.starts.slice(0, 6).join(', ')}${t.starts.length > 6 ? ', …' : ''}; ${+(t.length_minutes / 60).toFixed(2)} h, ${fmtMoney(t.cost_per_shift)} a shift; ${plural(t.breaks.length, 'break')}; ${plural(t.patterns, 'day pattern')}`),
      ),
    ),
  ];
}

export function createRulesEditor(st: PlannerState, onChecked: () => void): RulesEditor {
  const raw = h('textarea', { id: 'rules-raw', rows: '16', spellcheck: 'false', class: 'mono', 'data-testid': 'rules-raw', 'aria-describedby': 'rules-check' });
  const check = h('div', { id: 'rules-check', class: 'rules-check', role: 'status', 'aria-live': 'polite', 'data-testid': 'rules-check', 'data-state': 'empty' });
  const form = createRulesForm(() => fromForm());
  const exampleBtn = h('button', { type: 'button', class: 'btn', 'data-testid': 'rules-example' }, 'Load the example rules');
  const starterBtn = h('button', { type: 'button', class: 'btn', 'data-testid': 'rules-starter' }, 'Start from the scenario’s shifts');
  const rulesDl = h('button', { type: 'button', class: 'btn small' }, 'Download rules.toml');
  let model: RulesForm = { templates: [], weekly: null, floors: [] };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let checkedFor = '';
  let rulesOk = false;
  let loadedFor: string | null = null;
  /** The example rules loaded without asking (replaced when the scenario changes). */
  let autoText = '';
  const groups = () => st.baseline?.info?.groups.map((g) => g.id) ?? [];

  /** The form was edited: its TOML replaces the raw text. */
  function fromForm() {
    raw.value = rulesToToml(model);
    form.setStale(false);
    later();
  }

  /** The raw text changed (typed, loaded): the form follows when it parses. */
  function fromRaw() {
    try {
      model = formFromJson(rulesAsJson(raw.value));
      form.show(model, groups());
      form.setStale(false);
    } catch {
      form.setStale(true);
    }
    later();
  }

  function setRules(text: string) {
    raw.value = text;
    fromRaw();
    validateNow();
  }

  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(validateNow, 250);
  };

  function showErrors(errors: FieldError[], title: string, markForm: boolean) {
    check.dataset.state = 'error';
    check.replaceChildren(h('strong', {}, title), h('ul', { role: 'alert' }, errors.map((e) => h('li', {}, h('code', {}, e.path), `: ${e.message}`))));
    if (markForm) markErrors(form.el, errors);
  }

  function validateNow() {
    if (timer) clearTimeout(timer);
    timer = null;
    const s = scenarioTextOf(st);
    const key = `${s ?? ''}\u0000${raw.value}`;
    if (key === checkedFor) return;
    checkedFor = key;
    rulesOk = false;
    markErrors(form.el, []);
    if (!raw.value.trim()) {
      check.dataset.state = 'empty';
      check.replaceChildren(h('p', { class: 'hint' }, 'No rules yet: load the example rules, start from the scenario’s shifts, or write them.'));
    } else if (!s) {
      showErrors([{ path: '(scenario)', message: 'the scenario has errors: fix it in the editor first' }], 'Cannot check the rules', false);
    } else {
      const v = validateRules(s, raw.value);
      if (v.ok) {
        rulesOk = true;
        check.dataset.state = 'ok';
        check.replaceChildren(...summaryView(v.summary));
      } else showErrors(v.errors, v.source === 'rules' ? 'The rules have problems (each is marked in the form):' : `The ${v.source} has problems:`, v.source === 'rules');
    }
    onChecked();
  }

  raw.addEventListener('input', fromRaw);
  exampleBtn.addEventListener('click', () => {
    const ex = exampleRulesFor(st.baseline?.obj.name);
    if (ex) setRules(ex.text);
  });
  starterBtn.addEventListener('click', () => {
    const s = scenarioTextOf(st);
    if (!s) return;
    try {
      setRules(starterRules(s));
    } catch (e) {
      showErrors(scheduleErrorOf(e).errors, 'No starter rules:', false);
    }
  });
  rulesDl.addEventListener('click', () => download('rules.toml', raw.value, 'application/toml'));

  const el = h(
    'div',
    { class: 'rules-editor' },
    h('div', { class: 'export-bar' }, exampleBtn, starterBtn, rulesDl),
    form.el,
    h('details', { class: 'rules-raw', open: true }, h('summary', {}, 'Rules as TOML (the source of truth when edited here; the form writes it anew)'), h('div', { class: 'field wide' }, h('label', { for: 'rules-raw', class: 'sr-only' }, 'Rules TOML'), raw)),
    check,
  );

  function refresh() {
    const ex = exampleRulesFor(st.baseline?.obj.name);
    exampleBtn.hidden = !ex;
    exampleBtn.textContent = ex ? `Load the example rules (${ex.file})` : 'Load the example rules';
    starterBtn.disabled = !scenarioTextOf(st);
  }

  return {
    el,
    text: () => raw.value,
    ok: () => rulesOk,
    validateNow,
    showErrors,
    shown() {
      // another scenario, and the rules are none or the example loaded for the last one: its
      // example rules when it has some (rules the planner wrote or edited stay)
      const name = st.baseline?.obj.name ?? null;
      if (name !== loadedFor && scenarioTextOf(st) && (!raw.value.trim() || raw.value === autoText)) {
        loadedFor = name;
        autoText = exampleRulesFor(name ?? undefined)?.text ?? '';
        setRules(autoText);
      }
      if (model.templates.length) form.show(model, groups());
      refresh();
      checkedFor = '';
      validateNow();
    },
    refresh,
  };
}
