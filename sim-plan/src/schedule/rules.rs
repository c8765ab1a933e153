//! Shift rules: the TOML file that says which shifts may be scheduled (documented field by field
//! in `docs/schedule.md`), read and validated into [`Rules`].
//!
//! Every problem is reported with its field path (`templates[1].breaks[0].latest`), the value and
//! what is allowed, all at once, like scenario errors.

use serde::Deserialize;
use sim_core::error::{fmt_num, FieldError, ScenarioErrors};
use sim_core::schedule::{parse_clock, parse_weekday};
use sim_core::Model;

pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_MIN: u32 = 1440;

/// The rules file as written.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    #[serde(default)]
    pub templates: Vec<TemplateSpec>,
    #[serde(default)]
    pub weekly: Option<WeeklySpec>,
    #[serde(default)]
    pub floors: Vec<FloorSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSpec {
    pub id: String,
    pub group: String,
    /// One start time "HH:MM" …
    #[serde(default)]
    pub start: Option<String>,
    /// … or a list of them …
    #[serde(default)]
    pub starts: Option<Vec<String>>,
    /// … or every `step_minutes` from `earliest` to `latest` (inclusive).
    #[serde(default)]
    pub earliest: Option<String>,
    #[serde(default)]
    pub latest: Option<String>,
    #[serde(default)]
    pub step_minutes: Option<u32>,
    /// "HH:MM", more than 0 and less than 24 hours.
    pub length: String,
    /// Weekdays the shift may start on (default every day).
    #[serde(default)]
    pub days: Option<Vec<String>>,
    #[serde(default)]
    pub cost_per_shift: Option<f64>,
    #[serde(default)]
    pub cost_per_hour: Option<f64>,
    #[serde(default)]
    pub min_agents: Option<u32>,
    #[serde(default)]
    pub max_agents: Option<u32>,
    #[serde(default)]
    pub breaks: Vec<BreakRuleSpec>,
    /// Least time between the end of one break and the start of the next (default 0).
    #[serde(default)]
    pub break_gap_minutes: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakRuleSpec {
    #[serde(default)]
    pub name: Option<String>,
    pub minutes: u32,
    /// Earliest and latest start, as offsets "HH:MM" from the shift start.
    pub earliest: String,
    pub latest: String,
    /// Grid of the break's start inside its window (default 15).
    #[serde(default)]
    pub step_minutes: Option<u32>,
    /// Paid (default) or unpaid; unpaid time is not in `cost_per_hour` nor in weekly hours.
    #[serde(default)]
    pub paid: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklySpec {
    /// Exact number (`5`) or range (`[4, 5]`) of days worked per week.
    #[serde(default)]
    pub days_per_week: Option<Range>,
    #[serde(default)]
    pub max_consecutive_days: Option<u32>,
    /// The week has at least one run of this many consecutive days off.
    #[serde(default)]
    pub min_consecutive_days_off: Option<u32>,
    /// Least rest between the end of one shift and the start of the next, hours.
    #[serde(default)]
    pub min_rest_hours: Option<f64>,
    /// Paid hours per week, `[min, max]`.
    #[serde(default)]
    pub weekly_hours: Option<[f64; 2]>,
    /// Explicit day patterns (each a list of weekdays worked) instead of generated ones.
    #[serde(default)]
    pub patterns: Option<Vec<Vec<String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Range {
    One(u32),
    Two([u32; 2]),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloorSpec {
    pub group: String,
    pub from: String,
    pub to: String,
    pub agents: u32,
    #[serde(default)]
    pub days: Option<Vec<String>>,
}

/// A validated break rule, minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakRule {
    pub name: String,
    pub minutes: u32,
    pub earliest: u32,
    pub latest: u32,
    pub step: u32,
    pub paid: bool,
}

impl BreakRule {
    /// Allowed start offsets from the shift start, ascending.
    pub fn offsets(&self) -> Vec<u32> {
        (self.earliest..=self.latest)
            .step_by(self.step as usize)
            .collect()
    }
}

/// A validated shift template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: String,
    /// Index of the agent group in the scenario.
    pub group: usize,
    /// Start times, minutes after midnight, ascending and distinct.
    pub starts: Vec<u32>,
    pub length: u32,
    /// Weekdays (Mon = 0) the shift may start on.
    pub days: [bool; 7],
    /// Cost of one shift.
    pub cost: f64,
    /// Paid minutes of one shift (length minus unpaid breaks).
    pub paid_minutes: u32,
    pub min_agents: u32,
    pub max_agents: Option<u32>,
    /// In the order of their windows.
    pub breaks: Vec<BreakRule>,
    pub break_gap: u32,
    /// The weekly day patterns a line of this template may work (one weekday each without
    /// weekly rules).
    pub patterns: Vec<[bool; 7]>,
}

/// A floor of agents on the phones in some intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub group: usize,
    pub days: [bool; 7],
    /// Minutes after midnight; `to` ≤ `from` wraps past midnight.
    pub from: u32,
    pub to: u32,
    pub agents: u32,
}

/// Validated rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub templates: Vec<Template>,
    /// Weekly rules apply (lines are days-off patterns, not single days).
    pub weekly: bool,
    pub floors: Vec<Floor>,
    /// Groups that the rules schedule (their shifts are replaced), by scenario index.
    pub groups: Vec<usize>,
    /// Ids of all the scenario's groups, by index.
    pub group_ids: Vec<String>,
}

