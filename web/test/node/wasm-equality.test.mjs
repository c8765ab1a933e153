// Loads the wasm package directly in Node (no browser) and checks that it computes exactly what
// the native CLI computes: same scenario, seed and replications give the identical report, also
// when the replications are split into parts (as the page's workers do) and merged out of order.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import * as w from '../../pkg/sim_wasm.js';
import { cliReport, firstDifference, nativeCompare, nativeReport, numericDifferences, ROOT } from '../native.mjs';

w.initSync({ module: readFileSync(new URL('../../pkg/sim_wasm_bg.wasm', import.meta.url)) });

const SCEN = path.join(ROOT, 'scenarios');
const DEFAULT = path.join(SCEN, 'customer-care-24x7.toml');
const timings = [];

/** The page's route: TOML → validated JSON form → parts run by "workers" → merged → report. */
function wasmReport(file, replications, seed, whatif = null, parts = 3) {
  const v = JSON.parse(w.validate(readFileSync(file, 'utf8'), 'toml', ''));
  assert.equal(v.ok, true, JSON.stringify(v.errors));
  const text = JSON.stringify(v.scenario);
  const wi = whatif ? JSON.stringify(whatif) : '';
  const size = Math.ceil(replications / parts);
  const summaries = [];
  const t0 = performance.now();
  for (let start = 0; start < replications; start += size) {
    const b = new w.Batch(text, 'json', wi, BigInt(seed));
    b.run(start, Math.min(replications, start + size));
    summaries.push(b.summary());
    b.free();
  }
  const ms = performance.now() - t0;
  summaries.reverse(); // merge order must not matter
  let s = summaries[0];
  for (const p of summaries.slice(1)) s = w.merge(s, p);
  s = w.finish_summary(s, replications);
  return { report: JSON.parse(w.report(text, 'json', wi, s)), summary: s, ms };
}

function assertSame(a, b, what) {
  const d = firstDifference(a, b);
  assert.equal(d, null, `${what}: first difference at ${d}`);
}

