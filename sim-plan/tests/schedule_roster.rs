//! The roster conversion, checked against sim-core: the scenario `scenario_with` writes compiles,
//! and the compiled model's scheduled headcount per horizon interval is the roster's weekly
//! coverage mapped to those intervals — night shifts crossing midnight, a shift ending at
//! midnight, a Sunday night covering Monday morning (also the first morning of a horizon that
//! starts on Monday), partial intervals — and every break is where the line puts it.

use sim_core::{Format, Limits, Model, Scenario};
use sim_plan::schedule::{cell_coverage, parse_rules, scenario_with, Grid, Line, Rules};

const RULES: &str = r#"
[[templates]]
id = "day"
group = "team"
start = "08:00"
length = "08:00"
cost_per_shift = 1
breaks = [
  { minutes = 15, earliest = "02:00", latest = "02:00" },
  { minutes = 30, earliest = "04:00", latest = "04:30", step_minutes = 30 },
]

[[templates]]
id = "night"
group = "team"
start = "22:00"
length = "09:00"
cost_per_shift = 1
breaks = [{ minutes = 30, earliest = "03:00", latest = "04:00", step_minutes = 30 }]

[[templates]]
id = "evening"
group = "team"
start = "16:00"
length = "08:00"
cost_per_shift = 1

[[templates]]
id = "late"
group = "backoffice"
start = "17:15"
length = "06:00"
cost_per_shift = 1

[[templates]]
id = "spare"
group = "spare"
start = "09:00"
length = "04:00"
cost_per_shift = 1
"#;

fn scenario(start: &str, days: u32, interval: u32, warmup: u32) -> Scenario {
    let text = format!(
        r#"
version = 1
name = "roster"
interval_minutes = {interval}
days = {days}
start_weekday = "{start}"
warmup_minutes = {warmup}
[[contact_types]]
id = "calls"
arrivals = {{ rate_per_hour = 10 }}
handle_time = {{ dist = "exponential", mean = 180 }}
[[agent_groups]]
id = "team"
skills = ["calls"]
shifts = [{{ start = "09:00", end = "17:00", agents = 5 }}]
[[agent_groups]]
id = "backoffice"
skills = ["calls"]
staffing = {{ constant = 2 }}
[[agent_groups]]
id = "spare"
skills = ["calls"]
staffing = {{ constant = 3 }}
[[agent_groups]]
id = "other"
skills = ["calls"]
staffing = {{ constant = 4 }}
"#
    );
    Scenario::parse(&text, Format::Toml).unwrap()
}

fn days(list: &[usize]) -> [bool; 7] {
    std::array::from_fn(|d| list.contains(&d))
}

fn lines() -> Vec<Line> {
    let line = |template, start, d: &[usize], agents, breaks: Vec<(&[usize], Vec<u32>)>| Line {
        template,
        start,
        days: days(d),
        agents,
        breaks: breaks.into_iter().map(|(d, o)| (days(d), o)).collect(),
    };
    vec![
        // weekdays, breaks at 10:00 and 12:00
        line(
            0,
            480,
            &[0, 1, 2, 3, 4],
            3,
            vec![(&[0, 1, 2, 3, 4], vec![120, 240])],
        ),
        line(0, 480, &[5], 1, vec![(&[5], vec![120, 270])]),
        // Sunday night into Monday morning
        line(1, 1320, &[6], 2, vec![(&[6], vec![180])]),
        // other break times on Thursday
        line(
            1,
            1320,
            &[1, 2, 3],
            1,
            vec![(&[1, 2], vec![180]), (&[3], vec![240])],
        ),
        // 16:00 to midnight every day
        line(2, 960, &[0, 1, 2, 3, 4, 5, 6], 1, vec![]),
        // 17:15 to 23:15: partial intervals
        line(3, 1035, &[5, 6, 0], 2, vec![]),
    ]
}

