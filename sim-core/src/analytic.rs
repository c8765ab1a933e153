//! Exact analytic queueing formulas for a single call type.
//!
//! Notation used throughout (all times in **seconds**):
//!
//! | symbol | meaning                                   | parameter       |
//! |--------|-------------------------------------------|-----------------|
//! | λ      | arrival rate, calls per second            | `lambda_per_s`  |
//! | μ      | service rate, `1 / AHT`                   | `aht_s`         |
//! | θ      | abandonment rate, `1 / mean patience`     | `patience_s`    |
//! | n      | number of agents                          | `agents`        |
//! | A      | offered load in Erlangs, `λ · AHT`        |                 |
//! | T      | service-level threshold ("answered in T") | `threshold_s`   |
//!
//! * [`erlang_b`]: M/M/n/n loss system (blocked calls are lost).
//! * [`erlang_c`], [`erlang_c_metrics`]: M/M/n, callers wait forever.
//! * [`erlang_a_metrics`]: M/M/n+M ("Palm" / Erlang A), callers abandon
//!   after an exponential patience with mean `patience_s`.
//! * [`agents_for_service_level`], [`agents_for_abandon_rate`]: staffing.
//!
//! Everything is computed with recursions in `f64` (no factorials), so the
//! results are stable up to thousands of agents.  Transcendental functions
//! come from the `libm` crate, which makes the results bit-identical on every
//! platform, including `wasm32`.

use libm::{exp, expm1, log, log1p};

/// Upper bound on the number of queue states examined by [`erlang_a_metrics`].
/// Only reachable for absurd inputs (e.g. patience of weeks while overloaded).
const MAX_QUEUE_STATES: usize = 1 << 22;

/// Offered load in Erlangs: `A = λ · AHT`.
pub fn offered_load_erlangs(lambda_per_s: f64, aht_s: f64) -> f64 {
    lambda_per_s * aht_s
}

/// Erlang B: probability that an arriving call finds all `agents` busy in a
/// loss system (M/M/n/n) with `offered_erlangs` = A.
///
/// ```text
/// B(n, A) = (Aⁿ/n!) / Σ_{k=0..n} Aᵏ/k!
/// ```
/// computed with the stable recursion
/// `B(0) = 1,  B(k) = A·B(k-1) / (k + A·B(k-1))`.
pub fn erlang_b(agents: u32, offered_erlangs: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=agents {
        let ab = offered_erlangs * b;
        b = ab / (k as f64 + ab);
    }
    b
}

/// Erlang C: probability that an arriving call has to wait (M/M/n).
///
/// ```text
/// C(n, A) = n·B(n, A) / (n − A·(1 − B(n, A)))      for A < n
/// ```
/// Returns `1.0` when `A ≥ n` (the queue is unstable: everybody waits) and
/// `0.0` when there is no traffic.
pub fn erlang_c(agents: u32, offered_erlangs: f64) -> f64 {
    let (n, a) = (agents as f64, offered_erlangs);
    if a <= 0.0 {
        return 0.0;
    }
    if a >= n {
        return 1.0;
    }
    let b = erlang_b(agents, a);
    n * b / (n - a * (1.0 - b))
}

/// Steady-state performance of a queue.  Probabilities are fractions in
/// `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueMetrics {
    /// P(wait > 0): fraction of arriving calls that find all agents busy.
    pub p_wait: f64,
    /// P(answered within T) counted over **all offered** calls
    /// (abandoned calls stay in the denominator).
    pub service_level: f64,
    /// P(answered within T | answered): abandoned calls are excluded.
    pub service_level_of_answered: f64,
    /// Average speed of answer: mean wait of the **answered** calls, including
    /// those answered immediately.  Infinite when unstable or nobody is answered.
    pub asa_s: f64,
    /// Fraction of offered calls that abandon, P(ab).
    pub abandon_rate: f64,
    /// Mean fraction of agents busy: `E[busy agents] / n`.
    pub occupancy: f64,
    /// Mean number of calls waiting in queue, `E[Q]`.
    pub mean_queue_len: f64,
    /// `false` only for Erlang C with `A ≥ n` (queue grows without bound).
    pub stable: bool,
}

impl QueueMetrics {
    fn no_traffic() -> Self {
        QueueMetrics {
            p_wait: 0.0,
            service_level: 1.0,
            service_level_of_answered: 1.0,
            asa_s: 0.0,
            abandon_rate: 0.0,
            occupancy: 0.0,
            mean_queue_len: 0.0,
            stable: true,
        }
    }
}

