//! `ccsim schedule` end to end: the smallest rules file is accepted as written, every output
//! exists with its exact columns, the generated scenario runs, a given requirement (also the
//! staffing.csv of `ccsim staff`) is covered, and bad or infeasible input is refused with the
//! field or interval named and nothing written.

use assert_cmd::Command;
use std::path::Path;

fn ccsim() -> Command {
    let mut c = Command::cargo_bin("ccsim").expect("binary");
    c.env_remove("RAYON_NUM_THREADS");
    c
}

/// One Monday of hourly intervals; calls only from 06:00 to 12:00.
const SCENARIO: &str = r#"
version = 1
name = "Morning desk"
interval_minutes = 60
days = 1
start_weekday = "mon"
[[contact_types]]
id = "calls"
arrivals = { per_interval = [0, 0, 0, 0, 0, 0, 40, 60, 80, 80, 60, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }
handle_time = { dist = "exponential", mean = 180 }
patience = { dist = "exponential", mean = 300 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = { constant = 3 }
"#;

/// The smallest rules file of the issue, exactly as written.
const MINIMAL_RULES: &str = r#"[[templates]]
id = "early"
group = "team"
start = "06:00"
length = "06:00"
cost_per_shift = 288
"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn minimal_rules_give_every_output_and_a_runnable_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write(dir.path(), "desk.toml", SCENARIO);
    let rules = write(dir.path(), "rules.toml", MINIMAL_RULES);
    let out = dir.path().join("out");
    ccsim()
        .args([
            "schedule",
            &sc,
            "--rules",
            &rules,
            "-n",
            "10",
            "--max-iterations",
            "4",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    for f in [
        "scenario.toml",
        "schedule.csv",
        "coverage.csv",
        "iterations.csv",
        "schedule.json",
        "coverage-team.svg",
        "coverage-team.png",
        "gantt-team.svg",
        "gantt-team.png",
        "report.html",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let csv = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("group,template,start,weekdays,agents,breaks,cost")
    );
    let doc = json(&out.join("schedule.json"));
    // the cost column sums to the schedule's cost; one template, one start: agents × 288
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(rows[0][..4], ["team", "early", "06:00", "mon"]);
    let agents: f64 = rows[0][4].parse().unwrap();
    let cost: f64 = rows[0][6].parse().unwrap();
    assert_eq!(cost, agents * 288.0);
    assert_eq!(doc["cost"].as_f64().unwrap(), cost);
    // with up to 80 calls an hour of 3 minutes (4 Erlangs) the desk needs more than 4 agents
    assert!(agents >= 5.0, "{csv}");
    assert_eq!(
        std::fs::read_to_string(out.join("coverage.csv"))
            .unwrap()
            .lines()
            .next(),
        Some("interval,label,group,warmup,required,scheduled,net,over_under")
    );
    assert!(doc["converged"].as_bool().unwrap(), "{doc}");
    // the verification meets every target by its mean, as `ccsim run` reports them
    for t in doc["verification"]["targets"].as_array().unwrap() {
        assert!(t["met"].as_bool().unwrap(), "{t}");
    }
    // the scenario runs as it is, with the generated shift line
    let scenario = std::fs::read_to_string(out.join("scenario.toml")).unwrap();
    assert!(
        scenario.contains("start = \"06:00\"") && scenario.contains("end = \"12:00\""),
        "{scenario}"
    );
    ccsim()
        .args(["run"])
        .arg(out.join("scenario.toml"))
        .args(["-n", "4", "-q", "--format", "json"])
        .assert()
        .success();
}

#[test]
fn a_given_requirement_is_covered_and_not_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write(dir.path(), "desk.toml", SCENARIO);
    let rules = write(
        dir.path(),
        "rules.toml",
        r#"
[[templates]]
id = "early"
group = "team"
starts = ["06:00", "07:00", "08:00"]
length = "04:00"
cost_per_hour = 20
breaks = [{ name = "break", minutes = 15, earliest = "01:30", latest = "02:30" }]
"#,
    );
    let req = write(
        dir.path(),
        "req.csv",
        "interval_start,group,required\n06:00,team,2\n07:00,team,3\n08:00,team,4\n09:00,team,4\n10:00,team,3\n11:00,team,2\n",
    );
    let out = dir.path().join("out");
    ccsim()
        .args([
            "schedule",
            &sc,
            "--rules",
            &rules,
            "--requirement",
            &req,
            "-n",
            "4",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let doc = json(&out.join("schedule.json"));
    assert!(doc["requirement_given"].as_bool().unwrap());
    assert_eq!(doc["iterations"].as_array().unwrap().len(), 1);
    let cov = std::fs::read_to_string(out.join("coverage.csv")).unwrap();
    let mut required_hours = 0.0;
    for l in cov.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let (req, net): (f64, f64) = (f[4].parse().unwrap(), f[6].parse().unwrap());
        assert!(net + 1e-9 >= req, "interval {} short: {l}", f[1]);
        required_hours += req;
    }
    assert_eq!(required_hours, 18.0);
}

#[test]
fn the_staffing_csv_of_ccsim_staff_is_a_requirement() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write(dir.path(), "desk.toml", SCENARIO);
    let rules = write(dir.path(), "rules.toml", MINIMAL_RULES);
    let staff = dir.path().join("staff");
    ccsim()
        .args(["staff", &sc, "-n", "10", "-q", "--out"])
        .arg(&staff)
        .assert()
        .success();
    let req = staff.join("staffing.csv");
    let out = ccsim()
        .args([
            "schedule",
            &sc,
            "--rules",
            &rules,
            "-n",
            "4",
            "-q",
            "--format",
            "json",
            "--requirement",
        ])
        .arg(&req)
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    // the peak need of the staffing search is what the single 06:00 shift line must carry
    let peak = std::fs::read_to_string(&req)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(7).unwrap().parse::<u32>().unwrap())
        .max()
        .unwrap();
    assert_eq!(doc["rows"][0]["agents"].as_u64().unwrap(), peak as u64);
}

#[test]
fn an_interval_no_template_covers_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write(
        dir.path(),
        "desk.toml",
        &SCENARIO.replace("[0, 0, 0, 0, 0, 0, 40", "[0, 0, 0, 9, 0, 0, 40"),
    );
    let rules = write(dir.path(), "rules.toml", MINIMAL_RULES);
    let out = dir.path().join("out");
    let a = ccsim()
        .args(["schedule", &sc, "--rules", &rules, "-q", "--out"])
        .arg(&out)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("Mon 03:00") && err.contains("team") && err.contains("no template"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn bad_rules_name_the_field_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write(dir.path(), "desk.toml", SCENARIO);
    let out = dir.path().join("out");
    for (rules, expect) in [
        (MINIMAL_RULES.replace("\"team\"", "\"crew\""), vec!["templates[0].group", "\"crew\"", "team"]),
        (MINIMAL_RULES.replace("\"06:00\"\nlength", "\"6 am\"\nlength"), vec!["templates[0].start", "6 am", "HH:MM"]),
        (format!("{MINIMAL_RULES}breaks = [{{ minutes = 30, earliest = \"05:45\", latest = \"05:45\" }}]\n"), vec!["templates[0].breaks[0].latest", "ends after"]),
        (MINIMAL_RULES.replace("cost_per_shift = 288", "cost_per_shift = 288\ncost_per_hour = 40"), vec!["templates[0].cost_per_shift", "not both"]),
        (format!("{MINIMAL_RULES}colour = \"red\"\n"), vec!["colour"]),
        (format!("{MINIMAL_RULES}[weekly]\ndays_per_week = 5\n"), vec!["weekly", "7 days"]),
    ] {
        let r = write(dir.path(), "rules.toml", &rules);
        let a = ccsim()
            .args(["schedule", &sc, "--rules", &r, "-q", "--out"])
            .arg(&out)
            .assert()
            .failure();
        let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        for e in expect {
            assert!(err.contains(e), "expected {e:?} in:\n{err}");
        }
        assert!(!out.exists());
    }
}
