//! The compiled model: a validated scenario in the form the engine runs.
//!
//! Compiling has two steps, each in its own module: `check` validates every field (all errors at
//! once, each with its path), resolves ids to indices, expands arrival volumes to a rate per
//! interval of the horizon and schedules to one plan per agent (see [`crate::schedule`]);
//! `build` then assembles the runtime model (serve orders, routes, scheduled headcounts) from
//! the checked scenario and cannot fail.

use crate::dist::{DistSpec, Sampler};
use crate::error::ScenarioErrors;
use crate::scenario::{Format, Scenario};
use crate::schedule::AgentPlan;

mod agent_group;
mod arrivals;
mod build;
mod check;
mod contact_type;
mod loops;
mod routing;
mod settings;

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
    /// The contact type (index) whose day factors this type shares (`arrivals.volume_group`):
    /// itself when it has no group or is the group's first type.
    pub volume_leader: usize,
    pub handle: Sampler,
    /// The handle-time distribution as written (the live trainer rescales it to a new mean).
    pub handle_spec: DistSpec,
    pub mean_handle_s: f64,
    pub wrap: Option<Sampler>,
    pub mean_wrap_s: f64,
    /// Multiplier of talk and wrap-up time by interval of answer, one per interval of the
    /// horizon (`None`: 1 everywhere).
    pub handle_time_factors: Option<Vec<f64>>,
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
    /// Redialling after abandoning.
    pub retry: Option<Retry>,
    /// Self-service (IVR, bot) in front of the queue.
    pub self_service: Option<SelfService>,
    /// First-contact resolution: unresolved contacts come back later.
    pub fcr: Option<Fcr>,
    /// Transfers to other contact types after handling (shares add up to at most 1).
    pub transfers: Vec<Transfer>,
    /// Virtual hold: a callback offered when the expected wait is long.
    pub callback: Option<CallbackOffer>,
    /// Agent groups that can serve this type, most preferred first.
    pub route: Vec<usize>,
}

impl ContactType {
    /// Share of arrivals that self-service resolves (0 without self-service).
    pub fn deflection_share(&self) -> f64 {
        self.self_service
            .as_ref()
            .map_or(0.0, |s| s.deflection_share)
    }

    /// Handle-time factor of interval `i` of the horizon (1 without `handle_time_factors`).
    #[inline]
    pub fn handle_factor(&self, i: usize) -> f64 {
        self.handle_time_factors
            .as_ref()
            .map_or(1.0, |f| f.get(i).copied().unwrap_or(1.0))
    }

    /// Mean talk + wrap-up of a contact answered in interval `i` (at a group with speed 1, one
    /// chat at a time): the interval's own average handle time.
    pub fn mean_service_s(&self, i: usize) -> f64 {
        (self.mean_handle_s + self.mean_wrap_s) * self.handle_factor(i)
    }
}

/// Redialling: a caller who abandons calls again after a delay, with some probability.
#[derive(Debug, Clone)]
pub struct Retry {
    /// Probability that an abandoning contact redials.
    pub probability: f64,
    /// Time from abandoning to the redial, seconds.
    pub delay: Sampler,
    /// Mean of `delay`, seconds.
    pub mean_delay_s: f64,
}

/// Self-service in front of the queue: every arrival spends some time in it first; a share of
/// them is resolved there and never reaches an agent.
#[derive(Debug, Clone)]
pub struct SelfService {
    /// Share of arrivals resolved in self-service.
    pub deflection_share: f64,
    /// Time a contact spends in self-service, seconds.
    pub duration: Sampler,
    /// Contacts self-service can hold at once (`None` = unlimited); arrivals finding every port
    /// busy skip it and go straight to the queue.
    pub ports: Option<u32>,
}

/// First-contact resolution: a handled contact that is not resolved comes back as a repeat.
#[derive(Debug, Clone)]
pub struct Fcr {
    /// Share of handled contacts resolved the first time.
    pub rate: f64,
    /// Time from the end of handling to the repeat contact, seconds.
    pub repeat_delay: Sampler,
    /// Mean of `repeat_delay`, seconds.
    pub mean_repeat_delay_s: f64,
    /// Contact type (index) of the repeat.
    pub repeat_as: usize,
}

/// A transfer after handling: a new contact of another type.
#[derive(Debug, Clone, Copy)]
pub struct Transfer {
    /// Contact type (index) the contact is transferred to.
    pub to: usize,
    /// Share of handled contacts transferred there.
    pub share: f64,
}

/// Virtual hold: when the expected wait exceeds a threshold, an arriving contact is offered a
/// callback; who accepts leaves the queue and becomes a contact of the callback type.
#[derive(Debug, Clone, Copy)]
pub struct CallbackOffer {
    /// Expected wait above which the callback is offered, seconds.
    pub offer_when_wait_s: f64,
    /// Share of offered contacts that accept.
    pub accept_share: f64,
    /// Contact type (index) of the callback.
    pub to: usize,
}

/// How a group's agents are planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staffing {
    /// The same headcount for the whole horizon.
    Constant(u32),
    /// A headcount per interval.
    PerInterval,
    /// Shift lines (with breaks); the number of lines.
    ShiftLines(usize),
}

/// A compiled agent group.
#[derive(Debug, Clone)]
pub struct AgentGroup {
    pub id: String,
    /// Contact types the group is skilled for (indices), in the order the scenario lists them.
    pub skills: Vec<usize>,
    /// How the agents are planned (headcount or shift lines).
    pub staffing: Staffing,
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

impl AgentGroup {
    /// True when the group is planned with shift lines (not a headcount).
    pub fn planned_with_shifts(&self) -> bool {
        matches!(self.staffing, Staffing::ShiftLines(_))
    }
}

/// A validated scenario ready to run.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    /// Length of an interval, seconds.
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
    /// The scenario's free-text description, if any.
    pub description: Option<String>,
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

    /// Validates a scenario and compiles it; returns every problem found. Two steps: checking
    /// (`check`: every field, all errors with their paths, ids resolved) and building
    /// the runtime model from the checked scenario (`build`, which cannot fail).
    pub fn compile(s: &Scenario, limits: Limits) -> Result<Model, ScenarioErrors> {
        check::check(s, limits).map(build::build)
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
                        let deflect = t.deflection_share();
                        t.rate_per_s[i] * (1.0 - deflect) * t.mean_service_s(i)
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
