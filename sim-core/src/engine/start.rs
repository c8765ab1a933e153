//! Starting a replication from the state of the center at a clock time (`docs/intraday.md`), and
//! reading that state out of a running replication.
//!
//! What continues and how:
//! - a contact in service keeps its agent; its remaining talk is the handle time drawn
//!   conditioned on exceeding the talk so far ([`Sampler::sample_beyond`]), plus a fresh wrap-up
//!   (in wrap-up: the wrap-up conditioned on the wrap-up so far); with the time so far unknown,
//!   the total is length-biased and the time so far a uniform share of it;
//! - a waiting contact keeps its place (longest wait first) and its arrival time; its patience is
//!   drawn conditioned on having waited so long; overflow delays count from its arrival;
//! - shifts, breaks and off-phone blocks continue from the clock time: a break in progress ends
//!   after its remaining time, breaks already taken are not repeated, an agent of the schedule on
//!   shift but not logged in is absent for the rest of that shift.
//!
//! Statistics: contacts waiting or in self-service at the clock count as offered in the interval
//! they arrived in, with their outcome; contacts in service count as handled (in the clock's
//! interval), not again as offered or answered. Agent time counts from the clock.

use super::{AState, Agent, CState, Simulation};
use crate::calendar::Kind;
use crate::dist::Sampler;
use crate::intraday::{
    AgentStart, AgentState, AgentStatus, ContactInHand, GroupState, InHand, QueueState,
    SelfServiceState, StartPlan, StartState,
};
use crate::model::{Channel, Model};
use crate::rng::{self, streams, SimRng};
use crate::sample;
use rand::Rng;
use std::ops::Deref;

impl<M: Deref<Target = Model>> Simulation<M> {
    /// A replication that starts from `plan` (checked against this model by
    /// [`crate::intraday::plan`]) at its clock time. Fully determined by (model, seed,
    /// replication, plan).
    pub fn from_state(model: M, seed: u64, rep: u32, plan: &StartPlan) -> Self {
        Self::start_from(model, seed, rep, plan, true)
    }

    /// [`Self::from_state`]; `residual` false draws every remaining time afresh (wrong except
    /// for exponential times: kept so the consistency test can show that it detects it).
    pub(crate) fn start_from(
        model: M,
        seed: u64,
        rep: u32,
        plan: &StartPlan,
        residual: bool,
    ) -> Self {
        let mut sim = Self::blank(model, seed, rep);
        let clock = plan.clock_s;
        sim.now = clock;
        for live in &mut sim.glive {
            live.last = clock;
        }
        sim.q_last.iter_mut().for_each(|x| *x = clock);
        sim.ivr_last.iter_mut().for_each(|x| *x = clock);
        sim.enter_interval();
        let mut rng = rng::stream(seed, rep, streams::START_STATE);

        for &(t, waited) in &plan.waiting {
            sim.start_waiting(t, waited, residual, &mut rng);
        }
        for &(t, elapsed) in &plan.self_service {
            sim.start_in_self_service(t, elapsed, residual, &mut rng);
        }
        // agents: the schedule's (ids in group order, as `blank` made them), then extras
        let mut ids: Vec<Vec<usize>> = Vec::with_capacity(plan.agents.len());
        let mut a = 0usize;
        for starts in &plan.agents {
            let mut group_ids = Vec::with_capacity(starts.len());
            for start in starts {
                sim.start_agent(a, start, None, residual, &mut rng);
                group_ids.push(a);
                a += 1;
            }
            ids.push(group_ids);
        }
        for (g, extras) in plan.extras.iter().enumerate() {
            for (k, x) in extras.iter().enumerate() {
                let index = sim.model.groups[g].agents.len() + k;
                sim.agents.push(Agent::new(g as u16, index as u32));
                let a = sim.agents.len() - 1;
                sim.start_agent(a, &x.start, Some(x.logs_off_s), residual, &mut rng);
                ids[g].push(a);
            }
        }
        for t in 0..sim.model.types.len() {
            sim.schedule_next_arrival(t, clock);
        }
        // idle agents take waiting work, longest idle first
        for (g, order) in plan.idle_order.iter().enumerate() {
            for &slot in order {
                sim.agent_available(ids[g][slot]);
            }
        }
        sim
    }

