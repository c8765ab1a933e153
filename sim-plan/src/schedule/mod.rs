//! Schedule generation: shifts, breaks and days-off patterns that meet the targets, verified
//! by simulation (docs/schedule.md).
//!
//! - [`rules`]: the shift rules file (templates, break windows, weekly rules, floors), validated
//!   with field paths.
//! - [`grid`]: the week of intervals a schedule is planned on.
//! - [`requirement_csv`]: a given requirement (`--requirement`).
//! - [`cover`]: the minimum-cost cover as an integer program (microlp, pure Rust).
//! - [`roster`]: the solved cover as a scenario, schedule rows and coverage.
//! - [`repair`]: optimise → simulate → repair, as a resumable state machine.
//! - [`starter`]: a starter rules file read off a scenario's current shifts.

pub mod cover;
pub mod grid;
pub mod repair;
pub mod requirement_csv;
pub mod roster;
pub mod rules;
mod start;
pub mod starter;

pub use cover::{solve_cover, Cover, Line, SolveStatus, SolverOptions};
pub use grid::Grid;
pub use repair::{
    verification_seed, Iteration, RunPurpose, ScheduleOptions, ScheduleResult, ScheduleRun,
    ScheduleSearch, ScheduleStep, TargetCheck,
};
pub use requirement_csv::parse_requirement;
pub use roster::{
    cell_coverage, coverage_rows, horizon_cost, scenario_with, schedule_rows, CoverageRow,
    ScheduleRow,
};
pub use rules::{parse_rules, Rules, RulesFile};
pub use starter::starter_rules;
