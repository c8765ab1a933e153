//! Patience from censored waits: Kaplan–Meier ([`super::survival`]), then maximum-likelihood fits
//! of exponential, Weibull and log-normal patience that use both kinds of wait — an abandoned
//! contact contributes the density f(t), an answered one the survival S(t) — and the choice by
//! AIC. The mean wait of the abandoners is reported only to show how wrong it is: it measures the
//! waits of the impatient, not the patience of all callers.
//!
//! Waits are whole seconds in most exports, so an abandonment at 0 s is taken at 0.5 s in the
//! parametric fits (the densities of Weibull and log-normal vanish or explode at 0); answered
//! contacts with a wait of 0 carry no information (S(0) = 1) and drop out.

use super::durations::Family;
use super::stats::{golden_max, ln_upper_phi};
use super::survival::{kaplan_meier, tally, KaplanMeier, Wait};
use serde::Serialize;
use sim_core::dist::DistSpec;

/// A fit whose mean patience exceeds this many times the longest observed wait is not chosen.
pub const MAX_MEAN_OVER_LONGEST_WAIT: f64 = 10.0;

/// One censored-likelihood fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatienceFit {
    pub family: Family,
    pub dist: DistSpec,
    pub log_likelihood: f64,
    pub aic: f64,
    pub mean_s: f64,
    pub median_s: f64,
    /// Largest gap between the fitted survival and Kaplan–Meier over the observed waits where
    /// at least 1 % of the waits (and at least 20) are still at risk (beyond, KM is noise).
    pub km_distance: f64,
}

/// Everything about the patience of one contact type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatienceEstimate {
    pub kaplan_meier: KaplanMeier,
    pub fits: Vec<PatienceFit>,
    /// Lowest AIC (None when nobody abandoned: no patience can be estimated).
    pub chosen: Option<Family>,
    pub dist: Option<DistSpec>,
    /// Mean wait of the abandoned contacts: NOT an estimate of patience (biased low).
    pub naive_mean_of_abandoners_s: Option<f64>,
    /// The exponential fit's mean with its 95 % interval (events / total exposure).
    pub exponential_mean_ci95: Option<[f64; 2]>,
}

/// Estimates patience from `waits`.
pub fn estimate_patience(waits: &[Wait]) -> PatienceEstimate {
    let km = kaplan_meier(waits);
    let ab: Vec<f64> = waits
        .iter()
        .filter(|w| w.abandoned)
        .map(|w| w.seconds)
        .collect();
    let naive = (!ab.is_empty()).then(|| ab.iter().sum::<f64>() / ab.len() as f64);
    let data: Vec<(f64, f64, f64)> = tally(waits)
        .into_iter()
        .filter(|&(t, d, _)| t > 0.0 || d > 0.0)
        .map(|(t, d, c)| (t.max(0.5), d, c))
        .collect();
    let events: f64 = data.iter().map(|x| x.1).sum();
    let mut fits = Vec::new();
    let mut exp_ci = None;
    if events >= 1.0 {
        let exposure: f64 = data.iter().map(|x| x.0 * (x.1 + x.2)).sum();
        let mean = exposure / events;
        let ll = -events * mean.ln() - exposure / mean;
        let h = 1.959_964 / events.sqrt();
        exp_ci = Some([mean * (-h).exp(), mean * h.exp()]);
        fits.push(fit(
            Family::Exponential,
            DistSpec::Exponential { mean },
            ll,
            1.0,
            &km,
        ));
        if events >= 2.0 {
            fits.push(weibull(&data, events, &km));
            fits.push(lognormal(&data, &km));
        }
    }
    // The data say nothing beyond the longest wait: a fit whose mean lies far beyond it is an
    // extrapolation (heavy censoring lets a log-normal's σ run away), so it is not chosen.
    let plausible = |f: &&PatienceFit| {
        f.mean_s.is_finite() && f.mean_s <= MAX_MEAN_OVER_LONGEST_WAIT * km.max_wait_s.max(1.0)
    };
    let best = fits
        .iter()
        .filter(plausible)
        .min_by(|a, b| a.aic.total_cmp(&b.aic))
        .or_else(|| fits.first())
        .map(|f| (f.family, f.dist.clone()));
    PatienceEstimate {
        kaplan_meier: km,
        fits,
        chosen: best.as_ref().map(|b| b.0),
        dist: best.map(|b| b.1),
        naive_mean_of_abandoners_s: naive,
        exponential_mean_ci95: exp_ci,
    }
}

