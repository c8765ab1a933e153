// The native side of the equality tests: the same scenario, seed and replications run natively
//   - by sim-core alone (sim-wasm/examples/reference.rs: run_batch + report, what the CLI does), and
//   - by the CLI itself (`ccsim run … --format json`).
//
// Strict on purpose: when the CLI or the reference cannot be built, exits with an error, or prints
// anything other than the report document, these functions throw, so the test fails (there is no
// switch that turns a missing CLI or a difference into a skip). CCSIM_NATIVE_PROFILE=release
// builds with --release (default: the dev profile; results are bit-identical across profiles).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROFILE = process.env.CCSIM_NATIVE_PROFILE === 'release' ? 'release' : 'dev';
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const BIN_DIR = path.join(TARGET, PROFILE === 'release' ? 'release' : 'debug');

let cliBin = null;
let refBin = null;

/** Runs cargo; returns null on success, else the end of its error output (or why it did not start). */
function cargo(args) {
  const profile = PROFILE === 'release' ? ['--release'] : [];
  const r = spawnSync('cargo', [...args, ...profile], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return `cargo did not start: ${r.error.message}`;
  return r.status === 0 ? null : `${r.stderr}`.split('\n').slice(-15).join('\n');
}

function whatifFlags(w) {
  const out = [];
  if (!w) return out;
  if (w.volume_scale != null) out.push('--scale-volume', String(w.volume_scale));
  if (w.aht_scale != null) out.push('--scale-aht', String(w.aht_scale));
  for (const [g, n] of Object.entries(w.agents_delta ?? {})) out.push(`--add-agents=${g}=${n >= 0 ? '+' : ''}${n}`);
  if (w.shrinkage_pp != null) out.push(`--add-shrinkage=${w.shrinkage_pp}`);
  return out;
}

function isReport(v) {
  return v && typeof v === 'object' && v.kpis && v.by_type && v.by_group && Array.isArray(v.by_interval) && Array.isArray(v.targets);
}

/** The CLI binary, built once per test process; throws when it cannot be built. */
function cli() {
  if (cliBin) return cliBin;
  const err = cargo(['build', '-q', '-p', 'sim-cli']);
  const bin = path.join(BIN_DIR, 'ccsim');
  if (err) throw new Error(`cannot build the CLI (cargo build -p sim-cli):\n${err}`);
  if (!existsSync(bin)) throw new Error(`cargo built the CLI but ${bin} does not exist`);
  cliBin = bin;
  return cliBin;
}

function reference() {
  if (refBin) return refBin;
  const err = cargo(['build', '-q', '-p', 'sim-wasm', '--example', 'reference']);
  if (err) throw new Error(`cannot build sim-wasm/examples/reference.rs:\n${err}`);
  refBin = path.join(BIN_DIR, 'examples', 'reference');
  return refBin;
}

/**
 * Report JSON of `scenario` (a path) from the CLI (`ccsim run … --format json`). Returns
 * { report, tool, ms }; throws when the CLI cannot be built, fails, or prints anything other
 * than one report document on stdout.
 */
export function cliReport(scenario, replications, seed, whatif = null) {
  const bin = cli();
  const args = ['run', scenario, '--replications', String(replications), '--seed', String(seed), '--format', 'json', '--quiet', ...whatifFlags(whatif)];
  const t0 = performance.now();
  const r = spawnSync(bin, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const what = `ccsim ${args.join(' ')}`;
  if (r.error) throw new Error(`${what} did not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}`);
  let v;
  try {
    v = JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(`${what} did not print JSON (${e.message}); stdout begins: ${JSON.stringify(r.stdout.slice(0, 200))}`, { cause: e });
  }
  if (!isReport(v)) throw new Error(`${what} printed JSON that is not a report: ${JSON.stringify(v).slice(0, 200)}`);
  if (v.replications !== replications || v.seed !== seed) throw new Error(`${what} printed the report of ${v.replications} replications with seed ${v.seed}`);
  return { report: v, tool: `ccsim (${PROFILE})`, ms };
}

/**
 * Report JSON of `scenario` run natively by sim-core alone (sim-wasm/examples/reference.rs, built
 * with only sim-core's own dependencies — the same crate graph as the wasm build). Returns
 * { report, tool, ms }. `whatif` is a sim_core WhatIf object (or null).
 */
export function nativeReport(scenario, replications, seed, whatif = null) {
  reference();
  const t0 = performance.now();
  const args = [scenario, String(replications), String(seed)];
  if (whatif) args.push(JSON.stringify(whatif));
  const doc = JSON.parse(execFileSync(reference(), args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 }));
  return { report: whatif ? doc.variant : doc, tool: `sim-core reference (${PROFILE})`, ms: performance.now() - t0 };
}

/** Every numeric difference between two reports (up to `limit` listed) and their count. */
export function numericDifferences(a, b, limit = 8) {
  const list = [];
  let count = 0;
  const walk = (x, y, p) => {
    if (typeof x === 'number' && typeof y === 'number') {
      if (!Object.is(x, y)) {
        count++;
        if (list.length < limit) list.push(`${p}: ${x} vs ${y}`);
      }
      return;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object') for (const k of Object.keys(x)) if (k in y) walk(x[k], y[k], `${p}.${k}`);
  };
  walk(a, b, '$');
  return { count, list };
}

/** Baseline report, variant report and sim_core::compare of the two (common random numbers). */
export function nativeCompare(scenario, replications, seed, whatif) {
  const out = JSON.parse(execFileSync(reference(), [scenario, String(replications), String(seed), JSON.stringify(whatif)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 }));
  return out;
}

/** First difference between two JSON values, as a path (null when equal). */
export function firstDifference(a, b, p = '$') {
  if (Object.is(a, b)) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return `${p}: ${JSON.stringify(a)?.slice(0, 80)} != ${JSON.stringify(b)?.slice(0, 80)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${p}: array vs object`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!(k in a)) return `${p}.${k}: missing on the left`;
    if (!(k in b)) return `${p}.${k}: missing on the right`;
    const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${p}[${k}]` : `${p}.${k}`);
    if (d) return d;
  }
  return null;
}
