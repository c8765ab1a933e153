//! # sim-core: the ccsim engine
//!
//! A discrete-event simulator of multi-skill contact centers, plus exact queueing formulas.
//! Data flows one way:
//!
//! scenario text → [`scenario::Scenario`] → validated [`model::Model`] →
//! [`engine::run_replication`] → [`tally::ReplicationTally`] → [`kpi`] values →
//! [`summary::Summary`] (merged across replications, threads, workers or machines).
//!
//! No I/O, no threads, no clocks: the crate builds for `wasm32-unknown-unknown` and gives
//! bit-identical results there.

pub mod analytic;
pub mod calendar;
pub mod dist;
pub mod engine;
pub mod error;
mod horizon;
pub mod intraday;
pub mod model;
mod residual;
pub mod rng;
pub mod sample;
pub mod scenario;
pub mod schedule;
pub mod tally;

pub use engine::{
    run_replication, run_replication_with_records, ContactRecord, Outcome, Simulation,
};
pub use error::{FieldError, ScenarioErrors};
pub use model::{Limits, Model};
pub use scenario::{Format, Scenario};
pub mod kpi;
pub mod report;
pub mod stats;
pub mod summary;
pub use report::{compare, KpiDiff, Report, Scope};
pub use summary::Summary;

/// Runs the given replications one after another and merges them (no threads: the CLI runs
/// parts in parallel and merges them; the web app runs one part per worker).
pub fn run_batch(model: &Model, seed: u64, replications: impl IntoIterator<Item = u32>) -> Summary {
    let mut s = Summary::new(model, seed);
    for r in replications {
        let t = run_replication(model, seed, r);
        s.add(model, &t);
    }
    s
}
pub mod whatif;
mod ziggurat_tables;

/// The statistical check families of the unit tests: the same file as the integration tests' (one
/// implementation; see docs/testing.md).
#[cfg(test)]
#[path = "../tests/common/family.rs"]
mod family;
