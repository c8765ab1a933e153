//! The intraday re-forecast on simulated histories (fixed seeds): Poisson counts on a known
//! intraday profile, with a day-level Gamma(mean 1, cv) volume factor. The original forecast of
//! each day is the weekday mean of the four weeks before it (or the true rate), and every method
//! re-forecasts the rest of the day from hourly cuts 10:00 … 17:00 (docs/intraday.md).
//!
//! The comparisons are paired over days: per scored day the difference of the absolute errors of
//! the rest of the day, summed over days and divided by the actual contacts (the WAPE difference),
//! with its standard error from the spread of the per-day differences (days independent). Each
//! check passes when its margin (in standard errors) exceeds a threshold: `Z_MIN` = 2.5 for "beats
//! keep" (so a pass is also significant at the one-sided 0.6 % level), 0 for the tolerances ("at
//! least 15 % of keep's error removed", "at most 1 WAPE point worse than keep"). The seeds are
//! fixed; a change that reshuffles the random streams fails a check whose true margin is m
//! standard errors above its threshold with probability about Φ(−m). Each test prints its margins
//! and the sum of Φ(−m) over its checks; with the margins seen the sums are 5.1e-4 (beats keep,
//! 16 checks, smallest margin 3.3), 1.0e-3 (days off by > 10 %, 32 checks, smallest 3.3) and
//! 1.5e-5 (no day noise, 16 checks, smallest 4.2): a false failure of this file after a reshuffle
//! is about 0.15 %.

// Tests index parallel per-day and per-interval arrays by day and interval.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{rate, simulate, to_csv, Sim};
use sim_history::chrono::{Datelike, Days, NaiveDate};
use sim_history::forecast::methods::forecast_days;
use sim_history::forecast::series::Series;
use sim_history::forecast::Method;
use sim_history::intraday::{
    intraday_backtest, reforecast, weekday_profile, IntradayOptions, ReforecastMethod,
};
use sim_history::{HistoryOptions, IntervalHistory};

/// Paired-difference threshold in standard errors of "beats keep" (one-sided level 1 − 0.0062).
const Z_MIN: f64 = 2.5;

/// Φ(−m): the chance that a check with a true margin of m standard errors fails.
fn tail(m: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(m / std::f64::consts::SQRT_2)
}

/// Asserts `margin_se > 0` and adds Φ(−margin) to `risk`.
fn check(risk: &mut f64, margin_se: f64, what: &str) {
    eprintln!("  {what}: margin {margin_se:.2} se");
    *risk += tail(margin_se);
    assert!(margin_se > 0.0, "{what}: margin {margin_se} se");
}
/// Days in each simulated history (30 weeks).
const DAYS: usize = 210;
/// Hourly cuts 10:00 … 17:00 (the day is open 08:00–18:00 in 30-minute intervals).
const CUTS: [usize; 8] = [20, 22, 24, 26, 28, 30, 32, 34];

fn first() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

/// A simulated history and the true day factors.
fn simulated(seed: u64, cv: f64) -> (IntervalHistory, Vec<Vec<f64>>) {
    let mut sim = Sim::new(seed);
    let counts = simulate(&mut sim, first(), DAYS, cv);
    let text = to_csv(first(), &counts, &[]);
    let h = IntervalHistory::parse(&text, &HistoryOptions::default()).unwrap();
    (h, counts)
}

/// Per scored day (after 4 weeks, open): the absolute errors of the rest of the day after `cut`
/// per method, and the actual rest of the day.
struct Paired {
    /// `errors[m][day]`
    errors: Vec<Vec<f64>>,
    actual: Vec<f64>,
}

impl Paired {
    fn wape(&self, m: usize) -> f64 {
        self.errors[m].iter().sum::<f64>() / self.actual.iter().sum::<f64>()
    }

