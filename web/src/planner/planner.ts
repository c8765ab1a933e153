// The planner (what-if) view: wires the toolbar, editor column, run card, quick what-if, results
// card and staffing curve around one PlannerState, and opens the first scenario.
import { announce, h } from '../dom';
import { Pool, defaultWorkers } from '../runner/pool';
import { BLANK_TEMPLATE, BUNDLED, DEFAULT_SCENARIO, bundled } from '../scenarios';
import { shareParam } from '../share';
import type { Format, ScenarioJson } from '../types';
import { sim } from '../wasm';
import { createEditorColumn } from './editorColumn';
import { createHistoryTab } from './history';
import { createResultsCard } from './resultsCard';
import { createScheduleTab } from './schedule';
import { createRunPanel } from './runPanel';
import { exportScenario, makeShareLink, openShareLink } from './sharing';
import { createStaffingPanel } from './staffingPanel';
import { createTodayTab } from './today';
import { PlannerState } from './state';
import { createToolbar } from './toolbar';
import { createWhatIfPanel } from './whatifPanel';

export function createPlanner(root: HTMLElement): { show(): void; hide(): void } {
  const st = new PlannerState();
  const pool = new Pool(defaultWorkers());
  const toolbar = createToolbar({ load: loadText, export: exportAs, share: () => void share() });
  const editor = createEditorColumn(st, { renderAll, renderWhatIf: () => whatif.render(), refreshRun: () => run.refresh() });
  const run = createRunPanel(pool, st, {
    run: (compare) => void runMain(compare),
    runningChanged: () => {
      staffing.refresh();
      history.refresh();
      schedule.refresh();
      today.refresh();
    },
  });
  const whatif = createWhatIfPanel(st);
  const staffing = createStaffingPanel(st, {
    execute: (...a) => run.execute(...a),
    publish: (curve) => results.publish({ curve }),
    rerender: () => results.render(),
    pool,
    seed: () => String(Math.max(0, Math.floor(Number(run.seedIn.value) || 0))),
    busy,
  });
  /** A scenario made by a tab (forecast, calibration, generated schedule) becomes the current one. */
  const apply = (text: string, format: Format, label: string) => {
    toolbar.picker.value = '';
    loadText(text, format, label);
    announce(`The current scenario is now the ${label}`);
  };
  const history = createHistoryTab(st, { pool, apply, busy });
  const schedule = createScheduleTab(st, { pool, apply, busy });
  const today = createTodayTab(st, { apply });
  const results = createResultsCard(st, staffing, history, schedule, today);
  const view = h('div', { class: 'planner' }, toolbar.el, h('div', { class: 'planner-grid' }, editor.el, h('div', { class: 'results-col' }, run.el, whatif.el, results.el)));
  root.append(view);

  /** A job other than a run uses the worker pool (its cancel), or ended (null). */
  function busy(job: { cancel(): void } | null) {
    st.running = job;
    run.refresh();
    staffing.refresh();
    history.refresh();
    schedule.refresh();
  }

  function renderAll() {
    editor.render();
    whatif.render();
    results.render();
  }

  function loadText(text: string, format: Format, label: string) {
    const res = sim.validate(text, format);
    if (!res.ok && !res.scenario) {
      editor.showErrors(res.errors, `Could not read ${label}`);
      editor.showUnreadable(text);
      return;
    }
    st.startOver(res.scenario as ScenarioJson, label);
    results.publish({ report: '', variant: '', compare: '', curve: '' });
    run.loaded(label);
    renderAll();
  }

  async function runMain(withCompare: boolean) {
    const base = st.baseline;
    if (!base || st.running) return;
    const reps = Math.max(1, Math.floor(Number(run.repsIn.value) || 1));
    const variants = withCompare ? [st.baselineSpec(), st.variantSpec()] : [st.baselineSpec()];
    const res = await run.execute(variants, reps, withCompare, withCompare ? 'Compare' : 'Run');
    if (!res) return;
    const last = { reports: res.reports, reportsRaw: res.reportsRaw, compare: withCompare ? res.compares[0] ?? null : null, variantLabel: st.variantLabel() };
    st.last = last;
    results.publish({ report: last.reportsRaw[0], variant: withCompare ? last.reportsRaw[1] : '', compare: withCompare ? JSON.stringify(last.compare) : '' });
    if (withCompare) results.select('compare');
    else if (st.resultTab === 'compare' || st.resultTab === 'curve') results.select('overview');
    else results.render();
  }

  function exportAs(format: Format) {
    try {
      exportScenario(st, format);
    } catch (e) {
      editor.showErrors([{ path: '(export)', message: e instanceof Error ? e.message : String(e) }], 'Export failed');
    }
  }

  async function share() {
    const link = await makeShareLink(st, { replications: run.repsIn.value, seed: run.seedIn.value });
    if (link) toolbar.shared(link.url, link.copied);
  }

  async function loadShared(code: string): Promise<boolean> {
    try {
      const opened = await openShareLink(st, code);
      if (opened.replications) run.repsIn.value = String(opened.replications);
      if (opened.seed) run.seedIn.value = opened.seed;
      toolbar.picker.value = '';
      renderAll();
      announce('Scenario loaded from the share link');
      return true;
    } catch (e) {
      editor.showErrors([{ path: '(share link)', message: e instanceof Error ? e.message : String(e) }], 'Could not open the share link');
      return false;
    }
  }

  // the first scenario: a share link, else the CLI's default bundled scenario
  const start = async () => {
    const code = shareParam(location.hash);
    if (code && (await loadShared(code))) return;
    const def = bundled(DEFAULT_SCENARIO) ?? BUNDLED[0];
    if (def) {
      toolbar.picker.value = def.id;
      loadText(def.text, 'toml', `bundled: ${def.file}`);
    } else loadText(BLANK_TEMPLATE, 'toml', 'blank template');
  };
  void start().then(() => {
    view.dataset.ready = 'true';
  });
  results.select('overview');

  return {
    show: () => {
      view.hidden = false;
      results.render();
    },
    hide: () => {
      view.hidden = true;
    },
  };
}
