//! A first schedule to seed branch and bound with: the linear relaxation rounded up and repaired.
//!
//! 1. Solve the relaxation (every variable continuous: fast).
//! 2. Round every line's agents up; give each agent of a template, start and day break offsets
//!    drawn from the relaxation's break shares (largest remainder), paired in order and pushed
//!    later where the gap requires it.
//! 3. While an interval is short, add one agent to the line that brings the most agents on the
//!    phones there per unit of cost (with the break offsets that take the least from it).
//!
//! Every step is deterministic, so the seed (and the schedule) is the same in the CLI and the
//! page. Microlp ignores a seed that breaks a constraint (e.g. a template's `max_agents`).

use super::cover::{build, earliest_tuple, Candidate, DayBreaks};
use super::grid::Grid;
use super::rules::{Rules, Template};
use microlp::{SolveOptions, Variable};
use std::time::Duration;

/// The latest break offsets that respect the windows and the gap, or `None`.
fn latest_tuple(t: &Template) -> Option<Vec<u32>> {
    let mut out = vec![0; t.breaks.len()];
    let mut limit = u32::MAX;
    for k in (0..t.breaks.len()).rev() {
        let b = &t.breaks[k];
        let o = *b.offsets().iter().rev().find(|&&o| o <= limit)?;
        out[k] = o;
        if k > 0 {
            let need = t.breaks[k - 1].minutes + t.break_gap;
            limit = o.checked_sub(need)?;
        }
    }
    Some(out)
}

