//! One replication of an M/M/n+M day: 100 agents, AHT 300 s, mean patience 600 s, offered load
//! 95 Erlangs (≈ 27,400 contacts). Criterion's throughput is in events (`Melem/s` = million
//! events per second on one core). Target: ≥ 20 M events/s (docs/performance.md).
//!
//! `cargo bench -p ccsim-benches --bench engine_single_queue`

use ccsim_benches::{median, quick_mode, MmnM, SEED};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sim_core::run_replication;
use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

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
    let samples = RefCell::new(Vec::new());
    g.bench_function("mmnm_100_agents_1_day", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(run_replication(black_box(&model), SEED, 0));
            }
            let e = start.elapsed();
            samples.borrow_mut().push(e.as_secs_f64() / iters as f64);
            e
        })
    });
    g.finish();
    if !quick_mode() {
        // events per second depends on what the engine counts as an event; cost per contact does not
        let s = median(&samples.borrow());
        let contacts = m.expected_contacts();
        eprintln!(
            "engine_single_queue: median {:.3} ms per replication: {:.2} M events/s, {:.2} M contacts/s ({:.0} ns per contact, expected arrivals {contacts:.0})",
            s * 1e3,
            t.events as f64 / s / 1e6,
            contacts / s / 1e6,
            s * 1e9 / contacts
        );
    }
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
