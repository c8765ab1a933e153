//! Intraday: the rest of the day from the current state of the center (`docs/intraday.md`).
//!
//! A [`StartState`] (JSON: the clock time, agents and their status, waiting contacts) is checked
//! against the day's model into a [`StartPlan`] ([`plan`]); [`run_from_state`] runs one
//! replication of the rest of the day from it ([`crate::Simulation::from_state`] for the
//! step-wise form). [`day_scenario`] turns a scenario into the model of one of its days.

mod plan;
mod read;
mod state;

pub use plan::{
    plan, AgentStart, ExtraAgent, InHand, StartPlan, DEFAULT_BREAK_LEFT_S, DEFAULT_OFF_PHONE_LEFT_S,
};
pub use state::{
    parse_time_of_day, AgentState, AgentStatus, ContactInHand, GroupState, QueueState,
    SelfServiceState, StartState,
};

use crate::scenario::Scenario;
use crate::tally::ReplicationTally;
use crate::{Model, Simulation};

/// The scenario of an intraday run for day `day` (1-based) of `s`: the horizon ends with that
/// day (nothing after it is simulated) and there is no warm-up (the run starts from a real state,
/// not from an empty center).
pub fn day_scenario(s: &Scenario, day: u32) -> Scenario {
    let mut s = s.clone();
    s.days = day.max(1).min(s.days.max(1));
    s.warmup_minutes = 0.0;
    s
}

/// One replication of the rest of the day from `plan`.
pub fn run_from_state(
    model: &Model,
    plan: &StartPlan,
    seed: u64,
    replication: u32,
) -> ReplicationTally {
    Simulation::from_state(model, seed, replication, plan).finish()
}

#[cfg(test)]
mod tests;
