//! Native reference timings for the wasm comparison (`benches/peers/wasm_node.mjs`), on the
//! single-queue bench model (M/M/100+M day, 95 % load) unless told otherwise:
//!
//! ```text
//! replication_time --print-toml            the scenario text (the Node side runs the same text)
//! replication_time engine REPS [DAYS]      Simulation::new outside the clock, advance_to(horizon)
//!                                          timed, replications 0..REPS (what wasm's Trainer does)
//! replication_time batch REPS [DAYS]       run_batch(model, seed, 0..REPS) timed as a whole: the
//!                                          replications plus their KPIs (what wasm's Batch.run does)
//! ```
//!
//! Prints one JSON line: per-replication times in milliseconds and the events processed.

use ccsim_benches::{median, MmnM, SEED};
use sim_core::{run_batch, Simulation};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let days = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let m = MmnM::single_queue_day().with_days(days);
    let reps: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    match args.first().map(String::as_str) {
        Some("--print-toml") => print!("{}", m.toml()),
        Some("engine") => {
            let model = m.model();
            let mut ms = Vec::new();
            let mut events = 0u64;
            for r in 0..reps {
                let mut sim = Simulation::new(&model, SEED, r);
                let start = Instant::now();
                sim.advance_to(model.horizon_s);
                ms.push(start.elapsed().as_secs_f64() * 1e3);
                events += sim.finish().events;
            }
            report("engine", &ms, events);
        }
        Some("batch") => {
            let model = m.model();
            let start = Instant::now();
            let s = run_batch(&model, SEED, 0..reps);
            let total = start.elapsed().as_secs_f64() * 1e3;
            report("batch", &[total / reps as f64], s.events());
        }
        _ => {
            eprintln!(
                "usage: replication_time --print-toml | engine REPS [DAYS] | batch REPS [DAYS]"
            );
            std::process::exit(2);
        }
    }
}

fn report(mode: &str, ms: &[f64], events: u64) {
    let min = ms.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "{{\"side\": \"native\", \"mode\": \"{mode}\", \"median_ms\": {}, \"min_ms\": {min}, \"events\": {events}, \"seed\": {SEED}}}",
        median(ms)
    );
}
