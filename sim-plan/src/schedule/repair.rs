//! Optimise, simulate, repair: the schedule search as a resumable state machine, like the
//! staffing search ([`crate::search`]): it proposes a scenario to simulate, the caller runs the
//! replications (rayon in the CLI, Web Workers in the page) and submits the report.
//!
//! The method (docs/schedule.md, "Simulate and repair"):
//! 1. Requirement: given (`--requirement`), or the Erlang requirement of the planning module per
//!    interval, grossed up for the group's absence (`ceil(r / (1 − absence))`), on the weekly
//!    grid; floors of the rules raise it.
//! 2. Solve the minimum-cost cover ([`super::cover`]) and simulate the schedule.
//! 3. Check the targets: each contact type's service level and abandonment over the horizon, met
//!    with a margin (the service level's mean minus twice the half-width of its 95 % interval at
//!    least the target; the abandonment's mean plus twice the half-width at most the maximum:
//!    the cheapest of many schedules is kept, so one half-width would be optimistic), and, with
//!    `min_interval_service_level`, every measured interval's mean service level at least that.
//! 4. Missed: raise the requirement by one agent in the intervals that miss (all intervals below
//!    the floor; for a missed horizon target the quarter of the missing intervals with the most
//!    contacts short of the target), and never go below it again. Re-solve and go to 3.
//! 5. Met: remember the schedule if it is the cheapest that met, then trim: lower the
//!    requirement by one in the binding intervals with the largest margin — a share of them
//!    equal to the smallest relative slack of the horizon targets (at least a quarter; e.g.
//!    service level 92 % against 80 % is a slack of 0.6). If the
//!    trimmed schedule misses, go back to the best one and retry half of the trimmed intervals
//!    (a single interval is kept for good).
//! 6. Stop when nothing is left to trim, or after `max_iterations` simulations; re-run the chosen
//!    schedule (the cheapest that met, else the last) with an independent seed and report both.
//!
//! Deterministic: the same inputs, options and reports give the same steps, so the CLI and the
//! page agree (the solver stops by gap, not by time, unless the time limit is hit).

use super::cover::{solve_cover, Cover, Line, SolverOptions};
use super::grid::Grid;
use super::roster::{
    coverage_rows, horizon_cost, scenario_with, schedule_rows, CoverageRow, ScheduleRow,
};
use super::rules::Rules;
use crate::requirement::erlang_requirement;
use crate::targets::StaffingTargets;
use serde::Serialize;
use sim_core::report::{time_label, Report};
use sim_core::{Model, Scenario};

/// How the schedule search runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScheduleOptions {
    /// Replications per simulation.
    pub replications: u32,
    pub seed: u64,
    /// Most repair simulations (the baseline and verification runs are extra).
    pub max_iterations: u32,
    pub solver: SolverOptions,
    /// Every measured interval's mean service level must reach this (per contact type).
    pub min_interval_service_level: Option<f64>,
}

impl Default for ScheduleOptions {
    fn default() -> Self {
        ScheduleOptions {
            replications: 40,
            seed: 1,
            max_iterations: 20,
            solver: SolverOptions::default(),
            min_interval_service_level: None,
        }
    }
}

/// The seed of the verification run: independent of the search's.
pub fn verification_seed(seed: u64) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(0x5EED)
}

/// Why a scenario is simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunPurpose {
    /// The input scenario's own schedule, for comparison (common random numbers).
    Baseline,
    /// A schedule of the search.
    Repair,
    /// The chosen schedule with an independent seed.
    Verify,
}

/// A scenario to simulate and submit.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRun {
    pub purpose: RunPurpose,
    /// Repair simulation number (1-based; 0 for the baseline).
    pub iteration: u32,
    pub max_iterations: u32,
    pub scenario: Scenario,
    pub seed: u64,
    pub replications: u32,
}

/// One contact type's horizon target, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetCheck {
    pub contact_type: String,
    /// `service_level` or `abandon_rate`.
    pub kpi: String,
    pub target: f64,
    pub mean: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Met by the mean (as `ccsim run` reports it).
    pub met: bool,
    /// Met with a margin (the search's rule): the 95 % interval of the mean, moved one more
    /// half-width away from the target, is still on the right side of it — the cheapest of many
    /// schedules tried is picked, so a plain 95 % interval would be optimistic for it.
    pub met_confidently: bool,
}

