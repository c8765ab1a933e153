//! The compiled model: a validated scenario in the form the engine runs.
//!
//! Compilation checks every field (all errors at once, each with its path), resolves ids to
//! indices, expands arrival volumes to a rate per interval of the horizon and expands schedules
//! to one plan per agent (see [`crate::schedule`]).

use crate::dist::{DistSpec, Sampler};
use crate::error::{fmt_num, plural, Errors, ScenarioErrors};
use crate::scenario::{AgentGroupSpec, ArrivalSpec, ContactTypeSpec, Format, Scenario};
use crate::schedule::{compile_group_plans, parse_weekday, schedule_entries, AgentPlan};

mod contact_type;
mod loops;

use contact_type::compile_type;
use loops::check_zero_time_loops;

/// Channel of a contact type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Voice,
    Chat,
    Email,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }
}

/// Guards against scenarios that would take absurd time or memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Maximum expected contacts per replication (arrivals incl. self-service).
    pub max_contacts: f64,
    /// Maximum agents over all groups.
    pub max_agents: usize,
    /// Maximum horizon in days.
    pub max_days: u32,
    /// Maximum entries of the expanded schedules over the horizon: agent shifts, breaks and
    /// off-phone blocks of all groups together (each is kept in memory and run as events).
    pub max_shifts: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_contacts: 50_000_000.0,
            max_agents: 100_000,
            max_days: 3_660,
            max_shifts: 20_000_000,
        }
    }
}

/// A compiled contact type.
#[derive(Debug, Clone)]
pub struct ContactType {
    pub id: String,
    pub channel: Channel,
    /// Arrival rate (per second) for every interval of the horizon, weekday factors and scale applied.
    pub rate_per_s: Vec<f64>,
    pub volume_cv: f64,
    pub handle: Sampler,
    pub mean_handle_s: f64,
    pub wrap: Option<Sampler>,
    pub mean_wrap_s: f64,
    pub patience: Option<Sampler>,
    pub mean_patience_s: Option<f64>,
    pub sl_threshold_s: f64,
    pub sl_target: Option<f64>,
    pub max_abandon_rate: Option<f64>,
    pub priority: i32,
    pub queue_capacity: Option<u32>,
    /// Chats an agent may hold at once (1 for other channels).
    pub concurrency: u32,
    pub chat_slowdown: f64,
    pub retry: Option<(f64, Sampler)>,
    /// (deflection share, time in self-service, ports)
    pub self_service: Option<(f64, Sampler, Option<u32>)>,
    /// (first-contact resolution rate, delay of the repeat, repeat type)
    pub fcr: Option<(f64, Sampler, usize)>,
    /// (target type, share)
    pub transfers: Vec<(usize, f64)>,
    /// (expected-wait threshold s, accept share, callback type)
    pub callback: Option<(f64, f64, usize)>,
    /// Agent groups that can serve this type, most preferred first.
    pub route: Vec<usize>,
}

/// A compiled agent group.
#[derive(Debug, Clone)]
pub struct AgentGroup {
    pub id: String,
    /// Contact types served, in the order a freed agent looks at them (priority, then skill order).
    pub serve_order: Vec<usize>,
    /// Handle-time factor per contact type (proficiency × speed factor).
    pub handle_factor: Vec<f64>,
    /// Overflow delay per contact type in seconds (0 = eligible at once).
    pub overflow_delay_s: Vec<f64>,
    pub absence: f64,
    pub cost_per_hour: f64,
    /// One plan per agent.
    pub agents: Vec<AgentPlan>,
    /// Scheduled headcount (on shift, before absence and breaks) per interval, averaged.
    pub scheduled_per_interval: Vec<f64>,
    /// Off-phone activity names, indexed by `BreakPlan::activity`.
    pub activities: Vec<String>,
}

