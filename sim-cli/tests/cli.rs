//! Integration tests: run the `ccsim` binary like an analyst or a script would.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn ccsim() -> Command {
    let mut c = Command::cargo_bin("ccsim").expect("binary");
    c.env_remove("RAYON_NUM_THREADS");
    c
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scenario(name: &str) -> String {
    repo().join("scenarios").join(name).display().to_string()
}

fn stdout_of(args: &[&str]) -> String {
    let out = ccsim().args(args).output().expect("run");
    assert!(
        out.status.success(),
        "ccsim {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).expect("valid JSON")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.display().to_string()
}

const SMALL: &str = r#"
version = 1
name = "small desk"
interval_minutes = 60
days = 1
warmup_minutes = 60

[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 120 }
handle_time = { dist = "exponential", mean = 180 }
patience = { dist = "exponential", mean = 240 }
service_level = { threshold_s = 20, target = 0.8 }
max_abandon_rate = 0.05

[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = { constant = 8 }
"#;

// ---------------------------------------------------------------------------------------------
// help

#[test]
fn help_explains_every_command_and_flag() {
    let h = stdout_of(&["--help"]);
    for c in [
        "run",
        "compare",
        "sweep",
        "staff",
        "erlang",
        "validate",
        "merge",
        "EXIT CODES",
    ] {
        assert!(h.contains(c), "--help lacks {c}");
    }
    let h = stdout_of(&["run", "--help"]);
    for f in [
        "--replications",
        "--seed",
        "--threads",
        "--format",
        "--out",
        "--shard",
        "--quiet",
        "--set",
        "--max-events",
        "--max-agents",
        "--max-days",
        "--max-shifts",
        "--scale-volume",
        "report.html",
    ] {
        assert!(h.contains(f), "run --help lacks {f}");
    }
    for cmd in [
        "compare",
        "sweep",
        "staff",
        "erlang",
        "validate",
        "merge",
        "scenarios",
    ] {
        ccsim().args([cmd, "--help"]).assert().success();
    }
    ccsim().arg("--version").assert().success();
    // a usage error exits with 2
    ccsim().args(["run", "--no-such-flag"]).assert().code(2);
    ccsim().args(["frobnicate"]).assert().code(2);
}

// ---------------------------------------------------------------------------------------------
// run

#[test]
fn run_default_scenario_table() {
    let out = stdout_of(&["run", "-n", "6", "-q"]);
    assert!(out.contains("Customer care"), "{out}");
    for s in [
        "Overall",
        "service_level",
        "95 % CI",
        "p95",
        "Targets",
        "replications that missed it",
    ] {
        assert!(out.contains(s), "table lacks {s}:\n{out}");
    }
}

#[test]
fn run_json_has_the_documented_shape() {
    let v = json_of(&["run", "-n", "5", "--seed", "7", "--format", "json", "-q"]);
    assert_eq!(v["replications"], 5);
    assert_eq!(v["seed"], 7);
    assert!(v["scenario"].as_str().is_some());
    for k in [
        "offered",
        "handled",
        "abandoned",
        "abandon_rate",
        "service_level",
        "asa_s",
        "aht_s",
        "occupancy",
    ] {
        let s = &v["kpis"][k];
        assert!(s["mean"].is_number(), "kpis.{k}.mean");
        assert!(
            s["ci95"].as_array().is_some_and(|a| a.len() == 2),
            "kpis.{k}.ci95"
        );
        assert!(
            s["p5"].is_number() && s["p95"].is_number(),
            "kpis.{k}.p5/p95"
        );
    }
    let types = v["by_type"].as_object().expect("by_type");
    assert!(!types.is_empty());
    for (_, t) in types {
        assert!(t["kpis"]["service_level"]["mean"].is_number());
    }
    assert!(v["by_group"].as_object().is_some_and(|g| !g.is_empty()));
    assert!(v["by_interval"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn run_csv_and_bundled_names() {
    let out = stdout_of(&[
        "run",
        "trainer-single-queue",
        "-n",
        "4",
        "--format",
        "csv",
        "-q",
    ]);
    let first = out.lines().next().unwrap_or("");
    assert!(first.starts_with("scope,id,kpi,n,mean"), "{first}");
    assert!(out.contains("overall,,service_level,4,"));
    // every bundled scenario runs
    for name in ["customer-care-mentors", "multi-skill-bank", "volume-spike"] {
        let v = json_of(&["run", name, "-n", "2", "--format", "json", "-q"]);
        assert_eq!(v["replications"], 2, "{name}");
    }
}

#[test]
fn run_is_identical_for_any_thread_count() {
    let a = stdout_of(&[
        "run",
        "-n",
        "12",
        "--threads",
        "1",
        "--format",
        "json",
        "-q",
    ]);
    let b = stdout_of(&[
        "run",
        "-n",
        "12",
        "--threads",
        "2",
        "--format",
        "json",
        "-q",
    ]);
    assert!(a == b, "JSON differs between --threads 1 and 2");
    let c = stdout_of(&[
        "run",
        "-n",
        "12",
        "--threads",
        "2",
        "--seed",
        "2",
        "--format",
        "json",
        "-q",
    ]);
    assert!(a != c, "another seed gives the same result");
}

#[test]
fn run_writes_all_outputs() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("res");
    ccsim()
        .args(["run", "-n", "6", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    for f in [
        "summary.json",
        "intervals.csv",
        "replications.csv",
        "report.html",
    ] {
        assert!(std::fs::metadata(out.join(f)).unwrap().len() > 0, "{f}");
    }
    for base in [
        "service_level",
        "abandonment",
        "offered_handled",
        "service_level_histogram",
    ] {
        let svg = std::fs::read_to_string(out.join(format!("{base}.svg"))).unwrap();
        assert!(svg.contains("<svg"), "{base}.svg");
        let png = std::fs::read(out.join(format!("{base}.png"))).unwrap();
        assert!(
            png.len() > 1000 && png.starts_with(b"\x89PNG"),
            "{base}.png"
        );
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("<table>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "report.html must be self-contained"
    );
    // no temporary files left behind
    for e in std::fs::read_dir(&out).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(!n.starts_with(".ccsim-"), "leftover {n}");
    }
    // summary.json is the --format json document
    let json = stdout_of(&["run", "-n", "6", "-q", "--format", "json"]);
    assert_eq!(
        std::fs::read_to_string(out.join("summary.json")).unwrap(),
        json
    );
    let reps = std::fs::read_to_string(out.join("replications.csv")).unwrap();
    assert_eq!(reps.lines().count(), 7);
}

#[test]
fn run_with_set_and_whatif() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "small.toml", SMALL);
    let sl = |extra: &[&str]| {
        let mut args = vec!["run", f.as_str(), "-n", "10", "--format", "json", "-q"];
        args.extend(extra);
        json_of(&args)["kpis"]["service_level"]["mean"]
            .as_f64()
            .unwrap()
    };
    let base = sl(&[]);
    let more = sl(&["--set", "agent_groups.team.staffing.constant=10"]);
    let busier = sl(&["--scale-volume", "1.2"]);
    let more2 = sl(&["--add-agents", "team=+2"]);
    assert!(more > base && busier < base, "{base} {more} {busier}");
    assert_eq!(
        more, more2,
        "--set constant=10 and --add-agents team=+2 are the same change"
    );
}

// ---------------------------------------------------------------------------------------------
// shards and merge

#[test]
fn shards_merge_bit_for_bit() {
    let d = tempfile::tempdir().unwrap();
    let whole = d.path().join("whole");
    let parts = d.path().join("parts");
    let merged = d.path().join("merged");
    ccsim()
        .args(["run", "-n", "9", "--seed", "5", "-q", "--out"])
        .arg(&whole)
        .assert()
        .success();
    for k in ["0/2", "1/2"] {
        ccsim()
            .args(["run", "-n", "9", "--seed", "5", "-q", "--shard", k, "--out"])
            .arg(&parts)
            .assert()
            .success();
    }
    ccsim()
        .arg("merge")
        .arg(&parts)
        .args(["--out"])
        .arg(&merged)
        .assert()
        .success();
    for f in [
        "summary.json",
        "intervals.csv",
        "replications.csv",
        "service_level.svg",
    ] {
        let a = std::fs::read(whole.join(f)).unwrap();
        let b = std::fs::read(merged.join(f)).unwrap();
        assert!(
            a == b,
            "{f} differs between the unsharded run and the merged shards"
        );
    }
    // three shards, given as files in another order, also match
    let parts3 = d.path().join("parts3");
    for k in ["2/3", "0/3", "1/3"] {
        ccsim()
            .args([
                "run",
                "-n",
                "9",
                "--seed",
                "5",
                "-q",
                "--threads",
                "1",
                "--shard",
                k,
                "--out",
            ])
            .arg(&parts3)
            .assert()
            .success();
    }
    let merged_json = stdout_of(&[
        "merge",
        &parts3.join("part-2-of-3.json").display().to_string(),
        &parts3.join("part-0-of-3.json").display().to_string(),
        &parts3.join("part-1-of-3.json").display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(
        merged_json,
        std::fs::read_to_string(whole.join("summary.json")).unwrap()
    );
}

#[test]
fn merge_refuses_incomplete_or_mixed_parts() {
    let d = tempfile::tempdir().unwrap();
    let parts = d.path().join("parts");
    ccsim()
        .args([
            "run",
            "trainer-single-queue",
            "-n",
            "6",
            "-q",
            "--shard",
            "0/3",
            "--out",
        ])
        .arg(&parts)
        .assert()
        .success();
    ccsim()
        .arg("merge")
        .arg(&parts)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing shards: 1, 2"));
    let v: Value = serde_json::from_slice(
        &ccsim()
            .arg("merge")
            .arg(&parts)
            .args(["--allow-partial", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["partial"], true);
    assert_eq!(v["replications"], 2);
    // a part of another run
    let other = d.path().join("other");
    ccsim()
        .args([
            "run",
            "trainer-single-queue",
            "-n",
            "6",
            "--seed",
            "9",
            "-q",
            "--shard",
            "1/3",
            "--out",
        ])
        .arg(&other)
        .assert()
        .success();
    ccsim()
        .arg("merge")
        .arg(parts.join("part-0-of-3.json"))
        .arg(other.join("part-1-of-3.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("same run"));
    // not a part file
    let junk = write(d.path(), "part-9-of-9.json", "{\"hello\": 1}");
    ccsim()
        .args(["merge", &junk])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a ccsim part file"));
    ccsim()
        .args(["run", "-n", "4", "--shard", "2/2"])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------------------------
// compare

#[test]
fn compare_paired_ci_is_narrower_than_unpaired_on_mentors() {
    let v = json_of(&[
        "compare",
        &scenario("customer-care-24x7.toml"),
        &scenario("customer-care-mentors.toml"),
        "-n",
        "20",
        "--format",
        "json",
        "-q",
    ]);
    let diffs = v["diffs"].as_array().expect("diffs");
    let sl = diffs
        .iter()
        .find(|d| d["scope"] == "overall" && d["kpi"] == "service_level")
        .expect("overall service level");
    let ci = sl["ci95"].as_array().unwrap();
    let half = (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0;
    let unpaired = sl["unpaired_half_width"].as_f64().unwrap();
    assert!(
        half < unpaired,
        "paired ±{half} is not narrower than unpaired ±{unpaired}"
    );
    // "significant" means exactly: the paired 95 % CI excludes 0 (and mentors change the service level)
    for d in diffs {
        let excludes_zero = d["ci95"]
            .as_array()
            .is_some_and(|c| c[0].as_f64().unwrap() > 0.0 || c[1].as_f64().unwrap() < 0.0);
        assert_eq!(d["significant"], excludes_zero, "{d}");
    }
    assert_eq!(sl["significant"], true, "{sl}");
    // and for most KPIs where both vary
    let mut narrower = 0;
    let mut total = 0;
    for d in diffs {
        if let (Some(ci), Some(u)) = (d["ci95"].as_array(), d["unpaired_half_width"].as_f64()) {
            if u > 0.0 {
                total += 1;
                let h = (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0;
                if h < u {
                    narrower += 1;
                }
            }
        }
    }
    assert!(
        narrower * 10 >= total * 8,
        "only {narrower} of {total} paired CIs are narrower"
    );
}

#[test]
fn compare_table_csv_and_out() {
    let t = stdout_of(&[
        "compare",
        "trainer-single-queue",
        "trainer-single-queue",
        "-n",
        "5",
        "-q",
        "--variant-set",
        "agent_groups.team.staffing.constant=14",
    ]);
    assert!(
        t.contains("paired 95 % CI") && t.contains("significant"),
        "{t}"
    );
    let c = stdout_of(&[
        "compare",
        "trainer-single-queue",
        "trainer-single-queue",
        "-n",
        "5",
        "-q",
        "--format",
        "csv",
    ]);
    assert!(c.starts_with(
        "scope,id,kpi,base,variant,diff,ci95_lo,ci95_hi,unpaired_half_width,significant"
    ));
    let d = tempfile::tempdir().unwrap();
    ccsim()
        .args([
            "compare",
            "trainer-single-queue",
            "trainer-single-queue",
            "-n",
            "5",
            "-q",
            "--out",
        ])
        .arg(d.path())
        .assert()
        .success();
    for f in [
        "comparison.json",
        "comparison.csv",
        "report.html",
        "compare_service_level.svg",
        "compare_service_level.png",
    ] {
        assert!(
            std::fs::metadata(d.path().join(f)).unwrap().len() > 0,
            "{f}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// sweep

#[test]
fn sweep_field_and_scale() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "small.toml", SMALL);
    let v = json_of(&[
        "sweep",
        &f,
        "--set",
        "agent_groups.team.staffing.constant=6..9",
        "-n",
        "6",
        "--format",
        "json",
        "-q",
    ]);
    let pts = v["points"].as_array().unwrap();
    assert_eq!(pts.len(), 4);
    let sl: Vec<f64> = pts
        .iter()
        .map(|p| p["kpis"]["service_level"]["mean"].as_f64().unwrap())
        .collect();
    assert!(
        sl.windows(2).all(|w| w[1] > w[0]),
        "service level rises with agents: {sl:?}"
    );
    let csv = stdout_of(&[
        "sweep",
        &f,
        "--scale-volume",
        "0.8..1.2:0.2",
        "-n",
        "4",
        "--format",
        "csv",
        "-q",
    ]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains("volume scale,0.8,"));
    let out = d.path().join("sw");
    ccsim()
        .args([
            "sweep",
            &f,
            "--scale-aht",
            "0.9,1.1",
            "-n",
            "4",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("handle time scale"));
    for f in [
        "sweep.json",
        "sweep.csv",
        "sweep.svg",
        "sweep.png",
        "report.html",
    ] {
        assert!(std::fs::metadata(out.join(f)).unwrap().len() > 0, "{f}");
    }
    // errors
    ccsim()
        .args(["sweep", &f, "-n", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to sweep"));
    ccsim()
        .args([
            "sweep",
            &f,
            "--set",
            "agent_groups.team.staffing.constant=9..6",
        ])
        .assert()
        .code(2);
    ccsim()
        .args([
            "sweep",
            &f,
            "--set",
            "agent_groups.nobody.staffing.constant=1..3",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nobody"));
}

// ---------------------------------------------------------------------------------------------
// staff

#[test]
fn staff_prints_erlang_and_simulation_side_by_side() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "small.toml", SMALL);
    let t = stdout_of(&[
        "staff",
        &f,
        "--target",
        "service_level=0.8",
        "-n",
        "10",
        "-q",
    ]);
    assert!(
        t.contains("Erlang") && t.contains("needed (sim)") && t.contains("scheduled"),
        "{t}"
    );
    let v = json_of(&[
        "staff",
        &f,
        "--target",
        "service_level=0.8",
        "-n",
        "10",
        "-q",
        "--format",
        "json",
    ]);
    let ivs = v["groups"][0]["intervals"].as_array().unwrap();
    assert_eq!(ivs.len(), 24);
    assert_eq!(v["source"], f.as_str());
    let needed: Vec<u64> = ivs
        .iter()
        .map(|iv| iv["needed"].as_u64().unwrap())
        .collect();
    for iv in ivs.iter().filter(|iv| iv["warmup"] == false) {
        // 120 calls/h × 180 s = 6 Erlangs: Erlang A for 80 % in 20 s needs 7 or 8 agents
        let e = iv["erlang"].as_u64().unwrap();
        assert!((6..=9).contains(&e), "{iv}");
    }
    // The staffing found, pasted into the scenario and run with a seed the search never used,
    // meets the target; one agent fewer everywhere does not (evidence independent of the
    // search's own stopping rule).
    let run_sl = |agents: &[u64]| -> f64 {
        let list: Vec<String> = agents.iter().map(|n| n.to_string()).collect();
        let set = format!(
            "agent_groups.team.staffing={{\"per_interval\":[{}]}}",
            list.join(",")
        );
        let r = json_of(&[
            "run", &f, "-n", "200", "--seed", "424242", "-q", "--format", "json", "--set", &set,
        ]);
        r["by_type"]["voice"]["kpis"]["service_level"]["mean"]
            .as_f64()
            .unwrap()
    };
    let sl = run_sl(&needed);
    assert!(
        sl >= 0.8,
        "service level {sl} with the staffing found: {needed:?}"
    );
    let fewer: Vec<u64> = needed
        .iter()
        .enumerate()
        .map(|(i, &n)| if i == 0 { n } else { n - 1 })
        .collect();
    let sl = run_sl(&fewer);
    assert!(
        sl < 0.8,
        "service level {sl} with one agent fewer: {fewer:?}"
    );
    let csv = stdout_of(&[
        "staff",
        &f,
        "-n",
        "6",
        "-q",
        "--format",
        "csv",
        "--max-iterations",
        "3",
    ]);
    assert!(csv.starts_with("group,interval,label,offered_erlangs,erlang"));
    let out = d.path().join("st");
    ccsim()
        .args([
            "staff",
            &f,
            "-n",
            "6",
            "-q",
            "--max-iterations",
            "3",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    for f in [
        "staffing.json",
        "staffing.csv",
        "staffing-team.svg",
        "staffing-team.png",
        "report.html",
    ] {
        assert!(std::fs::metadata(out.join(f)).unwrap().len() > 0, "{f}");
    }
    ccsim()
        .args(["staff", &f, "--target", "asa_s=20"])
        .assert()
        .code(2);
    ccsim()
        .args(["staff", &f, "--target", "service_level=80"])
        .assert()
        .code(2);
}

#[test]
fn staff_with_shift_groups() {
    let t = stdout_of(&[
        "staff",
        "customer-care-24x7",
        "-n",
        "4",
        "-q",
        "--max-iterations",
        "2",
    ]);
    assert!(t.contains("planned with shift lines"), "{t}");
}

// ---------------------------------------------------------------------------------------------
// erlang

#[test]
fn erlang_calculators() {
    let v = json_of(&[
        "erlang",
        "--calls-per-hour",
        "200",
        "--aht",
        "180",
        "--patience",
        "300",
        "--agents",
        "12",
        "--threshold",
        "20",
        "--format",
        "json",
    ]);
    assert_eq!(v["offered_erlangs"], 10.0);
    let row = &v["rows"][0];
    let c = row["erlang_c"]["service_level"].as_f64().unwrap();
    assert!((c - 0.64).abs() < 0.01, "Erlang C SL {c}");
    let b = row["erlang_b"]["blocking"].as_f64().unwrap();
    assert!((b - 0.1197).abs() < 0.001, "Erlang B {b}");
    assert!(row["erlang_a"]["abandon_rate"].as_f64().unwrap() > 0.0);
    let v = json_of(&[
        "erlang",
        "--calls-per-hour",
        "200",
        "--aht",
        "180",
        "--target",
        "0.8",
        "--format",
        "json",
    ]);
    assert_eq!(v["agents_for_service_level"]["erlang_c"], 14);
    let t = stdout_of(&[
        "erlang",
        "--calls-per-hour",
        "200",
        "--aht",
        "180",
        "--patience",
        "300",
        "--target",
        "0.8",
    ]);
    assert!(t.contains("Erlang C 14") && t.contains("Erlang A"), "{t}");
    let csv = stdout_of(&[
        "erlang",
        "--calls-per-hour",
        "200",
        "--aht",
        "180",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("agents,offered_erlangs,erlang_b_blocking"));
    ccsim()
        .args(["erlang", "--calls-per-hour", "-5", "--aht", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--aht"));
    ccsim()
        .args([
            "erlang",
            "--calls-per-hour",
            "100",
            "--aht",
            "100",
            "--target",
            "1.5",
        ])
        .assert()
        .code(2);
    ccsim()
        .args(["erlang", "--calls-per-hour", "1e12", "--aht", "100"])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------------------------
// validate and bad input

#[test]
fn validate_good_file_summarises_model() {
    let t = stdout_of(&["validate", "multi-skill-bank"]);
    assert!(
        t.contains("OK") && t.contains("offered load (Erlangs)") && t.contains("scheduled"),
        "{t}"
    );
    let v = json_of(&[
        "validate",
        &scenario("customer-care-24x7.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(v["valid"], true);
    assert!(v["by_interval"].as_array().is_some_and(|a| !a.is_empty()));
    let csv = stdout_of(&["validate", "trainer-single-queue", "--format", "csv"]);
    assert!(csv.starts_with("interval,label,offered_erlangs"));
}

#[test]
fn bad_files_exit_2_with_field_paths() {
    let d = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "neg.toml",
            SMALL.replace("mean = 180", "mean = -180"),
            "contact_types[0].handle_time",
        ),
        (
            "skill.toml",
            SMALL.replace("skills = [\"voice\"]", "skills = [\"video\"]"),
            "agent_groups[0].skills[0]",
        ),
        (
            "unknown.toml",
            SMALL.replace("days = 1", "days = 1\ncolour = \"blue\""),
            "colour",
        ),
        (
            "syntax.toml",
            SMALL.replace("id = \"team\"", "id = team"),
            "line",
        ),
        (
            "interval.toml",
            SMALL.replace("interval_minutes = 60", "interval_minutes = 7"),
            "interval_minutes",
        ),
        (
            "version.toml",
            SMALL.replace("version = 1", "version = 3"),
            "version",
        ),
        ("empty.toml", String::new(), "version"),
        ("bad.json", "{\"version\": 1, \"name\": 5}".into(), "name"),
    ];
    for (name, text, path) in &cases {
        let f = write(d.path(), name, text);
        for args in [vec!["validate", &f], vec!["run", &f, "-q"]] {
            let cmd = args[0];
            let out = ccsim().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd} {name}: {err}");
            assert!(
                err.contains(path),
                "{cmd} {name}: stderr lacks {path}: {err}"
            );
            assert!(
                !err.contains("internal error") && !err.contains("panicked"),
                "{name}: {err}"
            );
        }
    }
    // several problems are all reported
    let many = SMALL
        .replace("mean = 180", "mean = -180")
        .replace("rate_per_hour = 120", "rate_per_hour = -1");
    let f = write(d.path(), "many.toml", &many);
    let v: Value = serde_json::from_slice(
        &ccsim()
            .args(["validate", &f, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["valid"], false);
    assert!(v["errors"].as_array().unwrap().len() >= 2, "{v}");
    // binary garbage, a folder, a missing file
    let g = d.path().join("garbage.toml");
    std::fs::write(&g, [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
    ccsim().args(["validate"]).arg(&g).assert().code(2);
    ccsim().args(["validate"]).arg(d.path()).assert().code(2);
    ccsim()
        .args(["run", "no-such-file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not found"));
    // bad flag values
    let f = write(d.path(), "ok.toml", SMALL);
    ccsim()
        .args([
            "run",
            &f,
            "--set",
            "agent_groups.team.staffing.constant=many",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "agent_groups.team.staffing.constant",
        ));
    ccsim()
        .args(["run", &f, "--set", "nonsense"])
        .assert()
        .code(2);
    ccsim()
        .args(["run", &f, "--add-agents", "ghosts=+3"])
        .assert()
        .code(2);
    ccsim().args(["run", &f, "-n", "0"]).assert().code(2);
    ccsim()
        .args(["run", &f, "--max-events", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-events"));
    ccsim()
        .args(["run", &f, "--max-agents", "3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-agents"));
    ccsim()
        .args(["run", &f, "--max-days", "0"])
        .assert()
        .code(2);
    ccsim()
        .args(["run", &f, "--max-shifts", "3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-shifts"));
}

#[test]
fn no_panics_on_odd_but_valid_input() {
    let d = tempfile::tempdir().unwrap();
    let odd = [
        SMALL.replace("constant = 8", "constant = 0"),
        SMALL.replace("rate_per_hour = 120", "rate_per_hour = 0"),
        SMALL
            .replace("days = 1", "days = 2")
            .replace("warmup_minutes = 60", "warmup_minutes = 0"),
    ];
    for (k, text) in odd.iter().enumerate() {
        let f = write(d.path(), &format!("odd{k}.toml"), text);
        for args in [
            vec!["run", &f, "-n", "3", "-q"],
            vec!["run", &f, "-n", "1", "-q", "--format", "json"],
            vec!["staff", &f, "-n", "3", "-q", "--max-iterations", "2"],
        ] {
            let out = ccsim().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.code() == Some(0), "{args:?}: {err}");
        }
        let o = d.path().join(format!("out{k}"));
        ccsim()
            .args(["run", &f, "-n", "2", "-q", "--out"])
            .arg(&o)
            .assert()
            .success();
    }
}

#[test]
fn scenarios_list_and_print() {
    let l = stdout_of(&["scenarios"]);
    for n in [
        "customer-care-24x7",
        "customer-care-mentors",
        "multi-skill-bank",
        "volume-spike",
        "trainer-single-queue",
    ] {
        assert!(l.contains(n), "{l}");
    }
    let t = stdout_of(&["scenarios", "trainer-single-queue"]);
    assert!(t.contains("version = 1"));
    ccsim().args(["scenarios", "nope"]).assert().code(2);
}

// ---------------------------------------------------------------------------------------------
// Ctrl-C

#[cfg(unix)]
#[test]
fn interrupt_writes_partial_summary() {
    use std::process::{Command as Std, Stdio};
    use std::time::{Duration, Instant};
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("res");
    let bin = assert_cmd::cargo::cargo_bin("ccsim");
    let child = Std::new(bin)
        .args([
            "run",
            "-n",
            "1000000",
            "--threads",
            "1",
            "-q",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let ok = Std::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let t0 = Instant::now();
    let res = child.wait_with_output().unwrap();
    assert!(t0.elapsed() < Duration::from_secs(60));
    assert_eq!(
        res.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let v: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(v["partial"], true);
    assert_eq!(v["requested"], 1_000_000);
    let n = v["replications"].as_u64().unwrap();
    assert!(n > 0 && n < 1_000_000, "{n}");
    let stdout: Value = serde_json::from_slice(&res.stdout).unwrap();
    assert_eq!(stdout["partial"], true);
    assert!(String::from_utf8_lossy(&res.stderr).contains("interrupted"));
}