/// One simulation of the search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Iteration {
    pub iteration: u32,
    pub purpose: RunPurpose,
    /// Cost of the schedule over the horizon by the rules' costs (none for the baseline).
    pub cost: Option<f64>,
    pub weekly_cost: Option<f64>,
    /// Simulated paid hours and cost by the scenario's own `costs` (mean over replications),
    /// comparable between the baseline and the generated schedule.
    pub paid_hours: Option<f64>,
    pub scenario_cost: Option<f64>,
    pub solver_status: Option<super::cover::SolveStatus>,
    pub gap: Option<f64>,
    /// Agent-hours required over a week (sum of the weekly requirement).
    pub required_agent_hours: f64,
    pub shift_lines: usize,
    /// Shifts worked in a week (agents × days of every line).
    pub shifts_per_week: u32,
    pub targets: Vec<TargetCheck>,
    /// Measured intervals (group × interval) under the interval floor.
    pub intervals_below_floor: usize,
    /// Lowest interval service level (any type with a target).
    pub worst_interval_service_level: Option<f64>,
    pub met: bool,
    /// What the search changed after this simulation.
    pub change: String,
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleResult {
    pub scenario_name: String,
    pub lines: Vec<Line>,
    pub rows: Vec<ScheduleRow>,
    pub coverage: Vec<CoverageRow>,
    pub cost: f64,
    pub weekly_cost: f64,
    pub solver_status: super::cover::SolveStatus,
    pub gap: Option<f64>,
    pub iterations: Vec<Iteration>,
    /// The schedule met every target in the search (with the margin of [`TargetCheck::met_confidently`]).
    pub converged: bool,
    /// The requirement was given: no repair.
    pub requirement_given: bool,
    /// Stopped before the end (interrupted): the best schedule simulated so far.
    pub partial: bool,
    /// The chosen schedule re-run with an independent seed.
    pub verification: Option<Iteration>,
    pub verification_seed: u64,
    /// The input scenario's own schedule (same seed as the search), when it had one.
    pub baseline: Option<Iteration>,
    /// The first schedule: the cheapest cover of the Erlang (or given) requirement.
    pub first: Option<Iteration>,
    #[serde(skip)]
    pub scenario: Scenario,
    #[serde(skip)]
    pub report: Option<Report>,
    #[serde(skip)]
    pub verification_report: Option<Report>,
    #[serde(skip)]
    pub baseline_report: Option<Report>,
}

/// What the caller does next.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleStep {
    Simulate(Box<ScheduleRun>),
    Done(Box<ScheduleResult>),
}

#[derive(Clone)]
struct Tried {
    required: Vec<Vec<u32>>,
    cover: Cover,
    cost: f64,
    iteration: Iteration,
    report: Report,
    /// Per (group, cell): (worst margin of service level over target, most contacts short).
    cells: Vec<Vec<CellCheck>>,
}

#[derive(Clone, Copy, Default)]
struct CellCheck {
    /// Lowest (SL − target) over the group's first-choice types with a target; + ∞ when none.
    margin: f64,
    /// Contacts short of the horizon target in the cell (offered × (target − SL)), summed over
    /// the types whose horizon target is missed.
    short: f64,
    below_floor: bool,
    measured: bool,
}

enum Phase {
    Baseline,
    Simulate,
    Verify,
    Done,
}

/// The schedule search. See the module documentation.
pub struct ScheduleSearch {
    base: Scenario,
    model: Model,
    rules: Rules,
    grid: Grid,
    targets: StaffingTargets,
    options: ScheduleOptions,
    given: bool,
    first_choice: Vec<Vec<usize>>,
    required: Vec<Vec<u32>>,
    /// Never below these (raised cells, floors, kept trims).
    floor: Vec<Vec<u32>>,
    cover: Cover,
    phase: Phase,
    completed: u32,
    iterations: Vec<Iteration>,
    best: Option<Tried>,
    last: Option<Tried>,
    /// Cells lowered by the pending trim.
    trial: Vec<(usize, usize)>,
    baseline: Option<(Iteration, Report)>,
    verification: Option<(Iteration, Report)>,
    first: Option<Iteration>,
    partial: bool,
}

