//! The minimum-cost cover: which shift lines, with how many agents, and where their breaks go,
//! so that the agents on the phones (net of breaks) reach the requirement in every interval of
//! the week at the least cost. An integer program solved with `microlp` (pure Rust, so the same
//! code runs natively and in the page).
//!
//! Variables (documented for planners in docs/schedule.md, "How the schedule is optimised"):
//! - `x[l]` ≥ 0 integer: agents on line `l` = (template, start time, day pattern). Without weekly
//!   rules a day pattern is one weekday; with them it is a days-off pattern of the week.
//! - `b[t,s,d,k,o]` ≥ 0 integer: agents of template `t` starting at `s` on weekday `d` who take
//!   break `k` at offset `o` from the shift start, with `Σ_o b[t,s,d,k,o] = Σ_{l = (t,s,p), d ∈ p} x[l]`
//!   (breaks are placed per day, not per line: the same cover with far fewer variables; an
//!   agent's break times may therefore differ between the days of the week, see [`Line`]).
//!
//! Constraints:
//! - cover: for each group and interval of the week with a requirement,
//!   `Σ_l x[l]·on_shift(l, i) − Σ b[l,k,o]·on_break(l,k,o,i) ≥ required(i)`, where `on_shift` and
//!   `on_break` are the shares of the interval covered (a 15-minute break is half a 30-minute
//!   interval);
//! - break order and gap: agents' breaks are paired in sorted order, which is feasible exactly
//!   when, for every offset `w` of break `k+1`, `#{break k+1 at ≤ w} ≤ #{break k at ≤ w − d}`
//!   with `d` = length of break `k` + the minimum gap;
//! - template limits: `min_agents ≤ Σ x ≤ max_agents` over the template's lines (per weekday
//!   without weekly rules, per week with them).
//!
//! Objective: the cost of a week, `Σ_l x[l] · cost of one shift · days in the pattern`.

use super::grid::Grid;
use super::rules::{clock_label, Rules};
use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOptions, Variable};
use serde::Serialize;
use std::time::Duration;

/// Above this many variables the instance is refused with a message (rules too loose).
pub const MAX_VARIABLES: usize = 300_000;

/// How the integer program is solved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SolverOptions {
    /// Stop when the cost is proven within this relative gap of the optimum (0.005 = 0.5 %).
    pub mip_gap: f64,
    /// Most branch-and-bound nodes of each solve stage: a deterministic budget, so the same
    /// inputs give the same schedule on any machine and in the page.
    pub node_limit: Option<u64>,
    /// Wall-clock limit of one solve, seconds (a safety net: when it stops a solve, the result
    /// depends on the machine's speed); the best schedule found so far is kept.
    pub time_limit_s: Option<f64>,
}

impl Default for SolverOptions {
    fn default() -> Self {
        SolverOptions {
            mip_gap: 0.01,
            node_limit: Some(500),
            time_limit_s: Some(60.0),
        }
    }
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal.
    Optimal,
    /// Within the requested gap of the optimum.
    WithinGap,
    /// The node or time limit stopped the search; the best schedule found is kept, with its gap.
    Limit,
}

/// One line of the schedule: `agents` agents work `template` from `start` on `days` (their
/// weekly pattern), with the same break times. Break times usually are the same on every day;
/// when the optimum places them differently on some days, `breaks` lists each set of days with
/// its offsets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub template: usize,
    /// Minutes after midnight.
    pub start: u32,
    pub days: [bool; 7],
    pub agents: u32,
    /// (days, start offset in minutes from the shift start of each of the template's breaks);
    /// the days partition `days`. Empty when the template has no breaks.
    pub breaks: Vec<([bool; 7], Vec<u32>)>,
}

/// A solved cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cover {
    pub lines: Vec<Line>,
    pub status: SolveStatus,
    /// Cost of one week of the schedule (the objective).
    pub weekly_cost: f64,
    /// Proven lower bound of the weekly cost.
    pub best_bound: Option<f64>,
    /// Relative gap between the cost and the bound.
    pub gap: Option<f64>,
    pub variables: usize,
    pub nodes: u64,
}