/// Erlang C (M/M/n, no abandonment) metrics.
///
/// With `C = erlang_c(n, A)`:
/// ```text
/// service level = 1 − C · exp(−(n·μ − λ)·T)
/// ASA           = C / (n·μ − λ)
/// E[Q]          = C · A / (n − A)
/// occupancy     = A / n,     abandon rate = 0
/// ```
/// When `A ≥ n` the result has `stable = false`, `p_wait = 1`,
/// service level 0, infinite ASA and queue, occupancy 1.
pub fn erlang_c_metrics(
    lambda_per_s: f64,
    aht_s: f64,
    agents: u32,
    threshold_s: f64,
) -> QueueMetrics {
    let a = offered_load_erlangs(lambda_per_s, aht_s);
    if a <= 0.0 {
        return QueueMetrics::no_traffic();
    }
    let n = agents as f64;
    if a >= n {
        return QueueMetrics {
            p_wait: 1.0,
            service_level: 0.0,
            service_level_of_answered: 0.0,
            asa_s: f64::INFINITY,
            abandon_rate: 0.0,
            occupancy: 1.0,
            mean_queue_len: f64::INFINITY,
            stable: false,
        };
    }
    let c = erlang_c(agents, a);
    let gap = n / aht_s - lambda_per_s; // n·μ − λ > 0
    let sl = (1.0 - c * exp(-gap * threshold_s)).clamp(0.0, 1.0);
    QueueMetrics {
        p_wait: c,
        service_level: sl,
        service_level_of_answered: sl,
        asa_s: c / gap,
        abandon_rate: 0.0,
        occupancy: a / n,
        mean_queue_len: c * a / (n - a),
        stable: true,
    }
}

/// `ln(eᵃ + eᵇ)` without overflow.
fn log_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + log1p(exp(lo - hi))
}

