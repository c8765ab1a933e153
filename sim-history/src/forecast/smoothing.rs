//! The level-trend model: damped-trend exponential smoothing of daily totals with multiplicative
//! weekday factors (Holt–Winters), on the calendar with missing days skipped, times an intraday
//! profile per weekday.
//!
//! For each usable day *d* in order, with *g* calendar days since the previous usable day and
//! weekday factor *S*ₘ of its weekday *w*:
//!
//! ```text
//! predicted level  P = L + T·(φ + φ² + … + φᵍ)
//! level            L ← α·y/Sₘ + (1 − α)·P
//! trend            T ← β·(L − L_prev)/g + (1 − β)·φᵍ·T
//! weekday factor   Sₘ ← γ·y/L + (1 − γ)·Sₘ
//! forecast h days after the last usable day:  (L + T·(φ + … + φʰ))·Sₘ
//! ```
//!
//! The model is fitted on the last 52 weeks before the origin (older days barely weigh in an
//! exponential smoothing with these rates). Initial level and factors come from the first four weeks of usable days (factor = weekday mean
//! ÷ overall mean; a weekday first seen later starts at its first value ÷ the predicted level).
//! α, β, γ, φ are chosen on a small grid by the one-day-ahead squared error after those four weeks.
//! The `augurs-ets` crate was evaluated for this and not used: it needs a gap-free series, and its
//! AutoETS took about 60 ms per fit on two years of days (the backtest needs dozens of fits); see
//! docs/history.md.

use super::methods::PROFILE_WEEKS;
use super::series::Series;

const ALPHAS: [f64; 5] = [0.05, 0.1, 0.2, 0.3, 0.5];
const BETAS: [f64; 3] = [0.0, 0.02, 0.1];
const GAMMAS: [f64; 4] = [0.05, 0.1, 0.2, 0.35];
const PHIS: [f64; 4] = [0.8, 0.9, 0.98, 1.0];
/// Calendar days of history the model is fitted on (the latest).
const FIT_DAYS: usize = 364;
/// Calendar days of the initialisation window.
const INIT_DAYS: usize = 28;
/// The longest horizon the parameters are chosen for (days).
const MAX_HORIZON: usize = 14;
/// Errors beyond this many scales are clipped in the updates.
const CLIP: f64 = 2.0;
/// Smoothing rate of the error scale.
const SCALE_RATE: f64 = 0.1;

#[derive(Debug, Clone, Copy)]
struct State {
    level: f64,
    trend: f64,
    season: [f64; 7],
    seen: [bool; 7],
    /// Smoothed absolute one-day error of the daily total.
    scale: f64,
}

/// The model fitted on the usable days before an origin.
#[derive(Debug, Clone)]
pub struct LevelTrendFit {
    state: State,
    phi: f64,
    /// The last usable day before the origin.
    last: usize,
    /// Per weekday, `ipd` shares summing to 1 (all zero for a weekday never seen).
    profile: Vec<f64>,
    /// Multiplier of month-turn days (see [`month_turn_factor`]).
    month_turn: f64,
    /// Weekdays with a usable day before the origin (the center's open weekdays).
    open: [bool; 7],
}

fn damp_sum(phi: f64, h: usize) -> f64 {
    let (mut s, mut p) = (0.0, 1.0);
    for _ in 0..h {
        p *= phi;
        s += p;
    }
    s
}

