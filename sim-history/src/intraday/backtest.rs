//! The intraday backtest: how well each re-forecast method predicts the rest of the day, on an
//! interval history (definitions in `docs/intraday.md`).

use super::reforecast::{rest_of_day, ReforecastMethod};
use crate::error::InputError;
use crate::forecast::backtest::MIN_TRAINING_DAYS;
use crate::forecast::methods::{forecast_days, Method, PROFILE_WEEKS};
use crate::forecast::series::Series;
use crate::history::{IntervalHistory, TypeHistory};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;

/// What the intraday backtest scores.
#[derive(Debug, Clone, PartialEq)]
pub struct IntradayOptions {
    /// The method of each scored day's original forecast, fitted on the days before it.
    pub base: Method,
    /// The re-forecast methods (at least one).
    pub methods: Vec<ReforecastMethod>,
    /// Cuts as interval indices `0 ≤ k < n` (the re-forecast is made at the start of interval
    /// `k`); `None` = [`default_cuts`] of each type.
    pub cuts: Option<Vec<usize>>,
    /// One contact type; `None` = every type of the history.
    pub contact_type: Option<String>,
    /// Usable days of the same weekday whose intraday shares are averaged into the `profile`
    /// method's profile (0 = no history profile: `profile` uses the forecast's shape).
    pub profile_weeks: usize,
    /// Score only days whose actual total differs from the original forecast's total by more than
    /// this share (0.1 = the days off by more than 10 %); 0 = every day.
    pub min_deviation: f64,
}

impl Default for IntradayOptions {
    /// Weekday mean as the original forecast, `keep`, `ratio`, `profile` with the default damping,
    /// hourly cuts, every type, an 8-week profile, every day.
    fn default() -> Self {
        IntradayOptions {
            base: Method::WeekdayMean,
            methods: ReforecastMethod::DEFAULTS.to_vec(),
            cuts: None,
            contact_type: None,
            profile_weeks: PROFILE_WEEKS,
            min_deviation: 0.0,
        }
    }
}

/// The score of one method at one cut (one contact type).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntradayRow {
    pub contact_type: String,
    /// [`ReforecastMethod::label`]: `keep`, `ratio:100`, …
    pub method: String,
    /// The cut: the re-forecast is made at the start of this interval.
    pub cut_interval: usize,
    /// The cut's clock time, `HH:MM`.
    pub cut_time: String,
    /// Days scored at this cut (days with contacts after the cut).
    pub days: usize,
    /// Σ|a − f| / Σa over the intervals after the cut of the scored days.
    pub wape: f64,
    /// Σ(f − a) / Σa over the same intervals.
    pub bias: f64,
    /// Σa: the actual contacts after the cut, summed over the scored days.
    pub actual: f64,
}

/// One method's score over every cut (pooled: Σ|a − f| / Σa over all rows of the method).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntradayOverall {
    pub contact_type: String,
    pub method: String,
    /// Day × cut pairs scored.
    pub day_cuts: usize,
    pub wape: f64,
    pub bias: f64,
}

/// The result of [`intraday_backtest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntradayBacktest {
    pub interval_minutes: u32,
    /// The method of the original forecasts.
    pub base: Method,
    /// Days scored per contact type (`(type, days)`).
    pub days: Vec<(String, usize)>,
    /// Per type, method and cut (types in history order, then methods in the given order, then
    /// cuts ascending).
    pub rows: Vec<IntradayRow>,
    /// Per type and method.
    pub overall: Vec<IntradayOverall>,
}

