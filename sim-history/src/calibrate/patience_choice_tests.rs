//! The choice guard on synthetic, heavily censored queues (fixed seeds): each caller has a
//! patience P and an offered wait W independent of P; the record is min(P, W), abandoned iff
//! P < W. The truth is the patience distribution the test draws from. Tolerances are fixed
//! distances between survival curves (0.04–0.05), about ten Greenwood standard errors of the
//! Kaplan–Meier curve at these sample sizes (≤ 0.004): they are not part of a statistical family.

use super::super::patience::{estimate_patience, survival};
use super::super::survival::Wait;
use super::*;
use sim_core::rng::{stream, SimRng};
use sim_core::sample::{exp1, unit};

/// Offered waits Exp(`wait_mean`), except a share `long` of Exp(3000 s) (a few callers stuck in a
/// long queue: they stretch the longest wait, so the old "mean ≤ 10× the longest wait" rule alone
/// lets a runaway fit through).
fn queue(
    seed: u64,
    n: usize,
    wait_mean: f64,
    long: f64,
    patience: impl Fn(&mut SimRng) -> f64,
) -> Vec<Wait> {
    let mut rng = stream(seed, 0, 3);
    (0..n)
        .map(|_| {
            let p = patience(&mut rng);
            let m = if unit(&mut rng) < long {
                3000.0
            } else {
                wait_mean
            };
            let w = m * exp1(&mut rng);
            Wait {
                seconds: p.min(w).round(),
                abandoned: p < w,
            }
        })
        .collect()
}

#[test]
fn a_runaway_lognormal_is_not_chosen_under_heavy_censoring() {
    // a quarter hang up within seconds, the rest would wait for hours: 90 % of the waits are
    // censored and the log-normal's σ runs to its bound
    let truth = |t: f64| 0.25 * (-t / 15.0).exp() + 0.75 * (-t / 20_000.0).exp();
    let waits = queue(31, 20_000, 60.0, 0.02, |r| {
        if unit(r) < 0.25 {
            15.0 * exp1(r)
        } else {
            20_000.0 * exp1(r)
        }
    });
    let e = estimate_patience(&waits);
    let ln = e
        .fits
        .iter()
        .find(|f| f.family == Family::Lognormal)
        .unwrap();
    // the old rule (lowest AIC among the fits with a mean ≤ 10× the longest wait) took it
    let old = e
        .fits
        .iter()
        .filter(|f| f.mean_s <= MAX_MEAN_OVER_LONGEST_WAIT * e.kaplan_meier.max_wait_s)
        .min_by(|a, b| a.aic.total_cmp(&b.aic))
        .unwrap();
    assert_eq!(old.family, Family::Lognormal, "{:?}", e.fits);
    assert!(ln.mean_s > 5_000.0, "{}", ln.mean_s);
    let why = ln.rejected.as_deref().unwrap_or("accepted");
    assert!(
        why.contains("bound") || why.contains("band"),
        "log-normal: {why}"
    );
    assert_ne!(e.chosen, Some(Family::Lognormal));
    let dist = e.dist.clone().unwrap();
    assert!(e.checkpoints.len() >= 2, "{:?}", e.checkpoints);
    for c in &e.checkpoints {
        let s = survival(&dist, c.seconds);
        assert!(
            (s - truth(c.seconds)).abs() < 0.05,
            "{:?}: S({}) = {s}, truth {}",
            e.chosen,
            c.seconds,
            truth(c.seconds)
        );
    }
    // the chosen patience does not invent impatience either: the true mean is 15,004 s; anything
    // from a few thousand seconds up is consistent with waits of at most a few minutes
    assert!(dist.mean() > 1_000.0, "{:?} mean {}", e.chosen, dist.mean());
}

#[test]
fn when_no_family_fits_the_kaplan_meier_curve_is_used() {
    // 40 % hang up between 20 and 30 s (an announcement?), the others are Exp(600 s): a
    // shape none of exponential, Weibull or log-normal can follow
    let truth = |t: f64| {
        let u = ((30.0 - t) / 10.0).clamp(0.0, 1.0);
        0.4 * u + 0.6 * (-t / 600.0).exp()
    };
    let waits = queue(32, 20_000, 120.0, 0.0, |r| {
        if unit(r) < 0.4 {
            20.0 + 10.0 * unit(r)
        } else {
            600.0 * exp1(r)
        }
    });
    let e = estimate_patience(&waits);
    assert!(
        e.fits.iter().all(|f| f.rejected.is_some()),
        "{:?}",
        e.fits
            .iter()
            .map(|f| (f.family, &f.rejected))
            .collect::<Vec<_>>()
    );
    assert_eq!(e.chosen, Some(Family::Empirical));
    let dist = e.dist.clone().unwrap();
    let DistSpec::Empirical { samples } = &dist else {
        panic!("{dist:?}")
    };
    assert_eq!(samples.len(), KM_SAMPLES);
    for t in [10.0, 25.0, 40.0, 100.0, 200.0] {
        let s = survival(&dist, t);
        assert!(
            (s - truth(t)).abs() < 0.04,
            "S({t}) = {s}, truth {}",
            truth(t)
        );
    }
}

#[test]
fn checkpoints_follow_the_curve_and_stop_where_it_is_thin() {
    // 100 waits, 10 % abandon at 1, 2, … 10 s and everyone else is answered at 100 s: the
    // curve falls to 0.9 at 10 s and is well supported throughout (≥ 20 at risk)
    let mut waits: Vec<Wait> = (1..=10)
        .map(|i| Wait {
            seconds: i as f64,
            abandoned: true,
        })
        .collect();
    waits.extend((0..90).map(|_| Wait {
        seconds: 100.0,
        abandoned: false,
    }));
    let km = super::super::survival::kaplan_meier(&waits);
    let cps = checkpoints(&km);
    assert_eq!(cps.len(), 1, "{cps:?}");
    assert_eq!(cps[0].seconds, 10.0);
    assert!((cps[0].km_survival - 0.9).abs() < 1e-12);
    assert!(cps[0].band[0] < 0.9 && 0.9 < cps[0].band[1]);
}
