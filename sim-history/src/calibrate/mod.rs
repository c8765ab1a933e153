//! Calibration of a scenario from contact records (`ccsim calibrate`, and the page).
//!
//! ```text
//! let records = parse_records(text, &record_options)?;
//! let estimates = estimate(&records, &CalibrateOptions::default())?;     // no simulation
//! let scenario = calibrated_scenario(&estimates, base.as_ref(), "name")?; // runnable
//! let mut fit = AvailabilitySearch::new(scenario, &estimates, FitOptions::default())?;
//! let result = loop {
//!     match fit.next_step() {
//!         FitStep::Simulate(trial) => fit.submit(&run(&trial.scenario, trial.seed, trial.replications))?,
//!         FitStep::Done(result) => break result,   // the fitted scenario and the fit tables
//!     }
//! };
//! ```
//!
//! The estimators, each in its module and documented for planners in docs/history.md:
//! arrival rates per type and interval of the week ([`arrivals`]), handle and wrap-up times
//! ([`durations`]), patience from censored waits ([`survival`], [`patience`]), redials
//! ([`redial`]), staffing from agent activity ([`staffing`]), the scenario ([`scenario`]) and the
//! fit of the agents' availability by simulation ([`availability`], [`compare`]).

pub mod arrivals;
pub mod availability;
pub mod compare;
pub mod durations;
pub mod patience;
pub mod redial;
pub mod scenario;
pub mod staffing;
pub mod stats;
pub mod survival;
pub mod week;

pub use availability::{run_fit, AvailabilityFit, AvailabilitySearch, FitOptions, FitStep, Trial};
pub use scenario::calibrated_scenario;

use crate::error::InputError;
use crate::records::{Outcome, Records};
use arrivals::{estimate_arrivals, ArrivalEstimate};
use compare::{observed_counts, SlotCounts};
use durations::{fit_durations, DurationEstimate};
use patience::{estimate_patience, PatienceEstimate};
use redial::{estimate_redials, find_redials, RedialEstimate, DEFAULT_REDIAL_WINDOW_S};
use serde::Serialize;
use sim_core::dist::DistSpec;
use sim_core::Scenario;
use staffing::{estimate_staffing, StaffingEstimate};
use survival::Wait;
use week::Week;

/// A type's own patience fit is used from this many abandonments; below, the pooled fit.
pub const MIN_OWN_PATIENCE_EVENTS: usize = 20;

/// Options of the estimates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrateOptions {
    /// Interval length of the rates and of the scenario (must divide a day).
    pub interval_minutes: u32,
    /// A new contact of the same caller within this many seconds of an abandonment is a redial.
    pub redial_window_s: f64,
}

impl Default for CalibrateOptions {
    fn default() -> Self {
        CalibrateOptions {
            interval_minutes: 30,
            redial_window_s: DEFAULT_REDIAL_WINDOW_S,
        }
    }
}

/// What the records say about one contact type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeEstimate {
    pub id: String,
    pub contacts: usize,
    pub answered: usize,
    pub abandoned: usize,
    pub blocked: usize,
    pub deflected: usize,
    pub arrivals: ArrivalEstimate,
    /// Handle (talk) time of the answered contacts.
    pub handle_time: Option<DurationEstimate>,
    /// Wrap-up of the answered contacts, when the records have it.
    pub wrap_up: Option<DurationEstimate>,
    pub patience: PatienceEstimate,
    /// The patience the scenario gets: own fit, or the pooled one when the type has fewer than
    /// [`MIN_OWN_PATIENCE_EVENTS`] abandonments.
    pub patience_dist: Option<DistSpec>,
    pub patience_pooled: bool,
    pub redials: Option<RedialEstimate>,
}

/// Every estimate from the records (no simulation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimates {
    pub options: CalibrateOptions,
    pub week: Week,
    pub contacts: usize,
    pub skipped: usize,
    pub zero_handle: usize,
    pub handle_ignored: usize,
    pub types: Vec<TypeEstimate>,
    /// All types together.
    pub pooled_patience: PatienceEstimate,
    pub pooled_handle_time: Option<DurationEstimate>,
    /// None when the records name no agents.
    pub staffing: Option<StaffingEstimate>,
    /// Per slot of the week, per day, all types.
    pub observed: SlotCounts,
    pub observed_abandon_rate: Option<f64>,
    pub observed_asa_s: Option<f64>,
}

