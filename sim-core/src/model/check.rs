//! Checking a scenario: every field, all errors at once with their paths. The result holds the
//! validated, id-resolved parts that [`super::build`] assembles into the runtime model.

use super::agent_group::{check_agent_limits, check_group, CheckedGroup};
use super::contact_type::check_type;
use super::loops::check_zero_time_loops;
use super::routing::check_routes;
use super::settings::{check_settings, Settings};
use super::{ContactType, Limits, MAX_GROUP_INTERVAL_CELLS, MAX_INTERVAL_CELLS};
use crate::error::{plural, Errors, ScenarioErrors};
use crate::scenario::Scenario;

/// A scenario that passed every check, with ids resolved to indices.
pub(super) struct Checked {
    pub name: String,
    pub description: Option<String>,
    pub settings: Settings,
    /// Contact types without their routes (those are in `routes`).
    pub types: Vec<ContactType>,
    pub groups: Vec<CheckedGroup>,
    /// Agent groups serving each contact type, most preferred first.
    pub routes: Vec<Vec<usize>>,
}

/// The ids of the scenario's contact types and agent groups, in file order.
pub(super) struct Ids<'a> {
    pub types: Vec<&'a str>,
    pub groups: Vec<&'a str>,
}

impl Ids<'_> {
    /// Index of the contact type with this id.
    pub fn find_type(&self, id: &str) -> Option<usize> {
        self.types.iter().position(|t| *t == id)
    }

    /// Index of the agent group with this id.
    pub fn find_group(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| *g == id)
    }
}

/// Checks every field of the scenario; returns every problem found, in file order where it can.
pub(super) fn check(s: &Scenario, limits: Limits) -> Result<Checked, ScenarioErrors> {
    let mut e = Errors::default();
    let settings = check_settings(s, limits, &mut e);
    let ids = check_ids(s, &mut e);
    // the size limits are reported only when the horizon and the lists are usable
    let sizes_checkable = e.list.is_empty();
    check_statistics_cells(s, &settings, &mut e)?;
    let types: Vec<ContactType> = s
        .contact_types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            check_type(
                t,
                &format!("contact_types[{i}]"),
                &settings.geo,
                &ids,
                &mut e,
            )
        })
        .collect();
    let mut types = types;
    if types.len() == s.contact_types.len() {
        check_volume_groups(s, &mut types, &mut e);
    }
    let expand_plans = check_agent_limits(s, &settings.geo, limits, sizes_checkable, &mut e);
    let groups: Vec<CheckedGroup> = s
        .agent_groups
        .iter()
        .enumerate()
        .filter_map(|(gi, g)| check_group(g, gi, &ids, &settings, expand_plans, &mut e))
        .collect();
    let mut routes = Vec::new();
    if e.list.is_empty() {
        routes = check_routes(s, &ids, &groups, &mut e);
        check_zero_time_loops(&types, &routes, &groups, &mut e);
    }
    if sizes_checkable {
        check_expected_contacts(&types, &settings, limits, &mut e);
    }
    if !e.list.is_empty() {
        return Err(ScenarioErrors(e.list));
    }
    Ok(Checked {
        name: s.name.clone(),
        description: s.description.clone(),
        settings,
        types,
        groups,
        routes,
    })
}

/// At least one contact type and one agent group, ids non-empty and unique.
fn check_ids<'a>(s: &'a Scenario, e: &mut Errors) -> Ids<'a> {
    if s.contact_types.is_empty() {
        e.push("contact_types", "must define at least one contact type");
    }
    if s.agent_groups.is_empty() {
        e.push("agent_groups", "must define at least one agent group");
    }
    let ids = Ids {
        types: s.contact_types.iter().map(|t| t.id.as_str()).collect(),
        groups: s.agent_groups.iter().map(|g| g.id.as_str()).collect(),
    };
    check_unique_ids(e, "contact_types", &ids.types);
    check_unique_ids(e, "agent_groups", &ids.groups);
    ids
}

