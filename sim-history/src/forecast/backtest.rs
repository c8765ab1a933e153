//! Rolling-origin backtest: from several origins, each method forecasts the next `days` days from
//! the data before the origin, and is scored on the usable days among them (missing and special
//! days are not scored). Definitions (docs/history.md):
//!
//! - WAPE per interval = Σ|a − f| / Σa over the scored intervals;
//! - WAPE per day = the same on daily totals;
//! - bias = Σ(f − a) / Σa;
//! - MASE = MAE / MAE of seasonal naive on the same intervals (1 for seasonal naive itself).

use super::methods::{forecast_days, Method};
use super::series::Series;
use serde::Serialize;

/// Calendar days of history needed before the first origin.
pub const MIN_TRAINING_DAYS: usize = 28;

/// Sums from which the forecast-error model is estimated (see [`super::uncertainty`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ErrorSums {
    /// Σ(a − f)² over scored intervals with f > 0.
    pub sq_err: f64,
    /// Σf over those intervals.
    pub sum_f: f64,
    /// Σf² over those intervals.
    pub sum_f2: f64,
    /// Σ((A − F)/F)² over scored days with F > 0.
    pub day_rel_sq: f64,
    /// Σ 1/F over those days (the Poisson part of the daily relative error).
    pub day_inv_f: f64,
    /// Number of those days.
    pub days: usize,
}

/// One method's backtest scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub method: Method,
    /// Origins used.
    pub origins: usize,
    /// Days scored over all origins.
    pub days_scored: usize,
    pub wape_interval: f64,
    pub wape_day: f64,
    pub bias: f64,
    pub mase: f64,
    /// Sums behind the uncertainty model.
    pub errors: ErrorSums,
}

/// The origins: days with the weekday of `start`, each followed by `days` days that end inside
/// the history (and before `start`), each after [`MIN_TRAINING_DAYS`] days from the first usable
/// day; the latest `max_origins`, oldest first.
pub fn origins(s: &Series, start: usize, days: usize, max_origins: usize) -> Vec<usize> {
    let Some(first) = s.usable.iter().position(|&u| u) else {
        return Vec::new();
    };
    let end = s.n_days().min(start); // forecast days must be < end
    let mut out = Vec::new();
    if end < days {
        return out;
    }
    let latest = end - days;
    // latest day ≤ `latest` with start's weekday
    let back = (s.weekday(latest) + 7 - s.weekday(start)) % 7;
    let mut o = latest.checked_sub(back);
    while let Some(d) = o {
        if d < first + MIN_TRAINING_DAYS || out.len() == max_origins {
            break;
        }
        out.push(d);
        o = d.checked_sub(7);
    }
    out.reverse();
    out
}

#[derive(Default)]
struct Acc {
    abs: f64,
    abs_day: f64,
    signed: f64,
    actual: f64,
    days: usize,
    errors: ErrorSums,
}

/// Scores `methods` on `origins`; seasonal naive is always computed for MASE.
pub fn backtest(s: &Series, origins: &[usize], days: usize, methods: &[Method]) -> Vec<Metrics> {
    let ipd = s.ipd;
    let mut naive = vec![0.0; days * ipd];
    let mut fc = vec![0.0; days * ipd];
    let mut acc: Vec<Acc> = methods.iter().map(|_| Acc::default()).collect();
    let mut naive_abs = 0.0;
    for &o in origins {
        forecast_days(Method::SeasonalNaive, s, o, o, days, &mut naive);
        for k in 0..days {
            if s.is_usable(o + k) {
                let a = s.day(o + k);
                naive_abs += a
                    .iter()
                    .zip(&naive[k * ipd..(k + 1) * ipd])
                    .map(|(a, f)| (a - f).abs())
                    .sum::<f64>();
            }
        }
        for (m, acc) in methods.iter().zip(acc.iter_mut()) {
            let f_all: &[f64] = if *m == Method::SeasonalNaive {
                &naive
            } else {
                forecast_days(*m, s, o, o, days, &mut fc);
                &fc
            };
            for k in 0..days {
                let t = o + k;
                if !s.is_usable(t) {
                    continue;
                }
                let (a, f) = (s.day(t), &f_all[k * ipd..(k + 1) * ipd]);
                let (mut ad, mut fd) = (0.0, 0.0);
                for (&a, &f) in a.iter().zip(f) {
                    acc.abs += (a - f).abs();
                    acc.signed += f - a;
                    acc.actual += a;
                    ad += a;
                    fd += f;
                    if f > 0.0 {
                        acc.errors.sq_err += (a - f) * (a - f);
                        acc.errors.sum_f += f;
                        acc.errors.sum_f2 += f * f;
                    }
                }
                acc.abs_day += (ad - fd).abs();
                acc.days += 1;
                if fd > 0.0 {
                    acc.errors.day_rel_sq += ((ad - fd) / fd).powi(2);
                    acc.errors.day_inv_f += 1.0 / fd;
                    acc.errors.days += 1;
                }
            }
        }
    }
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    methods
        .iter()
        .zip(acc)
        .map(|(&method, a)| Metrics {
            method,
            origins: origins.len(),
            days_scored: a.days,
            wape_interval: ratio(a.abs, a.actual),
            wape_day: ratio(a.abs_day, a.actual),
            bias: ratio(a.signed, a.actual),
            mase: ratio(a.abs, naive_abs),
            errors: a.errors,
        })
        .collect()
}