/// Everything `ccsim calibrate` reports: the estimates, the fit of the agents' availability and
/// the runnable scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub estimates: Estimates,
    pub availability: Option<AvailabilityFit>,
    pub scenario: Scenario,
}

/// Estimates everything the records show (see the module documentation).
pub fn estimate(records: &Records, options: &CalibrateOptions) -> Result<Estimates, InputError> {
    let im = options.interval_minutes;
    if im == 0 || 1440 % im != 0 {
        return Err(InputError::option(
            "--interval-minutes",
            &im.to_string(),
            "must divide a day of 1440 minutes, e.g. 15, 30 or 60",
        ));
    }
    if options.redial_window_s.is_nan() || options.redial_window_s <= 0.0 {
        return Err(InputError::option(
            "redial window",
            &options.redial_window_s.to_string(),
            "must be a positive number of seconds",
        ));
    }
    let recs = &records.records;
    let week = Week::of(records, im);
    let redial_of = find_redials(recs, options.redial_window_s);
    let is_redial: Vec<bool> = redial_of.iter().map(Option::is_some).collect();
    let mut ids: Vec<&str> = Vec::new();
    for r in recs {
        if !ids.contains(&r.contact_type.as_str()) {
            ids.push(&r.contact_type);
        }
    }
    ids.sort_unstable();
    let waits = |idx: &[usize]| -> Vec<Wait> {
        idx.iter()
            .map(|&i| &recs[i])
            .filter(|r| matches!(r.outcome, Outcome::Answered | Outcome::Abandoned))
            .map(|r| Wait {
                seconds: r.wait_s,
                abandoned: r.outcome == Outcome::Abandoned,
            })
            .collect()
    };
    let all: Vec<usize> = (0..recs.len()).collect();
    let pooled_patience = estimate_patience(&waits(&all));
    let handles =
        |idx: &[usize]| -> Vec<f64> { idx.iter().filter_map(|&i| recs[i].handle_s).collect() };
    let pooled_handle_time = fit_durations(&handles(&all));
    let mut types = Vec::new();
    for id in ids {
        let idx: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| recs[i].contact_type == id)
            .collect();
        let count = |o: Outcome| idx.iter().filter(|&&i| recs[i].outcome == o).count();
        let wraps: Vec<f64> = idx.iter().filter_map(|&i| recs[i].wrap_s).collect();
        let patience = estimate_patience(&waits(&idx));
        let own = patience.kaplan_meier.abandoned >= MIN_OWN_PATIENCE_EVENTS;
        types.push(TypeEstimate {
            id: id.to_string(),
            contacts: idx.len(),
            answered: count(Outcome::Answered),
            abandoned: count(Outcome::Abandoned),
            blocked: count(Outcome::Blocked),
            deflected: count(Outcome::Deflected),
            arrivals: estimate_arrivals(recs, &idx, &is_redial, &week),
            handle_time: fit_durations(&handles(&idx)),
            wrap_up: fit_durations(&wraps).filter(|w| w.sample_mean > 0.0),
            patience_dist: if own {
                patience.dist.clone()
            } else {
                pooled_patience.dist.clone()
            },
            patience_pooled: !own,
            patience,
            redials: records
                .has_callers
                .then(|| estimate_redials(recs, &idx, &redial_of, options.redial_window_s)),
        });
    }
    let observed = observed_counts(recs, &week);
    let (observed_abandon_rate, observed_asa_s) = observed.totals();
    Ok(Estimates {
        options: options.clone(),
        contacts: recs.len(),
        skipped: records.skipped,
        zero_handle: records.zero_handle,
        handle_ignored: records.handle_ignored,
        types,
        pooled_patience,
        pooled_handle_time,
        staffing: records.has_agents.then(|| estimate_staffing(recs, &week)),
        observed,
        observed_abandon_rate,
        observed_asa_s,
        week,
    })
}

#[cfg(test)]
#[path = "calibrate_tests.rs"]
mod tests;
