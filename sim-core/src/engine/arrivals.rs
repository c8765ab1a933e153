//! Arrivals: each contact type's next arrival (a piecewise-constant Poisson process, one rate
//! per interval, drawn one gap at a time and kept beside the calendar), new contacts and their
//! durations, and self-service (the IVR) before a contact reaches the queue.

use super::{integrate, CState, Contact, Outcome, Simulation};
use crate::calendar::Kind;
use crate::model::Model;
use crate::sample;
use rand::Rng;
use std::ops::Deref;

impl<M: Deref<Target = Model>> Simulation<M> {
    /// Piecewise-constant non-homogeneous Poisson: draw at the interval's rate, and if the draw
    /// passes the interval end restart there at the next rate (exact, by memorylessness).
    #[inline(always)]
    pub(super) fn schedule_next_arrival(&mut self, t: usize, from: f64) {
        let n = self.model.n_intervals;
        let (i, time) = if from >= self.interval_start && from < self.interval_end {
            // the common case, from now: one draw at the current interval's rate
            let gap = self.mean_gaps[t * n + self.cur_interval];
            if gap < f64::INFINITY {
                let x = from + sample::exp1(&mut self.rng_arrival[t]) * gap;
                if x < self.interval_end {
                    self.set_next_arrival(t, x);
                    return;
                }
            }
            (self.cur_interval + 1, self.interval_end)
        } else {
            (self.model.interval_of(from), from)
        };
        let at = self.next_arrival_from(t, i, time);
        self.set_next_arrival(t, at);
    }

    /// The next arrival of type `t` drawn from interval `i` on, starting at `time` (inside it).
    #[cold]
    pub(super) fn next_arrival_from(&mut self, t: usize, mut i: usize, mut time: f64) -> f64 {
        let interval_s = self.model.interval_s;
        let n = self.model.n_intervals;
        let gaps = &self.mean_gaps[t * n..(t + 1) * n];
        while i < n {
            let gap = gaps[i];
            let end = (i + 1) as f64 * interval_s;
            if gap < f64::INFINITY {
                let x = time + sample::exp1(&mut self.rng_arrival[t]) * gap;
                if x < end {
                    return x;
                }
            }
            time = end;
            i += 1;
        }
        f64::INFINITY
    }

    #[inline(always)]
    pub(super) fn set_next_arrival(&mut self, t: usize, at: f64) {
        self.next_arrival[t] = at;
        let (first, first_type) = self.first_arrival;
        self.first_arrival =
            if at < first || (at == first && t <= first_type) || self.next_arrival.len() == 1 {
                (at, t)
            } else {
                earliest(&self.next_arrival)
            };
    }

    /// Takes a free contact slot and draws the contact's handle and wrap-up times from its type's
    /// stream (patience is drawn only if the contact has to wait, see `offer_contact`).
    #[inline(always)]
    pub(super) fn new_contact(&mut self, t: usize) -> usize {
        let ty = &self.model.types[t];
        let handle = ty.handle.sample(&mut self.rng_handle[t]);
        let wrap = ty
            .wrap
            .as_ref()
            .map_or(0.0, |w| w.sample(&mut self.rng_handle[t]));
        let id = match self.free.pop() {
            Some(id) => id as usize,
            None => {
                self.contacts.push(Contact::EMPTY);
                self.contacts.len() - 1
            }
        };
        let gen = self.contacts[id].gen.wrapping_add(1);
        self.contacts[id] = Contact {
            arrival: self.now,
            handle,
            wrap,
            gen,
            interval: self.cur_interval as u32,
            ctype: t as u16,
            state: CState::Pending,
            stats: self.now >= self.model.warmup_s,
            ..Contact::EMPTY
        };
        id
    }

    pub(super) fn release(&mut self, c: usize) {
        self.contacts[c].state = CState::Free;
        self.contacts[c].gen = self.contacts[c].gen.wrapping_add(1);
        self.free.push(c as u32);
    }

    pub(super) fn on_arrival(&mut self, t: usize) {
        self.schedule_next_arrival(t, self.now);
        let c = self.new_contact(t);
        let cc = self.contacts[c];
        if cc.stats {
            self.ct(cc.interval, t).arrivals += 1.0;
        }
        let (share, ports) = match &self.model.types[t].self_service {
            Some(s) => (s.deflection_share, s.ports),
            None => {
                self.offer(c);
                return;
            }
        };
        let deflect = self.rng_choice[t].random::<f64>() < share;
        if ports.is_some_and(|p| self.ivr_busy[t] >= p) {
            if cc.stats {
                self.ct(cc.interval, t).ivr_blocked += 1.0;
            }
            self.offer(c);
            return;
        }
        self.touch_ivr(t);
        self.ivr_busy[t] += 1;
        let stay = match &self.model.types[t].self_service {
            Some(s) => s.duration.sample(&mut self.rng_delay[t]),
            None => 0.0,
        };
        self.contacts[c].state = CState::InIvr;
        self.contacts[c].deflect = deflect;
        self.cal
            .schedule(self.now + stay, Kind::IvrDone, c as u32, 0);
    }

    pub(super) fn on_ivr_done(&mut self, c: usize) {
        let t = self.contacts[c].ctype as usize;
        self.touch_ivr(t);
        self.ivr_busy[t] -= 1;
        if self.contacts[c].deflect {
            let cc = self.contacts[c];
            if cc.stats {
                self.ct(cc.interval, t).deflected += 1.0;
            }
            self.record_end(c, Outcome::Deflected);
            self.release(c);
        } else {
            self.offer(c);
        }
    }

    pub(super) fn touch_ivr(&mut self, t: usize) {
        let busy = self.ivr_busy[t] as f64;
        let from = self.ivr_last[t];
        self.ivr_last[t] = self.now;
        if busy == 0.0 {
            return;
        }
        let nt = self.model.types.len();
        let fast = self.span_in_current_interval(from);
        let cells = &mut self.tally.by_interval_type;
        let mut add = |i: usize, dt: f64| {
            let cell = &mut cells[i * nt + t];
            cell.ivr_area += busy * dt;
            cell.ivr_max = cell.ivr_max.max(busy);
        };
        match fast {
            Some(i) => add(i, self.now - from),
            None => integrate(&self.model, from, self.now, add),
        }
    }
}

/// Mean time between arrivals at `rate` per second (+infinity when the rate is 0).
pub(super) fn mean_gap(rate: f64) -> f64 {
    if rate > 0.0 {
        1.0 / rate
    } else {
        f64::INFINITY
    }
}

/// The earliest time in `times` and its index (the lowest index on ties).
#[inline]
pub(super) fn earliest(times: &[f64]) -> (f64, usize) {
    let mut best = (f64::INFINITY, 0);
    for (t, &x) in times.iter().enumerate() {
        if x < best.0 {
            best = (x, t);
        }
    }
    best
}