fn check_unique_ids(e: &mut Errors, what: &str, ids: &[&str]) {
    for (i, id) in ids.iter().enumerate() {
        if id.trim().is_empty() {
            e.push(format!("{what}[{i}].id"), "must not be empty");
        } else if ids[..i].contains(id) {
            e.push(format!("{what}[{i}].id"), format!("duplicate id \"{id}\""));
        }
    }
}

/// Refuses (at once, without checking further) a horizon whose per-interval statistics would
/// not fit in memory.
fn check_statistics_cells(
    s: &Scenario,
    settings: &Settings,
    e: &mut Errors,
) -> Result<(), ScenarioErrors> {
    let n_int = settings.n_intervals();
    let (nt, ng) = (s.contact_types.len(), s.agent_groups.len());
    let cells = n_int.saturating_mul(nt + 1);
    let group_cells = n_int.saturating_mul(ng);
    if e.list.is_empty() && cells > MAX_INTERVAL_CELLS {
        e.push(
            "interval_minutes",
            format!(
                "{n_int} intervals × ({} + the total) give {cells} statistics cells per run, above the limit of {MAX_INTERVAL_CELLS}: use longer intervals, fewer days, or fewer contact types",
                plural(nt as u64, "contact type", "contact types"),
            ),
        );
        return Err(ScenarioErrors(std::mem::take(&mut e.list)));
    }
    if e.list.is_empty() && group_cells > MAX_GROUP_INTERVAL_CELLS {
        e.push(
            "interval_minutes",
            format!(
                "{n_int} intervals × {} give {group_cells} agent-group statistics cells per run, above the limit of {MAX_GROUP_INTERVAL_CELLS}: use longer intervals, fewer days, or fewer agent groups",
                plural(ng as u64, "agent group", "agent groups"),
            ),
        );
        return Err(ScenarioErrors(std::mem::take(&mut e.list)));
    }
    Ok(())
}

/// Refuses a forecast whose expected contacts per replication exceed `limits.max_contacts`.
fn check_expected_contacts(
    types: &[ContactType],
    settings: &Settings,
    limits: Limits,
    e: &mut Errors,
) {
    let expected: f64 = types
        .iter()
        .map(|t| t.rate_per_s.iter().sum::<f64>() * settings.interval_s)
        .sum();
    // (a volume that is not a finite number was reported with its type; finite rates >= 0
    // add up to a number or to infinity, never NaN, so `>` catches both)
    let finite = types
        .iter()
        .all(|t| t.rate_per_s.iter().all(|r| r.is_finite()));
    if finite && expected > limits.max_contacts {
        e.push(
            "contact_types",
            format!(
                "about {:.3e} contacts per replication exceed the limit of {:.3e} (raise it with --max-events)",
                expected, limits.max_contacts
            ),
        );
    }
}

/// `arrivals.volume_group`: each type's leader is the first type of its group (itself without
/// one); the types of a group must have the same `volume_cv` (one shared draw has one cv).
fn check_volume_groups(s: &Scenario, types: &mut [ContactType], e: &mut Errors) {
    for (t, spec) in s.contact_types.iter().enumerate() {
        types[t].volume_leader = t;
        let Some(name) = &spec.arrivals.volume_group else {
            continue;
        };
        if name.trim().is_empty() {
            e.push(
                format!("contact_types[{t}].arrivals.volume_group"),
                "must be a non-empty name shared by the types whose volumes move together",
            );
            continue;
        }
        let leader = s
            .contact_types
            .iter()
            .position(|x| x.arrivals.volume_group.as_deref() == Some(name.as_str()))
            .unwrap_or(t);
        types[t].volume_leader = leader;
        if types[t].volume_cv != types[leader].volume_cv {
            e.push(
                format!("contact_types[{t}].arrivals.volume_cv"),
                format!(
                    "must equal the volume_cv of contact_types[{leader}] ({}), the first type of volume_group \"{name}\"; got {}",
                    crate::error::fmt_num(types[leader].volume_cv),
                    crate::error::fmt_num(types[t].volume_cv)
                ),
            );
        }
    }
}
