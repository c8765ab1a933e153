//! Prediction intervals and the scenario's `volume_cv`, from the backtest errors.
//!
//! The count in an interval is modelled as Poisson with a mean that is itself uncertain:
//! a = Poisson(f·X), X ~ Gamma(mean 1, variance σ²), i.e. a negative binomial with mean f and
//! variance f + σ²f². σ² is estimated by the method of moments from the chosen method's backtest
//! errors on the interval level, σ² = max(0, (Σ(a − f)² − Σf) / Σf²): the squared errors beyond
//! Poisson noise, relative to the forecast. It therefore holds the day-level error (a whole day
//! above or below forecast) and the intraday profile's error. The 80 % interval is the 10 % and
//! 90 % quantiles of that distribution.
//!
//! `volume_cv` (the scenario's day-level Gamma multiplier) is the daily relative error of the
//! backtest without its Poisson part: cv² = max(0, mean((A − F)/F)² − mean(1/F)).

use super::backtest::ErrorSums;

/// σ² of the Gamma mixing (0 without backtest data).
pub fn dispersion(e: &ErrorSums) -> f64 {
    if e.sum_f2 > 0.0 {
        ((e.sq_err - e.sum_f) / e.sum_f2).max(0.0)
    } else {
        0.0
    }
}

/// The day-level coefficient of variation for `arrivals.volume_cv`.
pub fn volume_cv(e: &ErrorSums) -> f64 {
    if e.days == 0 {
        return 0.0;
    }
    ((e.day_rel_sq - e.day_inv_f) / e.days as f64)
        .max(0.0)
        .sqrt()
}

/// The `q` quantile (smallest k with P(a ≤ k) ≥ q) of the negative binomial with mean `mean` and
/// variance mean + dispersion·mean² (Poisson when dispersion is 0).
pub fn quantile(mean: f64, dispersion: f64, q: f64) -> f64 {
    if mean <= 0.0 || !mean.is_finite() {
        return 0.0;
    }
    let poisson = dispersion < 1e-9;
    let var = mean + dispersion * mean * mean;
    let k0 = (mean - 12.0 * var.sqrt()).floor().max(0.0);
    let r = if poisson { 0.0 } else { 1.0 / dispersion };
    let p_fail = if poisson { 0.0 } else { mean / (r + mean) };
    let log_pmf = |k: f64| {
        if poisson {
            -mean + k * mean.ln() - libm::lgamma(k + 1.0)
        } else {
            libm::lgamma(k + r) - libm::lgamma(r) - libm::lgamma(k + 1.0)
                + r * (1.0 - p_fail).ln()
                + k * p_fail.ln()
        }
    };
    let mut k = k0;
    let mut pmf = log_pmf(k).exp();
    let mut cdf = pmf;
    let limit = mean + 40.0 * var.sqrt() + 50.0;
    while cdf < q && k < limit {
        let ratio = if poisson {
            mean / (k + 1.0)
        } else {
            (k + r) / (k + 1.0) * p_fail
        };
        pmf *= ratio;
        k += 1.0;
        cdf += pmf;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_quantiles_match_tables() {
        // Poisson(10): P(≤5) = 0.0671, P(≤6) = 0.1301; P(≤13) = 0.8645, P(≤14) = 0.9165
        assert_eq!(quantile(10.0, 0.0, 0.1), 6.0);
        assert_eq!(quantile(10.0, 0.0, 0.9), 14.0);
        assert_eq!(quantile(0.0, 0.3, 0.9), 0.0);
    }

    #[test]
    fn negative_binomial_quantiles_widen_with_dispersion() {
        // mean 1000, σ² = 0.01: sd ≈ sqrt(1000 + 10000) ≈ 104.9 → 10 %/90 % ≈ 1000 ∓ 134 (skewed)
        let lo = quantile(1000.0, 0.01, 0.1);
        let hi = quantile(1000.0, 0.01, 0.9);
        assert!((860.0..880.0).contains(&lo), "{lo}");
        assert!((1125.0..1145.0).contains(&hi), "{hi}");
        let e = ErrorSums {
            sq_err: 2000.0 + 0.04 * 20000.0,
            sum_f: 2000.0,
            sum_f2: 20000.0,
            day_rel_sq: 0.05,
            day_inv_f: 0.01,
            days: 4,
        };
        assert!((dispersion(&e) - 0.04).abs() < 1e-12);
        assert!((volume_cv(&e) - 0.1).abs() < 1e-12);
    }
}