impl IntradayBacktest {
    /// The rows as CSV: `contact_type,method,cut_interval,cut_time,days,wape,bias,actual` (a
    /// contact type with a comma or quote is quoted).
    pub fn rows_csv(&self) -> String {
        let mut out =
            String::from("contact_type,method,cut_interval,cut_time,days,wape,bias,actual\n");
        for r in &self.rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{:.6},{:.6},{}",
                csv_field(&r.contact_type),
                r.method,
                r.cut_interval,
                r.cut_time,
                r.days,
                r.wape,
                r.bias,
                r.actual
            );
        }
        out
    }

    /// The row of a type, method label and cut.
    pub fn row(&self, contact_type: &str, method: &str, cut: usize) -> Option<&IntradayRow> {
        self.rows
            .iter()
            .find(|r| r.contact_type == contact_type && r.method == method && r.cut_interval == cut)
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Hourly cuts inside a type's open day: every interval boundary on the full hour after the first
/// interval with contacts in the history and up to the last one (so at least one open interval has
/// passed and one remains).
pub fn default_cuts(history: &IntervalHistory, t: &TypeHistory) -> Vec<usize> {
    let n = history.intervals_per_day();
    let per_hour = (60 / history.interval_minutes).max(1) as usize;
    let mut open = vec![false; n];
    for day in t.offered.chunks(n) {
        for (o, &y) in open.iter_mut().zip(day) {
            *o |= y > 0.0;
        }
    }
    let (Some(first), Some(last)) = (open.iter().position(|&o| o), open.iter().rposition(|&o| o))
    else {
        return Vec::new();
    };
    (first + 1..=last).filter(|k| k % per_hour == 0).collect()
}

/// The intraday profile of `date` for one contact type: the mean of the interval shares of the
/// last `weeks` days of the same weekday before `date` that have data and contacts (shares sum to
/// 1). `None` when the type is unknown, `weeks` is 0 or there is no such day.
pub fn weekday_profile(
    history: &IntervalHistory,
    contact_type: &str,
    date: NaiveDate,
    weeks: usize,
) -> Option<Vec<f64>> {
    let t = history.find_type(contact_type)?;
    if date < history.first_day {
        return None;
    }
    let s = Series::new(
        history.intervals_per_day(),
        &t.offered,
        t.day_has_data.clone(),
        history.first_day,
    );
    let d = (date - history.first_day).num_days() as usize;
    profile_before(&s, d, weeks)
}

fn profile_before(s: &Series, d: usize, weeks: usize) -> Option<Vec<f64>> {
    let mut p = vec![0.0; s.ipd];
    let mut n = 0usize;
    for e in s
        .same_weekday_before(d, d)
        .filter(|&e| s.totals[e] > 0.0)
        .take(weeks)
    {
        for (p, y) in p.iter_mut().zip(s.day(e)) {
            *p += y / s.totals[e];
        }
        n += 1;
    }
    (n > 0).then(|| p.into_iter().map(|x| x / n as f64).collect())
}

#[derive(Default, Clone)]
struct Acc {
    abs: f64,
    signed: f64,
    actual: f64,
    days: usize,
}

/// Backtests the re-forecast methods on `history` (see the module docs and `docs/intraday.md`).
///
/// Scored days: days with data at least [`MIN_TRAINING_DAYS`] days after the type's first day
/// with data, whose actual and original-forecast totals are positive (a weekday never seen before
/// is forecast as zero and not scored), and — with `min_deviation` — whose totals differ by more
/// than that share. At each cut `k` of a scored day with contacts after `k`, each method gets the
/// forecast and the actuals of intervals `0 … k−1` and is scored on `k … n−1`.
pub fn intraday_backtest(
    history: &IntervalHistory,
    options: &IntradayOptions,
) -> Result<IntradayBacktest, InputError> {
    if options.methods.is_empty() {
        return Err(InputError::option(
            "--methods",
            "",
            "at least one re-forecast method is needed (keep, ratio, profile)",
        ));
    }
    for m in &options.methods {
        m.check()?;
    }
    if !(options.min_deviation.is_finite() && options.min_deviation >= 0.0) {
        return Err(InputError::option(
            "--min-deviation",
            &options.min_deviation.to_string(),
            "must be a share ≥ 0 (0.1 = days off by more than 10 %)",
        ));
    }
    let n = history.intervals_per_day();
    if let Some(cuts) = &options.cuts {
        if let Some(&bad) = cuts.iter().find(|&&k| k >= n) {
            return Err(InputError::option(
                "--cuts",
                &bad.to_string(),
                format!("a cut is an interval of the day: 0 … {}", n - 1),
            ));
        }
    }
    let types: Vec<&TypeHistory> = match &options.contact_type {
        Some(id) => vec![history.find_type(id).ok_or_else(|| {
            let known: Vec<&str> = history.types.iter().map(|t| t.id.as_str()).collect();
            InputError::option(
                "--contact-type",
                id,
                format!(
                    "no such contact type in the history; it has: {}",
                    known.join(", ")
                ),
            )
        })?],
        None => history.types.iter().collect(),
    };

    let mut rows = Vec::new();
    let mut overall = Vec::new();
    let mut days_scored = Vec::new();
    let mut fc = vec![0.0; n];
    for t in types {
        let mut cuts = match &options.cuts {
            Some(c) => c.clone(),
            None => default_cuts(history, t),
        };
        cuts.sort_unstable();
        cuts.dedup();
        let s = Series::new(n, &t.offered, t.day_has_data.clone(), history.first_day);
        let mut acc = vec![vec![Acc::default(); cuts.len()]; options.methods.len()];
        let mut scored = 0;
        let first = s.usable.iter().position(|&u| u).unwrap_or(s.n_days());
        for d in (first + MIN_TRAINING_DAYS)..s.n_days() {
            if !s.is_usable(d) || s.totals[d] <= 0.0 {
                continue;
            }
            forecast_days(options.base, &s, d, d, 1, &mut fc);
            let total_f: f64 = fc.iter().sum();
            if total_f <= 0.0 {
                continue;
            }
            if options.min_deviation > 0.0
                && (s.totals[d] / total_f - 1.0).abs() <= options.min_deviation
            {
                continue;
            }
            scored += 1;
            let profile = profile_before(&s, d, options.profile_weeks);
            let a = s.day(d);
            for (c, &k) in cuts.iter().enumerate() {
                let actual_rest: f64 = a[k..].iter().sum();
                if actual_rest <= 0.0 {
                    continue;
                }
                for (m, method) in options.methods.iter().enumerate() {
                    let rest = rest_of_day(method, &fc, &a[..k], profile.as_deref());
                    let acc = &mut acc[m][c];
                    for (f, y) in rest.iter().zip(&a[k..]) {
                        acc.abs += (f - y).abs();
                        acc.signed += f - y;
                    }
                    acc.actual += actual_rest;
                    acc.days += 1;
                }
            }
        }
        days_scored.push((t.id.clone(), scored));
        let ratio = |x: f64, y: f64| if y > 0.0 { x / y } else { f64::NAN };
        for (m, method) in options.methods.iter().enumerate() {
            let mut all = Acc::default();
            for (c, &k) in cuts.iter().enumerate() {
                let a = &acc[m][c];
                all.abs += a.abs;
                all.signed += a.signed;
                all.actual += a.actual;
                all.days += a.days;
                let minutes = k as u32 * history.interval_minutes;
                rows.push(IntradayRow {
                    contact_type: t.id.clone(),
                    method: method.label(),
                    cut_interval: k,
                    cut_time: format!("{:02}:{:02}", minutes / 60, minutes % 60),
                    days: a.days,
                    wape: ratio(a.abs, a.actual),
                    bias: ratio(a.signed, a.actual),
                    actual: a.actual,
                });
            }
            overall.push(IntradayOverall {
                contact_type: t.id.clone(),
                method: method.label(),
                day_cuts: all.days,
                wape: ratio(all.abs, all.actual),
                bias: ratio(all.signed, all.actual),
            });
        }
    }
    Ok(IntradayBacktest {
        interval_minutes: history.interval_minutes,
        base: options.base,
        days: days_scored,
        rows,
        overall,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::HistoryOptions;

    fn history(text: &str) -> IntervalHistory {
        IntervalHistory::parse(text, &HistoryOptions::default()).unwrap()
    }

    /// Mondays 2024-01-01 and 2024-01-08 (and a Tuesday between), hourly.
    const TEXT: &str = "interval_start,offered\n\
        2024-01-01T09:00,10\n2024-01-01T10:00,30\n\
        2024-01-02T09:00,5\n2024-01-02T11:00,5\n\
        2024-01-08T09:00,20\n2024-01-08T10:00,20\n";

    #[test]
    fn weekday_profile_is_the_mean_of_the_days_shares() {
        let h = history(TEXT);
        let monday = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        let p = weekday_profile(&h, "calls", monday, 8).unwrap();
        assert_eq!(p.len(), 24);
        // shares (0.25, 0.75) and (0.5, 0.5)
        assert!((p[9] - 0.375).abs() < 1e-12 && (p[10] - 0.625).abs() < 1e-12);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // the last week only
        let p = weekday_profile(&h, "calls", monday, 1).unwrap();
        assert!((p[9] - 0.5).abs() < 1e-12 && (p[10] - 0.5).abs() < 1e-12);
        // only days before the date count
        let p = weekday_profile(&h, "calls", monday - chrono::Days::new(7), 8).unwrap();
        assert!((p[9] - 0.25).abs() < 1e-12);
        assert!(weekday_profile(&h, "calls", h.first_day, 8).is_none());
        assert!(weekday_profile(&h, "chat", monday, 8).is_none());
        assert!(weekday_profile(&h, "calls", monday, 0).is_none());
    }

    #[test]
    fn default_cuts_are_the_full_hours_inside_the_open_day() {
        let h = history(TEXT);
        // open 09:00–11:00 (intervals 9 … 11): cuts 10 and 11
        assert_eq!(default_cuts(&h, &h.types[0]), vec![10, 11]);
        let h30 = history(
            "interval_start,offered\n2024-01-01T08:30,1\n2024-01-01T09:00,0\n2024-01-01T10:30,1\n",
        );
        // 30-minute intervals 17 … 21: the full hours 09:00 and 10:00
        assert_eq!(default_cuts(&h30, &h30.types[0]), vec![18, 20]);
    }

    #[test]
    fn rows_csv_quotes_contact_types() {
        let b = IntradayBacktest {
            interval_minutes: 30,
            base: Method::WeekdayMean,
            days: vec![("a,b".into(), 1)],
            rows: vec![IntradayRow {
                contact_type: "a,b".into(),
                method: "ratio:50+20%".into(),
                cut_interval: 18,
                cut_time: "09:00".into(),
                days: 1,
                wape: 0.125,
                bias: -0.5,
                actual: 8.0,
            }],
            overall: vec![],
        };
        assert_eq!(
            b.rows_csv(),
            "contact_type,method,cut_interval,cut_time,days,wape,bias,actual\n\
             \"a,b\",ratio:50+20%,18,09:00,1,0.125000,-0.500000,8\n"
        );
    }
}
