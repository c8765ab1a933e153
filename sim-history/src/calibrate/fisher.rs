//! Confidence intervals of quantities derived from a maximum-likelihood fit (a fitted mean, sd,
//! median, shape, …) by the **observed Fisher information and the delta method**.
//!
//! The log-likelihood ℓ(θ) is given on an unconstrained scale (logs of the positive parameters,
//! μ of a log-normal), where the quadratic approximation is good. Its Hessian at the maximum θ̂ is
//! taken by central finite differences (step 10⁻⁴ on that scale), the covariance of θ̂ is the
//! inverse of the observed information I = −∇²ℓ(θ̂), and a derived positive quantity g(θ) gets
//! var ĝ ≈ ∇gᵀ I⁻¹ ∇g (gradient by central differences too). The 95 % interval is Wald's on the
//! log scale, ĝ · exp(±1.96 · se/ĝ), so it stays positive and is asymmetric like the sampling
//! distribution of a mean of skewed data. Closed forms are used where they exist (the exponential
//! mean: ± 1.96/√events on the log scale).

use super::stats::z95;
use serde::Serialize;

/// A derived quantity of a fit with its 95 % interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamCi {
    /// `mean`, `sd`, `median`, `cv`, `shape` or `scale`.
    pub name: &'static str,
    pub value: f64,
    /// None when the information matrix is not positive definite (the maximum is on a bound or
    /// flat: the data do not pin the parameter down).
    pub ci95: Option<[f64; 2]>,
}

const STEP: f64 = 1e-4;

/// A named quantity g(θ) of a fit.
pub type Derived<'a> = (&'static str, &'a dyn Fn(&[f64]) -> f64);

/// Covariance I⁻¹ of θ̂ (dimension 1 or 2), None when I is not positive definite.
#[allow(clippy::needless_range_loop)]
pub fn covariance(ll: &dyn Fn(&[f64]) -> f64, theta: &[f64]) -> Option<Vec<Vec<f64>>> {
    let n = theta.len();
    let at = |d: &[(usize, f64)]| {
        let mut t = theta.to_vec();
        for &(i, h) in d {
            t[i] += h;
        }
        ll(&t)
    };
    let f0 = ll(theta);
    let mut info = vec![vec![0.0; n]; n];
    for i in 0..n {
        let h = STEP;
        info[i][i] = -(at(&[(i, h)]) - 2.0 * f0 + at(&[(i, -h)])) / (h * h);
        for j in 0..i {
            let v = -(at(&[(i, h), (j, h)]) - at(&[(i, h), (j, -h)]) - at(&[(i, -h), (j, h)])
                + at(&[(i, -h), (j, -h)]))
                / (4.0 * h * h);
            info[i][j] = v;
            info[j][i] = v;
        }
    }
    match n {
        1 if info[0][0] > 0.0 => Some(vec![vec![1.0 / info[0][0]]]),
        2 => {
            let det = info[0][0] * info[1][1] - info[0][1] * info[1][0];
            (info[0][0] > 0.0 && det > 0.0).then(|| {
                vec![
                    vec![info[1][1] / det, -info[0][1] / det],
                    vec![-info[1][0] / det, info[0][0] / det],
                ]
            })
        }
        _ => None,
    }
}

/// Standard error of g(θ̂) from the covariance of θ̂ (delta method, numerical gradient).
pub fn delta_se(cov: &[Vec<f64>], theta: &[f64], g: &dyn Fn(&[f64]) -> f64) -> f64 {
    let n = theta.len();
    let grad: Vec<f64> = (0..n)
        .map(|i| {
            let (mut a, mut b) = (theta.to_vec(), theta.to_vec());
            a[i] += STEP;
            b[i] -= STEP;
            (g(&a) - g(&b)) / (2.0 * STEP)
        })
        .collect();
    let mut v = 0.0;
    for i in 0..n {
        for j in 0..n {
            v += grad[i] * cov[i][j] * grad[j];
        }
    }
    v.max(0.0).sqrt()
}

/// The 95 % log-scale Wald interval of a positive `value` with standard error `se`.
pub fn log_ci(value: f64, se: f64) -> Option<[f64; 2]> {
    (value > 0.0 && se.is_finite()).then(|| {
        let h = z95() * se / value;
        [value * (-h).exp(), value * h.exp()]
    })
}

/// The intervals of the named quantities `gs` of a fit with log-likelihood `ll` maximised at `theta`.
pub fn intervals(ll: &dyn Fn(&[f64]) -> f64, theta: &[f64], gs: &[Derived]) -> Vec<ParamCi> {
    let cov = covariance(ll, theta);
    gs.iter()
        .map(|&(name, g)| {
            let value = g(theta);
            ParamCi {
                name,
                value,
                ci95: cov
                    .as_ref()
                    .and_then(|c| log_ci(value, delta_se(c, theta, g))),
            }
        })
        .collect()
}

/// The interval named `name` among `cis`.
pub fn ci_of(cis: &[ParamCi], name: &str) -> Option<[f64; 2]> {
    cis.iter().find(|c| c.name == name).and_then(|c| c.ci95)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normal sample summarised by n, x̄, s² (known σ² = 4): ℓ(μ) = −n(x̄ − μ)²/(2σ²), so
    /// var μ̂ = σ²/n exactly; and g = e^μ has se = e^μ σ/√n by the delta method.
    #[test]
    fn matches_closed_forms() {
        let (n, xbar, s2) = (100.0, 1.5, 4.0);
        let ll = |t: &[f64]| -n * (xbar - t[0]).powi(2) / (2.0 * s2);
        let cov = covariance(&ll, &[xbar]).unwrap();
        assert!((cov[0][0] - s2 / n).abs() < 1e-6, "{cov:?}");
        let se = delta_se(&cov, &[xbar], &|t: &[f64]| t[0].exp());
        assert!((se - xbar.exp() * 0.2).abs() < 1e-6, "{se}");
        // two independent parameters with information 50 and 8
        let ll2 = |t: &[f64]| -25.0 * t[0] * t[0] - 4.0 * (t[1] - 1.0).powi(2);
        let c2 = covariance(&ll2, &[0.0, 1.0]).unwrap();
        assert!((c2[0][0] - 0.02).abs() < 1e-6 && (c2[1][1] - 0.125).abs() < 1e-6);
        assert!(c2[0][1].abs() < 1e-6);
        // a flat direction: no interval
        assert!(covariance(&|t: &[f64]| -t[0] * t[0], &[0.0, 3.0]).is_none());
        let [lo, hi] = log_ci(10.0, 1.0).unwrap();
        assert!((lo * hi - 100.0).abs() < 1e-9 && lo < 10.0);
    }
}
