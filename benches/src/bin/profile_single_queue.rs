//! Runs the single-queue bench replication (M/M/100+M day at 95 % load) in a loop, for profilers:
//!
//! ```text
//! cargo build --release -p ccsim-benches --bin profile_single_queue
//! valgrind --tool=callgrind target/release/profile_single_queue 3
//! perf record -g target/release/profile_single_queue 200
//! ```
//!
//! Arguments: number of replications (default 50), agents (default 100; arrivals scale along,
//! 95 % load as in the `scaling` bench). Prints events per second and time per contact.

use ccsim_benches::{MmnM, SEED};
use sim_core::run_replication;
use std::time::Instant;

fn main() {
    let reps: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let agents: u32 = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let m = MmnM::new(agents, 0.95);
    let model = m.model();
    let start = Instant::now();
    let mut events = 0u64;
    for r in 0..reps {
        events += run_replication(&model, SEED, r).events;
    }
    let s = start.elapsed().as_secs_f64();
    println!(
        "{reps} replications, {events} events in {s:.3} s: {:.2} M events/s, {:.3} ms per replication, {:.0} ns per contact",
        events as f64 / s / 1e6,
        s * 1e3 / reps as f64,
        s * 1e9 / (reps as f64 * m.expected_contacts())
    );
}
