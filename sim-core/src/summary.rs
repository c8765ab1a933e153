//! The merged summary of many replications.
//!
//! Merging is associative and order-free, so CLI threads, browser workers and separate machines
//! (shards) can each run a part and produce the identical result:
//! - scalar KPIs keep each replication's value keyed by replication index; statistics are computed
//!   from the values in index order;
//! - per-interval KPIs are summed in exact fixed-point integers (1e-6 units), which add the same in
//!   any order.

use crate::kpi::{self, ReplicationKpis};
use crate::model::Model;
use crate::tally::ReplicationTally;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const QUANTUM: f64 = 1e6;

/// Exact running sums of one KPI across replications (NaN values skipped).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExactAcc {
    pub n: u32,
    #[serde(with = "i128_str")]
    pub sum: i128,
    #[serde(with = "i128_str")]
    pub sumsq: i128,
}

impl ExactAcc {
    fn push(&mut self, v: f64) {
        if !v.is_finite() {
            return;
        }
        let q = (v * QUANTUM).round().clamp(-1e18, 1e18) as i128;
        self.n += 1;
        self.sum = self.sum.saturating_add(q);
        self.sumsq = self.sumsq.saturating_add(q.saturating_mul(q));
    }

    fn merge(&mut self, o: &ExactAcc) {
        self.n += o.n;
        self.sum = self.sum.saturating_add(o.sum);
        self.sumsq = self.sumsq.saturating_add(o.sumsq);
    }

    /// (mean, sample standard deviation)
    pub fn mean_sd(&self) -> (f64, f64) {
        if self.n == 0 {
            return (f64::NAN, f64::NAN);
        }
        let n = self.n as f64;
        let mean = self.sum as f64 / QUANTUM / n;
        if self.n < 2 {
            return (mean, f64::NAN);
        }
        // exact integer variance numerator: n·Σq² − (Σq)²
        let num = (self.n as i128)
            .saturating_mul(self.sumsq)
            .saturating_sub(self.sum.saturating_mul(self.sum));
        let var = (num.max(0) as f64) / (n * (n - 1.0)) / (QUANTUM * QUANTUM);
        (mean, libm::sqrt(var))
    }
}

/// A (partial or complete) summary of replications of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub scenario: String,
    pub seed: u64,
    pub type_ids: Vec<String>,
    pub group_ids: Vec<String>,
    pub interval_s: f64,
    pub n_intervals: usize,
    /// Scalar KPIs of every replication, by replication index.
    pub replications: BTreeMap<u32, ReplicationKpis>,
    /// `[interval][series][kpi]`, series 0 = all types, then each type in order.
    pub intervals: Vec<Vec<Vec<ExactAcc>>>,
    /// Set when a run was interrupted before all requested replications finished.
    #[serde(default)]
    pub partial: bool,
    /// Replications requested (may exceed `replications.len()` when partial or sharded).
    #[serde(default)]
    pub requested: u32,
}

impl Summary {
    /// An empty summary for a model and base seed.
    pub fn new(model: &Model, seed: u64) -> Summary {
        let nt = model.types.len();
        Summary {
            scenario: model.name.clone(),
            seed,
            type_ids: model.types.iter().map(|t| t.id.clone()).collect(),
            group_ids: model.groups.iter().map(|g| g.id.clone()).collect(),
            interval_s: model.interval_s,
            n_intervals: model.n_intervals,
            replications: BTreeMap::new(),
            intervals: vec![
                vec![vec![ExactAcc::default(); kpi::IntervalKpis::LEN]; nt + 1];
                model.n_intervals
            ],
            partial: false,
            requested: 0,
        }
    }

    /// Adds one replication's results.
    pub fn add(&mut self, model: &Model, r: &ReplicationTally) {
        let (k, rows) = kpi::replication_kpis(model, r);
        for (acc_i, row_i) in self.intervals.iter_mut().zip(rows) {
            for (acc_s, row_s) in acc_i.iter_mut().zip(row_i) {
                for (acc, v) in acc_s.iter_mut().zip(row_s.values()) {
                    acc.push(v);
                }
            }
        }
        self.replications.insert(k.replication, k);
    }

    /// Merges another part (same scenario and seed) into this one.
    pub fn merge(&mut self, other: &Summary) -> Result<(), String> {
        if other.scenario != self.scenario
            || other.seed != self.seed
            || other.type_ids != self.type_ids
            || other.group_ids != self.group_ids
            || other.n_intervals != self.n_intervals
        {
            return Err(format!(
                "cannot merge summaries of different runs (\"{}\" seed {} vs \"{}\" seed {})",
                self.scenario, self.seed, other.scenario, other.seed
            ));
        }
        if let Some(dup) = other
            .replications
            .keys()
            .find(|k| self.replications.contains_key(k))
        {
            return Err(format!("replication {dup} appears in both parts"));
        }
        for (a, b) in self.intervals.iter_mut().zip(&other.intervals) {
            for (x, y) in a.iter_mut().zip(b) {
                for (p, q) in x.iter_mut().zip(y) {
                    p.merge(q);
                }
            }
        }
        self.replications
            .extend(other.replications.iter().map(|(k, v)| (*k, v.clone())));
        self.partial |= other.partial;
        self.requested = self.requested.max(other.requested);
        Ok(())
    }

    /// Number of replications in the summary.
    pub fn count(&self) -> usize {
        self.replications.len()
    }

    /// Values of one overall KPI, in replication order.
    pub fn overall_values(&self, idx: usize) -> Vec<f64> {
        self.replications
            .values()
            .map(|r| r.overall.values()[idx])
            .collect()
    }

    /// Values of one KPI of one contact type, in replication order.
    pub fn type_values(&self, t: usize, idx: usize) -> Vec<f64> {
        self.replications
            .values()
            .map(|r| r.by_type[t].values()[idx])
            .collect()
    }

    /// Values of one KPI (picked by field) of one contact type, in replication order.
    pub fn type_kpi(&self, t: usize, kpi: impl Fn(&kpi::ContactKpis) -> f64) -> Vec<f64> {
        self.replications
            .values()
            .map(|r| kpi(&r.by_type[t]))
            .collect()
    }

    /// Values of one KPI of one group, in replication order.
    pub fn group_values(&self, g: usize, idx: usize) -> Vec<f64> {
        self.replications
            .values()
            .map(|r| r.by_group[g].values()[idx])
            .collect()
    }

    /// Total events processed.
    pub fn events(&self) -> u64 {
        self.replications.values().map(|r| r.events).sum()
    }
}

/// Per-interval statistics of one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalStat {
    pub mean: Option<f64>,
    pub ci95: Option<[f64; 2]>,
}

impl IntervalStat {
    pub fn from_acc(a: &ExactAcc) -> IntervalStat {
        let (m, sd) = a.mean_sd();
        let d = describe_from_moments(m, sd, a.n as usize);
        IntervalStat {
            mean: d.0,
            ci95: d.1,
        }
    }
}

fn describe_from_moments(mean: f64, sd: f64, n: usize) -> (Option<f64>, Option<[f64; 2]>) {
    if !mean.is_finite() {
        return (None, None);
    }
    if n < 2 || !sd.is_finite() {
        return (Some(mean), None);
    }
    let h = crate::stats::t_quantile_975(n as f64 - 1.0) * sd / libm::sqrt(n as f64);
    (Some(mean), Some([mean - h, mean + h]))
}

mod i128_str {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
