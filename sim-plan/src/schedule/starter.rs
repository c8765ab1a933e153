//! A starter rules file for a scenario, so a planner can generate a schedule without writing
//! TOML first (the page's Schedule tab offers it; edit it before trusting the result).
//!
//! One template per agent group and shift length, read off the group's current shift lines
//! (their start times, the days they work, the first line's breaks as windows); a group staffed
//! by headcount gets 8-hour shifts starting on any hour, with a paid 15-minute break and an unpaid
//! 30-minute lunch. Costs are the group's `cost_per_hour`, else the scenario's
//! `costs.agent_hour`, else 1 per paid hour. With a horizon of a week or more, weekly rules follow
//! the current lines (the days a line works, at least 11 hours of rest); they are left out when
//! they would leave a template without a day pattern.

use super::rules::{clock_label, parse_rules, WEEKDAYS};
use sim_core::scenario::ShiftSpec;
use sim_core::schedule::{parse_clock, parse_weekday};
use sim_core::{Model, Scenario};
use std::fmt::Write;

/// The starter rules (TOML text) of a scenario; `model` is its compiled form.
pub fn starter_rules(s: &Scenario, model: &Model) -> String {
    let mut line_days: Vec<u32> = Vec::new();
    let mut templates = String::new();
    let mut max_len = 0;
    for g in &s.agent_groups {
        let cost = g
            .cost_per_hour
            .or(s.costs.as_ref().map(|c| c.agent_hour))
            .filter(|c| c.is_finite() && *c > 0.0)
            .unwrap_or(1.0);
        let shifts: Vec<(&ShiftSpec, u32, u32)> = g
            .shifts
            .iter()
            .filter_map(|sh| {
                let a = minutes(&sh.start)?;
                let b = minutes(&sh.end)?;
                let len = (b + 1440 - a) % 1440;
                Some((sh, a % 1440, if len == 0 { 1440 } else { len }))
            })
            .filter(|&(_, _, len)| len < 1440)
            .collect();
        if shifts.is_empty() {
            max_len = max_len.max(480);
            let _ = write!(
                templates,
                "\n# {id}: no shift lines in the scenario; 8-hour shifts starting on any hour\n\
                 [[templates]]\nid = {tid}\ngroup = {gid}\nearliest = \"00:00\"\nlatest = \"23:00\"\n\
                 step_minutes = 60\nlength = \"08:00\"\ncost_per_hour = {cost}\nbreaks = [\n  \
                 {{ name = \"break\", minutes = 15, earliest = \"01:30\", latest = \"02:30\", step_minutes = 30 }},\n  \
                 {{ name = \"lunch\", minutes = 30, earliest = \"03:30\", latest = \"04:30\", step_minutes = 30, paid = false }},\n]\n",
                id = g.id,
                tid = quote(&g.id),
                gid = quote(&g.id),
            );
            continue;
        }
        let mut lengths: Vec<u32> = shifts.iter().map(|&(_, _, l)| l).collect();
        lengths.sort_unstable();
        lengths.dedup();
        for &len in &lengths {
            max_len = max_len.max(len);
            let these: Vec<&(&ShiftSpec, u32, u32)> =
                shifts.iter().filter(|x| x.2 == len).collect();
            let mut starts: Vec<u32> = these.iter().map(|x| x.1).collect();
            starts.sort_unstable();
            starts.dedup();
            let mut days = [false; 7];
            for (sh, _, _) in &these {
                let d = shift_days(sh);
                line_days.push(d.iter().filter(|&&x| x).count() as u32);
                for k in 0..7 {
                    days[k] |= d[k];
                }
            }
            let id = if lengths.len() == 1 {
                g.id.clone()
            } else {
                format!("{}-{}", g.id, clock_label(len).replace(':', "h"))
            };
            let _ = writeln!(
                templates,
                "\n# {}: from its {} shift line(s) of {}",
                g.id,
                these.len(),
                clock_label(len)
            );
            let _ = writeln!(templates, "[[templates]]\nid = {}", quote(&id));
            let _ = writeln!(templates, "group = {}", quote(&g.id));
            let list: Vec<String> = starts.iter().map(|&m| quote(&clock_label(m))).collect();
            let _ = writeln!(templates, "starts = [{}]", list.join(", "));
            let _ = writeln!(templates, "length = {}", quote(&clock_label(len)));
            if days != [true; 7] {
                let list: Vec<String> = (0..7)
                    .filter(|&d| days[d])
                    .map(|d| quote(WEEKDAYS[d]))
                    .collect();
                let _ = writeln!(templates, "days = [{}]", list.join(", "));
            }
            let _ = writeln!(templates, "cost_per_hour = {cost}");
            let breaks = break_windows(these[0].0, these[0].1, len);
            if !breaks.is_empty() {
                let _ = writeln!(templates, "breaks = [\n{}]", breaks);
            }
        }
    }
    let mut out = format!(
        "# Starter shift rules for \"{}\", read off its current schedule (docs/schedule.md explains\n\
         # every field). Check the start times, lengths, breaks and costs before trusting the result.\n",
        s.name.replace('\n', " ")
    );
    out.push_str(&templates);
    let horizon_days = (model.horizon_s / 86_400.0).ceil() as u32;
    if horizon_days >= 7 {
        let lo = line_days.iter().copied().min().unwrap_or(5);
        let hi = line_days.iter().copied().max().unwrap_or(5);
        let rest = 11.min(24 - max_len.div_ceil(60).min(24));
        let mut weekly = String::from("\n[weekly]\n");
        if lo == hi {
            let _ = writeln!(weekly, "days_per_week = {lo}");
        } else {
            let _ = writeln!(weekly, "days_per_week = [{lo}, {hi}]");
        }
        if hi <= 5 {
            let _ = writeln!(weekly, "min_consecutive_days_off = 2");
        }
        if rest > 0 {
            let _ = writeln!(weekly, "min_rest_hours = {rest}");
        }
        let with = format!("{out}{weekly}");
        if parse_rules(&with)
            .ok()
            .is_some_and(|r| r.validate(model).is_ok())
        {
            return with;
        }
    }
    out
}

