//! One replication of an M/M/n+M day: 100 agents, AHT 300 s, mean patience 600 s, offered load
//! 95 Erlangs (≈ 27,400 contacts). Criterion's throughput is in events (`Melem/s` = million
//! events per second on one core). Target: ≥ 20 M events/s (docs/performance.md).
//!
//! `cargo bench -p ccsim-benches --bench engine_single_queue`

use ccsim_benches::{MmnM, SEED};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sim_core::run_replication;
use std::hint::black_box;
use std::time::Duration;

fn single_queue(c: &mut Criterion) {
    let m = MmnM::single_queue_day();
    let model = m.model();
    let t = run_replication(&model, SEED, 0);
    let arrivals = t.by_type[0].arrivals;
    eprintln!(
        "engine_single_queue: M/M/{}+M, 1 day, load {:.0} Erlangs: {} events, {arrivals} contacts after warm-up per replication ({:.2} events per contact)",
        m.agents,
        m.lambda_per_s * m.aht_s,
        t.events,
        t.events as f64 / m.expected_contacts()
    );
    let mut g = c.benchmark_group("engine_single_queue");
    // Same replication every iteration: the event count is exact, so Melem/s = M events/s.
    g.throughput(Throughput::Elements(t.events));
    g.bench_function("mmnm_100_agents_1_day", |b| {
        b.iter(|| run_replication(black_box(&model), SEED, 0))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = single_queue
}
criterion_main!(benches);
