//! Maximum-likelihood fits of fully observed durations (handle times, redial delays) among
//! exponential, log-normal and gamma, plus the empirical distribution, and the choice between them.
//!
//! **Choice rule.** A parametric fit is *acceptable* when its mean is within 5 % of the sample
//! mean and its Kolmogorov–Smirnov distance is at most max(0.03, 1.63/√n) (the asymptotic 1 %
//! critical value, floored at 0.03 so that a large sample does not reject every useful model for
//! tiny departures). Among acceptable fits the lowest AIC wins; when none is acceptable the
//! empirical distribution is used: [`EMPIRICAL_SAMPLES`] quantiles of the sample (at probabilities
//! (i + ½)/k), which keep its mean and shape. A log-normal fitted on log times can miss the mean
//! badly when there is a spike of very short contacts: the mean check catches exactly that.
//! Samples with fewer than [`MIN_FIT_SAMPLES`] positive values get an exponential with the sample
//! mean. Values of 0 stay in the sample mean and the empirical quantiles but are left out of the
//! parametric likelihoods (a density at 0 is 0 or infinite).

use super::stats::{mean_ci, phi};
use serde::Serialize;
use sim_core::dist::DistSpec;
use statrs::function::gamma::{digamma, gamma_lr, ln_gamma};

/// Quantile samples kept for an empirical distribution.
pub const EMPIRICAL_SAMPLES: usize = 200;
/// Fewer positive values than this: exponential with the sample mean.
pub const MIN_FIT_SAMPLES: usize = 20;
/// Largest relative gap between fitted and sample mean of an acceptable fit.
pub const MAX_MEAN_ERROR: f64 = 0.05;

/// A family of distributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Exponential,
    Lognormal,
    Gamma,
    Weibull,
    Empirical,
}

/// One fitted candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationFit {
    pub family: Family,
    /// In ccsim's scenario form.
    pub dist: DistSpec,
    /// Log-likelihood of the positive values (None for the empirical distribution).
    pub log_likelihood: Option<f64>,
    pub aic: Option<f64>,
    /// Kolmogorov–Smirnov distance to the positive values (empirical: to all values).
    pub ks_distance: f64,
    pub fitted_mean: f64,
    /// (fitted − sample) / sample mean.
    pub mean_error: f64,
    pub acceptable: bool,
}

/// A duration sample, its fits and the choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationEstimate {
    pub n: usize,
    pub zeros: usize,
    pub sample_mean: f64,
    pub mean_ci95: [f64; 2],
    pub sample_sd: f64,
    pub ks_limit: f64,
    pub fits: Vec<DurationFit>,
    pub chosen: Family,
    /// The chosen distribution, for the scenario.
    pub dist: DistSpec,
}

/// Fits `values` (seconds ≥ 0, at least one). See the module documentation for the rule.
pub fn fit_durations(values: &[f64]) -> Option<DurationEstimate> {
    let (mean, ci, sd) = mean_ci(values)?;
    let mut pos: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
    pos.sort_by(f64::total_cmp);
    let n = values.len();
    let ks_limit = (1.63 / (pos.len().max(1) as f64).sqrt()).max(0.03);
    let mut fits = Vec::new();
    if pos.len() >= 2 && mean > 0.0 {
        fits.push(exponential(&pos));
        fits.push(lognormal(&pos));
        if let Some(g) = gamma(&pos) {
            fits.push(g);
        }
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    fits.push(empirical(&sorted));
    for f in &mut fits {
        f.mean_error = if mean > 0.0 {
            (f.fitted_mean - mean) / mean
        } else {
            0.0
        };
        f.acceptable = f.family == Family::Empirical
            || (f.mean_error.abs() <= MAX_MEAN_ERROR && f.ks_distance <= ks_limit);
    }
    let chosen = if mean <= 0.0 {
        None
    } else if pos.len() < MIN_FIT_SAMPLES {
        Some(Family::Exponential)
    } else {
        fits.iter()
            .filter(|f| f.acceptable && f.aic.is_some())
            .min_by(|a, b| {
                a.aic
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.aic.unwrap_or(f64::MAX))
            })
            .map(|f| f.family)
    };
    let (chosen, dist) = match chosen {
        None if mean <= 0.0 => (Family::Empirical, DistSpec::Constant { value: 0.0 }),
        Some(Family::Exponential) if pos.len() < MIN_FIT_SAMPLES => {
            (Family::Exponential, DistSpec::Exponential { mean })
        }
        Some(fam) => (
            fam,
            fits.iter()
                .find(|f| f.family == fam)
                .map(|f| f.dist.clone())?,
        ),
        None => (
            Family::Empirical,
            fits.iter()
                .find(|f| f.family == Family::Empirical)?
                .dist
                .clone(),
        ),
    };
    Some(DurationEstimate {
        n,
        zeros: n - pos.len(),
        sample_mean: mean,
        mean_ci95: ci,
        sample_sd: sd,
        ks_limit,
        fits,
        chosen,
        dist,
    })
}

/// KS distance of sorted `x` to the CDF `cdf`.
pub fn ks(sorted: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let n = sorted.len() as f64;
    sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (((i + 1) as f64 / n) - f).max(f - i as f64 / n)
        })
        .fold(0.0, f64::max)
}

