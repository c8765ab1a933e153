//! Forecast methods, backtest metrics, prediction intervals and the forecast scenario, on
//! hand-made series with known answers and on simulated Poisson histories (fixed seeds; each
//! statistical test states its tolerance and false-failure rate, docs/testing.md).

// Tests index parallel per-day and per-interval arrays by day and interval.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{rate, simulate, to_csv, Sim, WEEKDAY_VOLUME};
use sim_history::chrono::{Datelike, Days, NaiveDate};
use sim_history::forecast::Method;
use sim_history::{
    forecast, ForecastOptions, HistoryOptions, IntervalHistory, MethodChoice, SpecialDays,
};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn history(text: &str) -> IntervalHistory {
    IntervalHistory::parse(text, &HistoryOptions::default()).unwrap()
}

/// One 60-minute interval (09:00) per day, `values[d]` on day d from Monday 2024-01-01.
fn daily(values: &[f64], skip: &[usize]) -> IntervalHistory {
    let mut text = String::from("interval_start,offered\n");
    for (d, v) in values.iter().enumerate() {
        if !skip.contains(&d) {
            let day = date("2024-01-01") + Days::new(d as u64);
            text.push_str(&format!("{day}T09:00,{v}\n"));
        }
    }
    history(&text)
}

fn run(h: &IntervalHistory, start: &str, days: usize, m: Option<Method>) -> sim_history::Forecast {
    let mut o = ForecastOptions::new(date(start), days);
    if let Some(m) = m {
        o.method = MethodChoice::Fixed(m);
    }
    forecast(h, &o).unwrap()
}

#[test]
fn seasonal_naive_repeats_last_week_and_falls_back_over_missing_days() {
    // three weeks, values = day index; Wednesday of week 3 (day 16) missing
    let values: Vec<f64> = (0..21).map(|d| 10.0 + d as f64).collect();
    let h = daily(&values, &[16]);
    let f = run(&h, "2024-01-22", 7, Some(Method::SeasonalNaive));
    let t = &f.types[0];
    assert_eq!(f.interval_minutes, 60);
    let at9: Vec<f64> = (0..7).map(|k| t.forecast[k * 24 + 9]).collect();
    // last week's day, except Wednesday: the most recent Wednesday with data (day 9)
    assert_eq!(at9, [24.0, 25.0, 19.0, 27.0, 28.0, 29.0, 30.0]);
    assert_eq!(t.forecast[8], 0.0, "a closed interval stays closed");
}

#[test]
fn weekday_mean_averages_the_last_four_weeks_skipping_missing_days() {
    let values: Vec<f64> = (0..42)
        .map(|d| 10.0 * (d / 7) as f64 + (d % 7) as f64)
        .collect();
    let h = daily(&values, &[35]); // the last Monday is missing
    let f = run(&h, "2024-02-12", 7, Some(Method::WeekdayMean));
    let t = &f.types[0];
    // Monday: weeks 1..4 (week 5 missing) → 10·(1+2+3+4)/4 = 25; Tuesday: weeks 2..5 → 35 + 1
    assert_eq!(t.forecast[9], 25.0);
    assert_eq!(t.forecast[24 + 9], 36.0);
}

#[test]
fn level_trend_recovers_a_linear_trend_with_weekday_effects() {
    let factors = [1.3, 1.1, 1.0, 1.0, 1.05, 0.6, 0.4];
    let level = |d: usize| 1000.0 + 4.0 * d as f64;
    let values: Vec<f64> = (0..140)
        .map(|d| (level(d) * factors[d % 7]).round())
        .collect();
    let h = daily(&values, &[]);
    let f = run(&h, "2024-05-20", 14, Some(Method::LevelTrend)); // day 140
    let t = &f.types[0];
    for k in 0..14 {
        let truth = level(140 + k) * factors[k % 7];
        let got = t.forecast[k * 24 + 9];
        assert!(
            (got / truth - 1.0).abs() < 0.01,
            "day {k}: {got} vs {truth}"
        );
    }
}

#[test]
fn backtest_metrics_match_hand_computed_values() {
    // six weeks; every day of week w has 100 + 10·w contacts. Origins (7 days ahead, 28 days of
    // training first): day 28 and day 35.
    let values: Vec<f64> = (0..42).map(|d| 100.0 + 10.0 * (d / 7) as f64).collect();
    let h = daily(&values, &[]);
    let f = run(&h, "2024-02-12", 7, None);
    let bt = &f.types[0].backtest;
    let actual = 7.0 * 140.0 + 7.0 * 150.0;
    let naive = &bt[0];
    assert_eq!(
        (naive.method, naive.origins, naive.days_scored),
        (Method::SeasonalNaive, 2, 14)
    );
    // seasonal naive is 10 low on every day
    assert!((naive.wape_interval - 140.0 / actual).abs() < 1e-12);
    assert!((naive.wape_day - 140.0 / actual).abs() < 1e-12);
    assert!((naive.bias + 140.0 / actual).abs() < 1e-12);
    assert!((naive.mase - 1.0).abs() < 1e-12);
    // weekday mean of the 4 weeks before: 115 for week 4, 125 for week 5 → 25 low each day
    let mean = &bt[1];
    assert!((mean.wape_interval - 350.0 / actual).abs() < 1e-12);
    assert!((mean.bias + 350.0 / actual).abs() < 1e-12);
    assert!((mean.mase - 2.5).abs() < 1e-12);
    // auto takes the lowest interval WAPE
    assert_eq!(f.types[0].method, Method::SeasonalNaive, "{bt:?}");
}

