//! `ccsim forecast` at scale: two years (730 days) of 15-minute history for 10 contact types
//! (07:00–21:00 every day, weekday shapes, a trend and noise), forecast 7 days ahead with `auto`,
//! which runs the rolling-origin backtest of every method (8 origins) for every type.
//! Two timings: the forecast alone on a parsed history, and parse + forecast from the CSV text.
//!
//! `cargo bench -p ccsim-benches --bench forecast`

use criterion::{criterion_group, criterion_main, Criterion};
use sim_history::chrono::{Days, NaiveDate};
use sim_history::{forecast, ForecastOptions, HistoryOptions, IntervalHistory};
use std::hint::black_box;
use std::time::Duration;

fn history_csv() -> String {
    let first = NaiveDate::from_ymd_opt(2023, 1, 2).unwrap();
    let weekday = [1.25, 1.1, 1.0, 1.0, 1.05, 0.6, 0.35];
    let mut s = String::with_capacity(22_000_000);
    s.push_str("interval_start,contact_type,offered\n");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for d in 0..730u64 {
        let date = first + Days::new(d);
        for p in 28..84u64 {
            let shape = 1.0 + (std::f64::consts::PI * (p - 28) as f64 / 56.0).sin();
            for t in 0..10u64 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let noise = 0.9 + 0.2 * (x % 1000) as f64 / 1000.0;
                let level = (20.0 + 5.0 * t as f64) * (1.0 + d as f64 / 2000.0);
                let n = (level * weekday[(d % 7) as usize] * shape * noise).round();
                s.push_str(&format!(
                    "{date}T{:02}:{:02},type{t},{n}\n",
                    p / 4,
                    (p % 4) * 15
                ));
            }
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = history_csv();
    let history = IntervalHistory::parse(&text, &HistoryOptions::default()).unwrap();
    let start = history.first_day + Days::new(730);
    let options = ForecastOptions::new(start, 7);
    let f = forecast(&history, &options).unwrap();
    eprintln!(
        "forecast: {} rows, {} types, methods {:?}",
        text.lines().count() - 1,
        f.types.len(),
        f.types.iter().map(|t| t.method.name()).collect::<Vec<_>>()
    );
    let mut g = c.benchmark_group("forecast");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("auto_2y_15min_10types", |b| {
        b.iter(|| forecast(black_box(&history), &options).unwrap())
    });
    g.bench_function("parse_and_auto_2y_15min_10types", |b| {
        b.iter(|| {
            let h = IntervalHistory::parse(black_box(&text), &HistoryOptions::default()).unwrap();
            forecast(&h, &options).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
