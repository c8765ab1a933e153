//! Round trip: simulate a center whose distributions are known (`ccsim run --records-out`, the
//! exact export format), read the records with sim-history's parser, calibrate, and find the
//! scenario again. Every expected value is the scenario's truth, never the code's output.
//!
//! Statistical family "calibration round trip" (docs/testing.md): 268 checks, family-wise
//! false-failure rate 0.1 %, each at 1 − 0.001/268 (z ≈ 4.6). Standard errors come from the truth
//! where a closed form exists (handle-time MLEs, exponential patience, Poisson counts, the redial
//! share); for the censored Weibull fits and the Kaplan–Meier curve they are the estimators' own
//! (observed information, Greenwood), recomputed here from the curve's columns for Kaplan–Meier.
//! The chosen families are plain assertions: the likelihood gaps behind them are enormous at
//! these sample sizes.

#[path = "../../sim-core/tests/common/family.rs"]
mod family;
use sim_core::stats;

use assert_cmd::Command;
use family::Family;
use sim_core::dist::DistSpec;
use sim_history::calibrate::durations::{DurationEstimate, Family as Fam};
use sim_history::calibrate::fisher::ci_of;
use sim_history::calibrate::{estimate, CalibrateOptions, Estimates, TypeEstimate};
use sim_history::records::{parse_records, RecordOptions};

const OPEN: &str = "[0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]";
/// Open 08:00–20:00, 200 first attempts an hour per type; each type on its own overloaded team
/// (40–50 % abandon, waits of minutes), so patience is heavily censored by the queue.
fn scenario() -> String {
    format!(
        r#"
version = 1
name = "round trip"
interval_minutes = 60
days = 14
start_weekday = "mon"
[[contact_types]]
id = "a"
arrivals = {{ per_day = 2400, profile = {OPEN} }}
handle_time = {{ dist = "lognormal", mean = 240, sd = 150 }}
patience = {{ dist = "exponential", mean = 180 }}
retry = {{ probability = 0.3, delay = {{ dist = "exponential", mean = 300 }} }}
[[contact_types]]
id = "b"
arrivals = {{ per_day = 2400, profile = {OPEN} }}
handle_time = {{ dist = "exponential", mean = 200 }}
patience = {{ dist = "weibull", shape = 0.7, scale = 300 }}
[[contact_types]]
id = "c"
arrivals = {{ per_day = 2400, profile = {OPEN} }}
handle_time = {{ dist = "gamma", mean = 300, cv = 0.5 }}
patience = {{ dist = "weibull", shape = 1.5, scale = 200 }}
[[agent_groups]]
id = "ga"
skills = ["a"]
staffing = {{ constant = 8 }}
[[agent_groups]]
id = "gb"
skills = ["b"]
staffing = {{ constant = 7 }}
[[agent_groups]]
id = "gc"
skills = ["c"]
staffing = {{ constant = 10 }}
"#
    )
}

fn calibrated() -> Estimates {
    let dir = tempfile::tempdir().unwrap();
    let (scen, out) = (dir.path().join("rt.toml"), dir.path().join("records.csv"));
    std::fs::write(&scen, scenario()).unwrap();
    Command::cargo_bin("ccsim")
        .unwrap()
        .args([
            "run",
            scen.to_str().unwrap(),
            "-n",
            "1",
            "-q",
            "--seed",
            "7",
        ])
        .args(["--format", "json", "--records-out", out.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    // the engine's `unfinished` / `callback` rows have no counterpart in a real export's outcomes
    let values = ["outcome:unfinished=skip,callback=skip".to_string()];
    let options = RecordOptions::parse(&[], &values, None).unwrap();
    let records = parse_records(&text, &options).unwrap();
    let options = CalibrateOptions {
        interval_minutes: 60,
        ..Default::default()
    };
    estimate(&records, &options).unwrap()
}

fn ty<'a>(e: &'a Estimates, id: &str) -> &'a TypeEstimate {
    e.types.iter().find(|t| t.id == id).unwrap()
}

