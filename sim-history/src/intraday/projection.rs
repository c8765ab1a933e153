//! The projected day (`docs/intraday.md`, "The projected day", KPI formulas in docs/kpis.md
//! "Intraday"): replications of the rest of the day from the state, reduced per replication to
//! the counts the report needs ([`run_today`]), then merged into KPIs with 95 % intervals and
//! per-interval bands ([`TodayReport`]), and what-ifs against the baseline as paired differences
//! ([`TodayDelta`]).

use super::today::Today;
use serde::{Deserialize, Serialize};
use sim_core::intraday::run_from_state;
use sim_core::stats::{percentile, t_quantile_975};

/// Contact counts of one type (a day or an interval).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub offered: f64,
    pub answered: f64,
    pub answered_in_sl: f64,
    pub abandoned: f64,
    pub wait_answered_sum: f64,
}

/// One replication of the rest of the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayRep {
    /// Per type: every contact whose outcome is decided after the clock (waiting at the clock
    /// or arriving later).
    pub types: Vec<Counts>,
    /// Per type × interval of the day (type-major), by arrival interval.
    pub intervals: Vec<Counts>,
    /// Per group: busy seconds, staffed (available + busy) seconds, from the clock.
    pub busy_s: Vec<f64>,
    pub staffed_s: Vec<f64>,
    /// Cost of paid and overtime hours from the clock.
    pub cost: f64,
}

/// Replication `rep` of the rest of the day (deterministic in `seed`, `rep`).
pub fn run_today(today: &Today, seed: u64, rep: u32) -> TodayRep {
    let m = &today.model;
    let t = run_from_state(m, &today.plan, seed, rep);
    let nt = m.types.len();
    let ng = m.groups.len();
    let ipd = today.intervals;
    let first = today.day_first_interval;
    let counts = |c: &sim_core::tally::ContactTally| Counts {
        offered: c.offered,
        answered: c.answered,
        answered_in_sl: c.answered_in_threshold,
        abandoned: c.abandoned,
        wait_answered_sum: c.wait_answered_sum,
    };
    let mut intervals = vec![Counts::default(); nt * ipd];
    let mut types = vec![Counts::default(); nt];
    for i in 0..m.n_intervals {
        for ty in 0..nt {
            let c = counts(&t.by_interval_type[i * nt + ty]);
            let day_i = i.saturating_sub(first).min(ipd - 1);
            add(&mut intervals[ty * ipd + day_i], &c);
            add(&mut types[ty], &c);
        }
    }
    let mut cost = 0.0;
    let (mut busy_s, mut staffed_s) = (vec![0.0; ng], vec![0.0; ng]);
    for (g, x) in t.by_group.iter().enumerate() {
        busy_s[g] = x.busy_s;
        staffed_s[g] = x.staffed_s;
        let c = m.groups[g].cost_per_hour;
        cost += (x.paid_s + x.overtime_s * m.overtime_factor) / 3600.0 * c;
    }
    TodayRep {
        types,
        intervals,
        busy_s,
        staffed_s,
        cost,
    }
}

fn add(a: &mut Counts, b: &Counts) {
    a.offered += b.offered;
    a.answered += b.answered;
    a.answered_in_sl += b.answered_in_sl;
    a.abandoned += b.abandoned;
    a.wait_answered_sum += b.wait_answered_sum;
}

/// A KPI over replications: mean and the half-width of its 95 % confidence interval
/// (Student t over replications; `NaN` where undefined in every replication).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: f64,
    pub ci95_half_width: f64,
    /// Replications where the KPI is defined.
    pub n: usize,
}

impl Estimate {
    /// From per-replication values; `NaN` values (undefined, e.g. no contact offered) are left out.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Estimate {
        let v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
        let n = v.len();
        if n == 0 {
            return Estimate {
                mean: f64::NAN,
                ci95_half_width: f64::NAN,
                n,
            };
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        let hw = if n > 1 {
            let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            t_quantile_975((n - 1) as f64) * (var / n as f64).sqrt()
        } else {
            f64::NAN
        };
        Estimate {
            mean,
            ci95_half_width: hw,
            n,
        }
    }
}

/// Service level, abandonment, ASA and offered contacts of one type over some span.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TypeKpis {
    pub offered: Estimate,
    pub service_level: Estimate,
    pub abandon_rate: Estimate,
    pub asa_s: Estimate,
}

