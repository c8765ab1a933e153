//! The simulation staffing search, as a resumable state machine.
//!
//! ```text
//! let mut search = StaffingSearch::new(&model, targets, options)?;
//! loop {
//!     match search.next_step() {
//!         Step::Simulate(p) => {
//!             let scenario = p.scenario(&base);      // the base with p's headcount per interval
//!             let report = run(scenario, p.seed, 0..p.replications); // the caller's threads/workers
//!             search.submit(&report)?;
//!         }
//!         Step::Done(plan) => break plan,
//!     }
//! }
//! ```
//!
//! The method (documented for planners in `docs/planning.md`):
//! 1. Start from the Erlang requirement of every planned group ([`crate::requirement`]).
//! 2. Simulate. Every measured interval of a planned group is checked against the targets of its
//!    first-choice types (the simulated mean over the replications): service level at least the
//!    target, abandonment at most the maximum.
//! 3. Where a target is missed, add agents (one, plus one per 10 points of shortfall) and
//!    simulate again; an interval that has missed with k agents never goes below k + 1 again.
//! 4. When every interval meets its targets, remember this staffing as the best so far and try one
//!    agent fewer in every interval not yet shown to need its agents; intervals that then miss
//!    get their agent back (and keep it for good), and the staffing is simulated again.
//! 5. Stop when no interval can be trimmed, or after `max_steps` simulations. The result is the
//!    last staffing that met every target (converged), or the last one tried (not converged).
//!
//! The search is deterministic: the same model, targets, options and reports give the same
//! steps, so the CLI and the page (same seed, same replications, bit-identical engine) agree.

use crate::requirement::{erlang_requirement, Requirement};
use crate::targets::{PlanError, StaffingTargets};
use serde::Serialize;
use sim_core::report::{time_label, Named, Report, TargetReport};
use sim_core::scenario::StaffingSpec;
use sim_core::stats::Describe;
use sim_core::{Model, Scenario};

/// How the search runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SearchOptions {
    /// Replications per simulation step (at least 2).
    pub replications: u32,
    /// Seed of every simulation step (common random numbers across steps).
    pub seed: u64,
    /// Most simulation steps (at least 1).
    pub max_steps: u32,
    /// Never plan fewer agents than this in an interval of a planned group that has load.
    pub min_agents: u32,
    /// Never plan more agents than this in one interval of one group.
    pub max_agents: u32,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            replications: 40,
            seed: 1,
            max_steps: 40,
            min_agents: 0,
            max_agents: 100_000,
        }
    }
}

/// A staffing to simulate: headcount per interval of each planned group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// 1 for the first simulation step.
    pub step: u32,
    pub max_steps: u32,
    /// Run replications `0..replications` with this seed.
    pub seed: u64,
    pub replications: u32,
    /// Per group: planned by the search (its headcount is replaced) or kept as scheduled.
    pub planned: Vec<bool>,
    /// [group][interval] headcount (for groups that are not planned: their scheduled headcount).
    pub agents: Vec<Vec<u32>>,
}

impl Proposal {
    /// `base` with this headcount per interval for every planned group (staffing.per_interval;
    /// shift lines of those groups are replaced). `base` must be the scenario the search's model
    /// was compiled from (same groups in the same order).
    pub fn scenario(&self, base: &Scenario) -> Scenario {
        staffed_scenario(base, &self.planned, &self.agents)
    }
}

/// `base` with the given headcount per interval in every group where `planned` is true.
pub fn staffed_scenario(base: &Scenario, planned: &[bool], agents: &[Vec<u32>]) -> Scenario {
    let mut s = base.clone();
    for (g, spec) in s.agent_groups.iter_mut().enumerate() {
        if planned.get(g).copied().unwrap_or(false) {
            spec.staffing = Some(StaffingSpec {
                constant: None,
                per_interval: Some(agents[g].clone()),
            });
            spec.shifts.clear();
        }
    }
    s
}

/// What the caller does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Simulate this staffing and [`StaffingSearch::submit`] its report.
    Simulate(Proposal),
    /// The search is over.
    Done(Box<StaffingPlan>),
}

/// Simulated KPIs of one planned group in one interval: the worst over its first-choice types.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct IntervalCheck {
    /// Lowest simulated mean service level among the types with a service-level target.
    pub service_level: Option<f64>,
    /// Highest simulated mean abandonment among the types with an abandonment target.
    pub abandon_rate: Option<f64>,
    /// Every target of every first-choice type met.
    pub met: bool,
    /// How far the worst target is missed (0 when met); abandonment counts double.
    #[serde(skip)]
    pub shortfall: f64,
}

/// One simulated staffing: headcount, the check of every (group, interval) and the report.
#[derive(Debug, Clone, PartialEq)]
struct Tried {
    agents: Vec<Vec<u32>>,
    checks: Vec<Vec<IntervalCheck>>,
    report: Report,
}

