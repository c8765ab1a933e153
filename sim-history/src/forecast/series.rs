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

    /// [`Series::is_month_turn`] for days `0 .. n`, in one pass.
    pub fn month_turn_flags(&self, n: usize, open: &[bool; 7]) -> Vec<bool> {
        if n == 0 {
            return Vec::new();
        }
        let last = self.date(n - 1);
        let next_month = if last.month() == 12 {
            NaiveDate::from_ymd_opt(last.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(last.year(), last.month() + 1, 1)
        }
        .expect("dates in range");
        let m = n + (next_month - last).num_days() as usize - 1; // through the month's end
        let mut flags = vec![false; m];
        // the first two open days of each month (days before day 0 counted by the calendar rule)
        let wd = |x: NaiveDate| x.weekday().num_days_from_monday() as usize;
        let d0 = self.date(0);
        let mut count = (1..d0.day())
            .filter(|&k| open[wd(d0.with_day(k).expect("day of month"))])
            .count();
        for (d, flag) in flags.iter_mut().enumerate() {
            if d > 0 && self.date(d).day() == 1 {
                count = 0;
            }
            if open[self.weekday(d)] {
                *flag = count < 2;
                count += 1;
            }
        }
        // the last open day of each month
        let mut seen_later = false;
        for d in (0..m).rev() {
            let date = self.date(d);
            if date.succ_opt().is_none_or(|x| x.month() != date.month()) {
                seen_later = false;
            }
            if open[self.weekday(d)] {
                if !seen_later {
                    flags[d] = true;
                }
                seen_later = true;
            }
        }
        flags.truncate(n);
        flags
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_turn_flags_agree_with_the_calendar_rule() {
        let y = vec![0.0; 400];
        for (first, open) in [
            ("2003-03-05", [true, true, true, true, true, false, false]),
            ("2024-01-01", [true; 7]),
            ("2024-02-17", [false, true, false, false, true, false, true]),
        ] {
            let day0 = NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap();
            let s = Series::new(1, &y, vec![true; 400], day0);
            let flags = s.month_turn_flags(400, &open);
            for (d, &f) in flags.iter().enumerate() {
                assert_eq!(
                    f,
                    s.is_month_turn(d, &open),
                    "{first} day {d} {}",
                    s.date(d)
                );
            }
        }
        // October 2003: Wed 1 and Thu 2 open the month, Fri 31 ends it
        let day0 = NaiveDate::from_ymd_opt(2003, 10, 1).unwrap();
        let s = Series::new(1, &y[..31], vec![true; 31], day0);
        let open = [true, true, true, true, true, false, false];
        let turn: Vec<u32> = (0..31)
            .filter(|&d| s.is_month_turn(d, &open))
            .map(|d| s.date(d).day())
            .collect();
        assert_eq!(turn, [1, 2, 31]);
    }
}
