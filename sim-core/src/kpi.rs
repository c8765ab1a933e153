//! KPI formulas: from a replication's raw tallies to the numbers planners read.
//! Every formula is listed in `docs/kpis.md`; undefined values (e.g. ASA with nothing answered)
//! are NaN and are left out of averages across replications.

use crate::model::Model;
use crate::tally::{ContactTally, GroupTally, ReplicationTally, WaitHistogram};

/// KPIs of contacts (overall, per contact type, per interval).
pub const CONTACT_KPIS: &[&str] = &[
    "arrivals",
    "deflected",
    "offered",
    "answered",
    "handled",
    "abandoned",
    "abandon_rate",
    "short_abandoned",
    "blocked",
    "callbacks",
    "service_level",
    "service_level_excl_short",
    "service_level_of_answered",
    "asa_s",
    "avg_wait_s",
    "p90_wait_s",
    "p95_wait_s",
    "max_wait_s",
    "aht_s",
    "queue_mean",
    "queue_max",
    "in_system_end",
    "retries",
    "unique_customers",
    "repeats",
    "transfers_in",
    "ivr_ports_mean",
    "ivr_ports_max",
    "ivr_blocked",
    "in_self_service_end",
];

/// KPIs of agent time (per group, and the agent part of the overall KPIs).
pub const GROUP_KPIS: &[&str] = &[
    "occupancy",
    "utilisation",
    "agents_scheduled",
    "agents_staffed",
    "shrinkage",
    "paid_hours",
    "overtime_hours",
    "shifts",
    "absent_shifts",
    "breaks_late",
    "group_handled",
    "cost",
];

/// KPIs reported per interval (all contact types together, and per type).
pub const INTERVAL_KPIS: &[&str] = &[
    "offered",
    "answered",
    "handled",
    "abandoned",
    "abandon_rate",
    "service_level",
    "asa_s",
    "aht_s",
    "queue_mean",
    "agents_scheduled",
    "agents_staffed",
    "occupancy",
];

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// Contact KPIs of a tally; `duration_s` is the measured time span (for time averages).
pub fn contact_kpis(c: &ContactTally, hist: Option<&WaitHistogram>, duration_s: f64) -> Vec<f64> {
    let q = |p: f64| hist.map_or(f64::NAN, |h| h.quantile(p));
    vec![
        c.arrivals,
        c.deflected,
        c.offered,
        c.answered,
        c.handled,
        c.abandoned,
        ratio(c.abandoned, c.offered),
        c.short_abandoned,
        c.blocked,
        c.callbacks,
        ratio(c.answered_in_threshold, c.offered),
        ratio(c.answered_in_threshold, c.offered - c.short_abandoned),
        ratio(c.answered_in_threshold, c.answered),
        ratio(c.wait_answered_sum, c.answered),
        ratio(
            c.wait_answered_sum + c.wait_abandoned_sum,
            c.answered + c.abandoned,
        ),
        q(0.90),
        q(0.95),
        if c.answered > 0.0 {
            c.max_wait
        } else {
            f64::NAN
        },
        ratio(c.handle_sum, c.handled),
        ratio(c.queue_area, duration_s),
        c.queue_max,
        c.in_system_end,
        c.retries,
        c.offered - c.retries,
        c.repeats,
        c.transfers_in,
        ratio(c.ivr_area, duration_s),
        c.ivr_max,
        c.ivr_blocked,
        c.in_self_service_end,
    ]
}

/// Agent KPIs of a group tally over `duration_s`; `cost_per_hour` and `overtime_factor` for cost.
pub fn group_kpis(
    g: &GroupTally,
    duration_s: f64,
    cost_per_hour: f64,
    overtime_factor: f64,
) -> Vec<f64> {
    let paid_h = g.paid_s / 3600.0;
    let ot_h = g.overtime_s / 3600.0;
    vec![
        ratio(g.busy_s, g.staffed_s),
        ratio(g.busy_s, g.paid_s + g.overtime_s),
        ratio(g.paid_s, duration_s),
        ratio(g.staffed_s, duration_s),
        ratio(g.break_s + g.off_phone_s + g.absent_s, g.paid_s),
        paid_h,
        ot_h,
        g.shifts,
        g.absent_shifts,
        g.breaks_late,
        g.handled,
        paid_h * cost_per_hour + ot_h * cost_per_hour * overtime_factor,
    ]
}

/// All scalar KPIs of one replication.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReplicationKpis {
    pub replication: u32,
    /// `CONTACT_KPIS` then `GROUP_KPIS`, all types and groups together.
    #[serde(with = "crate::nan_serde::nan_vec")]
    pub overall: Vec<f64>,
    /// Per contact type: `CONTACT_KPIS`.
    #[serde(with = "crate::nan_serde::nan_vecs")]
    pub by_type: Vec<Vec<f64>>,
    /// Per group: `GROUP_KPIS`.
    #[serde(with = "crate::nan_serde::nan_vecs")]
    pub by_group: Vec<Vec<f64>>,
    pub events: u64,
    /// The center exceeded its in-system limit (queue exploded); arrivals after were refused.
    #[serde(default)]
    pub overloaded: bool,
}

/// Names of the overall KPIs (`CONTACT_KPIS` followed by `GROUP_KPIS`).
pub fn overall_names() -> Vec<&'static str> {
    CONTACT_KPIS.iter().chain(GROUP_KPIS).copied().collect()
}