describe('sim-wasm in Node equals native sim-core', () => {
  test('default scenario (customer-care-24x7), 60 replications, seed 7, in 3 parts', () => {
    const wasm = wasmReport(DEFAULT, 60, 7);
    const native = nativeReport(DEFAULT, 60, 7);
    assertSame(wasm.report, native.report, `wasm vs ${native.tool}`);
    assert.equal(wasm.report.replications, 60);
    timings.push(`default scenario 60 reps: wasm ${wasm.ms.toFixed(0)} ms (1 thread) · ${native.tool} ${native.ms.toFixed(0)} ms (process)`);
  });

  test('every bundled scenario, small runs', () => {
    const files = readdirSync(SCEN).filter((f) => f.endsWith('.toml')).sort();
    assert.ok(files.length >= 1, 'no bundled scenarios');
    for (const f of files) {
      const file = path.join(SCEN, f);
      const wasm = wasmReport(file, 6, 3, null, 2);
      const native = nativeReport(file, 6, 3);
      assertSame(wasm.report, native.report, `${f}: wasm vs ${native.tool}`);
    }
  });

  test('every bundled scenario exported by the page (TOML and JSON) runs in the CLI to the same report', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ccsim-export-'));
    const files = readdirSync(SCEN).filter((f) => f.endsWith('.toml')).sort();
    assert.ok(files.length >= 5, `only ${files.length} bundled scenarios`);
    for (const f of files) {
      const original = cliReport(path.join(SCEN, f), 4, 9);
      // the page's route: validate → the scenario form (JSON) → export as the planner does
      const v = JSON.parse(w.validate(readFileSync(path.join(SCEN, f), 'utf8'), 'toml', ''));
      assert.equal(v.ok, true, `${f}: ${JSON.stringify(v.errors)}`);
      const form = JSON.stringify(v.scenario);
      for (const fmt of ['toml', 'json']) {
        const out = path.join(dir, f.replace(/\.toml$/, `.${fmt}`));
        writeFileSync(out, w.convert(form, 'json', fmt));
        const exported = cliReport(out, 4, 9); // throws if the CLI refuses it
        assertSame(exported.report, original.report, `${f} exported as ${fmt}, run by the CLI`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('what-if compare with common random numbers equals sim_core::compare natively', () => {
    const whatif = { volume_scale: 1.1, agents_delta: { agents: 2 }, shrinkage_pp: 1 };
    const base = wasmReport(DEFAULT, 20, 11);
    const variant = wasmReport(DEFAULT, 20, 11, whatif, 4);
    const diffs = JSON.parse(w.compare(base.summary, variant.summary));
    const native = nativeCompare(DEFAULT, 20, 11, whatif);
    assertSame(base.report, native.base, 'baseline report');
    assertSame(variant.report, native.variant, 'variant report');
    assertSame(diffs, native.compare, 'paired comparison');
    const viaFlags = nativeReport(DEFAULT, 20, 11, whatif);
    assertSame(variant.report, viaFlags.report, 'variant run on its own');
    assert.ok(diffs.some((d) => d.scope === 'overall' && d.kpi === 'service_level'));
  });

  test('the CLI (ccsim run --format json) prints the same report', () => {
    const wasm = wasmReport(DEFAULT, 30, 5);
    const cli = cliReport(DEFAULT, 30, 5); // throws if the CLI cannot be built or prints no report
    const d = numericDifferences(wasm.report, cli.report);
    assert.equal(d.count, 0, `${d.count} numbers differ from ${cli.tool}, e.g. ${d.list.slice(0, 3).join('; ')}`);
    assertSame(wasm.report, cli.report, `wasm vs ${cli.tool}`);
  });

  test('validation errors carry the field path', () => {
    const bad = readFileSync(DEFAULT, 'utf8').replace('handle_time = { dist = "lognormal", mean = 170', 'handle_time = { dist = "lognormal", mean = -170');
    const v = JSON.parse(w.validate(bad, 'toml', ''));
    assert.equal(v.ok, false);
    assert.ok(v.errors.some((e) => e.path === 'contact_types[0].handle_time.mean'), JSON.stringify(v.errors));
    const syntax = JSON.parse(w.validate('version = 1\nname = ', 'toml', ''));
    assert.equal(syntax.ok, false);
  });

  test('trainer steps and Erlang formulas', () => {
    const text = readFileSync(path.join(SCEN, 'trainer-single-queue.toml'), 'utf8');
    const t = new w.Trainer(text, 'toml', 1n, 0);
    t.advance_to(4 * 3600);
    const s = JSON.parse(t.snapshot());
    assert.equal(s.now, 4 * 3600);
    const onDuty = () => JSON.parse(t.snapshot()).agents.filter(([, a]) => a >= 1 && a <= 3).length; // idle, talking, wrap-up
    assert.equal(t.active_agents(0), 12); // the scenario's staffing
    assert.equal(onDuty(), 12);
    t.set_agents(0, 15);
    t.set_arrival_rate(0, 300);
    t.advance_to(5 * 3600);
    assert.equal(t.active_agents(0), 15);
    assert.equal(onDuty(), 15);
    const rate = JSON.parse(t.info()).types[0].rate_per_s;
    assert.equal(rate[rate.length - 1], 300 / 3600, 'the new arrival rate holds to the horizon');
    t.set_agents(0, 10);
    assert.equal(t.active_agents(0), 10);
    t.advance_to(6 * 3600); // agents taken off finish their contact, then log off
    assert.equal(onDuty(), 10);
    t.free();
    // 200 calls/h, AHT 180 s, 12 agents: Erlang C SL20 = 64.0 %, ASA = 40.4 s (the scenario's own numbers)
    const m = JSON.parse(w.queue_metrics(200 / 3600, 180, 0, 12, 20));
    assert.ok(Math.abs(m.service_level - 0.64) < 0.005, String(m.service_level));
    assert.ok(Math.abs(m.asa_s - 40.4) < 0.5, String(m.asa_s));
  });

  after(() => {
    for (const t of timings) console.log(`# ${t}`);
  });
});