/// A validated scenario ready to run.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub interval_s: f64,
    pub intervals_per_day: usize,
    pub n_intervals: usize,
    pub horizon_s: f64,
    pub warmup_s: f64,
    /// 0 = Monday.
    pub start_weekday: usize,
    pub short_abandon_s: f64,
    pub agent_hour_cost: f64,
    pub overtime_factor: f64,
    pub types: Vec<ContactType>,
    pub groups: Vec<AgentGroup>,
    /// Memory guard: contacts simultaneously in the center (waiting, in service, scheduled to
    /// come back) beyond which new arrivals are refused as blocked and the replication is flagged
    /// as overloaded (an exploding queue is reported, not allowed to exhaust memory).
    pub max_in_system: usize,
    /// The scenario this model came from.
    pub scenario: Scenario,
}

/// Upper bound on intervals × (contact types + 1): the per-interval statistics a run keeps per
/// contact type and for the total (about 900 bytes each, tallies, KPIs and summary).
pub const MAX_INTERVAL_CELLS: usize = 400_000;

/// Upper bound on intervals × agent groups: the per-interval agent-time tallies a run keeps
/// (about 90 bytes each).
pub const MAX_GROUP_INTERVAL_CELLS: usize = 2_000_000;

/// Largest cost of one agent hour (`costs.agent_hour`, `cost_per_hour`), in any currency.
pub const MAX_COST_PER_HOUR: f64 = 1e9;

/// Largest `costs.overtime_factor`.
pub const MAX_OVERTIME_FACTOR: f64 = 10.0;

/// Range of the handle-time factors `speed_factor` and `proficiency`.
pub const HANDLE_FACTOR_RANGE: (f64, f64) = (0.01, 100.0);

/// Largest `chat.slowdown` and `arrivals.volume_cv`.
pub const MAX_SLOWDOWN: f64 = 10.0;
pub const MAX_VOLUME_CV: f64 = 10.0;

/// Feedback steps (repeat, transfer, redial, callback) that take less than this on average
/// count as taking no time: a loop of such steps that never dies out is refused.
pub const INSTANT_S: f64 = 1e-3;

/// Default for [`Model::max_in_system`].
pub const DEFAULT_MAX_IN_SYSTEM: usize = 2_000_000;

impl Model {
    /// Parses and compiles scenario text with default limits.
    pub fn from_text(text: &str, format: Format) -> Result<Model, ScenarioErrors> {
        let s = Scenario::parse(text, format)?;
        Model::compile(&s, Limits::default())
    }