/// The fit's 95 % interval of `name` must cover the truth when widened to the family's level,
/// and its standard error must be the one `se_truth` says (within 15 %) when that is known.
fn covers(
    f: &Family,
    what: &str,
    cis: &[sim_history::calibrate::fisher::ParamCi],
    name: &str,
    truth: f64,
    se_truth: Option<f64>,
) {
    let c = cis.iter().find(|c| c.name == name).unwrap();
    let [lo, hi] = ci_of(cis, name).unwrap_or_else(|| panic!("{what}: no interval"));
    // log-scale interval: se of the log ≈ (ln hi − ln lo) / (2 · 1.96)
    let se_log = (hi / lo).ln() / (2.0 * 1.959_964);
    println!(
        "{what}: {:.4} (95 % CI {lo:.4}–{hi:.4}), truth {truth}",
        c.value
    );
    f.within(what, c.value.ln(), truth.ln(), se_log);
    if let Some(se) = se_truth {
        let ratio = se_log * c.value / se;
        assert!(
            (0.85..1.15).contains(&ratio),
            "{what}: se {} vs {se} from the truth",
            se_log * c.value
        );
    }
}

fn fit(d: &DurationEstimate, fam: Fam) -> &sim_history::calibrate::durations::DurationFit {
    d.fits.iter().find(|f| f.family == fam).unwrap()
}

/// Kaplan–Meier at the true median `t`: the log(−log) Greenwood band at the family's level
/// contains ½, i.e. the Brookmeyer–Crowley median interval at that level covers `t`.
fn km_covers_median(f: &Family, what: &str, t: &TypeEstimate, median: f64) {
    let km = &t.patience.kaplan_meier;
    let st = km.steps.iter().rev().find(|s| s.seconds <= median).unwrap();
    assert!(
        st.at_risk >= 100.0,
        "{what}: only {} at risk at the median",
        st.at_risk
    );
    // Greenwood recomputed from the curve's columns
    let g: f64 = km
        .steps
        .iter()
        .take_while(|s| s.seconds <= median)
        .map(|s| s.abandoned / (s.at_risk * (s.at_risk - s.abandoned)))
        .sum();
    let se = g.sqrt() / st.survival.ln().abs();
    println!(
        "{what}: KM S({median:.1}) = {:.4}; median {:?} (95 % CI {:?}); naive mean of abandoners {:?}",
        st.survival, km.median_s, km.median_ci95, t.patience.naive_mean_of_abandoners_s
    );
    f.within(
        what,
        (-st.survival.ln()).ln(),
        (std::f64::consts::LN_2).ln(),
        se,
    );
}

