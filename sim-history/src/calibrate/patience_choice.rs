//! Which patience the scenario gets: a parametric fit only where it agrees with the Kaplan–Meier
//! curve, else the curve itself.
//!
//! **Rule.** A fit may be chosen when
//! 1. its mean is finite and at most [`MAX_MEAN_OVER_LONGEST_WAIT`] times the longest wait (the
//!    data say nothing beyond it);
//! 2. its parameters are interior: a log-normal σ or a Weibull shape that ends on the bound of its
//!    search is the likelihood running away (heavy censoring lets σ grow without limit), not an
//!    estimate;
//! 3. at every checkpoint — the times where Kaplan–Meier first falls to 0.9, 0.75, 0.5 (its
//!    median), 0.25, and the last time it is well supported (at least 1 % of the waits and at
//!    least 20 still at risk), each only while it is well supported — the fitted survival lies
//!    inside the Kaplan–Meier pointwise Greenwood band at [`AGREEMENT_LEVEL`] (log(−log) scale).
//!    At the median checkpoint this is the fit's median against the curve's.
//!
//! The agreeing fit with the lowest AIC is chosen. When none agrees the Kaplan–Meier curve is the
//! distribution ([`km_empirical`]). The band is at 99 % rather than 95 % because the fitted
//! curve and Kaplan–Meier are estimates from the same data: a correct family should not be thrown
//! out by the 5 % of chance misses per point that a 95 % band allows.

use super::durations::Family;
use super::patience::PatienceFit;
use super::stats::z;
use super::survival::KaplanMeier;
use serde::Serialize;
use sim_core::dist::DistSpec;

/// A fit whose mean patience exceeds this many times the longest observed wait is not chosen.
pub const MAX_MEAN_OVER_LONGEST_WAIT: f64 = 10.0;
/// Level of the Kaplan–Meier band a fit must stay in.
pub const AGREEMENT_LEVEL: f64 = 0.99;
/// Kaplan–Meier levels whose crossing times are checkpoints.
pub const CHECK_LEVELS: [f64; 4] = [0.9, 0.75, 0.5, 0.25];
/// Quantiles kept for the Kaplan–Meier-based empirical distribution.
pub const KM_SAMPLES: usize = 200;

/// Where a fit is compared with Kaplan–Meier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Checkpoint {
    pub seconds: f64,
    pub km_survival: f64,
    /// The band at [`AGREEMENT_LEVEL`].
    pub band: [f64; 2],
}

/// The checkpoints of the rule (see the module documentation), in time order.
pub fn checkpoints(km: &KaplanMeier) -> Vec<Checkpoint> {
    let min_at_risk = (0.01 * km.waits as f64).max(20.0);
    let zq = z(1.0 - (1.0 - AGREEMENT_LEVEL) / 2.0);
    let supported: Vec<_> = km
        .steps
        .iter()
        .filter(|s| s.at_risk >= min_at_risk)
        .collect();
    let mut out: Vec<Checkpoint> = Vec::new();
    let mut push = |st: &super::survival::KmStep| {
        if out.last().is_none_or(|c| c.seconds < st.seconds) {
            out.push(Checkpoint {
                seconds: st.seconds,
                km_survival: st.survival,
                band: st.band(zq),
            });
        }
    };
    for level in CHECK_LEVELS {
        if let Some(st) = supported.iter().find(|s| s.survival <= level) {
            push(st);
        }
    }
    if let Some(st) = supported.last() {
        push(st);
    }
    out
}

/// Marks each fit's `rejected` reason and returns the choice (family and distribution).
pub fn choose(
    fits: &mut [PatienceFit],
    km: &KaplanMeier,
    cps: &[Checkpoint],
    data: &[(f64, f64, f64)],
) -> Option<(Family, DistSpec)> {
    if fits.is_empty() {
        return None;
    }
    for f in fits.iter_mut() {
        f.rejected = reason(f, km, cps);
    }
    fits.iter()
        .filter(|f| f.rejected.is_none())
        .min_by(|a, b| a.aic.total_cmp(&b.aic))
        .map(|f| (f.family, f.dist.clone()))
        .or_else(|| Some((Family::Empirical, km_empirical(km, data))))
}

fn reason(f: &PatienceFit, km: &KaplanMeier, cps: &[Checkpoint]) -> Option<String> {
    let limit = MAX_MEAN_OVER_LONGEST_WAIT * km.max_wait_s.max(1.0);
    if !(f.mean_s.is_finite() && f.mean_s <= limit) {
        return Some(format!(
            "mean {:.0} s beyond {MAX_MEAN_OVER_LONGEST_WAIT}× the longest wait",
            f.mean_s
        ));
    }
    if f.at_bound {
        return Some("a parameter on the bound of its search (no interior maximum)".into());
    }
    for c in cps {
        let s = super::patience::survival(&f.dist, c.seconds);
        if !(c.band[0]..=c.band[1]).contains(&s) {
            return Some(format!(
                "survival {s:.3} at {:.0} s outside the Kaplan–Meier {:.0} % band [{:.3}, {:.3}]",
                c.seconds,
                AGREEMENT_LEVEL * 100.0,
                c.band[0],
                c.band[1]
            ));
        }
    }
    None
}

/// The Kaplan–Meier curve as a distribution: [`KM_SAMPLES`] quantiles at probabilities
/// (i + ½)/k. Where the curve has fallen to p, the first step time at which 1 − S ≥ p; beyond the
/// curve's last value S_end (callers who would wait longer than anyone waited) a constant-hazard
/// tail from the longest wait T, t = T + m · ln(S_end / (1 − p)), with m the total wait beyond T/2
/// divided by the abandonments beyond T/2 plus ½ (the hazard of the second half of the observed
/// range; the ½ keeps m finite, and long, when nobody abandoned there).
pub fn km_empirical(km: &KaplanMeier, data: &[(f64, f64, f64)]) -> DistSpec {
    let t_max = km.max_wait_s;
    let s_end = km.steps.last().map_or(1.0, |s| s.survival);
    let half = t_max / 2.0;
    let ev: f64 = data.iter().filter(|x| x.0 > half).map(|x| x.1).sum();
    let exposure: f64 = data
        .iter()
        .map(|x| (x.0 - half).max(0.0) * (x.1 + x.2))
        .sum();
    let m = (exposure / (ev + 0.5)).max(1.0);
    let samples = (0..KM_SAMPLES)
        .map(|i| {
            let p = (i as f64 + 0.5) / KM_SAMPLES as f64;
            match km.steps.iter().find(|s| 1.0 - s.survival >= p - 1e-12) {
                Some(st) => st.seconds,
                None => t_max + m * (s_end / (1.0 - p)).ln(),
            }
        })
        .collect();
    DistSpec::Empirical { samples }
}

#[cfg(test)]
#[path = "patience_choice_tests.rs"]
mod tests;
