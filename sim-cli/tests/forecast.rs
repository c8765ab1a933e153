//! `ccsim forecast` end to end: outputs exist with the exact columns, the scenario runs, bad input
//! is refused with line and column and nothing is written.

use assert_cmd::Command;
use std::path::Path;

fn ccsim() -> Command {
    let mut c = Command::cargo_bin("ccsim").expect("binary");
    c.env_remove("RAYON_NUM_THREADS");
    c
}

/// Eight weeks of 15-minute history for two types, weekdays 08:00–18:00, with AHT; deterministic
/// pseudo-random counts; Wednesday 2024-01-17 missing.
fn history() -> String {
    let mut s = String::from("interval_start,contact_type,offered,handled,aht_s\n");
    let first = sim_history::chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for d in 0..56u64 {
        let date = first + sim_history::chrono::Days::new(d);
        if d % 7 >= 5 || d == 16 {
            continue;
        }
        for p in 32..72u64 {
            for (k, ty) in ["retail", "business"].iter().enumerate() {
                let n = 20
                    + (d * 7919 + p * 104729 + k as u64 * 13) % 17
                    + if d % 7 == 0 { 8 } else { 0 };
                let aht = 200 + k as u64 * 100 + p;
                s.push_str(&format!(
                    "{date}T{:02}:{:02},{ty},{n},{n},{aht}\n",
                    p / 4,
                    (p % 4) * 15
                ));
            }
        }
    }
    s
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn forecast_writes_every_output_and_the_scenario_runs() {
    let dir = tempfile::tempdir().unwrap();
    let hist = write(dir.path(), "history.csv", &history());
    let out = dir.path().join("fc");
    let o = ccsim()
        .args([
            "forecast",
            &hist,
            "--start",
            "2024-02-26",
            "--days",
            "5",
            "--interval-minutes",
            "30",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(
        table.contains("WAPE interval") && table.contains("← used"),
        "{table}"
    );
    for f in [
        "forecast.csv",
        "backtest.csv",
        "scenario.toml",
        "report.html",
        "forecast-retail.svg",
        "forecast-retail.png",
        "forecast-business.png",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let csv = std::fs::read_to_string(out.join("forecast.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("interval_start,contact_type,forecast,lo80,hi80,aht_s")
    );
    assert_eq!(csv.lines().count(), 1 + 2 * 5 * 48);
    let first = lines.next().unwrap();
    assert!(
        first.starts_with("2024-02-26T00:00,retail,0,0,0"),
        "{first}"
    );
    let bt = std::fs::read_to_string(out.join("backtest.csv")).unwrap();
    assert!(bt.starts_with(
        "contact_type,method,chosen,origins,days_scored,wape_interval,wape_day,bias,mase\n"
    ));
    assert_eq!(
        bt.lines().filter(|l| l.contains(",true,")).count(),
        2,
        "{bt}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Rolling-origin backtest") && html.contains("<svg"));

    // the scenario is runnable (sim-core's validation, then a short run) — when sim-core knows
    // handle_time_factors; before that, the same scenario without them
    let scen = out.join("scenario.toml");
    let text = std::fs::read_to_string(&scen).unwrap();
    let plain: String = text
        .lines()
        .filter(|l| !l.starts_with("handle_time_factors"))
        .map(|l| format!("{l}\n"))
        .collect();
    let plain_path = write(dir.path(), "plain.toml", &plain);
    let run = |p: &str| {
        ccsim()
            .args(["run", p, "-n", "2", "--format", "json"])
            .output()
            .unwrap()
    };
    let full = run(scen.to_str().unwrap());
    let ok = full.status.success()
        || String::from_utf8_lossy(&full.stderr).contains("handle_time_factors");
    assert!(ok, "{}", String::from_utf8_lossy(&full.stderr));
    let r = run(&plain_path);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn bad_history_is_refused_with_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = history();
    text.push_str("2024-02-23T09:07,retail,5,5,300\n");
    let hist = write(dir.path(), "history.csv", &text);
    let out = dir.path().join("fc");
    let o = ccsim()
        .args(["forecast", &hist, "--start", "2024-02-26", "--days", "5"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = text.lines().count();
    assert!(
        err.contains(&format!("line {line}")) && err.contains("column `interval_start`"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written on failure");

    for (args, says) in [
        (vec!["--method", "magic"], "auto, seasonal-naive"),
        (vec!["--interval-minutes", "5"], "finer"),
        (vec!["--columns", "calls=offered"], "unknown column"),
        (vec!["--base", "customer-care-24x7"], "base scenario"),
    ] {
        let hist = write(dir.path(), "ok.csv", &history());
        let o = ccsim()
            .args(["forecast", &hist, "--start", "2024-02-26", "--days", "5"])
            .args(&args)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!out.exists(), "{args:?}: nothing is written on failure");
    }
}
