//! Checking one contact type: arrivals per interval, durations, targets and the options that do
//! not depend on routing (redial, self-service, FCR, transfers, callback).

use super::arrivals::{check_arrivals, expand_per_interval};
use super::check::Ids;
use super::{
    CallbackOffer, Channel, ContactType, Fcr, Retry, SelfService, Transfer, HANDLE_FACTOR_RANGE,
    MAX_SLOWDOWN, MAX_VOLUME_CV,
};
use crate::dist::DistSpec;
use crate::error::{fmt_num, Errors};
use crate::horizon::Geometry;
use crate::scenario::ContactTypeSpec;

/// Checks contact type `t` (at `path`); `None` when its handle time is unusable.
pub(super) fn check_type(
    t: &ContactTypeSpec,
    path: &str,
    geo: &Geometry,
    ids: &Ids,
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
    let rate_per_s = check_arrivals(&t.arrivals, &format!("{path}.arrivals"), geo, e);
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
    let handle_time_factors = t.handle_time_factors.as_ref().and_then(|f| {
        let p = format!("{path}.handle_time_factors");
        let (lo, hi) = HANDLE_FACTOR_RANGE;
        let ok = f.iter().enumerate().fold(true, |ok, (i, v)| {
            e.between(&format!("{p}[{i}]"), *v, lo, hi) && ok
        });
        expand_per_interval(f, &p, geo, e).filter(|_| ok)
    });
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
            if let Some(target) = sl.target {
                e.probability(&format!("{path}.service_level.target"), target);
            }
            (sl.threshold_s, sl.target)
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
            .map(|delay| Retry {
                probability: r.probability,
                delay,
                mean_delay_s: r.delay.mean(),
            })
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
            .map(|duration| SelfService {
                deflection_share: s.deflection,
                duration,
                ports: s.ports,
            })
    });
    let type_ref = |p: String, id: &str, e: &mut Errors| -> Option<usize> {
        let r = ids.find_type(id);
        if r.is_none() {
            e.push(p, format!("unknown contact type \"{id}\""));
        }
        r
    };
    let fcr = t.fcr.as_ref().and_then(|f| {
        e.probability(&format!("{path}.fcr.rate"), f.rate);
        let to = match &f.repeat_as {
            Some(id) => type_ref(format!("{path}.fcr.repeat_as"), id, e)?,
            None => ids.find_type(&t.id)?,
        };
        f.repeat_delay
            .compile(&format!("{path}.fcr.repeat_delay"), e)
            .map(|repeat_delay| Fcr {
                rate: f.rate,
                repeat_delay,
                mean_repeat_delay_s: f.repeat_delay.mean(),
                repeat_as: to,
            })
    });
    let mut transfers = Vec::new();
    let mut share_sum = 0.0;
    for (k, tr) in t.transfers.iter().enumerate() {
        let p = format!("{path}.transfers[{k}]");
        e.probability(&format!("{p}.share"), tr.share);
        share_sum += tr.share;
        if let Some(to) = type_ref(format!("{p}.to"), &tr.to, e) {
            transfers.push(Transfer {
                to,
                share: tr.share,
            });
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
        if ids.find_type(&t.id) == Some(to) {
            e.push(
                format!("{path}.callback.to"),
                "must be another contact type than the one offering it",
            );
            return None;
        }
        Some(CallbackOffer {
            offer_when_wait_s: c.offer_when_wait_s,
            accept_share: c.accept_share,
            to,
        })
    });
    let mean_handle_s = t.handle_time.mean();
    let mean_wrap_s = t.wrap_up.as_ref().map_or(0.0, |w| w.mean());
    let mean_patience_s = t.patience.as_ref().map(|p| p.mean());
    Some(ContactType {
        id: t.id.clone(),
        channel,
        rate_per_s,
        volume_cv,
        volume_leader: 0, // set by `check_volume_groups` once every type is known
        handle: handle?,
        handle_spec: t.handle_time.clone(),
        mean_handle_s,
        wrap: wrap.flatten(),
        mean_wrap_s,
        handle_time_factors,
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
