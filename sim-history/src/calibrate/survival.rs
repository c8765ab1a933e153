//! Kaplan–Meier estimate of the patience survival function from censored waits, with Greenwood
//! pointwise 95 % bands (on the log(−log) scale, so they stay inside [0, 1]) and the median with
//! its Brookmeyer–Crowley interval (the times where the band crosses ½).
//!
//! An abandoned contact's wait is an observed patience (an *event*); an answered contact's wait
//! is a lower bound (*censored*): the caller would have waited at least that long. At tied times
//! events come before censorings (the usual convention).

use super::stats::z95;
use serde::Serialize;

/// One wait: its length and whether it ended in abandonment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    pub seconds: f64,
    pub abandoned: bool,
}

/// Distinct times with their event and censoring counts, sorted by time.
pub fn tally(waits: &[Wait]) -> Vec<(f64, f64, f64)> {
    let mut v: Vec<(f64, bool)> = waits.iter().map(|w| (w.seconds, w.abandoned)).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64, f64)> = Vec::new();
    for (t, ev) in v {
        match out.last_mut() {
            Some(last) if last.0 == t => {
                if ev {
                    last.1 += 1.0
                } else {
                    last.2 += 1.0
                }
            }
            _ => out.push((t, f64::from(u8::from(ev)), f64::from(u8::from(!ev)))),
        }
    }
    out
}

/// One step of the Kaplan–Meier curve: S just after `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KmStep {
    pub seconds: f64,
    pub at_risk: f64,
    pub abandoned: f64,
    pub survival: f64,
    pub ci95: [f64; 2],
}

/// The Kaplan–Meier curve and its median.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KaplanMeier {
    pub waits: usize,
    pub abandoned: usize,
    /// Steps at the times with at least one abandonment.
    pub steps: Vec<KmStep>,
    /// Median patience (None when the curve never falls to ½: more than half of the callers
    /// would wait longer than the longest wait observed).
    pub median_s: Option<f64>,
    /// Its 95 % interval; an end is None when the band does not reach ½ within the data.
    pub median_ci95: [Option<f64>; 2],
    /// Longest wait observed (the curve says nothing beyond it).
    pub max_wait_s: f64,
}

impl KaplanMeier {
    /// S(t): the curve's value at `t` (1 before the first event).
    pub fn survival_at(&self, t: f64) -> f64 {
        let i = self.steps.partition_point(|s| s.seconds <= t);
        if i == 0 {
            1.0
        } else {
            self.steps[i - 1].survival
        }
    }
}

/// Kaplan–Meier with Greenwood bands (see the module documentation).
pub fn kaplan_meier(waits: &[Wait]) -> KaplanMeier {
    let tallies = tally(waits);
    let mut at_risk = waits.len() as f64;
    let (mut s, mut greenwood) = (1.0f64, 0.0f64);
    let z = z95();
    let mut steps = Vec::new();
    for &(t, d, c) in &tallies {
        if d > 0.0 {
            s *= 1.0 - d / at_risk;
            if at_risk > d {
                greenwood += d / (at_risk * (at_risk - d));
            }
            // log(−log S) transform: S^{exp(±z·se)} with se = √V / |ln S|
            let ci = if s > 0.0 && s < 1.0 {
                let se = greenwood.sqrt() / s.ln().abs();
                [s.powf((z * se).exp()), s.powf((-z * se).exp())]
            } else {
                [s, s]
            };
            steps.push(KmStep {
                seconds: t,
                at_risk,
                abandoned: d,
                survival: s,
                ci95: ci,
            });
        }
        at_risk -= d + c;
    }
    let first_below = |f: &dyn Fn(&KmStep) -> f64| {
        steps
            .iter()
            .find(|st| f(st) <= 0.5 + 1e-12)
            .map(|st| st.seconds)
    };
    KaplanMeier {
        waits: waits.len(),
        abandoned: waits.iter().filter(|w| w.abandoned).count(),
        median_s: first_below(&|st| st.survival),
        median_ci95: [first_below(&|st| st.ci95[0]), first_below(&|st| st.ci95[1])],
        max_wait_s: tallies.last().map_or(0.0, |t| t.0),
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(seconds: f64, abandoned: bool) -> Wait {
        Wait { seconds, abandoned }
    }

    /// Hand-computed: waits 10a, 20c, 30a, 30a, 40c, 50a (a = abandoned, c = answered).
    /// t=10: 6 at risk, 1 event → S = 5/6; t=30: 4 at risk (20 and 10 gone), 2 events → S = 5/6 · 2/4
    /// = 5/12; t=50: 1 at risk, 1 event → S = 0. Greenwood at 10: 1/(6·5) = 1/30.
    #[test]
    fn matches_a_hand_computed_example() {
        let km = kaplan_meier(&[
            w(30.0, true),
            w(10.0, true),
            w(20.0, false),
            w(30.0, true),
            w(40.0, false),
            w(50.0, true),
        ]);
        let s: Vec<(f64, f64, f64)> = km
            .steps
            .iter()
            .map(|st| (st.seconds, st.at_risk, st.survival))
            .collect();
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].0, s[0].1), (10.0, 6.0));
        assert!((s[0].2 - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!((s[1].0, s[1].1), (30.0, 4.0));
        assert!((s[1].2 - 5.0 / 12.0).abs() < 1e-12);
        assert_eq!((s[2].0, s[2].1, s[2].2), (50.0, 1.0, 0.0));
        assert_eq!(km.median_s, Some(30.0));
        assert_eq!(km.survival_at(25.0), 5.0 / 6.0);
        assert_eq!(km.survival_at(5.0), 1.0);
        // band at t = 10 by hand: se = √(1/30)/|ln(5/6)|, S^{exp(±1.96 se)}
        let se = (1.0f64 / 30.0).sqrt() / (5.0f64 / 6.0).ln().abs();
        let lo = (5.0f64 / 6.0).powf((1.959964 * se).exp());
        assert!((km.steps[0].ci95[0] - lo).abs() < 1e-5);
        assert!(km.steps[0].ci95[1] > 5.0 / 6.0 && km.steps[0].ci95[1] < 1.0);
        assert_eq!((km.waits, km.abandoned, km.max_wait_s), (6, 4, 50.0));
    }

    #[test]
    fn heavy_censoring_leaves_the_median_unknown() {
        let km = kaplan_meier(&[w(5.0, true), w(10.0, false), w(10.0, false), w(10.0, false)]);
        assert_eq!(km.median_s, None);
        assert_eq!(km.steps[0].survival, 0.75);
    }
}