struct Errs(Vec<FieldError>);

impl Errs {
    fn push(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.0.push(FieldError::new(path, msg));
    }
    fn clock(&mut self, path: &str, s: &str) -> Option<u32> {
        let r = parse_clock(s).map(|v| (v / 60.0) as u32);
        if r.is_none() {
            self.push(
                path,
                format!("must be a time \"HH:MM\" between 00:00 and 24:00, got \"{s}\""),
            );
        }
        r
    }
    fn days(&mut self, path: &str, days: &Option<Vec<String>>) -> [bool; 7] {
        let Some(list) = days else { return [true; 7] };
        let mut set = [false; 7];
        for (i, d) in list.iter().enumerate() {
            match parse_weekday(d) {
                Some(w) => set[w] = true,
                None => self.push(
                    format!("{path}[{i}]"),
                    format!("must be a weekday (mon … sun), got \"{d}\""),
                ),
            }
        }
        if list.is_empty() {
            self.push(path, "must list at least one weekday, got []");
        }
        set
    }
}

/// Parses the TOML text of a rules file (field paths in errors).
pub fn parse_rules(text: &str) -> Result<RulesFile, ScenarioErrors> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let line = inner
            .span()
            .map(|s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                format!(" (line {line})")
            })
            .unwrap_or_default();
        let path = if path == "." || path == "?" || path.is_empty() {
            "(rules file)".to_string()
        } else {
            path
        };
        let msg = inner
            .message()
            .trim()
            .trim_end_matches('.')
            .replace('`', "'");
        ScenarioErrors(vec![FieldError::new(path, format!("{msg}{line}"))])
    })
}

