//! Skill-based routing, like an ACD:
//! - a new contact goes to an idle agent of the most preferred eligible group (longest-idle first);
//!   chats may also go to an agent already holding fewer chats than the concurrency limit;
//! - a group with an overflow delay for the type becomes eligible only once the contact has waited
//!   that long;
//! - a freed agent takes work from its contact types in serve order (priority, then skill order),
//!   oldest eligible contact first.

use super::{AState, CState, Outcome, Simulation};
use crate::calendar::Kind;
use crate::model::{Channel, Fcr, Model, Transfer};
use rand::Rng;
use std::ops::Deref;

impl<M: Deref<Target = Model>> Simulation<M> {
    /// A contact reaches the queue (after self-service): answer, block, convert to callback, or wait.
    #[inline]
    pub(super) fn offer(&mut self, c: usize) {
        self.offer_contact(c, true);
    }

    /// [`Self::offer`]; `may_call_back` is false for the contact a callback just created: a
    /// callback request is a single promise, so that contact is not offered another one
    /// (callbacks a → b → a would otherwise bounce forever at the same instant).
    fn offer_contact(&mut self, c: usize, may_call_back: bool) {
        let interval = self.cur_interval as u32;
        let stats = self.now >= self.model.warmup_s;
        let contact = &mut self.contacts[c];
        let cc = *contact;
        let t = cc.ctype as usize;
        // delayed contacts (redials, repeats) count from when they enter
        contact.arrival = self.now;
        contact.interval = interval;
        contact.stats = stats;
        if stats {
            let cell = self.ct(interval, t);
            cell.offered += 1.0;
            if cc.retry | cc.repeat | cc.transfer {
                cell.retries += cc.retry as u8 as f64;
                cell.repeats += cc.repeat as u8 as f64;
                cell.transfers_in += cc.transfer as u8 as f64;
            }
        }
        // an idle agent in an eligible group answers at once
        let (first, end) = self.answer_at[t];
        for k in first as usize..end as usize {
            let g = self.answer_groups[k] as usize;
            if let Some(a) = self.find_available(g, t) {
                self.start_service(a, c, false);
                return;
            }
        }
        let ty = &self.model.types[t];
        let overloaded = self.contacts.len() - self.free.len() > self.model.max_in_system;
        if overloaded && self.tally.overloaded_at.is_none() {
            self.tally.overloaded_at = Some(self.now);
        }
        if overloaded || ty.queue_capacity.is_some_and(|cap| self.qlen[t] >= cap) {
            {
                if stats {
                    self.ct(interval, t).blocked += 1.0;
                }
                self.record_end(c, Outcome::Blocked);
                self.release(c);
                return;
            }
        }
        if let (Some(offer), true) = (ty.callback, may_call_back) {
            let expected = self.expected_wait(t);
            if expected > offer.offer_when_wait_s
                && self.rng_choice[t].random::<f64>() < offer.accept_share
            {
                if stats {
                    self.ct(interval, t).callbacks += 1.0;
                }
                self.record_end(c, Outcome::Callback);
                self.release(c);
                let cb = self.new_contact(offer.to);
                self.record_same_caller(cb);
                self.offer_contact(cb, false);
                return;
            }
        }
        // wait in queue
        self.touch_queue(t);
        self.qlen[t] += 1;
        let gen = self.contacts[c].gen;
        self.contacts[c].state = CState::Waiting;
        self.queues[t].push_back((c as u32, gen));
        // patience is drawn only for contacts that wait: a contact answered at once never needs
        // it, so the draw (a third of the random numbers per contact) is skipped for most
        let patience = self.model.types[t]
            .patience
            .as_ref()
            .map_or(f64::INFINITY, |p| p.sample(&mut self.rng_patience[t]));
        if patience.is_finite() {
            self.deadlines.push(c as u32, self.now + patience);
        }
        // one wake-up per distinct overflow delay: the contact becomes eligible for more groups
        let (first, end) = self.wakeup_at[t];
        for k in first as usize..end as usize {
            let d = self.wakeups[k];
            if d < patience {
                self.cal
                    .schedule(self.now + d, Kind::Overflow, c as u32, gen);
            }
        }
    }

    /// Expected wait announced to a caller: contacts ahead plus one, times the mean handle time,
    /// spread over the logged-in agents of the groups that serve the type.
    fn expected_wait(&self, t: usize) -> f64 {
        let ty = &self.model.types[t];
        let staffed: u32 = ty.route.iter().map(|&g| self.glive[g].staffed).sum();
        (self.qlen[t] as f64 + 1.0) * ty.mean_service_s(self.cur_interval) / staffed.max(1) as f64
    }

