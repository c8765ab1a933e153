// The page's History tab equals the CLI: sim-history driven through sim-wasm in Node (the page's
// route: the current scenario as validated JSON → the forecast with it as base; contact records →
// estimates → the availability fit whose replications run in parts and are merged, as the run
// workers do) gives byte for byte the forecast.csv, backtest.csv and scenario.toml that
// `ccsim forecast --out` writes, and the calibration.json of `ccsim calibrate --out` (the fit and
// the scenario exactly; the estimates' numbers to 1e-6 relative, see the test).
// Strict: when the CLI cannot be built or run, the test fails (it never skips).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as w from '../../pkg/sim_wasm.js';
import { firstDifference, ROOT } from '../native.mjs';

w.initSync({ module: readFileSync(new URL('../../pkg/sim_wasm_bg.wasm', import.meta.url)) });

const FIX = path.join(ROOT, 'web', 'test', 'fixtures');
const HISTORY = path.join(FIX, 'history-2types.csv');
const RECORDS = path.join(FIX, 'records-small.csv');
const BASE = path.join(ROOT, 'scenarios', 'customer-care-24x7.toml');
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const BIN = path.join(TARGET, 'debug', 'ccsim');
const tmp = mkdtempSync(path.join(tmpdir(), 'ccsim-history-'));

function ccsim(args) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.error, undefined, `ccsim ${args.join(' ')} did not start: ${r.error?.message}`);
  assert.equal(r.status, 0, `ccsim ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return r;
}

/** The page's route for a forecast: the base scenario validated into its JSON form, as the editor holds it. */
function pageForecast(text, options, baseFile) {
  let base = '';
  if (baseFile) {
    const v = JSON.parse(w.validate(readFileSync(baseFile, 'utf8'), 'toml', ''));
    assert.equal(v.ok, true, JSON.stringify(v.errors));
    base = JSON.stringify(v.scenario);
  }
  return JSON.parse(w.history_forecast(text, JSON.stringify(options), base, base ? 'json' : ''));
}

function sameFiles(page, dir, what) {
  for (const [file, key] of [['forecast.csv', 'forecast_csv'], ['backtest.csv', 'backtest_csv'], ['scenario.toml', 'scenario_toml']]) {
    const cli = readFileSync(path.join(dir, file), 'utf8');
    assert.ok(cli.length > 100, `${what}: ${file} is almost empty`);
    assert.equal(page[key], cli, `${what}: ${file} differs from the CLI's`);
  }
}

