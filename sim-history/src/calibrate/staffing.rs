//! Staffing estimated from the records' agent activity: in each interval of each observed day,
//! the number of distinct agents seen serving (a service from arrival + wait to arrival + wait +
//! handle + wrap-up that overlaps the interval); per interval of the week, the mean over the
//! observed days of that weekday.
//!
//! Bias: agents who were logged in but idle for a whole interval are invisible in call records,
//! so the estimate is **low** when the center is quiet; an agent who served for a minute counts as
//! present for the whole interval, which biases it **high** at the edges of shifts. Neither break
//! time nor not-ready time is visible. The availability fit ([`super::availability`]) then
//! calibrates the not-ready share that makes the simulation match the records.

use super::week::Week;
use crate::records::{seconds_between, ContactRecord, Outcome};
use chrono::TimeDelta;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffingEstimate {
    /// Distinct agents named in the records.
    pub agents_named: usize,
    /// Answered contacts without an agent (not counted).
    pub answered_without_agent: usize,
    /// Per slot of the week: mean agents seen serving over the observed days of the weekday.
    pub mean_seen: Vec<f64>,
    /// Per slot of the week: most agents seen serving on one day.
    pub max_seen: Vec<usize>,
    /// The headcount the scenario gets: the mean rounded to the nearest agent.
    pub headcount: Vec<u32>,
}

/// Agents seen serving per interval (see the module documentation).
pub fn estimate_staffing(records: &[ContactRecord], week: &Week) -> StaffingEstimate {
    let step = week.interval_minutes as f64 * 60.0;
    let Some(first) = week.dates.first() else {
        return StaffingEstimate {
            agents_named: 0,
            answered_without_agent: 0,
            mean_seen: vec![0.0; week.slots()],
            max_seen: vec![0; week.slots()],
            headcount: vec![0; week.slots()],
        };
    };
    let origin = first.and_hms_opt(0, 0, 0).expect("midnight");
    // absolute interval index since the first day's midnight → agents seen
    let mut seen: BTreeMap<i64, BTreeSet<&str>> = BTreeMap::new();
    let mut named = BTreeSet::new();
    let mut without = 0;
    for r in records.iter().filter(|r| r.outcome == Outcome::Answered) {
        let Some(agent) = r.agent.as_deref() else {
            without += 1;
            continue;
        };
        named.insert(agent);
        let start = seconds_between(origin, r.arrival) + r.wait_s;
        let end = start + r.handle_s.unwrap_or(0.0) + r.wrap_s.unwrap_or(0.0);
        let (a, b) = ((start / step).floor() as i64, (end / step).ceil() as i64);
        for iv in a..b.max(a + 1) {
            seen.entry(iv).or_default().insert(agent);
        }
    }
    let mut sum = vec![0.0; week.slots()];
    let mut max_seen = vec![0; week.slots()];
    let observed: BTreeSet<_> = week.dates.iter().collect();
    for (iv, agents) in &seen {
        let at = origin + TimeDelta::seconds((*iv as f64 * step) as i64);
        if !observed.contains(&at.date()) {
            continue;
        }
        let slot = week.slot(at);
        sum[slot] += agents.len() as f64;
        max_seen[slot] = max_seen[slot].max(agents.len());
    }
    let mean_seen: Vec<f64> = sum
        .iter()
        .enumerate()
        .map(|(s, &x)| {
            let d = week.days_of_slot(s);
            if d > 0 {
                x / d as f64
            } else {
                0.0
            }
        })
        .collect();
    StaffingEstimate {
        agents_named: named.len(),
        answered_without_agent: without,
        headcount: mean_seen.iter().map(|m| m.round() as u32).collect(),
        mean_seen,
        max_seen,
    }
}
