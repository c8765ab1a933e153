// The planner (what-if) view: scenario picker and editor, runs in Web Workers, results, compare,
// staffing curve, exports and share links.
import { announce, download, field, h, tabs } from '../dom';
import { compareCsv, reportIntervalsCsv, reportKpisCsv } from '../csv';
import { fmtDuration, fmtNum } from '../format';
import { Pool, defaultWorkers, type RunHandle, type RunResult } from '../runner/pool';
import type { VariantSpec } from '../runner/protocol';
import { BLANK_TEMPLATE, BUNDLED, DEFAULT_SCENARIO, bundled } from '../scenarios';
import { decodeShare, encodeShare, shareParam, type SharedState } from '../share';
import type { FieldError, Format, KpiDiff, ModelInfo, Report, ScenarioJson, WhatIf } from '../types';
import { sim } from '../wasm';
import { buildWhatIf, controlsFromWhatIf, describeWhatIf, type QuickControls } from '../whatif';
import { renderCompare } from './compare';
import { GROUP_SCOPE } from './scope';
import { markErrors, renderEditor } from './editor';
import { destroyCharts, renderOverview, renderTables, runSummaryLine } from './results';
import { renderCurve, type CurvePoint } from './staffing';

interface Doc {
  obj: ScenarioJson;
  label: string;
  info: ModelInfo | null;
  errors: FieldError[];
}

type Which = 'baseline' | 'variant';

interface LastRun {
  reports: Report[];
  reportsRaw: string[];
  compare: KpiDiff[] | null;
  variantLabel: string;
}

const clone = <T>(x: T): T => structuredClone(x);

