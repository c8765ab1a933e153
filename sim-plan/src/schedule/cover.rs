//! The minimum-cost cover: which shift lines, with how many agents, and where their breaks go,
//! so that the agents on the phones (net of breaks) reach the requirement in every interval of
//! the week at the least cost. An integer program solved with `microlp` (pure Rust, so the same
//! code runs natively and in the page).
//!
//! Variables (documented for planners in docs/schedule.md, "How the schedule is optimised"):
//! - `x[l]` ≥ 0 integer: agents on line `l` = (template, start time, day pattern). Without weekly
//!   rules a day pattern is one weekday; with them it is a days-off pattern of the week.
//! - `b[l,k,o]` ≥ 0 integer: agents of line `l` who take break `k` at offset `o` from the shift
//!   start (every day they work), with `Σ_o b[l,k,o] = x[l]`.
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
    /// Wall-clock limit of one solve, seconds; the best schedule found so far is kept.
    pub time_limit_s: Option<f64>,
}

impl Default for SolverOptions {
    fn default() -> Self {
        SolverOptions {
            mip_gap: 0.005,
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
    /// The time limit stopped the search; the best schedule found is kept, with its gap.
    TimeLimit,
}

/// One line of the schedule: `agents` agents work `template` from `start` on `days`, each with
/// the same break offsets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub template: usize,
    /// Minutes after midnight.
    pub start: u32,
    pub days: [bool; 7],
    pub agents: u32,
    /// Start offset (minutes from the shift start) of each of the template's breaks.
    pub breaks: Vec<u32>,
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

struct Candidate {
    template: usize,
    start: u32,
    pattern: [bool; 7],
    x: Variable,
    /// Per break: (offset, variable).
    breaks: Vec<Vec<(u32, Variable)>>,
}

/// Solves the cover of `required[group][cell]` (net agents per interval of the week; groups not
/// scheduled by `rules` are ignored).
pub fn solve_cover(
    rules: &Rules,
    grid: &Grid,
    required: &[Vec<u32>],
    options: &SolverOptions,
) -> Result<Cover, CoverError> {
    check_coverable(rules, grid, required)?;
    let n_vars: usize = rules
        .templates
        .iter()
        .map(|t| {
            let per_line = 1 + t.breaks.iter().map(|b| b.offsets().len()).sum::<usize>();
            t.starts.len() * t.patterns.len() * per_line
        })
        .sum();
    if n_vars > MAX_VARIABLES {
        return Err(CoverError(format!(
            "the rules allow {n_vars} decision variables (start times × day patterns × break offsets), more than {MAX_VARIABLES}: use fewer start times, a coarser break step_minutes or tighter [weekly] rules"
        )));
    }
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let ncell = grid.cells();
    // cover rows: (group, cell) -> terms
    let mut rows: Vec<Vec<Vec<(Variable, f64)>>> = vec![vec![Vec::new(); ncell]; required.len()];
    let mut cands = Vec::new();
    for (ti, t) in rules.templates.iter().enumerate() {
        let g = t.group;
        for &start in &t.starts {
            for pat in &t.patterns {
                let ndays = pat.iter().filter(|&&d| d).count() as f64;
                let max = t.max_agents.unwrap_or(100_000).min(100_000) as i32;
                let x = p.add_integer_var(t.cost * ndays, (0, max));
                for d in (0..7).filter(|&d| pat[d]) {
                    grid.span(d as u32 * 1440 + start, t.length, |c, f| {
                        rows[g][c].push((x, f));
                    });
                }
                let mut brk = Vec::new();
                for b in &t.breaks {
                    let mut sum = LinearExpr::empty();
                    sum.add(x, -1.0);
                    let mut vars = Vec::new();
                    for o in b.offsets() {
                        let v = p.add_integer_var(0.0, (0, max));
                        sum.add(v, 1.0);
                        for d in (0..7).filter(|&d| pat[d]) {
                            grid.span(d as u32 * 1440 + start + o, b.minutes, |c, f| {
                                rows[g][c].push((v, -f));
                            });
                        }
                        vars.push((o, v));
                    }
                    p.add_constraint(sum, ComparisonOp::Eq, 0.0);
                    brk.push(vars);
                }
                // break k+1 after break k ends + gap, in sorted pairing
                for k in 1..t.breaks.len() {
                    let d = t.breaks[k - 1].minutes + t.break_gap;
                    for &(w, _) in &brk[k] {
                        let mut e = LinearExpr::empty();
                        for &(o, v) in &brk[k] {
                            if o <= w {
                                e.add(v, 1.0);
                            }
                        }
                        for &(o, v) in &brk[k - 1] {
                            if o + d <= w {
                                e.add(v, -1.0);
                            }
                        }
                        p.add_constraint(e, ComparisonOp::Le, 0.0);
                    }
                }
                cands.push(Candidate {
                    template: ti,
                    start,
                    pattern: *pat,
                    x,
                    breaks: brk,
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
    let mut o = SolveOptions::default();
    o.mip_gap = options.mip_gap.max(0.0);
    o.time_limit = options
        .time_limit_s
        .map(|s| Duration::from_secs_f64(s.max(0.01)));
    let outcome = match p.solve_with(o) {
        Ok(o) => o,
        Err(microlp::Error::Infeasible) => {
            return Err(CoverError(
                "the rules cannot cover the requirement: the min_agents/max_agents limits of the templates, or the break windows, leave some interval short; raise max_agents or add templates".into(),
            ))
        }
        Err(e) => return Err(CoverError(format!("the solver failed: {e}"))),
    };
    let Some(sol) = outcome.solution() else {
        return Err(CoverError(
            "the time limit was reached before any schedule was found; raise --time-limit".into(),
        ));
    };
    let status = match sol.termination_reason() {
        microlp::TerminationReason::ProvenOptimal => SolveStatus::Optimal,
        microlp::TerminationReason::MipGap => SolveStatus::WithinGap,
        _ => SolveStatus::TimeLimit,
    };
    let stats = sol.stats();
    let mut lines = Vec::new();
    for c in &cands {
        let n = sol.var_value(c.x).round() as u32;
        if n == 0 {
            continue;
        }
        // each break's offsets, one per agent, ascending
        let per_break: Vec<Vec<u32>> = c
            .breaks
            .iter()
            .map(|vars| {
                let mut list = Vec::with_capacity(n as usize);
                for &(o, v) in vars {
                    let k = sol.var_value(v).round() as u32;
                    list.extend(std::iter::repeat_n(o, k as usize));
                }
                list.resize(n as usize, vars.last().map_or(0, |x| x.0));
                list
            })
            .collect();
        let mut tuples: Vec<(Vec<u32>, u32)> = Vec::new();
        for r in 0..n as usize {
            let t: Vec<u32> = per_break.iter().map(|l| l[r]).collect();
            match tuples.iter_mut().find(|(x, _)| *x == t) {
                Some((_, k)) => *k += 1,
                None => tuples.push((t, 1)),
            }
        }
        for (breaks, agents) in tuples {
            lines.push(Line {
                template: c.template,
                start: c.start,
                days: c.pattern,
                agents,
                breaks,
            });
        }
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
