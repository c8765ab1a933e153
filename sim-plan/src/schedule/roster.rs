//! A solved cover as planners read it: the scenario with the generated shifts, the schedule
//! table (one row per shift line), and the coverage of every interval (required, scheduled, on
//! the phones net of breaks).

use super::cover::Line;
use super::grid::Grid;
use super::rules::{clock_label, days_label, Rules};
use serde::Serialize;
use sim_core::scenario::{BreakSpec, ShiftSpec, StaffingSpec};
use sim_core::Scenario;

/// One row of schedule.csv.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleRow {
    pub group: String,
    pub template: String,
    /// "HH:MM".
    pub start: String,
    /// "HH:MM" (the next day when before the start).
    pub end: String,
    /// "mon,tue,…".
    pub weekdays: String,
    pub agents: u32,
    /// "lunch 11:00-11:30; break 14:00-14:15" (clock times of the first day).
    pub breaks: String,
    /// The line's cost over the scenario's horizon (its shifts that start in the horizon).
    pub cost: f64,
}

/// The rows of schedule.csv, in line order.
pub fn schedule_rows(rules: &Rules, grid: &Grid, lines: &[Line]) -> Vec<ScheduleRow> {
    let counts = grid.weekday_counts();
    lines
        .iter()
        .map(|l| {
            let t = &rules.templates[l.template];
            let occurrences: u32 = (0..7).filter(|&d| l.days[d]).map(|d| counts[d]).sum();
            let one = |offsets: &[u32]| {
                t.breaks
                    .iter()
                    .zip(offsets)
                    .map(|(b, &o)| {
                        let s = (l.start + o) % 1440;
                        format!(
                            "{} {}-{}",
                            b.name,
                            clock_label(s),
                            clock_label((s + b.minutes) % 1440)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let breaks = match l.breaks.as_slice() {
                [] => String::new(),
                [(_, offsets)] => one(offsets),
                sets => sets
                    .iter()
                    .map(|(days, offsets)| format!("{}: {}", days_label(days), one(offsets)))
                    .collect::<Vec<_>>()
                    .join(" | "),
            };
            ScheduleRow {
                group: rules.group_ids[t.group].clone(),
                template: t.id.clone(),
                start: clock_label(l.start),
                end: clock_label((l.start + t.length) % 1440),
                weekdays: days_label(&l.days),
                agents: l.agents,
                breaks,
                cost: l.agents as f64 * t.cost * occurrences as f64,
            }
        })
        .collect()
}

/// Cost of the schedule over the horizon (the sum of the rows' cost).
pub fn horizon_cost(rules: &Rules, grid: &Grid, lines: &[Line]) -> f64 {
    schedule_rows(rules, grid, lines)
        .iter()
        .map(|r| r.cost)
        .sum()
}

/// `base` with the lines as the shifts of every group the rules schedule (their former staffing
/// or shifts are replaced; a group with no line gets `staffing = { constant = 0 }`). Breaks are
/// fixed at the optimised offsets (`after`, `window_minutes = 0`).
pub fn scenario_with(base: &Scenario, rules: &Rules, lines: &[Line]) -> Scenario {
    let mut s = base.clone();
    for &g in &rules.groups {
        let spec = &mut s.agent_groups[g];
        spec.staffing = None;
        spec.shifts = lines
            .iter()
            .filter(|l| rules.templates[l.template].group == g)
            .flat_map(|l| shift_specs(rules, l))
            .collect();
        if spec.shifts.is_empty() {
            spec.staffing = Some(StaffingSpec {
                constant: Some(0),
                per_interval: None,
            });
        }
    }
    s
}

/// The scenario shift lines of one schedule line: one per set of days with the same break times.
fn shift_specs(rules: &Rules, l: &Line) -> Vec<ShiftSpec> {
    let t = &rules.templates[l.template];
    let sets: Vec<([bool; 7], Vec<u32>)> = if l.breaks.is_empty() {
        vec![(l.days, Vec::new())]
    } else {
        l.breaks.clone()
    };
    sets.into_iter()
        .map(|(days, offsets)| ShiftSpec {
            start: clock_label(l.start),
            end: clock_label((l.start + t.length) % 1440),
            agents: l.agents,
            days: Some(
                (0..7)
                    .filter(|&d| days[d])
                    .map(|d| super::rules::WEEKDAYS[d].to_string())
                    .collect(),
            ),
            breaks: t
                .breaks
                .iter()
                .zip(&offsets)
                .map(|(b, &o)| BreakSpec {
                    at: None,
                    after: Some(clock_label(o)),
                    minutes: b.minutes as f64,
                    window_minutes: 0.0,
                    name: Some(b.name.clone()),
                })
                .collect(),
        })
        .collect()
}

/// Agents on shift and on the phones (net of breaks) per group and cell of the week.
#[derive(Debug, Clone, PartialEq)]
pub struct CellCoverage {
    pub scheduled: Vec<Vec<f64>>,
    pub net: Vec<Vec<f64>>,
}

pub fn cell_coverage(rules: &Rules, grid: &Grid, lines: &[Line]) -> CellCoverage {
    let ng = rules.group_ids.len();
    let mut scheduled = vec![vec![0.0; grid.cells()]; ng];
    let mut net = vec![vec![0.0; grid.cells()]; ng];
    for l in lines {
        let t = &rules.templates[l.template];
        let n = l.agents as f64;
        for d in (0..7u32).filter(|&d| l.days[d as usize]) {
            grid.span(d * 1440 + l.start, t.length, |c, f| {
                scheduled[t.group][c] += n * f;
                net[t.group][c] += n * f;
            });
            let Some((_, offsets)) = l.breaks.iter().find(|(days, _)| days[d as usize]) else {
                continue;
            };
            for (b, &o) in t.breaks.iter().zip(offsets) {
                grid.span(d * 1440 + l.start + o, b.minutes, |c, f| {
                    net[t.group][c] -= n * f
                });
            }
        }
    }
    CellCoverage { scheduled, net }
}

/// One row of coverage.csv: a horizon interval of a scheduled group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageRow {
    pub interval: usize,
    /// "Mon 08:30".
    pub label: String,
    pub group: String,
    pub warmup: bool,
    pub required: u32,
    pub scheduled: f64,
    pub net: f64,
    /// net − required.
    pub over_under: f64,
}

/// Coverage of every horizon interval of every scheduled group; `required[g][cell]`.
pub fn coverage_rows(
    rules: &Rules,
    grid: &Grid,
    lines: &[Line],
    required: &[Vec<u32>],
    label: impl Fn(usize) -> String,
) -> Vec<CoverageRow> {
    let cov = cell_coverage(rules, grid, lines);
    let mut rows = Vec::new();
    for &g in &rules.groups {
        for i in 0..grid.n_intervals {
            let c = grid.cell_of(i);
            let warmup = i < grid.first_measured;
            let req = if warmup { 0 } else { required[g][c] };
            rows.push(CoverageRow {
                interval: i,
                label: label(i),
                group: rules.group_ids[g].clone(),
                warmup,
                required: req,
                scheduled: round6(cov.scheduled[g][c]),
                net: round6(cov.net[g][c]),
                over_under: round6(cov.net[g][c] - req as f64),
            });
        }
    }
    rows
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