    /// An agent of group `g` who can take a contact of type `t` now, removed from the idle list.
    #[inline(always)]
    fn find_available(&mut self, g: usize, t: usize) -> Option<usize> {
        while let Some(&(a, st)) = self.idle[g].front() {
            self.idle[g].pop_front();
            let ag = &self.agents[a as usize];
            if ag.state == AState::Idle && ag.stamp == st {
                return Some(a as usize);
            }
        }
        if self.channel(t) == Channel::Chat {
            let conc = self.model.types[t].concurrency as u16;
            while let Some(&(a, st)) = self.partial[g].front() {
                let ag = &self.agents[a as usize];
                let valid = ag.pstamp == st
                    && ag.state == AState::Busy
                    && ag.chat
                    && !ag.logoff_pending
                    && !ag.break_pending;
                if !valid || ag.load >= ag.cap {
                    self.partial[g].pop_front();
                    continue;
                }
                if ag.load < conc {
                    return Some(a as usize);
                }
                return None;
            }
        }
        None
    }

    /// Next contact for agent `a` from its serve order (only chats when `chat_only`).
    #[inline(always)]
    fn pick_work(&mut self, a: usize, chat_only: bool) -> Option<usize> {
        let g = self.agents[a].group as usize;
        let load = self.agents[a].load;
        let n = self.model.groups[g].serve_order.len();
        for k in 0..n {
            let t = self.model.groups[g].serve_order[k];
            if chat_only
                && (self.channel(t) != Channel::Chat
                    || load >= self.model.types[t].concurrency as u16)
            {
                continue;
            }
            let delay = self.model.groups[g].overflow_delay_s[t];
            while let Some(&(c, gen)) = self.queues[t].front() {
                let cc = &self.contacts[c as usize];
                if cc.gen != gen || cc.state != CState::Waiting {
                    self.queues[t].pop_front();
                    continue;
                }
                // compare against the same sum the wake-up was scheduled at (no rounding gap)
                if self.now >= cc.arrival + delay {
                    self.queues[t].pop_front();
                    return Some(c as usize);
                }
                break;
            }
        }
        None
    }

    /// Agent `a` answers contact `c`.
    pub(super) fn start_service(&mut self, a: usize, c: usize, from_queue: bool) {
        let cc = self.contacts[c];
        let t = cc.ctype as usize;
        if from_queue || cc.state == CState::Waiting {
            self.deadlines.remove(c as u32);
            self.touch_queue(t);
            self.qlen[t] -= 1;
        }
        let wait = self.now - cc.arrival;
        let ty = &self.model.types[t];
        let threshold = ty.sl_threshold_s;
        let slowdown = ty.chat_slowdown;
        let conc = ty.concurrency as u16;
        let chat = ty.channel == Channel::Chat;
        if cc.stats {
            let cell = self.ct(cc.interval, t);
            cell.answered += 1.0;
            cell.wait_answered_sum += wait;
            if wait <= threshold {
                cell.answered_in_threshold += 1.0;
            }
            // waits are never NaN: a plain compare instead of f64::max's NaN handling
            if wait > cell.max_wait {
                cell.max_wait = wait;
            }
            self.tally.wait_hist[t].record(wait);
        }
        let g = self.agents[a].group as usize;
        // the handle-time factor of the interval of answer scales the contact's own draws
        let by_interval = self.handle_factor_now[t];
        let mut talk = cc.handle * self.model.groups[g].handle_factor[t] * by_interval;
        if chat {
            talk *= 1.0 + slowdown * self.agents[a].load as f64;
        }
        let wrap = cc.wrap * by_interval;
        let service = talk + wrap;
        if self.records.is_some() {
            self.record_answer(c, g, wait, talk, wrap);
        }
        let contact = &mut self.contacts[c];
        contact.state = CState::InService;
        contact.service = service;
        let ag = &mut self.agents[a];
        if ag.load == 0 {
            ag.cap = if chat { conc } else { 1 };
            ag.chat = chat;
        }
        ag.load += 1;
        ag.state = AState::Busy;
        ag.talk_end = self.now + talk;
        // the share of the agent one contact takes (fractional for chat)
        let share = 1.0 / ag.cap as f64;
        self.add_busy(g, service, share);
        self.cal
            .schedule(self.now + service, Kind::Done, a as u32, c as u32);
        if chat && self.agents[a].load < self.agents[a].cap {
            let ag = &mut self.agents[a];
            ag.pstamp = ag.pstamp.wrapping_add(1);
            let st = ag.pstamp;
            self.partial[g].push_back((a as u32, st));
        }
    }

    pub(super) fn on_done(&mut self, a: usize, c: usize) {
        let cc = self.contacts[c];
        let t = cc.ctype as usize;
        let g = self.agents[a].group as usize;
        if cc.stats {
            let cell = self.ct(cc.interval, t);
            cell.handled += 1.0;
            cell.handle_sum += cc.service;
        }
        if self.now >= self.model.warmup_s {
            let i = self.cur_interval;
            let ng = self.model.groups.len();
            self.tally.by_interval_group[i * ng + g].handled += 1.0;
        }
        if self.records.is_some() {
            self.record_end(c, Outcome::Answered);
        }
        self.release(c);
        self.after_handling(t);
        let ag = &mut self.agents[a];
        ag.load -= 1;
        if ag.load == 0 {
            ag.chat = false;
        }
        self.agent_available(a);
    }

