//! Observed against simulated: abandonment and ASA per hour of the week and per weekday, with the
//! correlation and RMSE over the rows. Counts are per day (observed: summed over the observed days
//! of the weekday and divided by their number; simulated: the mean over replications of a one-week
//! run). Offered = answered + abandoned + blocked (deflected contacts never reach the queue);
//! abandonment = abandoned / offered; ASA = mean wait of the answered.

use super::stats::{correlation, rmse};
use super::week::{Week, WEEKDAYS};
use crate::records::{ContactRecord, Outcome};
use serde::Serialize;
use sim_core::Report;

/// Per slot of the week, per day: contacts offered, answered, abandoned and the answered waits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotCounts {
    pub offered: Vec<f64>,
    pub answered: Vec<f64>,
    pub abandoned: Vec<f64>,
    pub wait_answered_s: Vec<f64>,
}

impl SlotCounts {
    fn zeros(n: usize) -> SlotCounts {
        SlotCounts {
            offered: vec![0.0; n],
            answered: vec![0.0; n],
            abandoned: vec![0.0; n],
            wait_answered_s: vec![0.0; n],
        }
    }

    /// Overall abandonment and ASA.
    pub fn totals(&self) -> (Option<f64>, Option<f64>) {
        let sum = |v: &[f64]| v.iter().sum::<f64>();
        let (o, a, ab, w) = (
            sum(&self.offered),
            sum(&self.answered),
            sum(&self.abandoned),
            sum(&self.wait_answered_s),
        );
        ((o > 0.0).then(|| ab / o), (a > 0.0).then(|| w / a))
    }
}

/// The records' counts per slot of the week, per observed day.
pub fn observed_counts(records: &[ContactRecord], week: &Week) -> SlotCounts {
    let mut c = SlotCounts::zeros(week.slots());
    for r in records {
        let s = week.slot(r.arrival);
        match r.outcome {
            Outcome::Answered => {
                c.offered[s] += 1.0;
                c.answered[s] += 1.0;
                c.wait_answered_s[s] += r.wait_s;
            }
            Outcome::Abandoned => {
                c.offered[s] += 1.0;
                c.abandoned[s] += 1.0;
            }
            Outcome::Blocked => c.offered[s] += 1.0,
            Outcome::Deflected => {}
        }
    }
    for s in 0..week.slots() {
        let d = week.days_of_slot(s).max(1) as f64;
        c.offered[s] /= d;
        c.answered[s] /= d;
        c.abandoned[s] /= d;
        c.wait_answered_s[s] /= d;
    }
    c
}

/// The simulated counts per slot of a one-week run starting on Monday (all types).
pub fn simulated_counts(report: &Report, week: &Week) -> SlotCounts {
    let mut c = SlotCounts::zeros(week.slots());
    for iv in report.by_interval.iter().take(week.slots()) {
        let get = |k: &str| iv.kpis.get(k).and_then(|s| s.mean).unwrap_or(0.0);
        let s = iv.interval;
        c.offered[s] = get("offered");
        c.answered[s] = get("answered");
        c.abandoned[s] = get("abandoned");
        c.wait_answered_s[s] = get("answered") * get("asa_s");
    }
    c
}

/// One row of a fit table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitRow {
    pub label: String,
    pub observed_offered: f64,
    pub simulated_offered: f64,
    pub observed_abandon_rate: f64,
    pub simulated_abandon_rate: f64,
    pub observed_asa_s: Option<f64>,
    pub simulated_asa_s: Option<f64>,
}

/// Rows and how well the simulation follows the records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitTable {
    pub rows: Vec<FitRow>,
    pub abandon_correlation: Option<f64>,
    pub abandon_rmse: Option<f64>,
    pub asa_correlation: Option<f64>,
    pub asa_rmse_s: Option<f64>,
}

/// The fit per hour of the week and per weekday.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitTables {
    pub per_hour: FitTable,
    pub per_day: FitTable,
}

/// Compares per hour of the week (rows with observed contacts) and per weekday (observed days).
pub fn fit_tables(observed: &SlotCounts, simulated: &SlotCounts, week: &Week) -> FitTables {
    let hour_key: Vec<usize> = (0..week.slots()).map(|s| week.hour_of(s)).collect();
    let day_key: Vec<usize> = (0..week.slots())
        .map(|s| s / week.intervals_per_day)
        .collect();
    let hour_label = |h: usize| format!("{} {:02}:00", WEEKDAYS[h / 24], h % 24);
    let day_label = |d: usize| WEEKDAYS[d].to_string();
    FitTables {
        per_hour: table(observed, simulated, &hour_key, 168, &hour_label),
        per_day: table(observed, simulated, &day_key, 7, &day_label),
    }
}

fn table(
    o: &SlotCounts,
    s: &SlotCounts,
    key: &[usize],
    groups: usize,
    label: &dyn Fn(usize) -> String,
) -> FitTable {
    let sum = |v: &[f64], g: usize| -> f64 {
        v.iter()
            .zip(key)
            .filter(|(_, &k)| k == g)
            .map(|(x, _)| x)
            .sum()
    };
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    let mut rows = Vec::new();
    for g in 0..groups {
        let oo = sum(&o.offered, g);
        let so = sum(&s.offered, g);
        if oo <= 0.0 || so <= 0.0 {
            continue;
        }
        rows.push(FitRow {
            label: label(g),
            observed_offered: oo,
            simulated_offered: so,
            observed_abandon_rate: sum(&o.abandoned, g) / oo,
            simulated_abandon_rate: sum(&s.abandoned, g) / so,
            observed_asa_s: ratio(sum(&o.wait_answered_s, g), sum(&o.answered, g)),
            simulated_asa_s: ratio(sum(&s.wait_answered_s, g), sum(&s.answered, g)),
        });
    }
    let ab_o: Vec<f64> = rows.iter().map(|r| r.observed_abandon_rate).collect();
    let ab_s: Vec<f64> = rows.iter().map(|r| r.simulated_abandon_rate).collect();
    let (asa_o, asa_s): (Vec<f64>, Vec<f64>) = rows
        .iter()
        .filter_map(|r| Some((r.observed_asa_s?, r.simulated_asa_s?)))
        .unzip();
    FitTable {
        abandon_correlation: correlation(&ab_o, &ab_s),
        abandon_rmse: rmse(&ab_o, &ab_s),
        asa_correlation: correlation(&asa_o, &asa_s),
        asa_rmse_s: rmse(&asa_o, &asa_s),
        rows,
    }
}
