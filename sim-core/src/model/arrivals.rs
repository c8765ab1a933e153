//! Checking a contact type's arrivals and expanding them to a rate per interval of the horizon.

use crate::error::{fmt_num, Errors};
use crate::horizon::Geometry;
use crate::scenario::ArrivalSpec;

/// Expands an arrival spec to a rate per second for every interval of the horizon.
pub(super) fn check_arrivals(
    a: &ArrivalSpec,
    path: &str,
    geo: &Geometry,
    e: &mut Errors,
) -> Vec<f64> {
    let n = geo.ipd * geo.days;
    let interval_h = 24.0 / geo.ipd as f64;
    let given = [
        a.rate_per_hour.is_some(),
        a.per_interval.is_some(),
        a.per_day.is_some(),
    ];
    let count = given.iter().filter(|x| **x).count();
    if count != 1 {
        e.push(
            path,
            "give exactly one of rate_per_hour, per_interval, or per_day (with profile)",
        );
        return vec![0.0; n];
    }
    // contacts per interval for each interval of the horizon
    let mut per_int: Vec<f64> = if let Some(r) = a.rate_per_hour {
        e.non_negative(&format!("{path}.rate_per_hour"), r);
        vec![r.max(0.0) * interval_h; n]
    } else if let Some(list) = &a.per_interval {
        for (i, v) in list.iter().enumerate() {
            e.non_negative(&format!("{path}.per_interval[{i}]"), *v);
        }
        expand_per_interval(list, &format!("{path}.per_interval"), geo, e)
            .map(|v| v.into_iter().map(|x| x.max(0.0)).collect())
            .unwrap_or_else(|| vec![0.0; n])
    } else {
        let per_day = a.per_day.unwrap_or(0.0);
        e.non_negative(&format!("{path}.per_day"), per_day);
        let profile = match &a.profile {
            Some(p) => check_profile(p, &format!("{path}.profile"), geo, e),
            None => vec![1.0 / geo.ipd as f64; geo.ipd],
        };
        let by_weekday = check_weekday_profiles(a, path, geo, e);
        (0..n)
            .map(|i| {
                let weekday = (geo.start_weekday + i / geo.ipd) % 7;
                let p = by_weekday[weekday].as_ref().unwrap_or(&profile);
                per_day.max(0.0) * p[i % geo.ipd]
            })
            .collect()
    };
    if a.profile.is_some() && a.per_day.is_none() {
        e.push(format!("{path}.profile"), "only used together with per_day");
    }
    if a.weekday_profiles.is_some() && a.per_day.is_none() {
        e.push(
            format!("{path}.weekday_profiles"),
            "only used together with per_day",
        );
    }
    if let Some(f) = &a.weekday_factors {
        if f.len() != 7 {
            e.push(
                format!("{path}.weekday_factors"),
                format!("has {} values; needs 7 (mon … sun)", f.len()),
            );
        } else {
            for (i, v) in f.iter().enumerate() {
                e.non_negative(&format!("{path}.weekday_factors[{i}]"), *v);
            }
            for (i, x) in per_int.iter_mut().enumerate() {
                let wd = (geo.start_weekday + i / geo.ipd) % 7;
                *x *= f[wd].max(0.0);
            }
        }
    }
    if let Some(s) = a.scale {
        if e.non_negative(&format!("{path}.scale"), s) {
            per_int.iter_mut().for_each(|x| *x *= s);
        }
    }
    // huge but finite values can overflow (1e308 × 10 = inf, × scale 0 = NaN)
    if let Some((i, v)) = per_int.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        e.push(
            path,
            format!(
                "the expected contacts of interval {i} (volume × weekday factor × scale) are not a finite number, got {}; use smaller values",
                fmt_num(*v)
            ),
        );
    }
    let interval_s = interval_h * 3600.0;
    per_int.into_iter().map(|c| c / interval_s).collect()
}

/// Expands a list given either per interval of a day (repeated every day) or per interval of the
/// whole horizon to one value per interval of the horizon; `None`, with an error at `path`, for
/// any other length. The one length rule of every per-interval list (`arrivals.per_interval`,
/// `handle_time_factors`).
pub(super) fn expand_per_interval(
    list: &[f64],
    path: &str,
    geo: &Geometry,
    e: &mut Errors,
) -> Option<Vec<f64>> {
    let n = geo.ipd * geo.days;
    if list.len() == geo.ipd {
        Some((0..n).map(|i| list[i % geo.ipd]).collect())
    } else if list.len() == n {
        Some(list.to_vec())
    } else {
        e.push(
            path,
            format!("has {} values; {}", list.len(), geo.per_interval_lengths()),
        );
        None
    }
}

/// An intraday profile (one weight >= 0 per interval of a day, not all 0), normalised to sum 1;
/// zeros with an error at `path` when unusable.
fn check_profile(p: &[f64], path: &str, geo: &Geometry, e: &mut Errors) -> Vec<f64> {
    if p.len() != geo.ipd {
        e.push(
            path,
            format!(
                "has {} weights; needs {} (one per interval of a day)",
                p.len(),
                geo.ipd
            ),
        );
        return vec![0.0; geo.ipd];
    }
    for (i, v) in p.iter().enumerate() {
        e.non_negative(&format!("{path}[{i}]"), *v);
    }
    let sum: f64 = p.iter().map(|v| v.max(0.0)).sum();
    if sum <= 0.0 {
        e.push(path, "weights must not all be 0");
        vec![0.0; geo.ipd]
    } else {
        p.iter().map(|v| v.max(0.0) / sum).collect()
    }
}

/// The normalised profile of each weekday that has its own (`weekday_profiles`), 0 = Monday.
fn check_weekday_profiles(
    a: &ArrivalSpec,
    path: &str,
    geo: &Geometry,
    e: &mut Errors,
) -> [Option<Vec<f64>>; 7] {
    let mut out: [Option<Vec<f64>>; 7] = Default::default();
    for (key, p) in a.weekday_profiles.iter().flatten() {
        let field = format!("{path}.weekday_profiles.{key}");
        match WEEKDAY_KEYS.iter().position(|k| k == key) {
            Some(w) => out[w] = Some(check_profile(p, &field, geo, e)),
            None => e.push(
                field,
                format!("unknown weekday \"{key}\"; use mon, tue, wed, thu, fri, sat or sun"),
            ),
        }
    }
    out
}

/// The keys of `weekday_profiles`, Monday first.
const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
