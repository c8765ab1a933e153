//! `ccsim run --history-out / --records-out`: the simulated ACD exports, checked against counts
//! made by other code paths (replications.csv's per-replication KPIs, the records themselves).

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

fn ccsim() -> Command {
    let mut c = Command::cargo_bin("ccsim").expect("binary");
    c.env_remove("RAYON_NUM_THREADS");
    c
}

/// Two days from a Saturday with a warm-up, two types, redials, a capped queue, callbacks,
/// self-service, handle time by interval and a weekday profile.
const CENTER: &str = r#"
version = 1
name = "export"
interval_minutes = 60
days = 2
start_weekday = "sat"
warmup_minutes = 90
[[contact_types]]
id = "sales"
arrivals = { per_day = 1500, profile = [0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1, 0, 0, 0, 0], weekday_profiles = { sat = [0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } }
handle_time = { dist = "exponential", mean = 240 }
wrap_up = { dist = "constant", value = 30 }
handle_time_factors = [1, 1, 1, 1, 1, 1, 1, 1.2, 1.2, 1.1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.9, 1, 1, 1, 1]
patience = { dist = "exponential", mean = 150 }
queue_capacity = 10
retry = { probability = 0.4, delay = { dist = "exponential", mean = 240 } }
self_service = { deflection = 0.1, duration = { dist = "constant", value = 30 } }
callback = { offer_when_wait_s = 120, accept_share = 0.5, to = "callbacks" }
[[contact_types]]
id = "callbacks"
arrivals = { rate_per_hour = 0 }
handle_time = { dist = "exponential", mean = 200 }
[[agent_groups]]
id = "front"
skills = ["sales"]
staffing = { constant = 14 }
[[agent_groups]]
id = "back"
skills = ["callbacks"]
staffing = { constant = 2 }
"#;

fn run(dir: &Path, extra: &[&str]) -> std::process::Output {
    let scenario = dir.join("center.toml");
    std::fs::write(&scenario, CENTER).expect("write");
    ccsim()
        .current_dir(dir)
        .args(["run", scenario.to_str().unwrap(), "-n", "3", "-q"])
        .args(extra)
        .output()
        .expect("run")
}

fn ok(dir: &Path, extra: &[&str]) {
    let out = run(dir, extra);
    assert!(
        out.status.success(),
        "ccsim {extra:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

type Rows = Vec<BTreeMap<String, String>>;

fn read_csv(p: &Path) -> (Vec<String>, Rows) {
    let mut r = csv::Reader::from_path(p).expect("csv");
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            header
                .iter()
                .cloned()
                .zip(x.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn num(row: &BTreeMap<String, String>, k: &str) -> f64 {
    row[k]
        .parse()
        .unwrap_or_else(|_| panic!("{k} = {:?}", row[k]))
}

#[test]
fn the_history_adds_up_to_the_first_replications_kpis() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["--history-out", "h.csv", "--out", "out"]);
    let (header, rows) = read_csv(&dir.path().join("h.csv"));
    assert_eq!(
        header,
        [
            "interval_start",
            "contact_type",
            "offered",
            "handled",
            "abandoned",
            "aht_s",
            "asa_s",
            "answered_in_sl"
        ]
    );
    // every interval after the 90-minute warm-up (from 01:00) of both days, for both types
    assert_eq!(rows.len(), (48 - 1) * 2);
    assert_eq!(rows[0]["interval_start"], "2024-01-06T01:00"); // the first Saturday of 2024
    assert_eq!(rows.last().unwrap()["interval_start"], "2024-01-07T23:00");
    // replications.csv (the summary's per-replication KPIs) row of replication 0
    let (_, reps) = read_csv(&dir.path().join("out/replications.csv"));
    let first = reps.iter().find(|r| r["replication"] == "0").unwrap();
    for t in ["sales", "callbacks"] {
        let of = |k: &str| -> f64 {
            rows.iter()
                .filter(|r| r["contact_type"] == t)
                .map(|r| num(r, k))
                .sum()
        };
        for k in ["offered", "handled", "abandoned"] {
            assert_eq!(of(k), num(first, &format!("{t}.{k}")), "{t}.{k}");
        }
        let blocked = num(first, &format!("{t}.blocked"));
        let callbacks = num(first, &format!("{t}.callbacks"));
        let left = of("offered") - of("handled") - of("abandoned") - blocked - callbacks;
        assert!(
            (0.0..=30.0).contains(&left),
            "{t}: {left} in the system at the end"
        );
    }
    // a simulated day is never missing: quiet Saturday afternoons are written as 0
    let quiet = rows
        .iter()
        .find(|r| r["interval_start"] == "2024-01-06T16:00" && r["contact_type"] == "sales")
        .unwrap();
    assert_eq!(quiet["offered"], "0");
    assert_eq!(quiet["aht_s"], "");
}

#[test]
fn records_aggregate_to_the_history() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "--history-out",
            "h.csv",
            "--records-out",
            "r.csv",
            "--history-start-date",
            "2025-03-01",
        ],
    );
    let (_, hist) = read_csv(&dir.path().join("h.csv"));
    let (header, recs) = read_csv(&dir.path().join("r.csv"));
    assert_eq!(
        header,
        [
            "arrival",
            "contact_type",
            "wait_s",
            "outcome",
            "handle_s",
            "wrap_s",
            "caller_id",
            "group"
        ]
    );
    #[derive(Default)]
    struct Agg {
        offered: f64,
        handled: f64,
        abandoned: f64,
        handle: f64,
        answered: f64,
        wait: f64,
        other: f64,
    }
    let mut agg: BTreeMap<(String, String), Agg> = BTreeMap::new();
    let mut outcomes = BTreeMap::<String, usize>::new();
    for r in &recs {
        *outcomes.entry(r["outcome"].clone()).or_default() += 1;
        let key = (
            r["arrival"][..13].to_string() + ":00",
            r["contact_type"].clone(),
        );
        let a = agg.entry(key).or_default();
        match r["outcome"].as_str() {
            "deflected" => {
                assert_eq!(r["wait_s"], "");
                continue;
            }
            "answered" => {
                a.handled += 1.0;
                a.handle += num(r, "handle_s") + num(r, "wrap_s");
            }
            "abandoned" => a.abandoned += 1.0,
            "blocked" | "callback" | "unfinished" => a.other += 1.0,
            o => panic!("unknown outcome {o}"),
        }
        a.offered += 1.0;
        if !r["group"].is_empty() {
            a.answered += 1.0;
            a.wait += num(r, "wait_s");
        }
    }
    for o in ["answered", "abandoned", "blocked", "callback", "deflected"] {
        assert!(outcomes.contains_key(o), "no {o} records: {outcomes:?}");
    }
    assert!(recs[0]["arrival"].starts_with("2025-03-01T"));
    let empty = Agg::default();
    for h in &hist {
        let key = (h["interval_start"].clone(), h["contact_type"].clone());
        let a = agg.get(&key).unwrap_or(&empty);
        let at = format!("{key:?}");
        assert_eq!(num(h, "offered"), a.offered, "{at} offered");
        assert_eq!(num(h, "handled"), a.handled, "{at} handled");
        assert_eq!(num(h, "abandoned"), a.abandoned, "{at} abandoned");
        // conservation, interval by interval
        assert_eq!(a.offered, a.handled + a.abandoned + a.other, "{at}");
        if a.handled > 0.0 {
            assert!(
                (num(h, "aht_s") - a.handle / a.handled).abs() < 0.01,
                "{at} aht"
            );
        } else {
            assert_eq!(h["aht_s"], "", "{at}");
        }
        if a.answered > 0.0 {
            assert!(
                (num(h, "asa_s") - a.wait / a.answered).abs() < 0.01,
                "{at} asa"
            );
        }
    }
    // and no records outside the history's rows
    let keys: std::collections::BTreeSet<_> = hist
        .iter()
        .map(|h| (h["interval_start"].clone(), h["contact_type"].clone()))
        .collect();
    assert!(agg.keys().all(|k| keys.contains(k)));
    // redials share the caller's number
    let mut callers = BTreeMap::<&str, usize>::new();
    for r in &recs {
        *callers.entry(r["caller_id"].as_str()).or_default() += 1;
    }
    assert!(callers.values().any(|&n| n > 1));
}