    /// A contact that has waited `waited` seconds joins the back of its queue.
    fn start_waiting(&mut self, t: usize, waited: f64, residual: bool, rng: &mut SimRng) {
        let c = self.new_contact(t);
        let arrival = self.now - waited;
        let interval = self.model.interval_of(arrival.max(0.0)) as u32;
        {
            let cc = &mut self.contacts[c];
            cc.arrival = arrival;
            cc.interval = interval;
            cc.stats = arrival >= self.model.warmup_s;
            cc.state = CState::Waiting;
        }
        if self.contacts[c].stats {
            let cell = self.ct(interval, t);
            cell.arrivals += 1.0;
            cell.offered += 1.0;
        }
        self.touch_queue(t);
        self.qlen[t] += 1;
        let gen = self.contacts[c].gen;
        self.queues[t].push_back((c as u32, gen));
        let patience = match &self.model.types[t].patience {
            None => f64::INFINITY,
            Some(p) if residual => p.sample_beyond(rng, waited),
            Some(p) => waited + p.sample(rng),
        };
        if patience.is_finite() {
            self.deadlines.push(c as u32, arrival + patience);
        }
        let (first, end) = self.wakeup_at[t];
        for k in first as usize..end as usize {
            let d = self.wakeups[k];
            if d < patience && arrival + d > self.now {
                self.cal
                    .schedule(arrival + d, Kind::Overflow, c as u32, gen);
            }
        }
    }

    /// A contact `elapsed` seconds into self-service (unknown: drawn).
    fn start_in_self_service(
        &mut self,
        t: usize,
        elapsed: Option<f64>,
        residual: bool,
        rng: &mut SimRng,
    ) {
        let Some(ss) = self.model.types[t].self_service.as_ref() else {
            return;
        };
        let (share, duration) = (ss.deflection_share, ss.duration.clone());
        let (so_far, left) = remaining(&duration, elapsed, 1.0, residual, rng);
        let c = self.new_contact(t);
        let arrival = self.now - so_far;
        let interval = self.model.interval_of(arrival.max(0.0)) as u32;
        let deflect = self.rng_choice[t].random::<f64>() < share;
        {
            let cc = &mut self.contacts[c];
            cc.arrival = arrival;
            cc.interval = interval;
            cc.stats = arrival >= self.model.warmup_s;
            cc.state = CState::InIvr;
            cc.deflect = deflect;
        }
        if self.contacts[c].stats {
            self.ct(interval, t).arrivals += 1.0;
        }
        self.touch_ivr(t);
        self.ivr_busy[t] += 1;
        self.cal
            .schedule(self.now + left, Kind::IvrDone, c as u32, 0);
    }

    /// Starts agent `a` as `start` says; `logs_off` is the end of an agent beyond the schedule.
    /// An idle agent is left to [`Self::agent_available`], once everything is in place.
    fn start_agent(
        &mut self,
        a: usize,
        start: &AgentStart,
        logs_off: Option<f64>,
        residual: bool,
        rng: &mut SimRng,
    ) {
        let now = self.now;
        let g = self.agents[a].group as usize;
        let index = self.agents[a].index as usize;
        let shifts = self.model.groups[g]
            .agents
            .get(index)
            .map_or(&[][..], |p| &p.shifts[..]);
        // the shift in progress, else the next one
        let current = shifts.iter().position(|s| s.end > now);
        let on_shift = current.is_some_and(|k| shifts[k].start <= now);
        let end = match logs_off {
            Some(t) => Some(t),
            None if on_shift => current.map(|k| shifts[k].end),
            None => None,
        };
        self.agents[a].shift = current.unwrap_or(shifts.len()) as u32;
        let epoch = self.agents[a].epoch;
        let logged_in = !matches!(start, AgentStart::NotLoggedIn);
        let overtime = matches!(start, AgentStart::Busy { overtime: true, .. });
        if !logged_in && !on_shift {
            self.schedule_shift_start(a);
            return;
        }
        if overtime {
            // the shift is over: finish the contacts in hand, then log off
            if let Some(k) = shifts.iter().rposition(|s| s.end <= now) {
                self.agents[a].shift = k as u32;
            }
            self.agents[a].logoff_pending = true;
            self.glive[g].overtime += 1;
        } else {
            self.glive[g].paid += 1;
            if let Some(end) = end {
                if end < self.model.horizon_s {
                    self.cal.schedule(end, Kind::ShiftEnd, a as u32, epoch);
                }
            }
        }
        match start {
            AgentStart::NotLoggedIn => {
                self.agents[a].absent = true;
                self.glive[g].absent += 1;
            }
            AgentStart::Idle { breaks_taken } => {
                self.glive[g].staffed += 1;
                self.agents[a].brk = *breaks_taken as u32;
                self.agents[a].state = AState::Busy; // Idle once `agent_available` finds no work
                self.next_break_due_now(a);
            }
            AgentStart::Busy {
                contacts,
                breaks_taken,
                ..
            } => {
                self.glive[g].staffed += 1;
                self.agents[a].brk = *breaks_taken as u32;
                self.agents[a].state = AState::Busy;
                for h in contacts {
                    self.start_in_hand(a, h, residual, rng);
                }
                if !overtime {
                    self.next_break_due_now(a);
                }
            }
            AgentStart::Away {
                remaining_s,
                off_phone,
                activity,
                breaks_taken,
            } => {
                if *off_phone {
                    self.glive[g].off_phone += 1;
                } else {
                    self.glive[g].on_break += 1;
                }
                let ag = &mut self.agents[a];
                ag.state = AState::Break;
                ag.on_activity = if *off_phone { (*activity).max(1) } else { 0 };
                ag.brk = *breaks_taken as u32;
                self.cal
                    .schedule(now + remaining_s, Kind::BreakEnd, a as u32, epoch);
            }
        }
    }

