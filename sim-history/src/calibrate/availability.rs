//! Calibrating what records cannot show: the share of their time that the agents seen serving
//! are *not ready* (after-call admin, unlogged breaks, personal time), fitted by simulation so that
//! the simulated abandonment matches the records'. The share is the scenario's off-phone form
//! `off_phone = [{ activity = "not-ready", share = s }]` on every agent group
//! (docs/scenario.md). The ASA is not fitted: its agreement is the independent check.
//!
//! A resumable state machine, like sim-plan's staffing search, so that the CLI runs each step's
//! replications on its threads and the page on its workers:
//!
//! 1. simulate with s = 0; if the simulation already abandons at least as much as the records, stop
//!    there (the staffing estimate is too low already: the fit is *at its bound*);
//! 2. simulate with s = `max_share`; if it still abandons less, stop there (at the bound);
//! 3. bisect on s (the same seed every step: common random numbers keep the curve monotone)
//!    until `max_steps` simulations; the result is the step whose abandonment is closest.

use super::compare::{fit_tables, simulated_counts, FitTables, SlotCounts};
use super::week::Week;
use super::Estimates;
use crate::error::InputError;
use serde::Serialize;
use sim_core::scenario::OffPhoneSpec;
use sim_core::{Report, Scenario};

/// The activity name of the fitted not-ready time.
pub const NOT_READY: &str = "not-ready";

/// How the fit runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FitOptions {
    /// Replications per simulation step (at least 2).
    pub replications: u32,
    pub seed: u64,
    /// Most simulation steps (at least 2).
    pub max_steps: u32,
    /// Largest not-ready share tried (below 1).
    pub max_share: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            replications: 20,
            seed: 1,
            max_steps: 10,
            max_share: 0.9,
        }
    }
}

/// A scenario to simulate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// 1 for the first step.
    pub step: u32,
    pub max_steps: u32,
    pub not_ready_share: f64,
    /// Run replications `0..replications` with this seed.
    pub seed: u64,
    pub replications: u32,
    pub scenario: Scenario,
}

/// What the caller does next.
#[derive(Debug, Clone, PartialEq)]
pub enum FitStep {
    Simulate(Box<Trial>),
    Done(Box<AvailabilityFit>),
}

/// One simulated step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrialResult {
    pub not_ready_share: f64,
    pub simulated_abandon_rate: Option<f64>,
    pub simulated_asa_s: Option<f64>,
}

/// The fitted availability and how well the calibrated scenario follows the records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvailabilityFit {
    pub not_ready_share: f64,
    /// Why the fit stopped at a bound of the share, if it did.
    pub at_bound: Option<String>,
    pub observed_abandon_rate: f64,
    pub observed_asa_s: Option<f64>,
    pub simulated_abandon_rate: Option<f64>,
    pub simulated_asa_s: Option<f64>,
    pub replications: u32,
    pub seed: u64,
    pub trials: Vec<TrialResult>,
    /// Simulated against observed, per hour of the week and per weekday.
    pub fit: FitTables,
    /// The calibrated scenario with the fitted share.
    pub scenario: Scenario,
}

/// The fit (see the module documentation).
#[derive(Debug, Clone)]
pub struct AvailabilitySearch {
    base: Scenario,
    week: Week,
    observed: SlotCounts,
    target: f64,
    observed_asa_s: Option<f64>,
    options: FitOptions,
    lo: f64,
    hi: f64,
    trials: Vec<(TrialResult, SlotCounts)>,
    pending: Option<f64>,
    finished: Option<Box<AvailabilityFit>>,
}

/// `base` with every group's agents not ready for `share` of their time (no change at 0).
pub fn with_not_ready(base: &Scenario, share: f64) -> Scenario {
    let mut s = base.clone();
    if share > 0.0 {
        for g in &mut s.agent_groups {
            g.off_phone.retain(|o| o.activity != NOT_READY);
            g.off_phone.push(OffPhoneSpec {
                activity: NOT_READY.into(),
                start: None,
                minutes: None,
                share: Some(share),
                agents: None,
                days: None,
            });
        }
    }
    s
}

