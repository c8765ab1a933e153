//! The example files of docs/cluster.md work: the Slurm scripts run as a job array would run them
//! (with the variables Slurm sets), the Kubernetes shard command runs as each indexed pod would
//! run it, and the merged result equals the unsharded run byte for byte.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ccsim")
}

fn unsharded(dir: &Path, scenario: &str, reps: &str, seed: &str) -> Vec<u8> {
    let out = dir.join("whole");
    let st = Command::new(bin())
        .args([
            "run",
            scenario,
            "--replications",
            reps,
            "--seed",
            seed,
            "-q",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    std::fs::read(out.join("summary.json")).unwrap()
}

#[test]
fn slurm_array_scripts() {
    let d = tempfile::tempdir().unwrap();
    let parts = d.path().join("parts");
    let results = d.path().join("results");
    let script = repo().join("docs/cluster/slurm-array.sh");
    for k in 0..3 {
        let out = Command::new("bash")
            .arg(&script)
            .env("CCSIM", bin())
            .env("SCENARIO", "trainer-single-queue")
            .env("REPS", "10")
            .env("SEED", "3")
            .env("PARTS", &parts)
            .env("SLURM_ARRAY_TASK_ID", k.to_string())
            .env("SLURM_ARRAY_TASK_MAX", "2")
            .env("SLURM_CPUS_PER_TASK", "2")
            .env_remove("SHARDS")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "task {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(parts.join("part-2-of-3.json").is_file());
    // re-running one index with an explicit shard count replaces its part
    let out = Command::new("bash")
        .arg(&script)
        .env("CCSIM", bin())
        .env("SCENARIO", "trainer-single-queue")
        .env("REPS", "10")
        .env("SEED", "3")
        .env("PARTS", &parts)
        .env("SLURM_ARRAY_TASK_ID", "1")
        .env("SLURM_ARRAY_TASK_MAX", "1")
        .env("SHARDS", "3")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new("bash")
        .arg(repo().join("docs/cluster/slurm-merge.sh"))
        .env("CCSIM", bin())
        .env("PARTS", &parts)
        .env("RESULTS", &results)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("service_level"));
    let merged = std::fs::read(results.join("summary.json")).unwrap();
    assert!(merged == unsharded(d.path(), "trainer-single-queue", "10", "3"));
    assert!(results.join("report.html").is_file());
}

/// The shell command of the indexed pods, as written in k8s-indexed-job.yaml (`args: - >-` folded
/// block: its lines joined with spaces).
fn k8s_command() -> String {
    let yaml = std::fs::read_to_string(repo().join("docs/cluster/k8s-indexed-job.yaml")).unwrap();
    let mut lines = yaml.lines().skip_while(|l| l.trim() != "- >-").skip(1);
    let mut cmd = Vec::new();
    for l in lines.by_ref() {
        if l.trim().is_empty() || l.trim_start().ends_with(':') {
            break;
        }
        cmd.push(l.trim());
    }
    assert!(!cmd.is_empty(), "no folded command in the YAML");
    cmd.join(" ")
}

#[test]
fn kubernetes_indexed_job_command() {
    let d = tempfile::tempdir().unwrap();
    let results = d.path().join("results");
    let scen = d.path().join("scenario.toml");
    std::fs::copy(repo().join("scenarios/trainer-single-queue.toml"), &scen).unwrap();
    let cmd = k8s_command()
        .replace("exec ccsim", &format!("exec {}", bin().display()))
        .replace("/scenario/scenario.toml", &scen.display().to_string())
        .replace("/results", &results.display().to_string());
    assert!(cmd.contains("$JOB_COMPLETION_INDEX/$SHARDS"), "{cmd}");
    for k in 0..4 {
        let out = Command::new("/bin/sh")
            .args(["-c", &cmd])
            .env("JOB_COMPLETION_INDEX", k.to_string())
            .env("SHARDS", "4")
            .env("REPS", "9")
            .env("SEED", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pod {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // the merge Job's args
    let merge = std::fs::read_to_string(repo().join("docs/cluster/k8s-merge-job.yaml")).unwrap();
    assert!(merge.contains(r#"args: ["merge", "/results/parts", "--out", "/results/summary"]"#));
    let out = Command::new(bin())
        .args(["merge"])
        .arg(results.join("parts"))
        .arg("--out")
        .arg(results.join("summary"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = std::fs::read(results.join("summary/summary.json")).unwrap();
    assert!(merged == unsharded(d.path(), &scen.display().to_string(), "9", "1"));
}
