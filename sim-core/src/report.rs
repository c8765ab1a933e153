//! The report: every KPI's statistics overall, by contact type, by group and by interval, plus
//! targets and how many replications missed them. This is the `--format json` document of the CLI
//! and what the web app shows.

use crate::kpi::{self, CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS};
use crate::model::Model;
use crate::stats::{describe, Describe};
use crate::summary::{IntervalStat, Summary};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// A list of named values serialised as a JSON object in list order.
#[derive(Debug, Clone, PartialEq)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Named<T> {
    pub fn get(&self, k: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeReport {
    pub channel: String,
    pub kpis: Named<Describe>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    pub agents: usize,
    pub kpis: Named<Describe>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalReport {
    pub interval: usize,
    /// Seconds from the start of the horizon.
    pub start_s: f64,
    /// "Mon 08:00" style label.
    pub label: String,
    pub kpis: Named<IntervalStat>,
    pub by_type: Named<Named<IntervalStat>>,
    /// Offered load in Erlangs from the forecast (all types).
    pub forecast_erlangs: f64,
}

/// A target and how often the replications missed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetReport {
    pub contact_type: String,
    pub kpi: String,
    /// "at least" or "at most".
    pub rule: String,
    pub target: f64,
    pub mean: Option<f64>,
    pub missed_replications: usize,
    pub missed_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub replications: usize,
    pub requested: u32,
    pub partial: bool,
    pub seed: u64,
    pub events: u64,
    /// Replications whose queue exploded past the in-system limit (see docs/kpis.md).
    pub overloaded_replications: usize,
    pub kpis: Named<Describe>,
    pub by_type: Named<TypeReport>,
    pub by_group: Named<GroupReport>,
    pub targets: Vec<TargetReport>,
    pub by_interval: Vec<IntervalReport>,
}

/// "Mon 08:30" for a time in seconds from the horizon start.
pub fn time_label(model: &Model, t: f64) -> String {
    const D: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let day = (t / 86_400.0) as usize;
    let sec = t - day as f64 * 86_400.0;
    let (h, m) = ((sec / 3600.0) as u32, ((sec % 3600.0) / 60.0) as u32);
    format!("{} {h:02}:{m:02}", D[(model.start_weekday + day) % 7])
}

impl Summary {
    /// The statistics of every KPI, ready to print or serialise.
    pub fn report(&self, model: &Model) -> Report {
        build(self, model)
    }
}

fn build(s: &Summary, model: &Model) -> Report {
    let overall_names = kpi::overall_names();
    let kpis = Named(
        overall_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), describe(&s.overall_values(i))))
            .collect(),
    );
    let by_type = Named(
        s.type_ids
            .iter()
            .enumerate()
            .map(|(t, id)| {
                let k = CONTACT_KPIS
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (n.to_string(), describe(&s.type_values(t, i))))
                    .collect();
                let channel = model.types.get(t).map_or("voice", |x| x.channel.name());
                (
                    id.clone(),
                    TypeReport {
                        channel: channel.into(),
                        kpis: Named(k),
                    },
                )
            })
            .collect(),
    );
    let by_group = Named(
        s.group_ids
            .iter()
            .enumerate()
            .map(|(g, id)| {
                let k = GROUP_KPIS
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (n.to_string(), describe(&s.group_values(g, i))))
                    .collect();
                let agents = model.groups.get(g).map_or(0, |x| x.agents.len());
                (
                    id.clone(),
                    GroupReport {
                        agents,
                        kpis: Named(k),
                    },
                )
            })
            .collect(),
    );
    let mut targets = Vec::new();
    for (t, ct) in model.types.iter().enumerate() {
        let sl = kpi::index_of(CONTACT_KPIS, "service_level").expect("kpi");
        let ab = kpi::index_of(CONTACT_KPIS, "abandon_rate").expect("kpi");
        if let Some(target) = ct.sl_target {
            targets.push(target_report(
                s,
                t,
                &ct.id,
                "service_level",
                sl,
                target,
                true,
            ));
        }
        if let Some(target) = ct.max_abandon_rate {
            targets.push(target_report(
                s,
                t,
                &ct.id,
                "abandon_rate",
                ab,
                target,
                false,
            ));
        }
    }
    let load = model.offered_erlangs_per_interval();
    let by_interval = s
        .intervals
        .iter()
        .enumerate()
        .map(|(i, series)| {
            let named = |row: &Vec<crate::summary::ExactAcc>| {
                Named(
                    INTERVAL_KPIS
                        .iter()
                        .zip(row)
                        .map(|(n, a)| (n.to_string(), IntervalStat::from_acc(a)))
                        .collect(),
                )
            };
            IntervalReport {
                interval: i,
                start_s: i as f64 * s.interval_s,
                label: time_label(model, i as f64 * s.interval_s),
                kpis: named(&series[0]),
                by_type: Named(
                    s.type_ids
                        .iter()
                        .zip(&series[1..])
                        .map(|(id, row)| (id.clone(), named(row)))
                        .collect(),
                ),
                forecast_erlangs: load.get(i).copied().unwrap_or(0.0),
            }
        })
        .collect();
    Report {
        scenario: s.scenario.clone(),
        replications: s.count(),
        requested: s.requested.max(s.count() as u32),
        partial: s.partial,
        seed: s.seed,
        events: s.events(),
        overloaded_replications: s.replications.values().filter(|r| r.overloaded).count(),
        kpis,
        by_type,
        by_group,
        targets,
        by_interval,
    }
}

