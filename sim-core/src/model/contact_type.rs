//! Compiling one contact type: arrivals per interval, durations, routing-independent options.

use super::*;

pub(super) fn compile_type(
    t: &ContactTypeSpec,
    path: &str,
    geo: &Geometry,
    find_type: &dyn Fn(&str) -> Option<usize>,
    e: &mut Errors,
) -> Option<ContactType> {
    let channel = match t.channel.as_str() {
        "voice" => Channel::Voice,
        "chat" => Channel::Chat,
        "email" => Channel::Email,
        other => {
            e.push(
                format!("{path}.channel"),
                format!("must be one of voice, chat, email, got \"{other}\""),
            );
            Channel::Voice
        }
    };
    let rate_per_s = compile_arrivals(&t.arrivals, &format!("{path}.arrivals"), geo, e);
    let volume_cv = t.arrivals.volume_cv.unwrap_or(0.0);
    e.non_negative_at_most(
        &format!("{path}.arrivals.volume_cv"),
        volume_cv,
        MAX_VOLUME_CV,
    );
    let handle = t.handle_time.compile(&format!("{path}.handle_time"), e);
    let wrap = t
        .wrap_up
        .as_ref()
        .map(|w| w.compile(&format!("{path}.wrap_up"), e));
    let patience = match (&t.patience, channel) {
        (Some(_), Channel::Email) => {
            e.push(
                format!("{path}.patience"),
                "email contacts never abandon; remove patience or use channel = \"voice\"/\"chat\"",
            );
            None
        }
        (Some(p), _) => Some(p.compile(&format!("{path}.patience"), e)),
        (None, _) => None,
    };
    let (sl_threshold_s, sl_target) = match &t.service_level {
        Some(sl) => {
            e.non_negative(&format!("{path}.service_level.threshold_s"), sl.threshold_s);
            e.probability(&format!("{path}.service_level.target"), sl.target);
            (sl.threshold_s, Some(sl.target))
        }
        None => (
            if channel == Channel::Email {
                3600.0
            } else {
                20.0
            },
            None,
        ),
    };
    if let Some(a) = t.max_abandon_rate {
        e.probability(&format!("{path}.max_abandon_rate"), a);
    }
    let (concurrency, chat_slowdown) = match (&t.chat, channel) {
        (Some(c), Channel::Chat) => {
            if c.concurrency == 0 || c.concurrency > 16 {
                e.push(
                    format!("{path}.chat.concurrency"),
                    format!("must be between 1 and 16, got {}", c.concurrency),
                );
            }
            e.non_negative_at_most(&format!("{path}.chat.slowdown"), c.slowdown, MAX_SLOWDOWN);
            (c.concurrency.clamp(1, 16), c.slowdown)
        }
        (Some(_), _) => {
            e.push(
                format!("{path}.chat"),
                "only allowed with channel = \"chat\"",
            );
            (1, 0.0)
        }
        (None, _) => (1, 0.0),
    };
    if t.queue_capacity.is_some() && channel != Channel::Voice {
        e.push(
            format!("{path}.queue_capacity"),
            "only allowed with channel = \"voice\"",
        );
    }
    let retry = t.retry.as_ref().and_then(|r| {
        e.probability(&format!("{path}.retry.probability"), r.probability);
        r.delay
            .compile(&format!("{path}.retry.delay"), e)
            .map(|d| (r.probability, d))
    });
    if t.retry.is_some() && t.patience.is_none() {
        e.push(
            format!("{path}.retry"),
            "needs patience: contacts that never abandon never retry",
        );
    }
    let self_service = t.self_service.as_ref().and_then(|s| {
        e.probability(&format!("{path}.self_service.deflection"), s.deflection);
        let d = s
            .duration
            .clone()
            .unwrap_or(DistSpec::Constant { value: 60.0 });
        d.compile(&format!("{path}.self_service.duration"), e)
            .map(|d| (s.deflection, d, s.ports))
    });
    let type_ref = |p: String, id: &str, e: &mut Errors| -> Option<usize> {
        let r = find_type(id);
        if r.is_none() {
            e.push(p, format!("unknown contact type \"{id}\""));
        }
        r
    };
    let fcr = t.fcr.as_ref().and_then(|f| {
        e.probability(&format!("{path}.fcr.rate"), f.rate);
        let to = match &f.repeat_as {
            Some(id) => type_ref(format!("{path}.fcr.repeat_as"), id, e)?,
            None => find_type(&t.id)?,
        };
        f.repeat_delay
            .compile(&format!("{path}.fcr.repeat_delay"), e)
            .map(|d| (f.rate, d, to))
    });
    let mut transfers = Vec::new();
    let mut share_sum = 0.0;
    for (k, tr) in t.transfers.iter().enumerate() {
        let p = format!("{path}.transfers[{k}]");
        e.probability(&format!("{p}.share"), tr.share);
        share_sum += tr.share;
        if let Some(to) = type_ref(format!("{p}.to"), &tr.to, e) {
            transfers.push((to, tr.share));
        }
    }
    if share_sum > 1.0 + 1e-9 {
        e.push(
            format!("{path}.transfers"),
            format!("shares add up to {}, must be <= 1", fmt_num(share_sum)),
        );
    }
    let callback = t.callback.as_ref().and_then(|c| {
        e.non_negative(
            &format!("{path}.callback.offer_when_wait_s"),
            c.offer_when_wait_s,
        );
        e.probability(&format!("{path}.callback.accept_share"), c.accept_share);
        let to = type_ref(format!("{path}.callback.to"), &c.to, e)?;
        if find_type(&t.id) == Some(to) {
            e.push(
                format!("{path}.callback.to"),
                "must be another contact type than the one offering it",
            );
            return None;
        }
        Some((c.offer_when_wait_s, c.accept_share, to))
    });
    let mean_handle_s = t.handle_time.mean();
    let mean_wrap_s = t.wrap_up.as_ref().map_or(0.0, |w| w.mean());
    let mean_patience_s = t.patience.as_ref().map(|p| p.mean());
    Some(ContactType {
        id: t.id.clone(),
        channel,
        rate_per_s,
        volume_cv,
        handle: handle?,
        mean_handle_s,
        wrap: wrap.flatten(),
        mean_wrap_s,
        patience: patience.flatten(),
        mean_patience_s,
        sl_threshold_s,
        sl_target,
        max_abandon_rate: t.max_abandon_rate,
        priority: t.priority,
        queue_capacity: t.queue_capacity,
        concurrency,
        chat_slowdown,
        retry,
        self_service,
        fcr,
        transfers,
        callback,
        route: Vec::new(),
    })
}

