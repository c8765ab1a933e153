//! Feedback loops that would never let the simulated clock advance (refused at compile time).

use super::agent_group::CheckedGroup;
use super::{ContactType, INSTANT_S};
use crate::error::Errors;

/// Refuses feedback loops that never let the clock advance: contacts that, on average, each
/// create at least one new contact in (almost) no time — e.g. a zero handle time with transfer
/// shares adding up to 1, an FCR rate of 0 with zero repeat delay and zero handle time, a
/// redial probability of 1 with zero patience and zero delay, or a callback to a type that
/// transfers straight back. Such a run would process events at one instant forever.
///
/// A contact of type t takes one of three branches: it takes a callback when offered (only a
/// contact that is not itself a callback: a callback request is a single promise), it is
/// handled (then repeats via FCR and/or is transferred), or it abandons (then may redial). A
/// branch is a loop step when its new contacts appear in under [`INSTANT_S`] on average and
/// their expected number is at least 1; a cycle of such steps is refused.
pub(super) fn check_zero_time_loops(
    types: &[ContactType],
    routes: &[Vec<usize>],
    groups: &[CheckedGroup],
    e: &mut Errors,
) {
    let n = types.len();
    // node 2t: a contact of type t; node 2t + 1: a callback contact of type t
    let mut edges: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); 2 * n];
    for (t, ty) in types.iter().enumerate() {
        // talk time at the fastest group that serves the type, plus wrap-up
        let factor = routes[t]
            .iter()
            .map(|&g| groups[g].handle_factor[t])
            .fold(f64::INFINITY, f64::min);
        let factor = if factor.is_finite() { factor } else { 1.0 };
        // … in the interval with the smallest handle-time factor
        let by_interval = ty
            .handle_time_factors
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let by_interval = if by_interval.is_finite() {
            by_interval
        } else {
            1.0
        };
        let handled_s = (ty.mean_handle_s * factor + ty.mean_wrap_s) * by_interval;
        for cb in [false, true] {
            let node = 2 * t + cb as usize;
            // callback when offered (only when the expected wait can exceed the threshold)
            if let (false, Some(offer)) = (cb, ty.callback) {
                if offer.accept_share >= 1.0 - 1e-9 && ty.mean_handle_s + ty.mean_wrap_s > 0.0 {
                    edges[node].push((2 * offer.to + 1, "callback"));
                }
            }
            // handled: an FCR repeat and / or a transfer
            let mut step: Vec<(usize, &'static str, f64)> = Vec::new();
            if let Some(f) = &ty.fcr {
                if handled_s + f.mean_repeat_delay_s < INSTANT_S {
                    step.push((2 * f.repeat_as, "repeat", 1.0 - f.rate));
                }
            }
            if handled_s < INSTANT_S {
                for tr in &ty.transfers {
                    step.push((2 * tr.to, "transfer", tr.share));
                }
            }
            if step.iter().map(|x| x.2).sum::<f64>() >= 1.0 - 1e-9 {
                edges[node].extend(step.iter().filter(|x| x.2 > 0.0).map(|x| (x.0, x.1)));
            }
            // abandoned: a redial
            if let (Some(r), Some(patience)) = (&ty.retry, ty.mean_patience_s) {
                if r.probability >= 1.0 - 1e-9 && patience + r.mean_delay_s < INSTANT_S {
                    edges[node].push((2 * t, "redial"));
                }
            }
        }
    }
    // depth-first search for a cycle (iterative: no recursion depth to worry about)
    let mut state = vec![0u8; 2 * n]; // 0 new, 1 on the path, 2 done
    for root in 0..2 * n {
        if state[root] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut k)) = path.last_mut() {
            if let Some(&(w, _)) = edges[v].get(*k) {
                *k += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        path.push((w, 0));
                    }
                    1 => {
                        // the cycle is the path from w to v, then back to w
                        let from = path.iter().position(|x| x.0 == w).unwrap_or(0);
                        let mut text = format!("\"{}\"", types[w / 2].id);
                        let mut first = w / 2;
                        for &(x, taken) in &path[from..] {
                            // the edge last taken from x leads to the next node on the loop
                            let (y, how) = edges[x][taken - 1];
                            first = first.min(y / 2);
                            text += &format!(" → \"{}\" ({how})", types[y / 2].id);
                        }
                        e.push(
                            format!("contact_types[{first}]"),
                            format!(
                                "zero-time loop {text}: every contact on it makes at least one new contact in (almost) no time, so the run would never end; make a handle time, patience or delay on the loop longer (at least 1 ms on average), or lower a share or probability below 1"
                            ),
                        );
                        return;
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                path.pop();
            }
        }
    }
}
