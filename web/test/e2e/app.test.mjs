// End-to-end tests in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// against the production build served by `vite preview`. Screenshots go to web/test-results/.
//
// Run after `npm run build`: node --test test/e2e/
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliReport, firstDifference, nativeCompare, nativeReport, numericDifferences, ROOT } from '../native.mjs';
import { ARTIFACTS, launch, serve } from './browser.mjs';
import * as w from '../../pkg/sim_wasm.js';

w.initSync({ module: readFileSync(new URL('../../pkg/sim_wasm_bg.wasm', import.meta.url)) });

/**
 * The trainer's run replayed with sim-wasm in Node: the bundled center without warm-up, seed 1,
 * each change applied at its instant (as the page does: apply, settle, mark), then occupancy
 * since the start and since the last change at `end`.
 */
function replayTrainer(file, changes, end) {
  const v = JSON.parse(w.validate(readFileSync(path.join(ROOT, 'scenarios', file), 'utf8'), 'toml', ''));
  v.scenario.warmup_minutes = 0;
  const tr = new w.Trainer(JSON.stringify(v.scenario), 'json', 1n, 0);
  tr.mark();
  for (const [t, change] of changes) {
    tr.advance_to(t);
    change(tr);
    tr.advance_to(t);
    tr.mark();
  }
  tr.advance_to(end);
  const out = { sinceStart: tr.occupancy(), sinceChange: tr.occupancy_since_mark() };
  tr.free();
  return out;
}

const DEFAULT = path.join(ROOT, 'scenarios', 'customer-care-24x7.toml');
const REPS = Number(process.env.CCSIM_E2E_REPLICATIONS ?? 500);
const SEED = 1; // the CLI's default seed
const notes = [];
let server;
let browser;
let page;
const external = [];
const pageErrors = [];

async function shot(p, name) {
  await p.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
  await p.screenshot({ path: path.join(ARTIFACTS, `${name}-full.png`), fullPage: true });
}

async function openPage(viewport = { width: 1280, height: 800 }, hash = '') {
  const p = await browser.context.newPage();
  await p.setViewportSize(viewport);
  p.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
  });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(server.url + hash);
  await p.waitForSelector('#app[data-ready="true"]', { state: 'attached', timeout: 30_000 });
  await p.waitForSelector('.planner[data-ready="true"], .trainer', { state: 'attached', timeout: 30_000 });
  return p;
}

async function runAndWait(p, testid, timeout = 300_000) {
  await p.click(`[data-testid="${testid}"]`);
  await p.waitForSelector('#run-status[data-state="running"]', { state: 'attached', timeout: 10_000 }).catch(() => undefined);
  await p.waitForSelector('#run-status[data-state="done"], #run-status[data-state="error"], #run-status[data-state="cancelled"]', { state: 'attached', timeout });
  const state = await p.getAttribute('#run-status', 'data-state');
  assert.equal(state, 'done', await p.textContent('#run-status'));
}

/** Opens a <details> section of the editor (clicking would close one that is already open). */
async function openSection(p, name) {
  await p.$eval(`details[data-section="${name}"]`, (d) => {
    d.open = true;
  });
}

const jsonOf = async (p, id) => JSON.parse((await p.textContent(`#${id}`)) || 'null');