/// Expands an arrival spec to a rate per second for every interval of the horizon.
fn compile_arrivals(a: &ArrivalSpec, path: &str, geo: &Geometry, e: &mut Errors) -> Vec<f64> {
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
        if list.len() == geo.ipd {
            (0..n).map(|i| list[i % geo.ipd].max(0.0)).collect()
        } else if list.len() == n {
            list.iter().map(|v| v.max(0.0)).collect()
        } else {
            e.push(
                format!("{path}.per_interval"),
                format!("has {} values; {}", list.len(), geo.per_interval_lengths()),
            );
            vec![0.0; n]
        }
    } else {
        let per_day = a.per_day.unwrap_or(0.0);
        e.non_negative(&format!("{path}.per_day"), per_day);
        let profile = match &a.profile {
            Some(p) if p.len() == geo.ipd => {
                for (i, v) in p.iter().enumerate() {
                    e.non_negative(&format!("{path}.profile[{i}]"), *v);
                }
                let sum: f64 = p.iter().map(|v| v.max(0.0)).sum();
                if sum <= 0.0 {
                    e.push(format!("{path}.profile"), "weights must not all be 0");
                    vec![0.0; geo.ipd]
                } else {
                    p.iter().map(|v| v.max(0.0) / sum).collect()
                }
            }
            Some(p) => {
                e.push(
                    format!("{path}.profile"),
                    format!(
                        "has {} weights; needs {} (one per interval of a day)",
                        p.len(),
                        geo.ipd
                    ),
                );
                vec![0.0; geo.ipd]
            }
            None => vec![1.0 / geo.ipd as f64; geo.ipd],
        };
        (0..n)
            .map(|i| per_day.max(0.0) * profile[i % geo.ipd])
            .collect()
    };
    if a.profile.is_some() && a.per_day.is_none() {
        e.push(format!("{path}.profile"), "only used together with per_day");
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
