//! KPI formulas: from a replication's raw tallies to the numbers planners read.
//! Every formula is listed in `docs/kpis.md`; undefined values (e.g. ASA with nothing answered)
//! are NaN and are left out of averages across replications.

mod catalogue;
mod defs;
pub mod export;

#[doc(hidden)]
pub use catalogue::{deserialize_values, serialize_values};
pub use catalogue::{find_in, index_of, Direction, KpiDef, Show, Unit};
pub use defs::{ContactKpis, GroupKpis, IntervalKpis, CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS};

use crate::model::Model;
use crate::tally::{ContactTally, GroupTally, ReplicationTally, WaitHistogram};

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// Contact KPIs of a tally; `duration_s` is the measured time span (for time averages).
pub fn contact_kpis(
    c: &ContactTally,
    hist: Option<&WaitHistogram>,
    duration_s: f64,
) -> ContactKpis {
    let q = |p: f64| hist.map_or(f64::NAN, |h| h.quantile(p));
    ContactKpis {
        arrivals: c.arrivals,
        deflected: c.deflected,
        offered: c.offered,
        answered: c.answered,
        handled: c.handled,
        abandoned: c.abandoned,
        abandon_rate: ratio(c.abandoned, c.offered),
        short_abandoned: c.short_abandoned,
        blocked: c.blocked,
        callbacks: c.callbacks,
        service_level: ratio(c.answered_in_threshold, c.offered),
        service_level_excl_short: ratio(c.answered_in_threshold, c.offered - c.short_abandoned),
        service_level_of_answered: ratio(c.answered_in_threshold, c.answered),
        asa_s: ratio(c.wait_answered_sum, c.answered),
        avg_wait_s: ratio(
            c.wait_answered_sum + c.wait_abandoned_sum,
            c.answered + c.abandoned,
        ),
        p90_wait_s: q(0.90),
        p95_wait_s: q(0.95),
        max_wait_s: if c.answered > 0.0 {
            c.max_wait
        } else {
            f64::NAN
        },
        aht_s: ratio(c.handle_sum, c.handled),
        queue_mean: ratio(c.queue_area, duration_s),
        queue_max: c.queue_max,
        in_system_end: c.in_system_end,
        retries: c.retries,
        unique_customers: c.offered - c.retries,
        repeats: c.repeats,
        transfers_in: c.transfers_in,
        ivr_ports_mean: ratio(c.ivr_area, duration_s),
        ivr_ports_max: c.ivr_max,
        ivr_blocked: c.ivr_blocked,
        in_self_service_end: c.in_self_service_end,
    }
}

/// Agent KPIs of a group tally over `duration_s`; `cost_per_hour` and `overtime_factor` for cost.
pub fn group_kpis(
    g: &GroupTally,
    duration_s: f64,
    cost_per_hour: f64,
    overtime_factor: f64,
) -> GroupKpis {
    let paid_h = g.paid_s / 3600.0;
    let ot_h = g.overtime_s / 3600.0;
    GroupKpis {
        occupancy: ratio(g.busy_s, g.staffed_s),
        utilisation: ratio(g.busy_s, g.paid_s + g.overtime_s),
        agents_scheduled: ratio(g.paid_s, duration_s),
        agents_staffed: ratio(g.staffed_s, duration_s),
        shrinkage: ratio(g.break_s + g.off_phone_s + g.absent_s, g.paid_s),
        paid_hours: paid_h,
        overtime_hours: ot_h,
        shifts: g.shifts,
        absent_shifts: g.absent_shifts,
        breaks_late: g.breaks_late,
        group_handled: g.handled,
        cost: paid_h * cost_per_hour + ot_h * cost_per_hour * overtime_factor,
    }
}

/// The overall KPIs: contacts of all types together, then agents of all groups together.
/// Serialised as one array, `CONTACT_KPIS` followed by `GROUP_KPIS`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OverallKpis {
    pub contacts: ContactKpis,
    pub agents: GroupKpis,
}

impl OverallKpis {
    /// Number of overall KPIs.
    pub const LEN: usize = ContactKpis::LEN + GroupKpis::LEN;

