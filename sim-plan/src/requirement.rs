//! Offered load and the Erlang requirement per interval, per contact type, per agent group and
//! for the center. This is the one definition both front ends use (`docs/planning.md`):
//!
//! - **Arrivals offered to agents** of type *t* in interval *i*: λ = forecast rate × (1 − self-service
//!   deflection share), contacts per second.
//! - **Work per contact**: (mean handle time + mean wrap-up) × the interval's handle-time factor
//!   (`handle_time_factors`, 1 without) ÷ concurrency, in agent-seconds: the interval's own AHT (a
//!   chat agent holding *c* chats spends 1/c of an agent per chat).
//! - **Offered load** A = λ × work per contact, in Erlangs.
//! - **Type requirement**: the fewest agents meeting every target of the type on its own load:
//!   Erlang A (exponential patience with the type's mean patience) when callers abandon, Erlang C
//!   otherwise, for the service level; Erlang A for the abandonment. A type without targets needs
//!   ⌈A⌉ agents (its load carried, nothing more).
//! - **Group requirement**: each type's load belongs to the first group of its route. A group is
//!   sized for the pooled load of its types (summed λ, arrival-weighted work per contact) and the
//!   strictest of their targets: the largest of the per-type answers computed on the pooled load.
//!   A group that is nobody's first choice is not planned (it keeps its scheduled headcount).
//! - **Center requirement**: the sum over groups.
//!
//! Everything the simulation adds on top — breaks, absence, multi-skill overflow, redials,
//! non-exponential times, queues carried over between intervals — is what the
//! [`crate::search`] corrects for.

use crate::targets::{StaffingTargets, TypeTarget};
use serde::Serialize;
use sim_core::analytic::{agents_for_abandon_rate, agents_for_service_level, queue_metrics};
use sim_core::Model;

/// Arrivals offered to agents (per second) and agent-seconds of work per contact, of contact
/// type `t` in interval `i`.
pub fn type_load(model: &Model, t: usize, i: usize) -> (f64, f64) {
    let ct = &model.types[t];
    let deflect = ct.deflection_share();
    let lambda = ct.rate_per_s.get(i).copied().unwrap_or(0.0) * (1.0 - deflect);
    let work = ct.mean_service_s(i) / ct.concurrency.max(1) as f64;
    (lambda, work)
}

/// Fewest agents for a load (λ per second, work per contact in seconds) meeting `target` with the
/// given mean patience (None: callers never abandon). `max_agents` when even that is not enough.
pub fn agents_needed(
    lambda: f64,
    work_s: f64,
    patience_s: Option<f64>,
    target: &TypeTarget,
    max_agents: u32,
) -> u32 {
    if lambda <= 0.0 || work_s <= 0.0 {
        return 0;
    }
    let mut n = 0u32;
    if let Some(sl) = target.service_level {
        n = n.max(
            agents_for_service_level(
                lambda,
                work_s,
                patience_s,
                sl.threshold_s,
                sl.share,
                max_agents,
            )
            .unwrap_or(max_agents),
        );
    }
    if let (Some(ab), Some(p)) = (target.max_abandon_rate, patience_s) {
        n = n.max(agents_for_abandon_rate(lambda, work_s, p, ab, max_agents).unwrap_or(max_agents));
    }
    if target.is_empty() {
        n = n.max(((lambda * work_s).ceil() as u32).min(max_agents));
    }
    n
}

/// The Erlang requirement of a model for some targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    /// Contact type ids, in model order.
    pub type_ids: Vec<String>,
    /// Agent group ids, in model order.
    pub group_ids: Vec<String>,
    /// Per group: the contact types whose first choice it is.
    pub first_choice_types: Vec<Vec<usize>>,
    /// Per group: planned (first choice for some type) or kept as scheduled.
    pub planned: Vec<bool>,
    /// [type][interval] offered load, Erlangs.
    pub type_load_erlangs: Vec<Vec<f64>>,
    /// [type][interval] agents the type needs on its own.
    pub type_agents: Vec<Vec<u32>>,
    /// [group][interval] pooled offered load of the group's first-choice types, Erlangs.
    pub group_load_erlangs: Vec<Vec<f64>>,
    /// [group][interval] agents the group needs (0 for groups that are not planned).
    pub group_agents: Vec<Vec<u32>>,
    /// [interval] agents the center needs: the sum over groups.
    pub center_agents: Vec<u32>,
}

