//! Checking agent groups: the headcount and schedule-size guards, skills, handle-time factors,
//! overflow delays, absence, cost, and the expansion of staffing to one plan per agent.

use super::check::Ids;
use super::settings::Settings;
use super::{Limits, Staffing, HANDLE_FACTOR_RANGE, MAX_COST_PER_HOUR};
use crate::error::{plural, Errors};
use crate::horizon::Geometry;
use crate::scenario::{AgentGroupSpec, Scenario};
use crate::schedule::{compile_group_plans, schedule_entries, GroupPlans};

/// A checked agent group: ids resolved, factors validated, plans expanded.
pub(super) struct CheckedGroup {
    pub id: String,
    /// Contact types (indices) in the group's skill order.
    pub skills: Vec<usize>,
    pub staffing: Staffing,
    pub handle_factor: Vec<f64>,
    pub overflow_delay_s: Vec<f64>,
    pub absence: f64,
    pub cost_per_hour: f64,
    pub plans: GroupPlans,
}

/// Refuses absurd headcounts and schedules before expanding one plan per agent: the total of all
/// groups, and the entries the schedules would expand to over the horizon. Returns whether the
/// plans may be expanded; the errors are reported only when `report` (with the horizon already
/// refused, the limits report the horizon first).
pub(super) fn check_agent_limits(
    s: &Scenario,
    geo: &Geometry,
    limits: Limits,
    report: bool,
    e: &mut Errors,
) -> bool {
    let total_agents = s
        .agent_groups
        .iter()
        .map(headcount)
        .fold(0u64, u64::saturating_add);
    if total_agents > limits.max_agents as u64 {
        if report {
            e.push(
                "agent_groups",
                format!(
                    "{} exceed the limit of {} (raise it with --max-agents)",
                    plural(total_agents, "agent", "agents"),
                    limits.max_agents
                ),
            );
        }
        return false;
    }
    let entries = s
        .agent_groups
        .iter()
        .map(|g| schedule_entries(g, geo))
        .fold(0u64, u64::saturating_add);
    if entries > limits.max_shifts {
        if report {
            e.push(
                "agent_groups",
                format!(
                    "the schedules expand to {entries} agent shifts, breaks and off-phone blocks over the {}-day horizon, which exceeds the limit of {} (raise it with --max-shifts)",
                    geo.days, limits.max_shifts
                ),
            );
        }
        return false;
    }
    true
}

/// Agents a group's staffing creates (before any expansion): the constant, the largest
/// per-interval headcount, or the agents of all shift lines.
fn headcount(g: &AgentGroupSpec) -> u64 {
    match &g.staffing {
        Some(st) => st
            .constant
            .map(u64::from)
            .or_else(|| {
                st.per_interval
                    .as_ref()
                    .and_then(|l| l.iter().max().map(|&x| x as u64))
            })
            .unwrap_or(0),
        None => g.shifts.iter().map(|sh| sh.agents as u64).sum(),
    }
}

/// Checks group `gi`; its plans are expanded only when `expand_plans` (otherwise `None`).
pub(super) fn check_group(
    g: &AgentGroupSpec,
    gi: usize,
    ids: &Ids,
    settings: &Settings,
    expand_plans: bool,
    e: &mut Errors,
) -> Option<CheckedGroup> {
    let path = format!("agent_groups[{gi}]");
    let skills = check_skills(g, &path, ids, e);
    let nt = ids.types.len();
    let speed = g.speed_factor.unwrap_or(1.0);
    let (fmin, fmax) = HANDLE_FACTOR_RANGE;
    e.between(&format!("{path}.speed_factor"), speed, fmin, fmax);
    let mut handle_factor = vec![speed; nt];
    for (sk, f) in &g.proficiency {
        let p = format!("{path}.proficiency.{sk}");
        match ids.find_type(sk) {
            Some(t) if skills.contains(&t) => {
                if e.between(&p, *f, fmin, fmax) {
                    handle_factor[t] = speed * f;
                }
            }
            _ => e.push(p, format!("\"{sk}\" is not one of this group's skills")),
        }
    }
    let mut overflow_delay_s = vec![0.0; nt];
    for (sk, d) in &g.overflow_delay_s {
        let p = format!("{path}.overflow_delay_s.{sk}");
        match ids.find_type(sk) {
            Some(t) if skills.contains(&t) => {
                if e.non_negative(&p, *d) {
                    overflow_delay_s[t] = *d;
                }
            }
            _ => e.push(p, format!("\"{sk}\" is not one of this group's skills")),
        }
    }
    e.probability(&format!("{path}.absence"), g.absence);
    // (without its own rate the group's cost is costs.agent_hour, checked with the settings)
    if let Some(c) = g.cost_per_hour {
        e.non_negative_at_most(&format!("{path}.cost_per_hour"), c, MAX_COST_PER_HOUR);
    }
    if !expand_plans {
        return None;
    }
    let plans = compile_group_plans(g, &path, &settings.geo, e);
    let staffing = match &g.staffing {
        Some(st) => st
            .constant
            .map_or(Staffing::PerInterval, Staffing::Constant),
        None => Staffing::ShiftLines(g.shifts.len()),
    };
    Some(CheckedGroup {
        id: g.id.clone(),
        skills,
        staffing,
        handle_factor,
        overflow_delay_s,
        absence: g.absence,
        cost_per_hour: g.cost_per_hour.unwrap_or(settings.agent_hour_cost),
        plans,
    })
}

/// The group's skills as contact type indices, in its order (each known and listed once).
fn check_skills(g: &AgentGroupSpec, path: &str, ids: &Ids, e: &mut Errors) -> Vec<usize> {
    if g.skills.is_empty() {
        e.push(
            format!("{path}.skills"),
            "must list at least one contact type id",
        );
    }
    let mut skills = Vec::new();
    for (k, sk) in g.skills.iter().enumerate() {
        match ids.find_type(sk) {
            Some(t) if skills.contains(&t) => e.push(
                format!("{path}.skills[{k}]"),
                format!("\"{sk}\" is listed twice"),
            ),
            Some(t) => skills.push(t),
            None => e.push(
                format!("{path}.skills[{k}]"),
                format!(
                    "unknown contact type \"{sk}\"; known: {}",
                    ids.types.join(", ")
                ),
            ),
        }
    }
    skills
}
