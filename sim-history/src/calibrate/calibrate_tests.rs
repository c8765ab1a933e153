//! The whole calibration on synthetic records (fixed seed): estimates, a scenario that sim-core
//! compiles, and the availability fit driven through the closure runner with sim-core's engine.

use super::*;
use crate::records::{parse_records, RecordOptions};
use sim_core::rng::stream;
use sim_core::sample::{exp1, std_normal, unit};
use sim_core::{run_replication, Limits, Model, Summary};

/// Two weeks, 08:00–18:00 every day, 40 calls an hour; patience Exp(200 s), offered wait Exp(40 s)
/// (so 1/6 abandon and the mean wait of abandoners is 1/(1/200 + 1/40) = 33 s); handle time
/// log-normal with mean 180 s; agents a0…a5; 30 % of abandoners redial after Exp(120 s).
pub fn synthetic_records(seed: u64) -> String {
    let mut rng = stream(seed, 0, 9);
    let mut out = String::from("arrival,wait_s,outcome,handle_s,caller_id,agent\n");
    let mut caller = 0u32;
    for day in 1..=14 {
        let mut t = 8.0 * 3600.0;
        loop {
            t += 90.0 * exp1(&mut rng);
            if t >= 18.0 * 3600.0 {
                break;
            }
            caller += 1;
            let mut at = t;
            loop {
                let p = 200.0 * exp1(&mut rng);
                let w = 40.0 * exp1(&mut rng);
                let stamp = format!(
                    "2024-01-{day:02}T{:02}:{:02}:{:02}",
                    (at / 3600.0) as u32,
                    ((at % 3600.0) / 60.0) as u32,
                    (at % 60.0) as u32
                );
                if p < w {
                    out.push_str(&format!("{stamp},{p:.1},abandoned,,c{caller},\n"));
                    if unit(&mut rng) < 0.3 {
                        at += p + 120.0 * exp1(&mut rng);
                        continue;
                    }
                } else {
                    let h = (5.0 + 0.5 * std_normal(&mut rng)).exp() * 180.0 / 168.17;
                    let agent = (unit(&mut rng) * 6.0) as u32;
                    out.push_str(&format!(
                        "{stamp},{w:.1},answered,{h:.1},c{caller},a{agent}\n"
                    ));
                }
                break;
            }
        }
    }
    out
}

fn run(trial: &Trial) -> Result<sim_core::Report, String> {
    let model = Model::compile(&trial.scenario, Limits::default()).map_err(|e| e.to_string())?;
    let mut summary = Summary::new(&model, trial.seed);
    for r in 0..trial.replications {
        summary.add(&model, &run_replication(&model, trial.seed, r));
    }
    Ok(summary.report(&model))
}

#[test]
fn synthetic_records_calibrate_into_a_runnable_scenario() {
    let text = synthetic_records(5);
    let records = parse_records(&text, &RecordOptions::default()).unwrap();
    let est = estimate(&records, &CalibrateOptions::default()).unwrap();
    assert_eq!(est.week.days_per_weekday, [2; 7]);
    let t = &est.types[0];
    assert_eq!(t.id, "calls");
    // 400 first attempts a day (Poisson): each weekday's mean over 2 days has se √800/2 = 14
    for d in t.arrivals.per_day.iter() {
        let d = d.unwrap();
        assert!((d - 400.0).abs() < 71.0, "{d}");
    }
    let slots = t.arrivals.mean.iter().filter(|&&m| m > 0.0).count();
    assert_eq!(slots, 7 * 20, "20 open half hours a day");
    let h = t.handle_time.as_ref().unwrap();
    assert!(
        h.mean_ci95[0] < 180.0 && 180.0 < h.mean_ci95[1],
        "{:?}",
        h.mean_ci95
    );
    assert_eq!(h.chosen, durations::Family::Lognormal);
    let p = &t.patience;
    let [lo, hi] = p.exponential_mean_ci95.unwrap();
    assert!(lo < 200.0 && 200.0 < hi, "patience CI [{lo}, {hi}]");
    assert!(p.naive_mean_of_abandoners_s.unwrap() < 50.0);
    let r = t.redials.as_ref().unwrap();
    assert!(
        r.share_ci95[0] < 0.3 && 0.3 < r.share_ci95[1],
        "{:?}",
        r.share_ci95
    );
    let st = est.staffing.as_ref().unwrap();
    assert_eq!(st.agents_named, 6);
    assert!(st.mean_seen[20] > 4.0 && st.mean_seen[20] <= 6.0);

    let scenario = calibrated_scenario(&est, None, "synthetic").unwrap();
    Model::compile(&scenario, Limits::default()).unwrap();
    let toml = scenario.to_toml();
    let back = Scenario::parse(&toml, sim_core::Format::Toml).unwrap();
    assert_eq!(back, scenario);

    let options = FitOptions {
        replications: 3,
        seed: 1,
        max_steps: 5,
        max_share: 0.9,
    };
    let search = AvailabilitySearch::new(scenario, &est, options).unwrap();
    let fit = run_fit(search, run, |e| e).unwrap();
    assert!(fit.trials.len() <= 5);
    assert!((0.0..=0.9).contains(&fit.not_ready_share));
    Model::compile(&fit.scenario, Limits::default()).unwrap();
    assert!(!fit.fit.per_hour.rows.is_empty());
    assert_eq!(fit.fit.per_day.rows.len(), 7);
}

#[test]
fn options_and_missing_staffing_are_reported() {
    let records = parse_records(
        "arrival,wait_s,outcome,handle_s\n2024-01-01T08:00,0,answered,60\n",
        &RecordOptions::default(),
    )
    .unwrap();
    let bad = CalibrateOptions {
        interval_minutes: 7,
        ..Default::default()
    };
    let e = estimate(&records, &bad).unwrap_err();
    assert!(e.to_string().contains("--interval-minutes"), "{e}");
    let est = estimate(&records, &CalibrateOptions::default()).unwrap();
    let e = calibrated_scenario(&est, None, "x").unwrap_err();
    assert!(e.to_string().contains("--base"), "{e}");
}
