//! Recovery of a known patience from synthetic queue data with censoring (fixed seeds): each
//! caller has a patience P and is offered a wait W (independent of P, as in a queue where the
//! wait depends on the others); the record shows min(P, W) and abandons iff P < W. Tolerances
//! are at least 5 approximate standard errors (false-failure rate under 6e-7 per check).

use super::*;
use sim_core::rng::stream;
use sim_core::sample::{exp1, unit_open};

fn queue(seed: u64, n: usize, patience: impl Fn(&mut sim_core::rng::SimRng) -> f64) -> Vec<Wait> {
    let mut rng = stream(seed, 0, 2);
    (0..n)
        .map(|_| {
            let p = patience(&mut rng);
            let w = 60.0 * exp1(&mut rng);
            Wait {
                seconds: p.min(w),
                abandoned: p < w,
            }
        })
        .collect()
}

#[test]
fn exponential_patience_is_recovered_where_the_naive_mean_is_far_off() {
    let waits = queue(21, 20_000, |r| 300.0 * exp1(r));
    let e = estimate_patience(&waits);
    let exp = e
        .fits
        .iter()
        .find(|f| f.family == Family::Exponential)
        .unwrap();
    // about 3,300 abandonments: se of the mean ≈ 300/√3300 = 5.2 s
    assert!(
        (exp.mean_s - 300.0).abs() < 26.0,
        "fitted mean {}",
        exp.mean_s
    );
    let [lo, hi] = e.exponential_mean_ci95.unwrap();
    assert!(lo < 300.0 && 300.0 < hi, "CI [{lo}, {hi}]");
    // the naive estimate: the mean wait of abandoners = 1/(1/300 + 1/60) = 50 s
    let naive = e.naive_mean_of_abandoners_s.unwrap();
    assert!((naive - 50.0).abs() < 5.0, "naive {naive}");
    assert!(
        naive < lo / 4.0,
        "the naive mean is not inside any reasonable band"
    );
    // the true median 300·ln 2 = 208 s lies beyond most observed waits; where the KM curve
    // reaches, it follows exp(−t/300): at t = 120 s, S = 0.670
    let s = e.kaplan_meier.survival_at(120.0);
    assert!(
        (s - (-120.0f64 / 300.0).exp()).abs() < 0.04,
        "KM at 120 s {s}"
    );
    let chosen = e.dist.unwrap();
    assert!((chosen.mean() - 300.0).abs() < 40.0, "{chosen:?}");
}

#[test]
fn weibull_patience_is_recovered() {
    // shape 1.5, scale 250: callers get more impatient the longer they wait
    let waits = queue(22, 30_000, |r| 250.0 * (-unit_open(r).ln()).powf(1.0 / 1.5));
    let e = estimate_patience(&waits);
    let wb = e.fits.iter().find(|f| f.family == Family::Weibull).unwrap();
    let DistSpec::Weibull { shape, scale } = wb.dist else {
        panic!()
    };
    assert!((shape - 1.5).abs() < 0.15, "shape {shape}");
    assert!((scale - 250.0).abs() < 30.0, "scale {scale}");
    assert_eq!(e.chosen, Some(Family::Weibull));
    assert!(wb.km_distance < 0.03, "{}", wb.km_distance);
}

#[test]
fn lognormal_fit_handles_censoring() {
    // median 150 s, σ = 0.8
    let waits = queue(23, 30_000, |r| {
        150.0 * (0.8 * sim_core::sample::std_normal(r)).exp()
    });
    let e = estimate_patience(&waits);
    let ln = e
        .fits
        .iter()
        .find(|f| f.family == Family::Lognormal)
        .unwrap();
    assert!((ln.median_s - 150.0).abs() < 20.0, "median {}", ln.median_s);
    assert_eq!(e.chosen, Some(Family::Lognormal));
}

#[test]
fn nobody_abandoned_means_no_patience() {
    let e = estimate_patience(&[Wait {
        seconds: 10.0,
        abandoned: false,
    }]);
    assert_eq!(
        (e.chosen, e.dist, e.naive_mean_of_abandoners_s),
        (None, None, None)
    );
}
