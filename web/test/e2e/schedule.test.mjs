// End-to-end test of the planner's Schedule tab in headless Chromium: rules typed in the raw editor
// fill the form, a form error is marked at its input (sim-plan's field path), the search runs in
// the schedule worker and the run workers and gives exactly the result and schedule.csv of
// `ccsim schedule` for the same rules, options and seed; the coverage chart and the Gantt are
// drawn, the schedule table has the rows, the comparison with the current schedule opens, and
// "Apply to scenario" makes the generated shifts the scenario the Run button simulates (its KPIs
// equal the search's for the same seed). Then the customer-care desk with its bundled example
// rules (a small iteration budget; the time is printed), and a cancel while the solver works.
// Screenshots go to web/test-results/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../native.mjs';
import { ARTIFACTS, launch, serve } from './browser.mjs';

const FIX = path.join(ROOT, 'web', 'test', 'fixtures');
const SCENARIO = path.join(FIX, 'schedule-small.toml');
const RULES = path.join(FIX, 'schedule-small.rules.toml');
const BIN = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'debug', 'ccsim');
let server;
let browser;
let page;
const external = [];
const pageErrors = [];
const consoleErrors = [];
const tmp = mkdtempSync(path.join(tmpdir(), 'ccsim-e2e-schedule-'));

