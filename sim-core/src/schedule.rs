//! Agents and schedules: expands a group's staffing (headcount, shift lines, breaks, off-phone
//! activities) into one plan per agent with absolute times in seconds from the horizon start.
//!
//! Rules (documented in docs/scenario.md):
//! - `staffing.constant = N`: N agents on duty for the whole horizon, no breaks.
//! - `staffing.per_interval`: agent i is on duty in every interval whose headcount is > i.
//! - `shifts`: each line gives `agents` agents who work that line on each listed weekday. A shift
//!   whose end is at or before its start crosses midnight; a night shift that started the day before
//!   the horizon covers its first morning.
//! - Breaks and off-phone blocks never interrupt a contact: the agent starts them when first free
//!   at or after their earliest time (for windowed breaks, inside the window when work allows).

use crate::error::{fmt_num, Errors};
use crate::model::Geometry;
use crate::scenario::{AgentGroupSpec, OffPhoneSpec, ShiftSpec};

/// A break or off-phone block inside a shift.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakPlan {
    /// Earliest start (seconds from horizon start).
    pub earliest: f64,
    /// End of the window; a break started later is counted as late.
    pub latest: f64,
    pub duration: f64,
    /// 0 = break / lunch; k ≥ 1 = off-phone activity k−1 of the group.
    pub activity: u16,
}

/// One shift of one agent.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftPlan {
    pub start: f64,
    pub end: f64,
    /// Sorted by `earliest`.
    pub breaks: Vec<BreakPlan>,
}

/// The whole schedule of one agent over the horizon, shifts sorted and non-overlapping.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgentPlan {
    pub shifts: Vec<ShiftPlan>,
}

pub(crate) struct GroupPlans {
    pub agents: Vec<AgentPlan>,
    pub activities: Vec<String>,
}

impl GroupPlans {
    /// Average number of agents on shift in each interval.
    pub fn scheduled_per_interval(&self, n: usize, interval_s: f64) -> Vec<f64> {
        let mut out = vec![0.0; n];
        for a in &self.agents {
            for s in &a.shifts {
                let mut t = s.start;
                while t < s.end {
                    let i = (t / interval_s) as usize;
                    if i >= n {
                        break;
                    }
                    let next = ((i + 1) as f64 * interval_s).min(s.end);
                    out[i] += (next - t) / interval_s;
                    t = next;
                }
            }
        }
        out
    }
}

const DAY: f64 = 86_400.0;

/// Parses `mon`…`sun`, or any longer prefix of the English name (`thurs`, `sunday`), to 0…6.
pub fn parse_weekday(s: &str) -> Option<usize> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let l = s.trim().to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    FULL.iter().position(|f| f.starts_with(l.as_str()))
}

/// Parses "HH:MM" (00:00 … 24:00) to seconds.
pub fn parse_clock(s: &str) -> Option<f64> {
    let (h, m) = s.trim().split_once(':')?;
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return None;
    }
    Some((h * 3600 + m * 60) as f64)
}

fn clock(s: &str, path: &str, e: &mut Errors) -> Option<f64> {
    let r = parse_clock(s);
    if r.is_none() {
        e.push(
            path,
            format!("must be a time \"HH:MM\" between 00:00 and 24:00, got \"{s}\""),
        );
    }
    r
}

fn weekdays(days: &Option<Vec<String>>, path: &str, e: &mut Errors) -> [bool; 7] {
    match days {
        None => [true; 7],
        Some(list) => {
            let mut set = [false; 7];
            for (i, d) in list.iter().enumerate() {
                match parse_weekday(d) {
                    Some(w) => set[w] = true,
                    None => e.push(
                        format!("{path}[{i}]"),
                        format!("must be one of mon, tue, wed, thu, fri, sat, sun, got \"{d}\""),
                    ),
                }
            }
            set
        }
    }
}

