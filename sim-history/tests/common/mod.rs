//! Simulated histories with known rates (fixed seeds): Poisson counts, optionally with a day-level
//! Gamma(mean 1, cv) multiplier, written in the interval history format.

#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use sim_history::chrono::{Datelike, Days, NaiveDate};

pub struct Sim {
    rng: Xoshiro256PlusPlus,
}

impl Sim {
    pub fn new(seed: u64) -> Sim {
        Sim {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    fn uniform(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.uniform().max(1e-300), self.uniform());
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Poisson by inversion (exact; means up to a few thousand).
    pub fn poisson(&mut self, mean: f64) -> f64 {
        if mean <= 0.0 {
            return 0.0;
        }
        // start at the mode in log space, then search outwards via the CDF from 0 in two halves
        let u = self.uniform();
        let mut k = 0.0;
        let mut p = (-mean).exp();
        if p > 0.0 {
            let mut cdf = p;
            while cdf < u {
                k += 1.0;
                p *= mean / k;
                cdf += p;
                if p == 0.0 && k > mean {
                    break;
                }
            }
            return k;
        }
        // large means: sum of two halves
        self.poisson(mean / 2.0) + self.poisson(mean / 2.0)
    }

    /// Gamma with mean 1 and coefficient of variation `cv` (Marsaglia–Tsang).
    pub fn gamma_mean1(&mut self, cv: f64) -> f64 {
        if cv <= 0.0 {
            return 1.0;
        }
        let shape = 1.0 / (cv * cv);
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v / shape;
            }
        }
    }
}

/// A 30-minute intraday shape of an 08:00–18:00 day (20 intervals), summing to 1.
pub fn profile() -> Vec<f64> {
    let raw: Vec<f64> = (0..20)
        .map(|k| 1.0 + (std::f64::consts::PI * (k as f64 + 0.5) / 20.0).sin())
        .collect();
    let s: f64 = raw.iter().sum();
    raw.into_iter().map(|x| x / s).collect()
}

/// Expected daily volume by weekday (Mon … Sun; the center is closed on Sunday).
pub const WEEKDAY_VOLUME: [f64; 7] = [1300.0, 1100.0, 1000.0, 1000.0, 1050.0, 600.0, 0.0];

/// Expected count of interval `p` (0 … 47) of a day with this weekday.
pub fn rate(weekday: usize, p: usize) -> f64 {
    if (16..36).contains(&p) {
        WEEKDAY_VOLUME[weekday] * profile()[p - 16]
    } else {
        0.0
    }
}

/// Simulated counts of `days` days from `first`, with day-level volume noise `cv`: per day the
/// 48 counts. Closed intervals (rate 0) are 0.
pub fn simulate(sim: &mut Sim, first: NaiveDate, days: usize, cv: f64) -> Vec<Vec<f64>> {
    (0..days)
        .map(|d| {
            let w = (first + Days::new(d as u64))
                .weekday()
                .num_days_from_monday() as usize;
            let x = sim.gamma_mean1(cv);
            (0..48).map(|p| sim.poisson(rate(w, p) * x)).collect()
        })
        .collect()
}

/// Writes days of counts as a history CSV (rows only where the rate is positive, like an export
/// that leaves out closed intervals; `skip` days are left out entirely = missing).
pub fn to_csv(first: NaiveDate, counts: &[Vec<f64>], skip: &[usize]) -> String {
    let mut out = String::from("interval_start,contact_type,offered\n");
    for (d, day) in counts.iter().enumerate() {
        if skip.contains(&d) {
            continue;
        }
        let date = first + Days::new(d as u64);
        let w = date.weekday().num_days_from_monday() as usize;
        for (p, c) in day.iter().enumerate() {
            if rate(w, p) > 0.0 {
                out.push_str(&format!(
                    "{}T{:02}:{:02},calls,{}\n",
                    date,
                    p / 2,
                    (p % 2) * 30,
                    c
                ));
            }
        }
    }
    out
}
