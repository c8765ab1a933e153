//! The week of intervals that calibration works on: slot = weekday × intervals per day + interval
//! of the day, Monday first. A day *observed* is a date with at least one record; a day without
//! records is missing data (holiday, outage, export gap), never a day of zero volume, so every
//! mean per slot divides by the number of observed days of that weekday.

use crate::records::Records;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serialize;
use std::collections::BTreeSet;

/// Weekday labels as ccsim writes them.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    pub interval_minutes: u32,
    pub intervals_per_day: usize,
    /// Dates with at least one record, in order.
    pub dates: Vec<NaiveDate>,
    /// Observed days per weekday, Monday first.
    pub days_per_weekday: [usize; 7],
}

impl Week {
    /// The observed dates of `records`.
    pub fn of(records: &Records, interval_minutes: u32) -> Week {
        let dates: BTreeSet<NaiveDate> = records.records.iter().map(|r| r.arrival.date()).collect();
        let mut days_per_weekday = [0; 7];
        for d in &dates {
            days_per_weekday[d.weekday().num_days_from_monday() as usize] += 1;
        }
        Week {
            interval_minutes,
            intervals_per_day: (1440 / interval_minutes.max(1)) as usize,
            dates: dates.into_iter().collect(),
            days_per_weekday,
        }
    }

    /// Slots in a week.
    pub fn slots(&self) -> usize {
        7 * self.intervals_per_day
    }

    /// The slot of the week of a moment.
    pub fn slot(&self, t: NaiveDateTime) -> usize {
        let wd = t.weekday().num_days_from_monday() as usize;
        let minute = t.hour() * 60 + t.minute();
        wd * self.intervals_per_day + (minute / self.interval_minutes) as usize
    }

    /// Observed days of the weekday of `slot`.
    pub fn days_of_slot(&self, slot: usize) -> usize {
        self.days_per_weekday[slot / self.intervals_per_day]
    }

    /// "Mon 08:30".
    pub fn label(&self, slot: usize) -> String {
        let m = (slot % self.intervals_per_day) as u32 * self.interval_minutes;
        format!(
            "{} {:02}:{:02}",
            WEEKDAYS[slot / self.intervals_per_day],
            m / 60,
            m % 60
        )
    }

    /// The hour of the week (0 = Monday 00:00–01:00) of a slot.
    pub fn hour_of(&self, slot: usize) -> usize {
        let day = slot / self.intervals_per_day;
        let m = (slot % self.intervals_per_day) as u32 * self.interval_minutes;
        day * 24 + (m / 60) as usize
    }
}
