//! Statistics across replications: mean, standard deviation, Student-t confidence intervals and
//! percentiles. Pure `libm` arithmetic so results are bit-identical natively and in wasm.

use serde::{Deserialize, Serialize};

/// Summary statistics of one KPI across replications (`None` where undefined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Describe {
    /// Replications where the KPI is defined.
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// 95 % confidence interval of the mean (Student t).
    pub ci95: Option<[f64; 2]>,
    pub p5: Option<f64>,
    pub p95: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Describes the finite values of `values` (in the given order, for reproducible sums); the
/// interval is always the 95 % one its name says (tests that need another level use their own,
/// named by its level: tests/common/family.rs).
pub fn describe(values: &[f64]) -> Describe {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let n = v.len();
    if n == 0 {
        return Describe {
            n,
            mean: None,
            sd: None,
            ci95: None,
            p5: None,
            p95: None,
            min: None,
            max: None,
        };
    }
    let mean = v.iter().sum::<f64>() / n as f64;
    let (sd, ci) = if n > 1 {
        let ss: f64 = v.iter().map(|x| (x - mean) * (x - mean)).sum();
        let sd = libm::sqrt(ss / (n as f64 - 1.0));
        let h = t_quantile_975(n as f64 - 1.0) * sd / libm::sqrt(n as f64);
        (Some(sd), Some([mean - h, mean + h]))
    } else {
        (None, None)
    };
    let mut sorted = v.clone();
    sorted.sort_by(f64::total_cmp);
    Describe {
        n,
        mean: Some(mean),
        sd,
        ci95: ci,
        p5: Some(percentile(&sorted, 0.05)),
        p95: Some(percentile(&sorted, 0.95)),
        min: sorted.first().copied(),
        max: sorted.last().copied(),
    }
}

/// Percentile of sorted values with linear interpolation between order statistics.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile_975(df: f64) -> f64 {
    t_quantile(0.975, df)
}

/// Quantile `p` (> 0.5) of Student's t with `df` degrees of freedom (Hill 1970, ACM algorithm 396;
/// accurate to about 1e-7 relative for the levels used here).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let pt = 2.0 * (1.0 - p); // two-tailed probability
    let n = df.max(1.0);
    let half_pi = core::f64::consts::FRAC_PI_2;
    if (n - 1.0).abs() < 1e-12 {
        return libm::cos(pt * half_pi) / libm::sin(pt * half_pi);
    }
    if (n - 2.0).abs() < 1e-12 {
        return libm::sqrt(2.0 / (pt * (2.0 - pt)) - 2.0);
    }
    let a = 1.0 / (n - 0.5);
    let b = 48.0 / (a * a);
    let mut c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    let d = ((94.5 / (b + c) - 3.0) / b + 1.0) * libm::sqrt(a * half_pi) * n;
    let mut x = d * pt;
    let mut y = libm::pow(x, 2.0 / n);
    if y > 0.05 + a {
        x = normal_quantile(0.5 * pt);
        y = x * x;
        if n < 5.0 {
            c += 0.3 * (n - 4.5) * (x + 0.6);
        }
        c += (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = a * y * y;
        y = if y > 0.002 {
            libm::exp(y) - 1.0
        } else {
            0.5 * y * y + y
        };
    } else {
        y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0)
            + 0.5 / (n + 4.0))
            * y
            - 1.0)
            * (n + 1.0)
            / (n + 2.0)
            + 1.0 / y;
    }
    libm::sqrt(n * y)
}

/// Quantile of the standard normal distribution (Acklam's rational approximation, refined by
/// one Halley step; |error| < 1e-13).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let x = if p < 0.02425 {
        let q = libm::sqrt(-2.0 * libm::log(p));
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - 0.02425 {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = libm::sqrt(-2.0 * libm::log(1.0 - p));
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // one Halley refinement using erfc
    let e = 0.5 * libm::erfc(-x / core::f64::consts::SQRT_2) - p;
    let u = e * libm::sqrt(2.0 * core::f64::consts::PI) * libm::exp(x * x / 2.0);
    x - u / (1.0 + x * u / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        let table = [
            (1.0, 12.7062),
            (2.0, 4.3027),
            (5.0, 2.5706),
            (10.0, 2.2281),
            (29.0, 2.0452),
            (199.0, 1.9720),
        ];
        for (df, t) in table {
            assert!(
                (t_quantile_975(df) - t).abs() < 2e-4,
                "df {df}: {}",
                t_quantile_975(df)
            );
        }
        assert!((t_quantile(0.995, 9.0) - 3.2498).abs() < 2e-4);
        assert!((normal_quantile(0.975) - 1.959964).abs() < 1e-6);
    }

    #[test]
    fn describe_basic() {
        let d = describe(&[1.0, 2.0, 3.0, 4.0, f64::NAN]);
        assert_eq!(d.n, 4);
        assert_eq!(d.mean, Some(2.5));
        assert!((d.sd.unwrap() - 1.290994).abs() < 1e-6);
        assert!((d.p5.unwrap() - 1.15).abs() < 1e-12);
        let ci = d.ci95.unwrap();
        assert!((ci[1] - 2.5 - 3.182446 * 1.290994 / 2.0).abs() < 1e-3);
    }
}