/// Why there is no schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverError(pub String);

impl std::fmt::Display for CoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CoverError {}

#[derive(Clone, Copy)]
pub(super) struct Candidate {
    pub template: usize,
    pub start: u32,
    pub pattern: [bool; 7],
    pub x: Variable,
}

/// Break variables of one template and start time on one weekday: per break, (offset, variable).
pub(super) struct DayBreaks {
    pub template: usize,
    pub start: u32,
    pub day: usize,
    pub vars: Vec<Vec<(u32, Variable)>>,
}

/// Solves the cover of `required[group][cell]` (net agents per interval of the week; groups not
/// scheduled by `rules` are ignored).
///
/// Groups do not share templates or requirements, so each group's program is solved on its own
/// (smaller programs, far fewer branch-and-bound nodes) and the lines are joined; the bound and
/// gap are those of the sum.
pub fn solve_cover(
    rules: &Rules,
    grid: &Grid,
    required: &[Vec<u32>],
    options: &SolverOptions,
) -> Result<Cover, CoverError> {
    check_coverable(rules, grid, required)?;
    let mut total: Option<Cover> = None;
    let mut bound = Some(0.0);
    for &g in &rules.groups {
        let index: Vec<usize> = (0..rules.templates.len())
            .filter(|&t| rules.templates[t].group == g)
            .collect();
        let mut part = rules.clone();
        part.templates = index.iter().map(|&t| rules.templates[t].clone()).collect();
        part.groups = vec![g];
        let mut c = solve_group(&part, grid, required, options)?;
        for l in &mut c.lines {
            l.template = index[l.template];
        }
        bound = bound.zip(c.best_bound).map(|(a, b)| a + b);
        total = Some(match total {
            None => c,
            Some(mut t) => {
                t.lines.extend(c.lines);
                t.weekly_cost += c.weekly_cost;
                t.variables += c.variables;
                t.nodes += c.nodes;
                t.status = worse(t.status, c.status);
                t
            }
        });
    }
    let mut c = total.ok_or_else(|| CoverError("the rules schedule no group".into()))?;
    c.best_bound = bound;
    c.gap = bound.map(|b| {
        if c.weekly_cost > 0.0 {
            ((c.weekly_cost - b) / c.weekly_cost).max(0.0)
        } else {
            0.0
        }
    });
    Ok(c)
}