impl Tried {
    fn all_met(&self) -> bool {
        self.checks.iter().all(|g| g.iter().all(|c| c.met))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Erlang,
    Raise,
    Trim(Vec<(usize, usize)>),
    Confirm,
}

/// The staffing search (see the module docs).
#[derive(Debug, Clone)]
pub struct StaffingSearch {
    model: Model,
    targets: StaffingTargets,
    options: SearchOptions,
    requirement: Requirement,
    first: usize,
    agents: Vec<Vec<u32>>,
    floor: Vec<Vec<u32>>,
    steps: u32,
    /// Reports handed back (simulation steps completed).
    completed: u32,
    pending: Option<Pending>,
    at_erlang: Option<Tried>,
    current: Option<Tried>,
    best: Option<Tried>,
    finished: Option<Box<StaffingPlan>>,
}

impl StaffingSearch {
    /// A search for `targets` on `model` (compiled from the base scenario, what-ifs applied).
    pub fn new(
        model: &Model,
        targets: StaffingTargets,
        options: SearchOptions,
    ) -> Result<StaffingSearch, PlanError> {
        let bad = |field: &str, v: u32, allowed: &str| PlanError {
            field: field.into(),
            value: v.to_string(),
            allowed: allowed.into(),
        };
        if options.replications < 2 {
            return Err(bad(
                "replications",
                options.replications,
                "at least 2 per simulation step",
            ));
        }
        if options.max_steps < 1 {
            return Err(bad("max_steps", options.max_steps, "at least 1"));
        }
        if options.min_agents > options.max_agents {
            return Err(bad(
                "min_agents",
                options.min_agents,
                "at most the largest headcount allowed per interval",
            ));
        }
        if targets.by_type.len() != model.types.len() {
            return Err(PlanError {
                field: "targets".into(),
                value: String::new(),
                allowed: "one entry per contact type of the model".into(),
            });
        }
        let requirement =
            erlang_requirement(model, &targets, options.min_agents, options.max_agents);
        let agents: Vec<Vec<u32>> = (0..model.groups.len())
            .map(|g| {
                if requirement.planned[g] {
                    requirement.group_agents[g].clone()
                } else {
                    (0..model.n_intervals)
                        .map(|i| scheduled(model, g, i).round() as u32)
                        .collect()
                }
            })
            .collect();
        let floor = agents
            .iter()
            .map(|r| {
                r.iter()
                    .map(|&x| if x > 0 { options.min_agents.min(x) } else { 0 })
                    .collect()
            })
            .collect();
        Ok(StaffingSearch {
            model: model.clone(),
            first: crate::first_measured_interval(model),
            targets,
            options,
            requirement,
            agents,
            floor,
            steps: 0,
            completed: 0,
            pending: None,
            at_erlang: None,
            current: None,
            best: None,
            finished: None,
        })
    }

    /// The Erlang requirement the search started from.
    pub fn requirement(&self) -> &Requirement {
        &self.requirement
    }

    /// Simulation steps proposed so far.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// Simulation steps whose report was handed back.
    pub fn completed(&self) -> u32 {
        self.completed
    }

    pub fn options(&self) -> &SearchOptions {
        &self.options
    }

    /// What to do next. Asking again before submitting gives the same proposal.
    pub fn next_step(&mut self) -> Step {
        if let Some(done) = &self.finished {
            return Step::Done(done.clone());
        }
        if self.pending.is_some() {
            return Step::Simulate(self.proposal());
        }
        let Some(cur) = &self.current else {
            return self.propose(Pending::Erlang);
        };
        if self.steps >= self.options.max_steps {
            return self.finish(false);
        }
        let failing: Vec<(usize, usize)> = cells(&cur.checks)
            .filter(|&(g, i)| !cur.checks[g][i].met)
            .collect();
        if !failing.is_empty() {
            let max = self.options.max_agents;
            for &(g, i) in &failing {
                let step = 1 + (cur.checks[g][i].shortfall / 0.1).floor() as u32;
                self.agents[g][i] = self.agents[g][i].saturating_add(step).min(max);
                self.floor[g][i] = self.floor[g][i].max(self.agents[g][i].saturating_sub(step) + 1);
            }
            return self.propose(Pending::Raise);
        }
        self.best = Some(cur.clone());
        let cands: Vec<(usize, usize)> = cells(&cur.checks)
            .filter(|&(g, i)| {
                self.requirement.planned[g]
                    && i >= self.first
                    && self.agents[g][i] > self.floor[g][i]
            })
            .collect();
        if cands.is_empty() {
            return self.finish(false);
        }
        for &(g, i) in &cands {
            self.agents[g][i] -= 1;
        }
        self.propose(Pending::Trim(cands))
    }

