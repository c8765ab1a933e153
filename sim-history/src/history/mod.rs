//! Interval history: what an ACD exports per interval and contact type (`docs/history.md`,
//! section "Interval history").
//!
//! ```text
//! interval_start,contact_type,offered,handled,abandoned,aht_s,asa_s
//! 2024-03-04T08:00,retail,41,39,2,312.5,14.2
//! ```
//!
//! Semantics (tested in `sim-history/tests/history.rs`):
//!
//! - A **day with no rows in the file** is missing data (holiday, outage): never a day of zero
//!   volume. Whether a day has rows is decided **for the file**, not per type, because an outage
//!   or a recording gap hits the whole export; within a type, days before its first row and after
//!   its last row are missing too (a queue that opened later has no history before it opened).
//! - Inside a day that has rows, an interval without a row for a type is **zero** (closed, or an
//!   export that leaves out empty rows).
//! - The interval length is inferred (5, 10, 15, 30 or 60 minutes) and every start must be
//!   aligned to it.

mod parse;

use crate::error::InputError;
use crate::table::ColumnMap;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

/// The column names of an interval history, for `--columns` (ccsim's names).
pub const HISTORY_COLUMNS: &[&str] = &[
    "interval_start",
    "contact_type",
    "offered",
    "handled",
    "abandoned",
    "aht_s",
    "asa_s",
    "answered_in_sl",
];

/// Interval lengths the history may have, in minutes.
pub const INTERVAL_LENGTHS: &[u32] = &[5, 10, 15, 30, 60];

/// How to read an interval history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryOptions {
    /// `--columns` mapping of ccsim's column names to the export's headers.
    pub columns: ColumnMap,
    /// The contact type of every row when the file has no `contact_type` column.
    pub default_type: String,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            columns: ColumnMap::default(),
            default_type: "calls".to_string(),
        }
    }
}

/// One contact type's history on the common day grid of [`IntervalHistory`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeHistory {
    /// The contact type as written in the file (or the default type).
    pub id: String,
    /// Per day: whether the day is data (`false` = missing: no rows in the file that day, or
    /// outside this type's first..last day).
    pub day_has_data: Vec<bool>,
    /// Offered contacts, `days × intervals per day`, day-major; 0 on missing days.
    pub offered: Vec<f64>,
    /// Handled contacts, when the file has the column.
    pub handled: Option<Vec<f64>>,
    /// Abandoned contacts, when the file has the column.
    pub abandoned: Option<Vec<f64>>,
    /// Average handle time in seconds, when the file has the column; `NaN` where unknown
    /// (an empty cell or no handled contacts).
    pub aht_s: Option<Vec<f64>>,
    /// Average speed of answer in seconds, when the file has the column; `NaN` where unknown.
    pub asa_s: Option<Vec<f64>>,
    /// Contacts answered within the service-level threshold, when the file has the column
    /// (intraday actuals: the whole day's service level needs it).
    pub answered_in_sl: Option<Vec<f64>>,
}

/// A parsed interval history: one grid of days × intervals shared by all contact types.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalHistory {
    /// Interval length in minutes.
    pub interval_minutes: u32,
    /// The first day of the grid (the first day with a row).
    pub first_day: NaiveDate,
    /// Number of days from the first to the last day with a row.
    pub n_days: usize,
    /// Contact types in order of first appearance in the file.
    pub types: Vec<TypeHistory>,
}

impl IntervalHistory {
    /// Parses an interval history (see the module docs and `docs/history.md`).
    pub fn parse(text: &str, options: &HistoryOptions) -> Result<IntervalHistory, InputError> {
        parse::parse(text, options)
    }

    /// Intervals per day.
    pub fn intervals_per_day(&self) -> usize {
        (1440 / self.interval_minutes) as usize
    }

    /// The date of day index `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.first_day + chrono::Days::new(d as u64)
    }

    /// The start of interval `p` of day `d`.
    pub fn interval_start(&self, d: usize, p: usize) -> NaiveDateTime {
        self.date(d).and_hms_opt(0, 0, 0).expect("midnight exists")
            + chrono::Duration::minutes(p as i64 * self.interval_minutes as i64)
    }

    /// Weekday of day `d`, 0 = Monday.
    pub fn weekday(&self, d: usize) -> usize {
        self.date(d).weekday().num_days_from_monday() as usize
    }

    /// The type with this id.
    pub fn find_type(&self, id: &str) -> Option<&TypeHistory> {
        self.types.iter().find(|t| t.id == id)
    }

    /// Re-aggregates to a coarser interval (`minutes` a multiple of the data's interval that divides
    /// a day): counts are summed, `aht_s` and `asa_s` are weighted by handled contacts (by offered
    /// contacts when the file has no `handled` column). A finer interval than the data is an error.
    pub fn aggregate(&self, minutes: u32) -> Result<IntervalHistory, InputError> {
        if minutes == self.interval_minutes {
            return Ok(self.clone());
        }
        if minutes < self.interval_minutes {
            return Err(InputError::option(
                "--interval-minutes",
                &minutes.to_string(),
                format!(
                    "the history has {}-minute intervals and cannot be split into finer ones; \
                     use {} or a multiple of it that divides a day",
                    self.interval_minutes, self.interval_minutes
                ),
            ));
        }
        if !minutes.is_multiple_of(self.interval_minutes) || !1440u32.is_multiple_of(minutes) {
            return Err(InputError::option(
                "--interval-minutes",
                &minutes.to_string(),
                format!(
                    "must be a multiple of the history's {}-minute interval that divides a day \
                     (1440 minutes)",
                    self.interval_minutes
                ),
            ));
        }
        let k = (minutes / self.interval_minutes) as usize;
        let types = self.types.iter().map(|t| aggregate_type(t, k)).collect();
        Ok(IntervalHistory {
            interval_minutes: minutes,
            first_day: self.first_day,
            n_days: self.n_days,
            types,
        })
    }
}

fn sum_groups(v: &[f64], k: usize) -> Vec<f64> {
    v.chunks(k).map(|c| c.iter().sum()).collect()
}

fn aggregate_type(t: &TypeHistory, k: usize) -> TypeHistory {
    let weights = t.handled.as_ref().unwrap_or(&t.offered);
    let weighted = |v: &Vec<f64>| -> Vec<f64> {
        v.chunks(k)
            .zip(weights.chunks(k))
            .map(|(vs, ws)| {
                let (mut num, mut den) = (0.0, 0.0);
                for (x, w) in vs.iter().zip(ws) {
                    if x.is_finite() && *w > 0.0 {
                        num += x * w;
                        den += w;
                    }
                }
                if den > 0.0 {
                    num / den
                } else {
                    f64::NAN
                }
            })
            .collect()
    };
    TypeHistory {
        id: t.id.clone(),
        day_has_data: t.day_has_data.clone(),
        offered: sum_groups(&t.offered, k),
        handled: t.handled.as_ref().map(|v| sum_groups(v, k)),
        abandoned: t.abandoned.as_ref().map(|v| sum_groups(v, k)),
        aht_s: t.aht_s.as_ref().map(weighted),
        asa_s: t.asa_s.as_ref().map(weighted),
        answered_in_sl: t.answered_in_sl.as_ref().map(|v| sum_groups(v, k)),
    }
}
