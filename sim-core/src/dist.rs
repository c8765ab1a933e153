//! Distributions of durations (handle time, wrap-up, patience, delays), parameterised the way
//! planners think: by mean and spread.
//!
//! [`DistSpec`] is what the file says; [`Sampler`] is the compiled, validated form used by the engine.
//! All sampling uses explicit `libm` math ([`crate::sample`]) and the explicitly named Xoshiro256++
//! generator, which makes draws bit-identical on x86_64 and wasm32 whatever the build's features.

use crate::error::{fmt_num, Errors};
use crate::sample;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// A duration distribution as written in a scenario, e.g. `{ dist = "lognormal", mean = 180, sd = 90 }`.
/// All values are in seconds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum DistSpec {
    /// Exponential with the given mean.
    Exponential { mean: f64 },
    /// Always `value`.
    Constant { value: f64 },
    /// Uniform on [min, max].
    Uniform { min: f64, max: f64 },
    /// Log-normal with the given mean and standard deviation (of the duration itself).
    Lognormal { mean: f64, sd: f64 },
    /// Gamma with the given mean and coefficient of variation (sd / mean).
    Gamma { mean: f64, cv: f64 },
    /// Weibull with shape k and scale λ (mean = λ·Γ(1 + 1/k)).
    Weibull { shape: f64, scale: f64 },
    /// Draws uniformly from the listed observed values.
    Empirical { samples: Vec<f64> },
}

impl DistSpec {
    /// Exponential shorthand.
    pub fn exp(mean: f64) -> Self {
        DistSpec::Exponential { mean }
    }

    /// Mean of the distribution in seconds.
    pub fn mean(&self) -> f64 {
        match self {
            DistSpec::Exponential { mean } => *mean,
            DistSpec::Constant { value } => *value,
            DistSpec::Uniform { min, max } => 0.5 * (min + max),
            DistSpec::Lognormal { mean, .. } | DistSpec::Gamma { mean, .. } => *mean,
            DistSpec::Weibull { shape, scale } => scale * libm::tgamma(1.0 + 1.0 / shape),
            DistSpec::Empirical { samples } => {
                samples.iter().sum::<f64>() / samples.len().max(1) as f64
            }
        }
    }

    /// Multiplies every time value by `factor` (what-if "AHT ±%").
    pub fn scaled(&self, factor: f64) -> DistSpec {
        match self {
            DistSpec::Exponential { mean } => DistSpec::Exponential {
                mean: mean * factor,
            },
            DistSpec::Constant { value } => DistSpec::Constant {
                value: value * factor,
            },
            DistSpec::Uniform { min, max } => DistSpec::Uniform {
                min: min * factor,
                max: max * factor,
            },
            DistSpec::Lognormal { mean, sd } => DistSpec::Lognormal {
                mean: mean * factor,
                sd: sd * factor,
            },
            DistSpec::Gamma { mean, cv } => DistSpec::Gamma {
                mean: mean * factor,
                cv: *cv,
            },
            DistSpec::Weibull { shape, scale } => DistSpec::Weibull {
                shape: *shape,
                scale: scale * factor,
            },
            DistSpec::Empirical { samples } => DistSpec::Empirical {
                samples: samples.iter().map(|s| s * factor).collect(),
            },
        }
    }