#[test]
fn special_days_are_not_fitted_and_their_factor_applies() {
    let values: Vec<f64> = (0..28)
        .map(|d| if d == 21 { 900.0 } else { 100.0 })
        .collect();
    let h = daily(&values, &[]);
    let mut o = ForecastOptions::new(date("2024-01-29"), 7);
    o.method = MethodChoice::Fixed(Method::SeasonalNaive);
    o.special_days =
        SpecialDays::parse("date,factor,name\n2024-01-22,,campaign\n2024-01-30,0,holiday\n")
            .unwrap();
    let f = forecast(&h, &o).unwrap();
    let t = &f.types[0];
    assert_eq!(
        t.forecast[9], 100.0,
        "the campaign Monday is not last week's Monday"
    );
    assert_eq!(t.forecast[24 + 9], 0.0, "factor 0 on the holiday");
    let e = SpecialDays::parse("date,factor\n2024-01-22,-1\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("factor")));
    let e = SpecialDays::parse("date\n2024-01-22\n2024-01-22\n").unwrap_err();
    assert!(e.to_string().contains("already on line 2"), "{e}");
}

/// Forecasting a simulated Poisson history recovers the true volumes. 16 weeks of constant
/// rates; each method's forecast daily total is compared with the true expected total.
/// Tolerance: 4.5 standard deviations of a mean of 4 Poisson days (the weekday mean's own noise;
/// seasonal naive gets that of one day). Per day a two-sided 4.5 σ miss has probability 7e-6; over
/// 6 open days × 3 methods the false-failure rate is below 2e-4.
#[test]
fn forecasting_a_simulated_poisson_history_recovers_the_volumes() {
    let first = date("2024-01-01");
    let counts = simulate(&mut Sim::new(11), first, 112, 0.0);
    let h = history(&to_csv(first, &counts, &[30, 31]));
    for m in Method::ALL {
        let f = run(&h, "2024-04-22", 7, Some(m));
        let t = &f.types[0];
        for k in 0..7 {
            let truth = WEEKDAY_VOLUME[k];
            let got: f64 = t.forecast[k * 48..(k + 1) * 48].iter().sum();
            let n = if m == Method::SeasonalNaive { 1.0 } else { 4.0 };
            let tol = 4.5 * (truth / n).sqrt();
            assert!(
                (got - truth).abs() <= tol,
                "{m:?} day {k}: {got} vs {truth} ± {tol}"
            );
            for p in 0..48 {
                if rate(k, p) == 0.0 {
                    assert_eq!(t.forecast[k * 48 + p], 0.0);
                }
            }
        }
    }
}

/// 80 % prediction intervals cover about 80 % of future counts when the truth is known: Poisson
/// counts with a day-level Gamma multiplier (cv 0.1), 20 seeds × 14 forecast days from 16 weeks
/// of history each, auto. Coverage is pooled over 20 × 12 open days × 20 intervals; its standard
/// deviation (days are the independent units: a high day is outside together) is about 1.5 pp,
/// so the tolerance 0.80 ± 0.07 (± 4.7 σ) has a false-failure rate below 1e-5. Discrete
/// quantiles make the nominal coverage at least 80 %.
#[test]
fn prediction_intervals_cover_about_eighty_percent() {
    let first = date("2024-01-01");
    let (mut inside, mut n) = (0usize, 0usize);
    let mut cv_sum = 0.0;
    for seed in 0..20 {
        let mut sim = Sim::new(100 + seed);
        let counts = simulate(&mut sim, first, 112 + 14, 0.1);
        let h = history(&to_csv(first, &counts[..112], &[]));
        let f = run(&h, "2024-04-22", 14, None);
        let t = &f.types[0];
        cv_sum += t.volume_cv;
        for k in 0..14 {
            let w = (first + Days::new(112 + k as u64))
                .weekday()
                .num_days_from_monday() as usize;
            for p in 0..48 {
                if rate(w, p) == 0.0 {
                    continue;
                }
                let i = k * 48 + p;
                let a = counts[112 + k][p];
                n += 1;
                if t.lo80[i] <= a && a <= t.hi80[i] {
                    inside += 1;
                }
            }
        }
    }
    let coverage = inside as f64 / n as f64;
    eprintln!(
        "coverage {coverage:.4} over {n} intervals, mean volume_cv {:.4}",
        cv_sum / 20.0
    );
    assert!((coverage - 0.80).abs() <= 0.07, "coverage {coverage}");
    // the day-level error is mostly the true cv 0.1 (plus the forecast's own error)
    let cv = cv_sum / 20.0;
    assert!((0.07..0.16).contains(&cv), "volume_cv {cv}");
}
