// The page's schedule search equals the CLI's: sim-plan's schedule search driven through sim-wasm
// in Node exactly as the page drives it (scenario TOML → validated JSON form → ScheduleSearchJs,
// as the schedule worker holds it → each proposed scenario's replications run in parts and merged
// out of order, as the run workers do → the merged summary handed back) gives the result that
// `ccsim schedule --format json` prints for the same scenario, rules, options and seed: the same
// schedule rows, costs, iterations (every simulation's KPIs and what changed), verification and
// baseline, field for field. Strict: when the CLI cannot be built or fails, the test fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import * as w from '../../pkg/sim_wasm.js';
import { ROOT } from '../native.mjs';

w.initSync({ module: readFileSync(new URL('../../pkg/sim_wasm_bg.wasm', import.meta.url)) });

const FIX = path.join(ROOT, 'web', 'test', 'fixtures');
const SCENARIO = path.join(FIX, 'schedule-small.toml');
const RULES = path.join(FIX, 'schedule-small.rules.toml');
const REQUIREMENT = path.join(FIX, 'schedule-small.requirement.csv');
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const BIN = path.join(TARGET, 'debug', 'ccsim');

/** The CLI's JSON document for these options (the page's option names → the CLI's flags). */
function cliSchedule(o, requirement) {
  const args = ['schedule', SCENARIO, '--rules', RULES, '--format', 'json', '-q', '-n', String(o.replications), '--seed', String(o.seed), '--max-iterations', String(o.max_iterations)];
  if (o.min_interval_service_level != null) args.push('--min-interval-service-level', String(o.min_interval_service_level));
  for (const t of o.targets ?? []) args.push('--target', t);
  if (requirement) args.push('--requirement', REQUIREMENT);
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, `ccsim ${args.join(' ')} failed:\n${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  assert.equal(typeof doc.source, 'string');
  delete doc.source;
  return doc;
}

/** The page's route; replications of each step in three parts merged in another order. */
function pageSchedule(o, requirement) {
  const v = JSON.parse(w.validate(readFileSync(SCENARIO, 'utf8'), 'toml', ''));
  assert.equal(v.ok, true, JSON.stringify(v.errors));
  const req = requirement ? readFileSync(REQUIREMENT, 'utf8') : '';
  const search = new w.ScheduleSearchJs(JSON.stringify(v.scenario), 'json', readFileSync(RULES, 'utf8'), req, JSON.stringify({ ...o, seed: String(o.seed) }));
  const purposes = [];
  try {
    for (let guard = 0; guard < 100; guard++) {
      const step = JSON.parse(search.next_step());
      if (step.kind === 'done') return { done: step, purposes };
      assert.equal(step.kind, 'simulate');
      purposes.push(step.purpose);
      const n = step.replications;
      const cuts = [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n];
      const parts = [];
      for (let k = 0; k < 3; k++) {
        const batch = new w.Batch(step.scenario, 'json', '', BigInt(step.seed));
        batch.run(cuts[k], cuts[k + 1]);
        parts.push(batch.summary());
        batch.free();
      }
      search.submit(w.merge(parts[2], w.merge(parts[0], parts[1])));
    }
    throw new Error('the search did not finish in 100 steps');
  } finally {
    search.free();
  }
}

function same(page, cli, what) {
  const r = page.done.result;
  for (const k of ['rows', 'cost', 'weekly_cost', 'iterations', 'verification', 'baseline', 'first', 'converged', 'coverage', 'lines']) assert.deepEqual(r[k], cli[k], `${what}: ${k}`);
  assert.deepEqual(r, cli, `${what}: the whole result`);
}

describe('schedule search: the page (sim-wasm) equals the CLI', () => {
  before(() => {
    const r = spawnSync('cargo', ['build', '-q', '-p', 'sim-cli'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(r.status, 0, `cannot build the CLI:\n${r.stderr}`);
    assert.ok(existsSync(BIN), `no CLI at ${BIN}`);
  });

  test('the scenario’s targets: baseline, repair, verification', () => {
    const o = { replications: 8, seed: 5, max_iterations: 3 };
    const page = pageSchedule(o, false);
    same(page, cliSchedule(o, false), 'default targets');
    const r = page.done.result;
    assert.equal(page.purposes[0], 'baseline');
    assert.equal(page.purposes.at(-1), 'verify');
    assert.ok(r.rows.length > 0 && r.iterations.length >= 2, `rows ${r.rows.length}, iterations ${r.iterations.length}`);
    assert.ok(r.baseline && r.verification, 'a baseline and a verification run');
    // the scenario to apply carries the generated lines: one shift line per row and break set
    const shifts = page.done.scenario.agent_groups[0].shifts;
    assert.equal(shifts.reduce((a, s) => a + s.agents * s.days.length, 0), r.lines.reduce((a, l) => a + l.agents * l.days.filter(Boolean).length, 0));
  });

  test('targets given, an interval floor', () => {
    const o = { replications: 6, seed: 9, max_iterations: 2, targets: ['service_level=0.85'], min_interval_service_level: 0.6 };
    const page = pageSchedule(o, false);
    same(page, cliSchedule(o, false), 'targets + floor');
    assert.ok(page.done.result.iterations[0].targets.every((t) => t.kpi !== 'service_level' || t.target === 0.85));
  });

  test('a given requirement: one cover, no repair', () => {
    const o = { replications: 4, seed: 3, max_iterations: 3 };
    const page = pageSchedule(o, true);
    same(page, cliSchedule(o, true), 'requirement given');
    assert.equal(page.done.result.requirement_given, true);
    assert.equal(page.done.result.iterations.length, 1);
  });
});
