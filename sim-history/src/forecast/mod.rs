//! Forecasting an interval history (`docs/history.md`, section "Forecast").
//!
//! [`forecast`] predicts the offered contacts of every contact type for the days from
//! [`ForecastOptions::start`], by a chosen [`Method`] or by `auto`, which picks per type the
//! method with the lowest interval WAPE in a rolling-origin [`backtest`]. Results are plain data
//! (serde) with CSV and scenario writers, so the CLI and the page share them.

pub mod backtest;
mod handle_time;
pub mod methods;
mod output;
mod scenario;
pub mod series;
pub mod smoothing;
pub mod special;
pub mod uncertainty;

pub use backtest::Metrics;
pub use methods::Method;
pub use special::{SpecialDay, SpecialDays};

use crate::error::InputError;
use crate::history::IntervalHistory;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use series::Series;

/// Which method to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MethodChoice {
    /// The best in the backtest, per contact type.
    Auto,
    Fixed(Method),
}

impl MethodChoice {
    /// Parses `auto` or a method name; the error lists what is allowed.
    pub fn parse(s: &str) -> Result<MethodChoice, InputError> {
        if s.trim() == "auto" {
            return Ok(MethodChoice::Auto);
        }
        Method::parse(s).map(MethodChoice::Fixed).ok_or_else(|| {
            InputError::option(
                "--method",
                s,
                "unknown method; allowed: auto, seasonal-naive, weekday-mean, level-trend",
            )
        })
    }
}

/// What to forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOptions {
    /// First forecast day.
    pub start: NaiveDate,
    /// Number of forecast days (≥ 1).
    pub days: usize,
    /// Interval length of the forecast (a multiple of the history's); `None` = the history's.
    pub interval_minutes: Option<u32>,
    pub method: MethodChoice,
    pub special_days: SpecialDays,
    /// Backtest origins (the latest ones; default 8).
    pub origins: usize,
}

impl ForecastOptions {
    /// Options with the defaults: auto, no special days, 8 origins.
    pub fn new(start: NaiveDate, days: usize) -> Self {
        ForecastOptions {
            start,
            days,
            interval_minutes: None,
            method: MethodChoice::Auto,
            special_days: SpecialDays::default(),
            origins: 8,
        }
    }
}

/// The forecast of one contact type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeForecast {
    pub id: String,
    /// The method used.
    pub method: Method,
    /// Expected offered contacts per interval of the horizon (`days × intervals per day`).
    pub forecast: Vec<f64>,
    /// 10 % quantile per interval (lower end of the 80 % prediction interval).
    pub lo80: Vec<f64>,
    /// 90 % quantile per interval.
    pub hi80: Vec<f64>,
    /// Forecast average handle time per interval (s), when the history has `aht_s`.
    pub aht_s: Option<Vec<f64>>,
    /// Handled-weighted mean AHT of the recent weeks (s), when the history has `aht_s`.
    pub mean_aht_s: Option<f64>,
    /// σ² of the interval-level error model (see [`uncertainty`]).
    pub dispersion: f64,
    /// Day-level relative forecast error, for `arrivals.volume_cv`.
    pub volume_cv: f64,
    /// Backtest scores of every method (seasonal naive, weekday mean, level-trend).
    pub backtest: Vec<Metrics>,
}

/// A forecast of every contact type of a history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub interval_minutes: u32,
    pub start: NaiveDate,
    pub days: usize,
    pub types: Vec<TypeForecast>,
    /// Things a planner should know (short history, weekdays without data, special days).
    pub warnings: Vec<String>,
}

impl Forecast {
    /// Intervals per day.
    pub fn intervals_per_day(&self) -> usize {
        (1440 / self.interval_minutes) as usize
    }
}