    /// Validates a scenario and compiles it; returns every problem found.
    pub fn compile(s: &Scenario, limits: Limits) -> Result<Model, ScenarioErrors> {
        let mut e = Errors::default();
        if s.version != 1 {
            e.push("version", format!("must be 1, got {}", s.version));
        }
        if s.interval_minutes == 0 || 1440 % s.interval_minutes != 0 {
            e.push(
                "interval_minutes",
                format!(
                    "must divide a day (1440 minutes) evenly, e.g. 15, 30 or 60, got {}",
                    s.interval_minutes
                ),
            );
        }
        if s.days == 0 {
            e.push("days", "must be >= 1, got 0");
        } else if s.days > limits.max_days {
            e.push(
                "days",
                format!(
                    "a horizon of {} exceeds the limit of {} (raise it with --max-days)",
                    plural(s.days, "day", "days"),
                    plural(limits.max_days, "day", "days")
                ),
            );
        }
        let days = s.days.max(1).min(limits.max_days.max(1)) as usize;
        let ipd = if e.list.is_empty() {
            (1440 / s.interval_minutes) as usize
        } else {
            48
        };
        let interval_s = 86_400.0 / ipd as f64;
        let horizon_s = days as f64 * 86_400.0;
        e.non_negative("warmup_minutes", s.warmup_minutes);
        if s.warmup_minutes * 60.0 >= horizon_s {
            e.push(
                "warmup_minutes",
                format!(
                    "must be shorter than the horizon ({} minutes), got {}",
                    fmt_num(horizon_s / 60.0),
                    fmt_num(s.warmup_minutes)
                ),
            );
        }
        let start_weekday = match &s.start_weekday {
            None => 0,
            Some(d) => parse_weekday(d).unwrap_or_else(|| {
                e.push(
                    "start_weekday",
                    format!("must be one of mon, tue, wed, thu, fri, sat, sun, got \"{d}\""),
                );
                0
            }),
        };
        let short_abandon_s = s.short_abandon_s.unwrap_or(5.0);
        e.non_negative("short_abandon_s", short_abandon_s);
        let (agent_hour_cost, overtime_factor) = match &s.costs {
            Some(c) => {
                e.non_negative_at_most("costs.agent_hour", c.agent_hour, MAX_COST_PER_HOUR);
                let f = c.overtime_factor.unwrap_or(1.5);
                e.non_negative_at_most("costs.overtime_factor", f, MAX_OVERTIME_FACTOR);
                (c.agent_hour, f)
            }
            None => (0.0, 1.5),
        };

        if s.contact_types.is_empty() {
            e.push("contact_types", "must define at least one contact type");
        }
        if s.agent_groups.is_empty() {
            e.push("agent_groups", "must define at least one agent group");
        }
        let type_ids: Vec<&str> = s.contact_types.iter().map(|t| t.id.as_str()).collect();
        let group_ids: Vec<&str> = s.agent_groups.iter().map(|g| g.id.as_str()).collect();
        check_unique_ids(&mut e, "contact_types", &type_ids);
        check_unique_ids(&mut e, "agent_groups", &group_ids);
        let find_type = |id: &str| type_ids.iter().position(|t| *t == id);

        let n_int = days * ipd;
        let limit_errors_before = e.list.len();
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
            return Err(ScenarioErrors(e.list));
        }
        if e.list.is_empty() && group_cells > MAX_GROUP_INTERVAL_CELLS {
            e.push(
                "interval_minutes",
                format!(
                    "{n_int} intervals × {} give {group_cells} agent-group statistics cells per run, above the limit of {MAX_GROUP_INTERVAL_CELLS}: use longer intervals, fewer days, or fewer agent groups",
                    plural(ng as u64, "agent group", "agent groups"),
                ),
            );
            return Err(ScenarioErrors(e.list));
        }
        let geo = Geometry {
            ipd,
            days,
            start_weekday,
        };
        let mut types = Vec::with_capacity(s.contact_types.len());
        for (i, t) in s.contact_types.iter().enumerate() {
            if let Some(ct) =
                compile_type(t, &format!("contact_types[{i}]"), &geo, &find_type, &mut e)
            {
                types.push(ct);
            }
        }

        // refuse absurd headcounts and schedules before expanding one plan per agent: the total
        // of all groups, and the entries the schedules would expand to over the horizon
        let total_agents = s
            .agent_groups
            .iter()
            .map(headcount)
            .fold(0u64, u64::saturating_add);
        let mut expand_plans = true;
        if total_agents > limits.max_agents as u64 {
            expand_plans = false;
            // with the horizon already refused, the limits report the horizon first
            if limit_errors_before == 0 {
                e.push(
                    "agent_groups",
                    format!(
                        "{} exceed the limit of {} (raise it with --max-agents)",
                        plural(total_agents, "agent", "agents"),
                        limits.max_agents
                    ),
                );
            }
        } else {
            let entries = s
                .agent_groups
                .iter()
                .map(|g| schedule_entries(g, &geo))
                .fold(0u64, u64::saturating_add);
            if entries > limits.max_shifts {
                expand_plans = false;
                if limit_errors_before == 0 {
                    e.push(
                        "agent_groups",
                        format!(
                            "the schedules expand to {entries} agent shifts, breaks and off-phone blocks over the {}-day horizon, which exceeds the limit of {} (raise it with --max-shifts)",
                            days, limits.max_shifts
                        ),
                    );
                }
            }
        }