#[test]
fn every_replication_has_its_own_rows_and_threads_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["--history-out", "one.csv"]);
    ok(
        dir.path(),
        &[
            "--history-out",
            "all1.csv",
            "--history-replications",
            "all",
            "--threads",
            "1",
        ],
    );
    ok(
        dir.path(),
        &[
            "--history-out",
            "all2.csv",
            "--history-replications",
            "all",
            "--threads",
            "2",
        ],
    );
    let all1 = std::fs::read(dir.path().join("all1.csv")).unwrap();
    assert_eq!(all1, std::fs::read(dir.path().join("all2.csv")).unwrap());
    let (header, all) = read_csv(&dir.path().join("all1.csv"));
    assert_eq!(header[0], "replication");
    let (_, one) = read_csv(&dir.path().join("one.csv"));
    assert_eq!(all.len(), 3 * one.len());
    let first: Vec<_> = all
        .iter()
        .filter(|r| r["replication"] == "0")
        .map(|r| {
            let mut r = r.clone();
            r.remove("replication");
            r
        })
        .collect();
    assert_eq!(first, one);
    assert_ne!(
        all.iter()
            .filter(|r| r["replication"] == "1")
            .map(|r| num(r, "offered"))
            .sum::<f64>(),
        one.iter().map(|r| num(r, "offered")).sum::<f64>()
    );
}

#[test]
fn bad_export_flags_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for (flags, says) in [
        (
            vec![
                "--history-out",
                "h.csv",
                "--history-start-date",
                "2024-01-01",
            ],
            "2024-01-01 is a mon, but the scenario's start_weekday is sat",
        ),
        (
            vec!["--history-out", "h.csv", "--history-start-date", "1/6/2024"],
            "expected a date YYYY-MM-DD",
        ),
        (
            vec!["--history-out", "h.csv", "--history-replications", "2"],
            "possible values: 1, all",
        ),
        (
            vec!["--history-out", "h.csv", "--shard", "0/2"],
            "cannot be combined with --shard",
        ),
        (
            vec!["--history-start-date", "2024-01-06"],
            "only used with --history-out or --records-out",
        ),
        (
            vec!["--history-out", "h.csv", "--records-out", "h.csv"],
            "name the same file",
        ),
    ] {
        let out = run(dir.path(), &flags);
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{flags:?}: {err}");
        assert!(!dir.path().join("h.csv").exists(), "{flags:?} wrote a file");
    }
}
