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
use crate::horizon::Geometry;
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
    /// Average number of agents on shift in each interval. Time proportional to shifts +
    /// intervals (whole intervals are counted with a difference array), so a long horizon with
    /// many agents compiles quickly.
    pub fn scheduled_per_interval(&self, n: usize, interval_s: f64) -> Vec<f64> {
        let mut part = vec![0.0; n];
        // whole intervals covered: +1 at the first, -1 after the last
        let mut whole = vec![0i64; n + 1];
        for a in &self.agents {
            for s in &a.shifts {
                if s.end <= s.start {
                    continue;
                }
                let first = (s.start / interval_s) as usize;
                if first >= n {
                    continue;
                }
                let last = ((s.end / interval_s) as usize).min(n);
                let first_end = ((first + 1) as f64 * interval_s).min(s.end);
                if first == last || first_end >= s.end {
                    // inside one interval
                    part[first] += (s.end - s.start) / interval_s;
                    continue;
                }
                // [start, end of the first interval)
                let full_from = if s.start > first as f64 * interval_s {
                    part[first] += (first_end - s.start) / interval_s;
                    first + 1
                } else {
                    first
                };
                // [start of the last interval, end)
                if last < n && s.end > last as f64 * interval_s {
                    part[last] += (s.end - last as f64 * interval_s) / interval_s;
                }
                if full_from < last {
                    whole[full_from] += 1;
                    whole[last] -= 1;
                }
            }
        }
        let mut run = 0i64;
        part.iter()
            .zip(&whole)
            .map(|(p, w)| {
                run += w;
                run as f64 + p
            })
            .collect()
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
                        format!("has {} values; {}", list.len(), geo.per_interval_lengths()),
                    );
                    vec![]
                };
                // agent a works every maximal run of intervals whose headcount is > a: one sweep,
                // agents a in prev..c log on where the headcount rises, log off where it falls
                let max = counts.iter().copied().max().unwrap_or(0) as usize;
                agents.resize(max, AgentPlan::default());
                let mut open = vec![0usize; max];
                let mut prev = 0usize;
                for i in 0..=counts.len() {
                    let c = counts.get(i).map_or(0, |&c| c as usize);
                    for o in open.iter_mut().take(c).skip(prev) {
                        *o = i;
                    }
                    if c < prev {
                        for (plan, &o) in agents[c..prev].iter_mut().zip(&open[c..prev]) {
                            plan.shifts.push(ShiftPlan {
                                start: o as f64 * interval_s,
                                end: i as f64 * interval_s,
                                breaks: vec![],
                            });
                        }
                    }
                    prev = c;
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
        // (a window longer than a day means nothing, and a huge one overflows the stagger)
        e.non_negative_at_most(&format!("{bp}.window_minutes"), br.window_minutes, 1440.0);
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
            // an agent's shifts are sorted and do not overlap, and the days go forward: one
            // cursor per agent finds the shift covering the block (not a search per day)
            let mut cursor = vec![0usize; agents.len()];
            for d in 0..geo.days {
                if !days[(geo.start_weekday + d) % 7] {
                    continue;
                }
                let t0 = d as f64 * DAY + start;
                let on: Vec<(usize, usize)> = agents
                    .iter()
                    .zip(cursor.iter_mut())
                    .enumerate()
                    .filter_map(|(ai, (a, k))| {
                        while *k < a.shifts.len() && a.shifts[*k].end < t0 + dur {
                            *k += 1;
                        }
                        a.shifts
                            .get(*k)
                            .filter(|s| s.start <= t0 && t0 + dur <= s.end)
                            .map(|_| (ai, *k))
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

/// Upper bound on the entries (shifts, breaks, off-phone blocks) that [`compile_group_plans`]
/// builds for group `g`, computed without building them, in time proportional to the group's
/// own description (not to agents × days), so an absurd schedule is refused before it is
/// expanded. Invalid parts count as nothing (they are reported when the group is compiled).
pub(crate) fn schedule_entries(g: &AgentGroupSpec, geo: &Geometry) -> u64 {
    let horizon = geo.days as f64 * DAY;
    let n = geo.ipd * geo.days;
    let interval_s = DAY / geo.ipd as f64;
    let hours = |len: f64| (len / 3600.0).ceil().max(0.0) as u64;
    let mut shifts: u64 = 0;
    let mut breaks: u64 = 0;
    // Σ over shifts of their hour slots (what an off-phone share splits each shift into)
    let mut hour_slots: u64 = 0;
    let mut agents: u64 = 0;
    match (&g.staffing, g.shifts.is_empty()) {
        (Some(st), true) => match (st.constant, &st.per_interval) {
            (Some(c), None) => {
                let c = c as u64;
                shifts = c;
                hour_slots = c.saturating_mul(hours(horizon));
                agents = c;
            }
            (None, Some(list))
                if !list.is_empty() && (list.len() == geo.ipd || list.len() == n) =>
            {
                let mut prev = 0u64;
                let mut on_intervals = 0u64;
                for i in 0..n {
                    let c = list[i % list.len()] as u64;
                    shifts += c.saturating_sub(prev);
                    on_intervals += c;
                    prev = c;
                }
                hour_slots = shifts.saturating_add(hours(on_intervals as f64 * interval_s));
                agents = list.iter().copied().max().unwrap_or(0) as u64;
            }
            _ => {}
        },
        (None, false) => {
            for sh in &g.shifts {
                let (Some(start), Some(end)) = (parse_clock(&sh.start), parse_clock(&sh.end))
                else {
                    continue;
                };
                let on_day: [bool; 7] = match &sh.days {
                    None => [true; 7],
                    Some(list) => {
                        let mut set = [false; 7];
                        for d in list {
                            if let Some(w) = parse_weekday(d) {
                                set[w] = true;
                            }
                        }
                        set
                    }
                };
                let len = if end > start {
                    end - start
                } else {
                    end + DAY - start
                };
                let n_shifts = active_days(start, len, &on_day, geo, horizon);
                let a = sh.agents as u64;
                let per_agent = n_shifts.saturating_mul(a);
                shifts = shifts.saturating_add(per_agent);
                breaks = breaks.saturating_add(per_agent.saturating_mul(sh.breaks.len() as u64));
                hour_slots = hour_slots.saturating_add(per_agent.saturating_mul(hours(len)));
                agents += a;
            }
        }
        _ => {}
    }
    let mut blocks: u64 = 0;
    for op in &g.off_phone {
        blocks = blocks.saturating_add(match (op.share, &op.start, op.minutes) {
            (Some(_), None, None) => hour_slots,
            (None, Some(_), Some(_)) => {
                (geo.days as u64).saturating_mul((op.agents.unwrap_or(1) as u64).min(agents))
            }
            _ => 0,
        });
    }
    shifts.saturating_add(breaks).saturating_add(blocks)
}

/// How many days of the horizon (counting the day before, for night shifts) give a shift
/// line that starts at `start` and lasts `len` a non-empty shift: the same test as
/// [`expand_shift_line`], made for the first and last day and counted by weekday in between.
fn active_days(start: f64, len: f64, on_day: &[bool; 7], geo: &Geometry, horizon: f64) -> u64 {
    let weekday = |d: i64| (geo.start_weekday as i64 + d).rem_euclid(7) as usize;
    let works = |d: i64| {
        let s0 = d as f64 * DAY + start;
        on_day[weekday(d)] && (s0 + len).min(horizon) > s0.max(0.0)
    };
    let last = geo.days as i64 - 1;
    let mut n = works(-1) as u64 + works(last) as u64;
    // days 0 … last − 1 start inside the horizon: non-empty whenever len > 0
    if len > 0.0 && last > 0 {
        let m = last as u64;
        let per_week = on_day.iter().filter(|x| **x).count() as u64;
        n += m / 7 * per_week;
        n += (0..(m % 7) as i64).filter(|&j| on_day[weekday(j)]).count() as u64;
    }
    n
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

    fn group(toml_text: &str) -> AgentGroupSpec {
        toml::from_str(&format!("id = \"g\"\nskills = [\"a\"]\n{toml_text}")).unwrap()
    }

    const GROUPS: &[&str] = &[
        "staffing = { constant = 3 }",
        "staffing = { constant = 2 }\noff_phone = [{ activity = \"x\", share = 0.1 }]",
        "staffing = { per_interval = [0, 2, 2, 1, 3, 0, 0, 4, 4, 4, 1, 0, 2, 0, 0, 1, 1, 1, 0, 0, 5, 0, 1, 0] }",
        "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 3, breaks = [{ after = \"02:00\", minutes = 15 }, { at = \"12:00\", minutes = 30, window_minutes = 60 }] }]",
        "shifts = [{ start = \"22:00\", end = \"06:00\", agents = 2, days = [\"mon\", \"thu\", \"sun\"] }, { start = \"00:00\", end = \"00:00\", agents = 1, days = [\"sat\"] }]",
        "shifts = [{ start = \"24:00\", end = \"00:00\", agents = 2 }, { start = \"07:30\", end = \"07:00\", agents = 1, days = [\"tue\", \"wed\"] }]",
        "shifts = [{ start = \"09:00\", end = \"17:00\", agents = 4 }]\noff_phone = [{ activity = \"x\", start = \"10:00\", minutes = 60, agents = 2, days = [\"mon\", \"fri\"] }, { activity = \"y\", share = 0.25, agents = 1 }]",
    ];

    /// The up-front count of schedule entries bounds what is built, and counts shifts exactly.
    #[test]
    fn schedule_entries_bound_what_is_built() {
        for (k, text) in GROUPS.iter().enumerate() {
            let g = group(text);
            for (ipd, days, wd) in [(24, 1, 0), (24, 3, 4), (48, 9, 6), (96, 15, 2)] {
                let geo = Geometry {
                    ipd,
                    days,
                    start_weekday: wd,
                };
                if text.contains("per_interval") && ipd != 24 {
                    continue; // the list has one value per hour
                }
                let mut e = Errors::default();
                let plans = compile_group_plans(&g, "g", &geo, &mut e);
                assert!(e.list.is_empty(), "{k}: {:?}", e.list);
                let shifts: u64 = plans.agents.iter().map(|a| a.shifts.len() as u64).sum();
                let breaks: u64 = plans
                    .agents
                    .iter()
                    .flat_map(|a| &a.shifts)
                    .map(|s| s.breaks.len() as u64)
                    .sum();
                let est = schedule_entries(&g, &geo);
                assert!(
                    est >= shifts + breaks,
                    "group {k}, {days} days: estimated {est} < built {}",
                    shifts + breaks
                );
                if g.off_phone.is_empty() && g.shifts.iter().all(|l| l.breaks.is_empty()) {
                    assert_eq!(est, shifts, "group {k}, {days} days");
                }
            }
        }
    }

    /// Per-interval staffing: agent a works every maximal run of intervals with headcount > a,
    /// and the scheduled headcount per interval is the sum of the shifts' shares of it.
    #[test]
    fn per_interval_staffing_and_scheduled_headcount() {
        let list = [
            0u32, 2, 2, 1, 3, 0, 0, 4, 4, 4, 1, 0, 2, 0, 0, 1, 1, 1, 0, 0, 5, 0, 1, 3,
        ];
        let geo = Geometry {
            ipd: 24,
            days: 2,
            start_weekday: 0,
        };
        let g = group(&format!("staffing = {{ per_interval = {list:?} }}"));
        let mut e = Errors::default();
        let plans = compile_group_plans(&g, "g", &geo, &mut e);
        let n = 48;
        let counts: Vec<u32> = (0..n).map(|i| list[i % 24]).collect();
        assert_eq!(plans.agents.len(), 5);
        for (a, plan) in plans.agents.iter().enumerate() {
            // the runs, found the slow way
            let mut runs = Vec::new();
            let mut i = 0;
            while i < n {
                if counts[i] as usize > a {
                    let s = i;
                    while i < n && counts[i] as usize > a {
                        i += 1;
                    }
                    runs.push((s as f64 * 3600.0, i as f64 * 3600.0));
                } else {
                    i += 1;
                }
            }
            let got: Vec<(f64, f64)> = plan.shifts.iter().map(|s| (s.start, s.end)).collect();
            assert_eq!(got, runs, "agent {a}");
        }
        let sched = plans.scheduled_per_interval(n, 3600.0);
        let want: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
        assert_eq!(sched, want);
        // shifts that do not start or end on an interval boundary, and one past the horizon
        let plans = GroupPlans {
            agents: vec![AgentPlan {
                shifts: vec![
                    ShiftPlan {
                        start: 900.0,
                        end: 2700.0,
                        breaks: vec![],
                    },
                    ShiftPlan {
                        start: 5400.0,
                        end: 12_600.0,
                        breaks: vec![],
                    },
                    ShiftPlan {
                        start: 14_400.0,
                        end: 30_000.0,
                        breaks: vec![],
                    },
                ],
            }],
            activities: vec![],
        };
        let sched = plans.scheduled_per_interval(6, 3600.0);
        assert_eq!(sched, [0.5, 0.5, 1.0, 0.5, 1.0, 1.0]);
    }
}
