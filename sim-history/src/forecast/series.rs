//! One contact type's offered counts on the day × interval grid, as the forecasting methods see
//! them: which days may be used for fitting, and the weekday of each day.

use chrono::{Datelike, NaiveDate};

/// A day-major series of offered counts with the days that may be used for fitting.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    /// Intervals per day.
    pub ipd: usize,
    /// Offered counts, `usable.len() × ipd`.
    pub y: &'a [f64],
    /// Per day: data, and not a special day.
    pub usable: Vec<bool>,
    /// Weekday of day 0 (0 = Monday).
    pub weekday0: usize,
    /// Date of day 0.
    pub day0: NaiveDate,
    /// Daily totals.
    pub totals: Vec<f64>,
}

impl<'a> Series<'a> {
    /// A series over `y` (`usable.len() × ipd` counts).
    pub fn new(ipd: usize, y: &'a [f64], usable: Vec<bool>, day0: NaiveDate) -> Self {
        let totals = y.chunks(ipd).map(|c| c.iter().sum()).collect();
        Series {
            ipd,
            y,
            usable,
            weekday0: day0.weekday().num_days_from_monday() as usize,
            day0,
            totals,
        }
    }

    /// The date of day `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.day0 + chrono::Days::new(d as u64)
    }

    /// Whether day `d` is a **month-turn day**: one of the first two or the last open day of its
    /// calendar month, where `open[w]` says which weekdays the center works (holidays are not
    /// known here, so this is a calendar rule that can be applied to future days).
    pub fn is_month_turn(&self, d: usize, open: &[bool; 7]) -> bool {
        if !open[self.weekday(d)] {
            return false;
        }
        let date = self.date(d);
        let wd = |x: NaiveDate| x.weekday().num_days_from_monday() as usize;
        let before = (1..date.day())
            .filter(|&k| open[wd(date.with_day(k).expect("earlier day of the month"))])
            .count();
        if before < 2 {
            return true;
        }
        let mut next = date.succ_opt().expect("dates in range");
        while next.month() == date.month() {
            if open[wd(next)] {
                return false;
            }
            next = next.succ_opt().expect("dates in range");
        }
        true
    }
}

impl Series<'_> {
    /// Days in the history.
    pub fn n_days(&self) -> usize {
        self.usable.len()
    }

    /// Weekday of day `d` (0 = Monday); `d` may lie beyond the history.
    pub fn weekday(&self, d: usize) -> usize {
        (self.weekday0 + d) % 7
    }

    /// The counts of day `d`.
    pub fn day(&self, d: usize) -> &[f64] {
        &self.y[d * self.ipd..(d + 1) * self.ipd]
    }

    /// Whether day `d` is in the history and usable.
    pub fn is_usable(&self, d: usize) -> bool {
        d < self.usable.len() && self.usable[d]
    }

    /// The usable days before `origin` with the weekday of `t`, most recent first.
    pub fn same_weekday_before(&self, origin: usize, t: usize) -> impl Iterator<Item = usize> + '_ {
        let end = origin.min(self.n_days());
        let w = self.weekday(t);
        let latest = if end == 0 {
            None
        } else {
            let last = end - 1;
            let back = (self.weekday(last) + 7 - w) % 7;
            last.checked_sub(back)
        };
        let mut next = latest;
        std::iter::from_fn(move || {
            let d = next?;
            next = d.checked_sub(7);
            Some(d)
        })
        .filter(move |&d| self.usable[d])
    }
}
