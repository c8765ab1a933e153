//! Redials: the share of abandoned contacts whose caller contacts the center again within a window,
//! and the delay from the abandonment (arrival + wait) to that next contact.
//!
//! Only abandoned contacts with a known caller count. The next contact of the same caller (any
//! type) that arrives within [`RedialEstimate::window_s`] of the abandonment is its redial, and is
//! flagged so that the arrival rates leave it out (the scenario's `retry` generates it). The share
//! is a lower bound when callers redial from another number, and can be inflated by unrelated
//! calls of the same customer within the window; the window is a documented choice
//! ([`DEFAULT_REDIAL_WINDOW_S`]).

use super::durations::{fit_durations, DurationEstimate};
use super::stats::wilson;
use crate::records::{seconds_between, ContactRecord, Outcome};
use serde::Serialize;
use std::collections::BTreeMap;

/// A new contact within an hour of abandoning is a redial.
pub const DEFAULT_REDIAL_WINDOW_S: f64 = 3600.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedialEstimate {
    pub window_s: f64,
    /// Abandoned contacts with a known caller.
    pub abandoned_identified: usize,
    pub redialed: usize,
    pub share: f64,
    pub share_ci95: [f64; 2],
    /// Delay from abandonment to the redial.
    pub delay: Option<DurationEstimate>,
}

/// Per record: the index of the abandoned contact it redials, if it is a redial.
pub fn find_redials(records: &[ContactRecord], window_s: f64) -> Vec<Option<usize>> {
    let mut by_caller: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(c) = &r.caller_id {
            by_caller.entry(c.as_str()).or_default().push(i);
        }
    }
    let mut redial_of = vec![None; records.len()];
    for list in by_caller.values() {
        for (k, &i) in list.iter().enumerate() {
            let r = &records[i];
            if r.outcome != Outcome::Abandoned {
                continue;
            }
            if let Some(&j) = list.get(k + 1) {
                let delay = redial_delay(r, &records[j]);
                if delay <= window_s && redial_of[j].is_none() {
                    redial_of[j] = Some(i);
                }
            }
        }
    }
    redial_of
}

/// Seconds from the abandonment of `r` to the arrival of `next` (0 when it overlaps).
pub fn redial_delay(r: &ContactRecord, next: &ContactRecord) -> f64 {
    (seconds_between(r.arrival, next.arrival) - r.wait_s).max(0.0)
}

/// The redial estimate of the abandoned contacts among `of_type`.
pub fn estimate_redials(
    records: &[ContactRecord],
    of_type: &[usize],
    redial_of: &[Option<usize>],
    window_s: f64,
) -> RedialEstimate {
    let abandoned: Vec<usize> = of_type
        .iter()
        .copied()
        .filter(|&i| records[i].outcome == Outcome::Abandoned && records[i].caller_id.is_some())
        .collect();
    let mut delays = Vec::new();
    for (j, of) in redial_of.iter().enumerate() {
        if let Some(i) = of {
            if abandoned.binary_search(i).is_ok() {
                delays.push(redial_delay(&records[*i], &records[j]));
            }
        }
    }
    let (n, k) = (abandoned.len(), delays.len());
    RedialEstimate {
        window_s,
        abandoned_identified: n,
        redialed: k,
        share: if n > 0 { k as f64 / n as f64 } else { 0.0 },
        share_ci95: wilson(k, n),
        delay: fit_durations(&delays),
    }
}
