//! Small statistical helpers shared by the estimators: quantiles, confidence intervals,
//! correlation and RMSE. Special functions come from `statrs`.

use statrs::distribution::{ContinuousCDF, Gamma, Normal};

/// Standard normal quantile.
pub fn z(p: f64) -> f64 {
    Normal::new(0.0, 1.0).map_or(1.959_963_984_540_054, |n| n.inverse_cdf(p))
}

/// z for a two-sided 95 % interval.
pub fn z95() -> f64 {
    z(0.975)
}

/// Standard normal CDF.
pub fn phi(x: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2)
}

/// ln(1 − Φ(x)), accurate in the upper tail.
pub fn ln_upper_phi(x: f64) -> f64 {
    let s = 0.5 * statrs::function::erf::erfc(x / std::f64::consts::SQRT_2);
    if s > 0.0 {
        s.ln()
    } else {
        // Mills ratio asymptote: 1 − Φ(x) ≈ φ(x)/x
        -0.5 * x * x - x.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
    }
}

/// Mean and the 95 % normal-approximation interval of the mean of `v` (None when empty).
pub fn mean_ci(v: &[f64]) -> Option<(f64, [f64; 2], f64)> {
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = if v.len() > 1 {
        v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    let h = z95() * (var / n).sqrt();
    Some((mean, [mean - h, mean + h], var.sqrt()))
}

/// Wilson 95 % interval of a share `hits / n`.
pub fn wilson(hits: usize, n: usize) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    let (k, n) = (hits as f64, n as f64);
    let z = z95();
    let p = k / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    [(c - h).max(0.0), (c + h).min(1.0)]
}

/// Exact (Garwood) 95 % interval of a Poisson mean from an observed `count`.
pub fn poisson_ci(count: f64) -> [f64; 2] {
    let lo = if count > 0.0 {
        Gamma::new(count, 1.0).map_or(0.0, |g| g.inverse_cdf(0.025))
    } else {
        0.0
    };
    let hi = Gamma::new(count + 1.0, 1.0).map_or(count, |g| g.inverse_cdf(0.975));
    [lo, hi]
}

/// Pearson correlation of paired values (None with fewer than 3 pairs or no spread).
pub fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len().min(b.len());
    if n < 3 {
        return None;
    }
    let ma = a.iter().take(n).sum::<f64>() / n as f64;
    let mb = b.iter().take(n).sum::<f64>() / n as f64;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (x, y) = (a[i] - ma, b[i] - mb);
        sab += x * y;
        saa += x * x;
        sbb += y * y;
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// Root mean squared difference of paired values (None when empty).
pub fn rmse(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len().min(b.len());
    (n > 0).then(|| (a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / n as f64).sqrt())
}

/// Maximises a unimodal `f` on [lo, hi] by golden-section search; returns (argmax, max).
pub fn golden_max(mut lo: f64, mut hi: f64, iters: usize, f: impl Fn(f64) -> f64) -> (f64, f64) {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let mut x1 = hi - g * (hi - lo);
    let mut x2 = lo + g * (hi - lo);
    let (mut f1, mut f2) = (f(x1), f(x2));
    for _ in 0..iters {
        if f1 < f2 {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + g * (hi - lo);
            f2 = f(x2);
        } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - g * (hi - lo);
            f1 = f(x1);
        }
    }
    if f1 > f2 {
        (x1, f1)
    } else {
        (x2, f2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_agreement_measures_match_hand_values() {
        assert!((z95() - 1.959964).abs() < 1e-5);
        // Garwood interval for 10 events: [4.795, 18.39] (published tables)
        let [lo, hi] = poisson_ci(10.0);
        assert!(
            (lo - 4.795).abs() < 1e-3 && (hi - 18.390).abs() < 1e-3,
            "{lo} {hi}"
        );
        let [lo, hi] = wilson(5, 10);
        assert!((lo - 0.2366).abs() < 1e-3 && (hi - 0.7634).abs() < 1e-3);
        assert_eq!(correlation(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Some(1.0));
        assert_eq!(rmse(&[1.0, 1.0], &[2.0, 0.0]), Some(1.0));
        let (x, _) = golden_max(0.0, 10.0, 80, |x| -(x - 3.0) * (x - 3.0));
        assert!((x - 3.0).abs() < 1e-6);
        assert!((ln_upper_phi(0.0) - 0.5f64.ln()).abs() < 1e-12);
        assert!(ln_upper_phi(50.0).is_finite());
    }
}
