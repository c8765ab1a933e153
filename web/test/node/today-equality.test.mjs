// The page's Today view equals the CLI's: sim-history's intraday day driven through sim-wasm in
// Node exactly as the Today worker drives it (scenario TOML → validated JSON form → TodayJs with
// the start state and the day's actuals → replications in chunks → a what-if added after the
// baseline ran, which runs only its own replications) gives the document that
// `ccsim intraday … --format json` prints for the bundled example (customer-care-24x7, day 3 at
// 11:00, scenarios/intraday/), the same seed, replications and what-if: the report (whole-day and
// rest-of-day KPIs, every interval's band, occupancy, cost) and the what-if's paired deltas, field
// for field and number for number. Strict: when the CLI cannot be built or fails, the test fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import * as w from '../../pkg/sim_wasm.js';
import { ROOT } from '../native.mjs';

w.initSync({ module: readFileSync(new URL('../../pkg/sim_wasm_bg.wasm', import.meta.url)) });

const SCENARIO = path.join(ROOT, 'scenarios', 'customer-care-24x7.toml');
const STATE = path.join(ROOT, 'scenarios', 'intraday', 'customer-care-24x7.state.json');
const ACTUALS = path.join(ROOT, 'scenarios', 'intraday', 'customer-care-24x7.actuals.csv');
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const BIN = path.join(TARGET, 'debug', 'ccsim');
const N = 100;
const SEED = 11;
const WHATIF = 'add agents 2 13:00-17:00';

function cliToday(method, whatifs) {
  const args = ['intraday', 'customer-care-24x7', '--state', STATE, '--actuals', ACTUALS, '--method', method, '-n', String(N), '--seed', String(SEED), ...whatifs.flatMap((x) => ['--whatif', x]), '--format', 'json'];
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, `ccsim ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The page's route: the scenario's JSON form, chunks of 7 replications, the what-ifs added after the baseline ran. */
function pageToday(method, whatifs) {
  const v = JSON.parse(w.validate(readFileSync(SCENARIO, 'utf8'), 'toml', ''));
  assert.equal(v.ok, true, JSON.stringify(v.errors));
  const run = new w.TodayJs(JSON.stringify(v.scenario), 'json', readFileSync(STATE, 'utf8'), readFileSync(ACTUALS, 'utf8'), method, '[]', N, String(SEED));
  try {
    while (run.step(7) > 0);
    for (const x of whatifs) {
      run.add_whatif(x);
      while (run.step(7) > 0);
    }
    return JSON.parse(run.result());
  } finally {
    run.free();
  }
}

/** Deep equality that names the first differing field. */
function same(a, b, where) {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(Object.is(a, b), `${where}: page ${a} ≠ CLI ${b}`);
    return;
  }
  assert.equal(typeof a, typeof b, `${where}: types differ`);
  if (a === null || b === null || typeof a !== 'object') {
    assert.equal(a, b, where);
    return;
  }
  assert.equal(Array.isArray(a), Array.isArray(b), `${where}: array vs object`);
  const ka = Object.keys(a);
  assert.deepEqual(ka, Object.keys(b), `${where}: keys differ`);
  for (const k of ka) same(a[k], b[k], `${where}.${k}`);
}

describe('Today (intraday): the page (sim-wasm) equals ccsim intraday', () => {
  before(() => {
    const r = spawnSync('cargo', ['build', '-q', '-p', 'sim-cli'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(r.status, 0, `cannot build the CLI:\n${r.stderr}`);
    assert.ok(existsSync(BIN), `no CLI at ${BIN}`);
  });

  test(`the bundled example, ratio, n = ${N}, one what-if`, () => {
    const page = pageToday('ratio', [WHATIF]);
    const cli = cliToday('ratio', [WHATIF]);
    same(page, cli, 'result');
    const r = page.report;
    assert.equal(r.clock, '11:00');
    assert.equal(r.replications, N);
    assert.equal(r.finished_intervals, 22);
    assert.deepEqual(r.types.map((t) => t.id), ['calls', 'written']);
    assert.ok(r.types.every((t) => t.whole_day && t.intervals.length === 48));
    assert.equal(page.whatifs.length, 1);
    assert.equal(page.whatifs[0].whatif, WHATIF);
    // two more agents in the afternoon raise the day's service level of calls
    const [id, d] = page.whatifs[0].types[0];
    assert.equal(id, 'calls');
    assert.ok(d.service_level.mean > 0, `Δ SL ${d.service_level.mean}`);
  });

  test('profile method, no what-if: the same', () => {
    same(pageToday('profile', []), cliToday('profile', []), 'result');
  });
});
