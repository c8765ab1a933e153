//! The simulate → export → forecast round trip (issue #13): `ccsim run --history-out` exports
//! eight weeks of a simulated center, `ccsim forecast` forecasts the ninth, and the forecast must
//! recover the scenario's true volumes within Poisson noise.
//!
//! Truth: λ(day, interval) = per_day × weekday factor × normalised profile weight, known exactly
//! from the scenario below. The weekday mean over k = 4 weeks has variance λ/4 per interval (the
//! days are independent Poisson draws; no `volume_cv`), so:
//! - per forecast day, z = (Σf − Σλ) / √(Σλ/4) is standard normal: 7 checks at |z| ≤ 3.8;
//! - over the 7 × 24 open intervals, mean of z² follows χ²₁₆₈/168 (sd 0.109): checked in
//!   [0.55, 1.45] (≈ 4 sd).
//!
//! Family false-failure rate ≤ 7 × 1.4e-4 + 1e-4 ≈ 0.11 % (Bonferroni), fixed seed.
//! `auto` is checked more loosely (its level-trend model is not a plain mean): each day's total
//! within 5 %.

use assert_cmd::Command;
use std::collections::BTreeMap;

const PER_DAY: f64 = 2400.0;
const WEEKDAY: [f64; 7] = [1.2, 1.1, 1.0, 1.0, 0.9, 0.6, 0.4];

fn profile() -> Vec<f64> {
    // 48 half-hours: closed 00:00–08:00 and 20:00–24:00, a midday peak
    (0..48)
        .map(|p| match p {
            16..=23 => 1.0,
            24..=31 => 1.6,
            32..=39 => 0.8,
            _ => 0.0,
        })
        .collect()
}

fn scenario() -> String {
    let prof: Vec<String> = profile().iter().map(|w| w.to_string()).collect();
    format!(
        "version = 1\nname = \"round trip\"\ninterval_minutes = 30\ndays = 56\n\
         [[contact_types]]\nid = \"calls\"\nhandle_time = {{ dist = \"exponential\", mean = 60 }}\n\
         [contact_types.arrivals]\nper_day = {PER_DAY}\nweekday_factors = {WEEKDAY:?}\n\
         profile = [{}]\n\
         [[agent_groups]]\nid = \"team\"\nskills = [\"calls\"]\nstaffing = {{ constant = 40 }}\n",
        prof.join(", ")
    )
}

fn ccsim() -> Command {
    let mut c = Command::cargo_bin("ccsim").expect("the ccsim binary builds");
    c.env_remove("RAYON_NUM_THREADS");
    c
}

/// forecast.csv → (date, interval of day) → forecast.
fn forecast(dir: &std::path::Path, method: &str) -> BTreeMap<(String, usize), f64> {
    let out = dir.join(format!("fc-{method}"));
    let st = ccsim()
        .args(["forecast", dir.join("history.csv").to_str().unwrap()])
        .args(["--start", "2024-02-26", "--days", "7", "--method", method])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let text = std::fs::read_to_string(out.join("forecast.csv")).unwrap();
    let mut map = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (date, time) = f[0].split_once('T').unwrap();
        let h: usize = time[..2].parse().unwrap();
        let m: usize = time[3..5].parse().unwrap();
        map.insert(
            (date.to_string(), h * 2 + m / 30),
            f[2].parse::<f64>().unwrap(),
        );
    }
    map
}

#[test]
fn forecasting_a_simulated_history_recovers_its_volumes() {
    let dir = tempfile::tempdir().unwrap();
    let scen = dir.path().join("s.toml");
    std::fs::write(&scen, scenario()).unwrap();
    let st = ccsim()
        .args(["run", scen.to_str().unwrap(), "-n", "1", "--seed", "11"])
        .args([
            "--history-out",
            dir.path().join("history.csv").to_str().unwrap(),
        ])
        .args(["--out", dir.path().join("run").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );

    let prof = profile();
    let total: f64 = prof.iter().sum();
    let truth = |wd: usize, p: usize| PER_DAY * WEEKDAY[wd] * prof[p] / total;
    let mean = forecast(dir.path(), "weekday-mean");
    let auto = forecast(dir.path(), "auto");
    assert_eq!(mean.len(), 7 * 48);
    let (mut z2, mut n) = (0.0, 0);
    for wd in 0..7 {
        let date = if wd <= 3 {
            format!("2024-02-{}", 26 + wd)
        } else {
            format!("2024-03-0{}", wd - 3)
        };
        let (mut f_day, mut a_day, mut l_day) = (0.0, 0.0, 0.0);
        for p in 0..48 {
            let l = truth(wd, p);
            let f = mean[&(date.clone(), p)];
            f_day += f;
            a_day += auto[&(date.clone(), p)];
            l_day += l;
            if l > 0.0 {
                z2 += (f - l).powi(2) / (l / 4.0);
                n += 1;
            } else {
                assert_eq!(
                    f, 0.0,
                    "{date} interval {p}: closed in every week, forecast {f}"
                );
            }
        }
        let z = (f_day - l_day) / (l_day / 4.0).sqrt();
        assert!(
            z.abs() <= 3.8,
            "{date}: weekday-mean {f_day:.1} vs truth {l_day:.1} (z = {z:.2})"
        );
        let rel = (a_day - l_day) / l_day;
        assert!(
            rel.abs() <= 0.05,
            "{date}: auto {a_day:.1} vs truth {l_day:.1} ({:.1} %)",
            rel * 100.0
        );
    }
    let ms = z2 / n as f64;
    assert_eq!(n, 7 * 24);
    assert!(
        (0.55..=1.45).contains(&ms),
        "mean squared z over intervals {ms:.3}"
    );
}