/// Survival function of a fitted patience distribution.
pub fn survival(dist: &DistSpec, t: f64) -> f64 {
    match *dist {
        DistSpec::Exponential { mean } => (-t / mean).exp(),
        DistSpec::Weibull { shape, scale } => (-(t / scale).powf(shape)).exp(),
        DistSpec::Lognormal { mean, sd } => {
            let s2 = (1.0 + sd * sd / (mean * mean)).ln();
            let mu = mean.ln() - s2 / 2.0;
            if t <= 0.0 {
                1.0
            } else {
                ln_upper_phi((t.ln() - mu) / s2.sqrt()).exp()
            }
        }
        _ => f64::NAN,
    }
}

fn fit(family: Family, dist: DistSpec, ll: f64, params: f64, km: &KaplanMeier) -> PatienceFit {
    let median_s = match dist {
        DistSpec::Exponential { mean } => mean * std::f64::consts::LN_2,
        DistSpec::Weibull { shape, scale } => scale * std::f64::consts::LN_2.powf(1.0 / shape),
        DistSpec::Lognormal { mean, sd } => mean / (1.0 + sd * sd / (mean * mean)).sqrt(),
        _ => f64::NAN,
    };
    let min_at_risk = (0.01 * km.waits as f64).max(20.0);
    let km_distance = km
        .steps
        .iter()
        .filter(|st| st.at_risk >= min_at_risk)
        .map(|st| (survival(&dist, st.seconds) - st.survival).abs())
        .fold(0.0, f64::max);
    PatienceFit {
        family,
        mean_s: dist.mean(),
        median_s,
        dist,
        log_likelihood: ll,
        aic: 2.0 * params - 2.0 * ll,
        km_distance,
    }
}

/// Weibull: for a shape k the scale is profiled out, λ^k = Σ t^k / D, leaving
/// ℓ(k) = D ln k − D ln(Σ t^k / D) + (k − 1) Σ_events ln t − D, maximised over ln k.
fn weibull(data: &[(f64, f64, f64)], events: f64, km: &KaplanMeier) -> PatienceFit {
    let sum_ln_ev: f64 = data.iter().map(|&(t, d, _)| d * t.ln()).sum();
    let sum_pow = |k: f64| {
        data.iter()
            .map(|&(t, d, c)| (d + c) * t.powf(k))
            .sum::<f64>()
    };
    let ll = |k: f64| {
        events * k.ln() - events * (sum_pow(k) / events).ln() + (k - 1.0) * sum_ln_ev - events
    };
    let (lk, best) = golden_max((0.05f64).ln(), (20.0f64).ln(), 90, |lk| ll(lk.exp()));
    let k = lk.exp();
    let scale = (sum_pow(k) / events).powf(1.0 / k);
    fit(
        Family::Weibull,
        DistSpec::Weibull { shape: k, scale },
        best,
        2.0,
        km,
    )
}

/// Log-normal: ℓ(μ, σ) = Σ_events ln f(t) + Σ_censored ln S(t), maximised over μ for each σ
/// (concave in μ) and over ln σ ∈ [ln 0.05, ln 3] outside.
fn lognormal(data: &[(f64, f64, f64)], km: &KaplanMeier) -> PatienceFit {
    let half_ln_2pi = 0.5 * (2.0 * std::f64::consts::PI).ln();
    let ll = |mu: f64, s: f64| {
        data.iter()
            .map(|&(t, d, c)| {
                let lt = t.ln();
                let z = (lt - mu) / s;
                let mut v = 0.0;
                if d > 0.0 {
                    v += d * (-lt - s.ln() - half_ln_2pi - 0.5 * z * z);
                }
                if c > 0.0 {
                    v += c * ln_upper_phi(z);
                }
                v
            })
            .sum::<f64>()
    };
    let lts: Vec<f64> = data.iter().map(|x| x.0.ln()).collect();
    let lo = lts.iter().copied().fold(f64::MAX, f64::min) - 5.0;
    let hi = lts.iter().copied().fold(f64::MIN, f64::max) + 15.0;
    let best_mu = |s: f64| golden_max(lo, hi, 70, |mu| ll(mu, s));
    let (ls, _) = golden_max((0.05f64).ln(), (3.0f64).ln(), 60, |ls| best_mu(ls.exp()).1);
    let s = ls.exp();
    let (mu, best) = best_mu(s);
    let mean = (mu + s * s / 2.0).exp();
    let sd = mean * ((s * s).exp() - 1.0).sqrt();
    fit(
        Family::Lognormal,
        DistSpec::Lognormal { mean, sd },
        best,
        2.0,
        km,
    )
}

#[cfg(test)]
#[path = "patience_tests.rs"]
mod tests;
