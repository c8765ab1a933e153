//! The forecasting methods. Each predicts whole days from the data before an origin day:
//!
//! - **seasonal naive**: each interval as the same interval of the same weekday last week; when
//!   that day is missing (or not yet observed, beyond one week ahead), the most recent usable day
//!   of the same weekday before the origin.
//! - **weekday mean**: the mean of the same interval over the last [`WEEKDAY_MEAN_WEEKS`] usable
//!   days of the same weekday (missing days skipped, not counted as zero).
//! - **level-trend**: daily totals by damped additive-trend exponential smoothing with
//!   multiplicative weekday factors (Holt–Winters on the calendar, skipping missing days), times
//!   an intraday profile per weekday averaged over the last [`PROFILE_WEEKS`] usable days of that
//!   weekday. See [`super::smoothing`].
//!
//! A weekday without any usable day before the origin is forecast as closed (zero).

use super::series::Series;
use super::smoothing::LevelTrendFit;
use serde::{Deserialize, Serialize};

/// Days of the same weekday averaged by the weekday mean.
pub const WEEKDAY_MEAN_WEEKS: usize = 4;
/// Days of the same weekday whose intraday shares make the level-trend model's profile.
pub const PROFILE_WEEKS: usize = 8;

/// A forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    SeasonalNaive,
    WeekdayMean,
    LevelTrend,
}

impl Method {
    /// Every method, simplest first (a tie in the backtest goes to the simpler one).
    pub const ALL: [Method; 3] = [
        Method::SeasonalNaive,
        Method::WeekdayMean,
        Method::LevelTrend,
    ];

    /// The name used on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Method::SeasonalNaive => "seasonal-naive",
            Method::WeekdayMean => "weekday-mean",
            Method::LevelTrend => "level-trend",
        }
    }

    /// Parses a method name.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == s.trim())
    }
}

/// A method prepared on the data before `origin`.
pub(crate) enum Prepared {
    Naive,
    Mean,
    Trend(LevelTrendFit),
}

impl Prepared {
    pub fn new(method: Method, s: &Series, origin: usize, horizon: usize) -> Prepared {
        match method {
            Method::SeasonalNaive => Prepared::Naive,
            Method::WeekdayMean => Prepared::Mean,
            Method::LevelTrend => Prepared::Trend(LevelTrendFit::fit(s, origin, horizon)),
        }
    }

    /// Writes the forecast of day `t` (≥ origin) into `out` (`ipd` values).
    pub fn day(&self, s: &Series, origin: usize, t: usize, out: &mut [f64]) {
        out.fill(0.0);
        match self {
            Prepared::Naive => {
                if let Some(d) = s.same_weekday_before(origin, t).next() {
                    out.copy_from_slice(s.day(d));
                }
            }
            Prepared::Mean => weekday_mean(s, origin, t, out),
            Prepared::Trend(fit) => fit.day(s, t, out),
        }
    }
}

fn weekday_mean(s: &Series, origin: usize, t: usize, out: &mut [f64]) {
    let mut n = 0.0;
    for d in s.same_weekday_before(origin, t).take(WEEKDAY_MEAN_WEEKS) {
        for (o, y) in out.iter_mut().zip(s.day(d)) {
            *o += y;
        }
        n += 1.0;
    }
    if n > 0.0 {
        out.iter_mut().for_each(|o| *o /= n);
    }
}

/// Forecast of days `from .. from + days` from the data before `origin`, into `out`
/// (`days × ipd` values).
pub fn forecast_days(
    method: Method,
    s: &Series,
    origin: usize,
    from: usize,
    days: usize,
    out: &mut [f64],
) {
    let prepared = Prepared::new(method, s, origin, from + days - origin);
    for (k, chunk) in out.chunks_mut(s.ipd).take(days).enumerate() {
        prepared.day(s, origin, from + k, chunk);
    }
}