/// Exact Erlang A (M/M/n+M, "Palm") metrics: Poisson arrivals, exponential
/// handle times, `n` agents, FCFS queue, and every caller abandons once an
/// exponential patience with mean `patience_s` runs out.
///
/// `patience_s = ∞` gives [`erlang_c_metrics`]; `patience_s ≤ 0` gives the
/// Erlang B loss system (callers who would wait hang up at once).
///
/// **Stationary distribution.**  The number of calls in the system is a
/// birth–death process with birth rate λ and death rate
/// `min(k, n)·μ + max(k − n, 0)·θ`.  With `π_k` its stationary law:
/// ```text
/// π_k ∝ Aᵏ/k!                                 k ≤ n
/// π_{n+j} = π_n · Π_{i=1..j} λ / (n·μ + i·θ)   j ≥ 0 calls waiting
/// Σ_{k≤n} π_k = π_n / B(n, A)                 (Erlang B, no factorials)
/// ```
/// The queue part is summed until the remaining tail is below 1e-17 relative.
/// By PASTA an arrival sees `π`, so
/// `P(wait) = Σ_{j≥0} π_{n+j}`, `E[Q] = Σ j·π_{n+j}`,
/// `P(ab) = θ·E[Q]/λ` and `occupancy = A·(1 − P(ab))/n`
/// (answered traffic = busy agents).
///
/// **Waiting time of a caller who finds j others waiting.**  While `i`
/// callers are ahead, the tagged caller moves up at rate `n·μ + i·θ` and
/// abandons at rate θ, so each step takes `Exp(r_i)` with
/// `r_i = n·μ + (i+1)·θ`, i = j..0.  Hence
/// ```text
/// P(answered | j)            = n·μ / (n·μ + (j+1)·θ)
/// E[W; answered | j]         = P(answered | j) · Σ_{i=0..j} 1/r_i
/// P(answered, W ≤ T | j)     = P(answered | j) · P(Σ_{i=0..j} Exp(r_i) ≤ T)
/// P(Σ_{i=0..j} Exp(r_i) ≤ T) = I_p(j+1, n·μ/θ + 1),  p = 1 − e^{−θT}
/// ```
/// (`I` is the regularised incomplete beta function: the sum is the
/// (j+1)-th order statistic of `n·μ/θ + j + 1` exponentials of rate θ.)
/// `1 − I_p(j+1, b)` is a negative-binomial CDF whose terms obey
/// `t_0 = e^{−(nμ+θ)T}`, `t_k = t_{k−1} · p·(k + nμ/θ)/k`; it is accumulated
/// in log space alongside the queue states, so everything is one O(n + queue)
/// pass.  Finally
/// ```text
/// service level             = P(no wait) + Σ_j π_{n+j} · P(answered, W ≤ T | j)
/// service level of answered = service level / (1 − P(ab))
/// ASA                       = Σ_j π_{n+j} · E[W; answered | j] / (1 − P(ab))
/// ```
/// Reference: A. Mandelbaum, S. Zeltyn, "The Palm/Erlang-A queue, with
/// applications to call centers" (2007).
pub fn erlang_a_metrics(
    lambda_per_s: f64,
    aht_s: f64,
    patience_s: f64,
    agents: u32,
    threshold_s: f64,
) -> QueueMetrics {
    let a = offered_load_erlangs(lambda_per_s, aht_s);
    if a <= 0.0 {
        return QueueMetrics::no_traffic();
    }
    if patience_s == f64::INFINITY {
        return erlang_c_metrics(lambda_per_s, aht_s, agents, threshold_s);
    }
    let n = agents as f64;
    let b = erlang_b(agents, a);
    let occupancy = |answered: f64| {
        if agents == 0 {
            0.0
        } else {
            (a * answered / n).min(1.0)
        }
    };
    if patience_s <= 0.0 {
        return QueueMetrics {
            p_wait: b,
            service_level: 1.0 - b,
            service_level_of_answered: if b < 1.0 { 1.0 } else { 0.0 },
            asa_s: if b < 1.0 { 0.0 } else { f64::INFINITY },
            abandon_rate: b,
            occupancy: occupancy(1.0 - b),
            mean_queue_len: 0.0,
            stable: true,
        };
    }
    let (lambda, n_mu, theta) = (lambda_per_s, n / aht_s, 1.0 / patience_s);
    let y = n_mu / theta;
    let ln_p = log(-expm1(-theta * threshold_s)); // −∞ when T = 0
    let mut log_t = -(n_mu + theta) * threshold_s; // ln t_0
    let mut log_cdf = log_t; // ln Σ_{k≤j} t_k
                             // Unnormalised weights, relative to π_n = 1 (times `scale`).
    let mut w = 1.0;
    let mut scale = 1.0;
    let (mut sum_w, mut sum_jw, mut sum_sl, mut sum_asa) = (0.0, 0.0, 0.0, 0.0);
    let mut sum_inv_rate = 0.0; // Σ_{i=0..j} 1/r_i
    let mut j = 0usize;
    loop {
        let rate = n_mu + (j + 1) as f64 * theta; // r_j
        sum_inv_rate += 1.0 / rate;
        let p_answer = n_mu / rate;
        let within_t = -expm1(log_cdf); // P(Σ Exp(r_i) ≤ T)
        sum_w += w;
        sum_jw += j as f64 * w;
        sum_sl += w * p_answer * within_t;
        sum_asa += w * p_answer * sum_inv_rate;
        // Next birth-death ratio π_{n+j+1}/π_{n+j} = λ / r_j; stop once the
        // geometric bound on the remaining tail of Σ (j+1)·w is negligible.
        let r = lambda / rate;
        let tail = w * (j + 1) as f64 * r / ((1.0 - r) * (1.0 - r));
        if (r < 1.0 && tail <= 1e-17 * sum_w) || j + 1 >= MAX_QUEUE_STATES {
            break;
        }
        w *= r;
        if w > 1e200 {
            w *= 1e-200;
            scale *= 1e-200;
            sum_w *= 1e-200;
            sum_jw *= 1e-200;
            sum_sl *= 1e-200;
            sum_asa *= 1e-200;
        }
        j += 1;
        log_t += ln_p + log1p(y / j as f64);
        log_cdf = log_add(log_cdf, log_t);
    }
    // Mass of states k < n relative to π_n: 1/B − 1.  (B underflows to 0 only
    // when A ≪ n, in which case the queue mass is negligible anyway.)
    let lower = if scale == 0.0 {
        0.0
    } else {
        scale * (1.0 / b - 1.0)
    };
    let z = lower + sum_w;
    let p_wait = (sum_w / z).clamp(0.0, 1.0);
    let mean_queue_len = sum_jw / z;
    let abandon_rate = (theta * mean_queue_len / lambda).clamp(0.0, 1.0);
    let answered = 1.0 - abandon_rate;
    let service_level = ((1.0 - p_wait) + sum_sl / z).clamp(0.0, answered);
    let (service_level_of_answered, asa_s) = if answered > 0.0 {
        ((service_level / answered).min(1.0), sum_asa / z / answered)
    } else {
        (0.0, f64::INFINITY)
    };
    QueueMetrics {
        p_wait,
        service_level,
        service_level_of_answered,
        asa_s,
        abandon_rate,
        occupancy: occupancy(answered),
        mean_queue_len,
        stable: true,
    }
}