fn minutes(s: &str) -> Option<u32> {
    parse_clock(s).map(|v| (v / 60.0).round() as u32)
}

fn quote(s: &str) -> String {
    format!("{s:?}")
}

fn shift_days(sh: &ShiftSpec) -> [bool; 7] {
    match &sh.days {
        None => [true; 7],
        Some(list) => {
            let mut d = [false; 7];
            for x in list {
                if let Some(w) = parse_weekday(x) {
                    d[w] = true;
                }
            }
            d
        }
    }
}

/// The line's breaks as rule windows (15-minute grid), TOML inline tables one per line.
fn break_windows(sh: &ShiftSpec, start: u32, len: u32) -> String {
    let mut out = String::new();
    // (earliest, latest, minutes) of the previous break kept
    let mut prev = (0u32, 0u32, 0u32);
    for (k, b) in sh.breaks.iter().enumerate() {
        let minutes = b.minutes.round().max(1.0) as u32;
        if minutes >= len {
            continue;
        }
        let offset = match (&b.after, &b.at) {
            (Some(a), _) => self::minutes(a),
            (None, Some(at)) => self::minutes(at).map(|m| (m + 1440 - start) % 1440),
            _ => None,
        };
        let Some(offset) = offset else { continue };
        let window = b.window_minutes.max(0.0).round() as u32;
        let earliest = (offset / 15 * 15).max(prev.0);
        let latest = ((offset + window) / 15 * 15).min(len - minutes).max(prev.1);
        if earliest > latest || latest + minutes > len || prev.0 + prev.2 > latest {
            continue;
        }
        prev = (earliest, latest, minutes);
        let name = b.name.clone().unwrap_or_else(|| format!("break {}", k + 1));
        let _ = writeln!(
            out,
            "  {{ name = {}, minutes = {minutes}, earliest = \"{}\", latest = \"{}\", step_minutes = 15 }},",
            quote(&name),
            clock_label(earliest),
            clock_label(latest)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::{Format, Limits};

    fn load(text: &str) -> (Scenario, Model) {
        let s = Scenario::parse(text, Format::Toml).unwrap();
        let m = Model::compile(&s, Limits::default()).unwrap();
        (s, m)
    }

    #[test]
    fn starter_of_the_desk_validates_and_follows_its_shifts() {
        let (s, m) = load(include_str!("../../../scenarios/customer-care-24x7.toml"));
        let text = starter_rules(&s, &m);
        let rules = parse_rules(&text).unwrap().validate(&m).unwrap();
        assert!(rules.weekly, "{text}");
        assert!(text.contains("days_per_week = [3, 4]"), "{text}");
        let agents = rules
            .templates
            .iter()
            .find(|t| t.id == "agents")
            .expect(&text);
        assert_eq!(agents.length, 720);
        assert_eq!(agents.starts, vec![7 * 60, 8 * 60, 9 * 60, 12 * 60]);
        assert_eq!(agents.breaks.len(), 3);
        assert_eq!(
            (agents.breaks[1].earliest, agents.breaks[1].latest),
            (300, 360)
        );
    }

    #[test]
    fn groups_without_shifts_get_eight_hour_shifts_on_any_hour() {
        let (s, m) = load(
            r#"
version = 1
name = "one team"
interval_minutes = 30
days = 1
[[contact_types]]
id = "calls"
arrivals = { rate_per_hour = 100 }
handle_time = { dist = "exponential", mean = 180 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = { constant = 8 }
"#,
        );
        let text = starter_rules(&s, &m);
        let rules = parse_rules(&text).unwrap().validate(&m).unwrap();
        assert!(
            !rules.weekly,
            "a one-day horizon has no weekly rules: {text}"
        );
        assert_eq!(rules.templates.len(), 1);
        let t = &rules.templates[0];
        assert_eq!((t.length, t.starts.len()), (480, 24));
        assert_eq!(t.cost, 7.5, "1 per paid hour, the lunch unpaid");
    }

    #[test]
    fn every_bundled_scenario_gets_valid_starter_rules() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                let (s, m) = load(&std::fs::read_to_string(&p).unwrap());
                let text = starter_rules(&s, &m);
                let r = parse_rules(&text).and_then(|r| r.validate(&m));
                assert!(r.is_ok(), "{}: {:?}\n{text}", p.display(), r.err());
                n += 1;
            }
        }
        assert!(n >= 5);
    }
}
