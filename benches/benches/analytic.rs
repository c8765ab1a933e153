//! Analytic staffing at n ≈ 1,000 agents: offered load 980 Erlangs (λ = 980/300 per s, AHT 300 s,
//! mean patience 600 s), 80 % answered within 20 s. Times one Erlang A evaluation, the Erlang A
//! and Erlang C staffing searches (binary search over 0..=4,000 agents) and the abandonment search.
//!
//! `cargo bench -p ccsim-benches --bench analytic`

use criterion::{criterion_group, criterion_main, Criterion};
use sim_core::analytic::{
    agents_for_abandon_rate, agents_for_service_level, erlang_a_metrics, erlang_c_metrics,
};
use std::hint::black_box;
use std::time::Duration;

const AHT: f64 = 300.0;
const PATIENCE: f64 = 600.0;
const LAMBDA: f64 = 980.0 / AHT;
const MAX_AGENTS: u32 = 4_000;

fn analytic(c: &mut Criterion) {
    let n_a = agents_for_service_level(LAMBDA, AHT, Some(PATIENCE), 20.0, 0.8, MAX_AGENTS);
    let n_c = agents_for_service_level(LAMBDA, AHT, None, 20.0, 0.8, MAX_AGENTS);
    let n_ab = agents_for_abandon_rate(LAMBDA, AHT, PATIENCE, 0.01, MAX_AGENTS);
    eprintln!(
        "analytic: 980 Erlangs, SL 80/20: Erlang A needs {n_a:?} agents, Erlang C {n_c:?}; abandonment ≤ 1 %: {n_ab:?}"
    );
    // single evaluations at n = 1,000 (stable for both: A = 980 < n)
    let n = 1_000;
    let mut g = c.benchmark_group("analytic");
    g.bench_function("erlang_a_metrics_n1000", |b| {
        b.iter(|| erlang_a_metrics(black_box(LAMBDA), AHT, PATIENCE, black_box(n), 20.0))
    });
    g.bench_function("erlang_c_metrics_n1000", |b| {
        b.iter(|| erlang_c_metrics(black_box(LAMBDA), AHT, black_box(n), 20.0))
    });
    g.bench_function("staffing_erlang_a_sl80_20s", |b| {
        b.iter(|| {
            agents_for_service_level(
                black_box(LAMBDA),
                AHT,
                Some(PATIENCE),
                20.0,
                0.8,
                MAX_AGENTS,
            )
        })
    });
    g.bench_function("staffing_erlang_c_sl80_20s", |b| {
        b.iter(|| agents_for_service_level(black_box(LAMBDA), AHT, None, 20.0, 0.8, MAX_AGENTS))
    });
    g.bench_function("staffing_erlang_a_abandon_1pct", |b| {
        b.iter(|| agents_for_abandon_rate(black_box(LAMBDA), AHT, PATIENCE, 0.01, MAX_AGENTS))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = analytic
}
criterion_main!(benches);