/// The Erlang requirement per interval of every type and group (see the module docs).
/// `min_agents` is a floor for every interval of a planned group that has load.
pub fn erlang_requirement(
    model: &Model,
    targets: &StaffingTargets,
    min_agents: u32,
    max_agents: u32,
) -> Requirement {
    let (nt, ng, n) = (model.types.len(), model.groups.len(), model.n_intervals);
    let mut first: Vec<Vec<usize>> = vec![Vec::new(); ng];
    for (t, ct) in model.types.iter().enumerate() {
        if let Some(&g) = ct.route.first() {
            first[g].push(t);
        }
    }
    let mut type_load_erlangs = vec![vec![0.0; n]; nt];
    let mut type_agents = vec![vec![0u32; n]; nt];
    for t in 0..nt {
        let p = model.types[t].mean_patience_s;
        for i in 0..n {
            let (lam, work) = type_load(model, t, i);
            type_load_erlangs[t][i] = lam * work;
            type_agents[t][i] = agents_needed(lam, work, p, &targets.by_type[t], max_agents);
        }
    }
    let mut group_load_erlangs = vec![vec![0.0; n]; ng];
    let mut group_agents = vec![vec![0u32; n]; ng];
    for g in 0..ng {
        for i in 0..n {
            let (mut lam, mut load) = (0.0, 0.0);
            for &t in &first[g] {
                let (l, w) = type_load(model, t, i);
                lam += l;
                load += l * w;
            }
            group_load_erlangs[g][i] = load;
            if lam <= 0.0 || load <= 0.0 {
                continue;
            }
            let work = load / lam;
            let k = first[g]
                .iter()
                .map(|&t| {
                    let p = model.types[t].mean_patience_s;
                    agents_needed(lam, work, p, &targets.by_type[t], max_agents)
                })
                .max()
                .unwrap_or(0);
            group_agents[g][i] = k.max(min_agents).min(max_agents);
        }
    }
    let center_agents = (0..n)
        .map(|i| group_agents.iter().map(|g| g[i]).sum())
        .collect();
    Requirement {
        type_ids: model.types.iter().map(|t| t.id.clone()).collect(),
        group_ids: model.groups.iter().map(|g| g.id.clone()).collect(),
        planned: first.iter().map(|f| !f.is_empty()).collect(),
        first_choice_types: first,
        type_load_erlangs,
        type_agents,
        group_load_erlangs,
        group_agents,
        center_agents,
    }
}

/// The Erlang view of one contact type's KPIs over the measured intervals, weighted by arrivals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prediction {
    pub service_level: Option<f64>,
    pub abandon_rate: Option<f64>,
    pub asa_s: Option<f64>,
    pub occupancy: Option<f64>,
}

/// Erlang C/A prediction of contact type `t` with the model's own staffing: in every measured
/// interval, the type's offered arrivals (after self-service) and work per contact against the
/// agents of every group that serves it (scheduled × (1 − absence), rounded), as if it had them
/// to itself. Service level and abandonment are weighted by arrivals, ASA by answered contacts,
/// occupancy by agents; abandonment only for types whose callers abandon. Breaks, skill sharing and non-exponential times are what the simulation
/// adds. All fields are None when the type has no arrivals after the warm-up.
pub fn erlang_prediction(model: &Model, t: usize) -> Prediction {
    let ct = &model.types[t];
    let first = crate::first_measured_interval(model);
    let (mut w, mut sl, mut ab, mut asa, mut w_asa, mut occ, mut w_occ) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in first..model.n_intervals {
        let (lambda, work) = type_load(model, t, i);
        if lambda <= 0.0 {
            continue;
        }
        let agents: f64 = ct
            .route
            .iter()
            .map(|&g| {
                let grp = &model.groups[g];
                grp.scheduled_per_interval.get(i).copied().unwrap_or(0.0) * (1.0 - grp.absence)
            })
            .sum();
        let n = agents.round() as u32;
        let m = queue_metrics(lambda, work, ct.mean_patience_s, n, ct.sl_threshold_s);
        w += lambda;
        sl += lambda * m.service_level;
        ab += lambda * m.abandon_rate;
        let answered = lambda * (1.0 - m.abandon_rate);
        if m.asa_s.is_finite() {
            asa += answered * m.asa_s;
            w_asa += answered;
        }
        if n > 0 {
            occ += n as f64 * m.occupancy;
            w_occ += n as f64;
        }
    }
    if w == 0.0 {
        return Prediction {
            service_level: None,
            abandon_rate: None,
            asa_s: None,
            occupancy: None,
        };
    }
    Prediction {
        service_level: Some(sl / w),
        abandon_rate: ct.mean_patience_s.map(|_| ab / w),
        asa_s: (w_asa > 0.0).then(|| asa / w_asa),
        occupancy: (w_occ > 0.0).then(|| occ / w_occ),
    }
}
