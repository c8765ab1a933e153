//! Quick throughput check: one 100-agent M/M/n+M day at ~95 % occupancy, repeated.
//! `cargo run --release -p sim-core --example perf_single [replications]`
use sim_core::{run_replication, Format, Model};

fn main() {
    let reps: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let text = r#"
version = 1
name = "mmn+m 100 agents"
[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 1140 }
handle_time = { dist = "exponential", mean = 300 }
patience = { dist = "exponential", mean = 600 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = { constant = 100 }
"#;
    let m = Model::from_text(text, Format::Toml).expect("valid");
    let t0 = std::time::Instant::now();
    let mut events = 0u64;
    let mut contacts = 0.0;
    let mut occ = 0.0;
    for r in 0..reps {
        let t = run_replication(&m, 1, r);
        events += t.events;
        contacts += t.by_type[0].offered;
        occ += t.by_group[0].busy_s / t.by_group[0].staffed_s;
    }
    let s = t0.elapsed().as_secs_f64();
    println!(
        "{reps} replications, {:.0} events/rep, {:.0} contacts/rep, occupancy {:.3}: {:.2} M events/s, {:.1} ms/rep",
        events as f64 / reps as f64,
        contacts / reps as f64,
        occ / reps as f64,
        events as f64 / s / 1e6,
        s * 1e3 / reps as f64
    );
}