pub(crate) fn compile_group_plans(
    g: &AgentGroupSpec,
    path: &str,
    geo: &Geometry,
    e: &mut Errors,
) -> GroupPlans {
    let horizon = geo.days as f64 * DAY;
    let n = geo.ipd * geo.days;
    let interval_s = DAY / geo.ipd as f64;
    let mut agents: Vec<AgentPlan> = Vec::new();
    match (&g.staffing, g.shifts.is_empty()) {
        (Some(_), false) => e.push(
            format!("{path}.staffing"),
            "give either staffing or shifts, not both",
        ),
        (None, true) => e.push(path, "needs staffing (constant or per_interval) or shifts"),
        (Some(st), true) => match (st.constant, &st.per_interval) {
            (Some(c), None) => {
                for _ in 0..c {
                    agents.push(AgentPlan {
                        shifts: vec![ShiftPlan {
                            start: 0.0,
                            end: horizon,
                            breaks: vec![],
                        }],
                    });
                }
            }
            (None, Some(list)) => {
                let counts: Vec<u32> = if list.len() == geo.ipd {
                    (0..n).map(|i| list[i % geo.ipd]).collect()
                } else if list.len() == n {
                    list.clone()
                } else {
                    e.push(
                        format!("{path}.staffing.per_interval"),
                        format!(
                            "has {} values; needs {} (one per interval of a day) or {} (one per interval of the horizon)",
                            list.len(), geo.ipd, n
                        ),
                    );
                    vec![]
                };
                let max = counts.iter().copied().max().unwrap_or(0);
                for a in 0..max {
                    let mut plan = AgentPlan::default();
                    let mut i = 0;
                    while i < counts.len() {
                        if counts[i] > a {
                            let s = i;
                            while i < counts.len() && counts[i] > a {
                                i += 1;
                            }
                            plan.shifts.push(ShiftPlan {
                                start: s as f64 * interval_s,
                                end: i as f64 * interval_s,
                                breaks: vec![],
                            });
                        } else {
                            i += 1;
                        }
                    }
                    agents.push(plan);
                }
            }
            _ => e.push(
                format!("{path}.staffing"),
                "give exactly one of constant or per_interval",
            ),
        },
        (None, false) => {
            for (k, sh) in g.shifts.iter().enumerate() {
                expand_shift_line(
                    sh,
                    &format!("{path}.shifts[{k}]"),
                    geo,
                    horizon,
                    e,
                    &mut agents,
                );
            }
        }
    }
    let mut activities = Vec::new();
    for (k, op) in g.off_phone.iter().enumerate() {
        let p = format!("{path}.off_phone[{k}]");
        activities.push(op.activity.clone());
        let act = activities.len() as u16;
        add_off_phone(op, &p, act, geo, e, &mut agents);
    }
    for a in &mut agents {
        for s in &mut a.shifts {
            s.breaks.sort_by(|x, y| x.earliest.total_cmp(&y.earliest));
        }
    }
    GroupPlans { agents, activities }
}

fn expand_shift_line(
    sh: &ShiftSpec,
    path: &str,
    geo: &Geometry,
    horizon: f64,
    e: &mut Errors,
    agents: &mut Vec<AgentPlan>,
) {
    let start = clock(&sh.start, &format!("{path}.start"), e);
    let end = clock(&sh.end, &format!("{path}.end"), e);
    let days = weekdays(&sh.days, &format!("{path}.days"), e);
    let (Some(start), Some(end)) = (start, end) else {
        return;
    };
    let len = if end > start {
        end - start
    } else {
        end + DAY - start
    };
    // breaks relative to shift start: (earliest offset, window, duration)
    let mut rel = Vec::new();
    for (b, br) in sh.breaks.iter().enumerate() {
        let bp = format!("{path}.breaks[{b}]");
        e.positive(&format!("{bp}.minutes"), br.minutes);
        e.non_negative(&format!("{bp}.window_minutes"), br.window_minutes);
        let off = match (&br.at, &br.after) {
            (Some(at), None) => clock(at, &format!("{bp}.at"), e).map(|t| {
                let o = t - start;
                if o < 0.0 {
                    o + DAY
                } else {
                    o
                }
            }),
            (None, Some(after)) => clock(after, &format!("{bp}.after"), e),
            _ => {
                e.push(
                    &bp,
                    "give exactly one of at (clock time) or after (offset from shift start)",
                );
                None
            }
        };
        if let Some(o) = off {
            if o + br.minutes * 60.0 > len + 1e-9 {
                e.push(
                    &bp,
                    format!(
                        "break at {} minutes into the shift for {} minutes does not fit in the {}-minute shift",
                        fmt_num(o / 60.0),
                        fmt_num(br.minutes),
                        fmt_num(len / 60.0)
                    ),
                );
            } else {
                rel.push((o, br.window_minutes * 60.0, br.minutes * 60.0));
            }
        }
    }
    let first = agents.len();
    agents.extend((0..sh.agents).map(|_| AgentPlan::default()));
    // day -1 lets a night shift that started before the horizon cover its first morning
    for d in -1..geo.days as i64 {
        let wd = (geo.start_weekday as i64 + d).rem_euclid(7) as usize;
        if !days[wd] {
            continue;
        }
        let s0 = d as f64 * DAY + start;
        let s = s0.max(0.0);
        let en = (s0 + len).min(horizon);
        if en <= s {
            continue;
        }
        // windowed breaks are staggered: agent k of n on the line becomes due k/n into the window
        let n = (agents.len() - first).max(1);
        for (k, a) in agents[first..].iter_mut().enumerate() {
            let breaks = rel
                .iter()
                .filter(|(o, _, _)| s0 + o >= s && s0 + o < en)
                .map(|&(o, w, dur)| BreakPlan {
                    earliest: s0 + o + w * k as f64 / n as f64,
                    latest: s0 + o + w,
                    duration: dur,
                    activity: 0,
                })
                .collect();
            a.shifts.push(ShiftPlan {
                start: s,
                end: en,
                breaks,
            });
        }
    }
}

