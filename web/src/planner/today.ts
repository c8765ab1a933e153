// The Today tab (intraday, docs/intraday.md "In the page"): the day's actuals and the state of
// the center now (todayForm.ts), a re-forecast method, replications and seed; the rest of the day
// is projected in the Today worker (todayWorker.ts) by sim-history, exactly as `ccsim intraday`
// does, and shown as KPI cards and charts (todayResults.ts). What-if cards ("add agents 2
// 13:00-17:00") run against the kept baseline with the same random numbers (paired deltas).
import type { Chart } from '../charts';
import { download, field, h } from '../dom';
import { BUNDLED, exampleIntradayFor } from '../scenarios';
import { todayErrorOf, todayInfo, type TodayInput } from '../today';
import { exampleWhatIfs, todayDeltasCsv, todayIntervalsCsv, weekdayOf, WHATIF_GRAMMAR, type TodayInfo, type TodayResult } from '../todayState';
import type { Format } from '../types';
import { scenarioTextOf } from './scheduleRulesEditor';
import { slug, type PlannerState } from './state';
import { createActualsInput, createStateEditor } from './todayForm';
import { renderTodayReport, whatIfCard } from './todayResults';
import { showError, TodayRunner } from './todayRunner';

export interface TodayDeps {
  /** Replaces the current scenario (the toolbar's import). */
  apply(text: string, format: Format, label: string): void;
}

export interface TodayTab {
  render(panel: HTMLElement): void;
  refresh(): void;
}

/** Method, replications and seed (the CLI's --method, -n, --seed). */
function runOptions(onChange: () => void) {
  const method = h(
    'select',
    { id: 'today-method', 'data-testid': 'today-method' },
    h('option', { value: 'ratio' }, 'ratio (damped actual ÷ forecast so far)'),
    h('option', { value: 'profile' }, 'profile (day total from the elapsed share)'),
    h('option', { value: 'keep' }, 'keep (the original forecast)'),
  );
  const reps = h('input', { id: 'today-reps', type: 'number', min: '2', step: '50', value: '500', 'data-testid': 'today-reps' });
  const seed = h('input', { id: 'today-seed', type: 'number', min: '0', step: '1', value: '1', 'data-testid': 'today-seed' });
  method.addEventListener('change', onChange);
  reps.addEventListener('input', onChange);
  seed.addEventListener('input', onChange);
  return {
    el: h('div', { class: 'curve-controls' }, field('Re-forecast', method), field('Replications', reps), field('Seed', seed)),
    method: () => method.value,
    replications: () => {
      const v = Math.floor(Number(reps.value));
      return Number.isFinite(v) && v >= 2 ? v : 500;
    },
    seed: () => String(Math.max(0, Math.floor(Number(seed.value) || 0))),
  };
}

/** The what-if input, its examples and grammar, the error box and the cards' host. */
function whatIfBar(onAdd: (text: string) => void) {
  const text = h('input', { id: 'today-whatif-text', type: 'text', size: '40', class: 'mono', placeholder: 'add agents 2 13:00-17:00; volume +10', 'data-testid': 'today-whatif-text' });
  const add = h('button', { type: 'button', class: 'btn', 'data-testid': 'today-whatif-add' }, 'Add what-if');
  const error = h('div', { class: 'field-error', role: 'alert', 'data-testid': 'today-whatif-error', hidden: true });
  const examples = h('div', { class: 'export-bar', 'data-testid': 'today-whatif-examples' });
  const cards = h('div', { class: 'today-whatifs', 'data-testid': 'today-whatifs' });
  add.addEventListener('click', () => onAdd(text.value));
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') onAdd(text.value);
  });
  const grammar = h('details', { class: 'hint' }, h('summary', {}, 'What-if grammar (several changes separated by ;)'), h('ul', {}, WHATIF_GRAMMAR.map(([syntax, what]) => h('li', {}, h('code', {}, syntax), ` — ${what}`))));
  return {
    el: h('div', {}, h('h3', {}, 'What-ifs'), h('div', { class: 'curve-controls' }, field('What-if', text, 'changes separated by ;'), add), error, examples, grammar, cards),
    text,
    add,
    error,
    cards,
    setExamples(info: TodayInfo, clock: string) {
      const btns = exampleWhatIfs(info, clock).map((x) => {
        const b = h('button', { type: 'button', class: 'btn small mono', 'data-testid': 'today-whatif-example' }, x);
        b.addEventListener('click', () => {
          text.value = x;
          onAdd(x);
        });
        return b;
      });
      examples.replaceChildren(h('span', { class: 'hint' }, 'Examples:'), ...btns);
    },
  };
}