export function createPlanner(root: HTMLElement): { show(): void; hide(): void } {
  const pool = new Pool(defaultWorkers());
  let baseline: Doc | null = null;
  let variant: Doc | null = null;
  let editing: Which = 'baseline';
  let quick: QuickControls = controlsFromWhatIf(null);
  let last: LastRun | null = null;
  let curve: { points: CurvePoint[]; group: string; type: string } | null = null;
  let running: RunHandle | null = null;
  let resultTab = 'overview';
  let scope = 'overall';
  let showAllDiffs = false;

  // ---------- toolbar ----------
  const picker = h(
    'select',
    { id: 'scenario-picker', 'data-testid': 'scenario-picker' },
    h('option', { value: '' }, '— choose —'),
    BUNDLED.map((s) => h('option', { value: s.id }, `${s.title} (${s.file})`)),
  );
  picker.addEventListener('change', () => {
    const s = bundled(picker.value);
    if (s) loadText(s.text, 'toml', `bundled: ${s.file}`);
  });
  const fileInput = h('input', { type: 'file', accept: '.toml,.json,application/json,text/plain', class: 'sr-only', id: 'import-file', tabindex: '-1', 'aria-hidden': 'true' });
  fileInput.addEventListener('change', async () => {
    const f = fileInput.files?.[0];
    if (!f) return;
    loadText(await f.text(), f.name.toLowerCase().endsWith('.json') ? 'json' : 'toml', `file: ${f.name}`);
    fileInput.value = '';
    picker.value = '';
  });
  const importBtn = h('button', { type: 'button', class: 'btn' }, 'Import TOML/JSON…');
  importBtn.addEventListener('click', () => fileInput.click());
  const blankBtn = h('button', { type: 'button', class: 'btn' }, 'Blank template');
  blankBtn.addEventListener('click', () => {
    picker.value = '';
    loadText(BLANK_TEMPLATE, 'toml', 'blank template');
  });
  const exportToml = h('button', { type: 'button', class: 'btn' }, 'Export TOML');
  exportToml.addEventListener('click', () => exportScenario('toml'));
  const exportJson = h('button', { type: 'button', class: 'btn' }, 'Export JSON');
  exportJson.addEventListener('click', () => exportScenario('json'));
  const shareBtn = h('button', { type: 'button', class: 'btn', 'data-testid': 'share' }, 'Share link');
  shareBtn.addEventListener('click', () => void share());
  const shareOut = h('input', { type: 'text', readonly: true, class: 'share-out', 'aria-label': 'Share link', hidden: true });

  const toolbar = h(
    'section',
    { class: 'toolbar card', 'aria-label': 'Scenario' },
    h('div', { class: 'toolbar-group' }, h('label', { for: 'scenario-picker' }, 'Bundled scenario'), picker),
    h('div', { class: 'toolbar-group' }, importBtn, fileInput, blankBtn),
    h('div', { class: 'toolbar-group end' }, exportToml, exportJson, shareBtn),
    shareOut,
  );

  // ---------- editor column ----------
  const editBase = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'true', 'data-testid': 'edit-baseline' }, 'Baseline');
  const editVar = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'false', 'data-testid': 'edit-variant' }, 'Variant');
  const dupBtn = h('button', { type: 'button', class: 'btn small', 'data-testid': 'duplicate' }, 'Duplicate as variant');
  const dropBtn = h('button', { type: 'button', class: 'btn small', hidden: true }, 'Remove variant');
  editBase.addEventListener('click', () => switchEdit('baseline'));
  editVar.addEventListener('click', () => {
    if (!variant) duplicate();
    switchEdit('variant');
  });
  dupBtn.addEventListener('click', () => {
    duplicate();
    switchEdit('variant');
  });
  dropBtn.addEventListener('click', () => {
    variant = null;
    switchEdit('baseline');
  });
  const docTitle = h('p', { class: 'doc-title muted' });
  const validation = h('div', { id: 'validation', class: 'validation', 'aria-live': 'polite', 'data-testid': 'validation' });
  const editorHost = h('div', { id: 'editor-host' });
  const editorCol = h(
    'aside',
    { class: 'editor-col card', 'aria-label': 'Scenario editor' },
    h('div', { class: 'edit-switch' }, h('span', { class: 'muted' }, 'Editing'), h('div', { class: 'segmented', role: 'group', 'aria-label': 'Scenario being edited' }, editBase, editVar), dupBtn, dropBtn),
    docTitle,
    validation,
    editorHost,
  );

  // ---------- run card ----------
  const repsIn = h('input', { id: 'replications', type: 'number', min: '1', max: '100000', step: '1', value: '100', 'data-testid': 'replications' });
  const seedIn = h('input', { id: 'seed', type: 'number', min: '0', step: '1', value: '1', 'data-testid': 'seed' });
  const workersIn = h('input', { id: 'workers', type: 'number', min: '1', max: '64', step: '1', value: String(pool.size), 'data-testid': 'workers' });
  const runBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'run' }, 'Run');
  const compareBtn = h('button', { type: 'button', class: 'btn primary outline', 'data-testid': 'run-compare' }, 'Run compare');
  const cancelBtn = h('button', { type: 'button', class: 'btn danger', disabled: true, 'data-testid': 'cancel' }, 'Cancel');
  const progress = h('progress', { id: 'run-progress', max: '1', value: '0', 'aria-label': 'Run progress' });
  const status = h('p', { id: 'run-status', class: 'status', 'data-state': 'idle', role: 'status' }, 'Ready.');
  runBtn.addEventListener('click', () => void runMain(false));
  compareBtn.addEventListener('click', () => void runMain(true));
  cancelBtn.addEventListener('click', () => running?.cancel());
  const runCard = h(
    'section',
    { class: 'card run-card', 'aria-label': 'Run' },
    h('div', { class: 'run-fields' }, field('Replications', repsIn), field('Seed', seedIn), field('Workers', workersIn, `${defaultWorkers()} cores`)),
    h('div', { class: 'run-buttons' }, runBtn, compareBtn, cancelBtn),
    h('div', { class: 'run-progress' }, progress, status),
  );

  // ---------- quick what-if ----------
  const whatifHost = h('div', { class: 'whatif-fields' });
  const whatifDesc = h('p', { class: 'muted', 'data-testid': 'whatif-desc' });
  const whatifCard = h('section', { class: 'card whatif-card', 'aria-label': 'Quick what-if for the variant' }, h('h2', {}, 'Quick what-if ', h('span', { class: 'muted' }, '(applied to the variant)')), whatifHost, whatifDesc);

  // ---------- results ----------
  const resultsPanel = h('div', { id: 'results-panel', role: 'tabpanel', tabindex: '0' });
  const scopeSel = h('select', { id: 'scope', 'data-testid': 'scope' });
  scopeSel.addEventListener('change', () => {
    scope = scopeSel.value;
    renderResults();
  });
  const exportBar = h('div', { class: 'export-bar' });
  const resultTabs = tabs(
    'Results',
    [
      { id: 'overview', title: 'Overview' },
      { id: 'tables', title: 'Tables' },
      { id: 'compare', title: 'Compare' },
      { id: 'curve', title: 'Staffing curve' },
    ],
    (id) => {
      resultTab = id;
      resultsPanel.setAttribute('aria-labelledby', `tab-${id}`);
      renderResults();
    },
    'overview',
    'results-panel',
  );
  const hiddenReport = h('script', { type: 'application/json', id: 'report-json' });
  const hiddenVariant = h('script', { type: 'application/json', id: 'variant-report-json' });
  const hiddenCompare = h('script', { type: 'application/json', id: 'compare-json' });
  const hiddenCurve = h('script', { type: 'application/json', id: 'curve-json' });
  const resultsCard = h(
    'section',
    { class: 'card results-card', 'aria-label': 'Results' },
    h('div', { class: 'results-head' }, resultTabs.el, h('div', { class: 'scope' }, h('label', { for: 'scope' }, 'Show'), scopeSel)),
    exportBar,
    resultsPanel,
    hiddenReport,
    hiddenVariant,
    hiddenCompare,
    hiddenCurve,
  );

  const view = h(
    'div',
    { class: 'planner' },
    toolbar,
    h('div', { class: 'planner-grid' }, editorCol, h('div', { class: 'results-col' }, runCard, whatifCard, resultsCard)),
  );
  root.append(view);

  // ---------- behaviour ----------
  function current(): Doc | null {
    return editing === 'variant' ? variant : baseline;
  }

  function setDoc(which: Which, obj: ScenarioJson, label: string) {
    const d: Doc = { obj, label, info: null, errors: [] };
    if (which === 'baseline') baseline = d;
    else variant = d;
    validateDoc(d);
  }

  function validateDoc(d: Doc) {
    const res = sim.validate(JSON.stringify(d.obj), 'json');
    d.errors = res.ok ? [] : res.errors;
    d.info = res.ok ? res.info : d.info;
  }

  function loadText(text: string, format: Format, label: string) {
    const res = sim.validate(text, format);
    if (!res.ok && !res.scenario) {
      showErrors(res.errors, `Could not read ${label}`);
      const raw = editorHost.querySelector<HTMLTextAreaElement>('[data-testid="raw-editor"]');
      const det = raw?.closest('details');
      if (raw && det) {
        raw.value = text;
        det.open = true;
      }
      return;
    }
    const obj = res.scenario as ScenarioJson;
    setDoc('baseline', obj, label);
    variant = null;
    editing = 'baseline';
    quick = controlsFromWhatIf(null);
    last = null;
    curve = null;
    hiddenReport.textContent = '';
    hiddenVariant.textContent = '';
    hiddenCompare.textContent = '';
    hiddenCurve.textContent = '';
    if (!running) {
      status.dataset.state = 'idle';
      status.textContent = `Loaded ${label}. Ready.`;
      progress.value = 0;
    }
    renderAll();
  }

  function duplicate() {
    if (!baseline) return;
    setDoc('variant', clone(baseline.obj), `variant of ${baseline.obj.name}`);
  }

  function switchEdit(w: Which) {
    editing = w;
    renderAll();
  }

  function rawText(): string {
    const d = current();
    if (!d) return '';
    try {
      return sim.convert(JSON.stringify(d.obj), 'json', 'toml');
    } catch {
      return JSON.stringify(d.obj, null, 2);
    }
  }

  let timer: number | undefined;
  function changed() {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const d = current();
      if (!d) return;
      validateDoc(d);
      renderValidation();
      markErrors(editorHost, d.errors);
      renderWhatIf();
    }, 200);
  }

  function renderEditorCol() {
    const d = current();
    editBase.setAttribute('aria-pressed', String(editing === 'baseline'));
    editVar.setAttribute('aria-pressed', String(editing === 'variant'));
    dropBtn.hidden = !variant;
    dupBtn.hidden = !!variant;
    if (!d) {
      editorHost.replaceChildren();
      return;
    }
    docTitle.textContent = editing === 'variant' ? `Variant — ${d.label}` : `Baseline — ${d.label}`;
    const open = new Set(Array.from(editorHost.querySelectorAll<HTMLDetailsElement>('details[data-section]')).filter((x) => x.open).map((x) => x.dataset.section));
    const ed = renderEditor(d.obj, d.info, {
      changed,
      restructure: () => {
        validateDoc(d);
        renderAll();
      },
      applyRaw: (text, format) => {
        const res = sim.validate(text, format);
        if (!res.ok && !res.scenario) {
          showErrors(res.errors, 'The raw text has errors');
          return;
        }
        d.obj = res.scenario as ScenarioJson;
        validateDoc(d);
        renderAll();
        announce('Raw text applied');
      },
      rawText,
    });
    if (open.size) ed.querySelectorAll<HTMLDetailsElement>('details[data-section]').forEach((x) => (x.open = open.has(x.dataset.section)));
    editorHost.replaceChildren(ed);
    renderValidation();
    markErrors(editorHost, d.errors);
  }

  function showErrors(errors: FieldError[], title: string) {
    validation.className = 'validation bad';
    validation.replaceChildren(h('strong', {}, title), h('ul', { class: 'errors' }, errors.map((e) => h('li', {}, h('code', {}, e.path), `: ${e.message}`))));
  }

  function renderValidation() {
    const d = current();
    if (!d) return;
    if (d.errors.length) {
      showErrors(d.errors, `${d.errors.length} problem${d.errors.length > 1 ? 's' : ''} (the CLI reports the same):`);
    } else {
      const i = d.info;
      validation.className = 'validation good';
      validation.replaceChildren(
        h('span', { class: 'ok-dot', 'aria-hidden': 'true' }),
        i
          ? `Valid — ${i.types.length} contact type${i.types.length > 1 ? 's' : ''}, ${i.groups.length} group${i.groups.length > 1 ? 's' : ''}, ${i.agent_count} agents, ${Math.round((i.horizon_s / 86400) * 100) / 100} day${i.horizon_s > 86400 ? 's' : ''} in ${i.interval_s / 60}-minute intervals`
          : 'Valid',
      );
    }
    const ok = !baseline?.errors.length && (!variant || !variant.errors.length);
    runBtn.disabled = !!running || !!baseline?.errors.length;
    compareBtn.disabled = !!running || !ok;
  }

  function whatif(): WhatIf {
    return buildWhatIf(quick);
  }

  function renderWhatIf() {
    const groups = (variant ?? baseline)?.obj.agent_groups.map((g) => g.id) ?? [];
    const mk = (label: string, unit: string, value: number, set: (v: number) => void, testid: string, step = '1') => {
      const input = h('input', { type: 'number', step, value: String(value), 'data-testid': testid });
      input.addEventListener('input', () => {
        set(Number(input.value) || 0);
        whatifDesc.textContent = `Variant = ${variant ? 'edited copy' : 'baseline'} with ${describeWhatIf(whatif())}.`;
      });
      return field(`${label} (${unit})`, input);
    };
    whatifHost.replaceChildren(
      mk('Volume', '±%', quick.volumePct, (v) => (quick.volumePct = v), 'whatif-volume'),
      mk('AHT', '±%', quick.ahtPct, (v) => (quick.ahtPct = v), 'whatif-aht'),
      mk('Shrinkage', '±pp', quick.shrinkagePp, (v) => (quick.shrinkagePp = v), 'whatif-shrinkage', '0.5'),
      ...groups.map((g) => mk(`Agents in ${g}`, '±', quick.agents[g] ?? 0, (v) => (quick.agents[g] = v), `whatif-agents-${g}`)),
    );
    whatifDesc.textContent = `Variant = ${variant ? 'edited copy' : 'baseline'} with ${describeWhatIf(whatif())}.`;
  }

  function renderScope() {
    const r = last?.reports[0];
    const ids = r ? Object.keys(r.by_type) : baseline?.info?.types.map((t) => t.id) ?? [];
    const groups = r ? Object.keys(r.by_group) : [];
    const opts: [string, string][] = [['overall', 'All contact types']];
    for (const id of ids) opts.push([id, `Contact type: ${id}`]);
    if (resultTab === 'compare') for (const g of groups) opts.push([`${GROUP_SCOPE}${g}`, `Agent group: ${g}`]);
    if (!opts.some(([v]) => v === scope)) scope = 'overall';
    scopeSel.replaceChildren(...opts.map(([v, l]) => h('option', { value: v }, l)));
    scopeSel.value = scope;
  }

  function exportButtons(): HTMLElement[] {
    const btn = (label: string, f: () => void, testid: string) => {
      const b = h('button', { type: 'button', class: 'btn small', 'data-testid': testid }, label);
      b.addEventListener('click', f);
      return b;
    };
    const r = last?.reports[0];
    const name = slug(r?.scenario ?? 'results');
    const out: HTMLElement[] = [];
    if (r && (resultTab === 'overview' || resultTab === 'tables')) {
      out.push(
        btn('CSV: KPIs', () => download(`${name}-kpis.csv`, reportKpisCsv(r), 'text/csv'), 'export-kpis-csv'),
        btn('CSV: intervals', () => download(`${name}-intervals.csv`, reportIntervalsCsv(r, scope === 'overall' ? undefined : scope), 'text/csv'), 'export-intervals-csv'),
        btn('JSON report', () => download(`${name}-report.json`, last?.reportsRaw[0] ?? '', 'application/json'), 'export-json'),
      );
    }
    if (resultTab === 'compare' && last?.compare) {
      const diffs = last.compare;
      out.push(
        btn('CSV: comparison', () => download(`${name}-compare.csv`, compareCsv(diffs), 'text/csv'), 'export-compare-csv'),
        btn('JSON: both reports + comparison', () => download(`${name}-compare.json`, `{"base":${last?.reportsRaw[0]},"variant":${last?.reportsRaw[1]},"compare":${JSON.stringify(diffs)}}`, 'application/json'), 'export-compare-json'),
      );
      const all = h('input', { type: 'checkbox', id: 'show-all-diffs', checked: showAllDiffs });
      all.addEventListener('change', () => {
        showAllDiffs = all.checked;
        renderResults();
      });
      out.push(h('label', { class: 'check', for: 'show-all-diffs' }, all, 'all KPIs'));
    }
    return out;
  }

  function renderResults() {
    renderScope();
    exportBar.replaceChildren(...exportButtons());
    const r = last?.reports[0];
    if (resultTab === 'curve') {
      destroyCharts();
      renderCurveTab();
      return;
    }
    if (!r) {
      destroyCharts();
      resultsPanel.replaceChildren(h('div', { class: 'empty' }, h('p', {}, 'Pick or edit a scenario, then press ', h('strong', {}, 'Run'), '. Replications run in parallel Web Workers on this computer; nothing is sent anywhere.')));
      return;
    }
    if (resultTab === 'overview') {
      resultsPanel.replaceChildren(h('p', { class: 'run-line muted' }, runSummaryLine(r)), h('div', { id: 'overview' }));
      renderOverview(resultsPanel.querySelector('#overview') as HTMLElement, r, baseline?.info ?? null, scope);
    } else if (resultTab === 'tables') {
      resultsPanel.replaceChildren(h('div', { id: 'tables' }));
      renderTables(resultsPanel.querySelector('#tables') as HTMLElement, r, scope);
    } else if (resultTab === 'compare') {
      destroyCharts();
      if (!last?.compare || last.reports.length < 2) {
        resultsPanel.replaceChildren(h('div', { class: 'empty' }, h('p', {}, 'Make a variant (edit a copy of the scenario, or use the quick what-if controls), then press ', h('strong', {}, 'Run compare'), '. Both run with the same seed and replications (common random numbers), so differences are paired.')));
        return;
      }
      const host = h('div', { id: 'compare' });
      resultsPanel.replaceChildren(host);
      renderCompare(host, last.reports[0], last.reports[1], last.compare, scope, last.variantLabel, showAllDiffs);
    }
  }

  // staffing curve controls
  const curveGroup = h('select', { id: 'curve-group', 'data-testid': 'curve-group' });
  const curveType = h('select', { id: 'curve-type', 'data-testid': 'curve-type' });
  const curveFrom = h('input', { id: 'curve-from', type: 'number', step: '1', value: '-4', 'data-testid': 'curve-from' });
  const curveTo = h('input', { id: 'curve-to', type: 'number', step: '1', value: '4', 'data-testid': 'curve-to' });
  const curveReps = h('input', { id: 'curve-reps', type: 'number', min: '2', step: '1', value: '40', 'data-testid': 'curve-reps' });
  const curveBtn = h('button', { type: 'button', class: 'btn primary', 'data-testid': 'run-curve' }, 'Run staffing curve');
  curveBtn.addEventListener('click', () => void runCurve());
  const curveHost = h('div', { id: 'curve' });

  function renderCurveTab() {
    const info = baseline?.info;
    const g = curveGroup.value;
    curveGroup.replaceChildren(...(info?.groups ?? []).map((x) => h('option', { value: x.id }, `${x.id} (${x.agents} agents)`)));
    if (g && info?.groups.some((x) => x.id === g)) curveGroup.value = g;
    const t = curveType.value;
    curveType.replaceChildren(...(info?.types ?? []).map((x) => h('option', { value: x.id }, x.id)));
    if (t && info?.types.some((x) => x.id === t)) curveType.value = t;
    curveBtn.disabled = !!running || !info || !!baseline?.errors.length;
    resultsPanel.replaceChildren(
      h('div', { class: 'curve-controls' }, field('Agent group', curveGroup), field('Contact type', curveType), field('From (±agents)', curveFrom), field('To (±agents)', curveTo), field('Replications per point', curveReps), curveBtn),
      curveHost,
    );
    if (curve && curve.points.length) renderCurve(curveHost, curve.points, curve.group, curve.type);
    else curveHost.replaceChildren(h('div', { class: 'empty' }, h('p', {}, 'Runs the baseline with fewer and more agents in one group (same seed at every point) and draws service level and abandonment against staff, with the Erlang C/A prediction over it.')));
  }

  function renderAll() {
    renderEditorCol();
    renderWhatIf();
    renderResults();
  }

  function variantSpec(): VariantSpec {
    const obj = (variant ?? baseline)?.obj as ScenarioJson;
    const w = whatif();
    return { text: JSON.stringify(obj), format: 'json', whatif: Object.keys(w).length ? w : null };
  }

  function setRunning(h: RunHandle | null) {
    running = h;
    cancelBtn.disabled = !h;
    runBtn.disabled = !!h || !!baseline?.errors.length;
    compareBtn.disabled = !!h || !!baseline?.errors.length || !!variant?.errors.length;
    curveBtn.disabled = !!h;
    status.dataset.state = h ? 'running' : status.dataset.state;
  }

  async function execute(variants: VariantSpec[], reps: number, compare: boolean, what: string): Promise<RunResult | null> {
    pool.resize(Number(workersIn.value) || defaultWorkers());
    const seed = String(Math.max(0, Math.floor(Number(seedIn.value) || 0)));
    const handle = pool.run({ variants, replications: reps, seed, compare }, (p) => {
      progress.max = p.total || 1;
      progress.value = p.done;
      status.textContent = `${what}: ${p.done} / ${p.total} replications · ${p.workers} workers · ${fmtDuration(p.elapsedMs)}`;
    });
    setRunning(handle);
    status.dataset.state = 'running';
    try {
      const res = await handle.result;
      const rate = res.elapsedMs > 0 ? (res.completed.reduce((a, b) => a + b, 0) / res.elapsedMs) * 1000 : 0;
      status.dataset.state = res.cancelled ? 'cancelled' : 'done';
      status.dataset.elapsedMs = String(Math.round(res.elapsedMs));
      status.dataset.workers = String(res.workers);
      status.textContent = `${what}: ${res.cancelled ? 'cancelled after' : 'finished'} ${res.completed.reduce((a, b) => a + b, 0)} replications in ${fmtDuration(res.elapsedMs)} with ${res.workers} workers (${fmtNum(rate)} / s).`;
      announce(status.textContent);
      return res;
    } catch (e) {
      status.dataset.state = 'error';
      status.textContent = `${what} failed: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    } finally {
      setRunning(null);
    }
  }

  async function runMain(withCompare: boolean) {
    if (!baseline || running) return;
    const reps = Math.max(1, Math.floor(Number(repsIn.value) || 1));
    const base: VariantSpec = { text: JSON.stringify(baseline.obj), format: 'json', whatif: null };
    const variants = withCompare ? [base, variantSpec()] : [base];
    const res = await execute(variants, reps, withCompare, withCompare ? 'Compare' : 'Run');
    if (!res) return;
    last = {
      reports: res.reports,
      reportsRaw: res.reportsRaw,
      compare: withCompare ? res.compares[0] ?? null : null,
      variantLabel: `${variant ? `${variant.obj.name} (edited copy)` : baseline.obj.name} with ${describeWhatIf(whatif())}`,
    };
    hiddenReport.textContent = last.reportsRaw[0];
    hiddenVariant.textContent = withCompare ? last.reportsRaw[1] : '';
    hiddenCompare.textContent = withCompare ? JSON.stringify(last.compare) : '';
    if (withCompare) resultTabs.select('compare');
    else if (resultTab === 'compare' || resultTab === 'curve') resultTabs.select('overview');
    else renderResults();
  }

  async function runCurve() {
    if (!baseline?.info || running) return;
    const group = curveGroup.value || baseline.info.groups[0].id;
    const type = curveType.value || baseline.info.types[0].id;
    const g = baseline.info.groups.find((x) => x.id === group);
    if (!g) return;
    let from = Math.floor(Number(curveFrom.value));
    let to = Math.floor(Number(curveTo.value));
    if (from > to) [from, to] = [to, from];
    from = Math.max(from, -g.agents);
    const deltas: number[] = [];
    for (let d = from; d <= to && deltas.length < 41; d++) deltas.push(d);
    const text = JSON.stringify(baseline.obj);
    const specs: VariantSpec[] = deltas.map((d) => ({ text, format: 'json', whatif: d === 0 ? null : { agents_delta: { [group]: d } } }));
    const infos = specs.map((s) => sim.validate(s.text, 'json', s.whatif));
    const reps = Math.max(2, Math.floor(Number(curveReps.value) || 2));
    const res = await execute(specs, reps, false, 'Staffing curve');
    if (!res) return;
    const points: CurvePoint[] = deltas.map((d, i) => {
      const inf = infos[i];
      const info = inf.ok ? inf.info : (baseline?.info as ModelInfo);
      return { delta: d, agents: info.groups.find((x) => x.id === group)?.agents ?? g.agents + d, report: res.reports[i], info };
    });
    curve = { points, group, type };
    hiddenCurve.textContent = JSON.stringify(points.map((p) => ({ agents: p.agents, service_level: p.report.by_type[type]?.kpis.service_level?.mean ?? null })));
    renderResults();
  }

  function exportScenario(format: Format) {
    const d = current();
    if (!d) return;
    const text = JSON.stringify(d.obj);
    const w = editing === 'variant' ? whatif() : {};
    try {
      const out = sim.applyWhatIf(text, 'json', w, format);
      download(`${slug(d.obj.name)}${editing === 'variant' ? '-variant' : ''}.${format}`, out, format === 'json' ? 'application/json' : 'application/toml');
    } catch (e) {
      showErrors([{ path: '(export)', message: e instanceof Error ? e.message : String(e) }], 'Export failed');
    }
  }

  async function share() {
    if (!baseline) return;
    const state: SharedState = { v: 1, base: baseline.obj };
    if (variant) state.variant = variant.obj;
    const w = whatif();
    if (Object.keys(w).length) state.whatif = w;
    state.replications = Number(repsIn.value) || 100;
    state.seed = seedIn.value;
    const code = await encodeShare(state);
    const url = `${location.origin}${location.pathname}#share=${code}`;
    history.replaceState(null, '', `#share=${code}`);
    shareOut.hidden = false;
    shareOut.value = url;
    shareOut.select();
    try {
      await navigator.clipboard.writeText(url);
      announce('Share link copied to the clipboard');
      shareBtn.textContent = 'Link copied ✓';
    } catch {
      announce('Share link shown; copy it with Ctrl+C');
      shareBtn.textContent = 'Link below ↓';
    }
    setTimeout(() => (shareBtn.textContent = 'Share link'), 2500);
  }

  async function loadShared(code: string): Promise<boolean> {
    try {
      const st = await decodeShare(code);
      setDoc('baseline', st.base, 'shared link');
      variant = null;
      if (st.variant) setDoc('variant', st.variant, 'shared link');
      quick = controlsFromWhatIf(st.whatif ?? null);
      if (st.replications) repsIn.value = String(st.replications);
      if (st.seed) seedIn.value = st.seed;
      picker.value = '';
      renderAll();
      announce('Scenario loaded from the share link');
      return true;
    } catch (e) {
      showErrors([{ path: '(share link)', message: e instanceof Error ? e.message : String(e) }], 'Could not open the share link');
      return false;
    }
  }

  // initial scenario: a share link, else the CLI's default bundled scenario
  const code = shareParam(location.hash);
  const start = async () => {
    if (code && (await loadShared(code))) return;
    const def = bundled(DEFAULT_SCENARIO) ?? BUNDLED[0];
    if (def) {
      picker.value = def.id;
      loadText(def.text, 'toml', `bundled: ${def.file}`);
    } else loadText(BLANK_TEMPLATE, 'toml', 'blank template');
  };
  void start().then(() => {
    view.dataset.ready = 'true';
  });
  resultTabs.select('overview');

  return {
    show: () => {
      view.hidden = false;
      renderResults();
    },
    hide: () => {
      view.hidden = true;
    },
  };
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'scenario';
}