fn worse(a: SolveStatus, b: SolveStatus) -> SolveStatus {
    let rank = |s| match s {
        SolveStatus::Optimal => 0,
        SolveStatus::WithinGap => 1,
        SolveStatus::Limit => 2,
    };
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

/// The program of one group's templates.
fn solve_group(
    rules: &Rules,
    grid: &Grid,
    required: &[Vec<u32>],
    options: &SolverOptions,
) -> Result<Cover, CoverError> {
    let n_vars: usize = rules
        .templates
        .iter()
        .map(|t| {
            let per_day: usize = t.breaks.iter().map(|b| b.offsets().len()).sum();
            t.starts.len() * (t.patterns.len() + 7 * per_day)
        })
        .sum();
    if n_vars > MAX_VARIABLES {
        return Err(CoverError(format!(
            "the rules allow {n_vars} decision variables (start times × day patterns × break offsets), more than {MAX_VARIABLES}: use fewer start times, a coarser break step_minutes or tighter [weekly] rules"
        )));
    }
    let deadline = options
        .time_limit_s
        .map(|s| web_time::Instant::now() + Duration::from_secs_f64(s.max(0.01)));
    // what is left of the limit, but never less than a quarter of it (the final program must get
    // a chance after the seeding stages)
    let quarter = options
        .time_limit_s
        .map(|s| Duration::from_secs_f64(s.max(0.04) / 4.0));
    let left = || {
        deadline.map(|d| {
            d.saturating_duration_since(web_time::Instant::now())
                .max(quarter.unwrap_or_default())
        })
    };
    let half = || {
        options
            .time_limit_s
            .map(|s| Duration::from_secs_f64(s.max(0.02) / 2.0))
    };
    let opts = |time_limit: Option<Duration>| {
        let mut o = SolveOptions::default();
        o.mip_gap = options.mip_gap.max(0.0);
        o.node_limit = options.node_limit;
        o.time_limit = time_limit;
        o
    };
    let (p, cands, day_breaks) = build(rules, grid, required, false);
    // With weekly rules the program is hard for branch and bound from scratch; it is seeded with
    // a good schedule: the daily cover (each line one day; fast), then the cheapest days-off
    // patterns that give every template, start and day at least that day's agents.
    // Without weekly rules (and when the weekly seeding fails) the seed is the linear
    // relaxation rounded up and repaired (super::start).
    let warm = rules
        .weekly
        .then(|| weekly_warm_start(rules, grid, required, &cands, &day_breaks, &opts, &half))
        .flatten()
        .or_else(|| {
            super::start::rounded(rules, grid, required, &cands, &day_breaks, &opts, &left)
        });
    let mut o = opts(left());
    o.warm_start = warm;
    let infeasible = |e: microlp::Error| {
        match e {
        microlp::Error::Infeasible => CoverError(
            "the rules cannot cover the requirement: the min_agents/max_agents limits of the templates, or the break windows, leave some interval short; raise max_agents or add templates".into(),
        ),
        e => CoverError(format!("the solver failed: {e}")),
    }
    };
    let mut outcome = p.solve_with(o).map_err(infeasible)?;
    // no schedule within the node budget yet: another budget, until one is found (the node
    // budget keeps this deterministic) or the time limit is spent
    while outcome.solution().is_none() {
        if deadline.is_some_and(|d| web_time::Instant::now() >= d) {
            return Err(CoverError(
                "the time limit was reached before any schedule was found; raise --time-limit"
                    .into(),
            ));
        }
        outcome = outcome.resume().map_err(infeasible)?;
    }
    let Some(sol) = outcome.solution() else {
        return Err(CoverError("no schedule was found".into()));
    };
    let status = match sol.termination_reason() {
        microlp::TerminationReason::ProvenOptimal => SolveStatus::Optimal,
        microlp::TerminationReason::MipGap => SolveStatus::WithinGap,
        _ => SolveStatus::Limit,
    };
    let stats = sol.stats();
    let agents: Vec<u32> = cands
        .iter()
        .map(|c| sol.var_value(c.x).round().max(0.0) as u32)
        .collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < cands.len() {
        // the candidates of one template and start time
        let (t, start) = (cands[i].template, cands[i].start);
        let mut j = i;
        while j < cands.len() && cands[j].template == t && cands[j].start == start {
            j += 1;
        }
        // per weekday: the agents' break tuples (sorted pairing of each break's offsets)
        let pools: Vec<Vec<Vec<u32>>> = (0..7)
            .map(|d| {
                day_breaks
                    .iter()
                    .find(|b| b.template == t && b.start == start && b.day == d)
                    .map(|b| day_tuples(&b.vars, |v| sol.var_value(v)))
                    .unwrap_or_default()
            })
            .collect();
        lines.extend(assign_breaks(&cands[i..j], &agents[i..j], pools));
        i = j;
    }
    if !rules.weekly {
        lines = merge_days(lines);
    }
    let weekly_cost = lines
        .iter()
        .map(|l| {
            l.agents as f64
                * rules.templates[l.template].cost
                * l.days.iter().filter(|&&d| d).count() as f64
        })
        .sum();
    Ok(Cover {
        lines,
        status,
        weekly_cost,
        best_bound: stats.best_bound,
        gap: stats.gap,
        variables: n_vars,
        nodes: stats.nodes_solved,
    })
}

/// The break tuples of the agents of one template, start and day: each break's offsets listed
/// once per agent, ascending, paired in order (feasible by the gap constraints).
fn day_tuples(vars: &[Vec<(u32, Variable)>], value: impl Fn(Variable) -> f64) -> Vec<Vec<u32>> {
    let per_break: Vec<Vec<u32>> = vars
        .iter()
        .map(|vs| {
            let mut list = Vec::new();
            for &(o, v) in vs {
                let k = value(v).round().max(0.0) as usize;
                list.extend(std::iter::repeat_n(o, k));
            }
            list
        })
        .collect();
    let n = per_break.iter().map(|l| l.len()).min().unwrap_or(0);
    (0..n)
        .map(|r| per_break.iter().map(|l| l[r]).collect())
        .collect()
}

/// Gives every agent of the lines (one template and start) a break tuple on each day worked,
/// from that day's pool, keeping an agent's tuple from day to day where the pool allows; agents
/// with the same tuples on the same days form one line.
fn assign_breaks(cands: &[Candidate], agents: &[u32], mut pools: Vec<Vec<Vec<u32>>>) -> Vec<Line> {
    let mut out = Vec::new();
    let has_breaks = pools.iter().any(|p| !p.is_empty());
    // every agent: (candidate, tuples per day)
    let mut people: Vec<(usize, Vec<Option<Vec<u32>>>)> = Vec::new();
    for (ci, &n) in agents.iter().enumerate() {
        for _ in 0..n {
            people.push((ci, vec![None; 7]));
        }
    }
    if has_breaks {
        for (d, pool) in pools.iter_mut().enumerate() {
            pool.reverse(); // pop from the front
            let working: Vec<usize> = (0..people.len())
                .filter(|&a| cands[people[a].0].pattern[d])
                .collect();
            // first pass: the tuple the agent had on an earlier day, if still in the pool
            for &a in &working {
                let prev = people[a].1.iter().flatten().next().cloned();
                if let Some(prev) = prev {
                    if let Some(k) = pool.iter().rposition(|t| *t == prev) {
                        people[a].1[d] = Some(pool.remove(k));
                    }
                }
            }
            for &a in &working {
                if people[a].1[d].is_none() {
                    people[a].1[d] = pool.pop();
                }
            }
        }
    }
    // group identical people
    type Person = (usize, Vec<Option<Vec<u32>>>, u32);
    let mut groups: Vec<Person> = Vec::new();
    for (ci, tuples) in people {
        match groups.iter_mut().find(|(c, t, _)| *c == ci && *t == tuples) {
            Some(g) => g.2 += 1,
            None => groups.push((ci, tuples, 1)),
        }
    }
    for (ci, tuples, n) in groups {
        let c = &cands[ci];
        let mut breaks: Vec<([bool; 7], Vec<u32>)> = Vec::new();
        for d in 0..7 {
            if let Some(t) = &tuples[d] {
                match breaks.iter_mut().find(|(_, b)| b == t) {
                    Some((days, _)) => days[d] = true,
                    None => {
                        let mut days = [false; 7];
                        days[d] = true;
                        breaks.push((days, t.clone()));
                    }
                }
            }
        }
        out.push(Line {
            template: c.template,
            start: c.start,
            days: c.pattern,
            agents: n,
            breaks,
        });
    }
    out
}

/// Builds the integer program (`relaxed`: its linear relaxation, every variable continuous).
/// The candidates and break variables come in a fixed order, the same for both.
pub(super) fn build(
    rules: &Rules,
    grid: &Grid,
    required: &[Vec<u32>],
    relaxed: bool,
) -> (Problem, Vec<Candidate>, Vec<DayBreaks>) {
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let ncell = grid.cells();
    // cover rows: (group, cell) -> terms
    let mut rows: Vec<Vec<Vec<(Variable, f64)>>> = vec![vec![Vec::new(); ncell]; required.len()];
    let mut cands = Vec::new();
    let mut day_breaks = Vec::new();
    for (ti, t) in rules.templates.iter().enumerate() {
        let g = t.group;
        let max = t.max_agents.unwrap_or(100_000).min(100_000) as i32;
        for &start in &t.starts {
            let first = cands.len();
            for pat in &t.patterns {
                let ndays = pat.iter().filter(|&&d| d).count() as f64;
                let x = if relaxed {
                    p.add_var(t.cost * ndays, (0.0, max as f64))
                } else {
                    p.add_integer_var(t.cost * ndays, (0, max))
                };
                for d in (0..7).filter(|&d| pat[d]) {
                    grid.span(d as u32 * 1440 + start, t.length, |c, f| {
                        rows[g][c].push((x, f));
                    });
                }
                cands.push(Candidate {
                    template: ti,
                    start,
                    pattern: *pat,
                    x,
                });
            }
            if t.breaks.is_empty() {
                continue;
            }
            for d in 0..7 {
                let working: Vec<Variable> = cands[first..]
                    .iter()
                    .filter(|c| c.pattern[d])
                    .map(|c| c.x)
                    .collect();
                if working.is_empty() {
                    continue;
                }
                let mut brk = Vec::new();
                for b in &t.breaks {
                    let mut sum = LinearExpr::empty();
                    for &x in &working {
                        sum.add(x, -1.0);
                    }
                    let mut vars = Vec::new();
                    for o in b.offsets() {
                        let v = if relaxed {
                            p.add_var(0.0, (0.0, max as f64))
                        } else {
                            p.add_integer_var(0.0, (0, max))
                        };
                        sum.add(v, 1.0);
                        grid.span(d as u32 * 1440 + start + o, b.minutes, |c, f| {
                            rows[g][c].push((v, -f));
                        });
                        vars.push((o, v));
                    }
                    p.add_constraint(sum, ComparisonOp::Eq, 0.0);
                    brk.push(vars);
                }
                // break k+1 after break k ends + gap, in sorted pairing
                for k in 1..t.breaks.len() {
                    let gap = t.breaks[k - 1].minutes + t.break_gap;
                    for &(w, _) in &brk[k] {
                        let mut e = LinearExpr::empty();
                        for &(o, v) in &brk[k] {
                            if o <= w {
                                e.add(v, 1.0);
                            }
                        }
                        for &(o, v) in &brk[k - 1] {
                            if o + gap <= w {
                                e.add(v, -1.0);
                            }
                        }
                        p.add_constraint(e, ComparisonOp::Le, 0.0);
                    }
                }
                day_breaks.push(DayBreaks {
                    template: ti,
                    start,
                    day: d,
                    vars: brk,
                });
            }
        }
    }
    for (g, group_rows) in rows.iter().enumerate() {
        for (c, terms) in group_rows.iter().enumerate() {
            let need = required[g][c];
            if need == 0 || !rules.groups.contains(&g) {
                continue;
            }
            let mut e = LinearExpr::empty();
            for &(v, f) in merge(terms).iter() {
                e.add(v, f);
            }
            p.add_constraint(e, ComparisonOp::Ge, need as f64);
        }
    }
    template_limits(rules, &cands, &mut p);
    (p, cands, day_breaks)
}

/// A feasible start for the weekly program (see [`solve_cover`]), or `None`.
fn weekly_warm_start(
    rules: &Rules,
    grid: &Grid,
    required: &[Vec<u32>],
    cands: &[Candidate],
    day_breaks: &[DayBreaks],
    opts: &dyn Fn(Option<Duration>) -> SolveOptions,
    left: &dyn Fn() -> Option<Duration>,
) -> Option<Vec<(Variable, f64)>> {
    // 1. the daily cover: every template may work any single allowed day, no weekly limits
    let mut daily = rules.clone();
    daily.weekly = false;
    for t in &mut daily.templates {
        t.patterns = (0..7)
            .filter(|&d| t.days[d])
            .map(|d| std::array::from_fn(|k| k == d))
            .collect();
        t.min_agents = 0;
        t.max_agents = None;
    }
    let (pa, ca, ba) = build(&daily, grid, required, false);
    let mut oa = opts(left());
    oa.warm_start = super::start::rounded(&daily, grid, required, &ca, &ba, opts, left);
    let sa = pa.solve_with(oa).ok()?.solution()?.clone();
    // agents per (template, start, day)
    let need = |t: usize, s: u32, d: usize| -> f64 {
        ca.iter()
            .filter(|c| c.template == t && c.start == s && c.pattern[d])
            .map(|c| sa.var_value(c.x).round())
            .sum()
    };
    // 2. the cheapest weekly patterns covering those counts
    let mut pb = Problem::new(OptimizationDirection::Minimize);
    let xs: Vec<Variable> = cands
        .iter()
        .map(|c| {
            let t = &rules.templates[c.template];
            let n = c.pattern.iter().filter(|&&d| d).count() as f64;
            pb.add_integer_var(t.cost * n, (0, 100_000))
        })
        .collect();
    let mut i = 0;
    while i < cands.len() {
        let (t, s) = (cands[i].template, cands[i].start);
        let mut j = i;
        while j < cands.len() && cands[j].template == t && cands[j].start == s {
            j += 1;
        }
        for d in 0..7 {
            let n = need(t, s, d);
            if n > 0.0 {
                let mut e = LinearExpr::empty();
                for k in i..j {
                    if cands[k].pattern[d] {
                        e.add(xs[k], 1.0);
                    }
                }
                pb.add_constraint(e, ComparisonOp::Ge, n);
            }
        }
        i = j;
    }
    template_limits(
        rules,
        &cands
            .iter()
            .zip(&xs)
            .map(|(c, &x)| Candidate { x, ..*c })
            .collect::<Vec<_>>(),
        &mut pb,
    );
    let sb = pb.solve_with(opts(left())).ok()?.solution()?.clone();
    let mut warm: Vec<(Variable, f64)> = Vec::new();
    for (c, &x) in cands.iter().zip(&xs) {
        warm.push((c.x, sb.var_value(x).round()));
    }
    // breaks: the daily cover's, plus a feasible tuple for every extra agent
    for db in day_breaks {
        let t = &rules.templates[db.template];
        let on_day: f64 = cands
            .iter()
            .zip(&xs)
            .filter(|(c, _)| c.template == db.template && c.start == db.start && c.pattern[db.day])
            .map(|(_, &x)| sb.var_value(x).round())
            .sum();
        let from_daily = ba
            .iter()
            .find(|b| b.template == db.template && b.start == db.start && b.day == db.day);
        let mut placed = 0.0;
        for (k, vars) in db.vars.iter().enumerate() {
            for (m, &(_, v)) in vars.iter().enumerate() {
                let val = from_daily.map_or(0.0, |b| sa.var_value(b.vars[k][m].1).round());
                if k == 0 {
                    placed += val;
                }
                warm.push((v, val));
            }
        }
        let extra = on_day - placed;
        if extra < 0.0 {
            return None;
        }
        if extra > 0.0 {
            let tuple = earliest_tuple(t)?;
            for (k, vars) in db.vars.iter().enumerate() {
                let (_, v) = *vars.iter().find(|(o, _)| *o == tuple[k])?;
                if let Some(w) = warm.iter_mut().rev().find(|(x, _)| *x == v) {
                    w.1 += extra;
                }
            }
        }
    }
    Some(warm)
}

/// The earliest break offsets that respect the windows and the gap, or `None`.
pub(super) fn earliest_tuple(t: &super::rules::Template) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut ready = 0;
    for b in &t.breaks {
        let o = *b.offsets().iter().find(|&&o| o >= ready)?;
        out.push(o);
        ready = o + b.minutes + t.break_gap;
    }
    Some(out)
}

