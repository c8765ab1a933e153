//! Native reference for the web equality tests: runs a scenario with sim-core exactly as the CLI's
//! `ccsim run --format json` does (all replications, one summary) and prints the report JSON.
//!
//!   cargo run --release -p sim-wasm --example reference -- SCENARIO [REPLICATIONS] [SEED] [WHATIF_JSON]
//!
//! With `WHATIF_JSON` it also runs the variant with the same seed and prints
//! `{"base":report,"variant":report,"compare":[KpiDiff…]}`. With `CCSIM_TIME=1` it prints the time
//! the replications took (one thread) to stderr.
use sim_wasm::api;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: reference SCENARIO [REPLICATIONS] [SEED] [WHATIF_JSON]");
    let reps: u32 = args.get(2).map_or(20, |s| s.parse().expect("replications"));
    let seed: u64 = args.get(3).map_or(1, |s| s.parse().expect("seed"));
    let text = std::fs::read_to_string(path).expect("read scenario");
    let fmt = if path.ends_with(".json") {
        "json"
    } else {
        "toml"
    };
    let run = |whatif: &str| {
        let m = api::compile(&text, fmt, whatif).unwrap_or_else(|e| panic!("{e}"));
        let t0 = std::time::Instant::now();
        let s = sim_core::run_batch(&m, seed, 0..reps);
        if std::env::var_os("CCSIM_TIME").is_some() {
            let ms = t0.elapsed().as_secs_f64() * 1e3;
            eprintln!(
                "{reps} replications in {ms:.0} ms ({:.2} ms each, one thread)",
                ms / reps as f64
            );
        }
        (s.report(&m), s)
    };
    let (base, bs) = run("");
    match args.get(4) {
        None => println!("{}", serde_json::to_string_pretty(&base).expect("json")),
        Some(w) => {
            let (variant, vs) = run(w);
            let out = serde_json::json!({
                "base": base,
                "variant": variant,
                "compare": sim_core::compare(&bs, &vs),
            });
            println!("{}", serde_json::to_string_pretty(&out).expect("json"));
        }
    }
}