    /// (WAPE difference a − b, its standard error), pooled over days.
    fn diff(&self, a: usize, b: usize) -> (f64, f64) {
        let d: Vec<f64> = self.errors[a]
            .iter()
            .zip(&self.errors[b])
            .map(|(x, y)| x - y)
            .collect();
        let n = d.len() as f64;
        let mean = d.iter().sum::<f64>() / n;
        let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let total: f64 = self.actual.iter().sum();
        (mean * n / total, (var * n).sqrt() / total)
    }
}

/// Scores `methods` at `cut` on the days selected by `keep_day(day, day factor estimate)`;
/// `truth` = the original forecast is the true expected count (else the 4-week weekday mean).
fn paired(
    h: &IntervalHistory,
    methods: &[ReforecastMethod],
    cut: usize,
    truth: bool,
    select: impl Fn(usize) -> bool,
) -> Paired {
    let t = &h.types[0];
    let ipd = h.intervals_per_day();
    let s = Series::new(ipd, &t.offered, t.day_has_data.clone(), h.first_day);
    let mut out = Paired {
        errors: vec![Vec::new(); methods.len()],
        actual: Vec::new(),
    };
    let mut fc = vec![0.0; ipd];
    for d in 28..h.n_days {
        let w = h.weekday(d);
        if w == 6 || !select(d) {
            continue;
        }
        if truth {
            for p in 0..ipd {
                fc[p] = rate(w, p);
            }
        } else {
            forecast_days(Method::WeekdayMean, &s, d, d, 1, &mut fc);
        }
        let a = s.day(d);
        let profile = weekday_profile(h, "calls", h.date(d), 8).unwrap();
        for (m, method) in methods.iter().enumerate() {
            let r = reforecast(method, &fc, &a[..cut], Some(&profile)).unwrap();
            out.errors[m].push((cut..ipd).map(|p| (r[p] - a[p]).abs()).sum());
        }
        out.actual.push(a[cut..].iter().sum());
    }
    out
}

const KEEP: usize = 0;
const RATIO: usize = 1;
const PROFILE: usize = 2;

fn day_factor(counts: &[Vec<f64>], d: usize) -> f64 {
    let w = (first() + Days::new(d as u64))
        .weekday()
        .num_days_from_monday() as usize;
    let expected: f64 = (0..48).map(|p| rate(w, p)).sum();
    counts[d].iter().sum::<f64>() / expected
}

#[test]
fn with_day_level_noise_the_reforecast_beats_keep_from_mid_morning() {
    let (h, _) = simulated(15, 0.15);
    let methods = ReforecastMethod::DEFAULTS;
    let mut risk = 0.0;
    for cut in CUTS {
        let p = paired(&h, &methods, cut, false, |_| true);
        for m in [RATIO, PROFILE] {
            let (diff, se) = p.diff(KEEP, m);
            eprintln!(
                "cv 0.15, cut {cut}: keep {:.4}, {} {:.4}, difference {:.2} se",
                p.wape(KEEP),
                methods[m].label(),
                p.wape(m),
                diff / se
            );
            check(
                &mut risk,
                diff / se - Z_MIN,
                &format!("cut {cut}: {} beats keep", methods[m].label()),
            );
        }
    }
    eprintln!("false-failure risk of this test: {risk:.1e}");
}

#[test]
fn on_days_off_by_more_than_ten_percent_the_reforecast_beats_keep_clearly() {
    let (h, counts) = simulated(16, 0.15);
    let methods = ReforecastMethod::DEFAULTS;
    let mut risk = 0.0;
    // the original forecast is the truth, so the day factor is the whole deviation
    for cut in CUTS {
        let p = paired(&h, &methods, cut, true, |d| {
            (day_factor(&counts, d) - 1.0).abs() > 0.1
        });
        for m in [RATIO, PROFILE] {
            let (diff, se) = p.diff(KEEP, m);
            eprintln!(
                "|X − 1| > 10 %, cut {cut}: {} days, keep {:.4}, {} {:.4}, difference {:.2} se",
                p.actual.len(),
                p.wape(KEEP),
                methods[m].label(),
                p.wape(m),
                diff / se
            );
            let what = format!("cut {cut}: {}", methods[m].label());
            check(&mut risk, diff / se - Z_MIN, &format!("{what} beats keep"));
            // a clear margin: at least 15 % of keep's error removed
            let excess = diff - 0.15 * p.wape(KEEP);
            check(&mut risk, excess / se, &format!("{what} removes 15 %"));
        }
    }
    eprintln!("false-failure risk of this test: {risk:.1e}");
}