/// Adds up the terms of the same variable.
fn merge(terms: &[(Variable, f64)]) -> Vec<(Variable, f64)> {
    let mut out: Vec<(Variable, f64)> = Vec::with_capacity(terms.len());
    for &(v, f) in terms {
        match out.iter_mut().find(|(w, _)| *w == v) {
            Some((_, g)) => *g += f,
            None => out.push((v, f)),
        }
    }
    out.retain(|(_, f)| f.abs() > 1e-12);
    out
}

fn template_limits(rules: &Rules, cands: &[Candidate], p: &mut Problem) {
    for (ti, t) in rules.templates.iter().enumerate() {
        let scopes: Vec<Option<usize>> = if rules.weekly {
            vec![None]
        } else {
            (0..7).filter(|&d| t.days[d]).map(Some).collect()
        };
        for scope in scopes {
            let mut e = LinearExpr::empty();
            for c in cands.iter().filter(|c| c.template == ti) {
                if scope.is_none_or(|d| c.pattern[d]) {
                    e.add(c.x, 1.0);
                }
            }
            if let Some(max) = t.max_agents {
                p.add_constraint(e.clone(), ComparisonOp::Le, max as f64);
            }
            if t.min_agents > 0 {
                p.add_constraint(e, ComparisonOp::Ge, t.min_agents as f64);
            }
        }
    }
}

