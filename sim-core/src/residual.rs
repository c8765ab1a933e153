//! Conditional draws for a simulation that starts from the current state of a center
//! (`docs/intraday.md`):
//!
//! - [`Sampler::sample_beyond`]: a duration `X` drawn conditioned on `X > elapsed` — the total
//!   handle time of a contact already `elapsed` seconds in service, or the patience of a caller
//!   who has already waited `elapsed` seconds. The remaining time is the draw minus `elapsed`
//!   (its *residual life*). A fresh draw instead would be wrong for every distribution but the
//!   exponential: a log-normal call that has lasted 20 minutes has much longer left than a new one.
//! - [`Sampler::sample_length_biased`]: the total duration of a contact found in progress at a
//!   random moment (density `x f(x) / E[X]`: long contacts are more likely to be caught), used
//!   when the state says an agent is busy but not for how long; the elapsed part is then a
//!   uniform share of it.
//!
//! Every method is exact (no approximation of the conditional law). Beyond the support (a
//! constant of 300 s that has lasted 400 s) the draw is `elapsed` itself: the contact ends now.

use crate::dist::{Sampler, MAX_DRAW_S};
use crate::sample;
use rand::{Rng, RngCore};

impl Sampler {
    /// A draw of `X` conditioned on `X > elapsed` (`elapsed` ≥ 0; 0 gives a plain draw).
    pub fn sample_beyond<R: RngCore + ?Sized>(&self, rng: &mut R, elapsed: f64) -> f64 {
        if elapsed.is_nan() || elapsed <= 0.0 {
            return self.sample(rng);
        }
        let e = elapsed;
        let x = match self {
            // memoryless
            Sampler::Exponential(mean) => e + mean * sample::exp1(rng),
            Sampler::Constant(v) => v.max(e),
            Sampler::Uniform(lo, w) => {
                let hi = lo + w;
                if e >= hi {
                    e
                } else {
                    let from = lo.max(e);
                    from + (hi - from) * sample::unit(rng)
                }
            }
            Sampler::LogNormal(mu, sigma) => {
                // X > e  ⇔  Z > (ln e − μ) / σ for the underlying standard normal Z
                let z = normal_beyond(rng, (libm::log(e) - mu) / sigma);
                libm::exp(mu + sigma * z).max(e)
            }
            Sampler::Gamma(shape, scale) => gamma_beyond(rng, *shape, *scale, e),
            // survival exp(−(x/λ)^k): (X/λ)^k given X > e is (e/λ)^k + Exp(1)
            Sampler::Weibull(inv_shape, scale) => {
                let k = 1.0 / inv_shape;
                let base = libm::pow(e / scale, k);
                (scale * libm::pow(base + sample::exp1(rng), *inv_shape)).max(e)
            }
            Sampler::Empirical(v) => {
                // each listed value is equally likely: choose among those above `elapsed`
                let n = v.iter().filter(|&&x| x > e).count();
                if n == 0 {
                    e
                } else {
                    let k = rng.random_range(0..n);
                    *v.iter().filter(|&&x| x > e).nth(k).expect("k < n")
                }
            }
        };
        x.min(MAX_DRAW_S.max(e))
    }

    /// A draw from the length-biased law `x f(x) / E[X]` (the total duration of a contact found
    /// in progress at a random time).
    pub fn sample_length_biased<R: RngCore + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = match self {
            Sampler::Exponential(mean) => mean * sample::gamma(rng, 2.0),
            Sampler::Constant(v) => *v,
            Sampler::Uniform(lo, w) => {
                // density ∝ x on [lo, hi]: invert the CDF (x² − lo²) / (hi² − lo²)
                let hi = lo + w;
                libm::sqrt(lo * lo + sample::unit(rng) * (hi * hi - lo * lo))
            }
            Sampler::LogNormal(mu, sigma) => {
                libm::exp(mu + sigma * sigma + sigma * sample::std_normal(rng))
            }
            Sampler::Gamma(shape, scale) => scale * sample::gamma(rng, shape + 1.0),
            // (X/λ)^k is Gamma(1 + 1/k) under length bias
            Sampler::Weibull(inv_shape, scale) => {
                scale * libm::pow(sample::gamma(rng, 1.0 + inv_shape), *inv_shape)
            }
            Sampler::Empirical(v) => {
                let total: f64 = v.iter().sum();
                if total <= 0.0 {
                    0.0
                } else {
                    let mut u = sample::unit(rng) * total;
                    let mut pick = v[v.len() - 1];
                    for &x in v.iter() {
                        if u < x {
                            pick = x;
                            break;
                        }
                        u -= x;
                    }
                    pick
                }
            }
        };
        x.min(MAX_DRAW_S)
    }
}

