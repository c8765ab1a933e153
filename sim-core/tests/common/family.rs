//! Statistical check families: `k` checks of random results against exact values, with a stated
//! family-wise false-failure rate α (the chance that at least one check fails although the code is
//! right) and the Bonferroni per-check level α/k, which bounds the family-wise rate whatever the
//! dependence between the checks. The quantiles are computed from the level (sim-core's
//! `stats::normal_quantile` / `stats::t_quantile`), never typed by hand.
//!
//! One implementation for every Rust test: the integration tests reach it through
//! `tests/common/mod.rs`, sim-core's unit tests through `lib.rs` (`#[cfg(test)] mod family`,
//! `#[path]` to this file). Either parent module provides `stats`. docs/testing.md lists the families.
//!
//! A family counts its checks and fails when it makes a different number from the one it states,
//! so the stated rate stays true when checks are added or removed.
#![allow(dead_code)]

use super::stats::{normal_quantile, t_quantile};
use std::cell::Cell;

pub struct Family {
    name: &'static str,
    checks: usize,
    alpha: f64,
    made: Cell<usize>,
}

impl Family {
    /// A family of `checks` checks with family-wise false-failure rate `alpha`.
    pub fn new(name: &'static str, checks: usize, alpha: f64) -> Family {
        assert!(checks > 0 && alpha > 0.0 && alpha < 1.0, "family {name}");
        Family {
            name,
            checks,
            alpha,
            made: Cell::new(0),
        }
    }

    /// A part of a family of `total` checks with family-wise rate `alpha` that is split over several
    /// tests: this part makes `checks` of them, each at the family's per-check level α/total.
    pub fn part(name: &'static str, checks: usize, total: usize, alpha: f64) -> Family {
        assert!(
            checks <= total,
            "family {name}: part larger than the family"
        );
        Family::new(name, checks, alpha * checks as f64 / total as f64)
    }

    /// The per-check false-failure rate α/k (Bonferroni).
    pub fn per_check_alpha(&self) -> f64 {
        self.alpha / self.checks as f64
    }

    /// z with P(|Z| > z) = α/k for a standard normal Z.
    pub fn z(&self) -> f64 {
        normal_quantile(1.0 - self.per_check_alpha() / 2.0)
    }

    /// t with P(|T| > t) = α/k for Student's T with `df` degrees of freedom.
    pub fn t(&self, df: f64) -> f64 {
        t_quantile(1.0 - self.per_check_alpha() / 2.0, df)
    }

    /// The per-check confidence level as text, e.g. "99.95 %".
    pub fn level(&self) -> String {
        let pct = format!("{:.8}", 100.0 * (1.0 - self.per_check_alpha()));
        format!("{} %", pct.trim_end_matches('0').trim_end_matches('.'))
    }

    fn count(&self) {
        let n = self.made.get() + 1;
        self.made.set(n);
        assert!(
            n <= self.checks,
            "family \"{}\" states {} checks but makes more",
            self.name,
            self.checks
        );
    }

    /// The mean of `values` (one per independent replication) has a two-sided Student-t interval
    /// at the per-check level that contains `exact`. Returns the interval's half-width.
    pub fn mean_covers(&self, what: &str, values: &[f64], exact: f64) -> f64 {
        self.count();
        let n = values.len();
        assert!(n >= 2, "{what}: {n} values");
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{what}: non-finite values"
        );
        let mean = values.iter().sum::<f64>() / n as f64;
        let ss: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
        let sd = (ss / (n as f64 - 1.0)).sqrt();
        let h = self.t(n as f64 - 1.0) * sd / (n as f64).sqrt();
        assert!(
            (mean - h..=mean + h).contains(&exact),
            "{}: {what}: exact {exact:.6} outside the simulated {} interval [{:.6}, {:.6}] (mean {mean:.6}, n {n})",
            self.name,
            self.level(),
            mean - h,
            mean + h
        );
        h
    }

    /// |value − expected| ≤ z · se: a normal approximation with the standard error `se` known (or
    /// estimated from many draws). A relative slack of 1e-12 absorbs rounding when `se` is 0.
    pub fn within(&self, what: &str, value: f64, expected: f64, se: f64) {
        self.count();
        let tol = self.z() * se + 1e-12 * expected.abs();
        assert!(
            (value - expected).abs() <= tol,
            "{}: {what}: {value} differs from {expected} by more than {tol} ({:.2} standard errors at the {} level)",
            self.name,
            self.z(),
            self.level()
        );
    }

    /// `hits` of `n` independent Bernoulli(`p`) trials (normal approximation of the binomial).
    pub fn share(&self, what: &str, hits: f64, n: f64, p: f64) {
        assert!(n > 0.0, "{what}: no trials");
        self.within(what, hits / n, p, (p * (1.0 - p) / n).sqrt());
    }

    /// A Poisson count with mean `expected` (normal approximation).
    pub fn poisson(&self, what: &str, count: f64, expected: f64) {
        self.within(what, count, expected, expected.sqrt());
    }

    /// A Kolmogorov–Smirnov distance `d` of `n` draws below the asymptotic critical value at the
    /// per-check level, sqrt(−ln(α/2k) / 2) / sqrt(n).
    pub fn ks(&self, what: &str, d: f64, n: usize) {
        self.count();
        let crit = (-(self.per_check_alpha() / 2.0).ln() / 2.0).sqrt() / (n as f64).sqrt();
        assert!(
            d < crit,
            "{}: {what}: KS distance {d} above the {} critical value {crit}",
            self.name,
            self.level()
        );
    }
}

impl Drop for Family {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert_eq!(
                self.made.get(),
                self.checks,
                "family \"{}\" states {} checks but made {}",
                self.name,
                self.checks,
                self.made.get()
            );
        }
    }
}

/// Mean, standard deviation and their standard errors from the first four sample moments
/// (asymptotic: se(mean) = s/√n, se(s) = √((m4 − s⁴)/n) / 2s).
pub struct Moments {
    pub n: f64,
    pub mean: f64,
    pub sd: f64,
    pub se_mean: f64,
    pub se_sd: f64,
}

impl Moments {
    pub fn of(draws: impl IntoIterator<Item = f64>) -> Moments {
        let xs: Vec<f64> = draws.into_iter().collect();
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let m2 = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
        let sd = m2.sqrt();
        let se_sd = if sd > 0.0 {
            ((m4 - m2 * m2).max(0.0) / n).sqrt() / (2.0 * sd)
        } else {
            0.0
        };
        Moments {
            n,
            mean,
            sd,
            se_mean: sd / n.sqrt(),
            se_sd,
        }
    }
}
