//! One replication of the shipped `scenarios/multi-skill-bank.toml` week (read at bench start,
//! so edits of the scenario need no rebuild). Reports time per replication and events per second.
//!
//! `cargo bench -p ccsim-benches --bench engine_multi_skill`

use ccsim_benches::{load_scenario, SEED};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use sim_core::run_replication;
use std::hint::black_box;
use std::time::Duration;

fn multi_skill(c: &mut Criterion) {
    let model = load_scenario("multi-skill-bank");
    let t = run_replication(&model, SEED, 0);
    let offered: f64 = t.by_type.iter().map(|x| x.offered).sum();
    eprintln!(
        "engine_multi_skill: \"{}\": {} days, {} contact types, {} groups, {} agents; {} events, {offered} contacts offered per replication",
        model.name,
        model.horizon_s / 86_400.0,
        model.types.len(),
        model.groups.len(),
        model.agent_count(),
        t.events
    );
    let mut g = c.benchmark_group("engine_multi_skill");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(t.events));
    g.bench_function("multi_skill_bank_replication", |b| {
        b.iter(|| run_replication(black_box(&model), SEED, 0))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = multi_skill
}
criterion_main!(benches);