/// Runs the recursion over `days`; returns the squared error of the forecasts made from every day
/// at or after `score_from` with weekday `score_weekday` for the usable days up to `horizon` days
/// ahead, and the final state.
#[allow(clippy::too_many_arguments)] // the recursion's inputs, all read-only
fn run(
    days: &[usize],
    s: &Series,
    turn: &[f64],
    init: &State,
    params: [f64; 4],
    score_from: usize,
    score_weekday: usize,
    horizon: usize,
) -> (f64, State) {
    let [alpha, beta, gamma, phi] = params;
    let mut damp = [0.0; MAX_HORIZON + 1];
    let mut power = [1.0; MAX_HORIZON + 1];
    for h in 1..=MAX_HORIZON {
        power[h] = power[h - 1] * phi;
        damp[h] = damp[h - 1] + power[h];
    }
    let horizon = horizon.clamp(1, MAX_HORIZON);
    let mut st = *init;
    let mut sse = 0.0;
    let mut prev = days[0];
    for (k, &d) in days.iter().enumerate() {
        let y = s.totals[d] / turn[k];
        let w = s.weekday(d);
        let g = if k == 0 { 1 } else { d - prev };
        let (phig, damp_g) = if g <= MAX_HORIZON {
            (power[g], damp[g])
        } else {
            (phi.powi(g as i32), damp_sum(phi, g))
        };
        let predicted = st.level + st.trend * damp_g;
        if !st.seen[w] {
            st.seen[w] = true;
            st.season[w] = if predicted > 0.0 { y / predicted } else { 1.0 };
        }
        // Robust update: an error beyond 2 scales is clipped (a catch-up day after a holiday does
        // not move the level); the scale is an exponentially smoothed absolute error.
        let sw = st.season[w];
        let fit = predicted.max(0.0) * sw;
        let e = y - fit;
        let y = if k > 0 && st.scale > 0.0 {
            fit + e.clamp(-CLIP * st.scale, CLIP * st.scale)
        } else {
            y
        };
        st.scale = if st.scale > 0.0 {
            SCALE_RATE * e.abs().min(CLIP * st.scale) + (1.0 - SCALE_RATE) * st.scale
        } else {
            e.abs()
        };
        let old = st.level;
        st.level = if sw > 0.0 {
            alpha * y / sw + (1.0 - alpha) * predicted
        } else {
            predicted
        };
        if k > 0 {
            st.trend = beta * (st.level - old) / g as f64 + (1.0 - beta) * phig * st.trend;
        }
        if st.level > 0.0 {
            st.season[w] = gamma * y / st.level + (1.0 - gamma) * sw;
        }
        prev = d;
        if d >= score_from && s.weekday(d) == score_weekday {
            for (j, &t) in days[k + 1..]
                .iter()
                .take_while(|&&t| t - d <= horizon)
                .enumerate()
            {
                let wt = s.weekday(t);
                if st.seen[wt] {
                    let f = (st.level + st.trend * damp[t - d]).max(0.0)
                        * st.season[wt]
                        * turn[k + 1 + j];
                    let e = s.totals[t] - f;
                    sse += e * e;
                }
            }
        }
    }
    (sse, st)
}

impl LevelTrendFit {
    /// Fits on the usable days before `origin`.
    pub fn fit(s: &Series, origin: usize, horizon: usize) -> LevelTrendFit {
        let end = origin.min(s.n_days());
        let days: Vec<usize> = (end.saturating_sub(FIT_DAYS)..end)
            .filter(|&d| s.usable[d])
            .collect();
        let profile = profiles(s, origin);
        let Some(&first) = days.first() else {
            return LevelTrendFit {
                state: State {
                    level: 0.0,
                    trend: 0.0,
                    season: [0.0; 7],
                    seen: [false; 7],
                    scale: 0.0,
                },
                phi: 1.0,
                last: 0,
                profile,
                month_turn: 1.0,
                open: [false; 7],
            };
        };
        let (mut sum, mut n) = ([0.0; 7], [0usize; 7]);
        for &d in days.iter().take_while(|&&d| d < first + INIT_DAYS) {
            sum[s.weekday(d)] += s.totals[d];
            n[s.weekday(d)] += 1;
        }
        let seen_w = n.iter().filter(|&&k| k > 0).count() as f64;
        let mean_all = (0..7)
            .filter(|&w| n[w] > 0)
            .map(|w| sum[w] / n[w] as f64)
            .sum::<f64>()
            / seen_w;
        let mut init = State {
            level: mean_all,
            trend: 0.0,
            season: [0.0; 7],
            seen: [false; 7],
            scale: 0.0,
        };
        for w in 0..7 {
            if n[w] > 0 && mean_all > 0.0 {
                init.season[w] = sum[w] / n[w] as f64 / mean_all;
                init.seen[w] = true;
            }
        }
        let mut open = [false; 7];
        for &d in &days {
            open[s.weekday(d)] = true;
        }
        let flags = s.month_turn_flags(end, &open);
        let month_turn = month_turn_factor(s, &days, &flags);
        let turn: Vec<f64> = days
            .iter()
            .map(|&d| if flags[d] { month_turn } else { 1.0 })
            .collect();
        let score_from = first + INIT_DAYS;
        // forecasts are scored from the weekday before the origin's, as they are made in use
        let score_weekday = s.weekday(origin + 6);
        let mut best = (f64::INFINITY, init, 1.0);
        for &alpha in &ALPHAS {
            for &beta in &BETAS {
                for &gamma in &GAMMAS {
                    for &phi in &PHIS {
                        let (sse, st) = run(
                            &days,
                            s,
                            &turn,
                            &init,
                            [alpha, beta, gamma, phi],
                            score_from,
                            score_weekday,
                            horizon,
                        );
                        if sse < best.0 {
                            best = (sse, st, phi);
                        }
                    }
                }
            }
        }
        LevelTrendFit {
            state: best.1,
            phi: best.2,
            last: *days.last().expect("not empty"),
            profile,
            month_turn,
            open,
        }
    }

