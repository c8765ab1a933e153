//! Runs a scenario file and prints its key KPIs.
//!
//! ```text
//! cargo run --release -p sim-core --example run_scenario -- scenarios/customer-care-24x7.toml 200 [seed] [--json]
//! ```
//!
//! Replications default to 200 and the seed to 1. `--json` prints the whole report
//! (`Summary::report`) as JSON instead of the table.

use sim_core::stats::Describe;
use sim_core::{run_batch, Format, Model};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(path) = pos.first() else {
        eprintln!("usage: run_scenario <scenario.toml|json> [replications=200] [seed=1] [--json]");
        std::process::exit(2);
    };
    let reps: u32 = pos.get(1).map_or(200, |s| s.parse().expect("replications"));
    let seed: u64 = pos.get(2).map_or(1, |s| s.parse().expect("seed"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let model = match Model::from_text(&text, Format::from_path(path)) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{path}: invalid scenario\n{e}");
            std::process::exit(1);
        }
    };
    let t0 = Instant::now();
    let summary = run_batch(&model, seed, 0..reps);
    let elapsed = t0.elapsed().as_secs_f64();
    let report = summary.report(&model);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
        return;
    }

    println!("scenario     {}", report.scenario);
    println!(
        "replications {} (seed {}), {:.2} ms per replication, {} events",
        report.replications,
        report.seed,
        1e3 * elapsed / reps.max(1) as f64,
        report.events
    );
    println!(
        "agents       {} in {} groups",
        model.agent_count(),
        model.groups.len()
    );
    println!();
    println!(
        "{:<34} {:>12} {:>25} {:>12} {:>12}",
        "KPI", "mean", "95 % CI", "p5", "p95"
    );
    // the KPIs the catalogue shows by default: headline ones, and the others that happen
    let shown = |named: &sim_core::report::Named<Describe>| -> Vec<(String, Describe)> {
        named
            .0
            .iter()
            .filter(|(k, d)| {
                sim_core::kpi::def_of(k).is_some_and(|def| def.show.in_default_table(d.mean, d.max))
            })
            .map(|(k, d)| (k.clone(), d.clone()))
            .collect()
    };
    for (k, d) in shown(&report.kpis) {
        row(&format!("overall.{k}"), &d);
    }
    for (id, t) in &report.by_type.0 {
        println!("-- type {id} ({})", t.channel);
        for (k, d) in shown(&t.kpis) {
            row(&format!("{id}.{k}"), &d);
        }
    }
    for (id, g) in &report.by_group.0 {
        println!("-- group {id} ({} agents)", g.agents);
        for (k, d) in shown(&g.kpis) {
            row(&format!("{id}.{k}"), &d);
        }
    }
    if !report.targets.is_empty() {
        println!("-- targets");
        for t in &report.targets {
            println!(
                "{:<14} {:<14} {:<9} {:>7.4}  mean {:>8}  missed in {:>5.1} % of replications",
                t.id,
                t.kpi,
                t.rule.symbol(),
                t.target,
                t.mean.map_or("-".into(), |m| format!("{m:.4}")),
                100.0 * t.missed_share
            );
        }
    }
}

fn row(name: &str, d: &Describe) {
    let f = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.4}"));
    let ci = d
        .ci95
        .map_or("-".to_string(), |[lo, hi]| format!("[{lo:.4}, {hi:.4}]"));
    println!(
        "{:<34} {:>12} {:>25} {:>12} {:>12}",
        name,
        f(d.mean),
        ci,
        f(d.p5),
        f(d.p95)
    );
}