/// A standard normal draw conditioned on `Z > a`: plain rejection when that is likely, else
/// Robert's (1995) exponential proposal for the tail, exact for any `a`.
fn normal_beyond<R: RngCore + ?Sized>(rng: &mut R, a: f64) -> f64 {
    if a < 0.5 {
        // P(Z > a) ≥ 0.31: on average fewer than 3.3 draws
        loop {
            let z = sample::std_normal(rng);
            if z > a {
                return z;
            }
        }
    }
    let alpha = 0.5 * (a + libm::sqrt(a * a + 4.0));
    loop {
        let z = a + sample::exp1(rng) / alpha;
        let d = z - alpha;
        if sample::unit(rng) <= libm::exp(-0.5 * d * d) {
            return z;
        }
    }
}

/// A Gamma(shape, scale) draw conditioned on `X > e`, exact:
/// - below the mode (`e ≤ (k−1)θ`, so P(X > e) ≥ about 0.3): plain rejection;
/// - else the proposal `e + Exp` with rate `1/θ − (k−1)/e` (for k ≤ 1 the rate `1/θ`), whose
///   ratio to the target is largest at `e`, accepted with probability
///   `(x/e)^(k−1) · exp(−(k−1)(x−e)/e)` (for k ≤ 1: `(x/e)^(k−1)`).
fn gamma_beyond<R: RngCore + ?Sized>(rng: &mut R, shape: f64, scale: f64, e: f64) -> f64 {
    let k = shape;
    if k > 1.0 && e <= (k - 1.0) * scale {
        loop {
            let x = scale * sample::gamma(rng, k);
            if x > e {
                return x;
            }
        }
    }
    let slope = if k > 1.0 { (k - 1.0) / e } else { 0.0 };
    let rate = 1.0 / scale - slope;
    loop {
        let x = e + sample::exp1(rng) / rate;
        let log_accept = (k - 1.0) * libm::log(x / e) - slope * (x - e);
        if libm::log(sample::unit_open(rng)) <= log_accept {
            return x;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dist::{DistSpec, Sampler};
    use crate::error::Errors;
    use crate::family::{Family, Moments};
    use crate::rng::stream;

    fn compile(spec: DistSpec) -> Sampler {
        spec.compile("d", &mut Errors::default()).expect("valid")
    }

    /// The conditional law against brute force: plain draws kept only when above `elapsed`
    /// (the definition of the conditional law), for each distribution and an elapsed time in
    /// the body and in the tail. Mean and sd of 100 000 draws each way; one family of
    /// 2 × 16 checks, family-wise false-failure rate 1e-4 (Bonferroni, docs/testing.md).
    #[test]
    fn conditional_draws_match_rejection_from_plain_draws() {
        let cases = [
            (DistSpec::exp(180.0), 30.0),
            (DistSpec::exp(180.0), 600.0),
            (
                DistSpec::Uniform {
                    min: 60.0,
                    max: 120.0,
                },
                30.0,
            ),
            (
                DistSpec::Uniform {
                    min: 60.0,
                    max: 120.0,
                },
                100.0,
            ),
            (
                DistSpec::Lognormal {
                    mean: 200.0,
                    sd: 300.0,
                },
                60.0,
            ),
            (
                DistSpec::Lognormal {
                    mean: 200.0,
                    sd: 300.0,
                },
                900.0,
            ),
            (
                DistSpec::Gamma {
                    mean: 300.0,
                    cv: 0.5,
                },
                100.0,
            ),
            (
                DistSpec::Gamma {
                    mean: 300.0,
                    cv: 0.5,
                },
                600.0,
            ),
            (
                DistSpec::Gamma {
                    mean: 300.0,
                    cv: 1.5,
                },
                20.0,
            ),
            (
                DistSpec::Gamma {
                    mean: 300.0,
                    cv: 1.5,
                },
                900.0,
            ),
            (
                DistSpec::Weibull {
                    shape: 0.7,
                    scale: 150.0,
                },
                200.0,
            ),
            (
                DistSpec::Weibull {
                    shape: 2.0,
                    scale: 150.0,
                },
                120.0,
            ),
            (
                DistSpec::Empirical {
                    samples: vec![10.0, 20.0, 30.0, 90.0],
                },
                15.0,
            ),
            (
                DistSpec::Empirical {
                    samples: vec![10.0, 20.0, 30.0, 90.0],
                },
                25.0,
            ),
            (DistSpec::Constant { value: 50.0 }, 20.0),
            (
                DistSpec::Lognormal {
                    mean: 100.0,
                    sd: 50.0,
                },
                250.0,
            ),
        ];
        let f = Family::new("conditional draws", 2 * cases.len(), 1e-4);
        for (i, (spec, e)) in cases.iter().enumerate() {
            let s = compile(spec.clone());
            let mut rng = stream(11, i as u32, 1);
            let direct = Moments::of((0..100_000).map(|_| {
                let x = s.sample_beyond(&mut rng, *e);
                assert!(x.is_finite() && x >= *e, "{spec:?}: {x} < {e}");
                x
            }));
            let mut rng = stream(12, i as u32, 1);
            let mut kept = Vec::with_capacity(100_000);
            while kept.len() < 100_000 {
                let x = s.sample(&mut rng);
                if x > *e {
                    kept.push(x);
                }
            }
            let brute = Moments::of(kept);
            let se_mean = (direct.se_mean.powi(2) + brute.se_mean.powi(2)).sqrt();
            let se_sd = (direct.se_sd.powi(2) + brute.se_sd.powi(2)).sqrt();
            f.within(
                &format!("{spec:?} > {e}: mean"),
                direct.mean,
                brute.mean,
                se_mean,
            );
            f.within(&format!("{spec:?} > {e}: sd"), direct.sd, brute.sd, se_sd);
        }
    }

    /// Length-biased draws against their closed-form mean E[X²] / E[X]; a uniform share of
    /// such a draw is the equilibrium age, whose mean is E[X²] / (2 E[X]). One family of 2 × 6
    /// checks, family-wise false-failure rate 1e-4 (Bonferroni).
    #[test]
    fn length_biased_draws_have_mean_second_moment_over_mean() {
        let ln_cv2 = |m: f64, sd: f64| 1.0 + (sd / m).powi(2);
        let cases = [
            (DistSpec::exp(180.0), 2.0 * 180.0),
            (
                DistSpec::Uniform {
                    min: 60.0,
                    max: 120.0,
                },
                (120f64.powi(3) - 60f64.powi(3)) / 3.0 / 60.0 / 90.0,
            ),
            (
                DistSpec::Lognormal {
                    mean: 200.0,
                    sd: 300.0,
                },
                200.0 * ln_cv2(200.0, 300.0),
            ),
            (
                DistSpec::Gamma {
                    mean: 300.0,
                    cv: 0.5,
                },
                300.0 * 1.25,
            ),
            (
                DistSpec::Weibull {
                    shape: 2.0,
                    scale: 100.0,
                },
                100.0 * libm::tgamma(2.0) / libm::tgamma(1.5),
            ),
            (
                DistSpec::Empirical {
                    samples: vec![10.0, 20.0, 30.0],
                },
                (100.0 + 400.0 + 900.0) / 60.0,
            ),
        ];
        let f = Family::new("length-biased draws", 2 * cases.len(), 1e-4);
        for (i, (spec, want)) in cases.iter().enumerate() {
            let s = compile(spec.clone());
            let mut rng = stream(21, i as u32, 1);
            let m = Moments::of((0..200_000).map(|_| s.sample_length_biased(&mut rng)));
            f.within(&format!("{spec:?}: mean"), m.mean, *want, m.se_mean);
            let mut rng = stream(22, i as u32, 1);
            use crate::sample::unit;
            let age = Moments::of(
                (0..200_000).map(|_| unit(&mut rng) * s.sample_length_biased(&mut rng)),
            );
            f.within(&format!("{spec:?}: age"), age.mean, want / 2.0, age.se_mean);
        }
    }

    #[test]
    fn beyond_the_support_the_contact_ends_now() {
        let c = compile(DistSpec::Constant { value: 300.0 });
        let mut rng = stream(1, 0, 1);
        assert_eq!(c.sample_beyond(&mut rng, 400.0), 400.0);
        assert_eq!(c.sample_beyond(&mut rng, 100.0), 300.0);
        let u = compile(DistSpec::Uniform {
            min: 10.0,
            max: 20.0,
        });
        assert_eq!(u.sample_beyond(&mut rng, 25.0), 25.0);
        let e = compile(DistSpec::Empirical {
            samples: vec![5.0, 7.0],
        });
        assert_eq!(e.sample_beyond(&mut rng, 9.0), 9.0);
        assert_eq!(e.sample_beyond(&mut rng, 6.0), 7.0);
    }
}