        let mut groups = Vec::with_capacity(s.agent_groups.len());
        for (gi, g) in s.agent_groups.iter().enumerate() {
            let path = format!("agent_groups[{gi}]");
            if g.skills.is_empty() {
                e.push(
                    format!("{path}.skills"),
                    "must list at least one contact type id",
                );
            }
            let mut skills = Vec::new();
            for (k, sk) in g.skills.iter().enumerate() {
                match find_type(sk) {
                    Some(t) if skills.contains(&t) => e.push(
                        format!("{path}.skills[{k}]"),
                        format!("\"{sk}\" is listed twice"),
                    ),
                    Some(t) => skills.push(t),
                    None => e.push(
                        format!("{path}.skills[{k}]"),
                        format!(
                            "unknown contact type \"{sk}\"; known: {}",
                            type_ids.join(", ")
                        ),
                    ),
                }
            }
            let nt = s.contact_types.len();
            let speed = g.speed_factor.unwrap_or(1.0);
            let (fmin, fmax) = HANDLE_FACTOR_RANGE;
            e.between(&format!("{path}.speed_factor"), speed, fmin, fmax);
            let mut handle_factor = vec![speed; nt];
            for (sk, f) in &g.proficiency {
                let p = format!("{path}.proficiency.{sk}");
                match find_type(sk) {
                    Some(t) if skills.contains(&t) => {
                        if e.between(&p, *f, fmin, fmax) {
                            handle_factor[t] = speed * f;
                        }
                    }
                    _ => e.push(p, format!("\"{sk}\" is not one of this group's skills")),
                }
            }
            let mut overflow = vec![0.0; nt];
            for (sk, d) in &g.overflow_delay_s {
                let p = format!("{path}.overflow_delay_s.{sk}");
                match find_type(sk) {
                    Some(t) if skills.contains(&t) => {
                        if e.non_negative(&p, *d) {
                            overflow[t] = *d;
                        }
                    }
                    _ => e.push(p, format!("\"{sk}\" is not one of this group's skills")),
                }
            }
            e.probability(&format!("{path}.absence"), g.absence);
            let cost = g.cost_per_hour.unwrap_or(agent_hour_cost);
            // (without its own rate the group's cost is costs.agent_hour, checked above)
            if let Some(c) = g.cost_per_hour {
                let p = format!("{path}.cost_per_hour");
                e.non_negative_at_most(&p, c, MAX_COST_PER_HOUR);
            }
            if !expand_plans {
                continue;
            }
            let plans = compile_group_plans(g, &path, &geo, &mut e);
            // serve order: higher contact-type priority first, then the group's skill order
            let mut serve_order = skills.clone();
            serve_order.sort_by_key(|&t| -s.contact_types[t].priority);
            groups.push(AgentGroup {
                id: g.id.clone(),
                serve_order,
                handle_factor,
                overflow_delay_s: overflow,
                absence: g.absence,
                cost_per_hour: cost,
                scheduled_per_interval: plans.scheduled_per_interval(n_int, interval_s),
                agents: plans.agents,
                activities: plans.activities,
            });
        }

        // routing: groups that serve each type, ordered by the skill's rank in the group, then file order
        if e.list.is_empty() {
            for (t, ct) in types.iter_mut().enumerate() {
                let spec = &s.contact_types[t];
                let mut route: Vec<usize> = (0..groups.len())
                    .filter(|&g| groups[g].serve_order.contains(&t))
                    .collect();
                route.sort_by_key(|&g| {
                    s.agent_groups[g]
                        .skills
                        .iter()
                        .position(|x| x == &ct.id)
                        .unwrap_or(usize::MAX)
                });
                if let Some(order) = &spec.route_to {
                    let mut explicit = Vec::new();
                    for (k, gid) in order.iter().enumerate() {
                        match group_ids.iter().position(|g| g == gid) {
                            Some(g) if route.contains(&g) => explicit.push(g),
                            Some(_) => e.push(
                                format!("contact_types[{t}].route_to[{k}]"),
                                format!("group \"{gid}\" does not have skill \"{}\"", ct.id),
                            ),
                            None => e.push(
                                format!("contact_types[{t}].route_to[{k}]"),
                                format!(
                                    "unknown agent group \"{gid}\"; known: {}",
                                    group_ids.join(", ")
                                ),
                            ),
                        }
                    }
                    for g in route {
                        if !explicit.contains(&g) {
                            explicit.push(g);
                        }
                    }
                    route = explicit;
                }
                let has_agents = route.iter().any(|&g| !groups[g].agents.is_empty());
                if route.is_empty() {
                    e.push(
                        format!("contact_types[{t}]"),
                        format!(
                            "no agent group can serve \"{}\": add it to some group's skills",
                            ct.id
                        ),
                    );
                } else if !has_agents && ct.rate_per_s.iter().any(|&r| r > 0.0) {
                    // allowed (zero staff is a legitimate what-if), the run reports it
                }
                ct.route = route;
            }
            check_zero_time_loops(s, &types, &groups, &mut e);
        }