    /// The definitions in order (`CONTACT_KPIS` then `GROUP_KPIS`).
    pub fn defs() -> impl Iterator<Item = &'static KpiDef> {
        CONTACT_KPIS.iter().chain(GROUP_KPIS)
    }

    /// The values in the order of [`OverallKpis::defs`].
    pub fn values(&self) -> Vec<f64> {
        let mut v = self.contacts.values().to_vec();
        v.extend(self.agents.values());
        v
    }
}

impl serde::Serialize for OverallKpis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_values(&self.values(), s)
    }
}

impl<'de> serde::Deserialize<'de> for OverallKpis {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = deserialize_values(d, Self::LEN, "overall KPIs")?;
        let (c, g) = v.split_at(ContactKpis::LEN);
        let bad = |_| <D::Error as serde::de::Error>::custom("KPI count");
        Ok(OverallKpis {
            contacts: ContactKpis::from_values(c.try_into().map_err(bad)?),
            agents: GroupKpis::from_values(g.try_into().map_err(bad)?),
        })
    }
}

/// All scalar KPIs of one replication.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReplicationKpis {
    pub replication: u32,
    /// All types and groups together.
    pub overall: OverallKpis,
    pub by_type: Vec<ContactKpis>,
    pub by_group: Vec<GroupKpis>,
    pub events: u64,
    /// The center exceeded its in-system limit (queue exploded); arrivals after were refused.
    #[serde(default)]
    pub overloaded: bool,
}

/// The definition of a KPI id (every id is a contact or a group KPI; interval KPIs reuse them).
pub fn def_of(id: &str) -> Option<&'static KpiDef> {
    OverallKpis::defs().find(|d| d.id == id)
}

/// Names of the overall KPIs (`CONTACT_KPIS` followed by `GROUP_KPIS`).
pub fn overall_names() -> Vec<&'static str> {
    OverallKpis::defs().map(|d| d.id).collect()
}

/// Turns a replication's tallies into scalar KPIs and per-interval KPI rows
/// (`[interval][series]`, series 0 = all types, then each type).
pub fn replication_kpis(
    model: &Model,
    r: &ReplicationTally,
) -> (ReplicationKpis, Vec<Vec<IntervalKpis>>) {
    let duration = model.horizon_s - model.warmup_s;
    let mut all = ContactTally::default();
    let mut hist = WaitHistogram::default();
    let by_type: Vec<ContactKpis> = r
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
    let by_group: Vec<GroupKpis> = r
        .by_group
        .iter()
        .zip(&model.groups)
        .map(|(g, mg)| {
            gall.add(g);
            let k = group_kpis(g, duration, mg.cost_per_hour, model.overtime_factor);
            cost += k.cost;
            k
        })
        .collect();
    let overall = OverallKpis {
        contacts: contact_kpis(&all, Some(&hist), duration),
        agents: GroupKpis {
            cost,
            ..group_kpis(&gall, duration, 0.0, 0.0)
        },
    };

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
        let mut tot = ContactTally::default();
        let mut rows = Vec::with_capacity(nt + 1);
        rows.push(IntervalKpis::undefined());
        for c in &r.by_interval_type[i * nt..(i + 1) * nt] {
            tot.add(c);
            rows.push(interval_kpis(c, &g, span));
        }
        rows[0] = interval_kpis(&tot, &g, span);
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

/// Interval KPIs of the contacts offered in an interval (`c`) and of all groups' agent time in it
/// (`g`), over the interval's measured `span` in seconds.
fn interval_kpis(c: &ContactTally, g: &GroupTally, span: f64) -> IntervalKpis {
    IntervalKpis {
        offered: c.offered,
        answered: c.answered,
        handled: c.handled,
        abandoned: c.abandoned,
        abandon_rate: ratio(c.abandoned, c.offered),
        service_level: ratio(c.answered_in_threshold, c.offered),
        asa_s: ratio(c.wait_answered_sum, c.answered),
        aht_s: ratio(c.handle_sum, c.handled),
        queue_mean: ratio(c.queue_area, span),
        agents_scheduled: ratio(g.paid_s, span),
        agents_staffed: ratio(g.staffed_s, span),
        occupancy: ratio(g.busy_s, g.staffed_s),
    }
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