/// An error of the schedule search (bad rules against the model, no cover).
pub type ScheduleError = String;

impl ScheduleSearch {
    /// Prepares the search and solves the first cover. `required` (per group and cell of the
    /// week, see [`super::requirement_csv`]) is the given requirement; `None` computes it.
    pub fn new(
        base: &Scenario,
        model: &Model,
        rules: Rules,
        targets: StaffingTargets,
        required: Option<Vec<Vec<u32>>>,
        options: ScheduleOptions,
    ) -> Result<ScheduleSearch, ScheduleError> {
        let grid = Grid::new(model).ok_or_else(|| {
            format!("interval_minutes: schedules need whole-minute intervals that divide the day, got {} s", model.interval_s)
        })?;
        let ng = model.groups.len();
        let mut first_choice = vec![Vec::new(); ng];
        for (t, ct) in model.types.iter().enumerate() {
            if let Some(&g) = ct.route.first() {
                first_choice[g].push(t);
            }
        }
        let given = required.is_some();
        let mut req = match required {
            Some(r) => r,
            None => {
                let er = erlang_requirement(model, &targets, 0, 100_000);
                (0..ng)
                    .map(|g| {
                        let keep = 1.0 - model.groups[g].absence;
                        let gross: Vec<u32> = er.group_agents[g]
                            .iter()
                            .map(|&r| ((r as f64 / keep.max(0.05)) - 1e-9).ceil() as u32)
                            .collect();
                        grid.to_cells(&gross)
                    })
                    .collect()
            }
        };
        // floors of the rules: part of the requirement, never trimmed
        let mut floor = vec![vec![0u32; grid.cells()]; ng];
        for f in &rules.floors {
            for (c, cell) in floor[f.group].iter_mut().enumerate() {
                let d = c / grid.per_day;
                let m = (c % grid.per_day) as u32 * grid.interval_min;
                let inside = if f.from < f.to {
                    m >= f.from && m < f.to
                } else {
                    m >= f.from || m < f.to
                };
                if f.days[d] && inside {
                    *cell = (*cell).max(f.agents);
                }
            }
        }
        // only the weekdays the horizon measures
        for g in 0..ng {
            for c in 0..grid.cells() {
                if grid.active[c / grid.per_day] {
                    req[g][c] = req[g][c].max(floor[g][c]);
                } else {
                    req[g][c] = 0;
                    floor[g][c] = 0;
                }
            }
        }
        if given {
            floor = req.clone();
        }
        let cover = solve_cover(&rules, &grid, &req, &options.solver).map_err(|e| e.0)?;
        let has_own = rules.groups.iter().any(|&g| {
            let s = &base.agent_groups[g];
            !s.shifts.is_empty() || s.staffing.is_some()
        });
        Ok(ScheduleSearch {
            base: base.clone(),
            model: model.clone(),
            floor,
            required: req,
            rules,
            grid,
            targets,
            options,
            given,
            first_choice,
            cover,
            phase: if has_own {
                Phase::Baseline
            } else {
                Phase::Simulate
            },
            completed: 0,
            iterations: Vec::new(),
            best: None,
            last: None,
            trial: Vec::new(),
            baseline: None,
            verification: None,
            first: None,
            partial: false,
        })
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The requirement currently solved for, per group and cell.
    pub fn required(&self) -> &[Vec<u32>] {
        &self.required
    }

    /// The cover currently proposed.
    pub fn cover(&self) -> &Cover {
        &self.cover
    }

    pub fn iterations(&self) -> &[Iteration] {
        &self.iterations
    }

    /// The next scenario to simulate, or the result.
    pub fn next_step(&mut self) -> ScheduleStep {
        match self.phase {
            Phase::Baseline => ScheduleStep::Simulate(Box::new(ScheduleRun {
                purpose: RunPurpose::Baseline,
                iteration: 0,
                max_iterations: self.options.max_iterations,
                scenario: self.base.clone(),
                seed: self.options.seed,
                replications: self.options.replications,
            })),
            Phase::Simulate => ScheduleStep::Simulate(Box::new(ScheduleRun {
                purpose: RunPurpose::Repair,
                iteration: self.completed + 1,
                max_iterations: self.options.max_iterations,
                scenario: scenario_with(&self.base, &self.rules, &self.cover.lines),
                seed: self.options.seed,
                replications: self.options.replications,
            })),
            Phase::Verify => {
                let chosen = self.chosen();
                ScheduleStep::Simulate(Box::new(ScheduleRun {
                    purpose: RunPurpose::Verify,
                    iteration: self.completed,
                    max_iterations: self.options.max_iterations,
                    scenario: scenario_with(&self.base, &self.rules, &chosen.cover.lines),
                    seed: verification_seed(self.options.seed),
                    replications: self.options.replications,
                }))
            }
            Phase::Done => ScheduleStep::Done(Box::new(self.result())),
        }
    }

    /// Stops early (interrupted): the result with the best schedule simulated so far, or `None`
    /// before the first simulation of a schedule finished.
    pub fn stop(&mut self) -> Option<Box<ScheduleResult>> {
        self.last.as_ref()?;
        self.partial = !matches!(self.phase, Phase::Done);
        self.phase = Phase::Done;
        Some(Box::new(self.result()))
    }

    fn chosen(&self) -> &Tried {
        self.best
            .as_ref()
            .or(self.last.as_ref())
            .expect("a simulated schedule")
    }

    /// Hands back the report of the scenario of the last [`ScheduleStep::Simulate`].
    pub fn submit(&mut self, report: &Report) -> Result<(), ScheduleError> {
        match self.phase {
            Phase::Baseline => {
                let it = self.describe(0, RunPurpose::Baseline, report, None, None);
                self.baseline = Some((it, report.clone()));
                self.phase = Phase::Simulate;
            }
            Phase::Verify => {
                let chosen = self.chosen().clone();
                let mut it = self.describe(
                    chosen.iteration.iteration,
                    RunPurpose::Verify,
                    report,
                    Some(&chosen.cover),
                    Some(chosen.cost),
                );
                it.change = "verification with an independent seed".into();
                self.verification = Some((it, report.clone()));
                self.phase = Phase::Done;
            }
            Phase::Simulate => self.submit_repair(report)?,
            Phase::Done => {}
        }
        Ok(())
    }

    fn submit_repair(&mut self, report: &Report) -> Result<(), ScheduleError> {
        self.completed += 1;
        let cost = horizon_cost(&self.rules, &self.grid, &self.cover.lines);
        let it = self.describe(
            self.completed,
            RunPurpose::Repair,
            report,
            Some(&self.cover),
            Some(cost),
        );
        let cells = self.cell_checks(report, &it);
        let tried = Tried {
            required: self.required.clone(),
            cover: self.cover.clone(),
            cost,
            iteration: it,
            report: report.clone(),
            cells,
        };
        if self.first.is_none() {
            self.first = Some(tried.iteration.clone());
        }
        self.iterations.push(tried.iteration.clone());
        self.last = Some(tried.clone());
        if self.given {
            self.note("requirement given: no repair");
            self.phase = Phase::Verify;
            return Ok(());
        }
        let met = tried.iteration.met;
        if met && self.best.as_ref().is_none_or(|b| tried.cost <= b.cost) {
            self.best = Some(tried.clone());
        }
        // the next requirement
        let change = if !met && !self.trial.is_empty() {
            // a failed trim: back to the best, retry half of it
            let failed = std::mem::take(&mut self.trial);
            let best = self
                .best
                .clone()
                .expect("a trim starts from a met schedule");
            self.required = best.required.clone();
            if failed.len() == 1 {
                let (g, c) = failed[0];
                self.floor[g][c] = self.required[g][c];
                format!(
                    "trim of {} missed: kept its agents",
                    self.grid.cell_label(c)
                )
            } else {
                let half: Vec<(usize, usize)> = failed[..failed.len() / 2].to_vec();
                for &(g, c) in &half {
                    self.required[g][c] -= 1;
                }
                self.trial = half;
                format!(
                    "trim of {} intervals missed: back to the best schedule, trying {} of them",
                    failed.len(),
                    self.trial.len()
                )
            }
        } else if !met {
            self.raise(&tried)
        } else {
            self.trial.clear();
            self.trim(&tried)
        };
        if let Some(last) = self.iterations.last_mut() {
            last.change = change.clone();
        }
        if change.is_empty() || self.completed >= self.options.max_iterations {
            if change.is_empty() {
                self.note("nothing left to trim");
            } else {
                self.note(" (iteration budget spent)");
            }
            self.phase = Phase::Verify;
            return Ok(());
        }
        self.cover = solve_cover(
            &self.rules,
            &self.grid,
            &self.required,
            &self.options.solver,
        )
        .map_err(|e| e.0)?;
        // a requirement whose cover is the best schedule as it was needs no simulation: keep
        // the (lower) requirement and trim further (bounded: every pass lowers the requirement)
        let mut passes = 0;
        while passes < 64 {
            let Some(best) = self.best.clone() else { break };
            if best.cover.lines != self.cover.lines {
                break;
            }
            passes += 1;
            self.trial.clear();
            let mut again = best.clone();
            again.required = self.required.clone();
            self.best = Some(again.clone());
            if self.trim(&again).is_empty() {
                self.note(" (the rest changes nothing: nothing left to trim)");
                self.phase = Phase::Verify;
                return Ok(());
            }
            self.cover = solve_cover(
                &self.rules,
                &self.grid,
                &self.required,
                &self.options.solver,
            )
            .map_err(|e| e.0)?;
        }
        Ok(())
    }

    fn note(&mut self, s: &str) {
        if let Some(last) = self.iterations.last_mut() {
            if last.change.is_empty() {
                last.change = s.trim().to_string();
            } else if s.starts_with(' ') {
                last.change.push_str(s);
            }
        }
    }

    /// Raises the requirement where targets are missed; returns what changed.
    fn raise(&mut self, tried: &Tried) -> String {
        let mut raised = Vec::new();
        // cells below the interval floor: all of them
        for &g in &self.rules.groups {
            for c in 0..self.grid.cells() {
                if tried.cells[g][c].below_floor {
                    raised.push((g, c));
                }
            }
        }
        // horizon targets: the quarter of the short cells with the most contacts short
        let mut short: Vec<(f64, usize, usize)> = Vec::new();
        for &g in &self.rules.groups {
            for c in 0..self.grid.cells() {
                let s = tried.cells[g][c].short;
                if s > 0.0 && !raised.contains(&(g, c)) {
                    short.push((s, g, c));
                }
            }
        }
        short.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let take = short.len().div_ceil(4);
        raised.extend(short[..take].iter().map(|&(_, g, c)| (g, c)));
        if raised.is_empty() {
            // missed without a cell to blame (e.g. all-day abandonment): raise every binding cell
            for &g in &self.rules.groups {
                for c in 0..self.grid.cells() {
                    if self.required[g][c] > 0 {
                        raised.push((g, c));
                    }
                }
            }
        }
        for &(g, c) in &raised {
            self.required[g][c] += 1;
            self.floor[g][c] = self.floor[g][c].max(self.required[g][c]);
        }
        let shown: Vec<String> = raised
            .iter()
            .take(4)
            .map(|&(g, c)| format!("{} {}", self.rules.group_ids[g], self.grid.cell_label(c)))
            .collect();
        format!(
            "raised {} intervals by one agent ({}{})",
            raised.len(),
            shown.join(", "),
            if raised.len() > 4 { ", …" } else { "" }
        )
    }

    /// Trims the requirement where the schedule is binding and the targets have margin.
    fn trim(&mut self, tried: &Tried) -> String {
        let cov = super::roster::cell_coverage(&self.rules, &self.grid, &tried.cover.lines);
        let mut cand: Vec<(f64, usize, usize)> = Vec::new();
        for &g in &self.rules.groups {
            for c in 0..self.grid.cells() {
                let r = self.required[g][c];
                let cc = tried.cells[g][c];
                if r == 0 || r <= self.floor[g][c] || !cc.measured {
                    continue;
                }
                // binding: the schedule has less than one agent to spare here
                if cov.net[g][c] - r as f64 >= 1.0 - 1e-9 {
                    continue;
                }
                cand.push((cc.margin, g, c));
            }
        }
        if cand.is_empty() {
            return String::new();
        }
        cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        // the further the horizon targets are exceeded, the larger the step: the share of the
        // candidates trimmed is the smallest relative slack of the targets, at least a quarter
        let slack = tried
            .iteration
            .targets
            .iter()
            .filter_map(|t| {
                let m = t.mean?;
                Some(if t.kpi == "service_level" {
                    (m - t.target) / (1.0 - t.target).max(1e-9)
                } else {
                    (t.target - m) / t.target.max(1e-9)
                })
            })
            .fold(1.0f64, f64::min)
            .clamp(0.25, 1.0);
        let take = ((cand.len() as f64 * slack).ceil() as usize).clamp(1, cand.len());
        self.trial = cand[..take].iter().map(|&(_, g, c)| (g, c)).collect();
        for &(g, c) in &self.trial {
            self.required[g][c] -= 1;
        }
        format!(
            "targets met: trimmed {} binding intervals by one agent",
            self.trial.len()
        )
    }

    fn cell_checks(&self, r: &Report, it: &Iteration) -> Vec<Vec<CellCheck>> {
        let ng = self.model.groups.len();
        let mut cells = vec![
            vec![
                CellCheck {
                    margin: f64::INFINITY,
                    ..Default::default()
                };
                self.grid.cells()
            ];
            ng
        ];
        let missed: Vec<&str> = it
            .targets
            .iter()
            .filter(|t| !t.met_confidently)
            .map(|t| t.contact_type.as_str())
            .collect();
        for i in self.grid.first_measured..self.grid.n_intervals.min(r.by_interval.len()) {
            let c = self.grid.cell_of(i);
            let iv = &r.by_interval[i];
            for &g in &self.rules.groups {
                let cc = &mut cells[g][c];
                cc.measured = true;
                for &t in &self.first_choice[g] {
                    let id = &self.model.types[t].id;
                    let Some(st) = iv.by_type.get(id) else {
                        continue;
                    };
                    let mean = |k: &str| st.get(k).and_then(|s| s.mean);
                    let offered = mean("offered").unwrap_or(0.0);
                    if offered <= 0.0 {
                        continue;
                    }
                    let tg = &self.targets.by_type[t];
                    if let (Some(target), Some(sl)) = (tg.service_level, mean("service_level")) {
                        cc.margin = cc.margin.min(sl - target.share);
                        if missed.contains(&id.as_str()) && sl < target.share {
                            cc.short += offered * (target.share - sl);
                        }
                        if let Some(floor) = self.options.min_interval_service_level {
                            if sl < floor {
                                cc.below_floor = true;
                            }
                        }
                    }
                    if let (Some(max), Some(ab)) = (tg.max_abandon_rate, mean("abandon_rate")) {
                        cc.margin = cc.margin.min(max - ab);
                        if missed.contains(&id.as_str()) && ab > max {
                            cc.short += offered * (ab - max);
                        }
                    }
                }
            }
        }
        cells
    }

    fn describe(
        &self,
        iteration: u32,
        purpose: RunPurpose,
        r: &Report,
        cover: Option<&Cover>,
        cost: Option<f64>,
    ) -> Iteration {
        let mut targets = Vec::new();
        for (t, ct) in self.model.types.iter().enumerate() {
            let tg = &self.targets.by_type[t];
            let Some(tr) = r.by_type.get(&ct.id) else {
                continue;
            };
            if let Some(sl) = tg.service_level {
                let d = tr.kpis.get("service_level");
                let mean = d.and_then(|d| d.mean);
                let ci = d.and_then(|d| d.ci95);
                targets.push(TargetCheck {
                    contact_type: ct.id.clone(),
                    kpi: "service_level".into(),
                    target: sl.share,
                    mean,
                    ci95: ci,
                    met: mean.is_none_or(|m| m >= sl.share),
                    met_confidently: ci
                        .map(|c| 2.0 * c[0] - c[1])
                        .or(mean)
                        .is_none_or(|m| m >= sl.share),
                });
            }
            if let Some(max) = tg.max_abandon_rate {
                let d = tr.kpis.get("abandon_rate");
                let mean = d.and_then(|d| d.mean);
                let ci = d.and_then(|d| d.ci95);
                targets.push(TargetCheck {
                    contact_type: ct.id.clone(),
                    kpi: "abandon_rate".into(),
                    target: max,
                    mean,
                    ci95: ci,
                    met: mean.is_none_or(|m| m <= max),
                    met_confidently: ci
                        .map(|c| 2.0 * c[1] - c[0])
                        .or(mean)
                        .is_none_or(|m| m <= max),
                });
            }
        }
        // interval floor and worst interval
        let mut below = 0;
        let mut worst: Option<f64> = None;
        for i in self.grid.first_measured..self.grid.n_intervals.min(r.by_interval.len()) {
            for &g in &self.rules.groups {
                let mut low: Option<f64> = None;
                for &t in &self.first_choice[g] {
                    if self.targets.by_type[t].service_level.is_none() {
                        continue;
                    }
                    let Some(st) = r.by_interval[i].by_type.get(&self.model.types[t].id) else {
                        continue;
                    };
                    if st.get("offered").and_then(|s| s.mean).unwrap_or(0.0) <= 0.0 {
                        continue;
                    }
                    if let Some(sl) = st.get("service_level").and_then(|s| s.mean) {
                        low = Some(low.map_or(sl, |x: f64| x.min(sl)));
                    }
                }
                if let Some(sl) = low {
                    worst = Some(worst.map_or(sl, |x: f64| x.min(sl)));
                    if self
                        .options
                        .min_interval_service_level
                        .is_some_and(|f| sl < f)
                    {
                        below += 1;
                    }
                }
            }
        }
        let met = targets.iter().all(|t| t.met_confidently) && below == 0;
        let weekly_req: u32 = self.required.iter().flatten().sum();
        Iteration {
            iteration,
            purpose,
            cost,
            weekly_cost: cover.map(|c| c.weekly_cost),
            paid_hours: r.kpis.get("paid_hours").and_then(|d| d.mean),
            scenario_cost: r.kpis.get("cost").and_then(|d| d.mean),
            solver_status: cover.map(|c| c.status),
            gap: cover.and_then(|c| c.gap),
            required_agent_hours: weekly_req as f64 * self.grid.interval_min as f64 / 60.0,
            shift_lines: cover.map_or(0, |c| c.lines.len()),
            shifts_per_week: cover.map_or(0, |c| {
                c.lines
                    .iter()
                    .map(|l| l.agents * l.days.iter().filter(|&&d| d).count() as u32)
                    .sum()
            }),
            targets,
            intervals_below_floor: below,
            worst_interval_service_level: worst,
            met,
            change: String::new(),
        }
    }

    fn result(&self) -> ScheduleResult {
        let chosen = self.chosen();
        let lines = chosen.cover.lines.clone();
        let label = |i: usize| time_label(&self.model, i as f64 * self.model.interval_s);
        ScheduleResult {
            scenario_name: self.model.name.clone(),
            rows: schedule_rows(&self.rules, &self.grid, &lines),
            coverage: coverage_rows(&self.rules, &self.grid, &lines, &chosen.required, label),
            cost: chosen.cost,
            weekly_cost: chosen.cover.weekly_cost,
            solver_status: chosen.cover.status,
            gap: chosen.cover.gap,
            iterations: self.iterations.clone(),
            converged: self.best.is_some(),
            requirement_given: self.given,
            partial: self.partial,
            verification: self.verification.as_ref().map(|v| v.0.clone()),
            verification_seed: verification_seed(self.options.seed),
            baseline: self.baseline.as_ref().map(|b| b.0.clone()),
            first: self.first.clone(),
            scenario: scenario_with(&self.base, &self.rules, &lines),
            report: Some(chosen.report.clone()),
            verification_report: self.verification.as_ref().map(|v| v.1.clone()),
            baseline_report: self.baseline.as_ref().map(|b| b.1.clone()),
            lines,
        }
    }
}