    /// Validates parameters and compiles to a [`Sampler`]; errors are pushed with `path`.
    pub(crate) fn compile(&self, path: &str, errs: &mut Errors) -> Option<Sampler> {
        let n = errs.list.len();
        let s = match self {
            DistSpec::Exponential { mean } => {
                errs.positive(&format!("{path}.mean"), *mean);
                (mean.is_finite() && *mean > 0.0).then_some(Sampler::Exponential(*mean))
            }
            DistSpec::Constant { value } => {
                errs.non_negative(&format!("{path}.value"), *value);
                Some(Sampler::Constant(*value))
            }
            DistSpec::Uniform { min, max } => {
                errs.non_negative(&format!("{path}.min"), *min);
                if !(max.is_finite() && max >= min) {
                    errs.push(
                        format!("{path}.max"),
                        format!("must be >= min ({}), got {}", fmt_num(*min), fmt_num(*max)),
                    );
                }
                Some(Sampler::Uniform(*min, *max - *min))
            }
            DistSpec::Lognormal { mean, sd } => {
                let ok = errs.positive(&format!("{path}.mean"), *mean)
                    & errs.positive(&format!("{path}.sd"), *sd);
                if ok {
                    let s2 = libm::log(1.0 + (sd * sd) / (mean * mean));
                    let mu = libm::log(*mean) - 0.5 * s2;
                    let sigma = libm::sqrt(s2);
                    (mu.is_finite() && sigma.is_finite()).then_some(Sampler::LogNormal(mu, sigma))
                } else {
                    None
                }
            }
            DistSpec::Gamma { mean, cv } => {
                let mut ok = errs.positive(&format!("{path}.mean"), *mean)
                    & errs.positive(&format!("{path}.cv"), *cv);
                if ok && *cv > 10.0 {
                    errs.push(
                        format!("{path}.cv"),
                        format!(
                            "must be at most 10 (sd ten times the mean), got {}",
                            fmt_num(*cv)
                        ),
                    );
                    ok = false;
                }
                if ok {
                    let shape = 1.0 / (cv * cv);
                    (shape.is_finite() && shape > 0.0)
                        .then_some(Sampler::Gamma(shape, mean / shape))
                } else {
                    None
                }
            }
            DistSpec::Weibull { shape, scale } => {
                let ok = errs.positive(&format!("{path}.shape"), *shape)
                    & errs.positive(&format!("{path}.scale"), *scale);
                if ok {
                    Some(Sampler::Weibull(1.0 / shape, *scale))
                } else {
                    None
                }
            }
            DistSpec::Empirical { samples } => {
                if samples.is_empty() {
                    errs.push(format!("{path}.samples"), "must list at least one value");
                }
                for (i, v) in samples.iter().enumerate() {
                    errs.non_negative(&format!("{path}.samples[{i}]"), *v);
                }
                Some(Sampler::Empirical(samples.clone().into_boxed_slice()))
            }
        };
        if errs.list.len() == n && s.is_none() {
            errs.push(path, "these parameters do not define a usable distribution");
        }
        if errs.list.len() == n {
            let mean = self.mean();
            if !(mean.is_finite() && mean <= MAX_MEAN_S) {
                errs.push(
                    path,
                    format!(
                        "these parameters give a mean of {} seconds; the mean must be finite and at most {} seconds (one year)",
                        fmt_num(mean),
                        fmt_num(MAX_MEAN_S)
                    ),
                );
            }
        }
        if errs.list.len() > n {
            None
        } else {
            s
        }
    }
}

/// Largest mean duration a distribution may have (one year, in seconds).
pub const MAX_MEAN_S: f64 = 31_536_000.0;

/// Draws are capped here (about 300 years) so a heavy tail can never yield an infinite time.
pub const MAX_DRAW_S: f64 = 1e10;

/// A validated distribution ready to draw from.
#[derive(Debug, Clone)]
pub enum Sampler {
    /// mean
    Exponential(f64),
    Constant(f64),
    /// min, width
    Uniform(f64, f64),
    /// μ, σ of the underlying normal
    LogNormal(f64, f64),
    /// shape, scale
    Gamma(f64, f64),
    /// 1 / shape, scale
    Weibull(f64, f64),
    Empirical(Box<[f64]>),
}

