//! Memory check: one replication of the single-queue model (M/M/100+M, 95 % load) over a long
//! horizon, reporting peak RSS (`VmHWM`). Target: a 365-day run under 50 MB: the engine keeps no
//! per-contact records, only contact slots in flight and per-interval tallies.
//!
//! ```text
//! cargo run --release -p ccsim-benches --bin rss -- [DAYS (default 365)]
//! ```

use ccsim_benches::{peak_rss_kib, MmnM, SEED};
use sim_core::{run_replication, Summary};
use std::time::Instant;

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn main() {
    let days: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(365);
    let base = peak_rss_kib();
    let m = MmnM::single_queue_day().with_days(days);
    let model = m.model();
    let compiled = peak_rss_kib();
    let start = Instant::now();
    let tally = run_replication(&model, SEED, 0);
    let secs = start.elapsed().as_secs_f64();
    let after_run = peak_rss_kib();
    // what the CLI does next: KPIs of the replication into a summary
    let mut summary = Summary::new(&model, SEED);
    summary.add(&model, &tally);
    let after_summary = peak_rss_kib();
    println!(
        "{days} days, {:.0} contacts offered, {} events in {secs:.2} s ({:.1} M events/s)",
        tally.by_type[0].offered,
        tally.events,
        tally.events as f64 / secs / 1e6
    );
    println!(
        "peak RSS: at start {}, model compiled {}, after the replication {}, after the summary {}",
        mib(base),
        mib(compiled),
        mib(after_run),
        mib(after_summary)
    );
}
