//! # sim-plan: the planning layer of ccsim
//!
//! Planning logic that both front ends call — the `ccsim` CLI natively and the web page through
//! sim-wasm — so that the same scenario, seed and replications give the same numbers in both.
//! Like sim-core it does no I/O and starts no threads, and it builds for `wasm32-unknown-unknown`.
//!
//! - [`targets`]: the targets a staffing is planned for (from the scenario, or overridden as
//!   `service_level=0.8`, `TYPE.abandon_rate=0.05`), validated with clear messages.
//! - [`requirement`]: offered load and the Erlang B/C/A requirement per interval, per contact type,
//!   per agent group and for the center — one definition, documented in `docs/planning.md`; plus
//!   the Erlang prediction of a type's KPIs for a given staffing (the analytic overlay).
//! - [`search`]: the simulation staffing search as a resumable state machine: it proposes a
//!   staffing, the caller runs the replications (rayon threads in the CLI, Web Workers in the
//!   page) and hands back the report, it proposes the next step or finishes.
//!
//! - [`schedule`]: shift, break and days-off generation (an integer program solved with
//!   microlp) verified and repaired by simulation.
//!
//! The forecast and intraday steps of the planning loop build on these pieces.

pub mod requirement;
pub mod schedule;
pub mod search;
pub mod targets;

pub use requirement::{erlang_prediction, Prediction, Requirement};
pub use search::{Proposal, SearchOptions, StaffingPlan, StaffingSearch, Step};
pub use targets::{PlanError, StaffingTargets, TypeTarget};

use sim_core::Model;

/// Index of the first interval whose statistics are measured (the first after the warm-up).
/// Intervals before it are reported but never planned for.
pub fn first_measured_interval(model: &Model) -> usize {
    if model.interval_s > 0.0 {
        ((model.warmup_s / model.interval_s).floor() as usize).min(model.n_intervals)
    } else {
        0
    }
}