/// Turns a replication's tallies into scalar KPIs and per-interval KPI rows.
pub fn replication_kpis(
    model: &Model,
    r: &ReplicationTally,
) -> (ReplicationKpis, Vec<Vec<Vec<f64>>>) {
    let duration = model.horizon_s - model.warmup_s;
    let mut all = ContactTally::default();
    let mut hist = WaitHistogram::default();
    let by_type: Vec<Vec<f64>> = r
        .by_type
        .iter()
        .zip(&r.wait_hist)
        .map(|(c, h)| {
            all.add(c);
            hist.add(h);
            contact_kpis(c, Some(h), duration)
        })
        .collect();
    let mut gall = GroupTally::default();
    let mut cost = 0.0;
    let by_group: Vec<Vec<f64>> = r
        .by_group
        .iter()
        .zip(&model.groups)
        .map(|(g, mg)| {
            gall.add(g);
            let k = group_kpis(g, duration, mg.cost_per_hour, model.overtime_factor);
            cost += k[GROUP_KPIS.len() - 1];
            k
        })
        .collect();
    let mut overall = contact_kpis(&all, Some(&hist), duration);
    let mut gk = group_kpis(&gall, duration, 0.0, 0.0);
    *gk.last_mut().expect("cost") = cost;
    overall.extend(gk);

    // intervals: row per interval, series 0 = all types, then each type
    let nt = model.types.len();
    let ng = model.groups.len();
    let mut intervals = Vec::with_capacity(model.n_intervals);
    for i in 0..model.n_intervals {
        let start = i as f64 * model.interval_s;
        let span =
            ((start + model.interval_s).min(model.horizon_s) - start.max(model.warmup_s)).max(0.0);
        let mut g = GroupTally::default();
        for x in &r.by_interval_group[i * ng..(i + 1) * ng] {
            g.add(x);
        }
        let agents = [
            ratio(g.paid_s, span),
            ratio(g.staffed_s, span),
            ratio(g.busy_s, g.staffed_s),
        ];
        let mut tot = ContactTally::default();
        let mut rows = Vec::with_capacity(nt + 1);
        rows.push(Vec::new());
        for c in &r.by_interval_type[i * nt..(i + 1) * nt] {
            tot.add(c);
            rows.push(interval_row(c, span, &agents));
        }
        rows[0] = interval_row(&tot, span, &agents);
        intervals.push(rows);
    }
    (
        ReplicationKpis {
            replication: r.replication,
            overall,
            by_type,
            by_group,
            events: r.events,
            overloaded: r.overloaded_at.is_some(),
        },
        intervals,
    )
}

fn interval_row(c: &ContactTally, span: f64, agents: &[f64; 3]) -> Vec<f64> {
    vec![
        c.offered,
        c.answered,
        c.handled,
        c.abandoned,
        ratio(c.abandoned, c.offered),
        ratio(c.answered_in_threshold, c.offered),
        ratio(c.wait_answered_sum, c.answered),
        ratio(c.handle_sum, c.handled),
        ratio(c.queue_area, span),
        agents[0],
        agents[1],
        agents[2],
    ]
}

/// Service level of each day of one replication, all contact types together: answered within
/// the threshold / offered, over the contacts that arrived that day (the `service_level` KPI of
/// the day's summed interval tallies). `None` for a day with nothing offered (e.g. the warm-up
/// day, whose contacts are not counted). Days are whole days of the horizon.
pub fn daily_service_level(model: &Model, r: &ReplicationTally) -> Vec<Option<f64>> {
    let nt = model.types.len();
    let ipd = model.intervals_per_day.max(1);
    let days = model.n_intervals / ipd;
    (0..days)
        .map(|d| {
            let lo = (d * ipd * nt).min(r.by_interval_type.len());
            let hi = ((d + 1) * ipd * nt).min(r.by_interval_type.len());
            let mut day = ContactTally::default();
            for x in &r.by_interval_type[lo..hi] {
                day.add(x);
            }
            let sl = ratio(day.answered_in_threshold, day.offered);
            sl.is_finite().then_some(sl)
        })
        .collect()
}

/// Index of a KPI name in a list (panics only on a programming error in a constant name).
pub fn index_of(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| *n == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{run_replication, Format};

    /// Each day's service level is that day's answered-in-threshold over offered, and the days
    /// weighted by their offered contacts give back the whole-horizon service level.
    #[test]
    fn daily_service_level_adds_up_to_the_horizon_value() {
        let text = r#"
version = 1
name = "three days"
days = 3
warmup_minutes = 1440
[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 100 }
handle_time = { dist = "exponential", mean = 300 }
patience = { dist = "exponential", mean = 120 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = { constant = 9 }
"#;
        let model = Model::from_text(text, Format::Toml).expect("valid");
        let r = run_replication(&model, 7, 0);
        let daily = daily_service_level(&model, &r);
        assert_eq!(daily.len(), 3);
        assert_eq!(daily[0], None, "the warm-up day counts nothing");
        let ipd = model.intervals_per_day;
        let mut weighted = 0.0;
        for (d, sl) in daily.iter().enumerate().skip(1) {
            let offered: f64 = r.by_interval_type[d * ipd..(d + 1) * ipd]
                .iter()
                .map(|c| c.offered)
                .sum();
            let sl = sl.expect("offered contacts on a measured day");
            assert!((0.3..1.0).contains(&sl), "day {d}: {sl}");
            weighted += sl * offered;
        }
        let all = &r.by_type[0];
        let overall = all.answered_in_threshold / all.offered;
        assert!((weighted / all.offered - overall).abs() < 1e-12);
    }
}