describe('ccsim web app in headless Chromium', () => {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serve();
    browser = await launch();
    page = await openPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    writeFileSync(path.join(ARTIFACTS, 'timings.txt'), notes.join('\n') + '\n');
    for (const n of notes) console.log(`note: ${n}`);
  });

  test(`planner: ${REPS} replications of the default scenario equal the native report`, async () => {
    assert.equal(await page.inputValue('[data-testid="scenario-picker"]'), 'customer-care-24x7');
    await page.fill('[data-testid="replications"]', String(REPS));
    await page.fill('[data-testid="seed"]', String(SEED));
    const workers = await page.inputValue('[data-testid="workers"]');
    const t0 = Date.now();
    await runAndWait(page, 'run');
    const wall = Date.now() - t0;
    const elapsed = Number(await page.getAttribute('#run-status', 'data-elapsed-ms'));
    const report = await jsonOf(page, 'report-json');
    const native = nativeReport(DEFAULT, REPS, SEED);
    assert.equal(firstDifference(report, native.report), null, `page vs ${native.tool}`);
    // the numbers people see on the KPI cards carry the exact values in data-value
    const cards = await page.$$eval('.kpi-card[data-scope="overall"]', (els) => els.map((e) => [e.dataset.kpi, e.dataset.value]));
    assert.ok(cards.length >= 4);
    for (const [kpi, v] of cards) assert.equal(Number(v), native.report.kpis[kpi].mean, kpi);
    const slText = await page.textContent('.kpi-card[data-kpi="service_level"] .kpi-value');
    assert.equal(slText, `${(native.report.kpis.service_level.mean * 100).toFixed(1)} %`);
    notes.push(`page: ${REPS} replications of customer-care-24x7 in ${elapsed} ms with ${workers} workers (${wall} ms with clicks); native ${native.tool}: ${native.ms.toFixed(0)} ms (1 thread, incl. process start)`);
    await shot(page, 'planner-overview-1280x800');
  });

  test('planner: the same report as the CLI (ccsim run --format json)', async () => {
    const report = await jsonOf(page, 'report-json');
    const cli = cliReport(DEFAULT, REPS, SEED); // throws if the CLI cannot be built or prints no report
    const d = numericDifferences(report, cli.report);
    assert.equal(d.count, 0, `${d.count} numbers differ from ${cli.tool}, e.g. ${d.list.slice(0, 2).join('; ')}`);
    assert.equal(firstDifference(report, cli.report), null);
  });

  test('planner: JSON export is the report, tables and intervals render', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-json"]')]);
    const file = path.join(ARTIFACTS, 'report.json');
    await download.saveAs(file);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), await jsonOf(page, 'report-json'));
    await page.click('#tab-tables');
    await page.waitForSelector('[data-testid="interval-table"] tbody tr');
    const rows = await page.$$eval('[data-testid="interval-table"] tbody tr', (r) => r.length);
    assert.equal(rows, (await jsonOf(page, 'report-json')).by_interval.length);
    await shot(page, 'planner-tables-1280x800');
    await page.click('#tab-overview');
  });

  test('planner: what-if compare with common random numbers equals sim_core::compare', async () => {
    const whatif = { volume_scale: 1.1, agents_delta: { agents: 2 } };
    await page.fill('[data-testid="replications"]', '100');
    await page.fill('[data-testid="whatif-volume"]', '10');
    await page.fill('[data-testid="whatif-agents-agents"]', '2');
    assert.match(await page.textContent('[data-testid="whatif-desc"]'), /volume \+10 %, agents: agents \+2/);
    await runAndWait(page, 'run-compare');
    await page.waitForSelector('[data-testid="compare-table"]');
    const native = nativeCompare(DEFAULT, 100, SEED, whatif);
    assert.equal(firstDifference(await jsonOf(page, 'report-json'), native.base), null, 'baseline');
    assert.equal(firstDifference(await jsonOf(page, 'variant-report-json'), native.variant), null, 'variant');
    assert.equal(firstDifference(await jsonOf(page, 'compare-json'), native.compare), null, 'paired differences');
    const sl = native.compare.find((d) => d.scope === 'overall' && d.kpi === 'service_level');
    assert.equal(Number(await page.getAttribute('[data-testid="compare-table"] tr[data-kpi="service_level"]', 'data-diff')), sl.diff);
    await shot(page, 'planner-compare-1280x800');
  });

  test('planner: a duplicated variant edited in the forms compares like the same what-if natively', async () => {
    await page.selectOption('[data-testid="scenario-picker"]', 'trainer-single-queue');
    await page.waitForSelector('[data-testid="validation"].good');
    await page.click('[data-testid="duplicate"]');
    await openSection(page, 'group-0');
    const agents = page.locator('input[data-path="agent_groups[0].staffing.constant"]');
    assert.equal(await agents.inputValue(), '12');
    await agents.fill('14');
    await page.waitForTimeout(300);
    await page.fill('[data-testid="replications"]', '40');
    await runAndWait(page, 'run-compare');
    const native = nativeCompare(path.join(ROOT, 'scenarios', 'trainer-single-queue.toml'), 40, SEED, { agents_delta: { team: 2 } });
    assert.equal(firstDifference(await jsonOf(page, 'compare-json'), native.compare), null);
    assert.equal((await jsonOf(page, 'variant-report-json')).by_group.team.agents, 14);
    await page.click('[data-testid="edit-baseline"]');
    await page.selectOption('[data-testid="scenario-picker"]', 'customer-care-24x7');
    await page.waitForSelector('[data-testid="validation"].good');
  });

  test('planner: staffing curve with the Erlang overlay', async () => {
    await page.click('#tab-curve');
    await page.selectOption('[data-testid="curve-group"]', 'agents');
    await page.selectOption('[data-testid="curve-type"]', 'calls');
    await page.fill('[data-testid="curve-from"]', '-2');
    await page.fill('[data-testid="curve-to"]', '3');
    await page.fill('[data-testid="curve-reps"]', '12');
    await runAndWait(page, 'run-curve');
    await page.waitForSelector('[data-testid="curve-table"]');
    const curve = await jsonOf(page, 'curve-json');
    assert.equal(curve.length, 6);
    assert.ok(curve[5].service_level > curve[0].service_level, JSON.stringify(curve));
    await shot(page, 'planner-staffing-curve-1280x800');
    // the dashed Erlang values are sim-plan's prediction for each point's staffing, exactly
    const base = JSON.stringify(JSON.parse(w.validate(readFileSync(DEFAULT, 'utf8'), 'toml', '')).scenario);
    const rows = await page.$$eval('[data-testid="curve-table"] tbody tr', (trs) =>
      trs.map((tr) => ({ agents: Number(tr.getAttribute('data-agents')), erlang: [...tr.querySelectorAll('td[data-erlang]')].map((td) => td.getAttribute('data-erlang')) })),
    );
    assert.equal(rows.length, 6);
    const agents0 = rows[2].agents; // delta 0
    for (const r of rows) {
      const d = r.agents - agents0;
      const wi = d === 0 ? '' : JSON.stringify({ agents_delta: { agents: d } });
      const p = JSON.parse(w.erlang_prediction_of(base, 'json', wi, 'calls'));
      assert.deepEqual(r.erlang, [String(p.service_level), String(p.abandon_rate)], `${r.agents} agents`);
    }
    assert.ok(Number(rows[5].erlang[0]) > Number(rows[0].erlang[0]), 'more agents, higher Erlang SL');
  });

  test('planner: the simulation staffing search gives the same plan as ccsim staff', async () => {
    await page.click('#tab-curve');
    await page.fill('[data-testid="search-reps"]', '4');
    await page.fill('[data-testid="search-steps"]', '3');
    await page.click('[data-testid="run-search"]');
    await page.waitForFunction(() => (document.querySelector('#search-json')?.textContent ?? '').length > 0, null, { timeout: 300_000 });
    const plan = await jsonOf(page, 'search-json');
    const build = spawnSync('cargo', ['build', '-q', '-p', 'sim-cli'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `cannot build the CLI: ${build.stderr}`);
    const bin = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'debug', 'ccsim');
    const cli = spawnSync(bin, ['staff', DEFAULT, '--format', 'json', '-q', '-n', '4', '--seed', String(SEED), '--max-iterations', '3'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
    assert.equal(cli.status, 0, cli.stderr);
    const fromCli = JSON.parse(cli.stdout);
    delete fromCli.source;
    assert.deepEqual(plan, fromCli);
    assert.equal(plan.simulation_steps, 3);
    const first = plan.groups.find((g) => g.planned);
    const cell = await page.getAttribute(`[data-testid="search-table-${first.id}"] tbody tr[data-interval="${first.intervals.length - 1}"] td[data-needed]`, 'data-needed');
    assert.equal(Number(cell), first.intervals.at(-1).needed);
    assert.equal(await page.isDisabled('[data-testid="run"]'), false, 'the run button is back after the search');
    await shot(page, 'planner-staffing-search-1280x800');
  });

  test('planner: cancel keeps the finished replications, marked partial', async () => {
    await page.click('#tab-overview');
    await page.fill('[data-testid="replications"]', '20000');
    await page.click('[data-testid="run"]');
    await page.waitForFunction(() => Number(document.querySelector('#run-progress')?.getAttribute('value') ?? 0) > 0 || (document.querySelector('#run-progress')?.value ?? 0) > 0, null, { timeout: 30_000 });
    // the page stays responsive while workers run
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    assert.ok(Date.now() - t0 < 1000, 'main thread blocked');
    await page.click('[data-testid="cancel"]');
    await page.waitForSelector('#run-status[data-state="cancelled"]', { state: 'attached', timeout: 60_000 });
    const r = await jsonOf(page, 'report-json');
    assert.equal(r.partial, true);
    assert.equal(r.requested, 20000);
    assert.ok(r.replications > 0 && r.replications < 20000);
  });

  test('planner: invalid input shows the CLI field-path errors', async () => {
    await openSection(page, 'raw');
    const raw = page.locator('[data-testid="raw-editor"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="raw-editor"]').value.length > 0);
    const text = await raw.inputValue();
    assert.match(text, /contact_types/);
    const bad = text.replace(/^mean = 170(\.0)?$/m, 'mean = -170.0');
    assert.notEqual(bad, text);
    await raw.fill(bad);
    await page.click('[data-testid="apply-raw"]');
    await page.waitForSelector('[data-testid="validation"].bad');
    assert.match(await page.textContent('[data-testid="validation"]'), /contact_types\[0\]\.handle_time\.mean: must be > 0/);
    assert.equal(await page.isDisabled('[data-testid="run"]'), true);
    assert.ok(await page.$('[data-path="contact_types[0].handle_time.mean"][aria-invalid="true"]'));
    await shot(page, 'planner-validation-errors-1280x800');
  });

  test('planner: a share link opens the same what-if', async () => {
    await page.selectOption('[data-testid="scenario-picker"]', 'trainer-single-queue');
    await page.fill('[data-testid="whatif-aht"]', '-10');
    await page.fill('[data-testid="replications"]', '77');
    await page.click('[data-testid="share"]');
    await page.waitForFunction(() => location.hash.startsWith('#share='));
    const hash = await page.evaluate(() => location.hash);
    const p2 = await openPage({ width: 1280, height: 800 }, hash);
    await p2.waitForSelector('[data-testid="validation"].good');
    assert.match(await p2.textContent('.doc-title'), /shared link/);
    assert.equal(await p2.inputValue('[data-testid="whatif-aht"]'), '-10');
    assert.equal(await p2.inputValue('[data-testid="replications"]'), '77');
    assert.match(await p2.inputValue('#editor-host input[data-path="name"]'), /Trainer/);
    await p2.close();
  });

  test('planner: blank template edited in the forms (pasted table), exported and imported, runs natively to the same report', async () => {
    await page.click('button:has-text("Blank template")');
    await page.waitForSelector('[data-testid="validation"].good');
    await openSection(page, 'type-0');
    await page.selectOption('select[data-path="contact_types[0].arrivals"]', 'per_interval');
    // a column pasted from a spreadsheet: label + value, decimal commas
    const rows = Array.from({ length: 48 }, (_, i) => {
      const v = Math.round((20 + 40 * Math.sin((Math.PI * i) / 48) ** 2) * 10) / 10;
      return `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}\t${String(v).replace('.', ',')}`;
    });
    await page.fill('textarea[data-path="contact_types[0].arrivals.per_interval"]', ['Interval\tCalls', ...rows].join('\n'));
    await openSection(page, 'group-0');
    await page.fill('input[data-path="agent_groups[0].staffing.constant"]', '9');
    await page.fill('input[data-path="agent_groups[0].absence"]', '5');
    await page.waitForSelector('[data-testid="validation"].good');
    await page.waitForTimeout(300);
    await page.fill('[data-testid="replications"]', '30');
    await page.fill('[data-testid="seed"]', '5');
    await runAndWait(page, 'run');
    const report = await jsonOf(page, 'report-json');
    const files = {};
    for (const fmt of ['toml', 'json']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`button:has-text("Export ${fmt.toUpperCase()}")`)]);
      files[fmt] = path.join(ARTIFACTS, `edited-scenario.${fmt}`);
      await download.saveAs(files[fmt]);
      const native = nativeReport(files[fmt], 30, 5);
      assert.equal(firstDifference(report, native.report), null, `exported ${fmt} run natively`);
    }
    const exported = readFileSync(files.toml, 'utf8');
    assert.match(exported, /per_interval/);
    assert.match(exported, /constant = 9/);
    // import the exported file back
    await page.setInputFiles('#import-file', files.toml);
    await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent?.includes('edited-scenario.toml'));
    await page.waitForSelector('[data-testid="validation"].good');
    assert.equal(await page.inputValue('#editor-host input[data-path="name"]'), 'New scenario');
    await shot(page, 'planner-forms-1280x800');
  });

  test('trainer: the agents slider sets the team, occupancy is sim-core’s', async () => {
    const p = await openPage({ width: 1280, height: 800 }, '#trainer');
    await p.waitForSelector('[data-testid="trainer-agents-grid"] .agent');
    const now = async () => Number(await p.getAttribute('[data-testid="trainer-clock"]', 'data-now'));
    const team = async () => Number(await p.getAttribute('[data-testid="trainer-team"]', 'data-value'));
    // agents shown working or free to work (this center has no breaks and no absence)
    const onDuty = () => p.$$eval('[data-testid="trainer-agents-grid"] .agent', (els) => els.filter((e) => ['idle', 'talking', 'wrap'].includes(e.dataset.state)).length);
    const playUntil = async (t) => {
      await p.click('[data-testid="trainer-play"]');
      await p.waitForFunction((x) => Number(document.querySelector('[data-testid="trainer-clock"]')?.dataset.now) >= x, t, { timeout: 60_000 });
      await p.click('[data-testid="trainer-play"]');
      return now();
    };
    const setAgents = async (n) => {
      await p.fill('[data-testid="trainer-agents"]', String(n));
      assert.equal(await p.textContent('output[for="trainer-agents"]'), String(n));
      assert.equal(await team(), n);
    };
    assert.equal(await team(), 12);
    assert.equal(await onDuty(), 12);
    await p.fill('[data-testid="trainer-speed"]', '9'); // 1000×
    const t1 = await playUntil(20 * 60);
    const offered = Number(await p.getAttribute('[data-testid="trainer-counters"] dd:first-of-type', 'data-value'));
    assert.ok(offered > 40, String(offered));
    // fewer agents: the team is 8 at once; those leaving finish the contact in hand, then log off
    await setAgents(8);
    assert.ok((await onDuty()) >= 8);
    const t2 = await playUntil(t1 + 60 * 60);
    assert.equal(await onDuty(), 8, `an hour after the change to 8 agents (${t1} s -> ${t2} s)`);
    // more agents: they log on at once
    await setAgents(15);
    assert.equal(await onDuty(), 15);
    const t3 = await playUntil(t2 + 30 * 60);
    assert.equal(await onDuty(), 15);
    assert.match(await p.textContent('[data-testid="trainer-erlang"]'), /Erlang C/);
    // the occupancy shown is sim-core's: replay the same changes at the same instants in Node
    const shown = {
      sinceStart: Number(await p.getAttribute('[data-testid="trainer-occupancy"]', 'data-value')),
      sinceChange: Number(await p.getAttribute('[data-testid="cmp-occ"] td', 'data-value')),
    };
    const replay = replayTrainer('trainer-single-queue.toml', [
      [t1, (tr) => tr.set_agents(0, 8)],
      [t2, (tr) => tr.set_agents(0, 15)],
    ], t3);
    assert.deepEqual(shown, replay);
    assert.ok(shown.sinceChange > 0.3 && shown.sinceChange < 1, JSON.stringify(shown));
    await shot(p, 'trainer-1280x800');
    await p.close();
  });

  test('tablet width (768 px): no horizontal scrolling, screenshots', async () => {
    const p = await openPage({ width: 768, height: 1024 });
    await p.fill('[data-testid="replications"]', '40');
    await runAndWait(p, 'run');
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `planner scrolls sideways by ${overflow}px`);
    await shot(p, 'planner-tablet-768');
    await p.click('#tab-trainer');
    await p.waitForSelector('[data-testid="trainer-agents-grid"] .agent');
    await p.click('[data-testid="trainer-play"]');
    await p.waitForTimeout(1200);
    await p.click('[data-testid="trainer-play"]');
    const overflow2 = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow2 <= 0, `trainer scrolls sideways by ${overflow2}px`);
    await shot(p, 'trainer-tablet-768');
    await p.close();
  });

  test('keyboard: tabs move with the arrow keys, controls have labels', async () => {
    const p = await openPage();
    await p.focus('#tab-planner');
    await p.keyboard.press('ArrowRight');
    assert.equal(await p.getAttribute('#tab-trainer', 'aria-selected'), 'true');
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'tab-trainer');
    await p.keyboard.press('ArrowLeft');
    assert.equal(await p.getAttribute('#tab-planner', 'aria-selected'), 'true');
    const unlabeled = await p.$$eval('input:not([type=hidden]):not([aria-hidden=true]), select, textarea', (els) =>
      els
        .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unlabeled, []);
    await p.close();
  });

  test('no network requests beyond the page itself, no page errors', () => {
    assert.deepEqual(external, []);
    assert.deepEqual(pageErrors, []);
  });
});
