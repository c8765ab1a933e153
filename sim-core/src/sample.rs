//! Primitive random variates computed with the `libm` crate only.
//!
//! Why not `rand_distr`'s samplers: they call `ln`/`exp`/`pow` through `num_traits::Float`, which
//! switches to the platform's math library as soon as any crate in the build enables
//! `num-traits/std` (plotters does, through `image`). The platform's `exp`/`ln` differ from
//! `libm`'s in the last bit for some inputs, so the CLI and the wasm build drew different numbers.
//! Here every transcendental call is an explicit `libm` call, whatever the build's features, which
//! keeps replications bit-identical on every target.

use crate::ziggurat_tables::{ZIG_EXP_X, ZIG_NORM_X};
use rand::RngCore;

/// Uniform on (0, 1], 53 random bits.
#[inline]
pub fn unit_open<R: RngCore + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform on [0, 1), 53 random bits.
#[inline]
pub fn unit<R: RngCore + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Exponential with mean 1: the 256-layer ziggurat of Marsaglia & Tsang (2000).
///
/// One 64-bit draw gives the layer (low 8 bits) and the position in it (high 53 bits); about
/// 98.9 % of draws are accepted right there with one multiply and one compare. The rest test
/// the wedge with `libm::exp` or fall in the tail (`R - ln U`), so the bits are the same on
/// every target. Four to five times cheaper than inversion (`-ln U`), and this is the hottest
/// draw of a run (every arrival gap, exponential handle time and patience).
#[inline(always)]
pub fn exp1<R: RngCore + ?Sized>(rng: &mut R) -> f64 {
    use crate::ziggurat_tables::{ZIG_EXP_F, ZIG_EXP_R};
    ziggurat::<R, false>(
        rng,
        &ZIG_EXP_X,
        &ZIG_EXP_F,
        |x| libm::exp(-x),
        |rng, _| ZIG_EXP_R - libm::log(unit_open(rng)),
    )
}

/// Standard normal by the 256-layer ziggurat (Marsaglia & Tsang 2000): as [`exp1`], with the
/// point taken across the layer in [-1, 1) and the tail beyond `R` drawn by Marsaglia's 1964
/// method; about 99 % of draws cost one multiply and one compare.
#[inline(always)]
pub fn std_normal<R: RngCore + ?Sized>(rng: &mut R) -> f64 {
    use crate::ziggurat_tables::{ZIG_NORM_F, ZIG_NORM_R};
    ziggurat::<R, true>(
        rng,
        &ZIG_NORM_X,
        &ZIG_NORM_F,
        |x| libm::exp(-0.5 * x * x),
        |rng, u| loop {
            let a = libm::log(unit_open(rng)) / ZIG_NORM_R;
            let b = libm::log(unit_open(rng));
            if -2.0 * b >= a * a {
                return if u < 0.0 {
                    a - ZIG_NORM_R
                } else {
                    ZIG_NORM_R - a
                };
            }
        },
    )
}