impl RulesFile {
    /// Validates against the scenario's model: groups exist, times are clocks, breaks fit the
    /// shift, weekly rules leave at least one pattern per template.
    pub fn validate(&self, model: &Model) -> Result<Rules, ScenarioErrors> {
        let mut e = Errs(Vec::new());
        if self.templates.is_empty() {
            e.push("templates", "at least one [[templates]] is required");
        }
        let horizon_days = (model.horizon_s / 86_400.0).ceil() as u32;
        let weekly = self.weekly.as_ref();
        if weekly.is_some() && horizon_days < 7 {
            e.push(
                "weekly",
                format!("weekly rules need a horizon of at least 7 days; the scenario has {horizon_days}"),
            );
        }
        let group_of = |id: &str| model.groups.iter().position(|g| g.id == id);
        let mut templates = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (ti, t) in self.templates.iter().enumerate() {
            let p = format!("templates[{ti}]");
            if t.id.trim().is_empty() {
                e.push(format!("{p}.id"), "must not be empty");
            } else if seen.contains(&t.id.as_str()) {
                e.push(
                    format!("{p}.id"),
                    format!(
                        "\"{}\" is used by an earlier template; ids must be unique",
                        t.id
                    ),
                );
            }
            seen.push(&t.id);
            let group = group_of(&t.group);
            if group.is_none() {
                let ids: Vec<&str> = model.groups.iter().map(|g| g.id.as_str()).collect();
                e.push(
                    format!("{p}.group"),
                    format!(
                        "\"{}\" is not an agent group of the scenario (groups: {})",
                        t.group,
                        ids.join(", ")
                    ),
                );
            }
            let length = parse_clock(&t.length).map(|v| (v / 60.0) as u32);
            let length = match length {
                Some(l) if l > 0 && l < DAY_MIN => Some(l),
                _ => {
                    e.push(format!("{p}.length"), format!("must be a duration \"HH:MM\" more than 00:00 and less than 24:00, got \"{}\"", t.length));
                    None
                }
            };
            let starts = template_starts(t, &p, &mut e);
            let days = e.days(&format!("{p}.days"), &t.days);
            let mut breaks = Vec::new();
            for (bi, b) in t.breaks.iter().enumerate() {
                let bp = format!("{p}.breaks[{bi}]");
                let earliest = e.clock(&format!("{bp}.earliest"), &b.earliest);
                let latest = e.clock(&format!("{bp}.latest"), &b.latest);
                let step = b.step_minutes.unwrap_or(15);
                if step == 0 || step > DAY_MIN {
                    e.push(
                        format!("{bp}.step_minutes"),
                        format!("must be 1 … 1440, got {step}"),
                    );
                }
                if b.minutes == 0 {
                    e.push(format!("{bp}.minutes"), "must be more than 0, got 0");
                }
                let (Some(earliest), Some(latest)) = (earliest, latest) else {
                    continue;
                };
                if latest < earliest {
                    e.push(
                        format!("{bp}.latest"),
                        format!(
                            "must not be before earliest ({}), got \"{}\"",
                            b.earliest, b.latest
                        ),
                    );
                    continue;
                }
                if let Some(l) = length {
                    // u64: a huge `minutes` must be an error, not an overflow
                    if latest as u64 + b.minutes as u64 > l as u64 {
                        e.push(format!("{bp}.latest"), format!("a {}-minute break starting at \"{}\" ends after the {}-minute shift; latest + minutes must be at most the length", b.minutes, b.latest, l));
                    }
                }
                if let Some(prev) = breaks.last() {
                    let prev: &BreakRule = prev;
                    if earliest < prev.earliest || latest < prev.latest {
                        e.push(format!("{bp}.earliest"), "breaks must be listed in the order they are taken: each window starts and ends no earlier than the previous one's");
                    }
                }
                breaks.push(BreakRule {
                    name: b
                        .name
                        .clone()
                        .unwrap_or_else(|| format!("break {}", bi + 1)),
                    minutes: b.minutes,
                    earliest,
                    latest,
                    step: step.max(1),
                    paid: b.paid.unwrap_or(true),
                });
            }
            let break_gap = t.break_gap_minutes.unwrap_or(0);
            // every break must be placeable after the previous one's earliest placement + the
            // gap, on its own step grid (taking each break as early as possible is the best
            // chance for the next one)
            if breaks.len() == t.breaks.len() {
                let mut ready = 0u64;
                for (k, b) in breaks.iter().enumerate() {
                    match b.offsets().into_iter().find(|&o| o as u64 >= ready) {
                        Some(o) => ready = o as u64 + b.minutes as u64 + break_gap as u64,
                        None => {
                            e.push(format!("{p}.breaks[{k}].latest"), format!("break {k} cannot start {break_gap} minutes (break_gap_minutes) after break {} ends: it could start at {} at the earliest, but its window on its {}-minute step ends at {}; move the windows apart or lower break_gap_minutes", k - 1, clock_label(ready.min(u32::MAX as u64) as u32), b.step, clock_label(*b.offsets().last().unwrap_or(&b.latest))));
                            break;
                        }
                    }
                }
            }
            let unpaid: u64 = breaks
                .iter()
                .filter(|b| !b.paid)
                .map(|b| b.minutes as u64)
                .sum();
            let paid_minutes = (length.unwrap_or(0) as u64).saturating_sub(unpaid) as u32;
            let cost = match (t.cost_per_shift, t.cost_per_hour) {
                (Some(c), None) => Some(c),
                (None, Some(h)) => Some(h * paid_minutes as f64 / 60.0),
                (Some(s), Some(h)) => {
                    e.push(
                        format!("{p}.cost_per_shift"),
                        format!(
                            "give either cost_per_shift or cost_per_hour, not both; got cost_per_shift = {} and cost_per_hour = {}",
                            fmt_num(s),
                            fmt_num(h)
                        ),
                    );
                    None
                }
                (None, None) => {
                    e.push(
                        p.to_string(),
                        "needs a cost: cost_per_shift or cost_per_hour (neither is given)",
                    );
                    None
                }
            };
            if let Some(c) = cost {
                if !(c.is_finite() && (0.0..=1e9).contains(&c)) {
                    e.push(
                        format!("{p}.cost_per_shift"),
                        format!("the cost of one shift must be 0 … 1e9, got {}", fmt_num(c)),
                    );
                }
            }
            if let (Some(lo), Some(hi)) = (t.min_agents, t.max_agents) {
                if lo > hi {
                    e.push(
                        format!("{p}.min_agents"),
                        format!("must not exceed max_agents ({hi}), got {lo}"),
                    );
                }
            }
            if let (Some(group), Some(length), Some(starts), Some(cost)) =
                (group, length, starts, cost)
            {
                templates.push(Template {
                    id: t.id.clone(),
                    group,
                    starts,
                    length,
                    days,
                    cost,
                    paid_minutes,
                    min_agents: t.min_agents.unwrap_or(0),
                    max_agents: t.max_agents,
                    breaks,
                    break_gap,
                    patterns: Vec::new(),
                });
            }
        }
        let patterns = weekly.map(|w| weekly_patterns(w, &mut e));
        for (ti, t) in templates.iter_mut().enumerate() {
            t.patterns = match &patterns {
                None => (0..7)
                    .filter(|&d| t.days[d])
                    .map(|d| {
                        let mut p = [false; 7];
                        p[d] = true;
                        p
                    })
                    .collect(),
                Some(w) => template_patterns(t, w),
            };
            if let (true, Some(w), true) = (t.patterns.is_empty(), &patterns, e.0.is_empty()) {
                e.push(
                    format!("templates[{ti}]"),
                    format!("no weekly day pattern satisfies the [weekly] rules ({}) for template \"{}\" (days {}, length {}, paid {} minutes); loosen a rule or change the template", w.written, t.id, days_label(&t.days), clock_label(t.length), t.paid_minutes),
                );
            }
        }
        let mut floors = Vec::new();
        for (fi, f) in self.floors.iter().enumerate() {
            let p = format!("floors[{fi}]");
            let group = group_of(&f.group);
            if group.is_none() {
                e.push(
                    format!("{p}.group"),
                    format!("\"{}\" is not an agent group of the scenario", f.group),
                );
            }
            let from = e.clock(&format!("{p}.from"), &f.from);
            let to = e.clock(&format!("{p}.to"), &f.to);
            let days = e.days(&format!("{p}.days"), &f.days);
            if let (Some(group), Some(from), Some(to)) = (group, from, to) {
                floors.push(Floor {
                    group,
                    days,
                    from,
                    to: to % DAY_MIN,
                    agents: f.agents,
                });
            }
        }
        if !e.0.is_empty() {
            return Err(ScenarioErrors(e.0));
        }
        let mut groups: Vec<usize> = templates.iter().map(|t| t.group).collect();
        groups.sort_unstable();
        groups.dedup();
        Ok(Rules {
            templates,
            weekly: weekly.is_some(),
            floors,
            groups,
            group_ids: model.groups.iter().map(|g| g.id.clone()).collect(),
        })
    }
}