/** Compares two JSON values: everything exactly except numbers, which may differ by `rel` relatively. */
function inexact(a, b, rel, p = '$', out = { bad: null, count: 0, max: 0 }) {
  if (out.bad) return out;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a !== b) {
      const r = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
      out.count++;
      out.max = Math.max(out.max, r);
      if (!(r <= rel)) out.bad = `${p}: ${a} != ${b}`;
    }
    return out;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (a !== b) out.bad = `${p}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!(k in a) || !(k in b)) out.bad = `${p}.${k}: missing on one side`;
    else inexact(a[k], b[k], rel, `${p}.${k}`, out);
  }
  return out;
}

/** The page's route for the availability fit: each step's replications in two parts, merged in reverse. */
function pageCalibration(text, name, fit) {
  const cal = new w.CalibrationJs(text, JSON.stringify({ name }), '', '');
  const run = cal.fit(JSON.stringify(fit));
  try {
    for (let guard = 0; guard < 100; guard++) {
      const step = JSON.parse(run.next_step());
      if (step.kind === 'done') return { estimates: JSON.parse(cal.estimates()), calibration: step.calibration };
      const half = Math.ceil(step.replications / 2);
      const parts = [];
      for (const [a, b] of [[0, half], [half, step.replications]]) {
        const batch = new w.Batch(step.scenario, 'json', '', BigInt(step.seed));
        batch.run(a, b);
        parts.push(batch.summary());
        batch.free();
      }
      run.submit(w.finish_summary(w.merge(parts[1], parts[0]), step.replications));
    }
    throw new Error('the fit did not finish in 100 steps');
  } finally {
    run.free();
    cal.free();
  }
}

describe('History tab: the page (sim-wasm) equals the CLI', () => {
  before(() => {
    const r = spawnSync('cargo', ['build', '-q', '-p', 'sim-cli'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(r.error, undefined, `cargo did not start: ${r.error?.message}`);
    assert.equal(r.status, 0, `cannot build the CLI:\n${r.stderr}`);
    assert.ok(existsSync(BIN), `no CLI at ${BIN}`);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the file kinds are guessed from the header', () => {
    assert.equal(JSON.parse(w.history_guess_kind(readFileSync(HISTORY, 'utf8'))).kind, 'history');
    assert.equal(JSON.parse(w.history_guess_kind(readFileSync(RECORDS, 'utf8'))).kind, 'records');
  });

  test('forecast on the current scenario (auto, the default start) = ccsim forecast --base', () => {
    const text = readFileSync(HISTORY, 'utf8');
    const info = JSON.parse(w.history_summary(text, '{}'));
    assert.equal(info.default_start, '2024-02-12');
    assert.deepEqual(info.types, ['calls', 'written']);
    const page = pageForecast(text, { days: 7 }, BASE);
    assert.equal(page.base_used, true, page.base_error);
    const out = path.join(tmp, 'auto');
    ccsim(['forecast', HISTORY, '--start', info.default_start, '--days', '7', '--base', BASE, '--out', out, '-q']);
    sameFiles(page, out, 'auto with base');
    assert.match(page.scenario_toml, /^days = 7$/m);
    // the forecast document equals the CLI's --format json
    const json = ccsim(['forecast', HISTORY, '--start', info.default_start, '--days', '7', '--base', BASE, '--format', 'json', '-q']);
    const d = firstDifference(page.forecast, JSON.parse(json.stdout));
    assert.equal(d, null, `forecast JSON: first difference at ${d}`);
  });

  test('forecast with a fixed method, coarser intervals and special days, no base = ccsim forecast', () => {
    const special = 'date,factor,name\n2024-01-01,1,New Year\n2024-02-14,1.3,campaign\n';
    const specialFile = path.join(tmp, 'special.csv');
    writeFileSync(specialFile, special);
    const text = readFileSync(HISTORY, 'utf8');
    const page = pageForecast(text, { start: '2024-02-13', days: 3, method: 'weekday-mean', interval_minutes: 60, origins: 4, special_days: special }, null);
    const out = path.join(tmp, 'fixed');
    ccsim(['forecast', HISTORY, '--start', '2024-02-13', '--days', '3', '--method', 'weekday-mean', '--interval-minutes', '60', '--origins', '4', '--special-days', specialFile, '--out', out, '-q']);
    sameFiles(page, out, 'weekday-mean, 60 min, special days');
  });

  test('forecast of an export with other headers, read with a column mapping = ccsim forecast --columns', () => {
    const text = readFileSync(HISTORY, 'utf8').replace(/^interval_start,contact_type,offered/, 'DateTime,Queue,Calls');
    const file = path.join(tmp, 'mapped.csv');
    writeFileSync(file, text);
    const cols = 'offered=Calls,interval_start=DateTime,contact_type=Queue';
    const page = pageForecast(text, { columns: [cols], start: '2024-02-12', days: 2 }, null);
    const out = path.join(tmp, 'mapped');
    ccsim(['forecast', file, '--columns', cols, '--start', '2024-02-12', '--days', '2', '--out', out, '-q']);
    sameFiles(page, out, 'mapped columns');
  });

  test('bad input: the error names line and column, like the CLI', () => {
    const text = readFileSync(HISTORY, 'utf8').replace('2024-01-02T09:00,calls,', '2024-01-02T09:00,calls,-');
    const file = path.join(tmp, 'bad.csv');
    writeFileSync(file, text);
    let err;
    assert.throws(() => pageForecast(text, { days: 7 }, null), (e) => {
      err = JSON.parse(e.message).input_error;
      return true;
    });
    assert.equal(err.source, 'file');
    assert.equal(err.column, 'offered');
    assert.ok(err.line > 1);
    const r = spawnSync(BIN, ['forecast', file, '--start', '2024-02-12', '-q'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.ok(r.stderr.includes(err.message), `CLI: ${r.stderr}\npage: ${err.message}`);
  });

  test('calibrate: estimates and the availability fit = calibration.json of ccsim calibrate', () => {
    const out = path.join(tmp, 'calibrate');
    ccsim(['calibrate', RECORDS, '--out', out, '-n', '4', '--max-steps', '3', '--seed', '3', '-q', '--threads', '1']);
    const cli = JSON.parse(readFileSync(path.join(out, 'calibration.json'), 'utf8'));
    assert.equal(typeof cli.source, 'string');
    delete cli.source;
    const page = pageCalibration(readFileSync(RECORDS, 'utf8'), 'Calibrated from records-small.csv', { replications: 4, seed: '3', max_steps: 3 });
    // The availability fit and the scenario: exactly the CLI's.
    for (const k of ['availability', 'scenario']) {
      const d = firstDifference(page.calibration[k], cli[k]);
      assert.equal(d, null, `calibration.json ${k}: first difference at ${d}`);
    }
    // The estimates: every count, choice and text exactly; numbers to 1e-6 relative. sim-history's
    // calibration fits use Rust's std math (statrs, f64::ln/exp/powf), which is glibc natively and
    // Rust's libm port in wasm; they differ in the last bit, and the optimisers of the censored
    // fits amplify that to about 3e-7. (sim-core uses the libm crate everywhere and is bit-identical.)
    const diff = inexact(page.estimates, cli.estimates, 1e-6);
    assert.equal(diff.bad, null, `estimates: first difference at ${diff.bad}`);
    assert.equal(firstDifference(page.calibration.estimates, page.estimates), null, 'the estimates shown are the calibration’s');
    if (diff.count) console.log(`note: ${diff.count} estimate values differ from the CLI's in the last bits (largest relative ${diff.max.toExponential(1)})`);
    assert.ok(page.calibration.availability.trials.length >= 2);
    assert.equal(page.estimates.types.length, 2);
  });
});
