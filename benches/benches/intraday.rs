//! Intraday (`ccsim intraday`, docs/intraday.md): the rest of the day of the bundled desk from
//! the example state at 11:00 on Tuesday, with the example actuals re-forecast by `ratio`:
//! - `today_build`: reading the day (re-forecast, what-ifs, start plan) — once per variant;
//! - `rest_of_day_1000_reps_1_thread`: 1,000 replications of the rest of the day on one thread
//!   (the bar: under a second native);
//! - `rest_of_day_1000_reps_parallel`: the same with rayon on every core, as the CLI runs them.
//!
//! `cargo bench -p ccsim-benches --bench intraday`

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use rayon::prelude::*;
use sim_core::intraday::StartState;
use sim_core::scenario::{Format, Scenario};
use sim_history::intraday::{run_today, ReforecastMethod, Today, TodayInput, TodayWhatIf};
use sim_history::{HistoryOptions, IntervalHistory};
use std::hint::black_box;
use std::time::Duration;

const DESK: &str = include_str!("../../scenarios/customer-care-24x7.toml");
const STATE: &str = include_str!("../../scenarios/intraday/customer-care-24x7.state.json");
const ACTUALS: &str = include_str!("../../scenarios/intraday/customer-care-24x7.actuals.csv");

fn bench(c: &mut Criterion) {
    let scenario = Scenario::parse(DESK, Format::Toml).unwrap();
    let state = StartState::parse_json(STATE).unwrap();
    let actuals = IntervalHistory::parse(ACTUALS, &HistoryOptions::default()).unwrap();
    let method = ReforecastMethod::parse("ratio").unwrap();
    let input = TodayInput {
        scenario: &scenario,
        state: &state,
        actuals: Some(&actuals),
        method: &method,
        profile: None,
    };
    let today = Today::build(&input, &TodayWhatIf::none()).unwrap();
    let mut g = c.benchmark_group("intraday");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    g.bench_function("today_build", |b| {
        b.iter(|| Today::build(black_box(&input), &TodayWhatIf::none()).unwrap())
    });
    g.bench_function("rest_of_day_1000_reps_1_thread", |b| {
        b.iter(|| {
            (0..1000u32)
                .map(|r| run_today(&today, 1, r).cost)
                .sum::<f64>()
        })
    });
    g.bench_function("rest_of_day_1000_reps_parallel", |b| {
        b.iter(|| {
            (0..1000u32)
                .into_par_iter()
                .map(|r| run_today(&today, 1, r).cost)
                .sum::<f64>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
