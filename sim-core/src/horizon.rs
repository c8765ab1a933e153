//! The calendar geometry of a run: intervals per day, days, and the weekday of the first day.
//! Shared by the compile steps of arrivals ([`crate::model`]) and schedules ([`crate::schedule`]).

/// Calendar geometry of the horizon.
pub(crate) struct Geometry {
    /// Intervals per day.
    pub ipd: usize,
    /// Days in the horizon.
    pub days: usize,
    /// Weekday of the first day, 0 = Monday.
    pub start_weekday: usize,
}

impl Geometry {
    /// The lengths a per-interval list may have, for messages: "needs 48 (…) or 96 (…)".
    pub fn per_interval_lengths(&self) -> String {
        if self.days == 1 {
            format!("needs {} (one per interval of the day)", self.ipd)
        } else {
            format!(
                "needs {} (one per interval of a day) or {} (one per interval of the {}-day horizon)",
                self.ipd,
                self.ipd * self.days,
                self.days
            )
        }
    }
}