    /// The forecast daily total of day `t` (after the last usable day).
    pub fn total(&self, s: &Series, t: usize) -> f64 {
        let w = s.weekday(t);
        if !self.state.seen[w] {
            return 0.0;
        }
        let h = t.saturating_sub(self.last).max(1);
        let level = self.state.level + self.state.trend * damp_sum(self.phi, h);
        let turn = if s.is_month_turn(t, &self.open) {
            self.month_turn
        } else {
            1.0
        };
        (level * self.state.season[w] * turn).max(0.0)
    }

    /// Writes day `t`'s forecast per interval into `out`.
    pub fn day(&self, s: &Series, t: usize, out: &mut [f64]) {
        let total = self.total(s, t);
        let w = s.weekday(t);
        let shares = &self.profile[w * s.ipd..(w + 1) * s.ipd];
        for (o, sh) in out.iter_mut().zip(shares) {
            *o = total * sh;
        }
    }
}

/// Intraday shares per weekday: the mean of each usable day's shares over the last
/// [`PROFILE_WEEKS`] days of that weekday before `origin`.
fn profiles(s: &Series, origin: usize) -> Vec<f64> {
    let ipd = s.ipd;
    let mut profile = vec![0.0; 7 * ipd];
    for w in 0..7 {
        let out = &mut profile[w * ipd..(w + 1) * ipd];
        let mut n = 0.0;
        // any day with weekday w stands for it in same_weekday_before
        let probe = w + 7 - s.weekday0 % 7;
        for d in s
            .same_weekday_before(origin, probe)
            .filter(|&d| s.totals[d] > 0.0)
            .take(PROFILE_WEEKS)
        {
            let total = s.totals[d];
            for (o, y) in out.iter_mut().zip(s.day(d)) {
                *o += y / total;
            }
            n += 1.0;
        }
        if n > 0.0 {
            out.iter_mut().for_each(|o| *o /= n);
        }
    }
    profile
}

/// Month-turn days (the first two and the last open day of a month: statements, salaries and bills
/// move a bank's or a utility's volume) against their neighbours: the median over usable month-turn
/// days of the day's total ÷ the mean total of the usable non-turn days of the same weekday one and
/// two weeks before and after. 1 with fewer than [`MIN_TURN_DAYS`] such days.
fn month_turn_factor(s: &Series, days: &[usize], flags: &[bool]) -> f64 {
    let end = days.last().map_or(0, |&d| d + 1);
    let plain = |d: usize| d < end && s.usable[d] && !flags[d];
    let mut ratios: Vec<f64> = Vec::new();
    for &d in days {
        if !flags[d] {
            continue;
        }
        let near: Vec<f64> = [
            d.checked_sub(14),
            d.checked_sub(7),
            Some(d + 7),
            Some(d + 14),
        ]
        .into_iter()
        .flatten()
        .filter(|&x| plain(x))
        .map(|x| s.totals[x])
        .collect();
        if near.len() >= 2 {
            let base = near.iter().sum::<f64>() / near.len() as f64;
            if base > 0.0 {
                ratios.push(s.totals[d] / base);
            }
        }
    }
    if ratios.len() < MIN_TURN_DAYS {
        return 1.0;
    }
    ratios.sort_by(|a, b| a.total_cmp(b));
    let n = ratios.len();
    if n % 2 == 1 {
        ratios[n / 2]
    } else {
        0.5 * (ratios[n / 2 - 1] + ratios[n / 2])
    }
}

/// Month-turn days needed to estimate their factor.
const MIN_TURN_DAYS: usize = 3;
