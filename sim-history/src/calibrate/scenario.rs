//! The calibrated scenario: a typical week (7 days from Monday) at the estimates' interval.
//!
//! Per contact type: `arrivals.per_interval` = the mean first attempts of each interval of the
//! week; `handle_time`, `wrap_up` and `patience` = the chosen fits; `retry` = the redial share and
//! the fitted redial delay (when the records identify callers and someone redialed).
//!
//! Agent groups: with a base scenario, its groups as they are (staffing, shifts, breaks, absence,
//! off-phone), skills reduced to the calibrated types (a type that no group serves is added to the
//! first group's skills; groups left without skills are dropped); a base type with the same id
//! keeps its other fields (targets, priority, channel, …). Without a base: one group `agents`
//! serving every type, with `staffing.per_interval` = the agents seen serving
//! ([`super::staffing`]).

use super::Estimates;
use crate::error::InputError;
use sim_core::dist::DistSpec;
use sim_core::scenario::{AgentGroupSpec, ArrivalSpec, ContactTypeSpec, RetrySpec, StaffingSpec};
use sim_core::Scenario;

/// Builds the scenario (see the module documentation); `name` is its name.
pub fn calibrated_scenario(
    est: &Estimates,
    base: Option<&Scenario>,
    name: &str,
) -> Result<Scenario, InputError> {
    let mut types = Vec::new();
    for t in &est.types {
        let mut spec = base
            .and_then(|b| b.contact_types.iter().find(|c| c.id == t.id).cloned())
            .unwrap_or_else(|| blank_type(&t.id));
        spec.arrivals = ArrivalSpec {
            per_interval: Some(t.arrivals.mean.iter().map(|v| round6(*v)).collect()),
            ..ArrivalSpec::default()
        };
        spec.handle_time = t
            .handle_time
            .as_ref()
            .or(est.pooled_handle_time.as_ref())
            .map_or(DistSpec::Constant { value: 0.0 }, |h| h.dist.clone());
        spec.wrap_up = t.wrap_up.as_ref().map(|w| w.dist.clone());
        spec.patience = t.patience_dist.clone();
        spec.retry = match (&t.redials, &spec.patience) {
            (Some(r), Some(_)) if r.redialed > 0 => r.delay.as_ref().map(|d| RetrySpec {
                probability: round6(r.share),
                delay: d.dist.clone(),
            }),
            _ => None,
        };
        types.push(spec);
    }
    let ids: Vec<&str> = est.types.iter().map(|t| t.id.as_str()).collect();
    let groups = match base {
        Some(b) => {
            let mut groups: Vec<AgentGroupSpec> = b
                .agent_groups
                .iter()
                .cloned()
                .map(|mut g| {
                    g.skills.retain(|s| ids.contains(&s.as_str()));
                    g.proficiency.retain(|k, _| ids.contains(&k.as_str()));
                    g.overflow_delay_s.retain(|k, _| ids.contains(&k.as_str()));
                    g
                })
                .filter(|g| !g.skills.is_empty())
                .collect();
            if groups.is_empty() {
                groups = b.agent_groups.iter().take(1).cloned().collect();
                if let Some(g) = groups.first_mut() {
                    g.skills.clear();
                }
            }
            let Some(first) = groups.first_mut() else {
                return Err(InputError::option(
                    "--base",
                    &b.name,
                    "the base scenario has no agent groups",
                ));
            };
            for id in &ids {
                if !first.skills.iter().any(|s| s == id) {
                    first.skills.push(id.to_string());
                }
            }
            for t in &mut types {
                if let Some(r) = &mut t.route_to {
                    r.retain(|g| groups.iter().any(|x| &x.id == g));
                }
            }
            groups
        }
        None => {
            let Some(st) = &est.staffing else {
                return Err(InputError::file(
                    "the records name no agents, so the staffing cannot be estimated: give the \
                     staffing with --base SCENARIO, or map the agent column with --columns agent=HEADER",
                ));
            };
            vec![AgentGroupSpec {
                id: "agents".into(),
                skills: ids.iter().map(|s| s.to_string()).collect(),
                staffing: Some(StaffingSpec {
                    constant: None,
                    per_interval: Some(st.headcount.clone()),
                }),
                shifts: vec![],
                absence: 0.0,
                off_phone: vec![],
                proficiency: Default::default(),
                speed_factor: None,
                overflow_delay_s: Default::default(),
                cost_per_hour: None,
            }]
        }
    };
    let first = est
        .week
        .dates
        .first()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let last = est
        .week
        .dates
        .last()
        .map(|d| d.to_string())
        .unwrap_or_default();
    Ok(Scenario {
        version: 1,
        name: name.to_string(),
        description: Some(format!(
            "Calibrated by ccsim calibrate from {} contact records, {first} to {last} ({} days \
             observed): a typical week from Monday",
            est.contacts,
            est.week.dates.len()
        )),
        interval_minutes: est.week.interval_minutes,
        days: 7,
        start_weekday: Some("mon".into()),
        warmup_minutes: 0.0,
        short_abandon_s: base.and_then(|b| b.short_abandon_s),
        costs: base.and_then(|b| b.costs.clone()),
        contact_types: types,
        agent_groups: groups,
    })
}

fn blank_type(id: &str) -> ContactTypeSpec {
    ContactTypeSpec {
        id: id.to_string(),
        channel: "voice".into(),
        arrivals: ArrivalSpec::default(),
        handle_time: DistSpec::Constant { value: 0.0 },
        handle_time_factors: None,
        wrap_up: None,
        patience: None,
        service_level: None,
        max_abandon_rate: None,
        priority: 0,
        queue_capacity: None,
        chat: None,
        retry: None,
        self_service: None,
        fcr: None,
        transfers: vec![],
        callback: None,
        route_to: None,
    }
}

/// Six decimals are plenty for rates and shares, and keep the TOML readable.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