/// Erlang C metrics when `patience_s` is `None`, Erlang A otherwise.
pub fn queue_metrics(
    lambda_per_s: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    agents: u32,
    threshold_s: f64,
) -> QueueMetrics {
    match patience_s {
        None => erlang_c_metrics(lambda_per_s, aht_s, agents, threshold_s),
        Some(p) => erlang_a_metrics(lambda_per_s, aht_s, p, agents, threshold_s),
    }
}

/// Smallest `n ≤ max_agents` with `ok(n)`, for a predicate that is monotone
/// in `n` (false … false true … true).  Binary search: O(log max_agents) calls.
fn min_agents(max_agents: u32, ok: impl Fn(u32) -> bool) -> Option<u32> {
    // Gallop 1, 2, 4, … to the first count that is enough, then bisect below it: an evaluation
    // costs O(n), so the work follows the answer's size, not `max_agents` (a page asking with a
    // limit of 100,000 agents for a desk that needs 12 used to evaluate 100,000 first).
    let (mut lo, mut hi) = (0u32, 1u32);
    loop {
        let h = hi.min(max_agents);
        if ok(h) {
            hi = h;
            break;
        }
        if h == max_agents {
            return None;
        }
        lo = h + 1;
        hi = h.saturating_mul(2);
    }
    // ok(hi); everything below lo is not enough
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(hi)
}

/// Minimum number of agents whose service level (answered within
/// `threshold_s`, over all offered calls) is at least `target_sl`
/// (a fraction, e.g. `0.8`).  Erlang C when `patience_s` is `None`,
/// Erlang A otherwise.  `None` if even `max_agents` is not enough.
///
/// The service level increases with `n`, so a galloping search is used (about 2 log₂ n
/// evaluations for an answer of n agents, whatever `max_agents`).
pub fn agents_for_service_level(
    lambda_per_s: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    threshold_s: f64,
    target_sl: f64,
    max_agents: u32,
) -> Option<u32> {
    min_agents(max_agents, |n| {
        queue_metrics(lambda_per_s, aht_s, patience_s, n, threshold_s).service_level >= target_sl
    })
}

