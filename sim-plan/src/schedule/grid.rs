//! The week of intervals a schedule is planned on.
//!
//! Shift lines repeat by weekday (a scenario's `shifts` list the weekdays they start on), so a
//! schedule is planned on one week: 7 × the intervals of a day ("cells"), cyclic (a Sunday night
//! shift covers Monday morning, as a scenario's night shift from the day before the horizon
//! covers its first morning). A horizon interval maps to the cell of its weekday and time of
//! day; a cell's requirement is the largest of the measured horizon intervals that map to it.

use super::rules::WEEKDAYS;
use sim_core::Model;

pub const WEEK_MIN: u32 = 7 * 1440;

/// The weekly grid of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Minutes per interval.
    pub interval_min: u32,
    pub per_day: usize,
    /// Weekday (Mon = 0) of the horizon's first day.
    pub start_weekday: usize,
    /// Horizon intervals, and the first measured one (after the warm-up).
    pub n_intervals: usize,
    pub first_measured: usize,
    /// Weekdays that have a measured interval in the horizon.
    pub active: [bool; 7],
}

impl Grid {
    /// The grid of a compiled scenario; `None` when the interval length is not a whole number
    /// of minutes dividing the day.
    pub fn new(model: &Model) -> Option<Grid> {
        let m = model.interval_s / 60.0;
        if m < 1.0 || m.fract() != 0.0 || 1440 % (m as u32) != 0 {
            return None;
        }
        let interval_min = m as u32;
        let per_day = (1440 / interval_min) as usize;
        let first_measured = crate::first_measured_interval(model);
        let mut g = Grid {
            interval_min,
            per_day,
            start_weekday: model.start_weekday,
            n_intervals: model.n_intervals,
            first_measured,
            active: [false; 7],
        };
        for i in first_measured..model.n_intervals {
            g.active[g.cell_of(i) / per_day] = true;
        }
        Some(g)
    }

    pub fn cells(&self) -> usize {
        7 * self.per_day
    }

    /// The cell of horizon interval `i`.
    pub fn cell_of(&self, i: usize) -> usize {
        let day = i / self.per_day;
        ((self.start_weekday + day) % 7) * self.per_day + i % self.per_day
    }

    /// Calls `f(cell, share of the cell covered)` for the span `[start, start + len)` in
    /// minutes from Monday 00:00 (wrapping around the week).
    pub fn span(&self, start: u32, len: u32, mut f: impl FnMut(usize, f64)) {
        let iv = self.interval_min;
        let (mut t, end) = (start, start + len);
        while t < end {
            let cell_start = t / iv * iv;
            let next = (cell_start + iv).min(end);
            let cell = ((cell_start % WEEK_MIN) / iv) as usize;
            f(cell, (next - t) as f64 / iv as f64);
            t = next;
        }
    }

    /// "Mon 06:30".
    pub fn cell_label(&self, c: usize) -> String {
        let d = c / self.per_day;
        let m = (c % self.per_day) as u32 * self.interval_min;
        let mut day = WEEKDAYS[d].to_string();
        day[..1].make_ascii_uppercase();
        format!("{day} {:02}:{:02}", m / 60, m % 60)
    }

    /// The largest value over the measured horizon intervals of each cell (0 for cells with
    /// none), from values per horizon interval.
    pub fn to_cells(&self, per_interval: &[u32]) -> Vec<u32> {
        let mut out = vec![0u32; self.cells()];
        for (i, &v) in per_interval.iter().enumerate().skip(self.first_measured) {
            let c = self.cell_of(i);
            out[c] = out[c].max(v);
        }
        out
    }

    /// How many times each weekday occurs in the horizon (warm-up days included).
    pub fn weekday_counts(&self) -> [u32; 7] {
        let mut n = [0u32; 7];
        let days = self.n_intervals.div_ceil(self.per_day);
        for d in 0..days {
            n[(self.start_weekday + d) % 7] += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid {
            interval_min: 30,
            per_day: 48,
            start_weekday: 6,
            n_intervals: 8 * 48,
            first_measured: 48,
            active: [true; 7],
        }
    }

    #[test]
    fn span_splits_partial_intervals_and_wraps_the_week() {
        let g = grid();
        let mut got = Vec::new();
        // Sunday 23:45 for 45 minutes: a quarter... half of Sun 23:30, then all of Mon 00:00
        g.span(6 * 1440 + 23 * 60 + 45, 45, |c, f| got.push((c, f)));
        assert_eq!(got, vec![(7 * 48 - 1, 0.5), (0, 1.0)]);
    }

    #[test]
    fn horizon_intervals_map_to_weekday_cells() {
        let g = grid();
        assert_eq!(g.cell_of(0), 6 * 48); // day 1 is a Sunday
        assert_eq!(g.cell_of(48), 0); // day 2 a Monday
        assert_eq!(g.cell_label(g.cell_of(48 + 13)), "Mon 06:30");
        assert_eq!(g.weekday_counts(), [1, 1, 1, 1, 1, 1, 2]);
        // the warm-up Sunday does not count, the measured one does
        let mut v = vec![0u32; 8 * 48];
        v[5] = 9;
        v[7 * 48 + 5] = 4;
        assert_eq!(g.to_cells(&v)[6 * 48 + 5], 4);
    }
}