impl Sampler {
    /// Draws one duration in seconds (always finite and ≥ 0).
    #[inline(always)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        // the exponential is by far the most common: inline it, keep the rest out of line
        if let Sampler::Exponential(mean) = self {
            return (mean * sample::exp1(rng)).min(MAX_DRAW_S);
        }
        self.sample_other(rng)
    }

    #[inline(never)]
    fn sample_other<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = match self {
            Sampler::Exponential(mean) => mean * sample::exp1(rng),
            Sampler::Constant(v) => *v,
            Sampler::Uniform(lo, w) => lo + w * sample::unit(rng),
            Sampler::LogNormal(mu, sigma) => libm::exp(mu + sigma * sample::std_normal(rng)),
            Sampler::Gamma(shape, scale) => scale * sample::gamma(rng, *shape),
            Sampler::Weibull(inv_shape, scale) => scale * libm::pow(sample::exp1(rng), *inv_shape),
            Sampler::Empirical(v) => v[rng.random_range(0..v.len())],
        };
        x.min(MAX_DRAW_S)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::{Family, Moments};
    use crate::rng::stream;

    fn moments(spec: &DistSpec) -> Moments {
        let mut errs = Errors::default();
        let s = spec.compile("d", &mut errs).expect("valid");
        let mut rng = stream(7, 0, 1);
        Moments::of((0..200_000).map(|_| {
            let x = s.sample(&mut rng);
            assert!(x.is_finite() && x >= 0.0);
            x
        }))
    }

    /// Mean and sd of 200 000 draws of each of the 7 distributions against their exact values,
    /// within the standard errors estimated from the draws: one statistical family of 14 checks,
    /// family-wise false-failure rate 1e-4, Bonferroni per-check level (docs/testing.md).
    #[test]
    fn means_and_spreads_match_parameters() {
        let cases = [
            (DistSpec::exp(180.0), 180.0, 180.0),
            (DistSpec::Constant { value: 42.0 }, 42.0, 0.0),
            (
                DistSpec::Uniform {
                    min: 60.0,
                    max: 120.0,
                },
                90.0,
                60.0 / 12f64.sqrt(),
            ),
            (
                DistSpec::Lognormal {
                    mean: 200.0,
                    sd: 100.0,
                },
                200.0,
                100.0,
            ),
            (
                DistSpec::Gamma {
                    mean: 300.0,
                    cv: 0.5,
                },
                300.0,
                150.0,
            ),
            (
                DistSpec::Weibull {
                    shape: 2.0,
                    scale: 100.0,
                },
                100.0 * libm::tgamma(1.5),
                100.0 * (libm::tgamma(2.0) - libm::tgamma(1.5).powi(2)).sqrt(),
            ),
            (
                DistSpec::Empirical {
                    samples: vec![10.0, 20.0, 30.0],
                },
                20.0,
                (200.0f64 / 3.0).sqrt(),
            ),
        ];
        let f = Family::new("distribution moments", 2 * cases.len(), 1e-4);
        for (spec, mean, sd) in cases {
            let m = moments(&spec);
            f.within(&format!("{spec:?}: mean"), m.mean, mean, m.se_mean);
            f.within(&format!("{spec:?}: sd"), m.sd, sd, m.se_sd);
            assert!((spec.mean() - mean).abs() < 1e-9 * mean.max(1.0));
        }
    }

    /// `mean()` against closed forms written out by hand (not through `tgamma`): Weibull
    /// λ·Γ(1 + 1/k) is λ for k = 1, λ·√π/2 for k = 2, 2λ for k = 1/2 and 6λ for k = 1/3.
    #[test]
    fn mean_matches_closed_forms() {
        let pi = std::f64::consts::PI;
        let weibull = |shape: f64, scale: f64| DistSpec::Weibull { shape, scale };
        let cases = [
            (DistSpec::exp(240.0), 240.0),
            (DistSpec::Constant { value: 30.0 }, 30.0),
            (
                DistSpec::Uniform {
                    min: 20.0,
                    max: 100.0,
                },
                60.0,
            ),
            (
                DistSpec::Lognormal {
                    mean: 180.0,
                    sd: 90.0,
                },
                180.0,
            ),
            (
                DistSpec::Gamma {
                    mean: 300.0,
                    cv: 0.4,
                },
                300.0,
            ),
            (weibull(1.0, 200.0), 200.0),
            (weibull(2.0, 200.0), 100.0 * pi.sqrt()),
            (weibull(0.5, 200.0), 400.0),
            (weibull(1.0 / 3.0, 10.0), 60.0),
            (
                DistSpec::Empirical {
                    samples: vec![1.0, 2.0, 6.0],
                },
                3.0,
            ),
        ];
        for (spec, mean) in cases {
            assert!(
                (spec.mean() - mean).abs() < 1e-12 * mean,
                "{spec:?}: mean {} vs {mean}",
                spec.mean()
            );
        }
    }

    #[test]
    fn invalid_parameters_name_the_field() {
        let mut errs = Errors::default();
        assert!(DistSpec::exp(-3.0)
            .compile("contact_types[1].handle_time", &mut errs)
            .is_none());
        assert_eq!(
            errs.list[0].to_string(),
            "contact_types[1].handle_time.mean: must be > 0, got -3"
        );
        let mut errs = Errors::default();
        DistSpec::Uniform { min: 5.0, max: 1.0 }.compile("x", &mut errs);
        assert_eq!(errs.list[0].to_string(), "x.max: must be >= min (5), got 1");
        let mut errs = Errors::default();
        DistSpec::Empirical { samples: vec![] }.compile("x", &mut errs);
        assert_eq!(errs.list[0].path, "x.samples");
    }

    #[test]
    fn parses_from_toml() {
        #[derive(Deserialize)]
        struct W {
            d: DistSpec,
        }
        let w: W = toml::from_str("d = { dist = \"gamma\", mean = 180, cv = 0.8 }").unwrap();
        assert_eq!(
            w.d,
            DistSpec::Gamma {
                mean: 180.0,
                cv: 0.8
            }
        );
        assert!(toml::from_str::<W>("d = { dist = \"gamma\", mean = 1, sd = 2 }").is_err());
    }
}