#[test]
fn without_day_level_noise_the_damping_keeps_the_reforecast_close_to_keep() {
    let (h, _) = simulated(17, 0.0);
    let methods = ReforecastMethod::DEFAULTS;
    let mut risk = 0.0;
    for cut in CUTS {
        let p = paired(&h, &methods, cut, false, |_| true);
        for m in [RATIO, PROFILE] {
            let (diff, se) = p.diff(m, KEEP);
            eprintln!(
                "cv 0, cut {cut}: keep {:.4}, {} {:.4}, worse by {:.4} ({:.2} se)",
                p.wape(KEEP),
                methods[m].label(),
                p.wape(m),
                diff,
                diff / se
            );
            // at most 1 WAPE point worse than keep (keep's WAPE here is about 12 %)
            check(
                &mut risk,
                (0.01 - diff) / se,
                &format!("cut {cut}: {} within 1 point of keep", methods[m].label()),
            );
        }
    }
    eprintln!("false-failure risk of this test: {risk:.1e}");
}

#[test]
fn the_backtest_scores_what_the_methods_return() {
    let (h, _) = simulated(18, 0.15);
    let methods = ReforecastMethod::DEFAULTS;
    let options = IntradayOptions {
        cuts: Some(CUTS.to_vec()),
        ..IntradayOptions::default()
    };
    let b = intraday_backtest(&h, &options).unwrap();
    assert_eq!(b.days, vec![("calls".to_string(), 156)]); // 26 weeks × 6 open days
    for cut in CUTS {
        let p = paired(&h, &methods, cut, false, |_| true);
        for (m, method) in methods.iter().enumerate() {
            let row = b.row("calls", &method.label(), cut).unwrap();
            assert_eq!(row.days, p.actual.len());
            assert!((row.wape - p.wape(m)).abs() < 1e-12, "{row:?}");
            assert!((row.actual - p.actual.iter().sum::<f64>()).abs() < 1e-9);
        }
    }
    // the default cuts: the full hours inside 08:00–18:00
    let b = intraday_backtest(&h, &IntradayOptions::default()).unwrap();
    let cuts: Vec<&str> = b
        .rows
        .iter()
        .filter(|r| r.method == "keep")
        .map(|r| r.cut_time.as_str())
        .collect();
    assert_eq!(
        cuts,
        ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00"]
    );
    // keep's rows are the original forecast's: bias of keep at 09:00 from the rows
    let overall_keep = b.overall.iter().find(|o| o.method == "keep").unwrap();
    assert_eq!(overall_keep.day_cuts, 9 * 156);
}

#[test]
fn backtest_options_are_validated() {
    let (h, _) = simulated(19, 0.0);
    let bad = [
        IntradayOptions {
            methods: vec![],
            ..IntradayOptions::default()
        },
        IntradayOptions {
            cuts: Some(vec![48]),
            ..IntradayOptions::default()
        },
        IntradayOptions {
            contact_type: Some("chat".into()),
            ..IntradayOptions::default()
        },
        IntradayOptions {
            min_deviation: f64::NAN,
            ..IntradayOptions::default()
        },
    ];
    let expected = ["--methods", "--cuts", "--contact-type", "--min-deviation"];
    for (o, col) in bad.iter().zip(expected) {
        let e = intraday_backtest(&h, o).unwrap_err();
        assert_eq!(e.column.as_deref(), Some(col), "{e}");
    }
}