/// One interval of the day for one type: the actual part, or the projection with its band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IntervalRow {
    /// Interval of the day (0 = midnight).
    pub interval: usize,
    /// True for finished intervals (actuals).
    pub actual: bool,
    pub offered_mean: f64,
    /// 5th and 95th percentiles over replications (the actual value twice for actuals).
    pub offered_p5: f64,
    pub offered_p95: f64,
    pub service_level_mean: f64,
    pub service_level_p5: f64,
    pub service_level_p95: f64,
    pub abandon_rate_mean: f64,
    /// The original forecast and the re-forecast of offered contacts.
    pub forecast: f64,
    pub reforecast: f64,
}

/// One type's part of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeReport {
    pub id: String,
    /// Contacts whose outcome is decided after the clock.
    pub rest_of_day: TypeKpis,
    /// Actuals so far combined with the projection (`None` without actuals; a KPI is `NaN`
    /// when the actuals lack the column it needs).
    pub whole_day: Option<TypeKpis>,
    pub intervals: Vec<IntervalRow>,
    /// Contacts waiting at the clock (carried into the projection).
    pub carried: usize,
}

/// One group's occupancy from the clock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    pub id: String,
    pub occupancy: Estimate,
}

/// The projected day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TodayReport {
    pub clock: String,
    pub method: String,
    pub whatif: String,
    pub replications: usize,
    pub finished_intervals: usize,
    pub interval_minutes: f64,
    pub types: Vec<TypeReport>,
    pub groups: Vec<GroupReport>,
    pub cost: Estimate,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// Whole-day counts of one replication: actuals so far (less the contacts waiting at the clock,
/// which the projection counts) plus the projection.
fn whole_day(today: &Today, t: usize, p: &Counts) -> [f64; 4] {
    let acts = &today.types[t].actuals;
    let carried = today.plan.waiting_per_type(today.types.len())[t] as f64;
    let sum = |f: fn(&super::today::IntervalActual) -> f64| acts.iter().map(f).sum::<f64>();
    let offered = sum(|a| a.offered) - carried + p.offered;
    let handled = sum(|a| a.handled);
    let in_sl = sum(|a| a.answered_in_sl) + p.answered_in_sl;
    let abandoned = sum(|a| a.abandoned) + p.abandoned;
    let wait = acts
        .iter()
        .map(|a| {
            if a.handled > 0.0 {
                a.asa_s * a.handled
            } else {
                0.0
            }
        })
        .sum::<f64>()
        + p.wait_answered_sum;
    [
        offered,
        ratio(in_sl, offered),
        ratio(abandoned, offered),
        ratio(wait, handled + p.answered),
    ]
}

