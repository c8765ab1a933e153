//! Checking the scenario-wide settings: version, intervals, horizon, warm-up, first weekday,
//! short-abandon threshold and costs.

use super::{Limits, MAX_COST_PER_HOUR, MAX_OVERTIME_FACTOR};
use crate::error::{fmt_num, plural, Errors};
use crate::horizon::Geometry;
use crate::scenario::Scenario;
use crate::schedule::parse_weekday;

/// The checked scenario-wide settings.
pub(super) struct Settings {
    pub geo: Geometry,
    pub interval_s: f64,
    pub horizon_s: f64,
    pub warmup_s: f64,
    pub short_abandon_s: f64,
    pub agent_hour_cost: f64,
    pub overtime_factor: f64,
}

impl Settings {
    /// Intervals in the horizon.
    pub fn n_intervals(&self) -> usize {
        self.geo.days * self.geo.ipd
    }
}

/// Checks the settings; with an unusable interval or horizon the geometry falls back to
/// 48 intervals a day and a clamped number of days, so the rest can still be checked.
pub(super) fn check_settings(s: &Scenario, limits: Limits, e: &mut Errors) -> Settings {
    if s.version != 1 {
        e.push("version", format!("must be 1, got {}", s.version));
    }
    if s.interval_minutes == 0 || 1440 % s.interval_minutes != 0 {
        e.push(
            "interval_minutes",
            format!(
                "must divide a day (1440 minutes) evenly, e.g. 15, 30 or 60, got {}",
                s.interval_minutes
            ),
        );
    }
    if s.days == 0 {
        e.push("days", "must be >= 1, got 0");
    } else if s.days > limits.max_days {
        e.push(
            "days",
            format!(
                "a horizon of {} exceeds the limit of {} (raise it with --max-days)",
                plural(s.days, "day", "days"),
                plural(limits.max_days, "day", "days")
            ),
        );
    }
    let days = s.days.max(1).min(limits.max_days.max(1)) as usize;
    let ipd = if e.list.is_empty() {
        (1440 / s.interval_minutes) as usize
    } else {
        48
    };
    let interval_s = 86_400.0 / ipd as f64;
    let horizon_s = days as f64 * 86_400.0;
    e.non_negative("warmup_minutes", s.warmup_minutes);
    if s.warmup_minutes * 60.0 >= horizon_s {
        e.push(
            "warmup_minutes",
            format!(
                "must be shorter than the horizon ({} minutes), got {}",
                fmt_num(horizon_s / 60.0),
                fmt_num(s.warmup_minutes)
            ),
        );
    }
    let start_weekday = match &s.start_weekday {
        None => 0,
        Some(d) => parse_weekday(d).unwrap_or_else(|| {
            e.push(
                "start_weekday",
                format!("must be one of mon, tue, wed, thu, fri, sat, sun, got \"{d}\""),
            );
            0
        }),
    };
    let short_abandon_s = s.short_abandon_s.unwrap_or(5.0);
    e.non_negative("short_abandon_s", short_abandon_s);
    let (agent_hour_cost, overtime_factor) = match &s.costs {
        Some(c) => {
            e.non_negative_at_most("costs.agent_hour", c.agent_hour, MAX_COST_PER_HOUR);
            let f = c.overtime_factor.unwrap_or(1.5);
            e.non_negative_at_most("costs.overtime_factor", f, MAX_OVERTIME_FACTOR);
            (c.agent_hour, f)
        }
        None => (0.0, 1.5),
    };
    Settings {
        geo: Geometry {
            ipd,
            days,
            start_weekday,
        },
        interval_s,
        horizon_s,
        warmup_s: s.warmup_minutes * 60.0,
        short_abandon_s,
        agent_hour_cost,
        overtime_factor,
    }
}
