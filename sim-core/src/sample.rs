//! Primitive random variates computed with the `libm` crate only.
//!
//! Why not `rand_distr`'s samplers: they call `ln`/`exp`/`pow` through `num_traits::Float`, which
//! switches to the platform's math library as soon as any crate in the build enables
//! `num-traits/std` (plotters does, through `image`). The platform's `exp`/`ln` differ from
//! `libm`'s in the last bit for some inputs, so the CLI and the wasm build drew different numbers.
//! Here every transcendental call is an explicit `libm` call, whatever the build's features, which
//! keeps replications bit-identical on every target.

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

/// Exponential with mean 1 (inversion).
#[inline]
pub fn exp1<R: RngCore + ?Sized>(rng: &mut R) -> f64 {
    -libm::log(unit_open(rng))
}

/// Standard normal (Box–Muller, one value per call).
#[inline]
pub fn std_normal<R: RngCore + ?Sized>(rng: &mut R) -> f64 {
    let r = libm::sqrt(-2.0 * libm::log(unit_open(rng)));
    r * libm::cos(core::f64::consts::TAU * unit(rng))
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
    use crate::rng::stream;

    fn moments(f: impl Fn(&mut crate::rng::SimRng) -> f64) -> (f64, f64) {
        let mut r = stream(3, 0, 9);
        let n = 200_000;
        let (mut s, mut q) = (0.0, 0.0);
        for _ in 0..n {
            let x = f(&mut r);
            s += x;
            q += x * x;
        }
        let m = s / n as f64;
        (m, (q / n as f64 - m * m).sqrt())
    }

    #[test]
    fn primitives_have_the_right_moments() {
        let (m, sd) = moments(exp1);
        assert!((m - 1.0).abs() < 0.01 && (sd - 1.0).abs() < 0.01);
        let (m, sd) = moments(std_normal);
        assert!(m.abs() < 0.01 && (sd - 1.0).abs() < 0.01);
        for shape in [0.3, 1.0, 2.5, 40.0] {
            let (m, sd) = moments(|r| gamma(r, shape));
            assert!(
                (m - shape).abs() < 0.02 * shape.max(1.0),
                "shape {shape}: mean {m}"
            );
            assert!(
                (sd - shape.sqrt()).abs() < 0.03 * shape.sqrt().max(1.0),
                "shape {shape}: sd {sd}"
            );
        }
    }
}
