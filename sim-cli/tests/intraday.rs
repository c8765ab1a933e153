//! `ccsim intraday` end to end on the bundled example: every output with its columns, the same
//! bytes at any thread count, what-ifs reported, bad input refused naming the field, nothing
//! written.

use assert_cmd::Command;
use std::path::Path;

fn ccsim() -> Command {
    let mut c = Command::cargo_bin("ccsim").expect("binary");
    c.env_remove("RAYON_NUM_THREADS");
    c
}

fn repo(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(p)
        .display()
        .to_string()
}

fn args(extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = vec![
        "intraday".into(),
        "customer-care-24x7".into(),
        "--state".into(),
        repo("scenarios/intraday/customer-care-24x7.state.json"),
        "--actuals".into(),
        repo("scenarios/intraday/customer-care-24x7.actuals.csv"),
        "-n".into(),
        "60".into(),
        "-q".into(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[test]
fn intraday_writes_every_output_the_same_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("today");
    let o = ccsim()
        .args(args(&[
            "--whatif",
            "add agents 2 11:30-15:00",
            "--threads",
            "1",
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ]))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let one = String::from_utf8(o.stdout).unwrap();
    let o = ccsim()
        .args(args(&[
            "--whatif",
            "add agents 2 11:30-15:00",
            "--threads",
            "2",
            "--format",
            "json",
        ]))
        .output()
        .unwrap();
    assert_eq!(one, String::from_utf8(o.stdout).unwrap());
    for f in [
        "today.json",
        "intervals.csv",
        "whatifs.csv",
        "day-calls.svg",
        "day-calls.png",
        "day-written.svg",
        "report.html",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("today.json")).unwrap(),
        one
    );
    let doc: serde_json::Value = serde_json::from_str(&one).unwrap();
    let report = &doc["report"];
    assert_eq!(report["replications"], 60);
    assert_eq!(report["finished_intervals"], 22);
    assert_eq!(report["clock"], "11:00");
    let calls = &report["types"][0];
    assert_eq!(calls["id"], "calls");
    assert_eq!(calls["carried"], 9);
    let sl = calls["whole_day"]["service_level"]["mean"]
        .as_f64()
        .unwrap();
    assert!(sl > 0.0 && sl < 1.0);
    assert_eq!(calls["intervals"].as_array().unwrap().len(), 48);
    assert_eq!(doc["whatifs"][0]["whatif"], "add agents 2 11:30-15:00");
    let d = doc["whatifs"][0]["types"][0][1]["service_level"]["mean"]
        .as_f64()
        .unwrap();
    assert!(d > 0.0, "two more agents raise the service level: {d}");
    let csv = std::fs::read_to_string(out.join("intervals.csv")).unwrap();
    assert!(csv.starts_with(
        "contact_type,interval_start,part,forecast,reforecast,offered,offered_p5,offered_p95,\
         service_level,service_level_p5,service_level_p95,abandon_rate\n"
    ));
    assert!(csv.contains("calls,10:30,actual,") && csv.contains("calls,11:00,projected,"));
}

#[test]
fn bad_state_is_refused_naming_the_field_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::write(
        &state,
        r#"{"clock": "11:00", "day": 3, "groups": {"agents": {"logged_in": 2, "busy": 5}}}"#,
    )
    .unwrap();
    let out = dir.path().join("o");
    let mut a = args(&["--out", out.to_str().unwrap()]);
    a[3] = state.display().to_string();
    let o = ccsim().args(&a).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains(
            "groups.agents.busy: busy + on_break + off_phone (5) must not exceed logged_in (2)"
        ),
        "{e}"
    );
    assert!(!out.exists());
    let o = ccsim()
        .args(args(&["--whatif", "hire 3 people"]))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--whatif"));
    let o = ccsim().args(args(&["--method", "magic"])).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--method"));
}

/// With --history: the profile comes from the history's same weekdays, and the re-forecast
/// backtest is written and printed.
#[test]
fn a_history_gives_the_backtest_and_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("h.csv");
    let o = ccsim()
        .args([
            "run",
            "customer-care-24x7",
            "-n",
            "1",
            "-q",
            "--set",
            "days=22",
            "--history-start-date",
            "2023-12-17",
            "--history-out",
            h.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("o");
    let o = ccsim()
        .args(args(&[
            "--history",
            h.to_str().unwrap(),
            "--method",
            "profile",
            "--out",
            out.to_str().unwrap(),
        ]))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("Re-forecast backtest on the history"),
        "{text}"
    );
    assert!(text.contains("profile:50+20%"), "{text}");
    let b = std::fs::read_to_string(out.join("backtest.csv")).unwrap();
    assert!(b.lines().count() > 3, "{b}");
}
