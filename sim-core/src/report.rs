//! The report: every KPI's statistics overall, by contact type, by group and by interval, plus
//! targets and how many replications missed them. This is the `--format json` document of the CLI
//! and what the web app shows.

use crate::kpi::{ContactKpis, KpiDef, OverallKpis, CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS};
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

/// What a row of KPIs is about: the whole center, one contact type or one agent group.
/// Serialised as "overall", "type" or "group", next to the `id` of the type or group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// All contact types and agent groups together (`id` is empty).
    Overall,
    /// One contact type.
    Type,
    /// One agent group.
    Group,
}

impl Scope {
    /// "overall", "type" or "group".
    pub fn name(self) -> &'static str {
        match self {
            Scope::Overall => "overall",
            Scope::Type => "type",
            Scope::Group => "group",
        }
    }
}

/// How a target is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TargetRule {
    /// The KPI must be at least the target (service level).
    #[serde(rename = "at least")]
    AtLeast,
    /// The KPI must be at most the target (abandonment).
    #[serde(rename = "at most")]
    AtMost,
}

impl TargetRule {
    /// Whether `value` meets `target` under this rule.
    pub fn met_by(self, value: f64, target: f64) -> bool {
        match self {
            TargetRule::AtLeast => value >= target,
            TargetRule::AtMost => value <= target,
        }
    }

    /// ">=" or "<=".
    pub fn symbol(self) -> &'static str {
        match self {
            TargetRule::AtLeast => ">=",
            TargetRule::AtMost => "<=",
        }
    }
}

/// A target and how often the replications missed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetReport {
    /// Targets are set per contact type today: always [`Scope::Type`].
    pub scope: Scope,
    /// The contact type (or group) id.
    pub id: String,
    pub kpi: String,
    pub rule: TargetRule,
    pub target: f64,
    pub mean: Option<f64>,
    /// Whether the mean meets the target; `None` when the mean is undefined.
    pub met: Option<bool>,
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
    let kpis = Named(
        OverallKpis::defs()
            .enumerate()
            .map(|(i, d)| (d.id.to_string(), describe(&s.overall_values(i))))
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
                    .map(|(i, d)| (d.id.to_string(), describe(&s.type_values(t, i))))
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
                    .map(|(i, d)| (d.id.to_string(), describe(&s.group_values(g, i))))
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
    let def = ContactKpis::DEF;
    let mut targets = Vec::new();
    for (t, ct) in model.types.iter().enumerate() {
        if let Some(target) = ct.sl_target {
            let v = s.type_kpi(t, |k| k.service_level);
            targets.push(target_report(
                &ct.id,
                &def.service_level,
                &v,
                target,
                TargetRule::AtLeast,
            ));
        }
        if let Some(target) = ct.max_abandon_rate {
            let v = s.type_kpi(t, |k| k.abandon_rate);
            targets.push(target_report(
                &ct.id,
                &def.abandon_rate,
                &v,
                target,
                TargetRule::AtMost,
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
                        .map(|(d, a)| (d.id.to_string(), IntervalStat::from_acc(a)))
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

/// A target of contact type `id` on KPI `def`, over the replications' `values` of that KPI.
fn target_report(
    id: &str,
    def: &KpiDef,
    values: &[f64],
    target: f64,
    rule: TargetRule,
) -> TargetReport {
    let missed = values
        .iter()
        .filter(|x| x.is_finite() && !rule.met_by(**x, target))
        .count();
    let d = describe(values);
    TargetReport {
        scope: Scope::Type,
        id: id.to_string(),
        kpi: def.id.to_string(),
        rule,
        target,
        mean: d.mean,
        met: d.mean.map(|m| rule.met_by(m, target)),
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
    /// The whole center, a contact type or an agent group: a type and a group may share an id.
    pub scope: Scope,
    /// The type or group id (empty for [`Scope::Overall`]).
    pub id: String,
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
    for (i, d) in OverallKpis::defs().enumerate() {
        let a: Vec<f64> = common
            .iter()
            .map(|k| base.replications[k].overall.values()[i])
            .collect();
        let b: Vec<f64> = common
            .iter()
            .map(|k| variant.replications[k].overall.values()[i])
            .collect();
        out.push(diff_of(Scope::Overall, "", d, &a, &b));
    }
    // per-type and per-group pairs (types/groups matched by id)
    for (t, id) in base.type_ids.iter().enumerate() {
        let Some(tv) = variant.type_ids.iter().position(|x| x == id) else {
            continue;
        };
        for (i, d) in CONTACT_KPIS.iter().enumerate() {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for k in &common {
                a.push(base.replications[k].by_type[t].values()[i]);
                b.push(variant.replications[k].by_type[tv].values()[i]);
            }
            out.push(diff_of(Scope::Type, id, d, &a, &b));
        }
    }
    for (g, id) in base.group_ids.iter().enumerate() {
        let Some(gv) = variant.group_ids.iter().position(|x| x == id) else {
            continue;
        };
        for (i, d) in GROUP_KPIS.iter().enumerate() {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for k in &common {
                a.push(base.replications[k].by_group[g].values()[i]);
                b.push(variant.replications[k].by_group[gv].values()[i]);
            }
            out.push(diff_of(Scope::Group, id, d, &a, &b));
        }
    }
    out
}

fn diff_of(scope: Scope, id: &str, kpi: &KpiDef, a: &[f64], b: &[f64]) -> KpiDiff {
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
        scope,
        id: id.into(),
        kpi: kpi.id.into(),
        base: da.mean,
        variant: db.mean,
        diff: dd.mean,
        ci95: dd.ci95,
        unpaired_half_width: unpaired,
        significant: dd.ci95.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0),
    }
}
