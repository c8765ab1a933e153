//! ccsim's side of the peer comparison (`benches/peers/run.sh`): the M/M/n+M model of
//! `benches/peers/common.py`, same parameters, same statistics, one JSON line on stdout.
//!
//! ```text
//! peer_ccsim [--agents N --lam L --aht S --patience S --days D --warmup-min M --threshold S --seed K]
//! ```
//!
//! The wall time covers compiling the scenario, running the replication and computing the KPIs.

use ccsim_benches::{peer_kpis, MmnM};
use sim_core::analytic::erlang_a_metrics;
use sim_core::run_replication;
use std::time::Instant;

fn main() {
    let mut m = MmnM::single_queue_day();
    let mut seed = 1u64;
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let (flag, value) = match pair {
            [f, v] => (f.as_str(), v.as_str()),
            _ => usage(&format!("missing value after {}", pair[0])),
        };
        let num = || -> f64 {
            value
                .parse()
                .unwrap_or_else(|_| usage(&format!("bad number {value} for {flag}")))
        };
        match flag {
            "--agents" => m.agents = num() as u32,
            "--lam" => m.lambda_per_s = num(),
            "--aht" => m.aht_s = num(),
            "--patience" => m.patience_s = num(),
            "--days" => m.days = num() as u32,
            "--warmup-min" => m.warmup_min = num(),
            "--threshold" => m.threshold_s = num(),
            "--seed" => seed = num() as u64,
            _ => usage(&format!("unknown option {flag}")),
        }
    }
    let start = Instant::now();
    let model = m.model();
    let tally = run_replication(&model, seed, 0);
    let k = peer_kpis(&model, &tally);
    let wall = start.elapsed().as_secs_f64();
    // the exact steady-state values, for the table's reference row
    let e = erlang_a_metrics(
        m.lambda_per_s,
        m.aht_s,
        m.patience_s,
        m.agents,
        m.threshold_s,
    );
    println!(
        "{{\"tool\": \"ccsim\", \"version\": \"{}\", \"contacts\": {}, \"wall_s\": {wall}, \"service_level\": {}, \"abandon_rate\": {}, \"asa_s\": {}, \"occupancy\": {}, \"events\": {}, \"exact\": {{\"service_level\": {}, \"abandon_rate\": {}, \"asa_s\": {}, \"occupancy\": {}}}}}",
        env!("CARGO_PKG_VERSION"),
        k.offered,
        k.service_level,
        k.abandon_rate,
        k.asa_s,
        k.occupancy,
        tally.events,
        e.service_level,
        e.abandon_rate,
        e.asa_s,
        e.occupancy,
    );
}

fn usage(msg: &str) -> ! {
    eprintln!("peer_ccsim: {msg}");
    eprintln!("usage: peer_ccsim [--agents N --lam L --aht S --patience S --days D --warmup-min M --threshold S --seed K]");
    std::process::exit(2)
}