/// Minimum number of agents whose Erlang A abandonment fraction is at most
/// `max_abandon_rate` (e.g. `0.05`).  `None` if `max_agents` is not enough.
pub fn agents_for_abandon_rate(
    lambda_per_s: f64,
    aht_s: f64,
    patience_s: f64,
    max_abandon_rate: f64,
    max_agents: u32,
) -> Option<u32> {
    min_agents(max_agents, |n| {
        erlang_a_metrics(lambda_per_s, aht_s, patience_s, n, 0.0).abandon_rate <= max_abandon_rate
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// Direct textbook formulas with factorials (small n only).
    fn direct_b_c(n: u32, a: f64) -> (f64, f64) {
        let (mut term, mut sum) = (1.0, 0.0); // term = A^k / k!
        for k in 0..n {
            sum += term;
            term *= a / (k + 1) as f64;
        }
        let top = term * n as f64 / (n as f64 - a);
        (term / (sum + term), top / (sum + top))
    }

    /// The galloping search finds the same count as a plain scan from 0, with any limit, and
    /// `None` exactly when the limit is not enough.
    #[test]
    fn staffing_searches_equal_a_linear_scan() {
        for &(calls_per_h, aht, patience) in &[
            (100.0, 180.0, None),
            (1000.0, 300.0, None),
            (240.0, 240.0, Some(120.0)),
            (30.0, 600.0, Some(60.0)),
            (5000.0, 200.0, Some(300.0)),
        ] {
            let lambda = calls_per_h / 3600.0;
            let sl = |n| queue_metrics(lambda, aht, patience, n, 20.0).service_level >= 0.8;
            let scan = (0..2000).find(|&n| sl(n)).unwrap();
            for max in [scan, scan + 1, 2000, 100_000] {
                assert_eq!(
                    agents_for_service_level(lambda, aht, patience, 20.0, 0.8, max),
                    Some(scan)
                );
            }
            assert_eq!(
                agents_for_service_level(lambda, aht, patience, 20.0, 0.8, scan - 1),
                None
            );
            if let Some(p) = patience {
                let ab = |n| erlang_a_metrics(lambda, aht, p, n, 0.0).abandon_rate <= 0.03;
                let scan = (0..2000).find(|&n| ab(n)).unwrap();
                assert_eq!(
                    agents_for_abandon_rate(lambda, aht, p, 0.03, 100_000),
                    Some(scan)
                );
            }
        }
    }

    #[test]
    fn erlang_b_and_c_known_values() {
        assert_relative_eq!(erlang_b(1, 1.0), 0.5, max_relative = 1e-15);
        assert_relative_eq!(erlang_b(10, 5.0), 0.018385, epsilon = 1e-6);
        assert_relative_eq!(erlang_c(10, 8.0), 0.409, epsilon = 1e-3);
        for (n, a) in [(1, 0.5), (5, 3.7), (10, 8.0), (12, 10.0), (20, 19.5)] {
            let (b, c) = direct_b_c(n, a);
            assert_relative_eq!(erlang_b(n, a), b, max_relative = 1e-12);
            assert_relative_eq!(erlang_c(n, a), c, max_relative = 1e-12);
        }
        assert_eq!(erlang_c(10, 10.0), 1.0);
        assert_eq!(erlang_c(10, 0.0), 0.0);
    }

    #[test]
    fn erlang_c_classic_example() {
        // 200 calls/h, AHT 180 s => A = 10 E; 12 agents, T = 20 s.
        let lambda = 200.0 / 3600.0;
        let m = erlang_c_metrics(lambda, 180.0, 12, 20.0);
        let (_, c) = direct_b_c(12, 10.0);
        assert_relative_eq!(m.p_wait, c, max_relative = 1e-12);
        assert_relative_eq!(m.p_wait, 0.449, epsilon = 1e-3);
        let sl = 1.0 - c * (-(12.0 / 180.0 - lambda) * 20.0f64).exp();
        assert_relative_eq!(m.service_level, sl, max_relative = 1e-12);
        assert_relative_eq!(m.asa_s, c / (12.0 / 180.0 - lambda), max_relative = 1e-12);
        assert_relative_eq!(m.occupancy, 10.0 / 12.0, max_relative = 1e-12);
        // SL(13) = 0.7955 < 0.8 <= SL(14) = 0.888, so 14 agents are needed.
        let sl13 = erlang_c_metrics(lambda, 180.0, 13, 20.0).service_level;
        assert!(sl13 < 0.8 && sl13 > 0.79, "{sl13}");
        assert_eq!(
            agents_for_service_level(lambda, 180.0, None, 20.0, 0.8, 100),
            Some(14)
        );
        assert_eq!(
            agents_for_service_level(lambda, 180.0, None, 20.0, 0.8, 13),
            None
        );
        let unstable = erlang_c_metrics(lambda, 180.0, 10, 20.0);
        assert!(!unstable.stable && unstable.service_level == 0.0 && unstable.asa_s.is_infinite());
    }

    #[test]
    fn stable_at_2000_agents() {
        for p in [None, Some(180.0), Some(1e7)] {
            for a in [1000.0, 1950.0, 1999.0, 2050.0] {
                let m = queue_metrics(a / 300.0, 300.0, p, 2000, 20.0);
                let probs = [
                    m.p_wait,
                    m.service_level,
                    m.service_level_of_answered,
                    m.abandon_rate,
                ];
                assert!(
                    probs.iter().all(|x| (0.0..=1.0).contains(x)),
                    "{p:?} {a} {m:?}"
                );
                assert!(
                    m.occupancy <= 1.0 && m.mean_queue_len >= 0.0,
                    "{p:?} {a} {m:?}"
                );
                assert!(m.asa_s.is_finite() == m.stable, "{m:?}");
            }
        }
        assert!(erlang_b(2000, 1950.0) > 0.0 && erlang_c(2000, 1950.0) < 1.0);
    }

    #[test]
    fn erlang_a_tends_to_erlang_c() {
        let lambda = 200.0 / 3600.0;
        for n in [11, 12, 15] {
            let c = erlang_c_metrics(lambda, 180.0, n, 20.0);
            let a = erlang_a_metrics(lambda, 180.0, 1e10, n, 20.0);
            assert_relative_eq!(a.p_wait, c.p_wait, max_relative = 1e-6);
            assert_relative_eq!(a.service_level, c.service_level, max_relative = 1e-6);
            assert_relative_eq!(a.asa_s, c.asa_s, max_relative = 1e-6);
            assert_relative_eq!(a.mean_queue_len, c.mean_queue_len, max_relative = 1e-6);
            assert_relative_eq!(a.occupancy, c.occupancy, max_relative = 1e-6);
            assert!(a.abandon_rate < 1e-6);
            assert_eq!(erlang_a_metrics(lambda, 180.0, f64::INFINITY, n, 20.0), c);
        }
    }

    #[test]
    fn erlang_a_matches_brute_force_ctmc() {
        for &(n, lambda, aht, patience) in &[
            (5u32, 1.0, 4.5, 3.0),
            (3, 1.5, 2.5, 10.0),
            (1, 2.0, 1.0, 0.5),
            (8, 0.5, 10.0, 60.0),
        ] {
            let (mu, theta) = (1.0 / aht, 1.0 / patience);
            let mut p = vec![1.0f64];
            for k in 1..2000u32 {
                let death = k.min(n) as f64 * mu + k.saturating_sub(n) as f64 * theta;
                p.push(p[k as usize - 1] * lambda / death);
            }
            let z: f64 = p.iter().sum();
            let pk = |k: usize| p[k] / z;
            let p_wait: f64 = (n as usize..p.len()).map(pk).sum();
            let eq: f64 = (n as usize..p.len())
                .map(|k| (k - n as usize) as f64 * pk(k))
                .sum();
            let busy: f64 = (0..p.len()).map(|k| k.min(n as usize) as f64 * pk(k)).sum();
            // Abandonment from the per-arrival-state view: Σ π_{n+j} (j+1)θ / (nμ + (j+1)θ).
            let p_ab: f64 = (n as usize..p.len())
                .map(|k| {
                    let r = (k - n as usize + 1) as f64 * theta;
                    pk(k) * r / (n as f64 * mu + r)
                })
                .sum();
            let m = erlang_a_metrics(lambda, aht, patience, n, 5.0);
            assert_relative_eq!(m.p_wait, p_wait, max_relative = 1e-10);
            assert_relative_eq!(m.mean_queue_len, eq, max_relative = 1e-10);
            assert_relative_eq!(m.abandon_rate, p_ab, max_relative = 1e-10);
            assert_relative_eq!(m.occupancy, busy / n as f64, max_relative = 1e-10);
            // Conservation: λ (1 − P(ab)) = μ E[busy].
            assert_relative_eq!(
                lambda * (1.0 - m.abandon_rate),
                mu * busy,
                max_relative = 1e-10
            );
        }
    }

    /// splitmix64 → Exp(rate), for a tiny reproducible simulation.
    struct Rng(u64);
    impl Rng {
        fn exp(&mut self, rate: f64) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            let u = ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
            -log(u) / rate
        }
    }

    /// Erlang A against a tiny independent simulation (below), by batch means: 1 000 000 calls in
    /// 100 batches of 10 000, each KPI's exact value inside the Student-t interval of the batch
    /// means. One statistical family of 8 checks (4 KPIs, 2 queues), family-wise false-failure
    /// rate 1e-3, Bonferroni per-check level (docs/testing.md).
    #[test]
    fn erlang_a_service_level_matches_simulation() {
        let f = crate::family::Family::new("Erlang A vs simulation", 8, 1e-3);
        // FCFS M/M/n+M via the offered-wait recursion: a caller takes the
        // earliest free agent unless its patience runs out first.
        for &(n, lambda, aht, patience, t) in
            &[(3usize, 1.1, 2.5, 4.0, 1.0), (2, 1.0, 2.2, 1.5, 0.5)]
        {
            let mut rng = Rng(42);
            let mut free = vec![0.0f64; n];
            let mut now = 0.0;
            let mut batches: [Vec<f64>; 4] = Default::default();
            const BATCH: u64 = 10_000;
            for _ in 0..100 {
                let (mut within, mut answered, mut wait_sum) = (0u64, 0u64, 0.0);
                for _ in 0..BATCH {
                    now += rng.exp(lambda);
                    let (i, &fr) = free
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1.total_cmp(b.1))
                        .unwrap();
                    let wait = (fr - now).max(0.0);
                    if wait <= rng.exp(1.0 / patience) {
                        free[i] = now + wait + rng.exp(1.0 / aht);
                        answered += 1;
                        wait_sum += wait;
                        within += (wait <= t) as u64;
                    }
                }
                batches[0].push(within as f64 / BATCH as f64);
                batches[1].push(1.0 - answered as f64 / BATCH as f64);
                batches[2].push(wait_sum / answered as f64);
                batches[3].push(within as f64 / answered as f64);
            }
            let m = erlang_a_metrics(lambda, aht, patience, n as u32, t);
            // and the intervals are narrow (seen: ±0.2-0.4 pp and ±2.3 %): ±0.5 pp for the shares,
            // ±3 % of the ASA
            let shares = [
                f.mean_covers("service level", &batches[0], m.service_level),
                f.mean_covers("abandonment", &batches[1], m.abandon_rate),
                f.mean_covers("SL of answered", &batches[3], m.service_level_of_answered),
            ];
            assert!(shares.iter().all(|&h| h < 5e-3), "half-widths {shares:?}");
            let asa = f.mean_covers("ASA", &batches[2], m.asa_s);
            assert!(asa < 0.03 * m.asa_s, "ASA half-width {asa}");
        }
    }

    #[test]
    fn erlang_a_edge_cases() {
        let loss = erlang_a_metrics(1.0, 4.0, 0.0, 5, 10.0);
        assert_relative_eq!(loss.abandon_rate, erlang_b(5, 4.0), max_relative = 1e-14);
        let nearly_loss = erlang_a_metrics(1.0, 4.0, 1e-6, 5, 10.0);
        assert_relative_eq!(
            nearly_loss.abandon_rate,
            loss.abandon_rate,
            max_relative = 1e-4
        );
        let nobody = erlang_a_metrics(1.0, 4.0, 30.0, 0, 10.0);
        assert_relative_eq!(nobody.abandon_rate, 1.0, max_relative = 1e-12);
        assert_eq!((nobody.service_level, nobody.occupancy), (0.0, 0.0));
        let t0 = erlang_a_metrics(1.0, 4.0, 30.0, 5, 0.0);
        assert_relative_eq!(t0.service_level, 1.0 - t0.p_wait, max_relative = 1e-14);
        let t_inf = erlang_a_metrics(1.0, 4.0, 30.0, 5, f64::INFINITY);
        assert_relative_eq!(
            t_inf.service_level,
            1.0 - t_inf.abandon_rate,
            max_relative = 1e-12
        );
        assert_eq!(
            erlang_a_metrics(0.0, 4.0, 30.0, 5, 10.0),
            QueueMetrics::no_traffic()
        );
    }

    #[test]
    fn staffing_is_monotone_and_minimal() {
        let (lambda, aht) = (300.0 / 3600.0, 240.0);
        for p in [None, Some(90.0), Some(600.0)] {
            let mut prev = 0;
            for target in [0.5, 0.7, 0.8, 0.9, 0.95] {
                let n = agents_for_service_level(lambda, aht, p, 20.0, target, 200).unwrap();
                assert!(n >= prev);
                prev = n;
                assert!(queue_metrics(lambda, aht, p, n, 20.0).service_level >= target);
                assert!(queue_metrics(lambda, aht, p, n - 1, 20.0).service_level < target);
            }
            let sls: Vec<f64> = (0..60)
                .map(|n| queue_metrics(lambda, aht, p, n, 20.0).service_level)
                .collect();
            assert!(sls.windows(2).all(|w| w[0] <= w[1]), "{p:?}");
        }
        let n = agents_for_abandon_rate(lambda, aht, 90.0, 0.05, 200).unwrap();
        assert!(erlang_a_metrics(lambda, aht, 90.0, n, 0.0).abandon_rate <= 0.05);
        assert!(erlang_a_metrics(lambda, aht, 90.0, n - 1, 0.0).abandon_rate > 0.05);
    }
}