fn target_report(
    s: &Summary,
    t: usize,
    id: &str,
    kpi: &str,
    idx: usize,
    target: f64,
    at_least: bool,
) -> TargetReport {
    let v = s.type_values(t, idx);
    let missed = v
        .iter()
        .filter(|x| x.is_finite() && if at_least { **x < target } else { **x > target })
        .count();
    let d = describe(&v);
    TargetReport {
        contact_type: id.to_string(),
        kpi: kpi.to_string(),
        rule: if at_least { "at least" } else { "at most" }.into(),
        target,
        mean: d.mean,
        missed_replications: missed,
        missed_share: if d.n > 0 {
            missed as f64 / d.n as f64
        } else {
            0.0
        },
    }
}

/// One KPI compared between a baseline and a variant run with common random numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiDiff {
    /// "overall", a contact type id or a group id.
    pub scope: String,
    pub kpi: String,
    pub base: Option<f64>,
    pub variant: Option<f64>,
    /// Mean of the per-replication differences (variant − base) with its paired 95 % CI.
    pub diff: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Half-width of the CI two independent runs would give (for comparison).
    pub unpaired_half_width: Option<f64>,
    /// True when the paired CI excludes zero.
    pub significant: bool,
}

/// Paired comparison of two summaries over the replications they share.
pub fn compare(base: &Summary, variant: &Summary) -> Vec<KpiDiff> {
    let common: Vec<u32> = base
        .replications
        .keys()
        .filter(|k| variant.replications.contains_key(k))
        .copied()
        .collect();
    let mut out = Vec::new();
    let names = kpi::overall_names();
    for (i, n) in names.iter().enumerate() {
        let a: Vec<f64> = common
            .iter()
            .map(|k| base.replications[k].overall[i])
            .collect();
        let b: Vec<f64> = common
            .iter()
            .map(|k| variant.replications[k].overall[i])
            .collect();
        out.push(diff_of("overall", n, &a, &b));
    }
    // per-type and per-group pairs (types/groups matched by id)
    for (t, id) in base.type_ids.iter().enumerate() {
        let Some(tv) = variant.type_ids.iter().position(|x| x == id) else {
            continue;
        };
        for (i, n) in CONTACT_KPIS.iter().enumerate() {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for k in &common {
                a.push(base.replications[k].by_type[t][i]);
                b.push(variant.replications[k].by_type[tv][i]);
            }
            out.push(diff_of(id, n, &a, &b));
        }
    }
    for (g, id) in base.group_ids.iter().enumerate() {
        let Some(gv) = variant.group_ids.iter().position(|x| x == id) else {
            continue;
        };
        for (i, n) in GROUP_KPIS.iter().enumerate() {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for k in &common {
                a.push(base.replications[k].by_group[g][i]);
                b.push(variant.replications[k].by_group[gv][i]);
            }
            out.push(diff_of(id, n, &a, &b));
        }
    }
    out
}

fn diff_of(scope: &str, kpi: &str, a: &[f64], b: &[f64]) -> KpiDiff {
    let d: Vec<f64> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(x, y)| y - x)
        .collect();
    let (da, db, dd) = (describe(a), describe(b), describe(&d));
    let unpaired = match (da.sd, db.sd) {
        (Some(sa), Some(sb)) => {
            let n = a.len() as f64;
            Some(crate::stats::t_quantile_975(n - 1.0) * libm::sqrt((sa * sa + sb * sb) / n))
        }
        _ => None,
    };
    KpiDiff {
        scope: scope.into(),
        kpi: kpi.into(),
        base: da.mean,
        variant: db.mean,
        diff: dd.mean,
        ci95: dd.ci95,
        unpaired_half_width: unpaired,
        significant: dd.ci95.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0),
    }
}