fn candidate(family: Family, dist: DistSpec, ll: Option<f64>, params: f64, ks: f64) -> DurationFit {
    DurationFit {
        family,
        fitted_mean: dist.mean(),
        dist,
        log_likelihood: ll,
        aic: ll.map(|l| 2.0 * params - 2.0 * l),
        ks_distance: ks,
        mean_error: 0.0,
        acceptable: false,
    }
}

fn exponential(x: &[f64]) -> DurationFit {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let ll = -n * m.ln() - n;
    let d = ks(x, |t| 1.0 - (-t / m).exp());
    candidate(
        Family::Exponential,
        DistSpec::Exponential { mean: m },
        Some(ll),
        1.0,
        d,
    )
}

fn lognormal(x: &[f64]) -> DurationFit {
    let n = x.len() as f64;
    let mu = x.iter().map(|v| v.ln()).sum::<f64>() / n;
    let s2 = x.iter().map(|v| (v.ln() - mu).powi(2)).sum::<f64>() / n;
    let s = s2.sqrt().max(1e-9);
    let sum_ln: f64 = x.iter().map(|v| v.ln()).sum();
    let ll = -sum_ln - n * s.ln() - 0.5 * n * (2.0 * std::f64::consts::PI).ln() - 0.5 * n;
    let mean = (mu + s * s / 2.0).exp();
    let sd = mean * ((s * s).exp() - 1.0).sqrt();
    let d = ks(x, |t| phi((t.ln() - mu) / s));
    candidate(
        Family::Lognormal,
        DistSpec::Lognormal { mean, sd },
        Some(ll),
        2.0,
        d,
    )
}

/// Gamma MLE: the shape k solves ln k − ψ(k) = ln(mean) − mean(ln x), by bisection on ln k (the
/// left side decreases in k); the scale is mean / k.
fn gamma(x: &[f64]) -> Option<DurationFit> {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let mean_ln = x.iter().map(|v| v.ln()).sum::<f64>() / n;
    let s = m.ln() - mean_ln;
    if s <= 1e-12 {
        return None;
    }
    let (mut lo, mut hi) = ((1e-4f64).ln(), (1e7f64).ln());
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let k = mid.exp();
        if k.ln() - digamma(k) > s {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let k = (0.5 * (lo + hi)).exp();
    let theta = m / k;
    let ll = (k - 1.0) * n * mean_ln - n * m / theta - n * k * theta.ln() - n * ln_gamma(k);
    let d = ks(x, |t| gamma_lr(k, t / theta));
    Some(candidate(
        Family::Gamma,
        DistSpec::Gamma {
            mean: m,
            cv: 1.0 / k.sqrt(),
        },
        Some(ll),
        2.0,
        d,
    ))
}

/// [`EMPIRICAL_SAMPLES`] quantiles (or every value of a smaller sample) of sorted `x`.
pub fn quantile_samples(sorted: &[f64]) -> Vec<f64> {
    let n = sorted.len();
    let k = n.min(EMPIRICAL_SAMPLES);
    (0..k)
        .map(|i| {
            let p = (i as f64 + 0.5) / k as f64;
            let pos = p * n as f64 - 0.5;
            let lo = pos.floor().max(0.0) as usize;
            let hi = (lo + 1).min(n - 1);
            let w = (pos - lo as f64).clamp(0.0, 1.0);
            sorted[lo] * (1.0 - w) + sorted[hi] * w
        })
        .collect()
}

fn empirical(sorted: &[f64]) -> DurationFit {
    let q = quantile_samples(sorted);
    let d = ks(sorted, |t| {
        q.partition_point(|&v| v <= t) as f64 / q.len() as f64
    });
    candidate(
        Family::Empirical,
        DistSpec::Empirical { samples: q },
        None,
        0.0,
        d,
    )
}

#[cfg(test)]
#[path = "durations_tests.rs"]
mod tests;

/// Density of a fitted distribution at `x` > 0 (None for forms without a density: empirical,
/// constant, uniform), for plots.
pub fn density(dist: &DistSpec, x: f64) -> Option<f64> {
    if x <= 0.0 {
        return None;
    }
    match *dist {
        DistSpec::Exponential { mean } => Some((-x / mean).exp() / mean),
        DistSpec::Lognormal { mean, sd } => {
            let s2 = (1.0 + sd * sd / (mean * mean)).ln();
            let mu = mean.ln() - s2 / 2.0;
            let z = (x.ln() - mu) / s2.sqrt();
            Some((-0.5 * z * z).exp() / (x * (2.0 * std::f64::consts::PI * s2).sqrt()))
        }
        DistSpec::Gamma { mean, cv } => {
            let k = 1.0 / (cv * cv);
            let theta = mean / k;
            Some(((k - 1.0) * x.ln() - x / theta - k * theta.ln() - ln_gamma(k)).exp())
        }
        DistSpec::Weibull { shape, scale } => {
            let r = x / scale;
            Some(shape / scale * r.powf(shape - 1.0) * (-r.powf(shape)).exp())
        }
        _ => None,
    }
}