async function shot(name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-full.png`), fullPage: true });
}

const jsonOf = async (id) => JSON.parse((await page.textContent(`#${id}`)) || 'null');

function cli(args) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, `ccsim ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Painted pixels of a canvas (a drawn chart has thousands). */
const painted = (sel) =>
  page.$eval(sel, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });

async function setOptions(reps, seed, iters) {
  await page.fill('[data-testid="sched-reps"]', String(reps));
  await page.fill('[data-testid="sched-seed"]', String(seed));
  await page.fill('[data-testid="sched-iters"]', String(iters));
}

describe('Schedule tab in headless Chromium', () => {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const build = spawnSync('cargo', ['build', '-q', '-p', 'sim-cli'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `cannot build the CLI:\n${build.stderr}`);
    server = await serve();
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(server.url);
    await page.waitForSelector('.planner[data-ready="true"]', { state: 'attached', timeout: 30_000 });
    await page.waitForSelector('[data-testid="validation"].good');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('rules form and raw text in sync; the search equals ccsim schedule; charts, table, CSV; compare; apply', async () => {
    await page.setInputFiles('#import-file', SCENARIO);
    await page.waitForSelector('[data-testid="validation"].good');
    await page.click('#tab-schedule');
    await page.waitForSelector('[data-testid="schedule-tab"]');
    assert.equal(await page.isVisible('[data-testid="rules-example"]'), false, 'no example rules for the fixture');
    assert.equal(await page.getAttribute('[data-testid="rules-check"]', 'data-state'), 'empty');
    assert.equal(await page.isDisabled('[data-testid="sched-run"]'), true);

    // raw text → form
    await page.fill('[data-testid="rules-raw"]', readFileSync(RULES, 'utf8'));
    await page.waitForSelector('[data-testid="rules-check"][data-state="ok"]');
    assert.equal(await page.inputValue('[data-testid="rules-template-1"] input[data-path="templates[1].id"]'), 'late');
    assert.equal(await page.inputValue('[data-testid="rules-starts-0"]'), '07:00, 08:00');
    // form → raw text, and sim-plan's error at the input it names
    const latest = '[data-testid="rules-template-1"] input[data-path="templates[1].breaks[0].latest"]';
    await page.fill(latest, '07:45');
    await page.waitForSelector('[data-testid="rules-check"][data-state="error"]');
    assert.equal(await page.getAttribute(latest, 'aria-invalid'), 'true');
    assert.match(await page.textContent('[data-testid="rules-check"]'), /templates\[1\]\.breaks\[0\]\.latest/);
    assert.match(await page.inputValue('[data-testid="rules-raw"]'), /latest = "07:45"/);
    assert.equal(await page.isDisabled('[data-testid="sched-run"]'), true);
    await page.fill(latest, '04:30');
    await page.waitForSelector('[data-testid="rules-check"][data-state="ok"]');
    const rules = await page.inputValue('[data-testid="rules-raw"]');
    assert.doesNotMatch(rules, /07:45/);

    await setOptions(8, 5, 3);
    assert.match(await page.textContent('[data-testid="sched-cli"]'), /-n 8 --seed 5 --max-iterations 3/);
    await page.click('[data-testid="sched-run"]');
    await page.waitForSelector('[data-testid="sched-status"][data-state="done"]', { state: 'attached', timeout: 180_000 });
    const done = await jsonOf('schedule-json');

    // the same search on the command line, with the rules the page ran
    const rulesFile = path.join(tmp, 'rules.toml');
    writeFileSync(rulesFile, rules);
    const args = ['schedule', SCENARIO, '--rules', rulesFile, '-n', '8', '--seed', '5', '--max-iterations', '3', '-q'];
    const fromCli = JSON.parse(cli([...args, '--format', 'json']));
    delete fromCli.source;
    assert.deepEqual(done.result, fromCli);
    assert.ok(done.result.rows.length > 0);

    // charts with data, the table, schedule.csv byte for byte
    for (const id of ['schedule-coverage-team', 'schedule-gantt-team']) {
      const box = await page.$eval(`#${id} canvas`, (c) => [c.width, c.height]);
      assert.ok(box[0] > 100 && box[1] > 100, `${id}: ${box}`);
      assert.ok((await painted(`#${id} canvas`)) > 2000, `${id} is drawn`);
    }
    assert.equal(Number(await page.getAttribute('#schedule-coverage-team', 'data-points')), 24);
    assert.equal(Number(await page.getAttribute('#schedule-gantt-team', 'data-lines')), done.result.rows.length);
    assert.equal(await page.locator('[data-testid="schedule-table"] tbody tr').count(), done.result.rows.length);
    assert.equal(await page.locator('[data-testid="schedule-iterations"] tbody tr').count(), done.result.iterations.length);
    const targets = await page.$$eval('[data-testid="schedule-target"]', (els) => els.map((e) => [e.dataset.target, e.dataset.met]));
    assert.deepEqual(targets.map((t) => t[0]).sort(), ['calls.abandon_rate', 'calls.service_level']);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="schedule-download-csv"]')]);
    const csvFile = path.join(tmp, 'schedule.csv');
    await dl.saveAs(csvFile);
    assert.equal(readFileSync(csvFile, 'utf8'), cli([...args, '--format', 'csv']));

    // the current schedule against the generated one (common random numbers)
    await page.click('[data-testid="schedule-compare"]');
    await page.waitForSelector('#schedule-compare [data-testid="compare-table"]');
    assert.ok((await page.locator('[data-testid="schedule-versus"] tbody tr').count()) >= 6);
    await shot('schedule-fixture');

    // apply: the Run button simulates the generated shifts (same seed and replications: the same KPIs)
    await page.click('[data-testid="schedule-apply"]');
    await page.waitForSelector('[data-testid="validation"].good');
    await page.fill('[data-testid="replications"]', '8');
    await page.fill('[data-testid="seed"]', '5');
    await page.click('#tab-overview');
    await page.click('[data-testid="run"]');
    await page.waitForFunction(() => (document.querySelector('#report-json')?.textContent ?? '').length > 10, null, { timeout: 60_000 });
    const report = await jsonOf('report-json');
    const chosen = done.result.iterations.find((i) => i.iteration === done.chosen_iteration);
    assert.equal(report.kpis.paid_hours.mean, chosen.paid_hours);
    assert.equal(report.by_type.calls.kpis.service_level.mean, chosen.targets.find((t) => t.kpi === 'service_level').mean);
  });

  test('the customer-care desk with its example rules; cancel while solving', async () => {
    await page.selectOption('[data-testid="scenario-picker"]', 'customer-care-24x7');
    await page.waitForSelector('[data-testid="validation"].good');
    await page.click('#tab-schedule');
    await page.click('[data-testid="rules-example"]');
    await page.waitForSelector('[data-testid="rules-check"][data-state="ok"]');
    assert.match(await page.textContent('[data-testid="rules-check"]'), /2 templates for agents, weekly rules, 1 floor/);
    assert.equal(await page.locator('[data-testid="rules-weekly"]').isChecked(), true);
    await setOptions(8, 1, 3);
    const t0 = Date.now();
    await page.click('[data-testid="sched-run"]');
    // the page stays responsive while the worker solves
    await page.waitForSelector('[data-testid="sched-status"][data-state="running"]');
    const t1 = Date.now();
    await page.evaluate(() => document.title);
    assert.ok(Date.now() - t1 < 1000, 'the main thread answers while the search runs');
    await page.waitForSelector('[data-testid="sched-status"][data-state="done"]', { state: 'attached', timeout: 600_000 });
    const ms = Number(await page.getAttribute('[data-testid="sched-status"]', 'data-elapsed-ms'));
    console.log(`# desk example (8 replications, 3 iterations) in headless Chromium: ${(ms / 1000).toFixed(1)} s (wall ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    const done = await jsonOf('schedule-json');
    assert.ok(done.result.rows.length > 0);
    assert.ok(done.result.baseline, 'the desk has a current schedule');
    // weekly rules, three breaks, a floor: still the CLI's result field for field
    const fromCli = JSON.parse(cli(['schedule', 'customer-care-24x7', '--rules', path.join(ROOT, 'scenarios', 'rules', 'customer-care-24x7.rules.toml'), '-n', '8', '--seed', '1', '--max-iterations', '3', '-q', '--format', 'json']));
    delete fromCli.source;
    assert.deepEqual(done.result, fromCli);
    assert.ok((await painted('#schedule-gantt-agents canvas')) > 2000);
    assert.ok((await painted('#schedule-coverage-agents canvas')) > 2000);
    assert.ok(Number(await page.getAttribute('#schedule-coverage-agents', 'data-points')) === 7 * 48);
    await shot('schedule-desk');

    // cancel while replications run: the best schedule simulated so far, marked as stopped
    await setOptions(400, 3, 20);
    await page.click('[data-testid="sched-run"]');
    await page.waitForSelector('[data-testid="sched-live"] tbody tr', { timeout: 300_000 });
    await page.waitForFunction(() => /\b\d+\/400 replications/.test(document.querySelector('[data-testid="sched-status"]')?.textContent ?? ''), null, { timeout: 300_000, polling: 50 });
    await page.click('[data-testid="sched-cancel"]');
    await page.waitForSelector('[data-testid="sched-status"][data-state="cancelled"]', { state: 'attached', timeout: 30_000 });
    const partial = await jsonOf('schedule-json');
    assert.equal(partial.result.partial, true);
    assert.match(await page.textContent('[data-testid="schedule-summary"] h3'), /Stopped/);
    assert.ok(partial.result.rows.length > 0);

    // cancel while the first cover is solved: the schedule worker is ended at once
    await setOptions(8, 2, 20);
    await page.click('[data-testid="sched-run"]');
    await page.waitForSelector('[data-testid="sched-status"][data-state="running"]');
    await page.click('[data-testid="sched-cancel"]');
    await page.waitForSelector('[data-testid="sched-status"][data-state="cancelled"]', { state: 'attached', timeout: 10_000 });
    assert.equal(await page.isDisabled('[data-testid="sched-run"]'), false);
    assert.equal(await page.isDisabled('[data-testid="run"]'), false, 'the page is free again');
  });

  test('no console errors, no external requests', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(external, []);
  });
});