/// Offsets of one break for `n` agents from the relaxation's values (largest remainder).
fn spread(values: &[(u32, f64)], n: u32) -> Vec<u32> {
    let total: f64 = values.iter().map(|v| v.1.max(0.0)).sum();
    if n == 0 {
        return Vec::new();
    }
    if total <= 1e-9 {
        return vec![values[0].0; n as usize];
    }
    let scaled: Vec<f64> = values
        .iter()
        .map(|v| v.1.max(0.0) * n as f64 / total)
        .collect();
    let mut counts: Vec<u32> = scaled.iter().map(|x| x.floor() as u32).collect();
    let mut left = n - counts.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        (scaled[b] - scaled[b].floor())
            .total_cmp(&(scaled[a] - scaled[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }
    values
        .iter()
        .zip(&counts)
        .flat_map(|(v, &k)| std::iter::repeat_n(v.0, k as usize))
        .collect()
}

/// Pairs each break's offsets in order and pushes a break later where the gap needs it.
fn tuples(t: &Template, per_break: &[Vec<u32>], n: usize) -> Vec<Vec<u32>> {
    let fallback = earliest_tuple(t);
    (0..n)
        .map(|r| {
            let mut tuple: Vec<u32> = Vec::with_capacity(t.breaks.len());
            for (k, b) in t.breaks.iter().enumerate() {
                let want = per_break[k][r];
                let ready = match k {
                    0 => 0,
                    _ => tuple[k - 1] + t.breaks[k - 1].minutes + t.break_gap,
                };
                match b.offsets().into_iter().find(|&o| o >= want.max(ready)) {
                    Some(o) => tuple.push(o),
                    None => return fallback.clone().unwrap_or_default(),
                }
            }
            tuple
        })
        .collect()
}

/// The rounded and repaired relaxation as a warm start for the program built with the same
/// `cands` and `day_breaks`, or `None` when the relaxation cannot be solved.
pub(super) fn rounded(
    rules: &Rules,
    grid: &Grid,
    required: &[Vec<u32>],
    cands: &[Candidate],
    day_breaks: &[DayBreaks],
    opts: &dyn Fn(Option<Duration>) -> SolveOptions,
    left: &dyn Fn() -> Option<Duration>,
) -> Option<Vec<(Variable, f64)>> {
    let (lp, lc, lb) = build(rules, grid, required, true);
    let sol = lp.solve_with(opts(left())).ok()?.solution()?.clone();
    let mut x: Vec<u32> = lc
        .iter()
        .map(|c| (sol.var_value(c.x) + 1e-6).floor().max(0.0) as u32)
        .collect();
    // agents working a (template, start, day)
    let working = |x: &[u32], db: &DayBreaks| -> u32 {
        cands
            .iter()
            .zip(x)
            .filter(|(c, _)| c.template == db.template && c.start == db.start && c.pattern[db.day])
            .map(|(_, &n)| n)
            .sum()
    };
    let mut agent_tuples: Vec<Vec<Vec<u32>>> = lb
        .iter()
        .map(|db| {
            let t = &rules.templates[db.template];
            let n = working(&x, db);
            let per_break: Vec<Vec<u32>> = db
                .vars
                .iter()
                .map(|vars| {
                    let vals: Vec<(u32, f64)> =
                        vars.iter().map(|&(o, v)| (o, sol.var_value(v))).collect();
                    spread(&vals, n)
                })
                .collect();
            tuples(t, &per_break, n as usize)
        })
        .collect();
    // net agents per group and cell
    let ng = required.len();
    let mut net = vec![vec![0.0f64; grid.cells()]; ng];
    for (c, &n) in cands.iter().zip(&x) {
        let t = &rules.templates[c.template];
        for d in (0..7).filter(|&d| c.pattern[d]) {
            grid.span(d as u32 * 1440 + c.start, t.length, |cell, f| {
                net[t.group][cell] += n as f64 * f
            });
        }
    }
    for (db, list) in lb.iter().zip(&agent_tuples) {
        let t = &rules.templates[db.template];
        for tuple in list {
            for (b, &o) in t.breaks.iter().zip(tuple) {
                grid.span(db.day as u32 * 1440 + db.start + o, b.minutes, |cell, f| {
                    net[t.group][cell] -= f
                });
            }
        }
    }
    // repair: one agent at a time where the shortfall is
    for _ in 0..100_000 {
        let short = rules
            .groups
            .iter()
            .flat_map(|&g| (0..grid.cells()).map(move |c| (g, c)))
            .find(|&(g, c)| required[g][c] > 0 && net[g][c] + 1e-9 < required[g][c] as f64);
        let Some((g, cell)) = short else { break };
        // the best line and break offsets for this cell
        let mut best: Option<(f64, usize, Vec<u32>)> = None;
        for (ci, c) in cands.iter().enumerate() {
            let t = &rules.templates[c.template];
            if t.group != g {
                continue;
            }
            let options: Vec<Vec<u32>> = if t.breaks.is_empty() {
                vec![Vec::new()]
            } else {
                [earliest_tuple(t), latest_tuple(t)]
                    .into_iter()
                    .flatten()
                    .collect()
            };
            for tuple in options {
                let mut gain = 0.0;
                for d in (0..7).filter(|&d| c.pattern[d]) {
                    grid.span(d as u32 * 1440 + c.start, t.length, |k, f| {
                        if k == cell {
                            gain += f;
                        }
                    });
                    for (b, &o) in t.breaks.iter().zip(&tuple) {
                        grid.span(d as u32 * 1440 + c.start + o, b.minutes, |k, f| {
                            if k == cell {
                                gain -= f;
                            }
                        });
                    }
                }
                if gain <= 1e-9 {
                    continue;
                }
                let ndays = c.pattern.iter().filter(|&&d| d).count() as f64;
                let score = gain / (t.cost * ndays).max(1e-9);
                if best.as_ref().is_none_or(|b| score > b.0 + 1e-12) {
                    best = Some((score, ci, tuple));
                }
            }
        }
        let (_, ci, tuple) = best?;
        let c = &cands[ci];
        let t = &rules.templates[c.template];
        x[ci] += 1;
        for d in (0..7).filter(|&d| c.pattern[d]) {
            grid.span(d as u32 * 1440 + c.start, t.length, |k, f| net[g][k] += f);
            for (b, &o) in t.breaks.iter().zip(&tuple) {
                grid.span(d as u32 * 1440 + c.start + o, b.minutes, |k, f| {
                    net[g][k] -= f
                });
            }
            if let Some(i) = lb
                .iter()
                .position(|db| db.template == c.template && db.start == c.start && db.day == d)
            {
                agent_tuples[i].push(tuple.clone());
            }
        }
    }
    let mut warm: Vec<(Variable, f64)> = cands
        .iter()
        .zip(&x)
        .map(|(c, &n)| (c.x, n as f64))
        .collect();
    for (db, list) in day_breaks.iter().zip(&agent_tuples) {
        for (k, vars) in db.vars.iter().enumerate() {
            for &(o, v) in vars {
                let n = list.iter().filter(|t| t.get(k) == Some(&o)).count();
                warm.push((v, n as f64));
            }
        }
    }
    Some(warm)
}
