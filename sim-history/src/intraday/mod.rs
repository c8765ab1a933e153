//! Intraday: the rest of the day from the day's actuals (`docs/intraday.md`, section
//! "Re-forecast from actuals").
//!
//! At a cut (the boundary before interval *k* of an *n*-interval day) the planner has the day's
//! original forecast `f₀ … fₙ₋₁` and the actual offered contacts `a₀ … aₖ₋₁` of the finished
//! intervals. [`reforecast`] returns the day with the actuals for `0 … k−1` and an updated forecast
//! for `k … n−1`, by a [`ReforecastMethod`]:
//!
//! - `keep`: the original forecast (the baseline);
//! - `ratio`: the rest scaled by the damped ratio `R̂ = (A + κ)/(E + κ)`, `A` = actual and `E` =
//!   forecast contacts so far, `κ` the damping in contacts;
//! - `profile`: the day total estimated from the elapsed share of an intraday profile (from
//!   history, [`weekday_profile`]), damped the same way, spread by the profile.
//!
//! [`intraday_backtest`] scores the methods on an interval history: for every scored day the
//! original forecast comes from a [`crate::forecast::Method`] fitted on the days before it, and
//! each method re-forecasts the rest of the day from every cut.
//!
//! Pure computation: no I/O, no threads (builds for `wasm32-unknown-unknown`).

mod backtest;
mod projection;
mod reforecast;
mod today;
mod whatif;

pub use backtest::{
    default_cuts, intraday_backtest, weekday_profile, IntradayBacktest, IntradayOptions,
    IntradayOverall, IntradayRow,
};
pub use projection::{
    run_today, Counts, Estimate, GroupReport, IntervalRow, TodayDelta, TodayRep, TodayReport,
    TypeKpis, TypeReport,
};
pub use reforecast::{reforecast, Damping, ReforecastMethod, DEFAULT_DAMPING};
pub use today::{actuals_date, IntervalActual, Today, TodayInput, TypeDay};
pub use whatif::{Change, TodayWhatIf};