/// Layer `i` and point `x = u · X[i]` of one 64-bit draw: the low 8 bits pick the layer, the
/// high 53 bits give `u` in [0, 1), or in [-1, 1) for a `SYMMETRIC` density.
#[inline(always)]
fn layer_point<const SYMMETRIC: bool>(bits: u64, x_tab: &[f64; 257]) -> (usize, f64, f64) {
    let i = (bits & 0xFF) as usize;
    let u = if SYMMETRIC {
        (bits >> 11) as f64 * (2.0 / (1u64 << 53) as f64) - 1.0
    } else {
        (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    };
    (i, u, u * x_tab[i])
}

/// Whether the point lies inside the layer's rectangle, i.e. within the next layer's edge.
#[inline(always)]
fn inside<const SYMMETRIC: bool>(x: f64, edge: f64) -> bool {
    if SYMMETRIC {
        x.abs() < edge
    } else {
        x < edge
    }
}

/// A ziggurat draw: accept the point when it lies inside the layer's rectangle (the fast path,
/// inlined); otherwise see [`ziggurat_wedge_or_tail`].
#[inline(always)]
fn ziggurat<R: RngCore + ?Sized, const SYMMETRIC: bool>(
    rng: &mut R,
    x_tab: &[f64; 257],
    f_tab: &[f64; 257],
    density: impl Fn(f64) -> f64,
    tail: impl Fn(&mut R, f64) -> f64,
) -> f64 {
    let (i, u, x) = layer_point::<SYMMETRIC>(rng.next_u64(), x_tab);
    if inside::<SYMMETRIC>(x, x_tab[i + 1]) {
        return x;
    }
    ziggurat_wedge_or_tail::<R, SYMMETRIC>(rng, x_tab, f_tab, density, tail, i, u, x)
}

/// The rare rest of a ziggurat draw (about 1 %), out of line so the fast path inlines: in the
/// base layer, a draw from the tail beyond `R` (`tail(rng, u)`); in another layer, the point
/// is kept if a uniform height under the layer falls below the (unnormalised) `density`, and
/// otherwise the draw starts over. `libm` only, so the bits are the same on every target.
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn ziggurat_wedge_or_tail<R: RngCore + ?Sized, const SYMMETRIC: bool>(
    rng: &mut R,
    x_tab: &[f64; 257],
    f_tab: &[f64; 257],
    density: impl Fn(f64) -> f64,
    tail: impl Fn(&mut R, f64) -> f64,
    mut i: usize,
    mut u: f64,
    mut x: f64,
) -> f64 {
    loop {
        if i == 0 {
            return tail(rng, u);
        }
        if f_tab[i + 1] + (f_tab[i] - f_tab[i + 1]) * unit(rng) < density(x) {
            return x;
        }
        (i, u, x) = layer_point::<SYMMETRIC>(rng.next_u64(), x_tab);
        if inside::<SYMMETRIC>(x, x_tab[i + 1]) {
            return x;
        }
    }
}

/// Gamma with the given shape and scale 1 (Marsaglia & Tsang 2000; shape < 1 by boosting).
pub fn gamma<R: RngCore + ?Sized>(rng: &mut R, shape: f64) -> f64 {
    if shape < 1.0 {
        let g = gamma(rng, shape + 1.0);
        return g * libm::pow(unit_open(rng), 1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = std_normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = unit_open(rng);
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 || libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v)) {
            return d * v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::{Family, Moments};
    use crate::rng::stream;

    // Each test below is a statistical family with family-wise false-failure rate 1e-4 and the
    // Bonferroni per-check level (docs/testing.md); the quantiles come from crate::family.
    const ALPHA: f64 = 1e-4;

    fn moments(f: impl Fn(&mut crate::rng::SimRng) -> f64) -> Moments {
        let mut r = stream(3, 0, 9);
        Moments::of((0..200_000).map(|_| f(&mut r)))
    }

    /// The ziggurat against the exact CDF 1 - exp(-x) (Kolmogorov–Smirnov on 400 000 draws) and
    /// the tail beyond 7 at its exact rate: 2 checks.
    #[test]
    fn exp1_follows_the_exponential_cdf() {
        let f = Family::new("exp1", 2, ALPHA);
        let mut r = stream(11, 0, 4);
        let n = 400_000;
        let mut xs: Vec<f64> = (0..n).map(|_| exp1(&mut r)).collect();
        xs.sort_by(f64::total_cmp);
        let mut d: f64 = 0.0;
        for (k, &x) in xs.iter().enumerate() {
            let cdf = 1.0 - (-x).exp();
            d = d
                .max((cdf - k as f64 / n as f64).abs())
                .max(((k + 1) as f64 / n as f64 - cdf).abs());
        }
        f.ks("exponential CDF", d, n);
        let tail = xs.iter().filter(|&&x| x > 7.0).count() as f64;
        f.poisson("draws beyond 7", tail, n as f64 * (-7.0f64).exp());
    }

    /// The normal ziggurat against the normal CDF (Kolmogorov–Smirnov), with the tails beyond 2, 3
    /// and the ziggurat's tail start R ≈ 3.65 at their expected frequencies (the wedges and the
    /// tail are the hand-written parts), and the sign balanced: 5 checks.
    #[test]
    fn std_normal_follows_the_normal_cdf() {
        let f = Family::new("std_normal", 5, ALPHA);
        let mut r = stream(12, 0, 5);
        let n = 400_000;
        let mut xs: Vec<f64> = (0..n).map(|_| std_normal(&mut r)).collect();
        xs.sort_by(f64::total_cmp);
        let cdf = |x: f64| 0.5 * (1.0 + libm::erf(x / std::f64::consts::SQRT_2));
        let mut d: f64 = 0.0;
        for (k, &x) in xs.iter().enumerate() {
            let c = cdf(x);
            d = d
                .max((c - k as f64 / n as f64).abs())
                .max(((k + 1) as f64 / n as f64 - c).abs());
        }
        f.ks("normal CDF", d, n);
        for z in [2.0, 3.0, 3.654152885361009] {
            let tail = xs.iter().filter(|&&x| x.abs() > z).count() as f64;
            f.poisson(
                &format!("beyond ±{z}"),
                tail,
                n as f64 * 2.0 * (1.0 - cdf(z)),
            );
        }
        let negative = xs.iter().filter(|&&x| x < 0.0).count() as f64;
        f.share("negative draws", negative, n as f64, 0.5);
    }

    /// Mean and standard deviation of exp1, std_normal and gamma at four shapes against their exact
    /// values, within the standard errors estimated from the draws: 12 checks.
    #[test]
    fn primitives_have_the_right_moments() {
        let f = Family::new("sample moments", 12, ALPHA);
        let check = |what: &str, m: Moments, mean: f64, sd: f64| {
            f.within(&format!("{what}: mean"), m.mean, mean, m.se_mean);
            f.within(&format!("{what}: sd"), m.sd, sd, m.se_sd);
        };
        check("exp1", moments(exp1), 1.0, 1.0);
        check("std_normal", moments(std_normal), 0.0, 1.0);
        for shape in [0.3, 1.0, 2.5, 40.0] {
            check(
                &format!("gamma({shape})"),
                moments(|r| gamma(r, shape)),
                shape,
                shape.sqrt(),
            );
        }
    }
}