    /// Hands back the report of the last proposal (all its replications, its seed).
    pub fn submit(&mut self, report: &Report) -> Result<(), PlanError> {
        let Some(pending) = self.pending.take() else {
            return Err(PlanError {
                field: "report".into(),
                value: String::new(),
                allowed: "submit a report only after next_step() proposed a simulation".into(),
            });
        };
        if report.by_interval.len() != self.model.n_intervals {
            self.pending = Some(pending);
            return Err(PlanError {
                field: "report.by_interval".into(),
                value: report.by_interval.len().to_string(),
                allowed: format!(
                    "{} intervals: the report of the proposed staffing",
                    self.model.n_intervals
                ),
            });
        }
        self.completed += 1;
        let tried = Tried {
            agents: self.agents.clone(),
            checks: self.check(report),
            report: report.clone(),
        };
        match pending {
            Pending::Erlang => {
                self.at_erlang = Some(tried.clone());
                self.current = Some(tried);
            }
            Pending::Raise | Pending::Confirm => self.current = Some(tried),
            Pending::Trim(cands) => {
                let mut reverted = false;
                for &(g, i) in &cands {
                    if !tried.checks[g][i].met {
                        self.agents[g][i] += 1;
                        self.floor[g][i] = self.agents[g][i];
                        reverted = true;
                    }
                }
                if !reverted {
                    self.current = Some(tried);
                } else if self.steps < self.options.max_steps {
                    self.pending = Some(Pending::Confirm);
                } else {
                    self.finish(false);
                }
            }
        }
        Ok(())
    }

    /// Ends the search now (e.g. the user cancelled): the best staffing found so far, marked
    /// partial. `None` when not even the first simulation finished.
    pub fn stop(&mut self) -> Option<Box<StaffingPlan>> {
        if self.finished.is_none() {
            self.current.as_ref()?;
            self.pending = None;
            self.finish(true);
        }
        self.finished.clone()
    }

    fn propose(&mut self, p: Pending) -> Step {
        self.steps += 1;
        self.pending = Some(p);
        Step::Simulate(self.proposal())
    }

    fn proposal(&self) -> Proposal {
        Proposal {
            step: self.steps,
            max_steps: self.options.max_steps,
            seed: self.options.seed,
            replications: self.options.replications,
            planned: self.requirement.planned.clone(),
            agents: self.agents.clone(),
        }
    }

    fn finish(&mut self, partial: bool) -> Step {
        let cur = self
            .current
            .as_ref()
            .expect("finish after the first simulation");
        let (chosen, converged) = if cur.all_met() {
            (cur, true)
        } else if let Some(b) = &self.best {
            (b, true)
        } else {
            (cur, false)
        };
        let plan = Box::new(self.plan(chosen, converged, partial));
        self.finished = Some(plan.clone());
        Step::Done(plan)
    }