#[test]
fn calibrating_simulated_records_recovers_the_scenario() {
    let e = calibrated();
    let f = Family::new("calibration round trip", 268, 0.001);
    assert_eq!(e.week.days_per_weekday, [2; 7]);

    // arrivals: each open hour of each weekday, 2 days × 200 first attempts (Poisson)
    for id in ["a", "b", "c"] {
        let a = &ty(&e, id).arrivals;
        for (slot, m) in a.mean.iter().enumerate() {
            let hour = slot % 24;
            if (8..20).contains(&hour) {
                f.poisson(&format!("{id} first attempts, slot {slot}"), m * 2.0, 400.0);
            } else {
                assert_eq!(*m, 0.0, "{id} slot {slot}: first attempts while closed");
            }
        }
    }

    // handle time a: log-normal mean 240, sd 150 (σ² = ln(1 + 150²/240²))
    let h = ty(&e, "a").handle_time.as_ref().unwrap();
    assert_eq!(h.chosen, Fam::Lognormal);
    let n = (h.n - h.zeros) as f64;
    let s2 = (1.0f64 + (150.0f64 / 240.0).powi(2)).ln();
    let se_mean = 240.0 * (s2 / n + s2 * s2 / (2.0 * n)).sqrt();
    let d_sd = 150.0 / 2.0 + 240.0 * s2.exp() / (2.0 * (s2.exp() - 1.0).sqrt());
    let se_sd = (150.0f64.powi(2) * s2 / n + d_sd * d_sd * 2.0 * s2 * s2 / n).sqrt();
    let ln = fit(h, Fam::Lognormal);
    covers(&f, "a handle mean", &ln.cis, "mean", 240.0, Some(se_mean));
    covers(&f, "a handle sd", &ln.cis, "sd", 150.0, Some(se_sd));

    // handle time b: exponential mean 200 (a gamma with cv ≈ 1 may win the AIC by chance)
    let h = ty(&e, "b").handle_time.as_ref().unwrap();
    assert!(
        matches!(h.chosen, Fam::Exponential | Fam::Gamma),
        "{:?}",
        h.chosen
    );
    let n = (h.n - h.zeros) as f64;
    covers(
        &f,
        "b handle mean",
        &fit(h, Fam::Exponential).cis,
        "mean",
        200.0,
        Some(200.0 / n.sqrt()),
    );

    // handle time c: gamma mean 300, cv 0.5 (shape 4; var k̂ = k / (n (k ψ'(k) − 1)))
    let h = ty(&e, "c").handle_time.as_ref().unwrap();
    assert_eq!(h.chosen, Fam::Gamma);
    let n = (h.n - h.zeros) as f64;
    let trigamma4 = std::f64::consts::PI.powi(2) / 6.0 - (1.0 + 0.25 + 1.0 / 9.0);
    let se_k = (4.0 / (n * (4.0 * trigamma4 - 1.0))).sqrt();
    let g = fit(h, Fam::Gamma);
    covers(
        &f,
        "c handle mean",
        &g.cis,
        "mean",
        300.0,
        Some(150.0 / n.sqrt()),
    );
    covers(
        &f,
        "c handle cv",
        &g.cis,
        "cv",
        0.5,
        Some(0.5 * 4f64.powf(-1.5) * se_k),
    );

    // patience a: exponential mean 180, median 180 ln 2
    let t = ty(&e, "a");
    let p = &t.patience;
    assert!(
        matches!(p.chosen, Some(Fam::Exponential | Fam::Weibull)),
        "{:?}",
        p.chosen
    );
    let ex = p
        .fits
        .iter()
        .find(|x| x.family == Fam::Exponential)
        .unwrap();
    let events = p.kaplan_meier.abandoned as f64;
    covers(
        &f,
        "a patience mean",
        &ex.cis,
        "mean",
        180.0,
        Some(180.0 / events.sqrt()),
    );
    km_covers_median(
        &f,
        "a patience KM at the true median",
        t,
        180.0 * std::f64::consts::LN_2,
    );
    let naive = p.naive_mean_of_abandoners_s.unwrap();
    assert!(
        naive < ci_of(&ex.cis, "mean").unwrap()[0] / 2.0,
        "naive {naive}"
    );

    // patience b, c: Weibull (0.7, 300) and (1.5, 200)
    for (id, shape, scale) in [("b", 0.7, 300.0), ("c", 1.5, 200.0)] {
        let t = ty(&e, id);
        let p = &t.patience;
        assert_eq!(p.chosen, Some(Fam::Weibull), "{id}: {:?}", p.fits);
        let w = p.fits.iter().find(|x| x.family == Fam::Weibull).unwrap();
        for c in &w.cis {
            let [lo, hi] = c.ci95.unwrap();
            assert!(
                hi / lo < 1.25,
                "{id} {}: interval too wide to mean anything",
                c.name
            );
        }
        covers(
            &f,
            &format!("{id} patience shape"),
            &w.cis,
            "shape",
            shape,
            None,
        );
        covers(
            &f,
            &format!("{id} patience scale"),
            &w.cis,
            "scale",
            scale,
            None,
        );
        let median = scale * std::f64::consts::LN_2.powf(1.0 / shape);
        km_covers_median(
            &f,
            &format!("{id} patience KM at the true median"),
            t,
            median,
        );
        let mean = DistSpec::Weibull { shape, scale }.mean();
        let naive = p.naive_mean_of_abandoners_s.unwrap();
        assert!(
            naive < mean / 2.0,
            "{id}: naive {naive} vs true mean {mean}"
        );
        if id == "b" {
            covers(&f, "b patience mean", &w.cis, "mean", mean, None);
        }
    }

    // redials of a: probability 0.3, delay Exp(300 s)
    let r = ty(&e, "a").redials.as_ref().unwrap();
    println!(
        "a redial share {:.4} {:?} of {}",
        r.share, r.share_ci95, r.abandoned_identified
    );
    f.share(
        "a redial share",
        r.redialed as f64,
        r.abandoned_identified as f64,
        0.3,
    );
    let d = r.delay.as_ref().unwrap();
    f.within(
        "a redial delay mean",
        d.sample_mean,
        300.0,
        300.0 / (d.n as f64).sqrt(),
    );
}