function exportButtons(res: TodayResult, name: string): HTMLElement[] {
  const btn = (label: string, f: () => void, testid: string) => {
    const b = h('button', { type: 'button', class: 'btn small', 'data-testid': testid }, label);
    b.addEventListener('click', f);
    return b;
  };
  return [
    btn('CSV: intervals', () => download(`${name}-today-intervals.csv`, todayIntervalsCsv(res.report), 'text/csv'), 'today-export-intervals'),
    ...(res.whatifs.length ? [btn('CSV: what-ifs', () => download(`${name}-today-whatifs.csv`, todayDeltasCsv(res.whatifs), 'text/csv'), 'today-export-whatifs')] : []),
    btn('JSON (as ccsim intraday --format json)', () => download(`${name}-today.json`, JSON.stringify(res), 'application/json'), 'today-export-json'),
  ];
}

export function createTodayTab(st: PlannerState, deps: TodayDeps): TodayTab {
  let info: TodayInfo | null = null;
  let infoKey: string | null = null;
  let charts: Chart[] = [];
  const changed = () => inputsChanged();
  const actuals = createActualsInput(changed);
  const state = createStateEditor(changed);
  const opts = runOptions(changed);
  const wi = whatIfBar((t) => addWhatIf(t));
  const runner = new TodayRunner(wi.error, show, refresh);
  const exampleBtn = h('button', { type: 'button', class: 'btn', 'data-testid': 'today-example' }, 'Load the example');
  const exampleInfo = h('small', { class: 'hint' });
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'today-run' }, 'Project the day');
  const cli = h('p', { class: 'hint mono', 'data-testid': 'today-cli' });
  const summary = h('p', { class: 'run-line muted', 'data-testid': 'today-summary' });
  const reportHost = h('div', { id: 'today-report', 'data-testid': 'today-report' });
  const exportBar = h('div', { class: 'export-bar' });
  const json = h('script', { type: 'application/json', id: 'today-json' });

  const input = (whatifs: string[]): TodayInput => ({ scenario: scenarioTextOf(st) ?? '', state: state.text(), actuals: actuals.text(), method: opts.method(), whatifs, replications: opts.replications(), seed: opts.seed() });
  const inputKey = () => JSON.stringify([scenarioTextOf(st), state.text(), actuals.text(), opts.method(), opts.replications(), opts.seed()]);

  function inputsChanged() {
    const ex = BUNDLED.find((b) => b.title === st.baseline?.obj.name)?.id ?? 'scenario.toml';
    cli.textContent = `The same projection on the command line: ccsim intraday ${ex} --state state.json${actuals.text().trim() ? ' --actuals actuals.csv' : ''} --method ${opts.method()} -n ${opts.replications()} --seed ${opts.seed()}${runner.whatifs.map((x) => ` --whatif "${x}"`).join('')} --format json`;
    if (runner.runKey && runner.runKey !== inputKey()) summary.textContent = 'The inputs changed since this projection: press “Project the day” (or add a what-if) to run again.';
  }

  function addWhatIf(text: string) {
    const t = text.trim();
    if (!t || runner.busy) return;
    void runner.add(t, input(runner.whatifs), inputKey()).then(() => {
      if (runner.whatifs.includes(t)) wi.text.value = '';
    });
  }

  function show(res: TodayResult) {
    json.textContent = JSON.stringify(res);
    charts.forEach((c) => c.destroy());
    charts = [];
    const r = res.report;
    const day = state.form()?.day;
    const when = day ? `day ${day}${info ? ` (${weekdayOf(info.start_weekday, day)})` : ''} at ${r.clock}` : `at ${r.clock}`;
    summary.textContent = `${r.types.map((t) => t.id).join(', ')} · ${when}: ${r.finished_intervals} finished intervals of ${r.interval_minutes} minutes · re-forecast ${r.method} · ${r.replications} replications, seed ${opts.seed()}.`;
    const targets = Object.fromEntries((info?.types ?? []).map((t) => [t.id, t.sl_target]));
    const name = slug(st.baseline?.obj.name ?? 'today');
    renderTodayReport(reportHost, r, targets, charts, name);
    const wholeDay = r.types.some((t) => t.whole_day);
    wi.cards.replaceChildren(...res.whatifs.map((d, k) => whatIfCard(d, k, wholeDay, () => void runner.remove(k))));
    exportBar.replaceChildren(...exportButtons(res, name));
    inputsChanged();
  }

  function loadExample() {
    let ex = exampleIntradayFor(st.baseline?.obj.name);
    if (!ex) {
      // the example belongs to a bundled scenario: make it the current one first
      const s = BUNDLED.find((b) => exampleIntradayFor(b.title));
      if (!s) return;
      deps.apply(s.text, 'toml', `bundled scenario ${s.id}`);
      syncScenario();
      ex = exampleIntradayFor(st.baseline?.obj.name);
    }
    if (!ex) return;
    actuals.set(ex.actuals, `The example actuals (scenarios/intraday/${ex.id}.actuals.csv).`);
    state.load(ex.state);
    inputsChanged();
  }

  /** Re-reads the scenario's groups and types when the current scenario changed. */
  function syncScenario() {
    const s = scenarioTextOf(st);
    if (s === infoKey) return;
    infoKey = s;
    info = null;
    showError(runner.errorBox, null);
    try {
      info = s ? todayInfo(s) : null;
    } catch (e) {
      showError(runner.errorBox, todayErrorOf(e));
    }
    const first = !state.hasForm();
    state.setInfo(info);
    const ex = info ? exampleIntradayFor(info.name) : undefined;
    // the page's default example: the first time the tab shows the example's scenario
    if (first && ex) {
      state.load(ex.state);
      if (!actuals.text().trim()) actuals.set(ex.actuals, `The example actuals (scenarios/intraday/${ex.id}.actuals.csv).`);
    }
    exampleInfo.textContent = ex ? `the state and actuals of scenarios/intraday/${ex.id}` : 'the example belongs to a bundled scenario, which becomes the current one';
    if (info) wi.setExamples(info, state.form()?.clock ?? '11:00');
    inputsChanged();
  }

  function refresh() {
    runBtn.disabled = wi.add.disabled = runner.busy || !scenarioTextOf(st);
    exampleBtn.disabled = runner.busy;
  }

  exampleBtn.addEventListener('click', loadExample);
  runBtn.addEventListener('click', () => void runner.start(input(runner.whatifs), inputKey()));
  const el = h(
    'div',
    { class: 'today-tab', 'data-testid': 'today-tab' },
    h('p', { class: 'hint' }, 'Intraday: the rest of today from the state of the center now. The day’s actuals re-forecast the rest of the day, the replications start from the agents and queues as they are at the clock, and what-ifs are compared with the same random numbers. sim-history computes every number, as ccsim intraday does (docs/intraday.md).'),
    h('div', { class: 'export-bar' }, exampleBtn, exampleInfo),
    h('h3', {}, 'Actuals so far'),
    actuals.el,
    h('h3', {}, 'The center now'),
    state.el,
    h('h3', {}, 'Projection'),
    opts.el,
    cli,
    h('div', { class: 'run-progress' }, runBtn, runner.cancelBtn, runner.progress, runner.status),
    runner.errorBox,
    summary,
    exportBar,
    reportHost,
    wi.el,
    json,
  );

  return {
    render(panel) {
      panel.replaceChildren(el);
      syncScenario();
      refresh();
    },
    refresh,
  };
}