impl AvailabilitySearch {
    /// A fit of `scenario` (from [`super::calibrated_scenario`]) to the records behind `est`.
    pub fn new(
        scenario: Scenario,
        est: &Estimates,
        options: FitOptions,
    ) -> Result<Self, InputError> {
        let bad = |what: &str, v: String, allowed: &str| InputError::option(what, &v, allowed);
        if options.replications < 2 {
            return Err(bad(
                "--replications",
                options.replications.to_string(),
                "at least 2",
            ));
        }
        if options.max_steps < 2 {
            return Err(bad(
                "max_steps",
                options.max_steps.to_string(),
                "at least 2",
            ));
        }
        if !(0.0..1.0).contains(&options.max_share) {
            return Err(bad("max_share", options.max_share.to_string(), "in [0, 1)"));
        }
        let target = est.observed_abandon_rate.ok_or_else(|| {
            InputError::file(
                "no answered or abandoned contacts: nothing to fit the availability to",
            )
        })?;
        Ok(AvailabilitySearch {
            base: scenario,
            week: est.week.clone(),
            observed: est.observed.clone(),
            target,
            observed_asa_s: est.observed_asa_s,
            options,
            lo: 0.0,
            hi: options.max_share,
            trials: Vec::new(),
            pending: None,
            finished: None,
        })
    }

    /// The next thing to do; asking again before [`Self::submit`] returns the same trial.
    pub fn next_step(&mut self) -> FitStep {
        if let Some(done) = &self.finished {
            return FitStep::Done(done.clone());
        }
        let next = match self.trials.len() {
            0 => 0.0,
            1 => self.options.max_share,
            _ => 0.5 * (self.lo + self.hi),
        };
        let share = *self.pending.get_or_insert(next);
        FitStep::Simulate(Box::new(Trial {
            step: self.trials.len() as u32 + 1,
            max_steps: self.options.max_steps,
            not_ready_share: share,
            seed: self.options.seed,
            replications: self.options.replications,
            scenario: with_not_ready(&self.base, share),
        }))
    }

    /// Hands back the report of the pending trial's simulation.
    pub fn submit(&mut self, report: &Report) -> Result<(), String> {
        let share = self.pending.take().ok_or("no simulation is pending")?;
        let counts = simulated_counts(report, &self.week);
        let (ab, asa) = counts.totals();
        let ab_v = ab.unwrap_or(0.0);
        self.trials.push((
            TrialResult {
                not_ready_share: share,
                simulated_abandon_rate: ab,
                simulated_asa_s: asa,
            },
            counts,
        ));
        let n = self.trials.len();
        if n == 1 && ab_v >= self.target {
            self.finish(Some(
                "with every agent seen serving available all the time, the simulation already \
                 abandons at least as much as the records: the staffing estimate is too low \
                 (idle agents are invisible in the records) or patience too short"
                    .into(),
            ));
            return Ok(());
        }
        if n == 2 && ab_v <= self.target {
            self.finish(Some(format!(
                "even with agents not ready {:.0} % of the time the simulation abandons less than \
                 the records: the staffing estimate is too high or patience too long",
                self.options.max_share * 100.0
            )));
            return Ok(());
        }
        if n > 2 {
            if ab_v < self.target {
                self.lo = share;
            } else {
                self.hi = share;
            }
        }
        if n as u32 >= self.options.max_steps {
            self.finish(None);
        }
        Ok(())
    }

    fn finish(&mut self, at_bound: Option<String>) {
        let target = self.target;
        let gap = |t: &TrialResult| (t.simulated_abandon_rate.unwrap_or(0.0) - target).abs();
        let best = match &at_bound {
            Some(_) => self.trials.last(),
            None => self
                .trials
                .iter()
                .min_by(|a, b| gap(&a.0).total_cmp(&gap(&b.0))),
        }
        .cloned()
        .expect("at least one trial");
        self.finished = Some(Box::new(AvailabilityFit {
            not_ready_share: best.0.not_ready_share,
            at_bound,
            observed_abandon_rate: target,
            observed_asa_s: self.observed_asa_s,
            simulated_abandon_rate: best.0.simulated_abandon_rate,
            simulated_asa_s: best.0.simulated_asa_s,
            replications: self.options.replications,
            seed: self.options.seed,
            trials: self.trials.iter().map(|t| t.0.clone()).collect(),
            fit: fit_tables(&self.observed, &best.1, &self.week),
            scenario: with_not_ready(&self.base, best.0.not_ready_share),
        }));
    }
}

/// Runs the whole fit with `run` simulating each trial (the caller's threads or workers).
pub fn run_fit<E>(
    mut search: AvailabilitySearch,
    mut run: impl FnMut(&Trial) -> Result<Report, E>,
    on_error: impl Fn(String) -> E,
) -> Result<AvailabilityFit, E> {
    loop {
        match search.next_step() {
            FitStep::Done(fit) => return Ok(*fit),
            FitStep::Simulate(trial) => {
                let report = run(&trial)?;
                search.submit(&report).map_err(&on_error)?;
            }
        }
    }
}
