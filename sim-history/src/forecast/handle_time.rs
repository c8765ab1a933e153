//! Forecast average handle time per interval: the handled-weighted mean AHT of the same interval
//! and weekday over the last [`AHT_WEEKS`] usable days of that weekday; where those have no handled
//! contacts, the handled-weighted mean over every usable day of the last [`AHT_WEEKS`] weeks.

use super::series::Series;
use crate::history::{IntervalHistory, TypeHistory};

/// Weeks of AHT history used.
pub const AHT_WEEKS: usize = 4;

/// Per interval of the horizon the forecast AHT, and the overall recent mean; `None` when the
/// history has no `aht_s` or no handled contact with an AHT before `start`.
pub(super) fn forecast_aht(
    h: &IntervalHistory,
    t: &TypeHistory,
    s: &Series,
    start: usize,
    days: usize,
) -> Option<(Vec<f64>, f64)> {
    let aht = t.aht_s.as_ref()?;
    let weight = t.handled.as_ref().unwrap_or(&t.offered);
    let ipd = s.ipd;
    let end = start.min(h.n_days);
    let (mut num, mut den) = (0.0, 0.0);
    for d in (end.saturating_sub(AHT_WEEKS * 7)..end).filter(|&d| s.usable[d]) {
        for i in d * ipd..(d + 1) * ipd {
            if aht[i].is_finite() && weight[i] > 0.0 {
                num += aht[i] * weight[i];
                den += weight[i];
            }
        }
    }
    if den <= 0.0 {
        return None;
    }
    let mean = num / den;
    let mut out = vec![mean; days * ipd];
    for k in 0..days {
        let recent: Vec<usize> = s
            .same_weekday_before(start, start + k)
            .take(AHT_WEEKS)
            .collect();
        for p in 0..ipd {
            let (mut n, mut w) = (0.0, 0.0);
            for &d in &recent {
                let i = d * ipd + p;
                if aht[i].is_finite() && weight[i] > 0.0 {
                    n += aht[i] * weight[i];
                    w += weight[i];
                }
            }
            if w > 0.0 {
                out[k * ipd + p] = n / w;
            }
        }
    }
    Some((out, mean))
}