    /// First-contact resolution and transfers after a contact of type `t` is handled.
    #[inline(always)]
    fn after_handling(&mut self, t: usize) {
        if let Some(Fcr {
            rate, repeat_as, ..
        }) = self.model.types[t].fcr
        {
            if self.rng_choice[t].random::<f64>() >= rate {
                let delay = match &self.model.types[t].fcr {
                    Some(f) => f.repeat_delay.sample(&mut self.rng_delay[t]),
                    None => 0.0,
                };
                let r = self.new_contact(repeat_as);
                self.record_same_caller(r);
                self.contacts[r].repeat = true;
                self.cal
                    .schedule(self.now + delay, Kind::Enter, r as u32, 0);
            }
        }
        let n = self.model.types[t].transfers.len();
        if n > 0 {
            let u = self.rng_choice[t].random::<f64>();
            let mut acc = 0.0;
            for k in 0..n {
                let Transfer { to, share } = self.model.types[t].transfers[k];
                acc += share;
                if u < acc {
                    let x = self.new_contact(to);
                    self.record_same_caller(x);
                    self.contacts[x].transfer = true;
                    self.offer(x);
                    break;
                }
            }
        }
    }

    /// Contact `c` (waiting) reaches the end of its patience.
    pub(super) fn on_abandon(&mut self, c: usize) {
        self.deadlines.remove(c as u32);
        let cc = self.contacts[c];
        if cc.state != CState::Waiting {
            return;
        }
        let t = cc.ctype as usize;
        self.touch_queue(t);
        self.qlen[t] -= 1;
        let wait = self.now - cc.arrival;
        let short = self.model.short_abandon_s;
        if cc.stats {
            let cell = self.ct(cc.interval, t);
            cell.abandoned += 1.0;
            cell.wait_abandoned_sum += wait;
            if wait <= short {
                cell.short_abandoned += 1.0;
            }
        }
        if self.records.is_some() {
            self.record_end(c, Outcome::Abandoned);
        }
        self.release(c);
        if let Some(retry) = &self.model.types[t].retry {
            let p = retry.probability;
            if self.rng_choice[t].random::<f64>() < p {
                let delay = match &self.model.types[t].retry {
                    Some(r) => r.delay.sample(&mut self.rng_delay[t]),
                    None => 0.0,
                };
                let r = self.new_contact(t);
                self.record_same_caller(r);
                self.contacts[r].retry = true;
                self.cal
                    .schedule(self.now + delay, Kind::Enter, r as u32, 0);
            }
        }
    }

    /// A waiting contact has waited long enough for more groups (overflow delays) to become eligible.
    pub(super) fn on_overflow(&mut self, c: usize, gen: u32) {
        let cc = self.contacts[c];
        if cc.gen != gen || cc.state != CState::Waiting {
            return;
        }
        let t = cc.ctype as usize;
        for k in 0..self.model.types[t].route.len() {
            let g = self.model.types[t].route[k];
            let d = self.model.groups[g].overflow_delay_s[t];
            if d > 0.0 && self.now >= cc.arrival + d {
                if let Some(a) = self.find_available(g, t) {
                    self.start_service(a, c, true);
                    return;
                }
            }
        }
    }

    /// Agent `a` may take new work (after a contact, at log-on, after a break).
    pub(super) fn agent_available(&mut self, a: usize) {
        let g = self.agents[a].group as usize;
        if self.agents[a].load > 0 {
            // a chat agent with chats still open fills free slots with chats only
            if !self.agents[a].logoff_pending && !self.agents[a].break_pending {
                while self.agents[a].load < self.agents[a].cap {
                    match self.pick_work(a, true) {
                        Some(c) => self.start_service(a, c, true),
                        None => break,
                    }
                }
                // still a free slot: visible again to new chats
                let ag = &mut self.agents[a];
                if ag.load < ag.cap {
                    ag.pstamp = ag.pstamp.wrapping_add(1);
                    let st = ag.pstamp;
                    self.partial[g].push_back((a as u32, st));
                }
            }
            return;
        }
        if self.agents[a].logoff_pending {
            self.log_off(a);
            return;
        }
        if self.agents[a].break_pending {
            self.start_break(a);
            return;
        }
        if let Some(c) = self.pick_work(a, false) {
            self.start_service(a, c, true);
            if self.agents[a].chat {
                while self.agents[a].load < self.agents[a].cap {
                    match self.pick_work(a, true) {
                        Some(c) => self.start_service(a, c, true),
                        None => break,
                    }
                }
            }
            return;
        }
        let ag = &mut self.agents[a];
        ag.state = AState::Idle;
        ag.idle_since = self.now;
        ag.stamp = ag.stamp.wrapping_add(1);
        let st = ag.stamp;
        self.idle[g].push_back((a as u32, st));
    }
}