    /// Schedules the agent's next planned break (the engine's own rule, from now).
    fn next_break_due_now(&mut self, a: usize) {
        let ag = &self.agents[a];
        let g = ag.group as usize;
        let due = self.model.groups[g]
            .agents
            .get(ag.index as usize)
            .and_then(|p| p.shifts.get(ag.shift as usize))
            .and_then(|s| s.breaks.get(ag.brk as usize))
            .map(|b| b.earliest.max(self.now));
        if let Some(at) = due {
            let epoch = self.agents[a].epoch;
            self.cal.schedule(at, Kind::BreakDue, a as u32, epoch);
        }
    }

    /// Agent `a` holds contact `h` at the clock time.
    fn start_in_hand(&mut self, a: usize, h: &InHand, residual: bool, rng: &mut SimRng) {
        let t = h.ctype;
        let g = self.agents[a].group as usize;
        let c = self.new_contact(t);
        let ty = &self.model.types[t];
        let talk_factor = self.model.groups[g].handle_factor[t] * self.handle_factor_now[t];
        let wrap_factor = self.handle_factor_now[t];
        let handle = ty.handle.clone();
        let wrap = ty.wrap.clone();
        let (chat, conc) = (ty.channel == Channel::Chat, ty.concurrency as u16);
        let (so_far, left) = if h.wrap_up {
            match &wrap {
                Some(w) => remaining(w, h.elapsed_s, wrap_factor, residual, rng),
                None => (h.elapsed_s.unwrap_or(0.0), 0.0),
            }
        } else {
            let (so_far, talk_left) = remaining(&handle, h.elapsed_s, talk_factor, residual, rng);
            (so_far, talk_left + self.contacts[c].wrap * wrap_factor)
        };
        let talk_left = if h.wrap_up {
            0.0
        } else {
            left - self.contacts[c].wrap * wrap_factor
        };
        {
            let cc = &mut self.contacts[c];
            cc.arrival = self.now;
            cc.state = CState::InService;
            cc.service = so_far + left;
            cc.stats = self.now >= self.model.warmup_s;
        }
        let ag = &mut self.agents[a];
        if ag.load == 0 {
            ag.cap = if chat { conc } else { 1 };
            ag.chat = chat;
        }
        ag.load += 1;
        ag.talk_end = ag.talk_end.max(self.now + talk_left);
        let share = 1.0 / ag.cap as f64;
        let load_left = ag.load < ag.cap;
        self.add_busy(g, left, share);
        self.cal
            .schedule(self.now + left, Kind::Done, a as u32, c as u32);
        if chat && load_left {
            let ag = &mut self.agents[a];
            ag.pstamp = ag.pstamp.wrapping_add(1);
            let st = ag.pstamp;
            self.partial[g].push_back((a as u32, st));
        }
    }

