// End-to-end test of the planner's History tab in headless Chromium: a history CSV loaded through
// the file input is forecast in the history worker (the same forecast.csv, backtest.csv and
// scenario.toml as `ccsim forecast --base` on the scenario shown), its chart and backtest table
// render, "Apply to scenario" makes it the current scenario and a run works; contact records are
// estimated, the availability fit runs over the run workers, and the calibration applies; a bad
// file shows sim-history's line/column message next to the input. Screenshots go to
// web/test-results/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../native.mjs';
import { ARTIFACTS, launch, serve } from './browser.mjs';

const FIX = path.join(ROOT, 'web', 'test', 'fixtures');
const HISTORY = path.join(FIX, 'history-2types.csv');
const RECORDS = path.join(FIX, 'records-small.csv');
const BASE = path.join(ROOT, 'scenarios', 'customer-care-24x7.toml');
const BIN = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'debug', 'ccsim');
let server;
let browser;
let page;
const external = [];
const pageErrors = [];
const consoleErrors = [];
const tmp = mkdtempSync(path.join(tmpdir(), 'ccsim-e2e-history-'));

async function shot(name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-full.png`), fullPage: true });
}

const jsonOf = async (id) => JSON.parse((await page.textContent(`#${id}`)) || 'null');

describe('History tab in headless Chromium', () => {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serve();
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
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

  test('forecast a history: chart, backtest table, the CLI’s files; apply, then run', async () => {
    await page.click('#tab-history');
    assert.match(await page.textContent('[data-testid="history-drop"]'), /nothing is uploaded/);
    await page.setInputFiles('#history-file', HISTORY);
    await page.waitForFunction(() => document.querySelector('#fc-start')?.value === '2024-02-12', null, { timeout: 30_000 });
    assert.equal(await page.inputValue('[data-testid="history-kind"]'), 'history');
    assert.match(await page.textContent('[data-testid="fc-summary"]'), /calls, written · 30-minute intervals · 2024-01-01 to 2024-02-11/);
    await page.click('[data-testid="history-run"]');
    await page.waitForSelector('[data-testid="history-status"][data-state="done"]', { state: 'attached', timeout: 120_000 });
    const res = await jsonOf('forecast-json');
    assert.equal(res.base_used, true, res.base_error);
    // the chart (one per type, drawn by Chart.js) and the backtest table, the chosen method marked
    for (const t of ['calls', 'written']) {
      const box = await page.$eval(`#forecast-chart-${t} canvas`, (c) => [c.width, c.height]);
      assert.ok(box[0] > 100 && box[1] > 100, `chart of ${t}: ${box}`);
    }
    const rows = await page.$$eval('[data-testid="backtest-table"] tbody tr', (trs) => trs.map((tr) => [tr.dataset.type, tr.dataset.method, tr.dataset.chosen]));
    assert.equal(rows.length, 6);
    for (const t of ['calls', 'written']) assert.equal(rows.filter((r) => r[0] === t && r[2] === 'true').length, 1, t);
    // the same files as the CLI with the scenario shown as --base
    const build = spawnSync('cargo', ['build', '-q', '-p', 'sim-cli'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `cannot build the CLI: ${build.stderr}`);
    const out = path.join(tmp, 'fc');
    const cli = spawnSync(BIN, ['forecast', HISTORY, '--start', '2024-02-12', '--days', '7', '--base', BASE, '--out', out, '-q'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    for (const [f, k] of [['forecast.csv', 'forecast_csv'], ['backtest.csv', 'backtest_csv'], ['scenario.toml', 'scenario_toml']]) assert.equal(res[k], readFileSync(path.join(out, f), 'utf8'), f);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="forecast-csv"]')]);
    const saved = path.join(ARTIFACTS, 'forecast.csv');
    await dl.saveAs(saved);
    assert.equal(readFileSync(saved, 'utf8'), res.forecast_csv);
    await shot('planner-history-forecast-1280x800');
    // apply: the editor shows the forecast's horizon, and a run works
    await page.click('[data-testid="forecast-apply"]');
    await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent?.includes('forecast of history-2types.csv'));
    await page.waitForSelector('[data-testid="validation"].good');
    assert.equal(await page.inputValue('#editor-host input[data-path="days"]'), '7');
    await page.click('#tab-overview');
    await page.fill('[data-testid="replications"]', '8');
    await page.click('[data-testid="run"]');
    await page.waitForSelector('#run-status[data-state="done"], #run-status[data-state="error"]', { state: 'attached', timeout: 120_000 });
    assert.equal(await page.getAttribute('#run-status', 'data-state'), 'done', await page.textContent('#run-status'));
    const report = await jsonOf('report-json');
    assert.equal(report.replications, 8);
    assert.ok(report.kpis.offered.mean > 0);
  });

  test('a bad history shows the line and column next to the file, the page keeps working', async () => {
    await page.click('#tab-history');
    const bad = path.join(tmp, 'bad-history.csv');
    writeFileSync(bad, readFileSync(HISTORY, 'utf8').replace('2024-01-02T09:00,calls,', '2024-01-02T09:00,calls,-'));
    await page.setInputFiles('#history-file', bad);
    await page.waitForSelector('[data-testid="history-error-file"]:not([hidden])', { timeout: 30_000 });
    const msg = await page.textContent('[data-testid="history-error-file"]');
    assert.match(msg, /line \d+, column `offered`/);
    assert.equal(await page.isDisabled('[data-testid="run"]'), false);
  });

  test('calibrate records: estimates, the availability fit over the workers, apply', async () => {
    await page.setInputFiles('#history-file', RECORDS);
    await page.waitForFunction(() => document.querySelector('[data-testid="history-kind"]')?.value === 'records');
    assert.equal(await page.isHidden('[data-testid="history-error-file"]'), true);
    await page.click('[data-testid="calibrate-run"]');
    await page.waitForSelector('[data-testid="estimates-table"] tbody tr', { timeout: 60_000 });
    assert.equal(await page.$$eval('[data-testid="estimates-table"] tbody tr', (r) => r.length), 2);
    await page.fill('[data-testid="cal-reps"]', '4');
    await page.fill('[data-testid="cal-steps"]', '3');
    await page.click('[data-testid="fit-run"]');
    await page.waitForFunction(() => (document.querySelector('#calibration-json')?.textContent ?? '').length > 0, null, { timeout: 300_000 });
    const c = await jsonOf('calibration-json');
    assert.equal(c.availability.trials.length >= 2, true);
    const hours = await page.$$eval('[data-testid="fit-table-hour"] tbody tr', (r) => r.length);
    assert.equal(hours, c.availability.fit.per_hour.rows.length);
    await shot('planner-history-calibrate-1280x800');
    await page.click('[data-testid="calibration-apply-fitted"]');
    await page.waitForFunction(() => document.querySelector('.doc-title')?.textContent?.includes('calibration of records-small.csv'));
    await page.waitForSelector('[data-testid="validation"].good');
  });

  test('no network requests beyond the page itself, no page or console errors', () => {
    assert.deepEqual(external, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  });
});