/// Without weekly rules, lines that differ only in their day are one line with several days.
fn merge_days(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for l in lines {
        match out.iter_mut().find(|o| {
            o.template == l.template
                && o.start == l.start
                && o.agents == l.agents
                && o.breaks == l.breaks
        }) {
            Some(o) => {
                for d in 0..7 {
                    o.days[d] |= l.days[d];
                }
            }
            None => out.push(l),
        }
    }
    out
}

/// An interval with a requirement that no template of its group can reach (or not with the
/// templates' `max_agents`) is an error naming the interval, before any solving.
fn check_coverable(rules: &Rules, grid: &Grid, required: &[Vec<u32>]) -> Result<(), CoverError> {
    for &g in &rules.groups {
        let mut reach = vec![0.0f64; grid.cells()];
        let mut unbounded = vec![false; grid.cells()];
        for t in rules.templates.iter().filter(|t| t.group == g) {
            let mut best = vec![0.0f64; grid.cells()];
            for &s in &t.starts {
                for d in (0..7).filter(|&d| t.days[d]) {
                    grid.span(d as u32 * 1440 + s, t.length, |c, f| {
                        best[c] = best[c].max(f)
                    });
                }
            }
            for c in 0..grid.cells() {
                if best[c] > 0.0 {
                    match t.max_agents {
                        None => unbounded[c] = true,
                        Some(m) => {
                            // max_agents per day (or week): at most the shifts of two
                            // days (today's and last night's) reach one interval
                            reach[c] += m as f64 * best[c] * 2.0;
                        }
                    }
                }
            }
        }
        for (c, &need) in required[g].iter().enumerate() {
            if need == 0 || unbounded[c] {
                continue;
            }
            let group = &rules.group_ids[g];
            if reach[c] <= 0.0 {
                return Err(CoverError(format!(
                    "group {group}, {}: {need} agents are required but no template of group {group} has a shift that covers this interval; add a template or start time that covers it",
                    grid.cell_label(c)
                )));
            }
            if reach[c] + 1e-9 < need as f64 {
                return Err(CoverError(format!(
                    "group {group}, {}: {need} agents are required but the templates that cover it allow at most {:.1} (their max_agents); raise max_agents",
                    grid.cell_label(c),
                    reach[c]
                )));
            }
        }
    }
    Ok(())
}

/// "early 06:00 mon,tue (30 lunch at 03:00)" — a short label for logs.
pub fn line_label(rules: &Rules, l: &Line) -> String {
    let t = &rules.templates[l.template];
    format!(
        "{} {} {}",
        t.id,
        clock_label(l.start),
        super::rules::days_label(&l.days)
    )
}