    /// The state of the center now, in the detailed form of the start-state file: every
    /// logged-in agent with their schedule index, contacts in hand with their time so far,
    /// breaks taken and time left; every waiting contact's wait; self-service times so far.
    /// Starting from it continues this replication in distribution (with fresh random numbers).
    pub fn start_state(&self) -> StartState {
        let now = self.now;
        let day = (now / 86_400.0).floor();
        let tod = (now - day * 86_400.0).round() as u64;
        let clock = format!("{:02}:{:02}:{:02}", tod / 3600, tod / 60 % 60, tod % 60);
        // contacts in hand and breaks, from the pending events
        let mut in_hand: Vec<Vec<(f64, usize)>> = vec![Vec::new(); self.agents.len()];
        let mut away_until = vec![f64::NAN; self.agents.len()];
        for ev in self.cal.pending() {
            let (a, b) = (ev.a as usize, ev.b);
            match ev.kind() {
                Kind::Done => in_hand[a].push((ev.time(), b as usize)),
                Kind::BreakEnd if self.agents[a].epoch == b => away_until[a] = ev.time(),
                _ => {}
            }
        }
        let mut groups = std::collections::BTreeMap::new();
        let mut order: Vec<usize> = (0..self.agents.len()).collect();
        // idle agents longest idle first, so a continuation keeps the idle order
        order.sort_by(|&x, &y| {
            let key = |a: usize| {
                let ag = &self.agents[a];
                if ag.state == AState::Idle {
                    ag.idle_since
                } else {
                    f64::INFINITY
                }
            };
            key(x).total_cmp(&key(y)).then(x.cmp(&y))
        });
        for a in order {
            let ag = &self.agents[a];
            let g = ag.group as usize;
            if ag.state == AState::Off || ag.absent || ag.retired {
                continue;
            }
            let plan = self.model.groups[g].agents.get(ag.index as usize);
            let planned = plan.is_some();
            // breaks taken count within the engine's current shift: only meaningful when that
            // is the schedule's shift at this time (else the state's default rule applies)
            let same_shift = plan.is_some_and(|p| {
                p.shifts
                    .iter()
                    .position(|s| s.start <= now && now < s.end)
                    .is_some_and(|k| k == ag.shift as usize)
            });
            let mut st = AgentState {
                status: AgentStatus::Idle,
                contact_type: None,
                elapsed_s: None,
                contacts: None,
                remaining_s: None,
                agent: planned.then_some(ag.index as usize),
                breaks_taken: same_shift.then_some(ag.brk as usize),
                logs_off: None,
            };
            match ag.state {
                AState::Idle | AState::Off => {}
                AState::Busy => {
                    let mut list = Vec::new();
                    in_hand[a].sort_by(|x, y| x.0.total_cmp(&y.0));
                    for &(done, c) in &in_hand[a] {
                        let cc = &self.contacts[c];
                        let t = cc.ctype as usize;
                        let answered = done - cc.service;
                        let at = self.model.interval_of(answered.max(0.0));
                        let wrap = cc.wrap * self.model.types[t].handle_factor(at);
                        let talk = cc.service - wrap;
                        let since = now - answered;
                        list.push(ContactInHand {
                            contact_type: self.model.types[t].id.clone(),
                            elapsed_s: Some(if since < talk { since } else { since - talk }),
                            wrap_up: since >= talk,
                        });
                    }
                    st.status = AgentStatus::Busy;
                    st.contacts = Some(list);
                }
                AState::Break => {
                    st.status = if ag.on_activity == 0 {
                        AgentStatus::Break
                    } else {
                        AgentStatus::OffPhone
                    };
                    st.remaining_s = Some((away_until[a] - now).max(0.0));
                }
            }
            groups
                .entry(self.model.groups[g].id.clone())
                .or_insert_with(|| GroupState {
                    agents: Some(Vec::new()),
                    ..GroupState::default()
                })
                .agents
                .as_mut()
                .expect("detailed")
                .push(st);
        }
        let mut queues = std::collections::BTreeMap::new();
        let mut self_service = std::collections::BTreeMap::new();
        for cc in &self.contacts {
            let id = &self.model.types[cc.ctype as usize].id;
            match cc.state {
                CState::Waiting => queues
                    .entry(id.clone())
                    .or_insert_with(|| QueueState {
                        waits_s: Some(Vec::new()),
                        ..QueueState::default()
                    })
                    .waits_s
                    .as_mut()
                    .expect("detailed")
                    .push(now - cc.arrival),
                CState::InIvr => self_service
                    .entry(id.clone())
                    .or_insert_with(|| SelfServiceState {
                        elapsed_s: Some(Vec::new()),
                        count: None,
                    })
                    .elapsed_s
                    .as_mut()
                    .expect("detailed")
                    .push(now - cc.arrival),
                _ => {}
            }
        }
        StartState {
            clock,
            day: Some(day as u32 + 1),
            groups,
            queues,
            self_service,
        }
    }
}

/// Time so far and time left of a duration `factor × X`, `X ~ dist`, already running for
/// `elapsed` seconds (unknown: a length-biased total with a uniform share of it elapsed).
fn remaining(
    dist: &Sampler,
    elapsed: Option<f64>,
    factor: f64,
    residual: bool,
    rng: &mut SimRng,
) -> (f64, f64) {
    match elapsed {
        Some(e) => {
            let total = if residual {
                dist.sample_beyond(rng, e / factor) * factor
            } else {
                e + dist.sample(rng) * factor
            };
            (e, (total - e).max(0.0))
        }
        None => {
            let total = if residual {
                dist.sample_length_biased(rng) * factor
            } else {
                dist.sample(rng) * factor
            };
            let so_far = sample::unit(rng) * total;
            (so_far, total - so_far)
        }
    }
}