        let expected: f64 = types
            .iter()
            .map(|t| t.rate_per_s.iter().sum::<f64>() * interval_s)
            .sum();
        // (a volume that is not a finite number was reported with its type; finite rates >= 0
        // add up to a number or to infinity, never NaN, so `>` catches both)
        let finite = types
            .iter()
            .all(|t| t.rate_per_s.iter().all(|r| r.is_finite()));
        if limit_errors_before == 0 && finite && expected > limits.max_contacts {
            e.push(
                "contact_types",
                format!(
                    "about {:.3e} contacts per replication exceed the limit of {:.3e} (raise it with --max-events)",
                    expected, limits.max_contacts
                ),
            );
        }
        if !e.list.is_empty() {
            return Err(ScenarioErrors(e.list));
        }
        Ok(Model {
            name: s.name.clone(),
            interval_s,
            intervals_per_day: ipd,
            n_intervals: n_int,
            horizon_s,
            warmup_s: s.warmup_minutes * 60.0,
            start_weekday,
            short_abandon_s,
            agent_hour_cost,
            overtime_factor,
            types,
            groups,
            max_in_system: DEFAULT_MAX_IN_SYSTEM,
            scenario: s.clone(),
        })
    }

    /// Interval index of time `t` (seconds from the start), clamped to the horizon.
    #[inline]
    pub fn interval_of(&self, t: f64) -> usize {
        ((t / self.interval_s) as usize).min(self.n_intervals - 1)
    }

    /// Expected offered load in Erlangs per interval, all types together (after self-service).
    pub fn offered_erlangs_per_interval(&self) -> Vec<f64> {
        (0..self.n_intervals)
            .map(|i| {
                self.types
                    .iter()
                    .map(|t| {
                        let deflect = t.self_service.as_ref().map_or(0.0, |s| s.0);
                        t.rate_per_s[i] * (1.0 - deflect) * (t.mean_handle_s + t.mean_wrap_s)
                            / t.concurrency as f64
                    })
                    .sum()
            })
            .collect()
    }

    /// Total agents over all groups.
    pub fn agent_count(&self) -> usize {
        self.groups.iter().map(|g| g.agents.len()).sum()
    }
}

/// Calendar geometry shared by the compile steps.
pub(crate) struct Geometry {
    pub ipd: usize,
    pub days: usize,
    pub start_weekday: usize,
}

impl Geometry {
    /// The lengths a per-interval list may have, for messages: "needs 48 (…) or 96 (…)".
    pub fn per_interval_lengths(&self) -> String {
        if self.days == 1 {
            format!("needs {} (one per interval of the day)", self.ipd)
        } else {
            format!(
                "needs {} (one per interval of a day) or {} (one per interval of the {}-day horizon)",
                self.ipd,
                self.ipd * self.days,
                self.days
            )
        }
    }
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

fn check_unique_ids(e: &mut Errors, what: &str, ids: &[&str]) {
    for (i, id) in ids.iter().enumerate() {
        if id.trim().is_empty() {
            e.push(format!("{what}[{i}].id"), "must not be empty");
        } else if ids[..i].contains(id) {
            e.push(format!("{what}[{i}].id"), format!("duplicate id \"{id}\""));
        }
    }
}