fn template_starts(t: &TemplateSpec, p: &str, e: &mut Errs) -> Option<Vec<u32>> {
    let forms = [
        t.start.is_some(),
        t.starts.is_some(),
        t.earliest.is_some() || t.latest.is_some(),
    ];
    if forms.iter().filter(|&&f| f).count() != 1 {
        let names = ["start", "starts", "earliest + latest"];
        let given: Vec<&str> = (0..3).filter(|&i| forms[i]).map(|i| names[i]).collect();
        let given = if given.is_empty() {
            "none of them".to_string()
        } else {
            given.join(" and ")
        };
        e.push(
            p,
            format!("give exactly one of start, starts, or earliest + latest (+ step_minutes); got {given}"),
        );
        return None;
    }
    let mut out = Vec::new();
    if let Some(s) = &t.start {
        out.push(e.clock(&format!("{p}.start"), s)?);
    } else if let Some(list) = &t.starts {
        if list.is_empty() {
            e.push(
                format!("{p}.starts"),
                "must list at least one start time, got []",
            );
            return None;
        }
        for (i, s) in list.iter().enumerate() {
            out.push(e.clock(&format!("{p}.starts[{i}]"), s)?);
        }
    } else {
        let (Some(a), Some(b)) = (&t.earliest, &t.latest) else {
            let (has, missing) = if t.earliest.is_some() {
                ("earliest", "latest")
            } else {
                ("latest", "earliest")
            };
            e.push(
                format!("{p}.{missing}"),
                format!("earliest and latest go together: {has} is given, {missing} is missing"),
            );
            return None;
        };
        let a = e.clock(&format!("{p}.earliest"), a)?;
        let b = e.clock(&format!("{p}.latest"), b)?;
        let step = t.step_minutes.unwrap_or(30);
        if step == 0 || step > DAY_MIN {
            e.push(
                format!("{p}.step_minutes"),
                format!("must be 1 … 1440, got {step}"),
            );
            return None;
        }
        if b < a {
            e.push(
                format!("{p}.latest"),
                format!(
                    "must not be before earliest (\"{}\"), got \"{}\"",
                    t.earliest.as_deref().unwrap_or_default(),
                    t.latest.as_deref().unwrap_or_default()
                ),
            );
            return None;
        }
        out.extend((a..=b).step_by(step as usize));
    }
    for s in &mut out {
        *s %= DAY_MIN;
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// Weekly rules compiled: a filter on day patterns, or the explicit list.
struct Weekly {
    /// The rules as written, for messages ("days_per_week = [4, 5], min_rest_hours = 12").
    written: String,
    explicit: Option<Vec<[bool; 7]>>,
    days: (u32, u32),
    max_consecutive: u32,
    min_off_run: u32,
    min_rest_min: u32,
    hours: (f64, f64),
}

fn weekly_patterns(w: &WeeklySpec, e: &mut Errs) -> Weekly {
    let days = match &w.days_per_week {
        None => (1, 7),
        Some(Range::One(n)) => (*n, *n),
        Some(Range::Two([a, b])) => (*a, *b),
    };
    if days.0 == 0 || days.1 > 7 || days.0 > days.1 {
        e.push(
            "weekly.days_per_week",
            format!("must be 1 … 7 (or a range [min, max] inside it), got {days:?}"),
        );
    }
    let explicit = w.patterns.as_ref().map(|list| {
        list.iter()
            .enumerate()
            .map(|(i, p)| e.days(&format!("weekly.patterns[{i}]"), &Some(p.clone())))
            .collect()
    });
    let rest = w.min_rest_hours.unwrap_or(0.0);
    if !(rest.is_finite() && (0.0..24.0).contains(&rest)) {
        e.push(
            "weekly.min_rest_hours",
            format!("must be 0 … 24 (hours), got {}", fmt_num(rest)),
        );
    }
    let hours = w.weekly_hours.map(|h| (h[0], h[1])).unwrap_or((0.0, 168.0));
    if !(hours.0.is_finite() && hours.1.is_finite() && 0.0 <= hours.0 && hours.0 <= hours.1) {
        e.push(
            "weekly.weekly_hours",
            format!(
                "must be [min, max] hours with 0 ≤ min ≤ max, got [{}, {}]",
                fmt_num(hours.0),
                fmt_num(hours.1)
            ),
        );
    }
    let mut written = Vec::new();
    match &w.days_per_week {
        Some(Range::One(n)) => written.push(format!("days_per_week = {n}")),
        Some(Range::Two([a, b])) => written.push(format!("days_per_week = [{a}, {b}]")),
        None => {}
    }
    if let Some(n) = w.max_consecutive_days {
        written.push(format!("max_consecutive_days = {n}"));
    }
    if let Some(n) = w.min_consecutive_days_off {
        written.push(format!("min_consecutive_days_off = {n}"));
    }
    if let Some(h) = w.min_rest_hours {
        written.push(format!("min_rest_hours = {}", fmt_num(h)));
    }
    if let Some([a, b]) = w.weekly_hours {
        written.push(format!("weekly_hours = [{}, {}]", fmt_num(a), fmt_num(b)));
    }
    if let Some(list) = &w.patterns {
        written.push(format!("patterns ({} listed)", list.len()));
        if list.is_empty() {
            e.push("weekly.patterns", "must list at least one pattern, got []");
        }
    }
    Weekly {
        written: written.join(", "),
        explicit,
        days,
        max_consecutive: w.max_consecutive_days.unwrap_or(7),
        min_off_run: w.min_consecutive_days_off.unwrap_or(0),
        min_rest_min: (rest * 60.0).round() as u32,
        hours,
    }
}

/// Longest cyclic run of `want` in the week.
fn longest_run(p: &[bool; 7], want: bool) -> u32 {
    if p.iter().all(|&d| d == want) {
        return 7;
    }
    let mut best = 0;
    for s in 0..7 {
        let run = (0..7).take_while(|k| p[(s + k) % 7] == want).count() as u32;
        best = best.max(run);
    }
    best
}

fn template_patterns(t: &Template, w: &Weekly) -> Vec<[bool; 7]> {
    let candidates: Vec<[bool; 7]> = match &w.explicit {
        Some(list) => list.clone(),
        None => (1u32..128)
            .map(|m| std::array::from_fn(|d| m & (1 << d) != 0))
            .collect(),
    };
    let rest_ok_consecutive = DAY_MIN - t.length >= w.min_rest_min;
    candidates
        .into_iter()
        .filter(|p| (0..7).all(|d| !p[d] || t.days[d]))
        .filter(|p| {
            if w.explicit.is_some() {
                return true;
            }
            let n = p.iter().filter(|&&d| d).count() as u32;
            let hours = n as f64 * t.paid_minutes as f64 / 60.0;
            n >= w.days.0
                && n <= w.days.1
                && longest_run(p, true) <= w.max_consecutive
                && longest_run(p, false) >= w.min_off_run
                && hours >= w.hours.0 - 1e-9
                && hours <= w.hours.1 + 1e-9
        })
        .filter(|p| rest_ok_consecutive || (0..7).all(|d| !(p[d] && p[(d + 1) % 7])))
        .collect()
}

/// "mon,tue,fri".
pub fn days_label(p: &[bool; 7]) -> String {
    (0..7)
        .filter(|&d| p[d])
        .map(|d| WEEKDAYS[d])
        .collect::<Vec<_>>()
        .join(",")
}

/// "HH:MM" for minutes (24:00 for a full day).
pub fn clock_label(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}
