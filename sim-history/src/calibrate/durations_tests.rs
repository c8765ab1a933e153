//! Recovery of known parameters from synthetic samples (fixed seeds). Every tolerance is at least
//! 5 standard errors of the estimate (false-failure rate under 6e-7 per check, 1e-5 for the
//! family of these checks; docs/testing.md).

use super::*;
use sim_core::rng::stream;
use sim_core::sample::{exp1, gamma as gamma_draw, std_normal};

const N: usize = 20_000;

fn draws(seed: u64, f: impl Fn(&mut sim_core::rng::SimRng) -> f64) -> Vec<f64> {
    let mut rng = stream(seed, 0, 1);
    (0..N).map(|_| f(&mut rng)).collect()
}

fn fit_of(e: &DurationEstimate, family: Family) -> &DurationFit {
    e.fits.iter().find(|f| f.family == family).unwrap()
}

#[test]
fn exponential_sample_recovers_mean_and_is_chosen() {
    let x = draws(11, |r| 180.0 * exp1(r));
    let e = fit_durations(&x).unwrap();
    // se of the mean: 180/√N = 1.27 s
    assert!((e.sample_mean - 180.0).abs() < 6.5, "{}", e.sample_mean);
    let g = fit_of(&e, Family::Gamma);
    let DistSpec::Gamma { cv, .. } = g.dist else {
        panic!()
    };
    // se of the gamma shape at k = 1: about 0.009 → cv within 0.05 of 1
    assert!((cv - 1.0).abs() < 0.05, "cv {cv}");
    assert!(
        matches!(e.chosen, Family::Exponential | Family::Gamma),
        "{:?}",
        e.chosen
    );
    assert!((e.dist.mean() - e.sample_mean).abs() / e.sample_mean < 0.01);
}

#[test]
fn lognormal_sample_recovers_mean_and_sd() {
    // μ = 5, σ = 0.6: mean = e^{5.18} = 177.7, sd = 116.9
    let x = draws(12, |r| (5.0 + 0.6 * std_normal(r)).exp());
    let e = fit_of(&fit_durations(&x).unwrap(), Family::Lognormal).clone();
    let DistSpec::Lognormal { mean, sd } = e.dist else {
        panic!()
    };
    // se of the fitted mean ≈ mean·σ·√(1 + σ²/2)/√N ≈ 0.8 s
    assert!((mean - 177.68).abs() < 4.5, "mean {mean}");
    assert!((sd - 116.9).abs() < 6.0, "sd {sd}");
    assert!(e.acceptable);
    assert_eq!(fit_durations(&x).unwrap().chosen, Family::Lognormal);
}

#[test]
fn gamma_sample_recovers_shape() {
    // shape 3, scale 60: mean 180, cv 0.577
    let x = draws(13, |r| 60.0 * gamma_draw(r, 3.0));
    let est = fit_durations(&x).unwrap();
    let DistSpec::Gamma { mean, cv } = fit_of(&est, Family::Gamma).dist else {
        panic!()
    };
    // se of the shape ≈ 0.029 → cv ± 0.015 at 5 se
    assert!((cv - 0.57735).abs() < 0.015, "cv {cv}");
    assert!((mean - 180.0).abs() < 3.7, "mean {mean}");
    assert_eq!(est.chosen, Family::Gamma);
}

#[test]
fn a_spike_of_short_contacts_makes_the_lognormal_miss_the_mean_and_is_not_chosen() {
    // 30 % hang-ups of ~2 s, 70 % real calls of ~300 s: the log-normal's mean (fitted on logs)
    // is far from the sample mean; the choice must keep the mean right.
    let mut rng = stream(14, 0, 1);
    let x: Vec<f64> = (0..N)
        .map(|_| {
            if sim_core::sample::unit(&mut rng) < 0.3 {
                1.0 + 2.0 * exp1(&mut rng)
            } else {
                300.0 * (0.3 * std_normal(&mut rng)).exp()
            }
        })
        .collect();
    let e = fit_durations(&x).unwrap();
    let ln = fit_of(&e, Family::Lognormal);
    assert!(
        ln.mean_error.abs() > 0.2,
        "lognormal mean error {}",
        ln.mean_error
    );
    assert!(!ln.acceptable);
    assert_eq!(e.chosen, Family::Empirical);
    let DistSpec::Empirical { samples } = &e.dist else {
        panic!()
    };
    assert_eq!(samples.len(), EMPIRICAL_SAMPLES);
    assert!((e.dist.mean() - e.sample_mean).abs() / e.sample_mean < 0.01);
}

#[test]
fn small_and_degenerate_samples() {
    let e = fit_durations(&[10.0, 20.0, 30.0]).unwrap();
    assert_eq!(e.dist, DistSpec::Exponential { mean: 20.0 });
    let e = fit_durations(&[0.0, 0.0]).unwrap();
    assert_eq!(e.dist, DistSpec::Constant { value: 0.0 });
    assert_eq!(e.zeros, 2);
    assert!(fit_durations(&[]).is_none());
    assert_eq!(quantile_samples(&[1.0, 2.0, 3.0]), vec![1.0, 2.0, 3.0]);
}