/// Break start times (minutes from the horizon start) and lengths the lines give group `g`,
/// as sim-core keeps them: shifts of day −1 … days − 1, clipped to the horizon, breaks that
/// start inside the clipped shift.
fn expected_breaks(rules: &Rules, lines: &[Line], g: usize, m: &Model) -> Vec<(i64, u32)> {
    let horizon = (m.horizon_s / 60.0) as i64;
    let mut out = Vec::new();
    for l in lines
        .iter()
        .filter(|l| rules.templates[l.template].group == g)
    {
        let t = &rules.templates[l.template];
        for d in -1..(horizon / 1440) {
            let wd = (m.start_weekday as i64 + d).rem_euclid(7) as usize;
            if !l.days[wd] {
                continue;
            }
            let s0 = d * 1440 + l.start as i64;
            let (s, e) = (s0.max(0), (s0 + t.length as i64).min(horizon));
            let Some((_, offsets)) = l.breaks.iter().find(|(days, _)| days[wd]) else {
                continue;
            };
            for (b, &o) in t.breaks.iter().zip(offsets) {
                let at = s0 + o as i64;
                if e > s && at >= s && at < e {
                    out.extend((0..l.agents).map(|_| (at, b.minutes)));
                }
            }
        }
    }
    out.sort_unstable();
    out
}

#[test]
fn the_scenario_of_a_roster_schedules_what_the_roster_covers() {
    let base_rules = parse_rules(RULES).unwrap();
    let lines = lines();
    for (start, n_days, interval, warmup) in [
        ("mon", 7, 30, 0),
        ("wed", 9, 30, 120),
        ("sun", 8, 15, 0),
        ("mon", 7, 60, 0),
        ("tue", 15, 30, 1440),
    ] {
        let what = format!("start {start}, {n_days} days, {interval}-minute intervals");
        let base = scenario(start, n_days, interval, warmup);
        let base_model = Model::compile(&base, Limits::default()).unwrap();
        let rules = base_rules.validate(&base_model).unwrap();
        let grid = Grid::new(&base_model).unwrap();
        let s = scenario_with(&base, &rules, &lines);
        let m = Model::compile(&s, Limits::default()).unwrap_or_else(|e| panic!("{what}: {e}"));
        let cov = cell_coverage(&rules, &grid, &lines);
        for (g, group) in m.groups.iter().enumerate() {
            let got = &group.scheduled_per_interval;
            assert_eq!(got.len(), m.n_intervals);
            for (i, &v) in got.iter().enumerate() {
                let want = if rules.groups.contains(&g) {
                    cov.scheduled[g][grid.cell_of(i)]
                } else {
                    base_model.groups[g].scheduled_per_interval[i]
                };
                assert!(
                    (v - want).abs() < 1e-9,
                    "{what}: group {}, interval {i} ({}): sim-core {v}, roster {want}",
                    group.id,
                    grid.cell_label(grid.cell_of(i))
                );
            }
            let mut breaks: Vec<(i64, u32)> = group
                .agents
                .iter()
                .flat_map(|a| &a.shifts)
                .flat_map(|sh| &sh.breaks)
                .map(|b| {
                    assert_eq!(b.earliest, b.latest, "{what}: breaks are fixed");
                    (
                        (b.earliest / 60.0).round() as i64,
                        (b.duration / 60.0) as u32,
                    )
                })
                .collect();
            breaks.sort_unstable();
            if rules.groups.contains(&g) {
                assert_eq!(breaks, expected_breaks(&rules, &lines, g, &m), "{what}");
            }
            assert_eq!(
                breaks.is_empty(),
                g != 0,
                "{what}: only the team has breaks"
            );
        }
        // spot checks of the cases named above, on the weekly grid
        let at = |d: usize, hhmm: u32| d * grid.per_day + (hhmm / grid.interval_min) as usize;
        let team = &cov.scheduled[0];
        assert_eq!(team[at(0, 60)], 2.0, "{what}: Monday 01:00, Sunday's night");
        assert_eq!(
            team[at(0, 8 * 60)],
            3.0,
            "{what}: Monday 08:00, the day line only"
        );
        assert_eq!(
            team[at(2, 2 * 60)],
            1.0,
            "{what}: Wednesday 02:00, Tuesday's night"
        );
        assert_eq!(
            team[at(2, 23 * 60)],
            2.0,
            "{what}: Wednesday 23:00, evening + night"
        );
        assert_eq!(cov.scheduled[2].iter().sum::<f64>(), 0.0);
        // the first Monday morning of a Monday horizon: Sunday's night shift from before it
        if start == "mon" {
            let i = (60 / interval) as usize;
            assert_eq!(m.groups[0].scheduled_per_interval[i], 2.0, "{what}");
        }
    }
}