    /// Checks every measured interval of every planned group against the targets.
    fn check(&self, r: &Report) -> Vec<Vec<IntervalCheck>> {
        let n = self.model.n_intervals;
        (0..self.model.groups.len())
            .map(|g| {
                (0..n)
                    .map(|i| {
                        if self.requirement.planned[g] && i >= self.first {
                            self.check_interval(r, g, i)
                        } else {
                            IntervalCheck {
                                met: true,
                                ..Default::default()
                            }
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn check_interval(&self, r: &Report, g: usize, i: usize) -> IntervalCheck {
        let mut c = IntervalCheck {
            met: true,
            ..Default::default()
        };
        let iv = &r.by_interval[i];
        for &t in &self.requirement.first_choice_types[g] {
            let Some(st) = iv.by_type.get(&self.model.types[t].id) else {
                continue;
            };
            let mean = |k: &str| st.get(k).and_then(|s| s.mean);
            if mean("offered").unwrap_or(0.0) <= 0.0 {
                continue;
            }
            let tg = &self.targets.by_type[t];
            if let (Some(target), Some(sl)) = (tg.service_level, mean("service_level")) {
                c.service_level = Some(c.service_level.map_or(sl, |x: f64| x.min(sl)));
                if sl < target.share {
                    c.met = false;
                    c.shortfall = c.shortfall.max(target.share - sl);
                }
            }
            if let (Some(max), Some(ab)) = (tg.max_abandon_rate, mean("abandon_rate")) {
                c.abandon_rate = Some(c.abandon_rate.map_or(ab, |x: f64| x.max(ab)));
                if ab > max {
                    c.met = false;
                    c.shortfall = c.shortfall.max((ab - max) * 2.0);
                }
            }
        }
        c
    }

    fn plan(&self, chosen: &Tried, converged: bool, partial: bool) -> StaffingPlan {
        let m = &self.model;
        let at_erlang = self.at_erlang.as_ref().expect("the first simulation");
        let hours = |v: &mut dyn Iterator<Item = f64>| v.sum::<f64>() * m.interval_s / 3600.0;
        let groups = (0..m.groups.len())
            .map(|g| {
                let measured = self.first..m.n_intervals;
                let req = &self.requirement;
                // the Erlang requirement, or the scheduled headcount of a group that is not planned
                let erlang = |i: usize| {
                    if req.planned[g] {
                        req.group_agents[g][i]
                    } else {
                        scheduled(m, g, i).round() as u32
                    }
                };
                GroupPlan {
                    id: m.groups[g].id.clone(),
                    planned: req.planned[g],
                    agent_hours: AgentHours {
                        erlang: hours(&mut measured.clone().map(|i| erlang(i) as f64)),
                        needed: hours(&mut measured.clone().map(|i| chosen.agents[g][i] as f64)),
                        scheduled: hours(&mut measured.map(|i| scheduled(m, g, i))),
                    },
                    intervals: (0..m.n_intervals)
                        .map(|i| IntervalPlan {
                            interval: i,
                            label: time_label(m, i as f64 * m.interval_s),
                            warmup: i < self.first,
                            offered_erlangs: req.group_load_erlangs[g][i],
                            erlang: erlang(i),
                            at_erlang: at_erlang.checks[g][i],
                            needed: chosen.agents[g][i],
                            at_needed: chosen.checks[g][i],
                            scheduled: scheduled(m, g, i),
                        })
                        .collect(),
                }
            })
            .collect();
        StaffingPlan {
            scenario: m.name.clone(),
            targets: self.targets.describe(m),
            replications: self.options.replications,
            seed: self.options.seed,
            simulation_steps: self.completed,
            converged,
            partial,
            groups,
            kpis_at_needed: chosen.report.kpis.clone(),
            targets_at_needed: chosen.report.targets.clone(),
            kpis_at_erlang: at_erlang.report.kpis.clone(),
        }
    }
}

fn cells(checks: &[Vec<IntervalCheck>]) -> impl Iterator<Item = (usize, usize)> + '_ {
    checks
        .iter()
        .enumerate()
        .flat_map(|(g, row)| (0..row.len()).map(move |i| (g, i)))
}

/// Agents on shift in the scenario as written (before absence and breaks), averaged over the interval.
fn scheduled(m: &Model, g: usize, i: usize) -> f64 {
    m.groups[g]
        .scheduled_per_interval
        .get(i)
        .copied()
        .unwrap_or(0.0)
}

/// Agent-hours on duty over the measured intervals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentHours {
    /// With the Erlang requirement.
    pub erlang: f64,
    /// With the staffing the search found.
    pub needed: f64,
    /// With the scenario's own staffing.
    pub scheduled: f64,
}

/// One interval of one group in the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalPlan {
    pub interval: usize,
    /// "Mon 08:00".
    pub label: String,
    /// Before the end of the warm-up: not planned, not checked.
    pub warmup: bool,
    /// Pooled offered load of the group's first-choice types, Erlangs.
    pub offered_erlangs: f64,
    /// Erlang requirement (the scheduled headcount for groups that are not planned).
    pub erlang: u32,
    /// Simulated KPIs with the Erlang requirement.
    pub at_erlang: IntervalCheck,
    /// Fewest agents found by simulation that meet every target.
    pub needed: u32,
    /// Simulated KPIs with the needed staffing.
    pub at_needed: IntervalCheck,
    /// Agents on shift in the scenario as written.
    pub scheduled: f64,
}

/// One group in the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupPlan {
    pub id: String,
    /// First choice for some contact type, so planned; otherwise kept as scheduled.
    pub planned: bool,
    pub agent_hours: AgentHours,
    pub intervals: Vec<IntervalPlan>,
}

/// The result of a staffing search: the same document in the CLI (`ccsim staff --format json`,
/// staffing.json) and the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffingPlan {
    pub scenario: String,
    /// The targets planned for, one line each.
    pub targets: Vec<String>,
    pub replications: u32,
    pub seed: u64,
    /// Simulation steps completed (reports handed back).
    pub simulation_steps: u32,
    /// Every measured interval of every planned group met its targets in simulation.
    pub converged: bool,
    /// Stopped early (interrupted or cancelled): the best staffing found so far.
    pub partial: bool,
    pub groups: Vec<GroupPlan>,
    /// Whole-horizon KPIs with the needed staffing.
    pub kpis_at_needed: Named<Describe>,
    pub targets_at_needed: Vec<TargetReport>,
    /// Whole-horizon KPIs with the Erlang requirement.
    pub kpis_at_erlang: Named<Describe>,
}
