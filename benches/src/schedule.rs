//! Schedule-generation workloads (`benches/benches/schedule.rs`): a week of three groups with
//! about 200 (template, start) candidates, and the shipped customer-care desk with its rules.
//! The HiGHS comparison in docs/performance.md solves the same [`week_3groups`] program.

use sim_core::{Format, Model, Scenario};
use sim_plan::schedule::{parse_rules, Grid, Rules};

/// A cover instance: rules, the weekly grid and the requirement per group and cell.
pub struct CoverInstance {
    pub rules: Rules,
    pub grid: Grid,
    pub required: Vec<Vec<u32>>,
}

const WEEK_3GROUPS_SCENARIO: &str = r#"
version = 1
name = "three groups, one week"
interval_minutes = 30
days = 7
start_weekday = "mon"
[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 100 }
handle_time = { dist = "exponential", mean = 300 }
[[contact_types]]
id = "chat"
channel = "chat"
arrivals = { rate_per_hour = 40 }
handle_time = { dist = "exponential", mean = 600 }
[[contact_types]]
id = "email"
channel = "email"
arrivals = { rate_per_hour = 10 }
handle_time = { dist = "exponential", mean = 900 }
[[agent_groups]]
id = "voice"
skills = ["voice"]
staffing = { constant = 1 }
[[agent_groups]]
id = "chat"
skills = ["chat"]
staffing = { constant = 1 }
[[agent_groups]]
id = "email"
skills = ["email"]
staffing = { constant = 1 }
"#;

/// (id, group, earliest, latest, step, length, cost per paid hour, break windows).
type Tpl = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
    u32,
    &'static str,
);

/// Break windows: a 15-minute break and a 30-minute unpaid meal on full shifts, one 15-minute
/// break on short ones, 60 minutes between two breaks.
const FULL: &str = r#"{ minutes = 15, earliest = "01:30", latest = "03:00", step_minutes = 30 }, { minutes = 30, earliest = "03:30", latest = "05:00", step_minutes = 30, paid = false }"#;
const TEN: &str = r#"{ minutes = 15, earliest = "02:00", latest = "03:00", step_minutes = 30 }, { minutes = 30, earliest = "04:00", latest = "06:00", step_minutes = 30, paid = false }"#;
const SIX: &str = r#"{ minutes = 15, earliest = "02:00", latest = "04:00", step_minutes = 30 }"#;
const SHORT: &str = r#"{ minutes = 15, earliest = "01:30", latest = "02:30", step_minutes = 30 }"#;
const NIGHT: &str = r#"{ minutes = 30, earliest = "03:00", latest = "05:00", step_minutes = 30 }"#;

const TEMPLATES: [Tpl; 14] = [
    ("v_full", "voice", "06:00", "14:00", 30, "08:30", 30, FULL),
    ("v_part", "voice", "06:00", "20:00", 30, "04:00", 30, SHORT),
    ("v_six", "voice", "06:00", "18:00", 60, "06:00", 30, SIX),
    ("v_ten", "voice", "06:00", "12:00", 30, "10:30", 30, TEN),
    ("v_late", "voice", "14:30", "17:30", 30, "08:30", 32, FULL),
    ("v_night", "voice", "20:00", "23:30", 30, "08:00", 36, NIGHT),
    ("c_full", "chat", "06:00", "15:00", 30, "08:30", 28, FULL),
    ("c_part", "chat", "07:00", "19:00", 30, "04:00", 28, SHORT),
    ("c_six", "chat", "07:00", "17:00", 60, "06:00", 28, SIX),
    ("c_ten", "chat", "07:00", "12:00", 30, "10:30", 28, TEN),
    ("c_late", "chat", "14:00", "17:30", 30, "06:00", 30, SIX),
    ("e_full", "email", "07:00", "11:00", 30, "08:30", 25, FULL),
    ("e_part", "email", "08:00", "15:00", 30, "04:00", 25, SHORT),
    ("e_six", "email", "07:00", "12:00", 30, "06:00", 25, SIX),
];

/// The rules of [`week_3groups`] as a rules file.
pub fn week_3groups_rules() -> String {
    let mut out = String::new();
    for (id, group, a, b, step, length, rate, breaks) in TEMPLATES {
        out += &format!(
            "[[templates]]\nid = \"{id}\"\ngroup = \"{group}\"\nearliest = \"{a}\"\nlatest = \"{b}\"\nstep_minutes = {step}\nlength = \"{length}\"\ncost_per_hour = {rate}\nbreak_gap_minutes = 60\nbreaks = [{breaks}]\n\n"
        );
    }
    out
}

/// Agents required per group and cell: a morning peak and an afternoon peak, busier early in
/// the week; voice has a quiet night (2 agents), chat runs 07:00–23:00, e-mail 08:00–18:00 on
/// weekdays.
pub fn week_3groups_requirement(grid: &Grid) -> Vec<Vec<u32>> {
    const DAY: [f64; 7] = [1.15, 1.05, 1.0, 1.0, 0.95, 0.6, 0.5];
    // (group peak, open from, open to in hours, quiet level outside)
    let groups = [
        (40.0, 0.0, 24.0, 2.0),
        (18.0, 7.0, 23.0, 0.0),
        (8.0, 8.0, 18.0, 0.0),
    ];
    groups
        .iter()
        .enumerate()
        .map(|(g, &(peak, open, close, quiet))| {
            (0..grid.cells())
                .map(|c| {
                    let d = c / grid.per_day;
                    let h = (c % grid.per_day) as f64 * grid.interval_min as f64 / 60.0 + 0.25;
                    if h < open || h >= close || (g == 2 && d >= 5) {
                        return quiet as u32;
                    }
                    // two bumps (11:00 and 15:00) over a day curve from 07:00 to 22:00
                    let bump = |mu: f64, sd: f64| (-(h - mu) * (h - mu) / (2.0 * sd * sd)).exp();
                    let shape = 0.15 + 0.85 * bump(11.0, 2.2).max(0.85 * bump(15.0, 2.5));
                    let daytime = if (7.0..22.0).contains(&h) { 1.0 } else { 0.3 };
                    (peak * DAY[d] * shape * daytime).round().max(quiet) as u32
                })
                .collect()
        })
        .collect()
}

/// The three-group week: 196 (template, start) candidates, each on any weekday (no weekly
/// rules), with one or two break windows.
pub fn week_3groups() -> CoverInstance {
    let model = Model::from_text(WEEK_3GROUPS_SCENARIO, Format::Toml).expect("week scenario");
    let rules = parse_rules(&week_3groups_rules())
        .and_then(|f| f.validate(&model))
        .unwrap_or_else(|e| panic!("week rules: {e}"));
    let grid = Grid::new(&model).expect("30-minute grid");
    let required = week_3groups_requirement(&grid);
    CoverInstance {
        rules,
        grid,
        required,
    }
}

/// The shipped desk (`scenarios/customer-care-24x7.toml`) and its shift rules
/// (`scenarios/rules/customer-care-24x7.rules.toml`).
pub fn desk() -> (Scenario, Model, Rules) {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("scenarios/customer-care-24x7.toml"))
        .expect("desk scenario");
    let s = Scenario::parse(&text, Format::Toml).expect("desk scenario parses");
    let m = Model::compile(&s, sim_core::Limits::default()).expect("desk scenario compiles");
    let rtext = std::fs::read_to_string(root.join("scenarios/rules/customer-care-24x7.rules.toml"))
        .expect("desk rules");
    let rules = parse_rules(&rtext)
        .and_then(|f| f.validate(&m))
        .unwrap_or_else(|e| panic!("desk rules: {e}"));
    (s, m, rules)
}
