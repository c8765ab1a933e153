//! Shift rules validation: the smallest file is accepted as written, and every bad input is one
//! error with its field path, the value given and what is allowed — never a panic, never a
//! silent acceptance.

use sim_core::error::FieldError;
use sim_core::{Format, Model};
use sim_plan::schedule::parse_rules;

fn model(days: u32) -> Model {
    let text = format!(
        r#"
version = 1
name = "rules"
days = {days}
start_weekday = "mon"
[[contact_types]]
id = "calls"
arrivals = {{ rate_per_hour = 10 }}
handle_time = {{ dist = "exponential", mean = 180 }}
[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = {{ constant = 1 }}
[[agent_groups]]
id = "backoffice"
skills = ["calls"]
staffing = {{ constant = 1 }}
"#
    );
    Model::from_text(&text, Format::Toml).unwrap()
}

/// Every error of a rules text against a scenario of `days` days (parse errors included).
fn errors(text: &str, days: u32) -> Vec<FieldError> {
    match parse_rules(text) {
        Err(e) => e.0,
        Ok(f) => f
            .validate(&model(days))
            .err()
            .map(|e| e.0)
            .unwrap_or_default(),
    }
}

/// Exactly one error, at `path`, whose message has every one of `parts`.
#[track_caller]
fn one(text: &str, days: u32, path: &str, parts: &[&str]) {
    let errs = errors(text, days);
    assert_eq!(
        errs.len(),
        1,
        "one error expected for\n{text}\ngot {errs:#?}"
    );
    assert_eq!(errs[0].path, path, "{}", errs[0]);
    for p in parts {
        assert!(
            errs[0].message.contains(p),
            "\"{p}\" in \"{}\"",
            errs[0].message
        );
    }
}

const EARLY: &str = r#"
[[templates]]
id = "early"
group = "team"
start = "06:00"
length = "06:00"
cost_per_shift = 288
"#;

#[test]
fn the_smallest_rules_file_is_accepted_as_written() {
    let rules = parse_rules(EARLY).unwrap().validate(&model(1)).unwrap();
    assert_eq!(rules.templates.len(), 1);
    let t = &rules.templates[0];
    assert_eq!(
        (
            t.id.as_str(),
            t.group,
            t.starts.as_slice(),
            t.length,
            t.cost
        ),
        ("early", 0, &[360][..], 360, 288.0)
    );
    assert_eq!((t.paid_minutes, t.min_agents, t.max_agents), (360, 0, None));
    assert!(t.breaks.is_empty() && t.break_gap == 0);
    assert_eq!(t.days, [true; 7]);
    // no weekly rules: a line is one weekday
    assert_eq!(t.patterns.len(), 7);
    assert!(t
        .patterns
        .iter()
        .all(|p| p.iter().filter(|&&d| d).count() == 1));
    assert!(!rules.weekly && rules.floors.is_empty());
    assert_eq!(rules.groups, vec![0]);
}

/// EARLY with `from` replaced by `to` (exactly once).
fn early(from: &str, to: &str) -> String {
    assert_eq!(EARLY.matches(from).count(), 1, "{from}");
    EARLY.replace(from, to)
}

#[test]
fn an_unknown_group_is_named_with_the_groups_there_are() {
    one(
        &early("\"team\"", "\"sales\""),
        1,
        "templates[0].group",
        &["\"sales\"", "team, backoffice"],
    );
}

#[test]
fn a_bad_clock_is_named_with_its_value_and_the_format() {
    one(
        &early("start = \"06:00\"", "start = \"25:00\""),
        1,
        "templates[0].start",
        &["\"25:00\"", "\"HH:MM\"", "00:00", "24:00"],
    );
    one(
        &early("length = \"06:00\"", "length = \"6h\""),
        1,
        "templates[0].length",
        &["\"6h\"", "less than 24:00"],
    );
    one(
        &early("length = \"06:00\"", "length = \"00:00\""),
        1,
        "templates[0].length",
        &["\"00:00\"", "more than 00:00"],
    );
    one(
        &early("start = \"06:00\"", "starts = [\"06:00\", \"7:75\"]"),
        1,
        "templates[0].starts[1]",
        &["\"7:75\"", "\"HH:MM\""],
    );
}

fn with_break(b: &str) -> String {
    format!("{EARLY}breaks = [{b}]\n")
}

#[test]
fn a_break_that_ends_after_the_shift_is_named() {
    one(
        &with_break("{ minutes = 30, earliest = \"05:00\", latest = \"05:45\" }"),
        1,
        "templates[0].breaks[0].latest",
        &[
            "30-minute",
            "\"05:45\"",
            "360-minute shift",
            "at most the length",
        ],
    );
    // a huge break is the same error, not an overflow that wraps around to "fits"
    one(
        &with_break("{ minutes = 4294967295, earliest = \"01:00\", latest = \"02:00\" }"),
        1,
        "templates[0].breaks[0].latest",
        &["4294967295-minute", "\"02:00\"", "360-minute shift"],
    );
}

#[test]
fn latest_before_earliest_is_named_with_both_values() {
    one(
        &with_break("{ minutes = 15, earliest = \"03:00\", latest = \"02:00\" }"),
        1,
        "templates[0].breaks[0].latest",
        &["\"02:00\"", "03:00", "must not be before earliest"],
    );
    one(
        &early(
            "start = \"06:00\"",
            "earliest = \"09:00\"\nlatest = \"07:00\"",
        ),
        1,
        "templates[0].latest",
        &["\"07:00\"", "\"09:00\"", "must not be before earliest"],
    );
    one(
        &early("start = \"06:00\"", "earliest = \"09:00\""),
        1,
        "templates[0].latest",
        &["earliest and latest go together", "latest is missing"],
    );
}

#[test]
fn breaks_that_cannot_all_be_placed_are_named() {
    // on its 45-minute step the second break can start at 01:00 or 01:45, not at 01:50
    one(
        &format!(
            "{EARLY}break_gap_minutes = 20\nbreaks = [{{ minutes = 30, earliest = \"01:00\", latest = \"01:00\" }}, {{ minutes = 15, earliest = \"01:00\", latest = \"01:50\", step_minutes = 45 }}]\n"
        ),
        1,
        "templates[0].breaks[1].latest",
        &["01:50", "01:45", "20 minutes", "break_gap_minutes"],
    );
    // each pair fits, the three in a row do not: 00:00 + 60 → 01:00 + 30 → 01:30 > 01:20
    one(
        &with_break(
            "{ minutes = 60, earliest = \"00:00\", latest = \"00:00\" }, { minutes = 30, earliest = \"00:30\", latest = \"01:00\", step_minutes = 30 }, { minutes = 15, earliest = \"00:40\", latest = \"01:20\", step_minutes = 10 }",
        ),
        1,
        "templates[0].breaks[2].latest",
        &["01:30", "01:20"],
    );
    // a huge gap is an error, not an overflow
    one(
        &format!(
            "{EARLY}break_gap_minutes = 4294967295\nbreaks = [{{ minutes = 15, earliest = \"01:00\", latest = \"01:00\" }}, {{ minutes = 15, earliest = \"03:00\", latest = \"03:00\" }}]\n"
        ),
        1,
        "templates[0].breaks[1].latest",
        &["4294967295 minutes"],
    );
}

#[test]
fn two_costs_or_none_are_named() {
    one(
        &early(
            "cost_per_shift = 288",
            "cost_per_shift = 288\ncost_per_hour = 48",
        ),
        1,
        "templates[0].cost_per_shift",
        &["not both", "cost_per_shift = 288", "cost_per_hour = 48"],
    );
    one(
        &early("cost_per_shift = 288", ""),
        1,
        "templates[0]",
        &["needs a cost", "cost_per_shift or cost_per_hour"],
    );
    one(
        &early("cost_per_shift = 288", "cost_per_shift = -5"),
        1,
        "templates[0].cost_per_shift",
        &["-5", "0 … 1e9"],
    );
}

#[test]
fn a_duplicate_id_is_named() {
    let text = format!(
        "{EARLY}{}",
        early("group = \"team\"", "group = \"backoffice\"")
    );
    one(
        &text,
        1,
        "templates[1].id",
        &["\"early\"", "earlier template", "unique"],
    );
}

#[test]
fn an_unknown_field_is_named_with_the_fields_allowed() {
    one(
        &early("length", "lenght = \"06:00\"\nlength"),
        1,
        "templates[0].lenght",
        &["unknown field 'lenght'", "'length'", "line 6"],
    );
    one(
        "[weekly]\ndays = 5\n",
        7,
        "weekly.days",
        &["unknown field 'days'", "'days_per_week'", "line 2"],
    );
}

#[test]
fn weekly_rules_need_a_week() {
    let text = format!("{EARLY}[weekly]\ndays_per_week = 5\n");
    one(&text, 1, "weekly", &["at least 7 days", "has 1"]);
    assert!(errors(&text, 7).is_empty());
}

#[test]
fn start_forms_mixed_are_named() {
    one(
        &early(
            "start = \"06:00\"",
            "start = \"06:00\"\nstarts = [\"07:00\"]",
        ),
        1,
        "templates[0]",
        &[
            "exactly one of start, starts, or earliest + latest",
            "got start and starts",
        ],
    );
    one(
        &early(
            "start = \"06:00\"",
            "start = \"06:00\"\nearliest = \"06:00\"\nlatest = \"08:00\"",
        ),
        1,
        "templates[0]",
        &["got start and earliest + latest"],
    );
    one(
        &early("start = \"06:00\"\n", ""),
        1,
        "templates[0]",
        &["got none of them"],
    );
}

#[test]
fn other_bad_values_are_errors_not_panics() {
    // (rules text, horizon days, path, parts)
    let cases: Vec<(String, u32, &str, Vec<&str>)> = vec![
        (
            with_break("{ minutes = 15, earliest = \"01:00\", latest = \"02:00\", step_minutes = 0 }"),
            1,
            "templates[0].breaks[0].step_minutes",
            vec!["1 … 1440", "got 0"],
        ),
        (
            with_break("{ minutes = 0, earliest = \"01:00\", latest = \"02:00\" }"),
            1,
            "templates[0].breaks[0].minutes",
            vec!["more than 0", "got 0"],
        ),
        (
            early("start = \"06:00\"", "earliest = \"06:00\"\nlatest = \"08:00\"\nstep_minutes = 0"),
            1,
            "templates[0].step_minutes",
            vec!["1 … 1440", "got 0"],
        ),
        (
            early("start = \"06:00\"", "starts = []"),
            1,
            "templates[0].starts",
            vec!["at least one", "[]"],
        ),
        (
            early("length", "days = []\nlength"),
            1,
            "templates[0].days",
            vec!["at least one weekday", "[]"],
        ),
        (
            early("length", "days = [\"mon\", \"funday\"]\nlength"),
            1,
            "templates[0].days[1]",
            vec!["\"funday\"", "mon … sun"],
        ),
        (
            early("length", "min_agents = 5\nmax_agents = 2\nlength"),
            1,
            "templates[0].min_agents",
            vec!["max_agents (2)", "got 5"],
        ),
        (
            format!("{EARLY}[weekly]\ndays_per_week = [5, 3]\n"),
            7,
            "weekly.days_per_week",
            vec!["1 … 7", "(5, 3)"],
        ),
        (
            format!("{EARLY}[weekly]\nmin_rest_hours = 30\n"),
            7,
            "weekly.min_rest_hours",
            vec!["0 … 24", "got 30"],
        ),
        (
            format!("{EARLY}[weekly]\nweekly_hours = [40, 30]\n"),
            7,
            "weekly.weekly_hours",
            vec!["min ≤ max", "[40, 30]"],
        ),
        (
            format!("{EARLY}[weekly]\npatterns = []\n"),
            7,
            "weekly.patterns",
            vec!["at least one pattern", "[]"],
        ),
        (
            format!("{EARLY}[weekly]\npatterns = [[\"mon\", \"xyz\"]]\n"),
            7,
            "weekly.patterns[0][1]",
            vec!["\"xyz\"", "mon … sun"],
        ),
        (
            format!("{EARLY}[[floors]]\ngroup = \"nobody\"\nfrom = \"00:00\"\nto = \"06:00\"\nagents = 2\n"),
            1,
            "floors[0].group",
            vec!["\"nobody\""],
        ),
        (
            format!("{EARLY}[[floors]]\ngroup = \"team\"\nfrom = \"00:00\"\nto = \"26:00\"\nagents = 2\n"),
            1,
            "floors[0].to",
            vec!["\"26:00\"", "\"HH:MM\""],
        ),
        (String::new(), 1, "templates", vec!["at least one [[templates]]"]),
    ];
    for (text, days, path, parts) in cases {
        one(&text, days, path, &parts);
    }
}
