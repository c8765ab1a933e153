// wasm vs native on the single-queue bench model (M/M/100+M day, 95 % load), in Node.
//
//   node benches/peers/wasm_node.mjs [REPS=20] [ROUNDS=5]
//
// Needs a sim-wasm package built with `wasm-bindgen --target web` (CCSIM_WASM_PKG, default web/pkg)
// and the native runner (CCSIM_REPLICATION_TIME, default target/release/replication_time);
// benches/peers/wasm.sh builds both from the current sources and runs this.
// Two measurements, each as ROUNDS alternating native/wasm rounds of REPS replications 0..REPS
// (bit-identical runs on both sides, checked by their event counts):
//   engine: Trainer/Simulation built outside the clock, advance_to(horizon) timed;
//   batch:  Batch.run(0, REPS) vs run_batch(model, seed, 0..REPS): replications plus their KPIs.
// Prints per-round times, the median wasm/native ratio and its spread.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const REPS = Number(process.argv[2] ?? 20);
const ROUNDS = Number(process.argv[3] ?? 5);
const native = process.env.CCSIM_REPLICATION_TIME ?? join(root, "target", "release", "replication_time");

const pkgDir = process.env.CCSIM_WASM_PKG ?? join(root, "web", "pkg");
const pkg = await import(join(pkgDir, "sim_wasm.js"));
pkg.initSync({ module: readFileSync(join(pkgDir, "sim_wasm_bg.wasm")) });

const toml = execFileSync(native, ["--print-toml"], { encoding: "utf8" });
const seed = JSON.parse(execFileSync(native, ["engine", "1"], { encoding: "utf8" })).seed;
const runNative = (mode) => JSON.parse(execFileSync(native, [mode, String(REPS)], { encoding: "utf8" }));

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
};

function wasmEngine() {
  const ms = [];
  for (let r = 0; r < REPS; r++) {
    const t = new pkg.Trainer(toml, "toml", BigInt(seed), r);
    const h = t.horizon();
    const start = performance.now();
    t.advance_to(h);
    ms.push(performance.now() - start);
    t.free();
  }
  return { median_ms: median(ms) };
}

function wasmBatch() {
  const b = new pkg.Batch(toml, "toml", "", BigInt(seed));
  const start = performance.now();
  b.run(0, REPS);
  const total = performance.now() - start;
  const events = b.events();
  b.free();
  return { median_ms: total / REPS, events };
}

// warm up both sides (JIT tiers, caches)
wasmEngine();
wasmBatch();
runNative("engine");

console.log(`wasm vs native, M/M/100+M day at 95 % load, ${REPS} replications per round, ${ROUNDS} rounds, node ${process.version}`);
for (const mode of ["engine", "batch"]) {
  const ratios = [];
  const rows = [];
  for (let k = 0; k < ROUNDS; k++) {
    const n = runNative(mode);
    const w = mode === "engine" ? wasmEngine() : wasmBatch();
    if (mode === "batch" && n.events !== w.events) {
      throw new Error(`event counts differ: native ${n.events}, wasm ${w.events}`);
    }
    ratios.push(w.median_ms / n.median_ms);
    rows.push(`${n.median_ms.toFixed(2)} / ${w.median_ms.toFixed(2)}`);
  }
  const r = median(ratios);
  console.log(
    `${mode.padEnd(6)}: ms per replication native / wasm by round: ${rows.join(", ")}; ` +
      `wasm/native median ${r.toFixed(2)}× (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`,
  );
}