impl TodayReport {
    /// Merges replications (in replication order) into the report.
    pub fn new(today: &Today, clock: &str, reps: &[TodayRep]) -> TodayReport {
        let nt = today.types.len();
        let ipd = today.intervals;
        let mut types = Vec::with_capacity(nt);
        let carried = today.plan.waiting_per_type(nt);
        for (t, day) in today.types.iter().enumerate() {
            let kpis = |f: &dyn Fn(&TodayRep) -> [f64; 4]| {
                let rows: Vec<[f64; 4]> = reps.iter().map(f).collect();
                let col = |k: usize| Estimate::of(rows.iter().map(|r| r[k]));
                TypeKpis {
                    offered: col(0),
                    service_level: col(1),
                    abandon_rate: col(2),
                    asa_s: col(3),
                }
            };
            let rest = kpis(&|r: &TodayRep| {
                let c = &r.types[t];
                [
                    c.offered,
                    ratio(c.answered_in_sl, c.offered),
                    ratio(c.abandoned, c.offered),
                    ratio(c.wait_answered_sum, c.answered),
                ]
            });
            let whole = (!day.actuals.is_empty() || today.finished == 0)
                .then(|| kpis(&|r: &TodayRep| whole_day(today, t, &r.types[t])));
            let mut intervals = Vec::with_capacity(ipd);
            for i in 0..ipd {
                let forecast = day.forecast[i];
                let reforecast = day.reforecast[i];
                if i < day.actuals.len() {
                    let a = &day.actuals[i];
                    let sl = ratio(a.answered_in_sl, a.offered);
                    intervals.push(IntervalRow {
                        interval: i,
                        actual: true,
                        offered_mean: a.offered,
                        offered_p5: a.offered,
                        offered_p95: a.offered,
                        service_level_mean: sl,
                        service_level_p5: sl,
                        service_level_p95: sl,
                        abandon_rate_mean: ratio(a.abandoned, a.offered),
                        forecast,
                        reforecast,
                    });
                    continue;
                }
                let cells: Vec<&Counts> = reps.iter().map(|r| &r.intervals[t * ipd + i]).collect();
                let mut off: Vec<f64> = cells.iter().map(|c| c.offered).collect();
                let mut sl: Vec<f64> = cells
                    .iter()
                    .map(|c| ratio(c.answered_in_sl, c.offered))
                    .filter(|x| x.is_finite())
                    .collect();
                off.sort_by(f64::total_cmp);
                sl.sort_by(f64::total_cmp);
                let band = |v: &[f64], p: f64| {
                    if v.is_empty() {
                        f64::NAN
                    } else {
                        percentile(v, p)
                    }
                };
                let total: Counts = cells.iter().fold(Counts::default(), |mut a, c| {
                    add(&mut a, c);
                    a
                });
                intervals.push(IntervalRow {
                    interval: i,
                    actual: false,
                    offered_mean: total.offered / reps.len().max(1) as f64,
                    offered_p5: band(&off, 0.05),
                    offered_p95: band(&off, 0.95),
                    service_level_mean: ratio(total.answered_in_sl, total.offered),
                    service_level_p5: band(&sl, 0.05),
                    service_level_p95: band(&sl, 0.95),
                    abandon_rate_mean: ratio(total.abandoned, total.offered),
                    forecast,
                    reforecast,
                });
            }
            types.push(TypeReport {
                id: day.id.clone(),
                rest_of_day: rest,
                whole_day: whole,
                intervals,
                carried: carried[t],
            });
        }
        let groups = today
            .model
            .groups
            .iter()
            .enumerate()
            .map(|(g, grp)| GroupReport {
                id: grp.id.clone(),
                occupancy: Estimate::of(reps.iter().map(|r| ratio(r.busy_s[g], r.staffed_s[g]))),
            })
            .collect();
        TodayReport {
            clock: clock.to_string(),
            method: today.method.clone(),
            whatif: today.whatif.clone(),
            replications: reps.len(),
            finished_intervals: today.finished,
            interval_minutes: today.model.interval_s / 60.0,
            types,
            groups,
            cost: Estimate::of(reps.iter().map(|r| r.cost)),
        }
    }
}

/// A what-if against the baseline: per type the paired difference (variant − baseline) of the
/// whole-day (or, without actuals, rest-of-day) service level, abandonment and ASA, and of the
/// cost, with 95 % intervals over replications run with the same seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TodayDelta {
    pub whatif: String,
    pub types: Vec<(String, TypeKpis)>,
    pub cost: Estimate,
}

impl TodayDelta {
    pub fn new(
        base: &Today,
        base_reps: &[TodayRep],
        var: &Today,
        var_reps: &[TodayRep],
    ) -> TodayDelta {
        let kpi = |today: &Today, r: &TodayRep, t: usize| -> [f64; 4] {
            if today.types[t].actuals.is_empty() {
                let c = &r.types[t];
                [
                    c.offered,
                    ratio(c.answered_in_sl, c.offered),
                    ratio(c.abandoned, c.offered),
                    ratio(c.wait_answered_sum, c.answered),
                ]
            } else {
                whole_day(today, t, &r.types[t])
            }
        };
        let types = base
            .types
            .iter()
            .enumerate()
            .map(|(t, ty)| {
                let d: Vec<[f64; 4]> = base_reps
                    .iter()
                    .zip(var_reps)
                    .map(|(a, b)| {
                        let (x, y) = (kpi(base, a, t), kpi(var, b, t));
                        [y[0] - x[0], y[1] - x[1], y[2] - x[2], y[3] - x[3]]
                    })
                    .collect();
                let col = |k: usize| Estimate::of(d.iter().map(|r| r[k]));
                (
                    ty.id.clone(),
                    TypeKpis {
                        offered: col(0),
                        service_level: col(1),
                        abandon_rate: col(2),
                        asa_s: col(3),
                    },
                )
            })
            .collect();
        TodayDelta {
            whatif: var.whatif.clone(),
            types,
            cost: Estimate::of(base_reps.iter().zip(var_reps).map(|(a, b)| b.cost - a.cost)),
        }
    }
}
