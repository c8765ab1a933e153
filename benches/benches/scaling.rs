//! The same M/M/n+M center (AHT 300 s, mean patience 600 s, 95 % offered load, one day, no
//! warm-up) at 10, 100, 1,000 and 10,000 agents, arrivals scaled along. Criterion's throughput is
//! in simulated contacts; the summary printed at the end gives the cost per contact and per event.
//! The cost per contact should stay roughly flat: the calendar holds O(n) events, so each event
//! costs O(log n) heap work, plus cache misses once the agent and event arrays outgrow the caches.
//!
//! `cargo bench -p ccsim-benches --bench scaling`

use ccsim_benches::{median, quick_mode, MmnM, SEED};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use sim_core::run_replication;
use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn scaling(c: &mut Criterion) {
    let sizes: &[u32] = if quick_mode() {
        &[10, 100, 1_000]
    } else {
        &[10, 100, 1_000, 10_000]
    };
    let mut g = c.benchmark_group("scaling");
    let mut rows = Vec::new();
    for &n in sizes {
        let mut m = MmnM::new(n, 0.95);
        m.warmup_min = 0.0; // every arrival is counted: throughput = contacts simulated
        let model = m.model();
        let t = run_replication(&model, SEED, 0);
        let contacts = t.by_type[0].arrivals;
        g.throughput(Throughput::Elements(contacts as u64));
        if n >= 1_000 {
            g.sampling_mode(SamplingMode::Flat);
            g.sample_size(10);
        } else {
            g.sampling_mode(SamplingMode::Auto);
            g.sample_size(20);
        }
        let samples = RefCell::new(Vec::new());
        g.bench_with_input(BenchmarkId::new("agents", n), &n, |b, _| {
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
        rows.push((n, contacts, t.events, median(&samples.borrow())));
    }
    g.finish();
    eprintln!("\nscaling summary (median per replication):");
    eprintln!("| agents | contacts | events | events/contact | time | ns/contact | ns/event |");
    eprintln!("|---:|---:|---:|---:|---:|---:|---:|");
    for (n, contacts, events, s) in rows {
        eprintln!(
            "| {n} | {contacts} | {events} | {:.2} | {:.2} ms | {:.0} | {:.0} |",
            events as f64 / contacts,
            s * 1e3,
            s * 1e9 / contacts,
            s * 1e9 / events as f64
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = scaling
}
criterion_main!(benches);