/// Forecasts `history` (see the module docs). The history is re-aggregated to
/// `options.interval_minutes` first.
pub fn forecast(
    history: &IntervalHistory,
    options: &ForecastOptions,
) -> Result<Forecast, InputError> {
    if options.days == 0 || options.days > 3660 {
        return Err(InputError::option(
            "--days",
            &options.days.to_string(),
            "the number of forecast days must be 1 … 3660",
        ));
    }
    if options.origins == 0 {
        return Err(InputError::option(
            "--origins",
            "0",
            "at least one backtest origin is needed",
        ));
    }
    let h = match options.interval_minutes {
        Some(m) => history.aggregate(m)?,
        None => history.clone(),
    };
    if options.start < h.first_day {
        return Err(InputError::option(
            "--start",
            &options.start.to_string(),
            format!(
                "the forecast must start after the first day of the history ({})",
                h.first_day
            ),
        ));
    }
    let ipd = h.intervals_per_day();
    let start = (options.start - h.first_day).num_days() as usize;
    let mut warnings = Vec::new();
    let mut types = Vec::with_capacity(h.types.len());
    for t in &h.types {
        let usable: Vec<bool> = (0..h.n_days)
            .map(|d| t.day_has_data[d] && options.special_days.get(h.date(d)).is_none())
            .collect();
        let s = Series::new(ipd, &t.offered, usable, h.first_day);
        let origins = backtest::origins(&s, start, options.days, options.origins);
        if origins.is_empty() {
            warnings.push(format!(
                "{}: the history is too short for a backtest (it needs {} days before an origin \
                 plus {} forecast days): auto uses seasonal naive, the 80 % intervals hold Poisson \
                 noise only and volume_cv is 0",
                t.id,
                backtest::MIN_TRAINING_DAYS,
                options.days
            ));
        }
        let scores = backtest::backtest(&s, &origins, options.days, &Method::ALL);
        let method = match options.method {
            MethodChoice::Fixed(m) => m,
            MethodChoice::Auto => pick(&scores),
        };
        let chosen = scores
            .iter()
            .find(|m| m.method == method)
            .expect("all methods scored");
        let dispersion = uncertainty::dispersion(&chosen.errors);
        let volume_cv = uncertainty::volume_cv(&chosen.errors);
        let mut fc = vec![0.0; options.days * ipd];
        methods::forecast_days(method, &s, start, start, options.days, &mut fc);
        for k in 0..options.days {
            let date = options.start + chrono::Days::new(k as u64);
            if let Some(sd) = options.special_days.get(date) {
                fc[k * ipd..(k + 1) * ipd]
                    .iter_mut()
                    .for_each(|f| *f *= sd.factor);
            }
        }
        let lo80 = fc
            .iter()
            .map(|&f| uncertainty::quantile(f, dispersion, 0.1))
            .collect();
        let hi80 = fc
            .iter()
            .map(|&f| uncertainty::quantile(f, dispersion, 0.9))
            .collect();
        let (aht_s, mean_aht_s) = match handle_time::forecast_aht(&h, t, &s, start, options.days) {
            Some((v, m)) => (Some(v), Some(m)),
            None => (None, None),
        };
        types.push(TypeForecast {
            id: t.id.clone(),
            method,
            forecast: fc,
            lo80,
            hi80,
            aht_s,
            mean_aht_s,
            dispersion,
            volume_cv,
            backtest: scores,
        });
    }
    for k in 0..options.days.min(7) {
        let date = options.start + chrono::Days::new(k as u64);
        let w = date.weekday().num_days_from_monday() as usize;
        let seen =
            (0..h.n_days).any(|d| h.weekday(d) == w && h.types.iter().any(|t| t.day_has_data[d]));
        if !seen {
            warnings.push(format!(
                "no {} in the history: forecast as closed (zero)",
                date.format("%A")
            ));
        }
    }
    Ok(Forecast {
        interval_minutes: h.interval_minutes,
        start: options.start,
        days: options.days,
        types,
        warnings,
    })
}

/// The method with the lowest interval WAPE (the simplest on a tie; seasonal naive without data).
fn pick(scores: &[Metrics]) -> Method {
    let mut best = (f64::INFINITY, Method::SeasonalNaive);
    for m in scores {
        if m.wape_interval.is_finite() && m.wape_interval < best.0 - 1e-12 {
            best = (m.wape_interval, m.method);
        }
    }
    best.1
}
