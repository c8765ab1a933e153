//! 200 replications of the shipped `scenarios/customer-care-24x7.toml` with the CLI's rayon
//! fold/reduce and exact merge, on 1 thread and on all threads; prints the parallel efficiency
//! T1 / (threads × Tn) from the medians of the samples. Target: ≥ 90 % on 2 threads.
//!
//! `cargo bench -p ccsim-benches --bench montecarlo_parallel`

use ccsim_benches::{load_scenario, median, montecarlo, quick_mode, SEED};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn montecarlo_parallel(c: &mut Criterion) {
    let model = load_scenario("customer-care-24x7");
    let reps: u32 = if quick_mode() { 4 } else { 200 };
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    eprintln!(
        "montecarlo_parallel: \"{}\": {} days, {} agents; {reps} replications on {threads:?} threads",
        model.name,
        model.horizon_s / 86_400.0,
        model.agent_count()
    );
    let mut g = c.benchmark_group("montecarlo_parallel");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    // throughput in replications per second
    g.throughput(Throughput::Elements(reps as u64));
    let mut medians = Vec::new();
    for &n in &threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool");
        let samples = RefCell::new(Vec::new());
        g.bench_with_input(
            BenchmarkId::new(format!("{reps}_replications"), format!("{n}_threads")),
            &n,
            |b, _| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        black_box(pool.install(|| montecarlo(&model, SEED, reps)));
                    }
                    let e = start.elapsed();
                    samples.borrow_mut().push(e.as_secs_f64() / iters as f64);
                    e
                })
            },
        );
        medians.push((n, median(&samples.borrow())));
    }
    g.finish();
    if quick_mode() {
        return; // one sample each: not a measurement
    }
    if let [(1, t1), .., (n, tn)] = medians[..] {
        eprintln!(
            "montecarlo_parallel: T1 = {:.3} s, T{n} = {:.3} s, speed-up {:.2}×, parallel efficiency T1/({n}·T{n}) = {:.1} %",
            t1,
            tn,
            t1 / tn,
            100.0 * t1 / (n as f64 * tn)
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    targets = montecarlo_parallel
}
criterion_main!(benches);
