// The page's staffing search equals the CLI's: for every bundled scenario, sim-plan's search driven
// through sim-wasm in Node (the page's route: TOML → validated JSON form → the search proposes a
// staffing → replications run in parts and merged → summary handed back) gives exactly the plan
// that `ccsim staff --format json` prints for the same scenario, seed, replications and step
// budget. Strict: when the CLI cannot be built or prints something else, the test fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import * as w from '../../pkg/sim_wasm.js';
import { ROOT } from '../native.mjs';

w.initSync({ module: readFileSync(new URL('../../pkg/sim_wasm_bg.wasm', import.meta.url)) });

const SCEN = path.join(ROOT, 'scenarios');
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const BIN = path.join(TARGET, 'debug', 'ccsim');
const REPS = 4;
const SEED = 19;
const STEPS = 4;

function cliStaff(file, targets) {
  const args = ['staff', file, '--format', 'json', '-q', '-n', String(REPS), '--seed', String(SEED), '--max-iterations', String(STEPS)];
  for (const t of targets) args.push('--target', t);
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  return r;
}

/** The page's route, with the replications of each step split in two parts merged in reverse. */
function wasmStaff(file, targets) {
  const v = JSON.parse(w.validate(readFileSync(file, 'utf8'), 'toml', ''));
  assert.equal(v.ok, true, JSON.stringify(v.errors));
  const search = new w.StaffingSearchJs(JSON.stringify(v.scenario), 'json', '', JSON.stringify(targets), JSON.stringify({ replications: REPS, seed: String(SEED), max_steps: STEPS }));
  try {
    for (let guard = 0; guard < 100; guard++) {
      const step = JSON.parse(search.next_step());
      if (step.kind === 'done') return step.plan;
      assert.equal(step.kind, 'simulate');
      const half = Math.ceil(step.replications / 2);
      const parts = [];
      for (const [a, b] of [[0, half], [half, step.replications]]) {
        const batch = new w.Batch(step.scenario, 'json', '', BigInt(step.seed));
        batch.run(a, b);
        parts.push(batch.summary());
        batch.free();
      }
      search.submit(w.merge(parts[1], parts[0]));
    }
    throw new Error('the search did not finish in 100 steps');
  } finally {
    search.free();
  }
}

describe('staffing search: the page (sim-wasm) equals the CLI', () => {
  before(() => {
    const r = spawnSync('cargo', ['build', '-q', '-p', 'sim-cli'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(r.status, 0, `cannot build the CLI:\n${r.stderr}`);
    assert.ok(existsSync(BIN), `no CLI at ${BIN}`);
  });

  const files = readdirSync(SCEN).filter((f) => f.endsWith('.toml')).sort();
  test('there are bundled scenarios', () => assert.ok(files.length >= 5, files.join(', ')));
  for (const f of files) {
    test(f, () => {
      const file = path.join(SCEN, f);
      let targets = [];
      let cli = cliStaff(file, targets);
      if (cli.status === 2 && /none given/.test(cli.stderr)) {
        // a scenario without targets: the page refuses it the same way, then both plan for 80 %
        assert.throws(() => wasmStaff(file, targets), /none given/);
        targets = ['service_level=0.8'];
        cli = cliStaff(file, targets);
      }
      assert.equal(cli.status, 0, `ccsim staff ${f} failed:\n${cli.stderr}`);
      const fromCli = JSON.parse(cli.stdout);
      assert.equal(typeof fromCli.source, 'string');
      delete fromCli.source;
      const fromPage = wasmStaff(file, targets);
      assert.deepEqual(fromPage, fromCli);
      assert.ok(fromPage.simulation_steps >= 1 && fromPage.groups.some((g) => g.planned), f);
    });
  }
});