fn add_off_phone(
    op: &OffPhoneSpec,
    p: &str,
    act: u16,
    geo: &Geometry,
    e: &mut Errors,
    agents: &mut [AgentPlan],
) {
    let n_agents = op
        .agents
        .map(|a| a as usize)
        .unwrap_or(agents.len())
        .min(agents.len());
    match (op.share, &op.start, op.minutes) {
        (Some(share), None, None) => {
            if !e.probability(&format!("{p}.share"), share) || share >= 1.0 {
                if share >= 1.0 {
                    e.push(
                        format!("{p}.share"),
                        "must be below 1 (an agent fully off-phone belongs in no group)",
                    );
                }
                return;
            }
            if op.days.is_some() {
                e.push(
                    format!("{p}.days"),
                    "not used with share (the share applies to every shift)",
                );
            }
            // each on-shift hour holds one block of share × 60 minutes, staggered across agents
            for (k, a) in agents.iter_mut().take(n_agents).enumerate() {
                let slack_frac = ((k * 37) % 60) as f64 / 60.0;
                for s in &mut a.shifts {
                    let mut h = s.start;
                    while h < s.end {
                        let span = (s.end - h).min(3600.0);
                        let dur = share * span;
                        let slack = span - dur;
                        if dur >= 1.0 {
                            let earliest = h + slack * slack_frac;
                            s.breaks.push(BreakPlan {
                                earliest,
                                latest: h + slack,
                                duration: dur,
                                activity: act,
                            });
                        }
                        h += 3600.0;
                    }
                }
            }
        }
        (None, Some(start), Some(minutes)) => {
            let start = clock(start, &format!("{p}.start"), e);
            e.positive(&format!("{p}.minutes"), minutes);
            let days = weekdays(&op.days, &format!("{p}.days"), e);
            let Some(start) = start else { return };
            let dur = minutes * 60.0;
            let mut rotation = 0usize;
            for d in 0..geo.days {
                if !days[(geo.start_weekday + d) % 7] {
                    continue;
                }
                let t0 = d as f64 * DAY + start;
                let on: Vec<(usize, usize)> = agents
                    .iter()
                    .enumerate()
                    .take(n_agents.max(agents.len()))
                    .filter_map(|(ai, a)| {
                        a.shifts
                            .iter()
                            .position(|s| s.start <= t0 && t0 + dur <= s.end)
                            .map(|si| (ai, si))
                    })
                    .collect();
                if on.is_empty() {
                    continue;
                }
                let take = op.agents.unwrap_or(1) as usize;
                for j in 0..take.min(on.len()) {
                    let (ai, si) = on[(rotation + j) % on.len()];
                    agents[ai].shifts[si].breaks.push(BreakPlan {
                        earliest: t0,
                        latest: t0,
                        duration: dur,
                        activity: act,
                    });
                }
                rotation += take;
            }
        }
        _ => e.push(
            p,
            "give either share (part of every shift) or start + minutes (a scheduled block)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_and_weekday_parsing() {
        assert_eq!(parse_clock("08:30"), Some(30_600.0));
        assert_eq!(parse_clock("24:00"), Some(86_400.0));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("8h"), None);
        assert_eq!(parse_weekday("Mon"), Some(0));
        assert_eq!(parse_weekday("sunday"), Some(6));
        assert_eq!(parse_weekday("xyz"), None);
        assert_eq!(parse_weekday("thurs"), Some(3));
        assert_eq!(parse_weekday("пн"), None);
        assert_eq!(parse_weekday("mo"), None);
    }
}
