//! `ccsim calibrate` end to end on a small synthetic records file (fixed seed; no ../shared).

use assert_cmd::Command;
use predicates::prelude::*;
use std::fmt::Write;

fn ccsim() -> Command {
    let mut c = Command::cargo_bin("ccsim").expect("binary");
    c.env_remove("RAYON_NUM_THREADS");
    c
}

/// A tiny deterministic generator (xorshift) so the test needs no RNG crate.
struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * self.unit().ln()
    }
}

/// One week, 09:00–17:00, 30 calls an hour; patience Exp(150 s), offered wait Exp(30 s);
/// handle Exp(200 s); agents a0…a4; callers identified.
fn records() -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut s =
        String::from("arrival,contact_type,wait_s,outcome,handle_s,wrap_s,caller_id,agent\n");
    let mut id = 0;
    for day in 1..=7 {
        let mut t = 9.0 * 3600.0;
        loop {
            t += rng.exp(120.0);
            if t >= 17.0 * 3600.0 {
                break;
            }
            id += 1;
            let stamp = format!(
                "2024-01-{day:02}T{:02}:{:02}:{:02}",
                (t / 3600.0) as u32,
                ((t % 3600.0) / 60.0) as u32,
                (t % 60.0) as u32
            );
            let (p, w) = (rng.exp(150.0), rng.exp(30.0));
            if p < w {
                writeln!(s, "{stamp},calls,{p:.0},abandoned,,,c{id},").unwrap();
            } else {
                let agent = (rng.unit() * 5.0) as u32;
                let h = rng.exp(200.0);
                writeln!(s, "{stamp},calls,{w:.0},answered,{h:.0},5,c{id},a{agent}").unwrap();
            }
        }
    }
    s
}

#[test]
fn calibrate_writes_a_runnable_scenario_and_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.csv");
    std::fs::write(&input, records()).unwrap();
    let out = dir.path().join("out");
    ccsim()
        .args([
            "calibrate",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["-n", "3", "--max-steps", "4", "-q"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Availability fit"));
    for f in [
        "scenario.toml",
        "calibration.json",
        "estimates.csv",
        "report.html",
        "handle-calls.svg",
        "patience-calls.png",
        "fit-abandonment.svg",
        "fit-asa.png",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let csv = std::fs::read_to_string(out.join("estimates.csv")).unwrap();
    assert!(csv.starts_with("contact_type,estimate,value,ci95_lo,ci95_hi,n,note"));
    assert!(csv.contains("calls,handle_time_mean_s,"));
    assert!(csv.contains("calls,patience_km_median_s,"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("calibration.json")).unwrap())
            .unwrap();
    let mean = json["estimates"]["types"][0]["handle_time"]["sample_mean"]
        .as_f64()
        .unwrap();
    assert!((150.0..250.0).contains(&mean), "{mean}");
    // the scenario runs as it is
    let scenario = out.join("scenario.toml");
    ccsim()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "-n",
            "2",
            "-q",
            "--format",
            "json",
        ])
        .assert()
        .success();
}

#[test]
fn bad_records_name_line_and_column_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.csv");
    std::fs::write(
        &input,
        "arrival,wait_s,outcome,handle_s\n2024-01-01T09:00,0,answered,60\n2024-01-01T09:01,-4,answered,60\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    ccsim()
        .args([
            "calibrate",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3, column `wait_s`: `-4`"));
    assert!(!out.exists());
    std::fs::write(
        &input,
        "arrival,wait_s,outcome,handle_s\n2024-01-01T09:00,0,AGENT,60\n",
    )
    .unwrap();
    ccsim()
        .args([
            "calibrate",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--values outcome:AGENT=answered"));
    // no agent column and no --base: the staffing cannot be estimated
    std::fs::write(
        &input,
        "arrival,wait_s,outcome,handle_s\n2024-01-01T09:00,0,answered,60\n",
    )
    .unwrap();
    ccsim()
        .args([
            "calibrate",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--base"));
    assert!(!out.exists());
}
