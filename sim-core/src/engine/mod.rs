//! The discrete-event engine: one replication of a compiled [`Model`].
//!
//! Contacts and agents live in arrays indexed by id; contact slots are reused through a free list,
//! so after warm-up the event loop allocates nothing. Stale events (an abandonment for a contact
//! already answered, a break of a shift that ended) are skipped by generation / epoch checks.
//!
//! The module is split by job: this file holds the state, the event loop and the interval
//! bookkeeping; `arrivals.rs` generates contacts and runs self-service; `routing.rs` offers
//! contacts to agents and queues; `agents.rs` runs shifts, breaks and agent time; `live.rs`
//! reads and changes a running replication for the trainer view.

mod agents;
mod arrivals;
mod live;
mod records;
mod routing;
mod start;

use arrivals::mean_gap;

pub use live::Snapshot;
pub use records::{ContactRecord, Outcome};

use crate::calendar::{Calendar, DeadlineHeap, Kind};
use crate::model::{Channel, Model};
use crate::rng::{self, streams, SimRng};
use crate::sample;
use crate::tally::{ContactTally, GroupTally, ReplicationTally, WaitHistogram};
use std::collections::VecDeque;
use std::ops::Deref;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CState {
    Free,
    /// Scheduled to arrive later (redial, repeat).
    Pending,
    InIvr,
    Waiting,
    InService,
}

#[derive(Debug, Clone, Copy)]
struct Contact {
    arrival: f64,
    /// Base handle time drawn at creation (before group proficiency and chat slowdown).
    handle: f64,
    wrap: f64,
    /// Talk + wrap actually given (set at answer).
    service: f64,
    gen: u32,
    interval: u32,
    ctype: u16,
    state: CState,
    stats: bool,
    deflect: bool,
    retry: bool,
    repeat: bool,
    transfer: bool,
}

impl Contact {
    const EMPTY: Contact = Contact {
        arrival: 0.0,
        handle: 0.0,
        wrap: 0.0,
        service: 0.0,
        gen: 0,
        interval: 0,
        ctype: 0,
        state: CState::Free,
        stats: false,
        deflect: false,
        retry: false,
        repeat: false,
        transfer: false,
    };
}

/// What an agent is doing, as shown in the trainer view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum AgentActivity {
    Off = 0,
    Idle = 1,
    Talking = 2,
    WrapUp = 3,
    Break = 4,
    Absent = 5,
    OffPhone = 6,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AState {
    Off,
    Idle,
    Busy,
    Break,
}

#[derive(Debug, Clone)]
struct Agent {
    group: u16,
    /// Index of the agent inside its group (for the schedule plan and absence draws).
    index: u32,
    state: AState,
    load: u16,
    cap: u16,
    chat: bool,
    absent: bool,
    logoff_pending: bool,
    break_pending: bool,
    on_activity: u16,
    /// Stamp of the agent's newest idle-list entry.
    stamp: u32,
    /// Stamp of the agent's newest partial-chat-list entry.
    pstamp: u32,
    /// Bumped at shift end: invalidates the shift's pending break events.
    epoch: u32,
    shift: u32,
    brk: u32,
    talk_end: f64,
    /// When the agent last became idle (orders the idle list of a state taken mid-run).
    idle_since: f64,
    /// Trainer: removed agents finish their contact and never log on again.
    retired: bool,
}

/// Live integration state of one group (counts of agents by activity).
#[derive(Debug, Clone, Default)]
struct GroupLive {
    staffed: u32,
    paid: u32,
    on_break: u32,
    off_phone: u32,
    absent: u32,
    overtime: u32,
    last: f64,
}

/// One replication in progress. Use [`run_replication`] for a whole run, or drive it step by step
/// with [`Simulation::advance_to`] (the trainer view does).
pub struct Simulation<M: Deref<Target = Model>> {
    model: M,
    seed: u64,
    rep: u32,
    now: f64,
    cal: Calendar,
    /// Patience deadlines of waiting contacts (removed when answered).
    deadlines: DeadlineHeap,
    contacts: Vec<Contact>,
    free: Vec<u32>,
    agents: Vec<Agent>,
    queues: Vec<VecDeque<(u32, u32)>>,
    qlen: Vec<u32>,
    q_last: Vec<f64>,
    ivr_busy: Vec<u32>,
    ivr_last: Vec<f64>,
    idle: Vec<VecDeque<(u32, u32)>>,
    partial: Vec<VecDeque<(u32, u32)>>,
    glive: Vec<GroupLive>,
    rng_arrival: Vec<SimRng>,
    rng_handle: Vec<SimRng>,
    rng_patience: Vec<SimRng>,
    rng_choice: Vec<SimRng>,
    rng_delay: Vec<SimRng>,
    /// Time of each contact type's next arrival (+infinity when none is due before the horizon).
    /// Arrivals are kept here instead of in the calendar: there is exactly one per type.
    next_arrival: Vec<f64>,
    /// The earliest of `next_arrival` and its type.
    first_arrival: (f64, usize),
    /// Routing tables flattened out of the model (read on every contact, so one indirection):
    /// for type `t`, `answer_groups[answer_at[t].0..answer_at[t].1]` are the groups that may
    /// answer at once (no overflow delay), most preferred first; `wakeups[wakeup_at[t]..]` the
    /// distinct positive overflow delays, in route order.
    answer_groups: Vec<u32>,
    answer_at: Vec<(u32, u32)>,
    wakeups: Vec<f64>,
    wakeup_at: Vec<(u32, u32)>,
    /// Mean time between arrivals (1 / rate, +infinity for none) per type × interval, with the
    /// day's volume factor applied; type-major. Stored inverted so drawing a gap multiplies.
    mean_gaps: Vec<f64>,
    cur_interval: usize,
    interval_start: f64,
    interval_end: f64,
    /// Where the current interval's statistics start: its start, or the warm-up end if later.
    /// A time span from here to `stats_end` falls in one tally cell.
    stats_start: f64,
    /// Where the current interval's statistics end: its end, or the horizon for the last one.
    stats_end: f64,
    /// The same for the next interval (the horizon when the current one is the last), and the
    /// next interval's index (the current one when it is the last).
    next_stats_end: f64,
    next_interval: usize,
    /// Each contact type's handle-time factor in the current interval (1 without factors).
    handle_factor_now: Vec<f64>,
    tally: ReplicationTally,
    finished: bool,
    /// The contact-record sink (`None`: off, the default).
    records: Option<Box<records::Recorder>>,
}

/// Runs one whole replication: fully determined by (model, seed, replication index).
pub fn run_replication(model: &Model, seed: u64, replication: u32) -> ReplicationTally {
    let mut sim = Simulation::new(model, seed, replication);
    sim.advance_to(model.horizon_s);
    sim.finish()
}

/// [`run_replication`] that also returns one [`ContactRecord`] per contact counted in the
/// statistics. The tallies are bit-identical to [`run_replication`]'s.
pub fn run_replication_with_records(
    model: &Model,
    seed: u64,
    replication: u32,
) -> (ReplicationTally, Vec<ContactRecord>) {
    let mut sim = Simulation::new(model, seed, replication);
    sim.record_contacts();
    sim.finish_with_records()
}

impl<M: Deref<Target = Model>> Simulation<M> {
    pub fn new(model: M, seed: u64, rep: u32) -> Self {
        let mut sim = Self::blank(model, seed, rep);
        sim.enter_interval();
        for t in 0..sim.model.types.len() {
            sim.schedule_next_arrival(t, 0.0);
        }
        for a in 0..sim.agents.len() {
            sim.schedule_shift_start(a);
        }
        sim
    }

    /// An empty center at time 0 with nothing scheduled: the common part of [`Self::new`] and
    /// [`Self::from_state`].
    fn blank(model: M, seed: u64, rep: u32) -> Self {
        let nt = model.types.len();
        let ng = model.groups.len();
        let ni = model.n_intervals;
        let per_type = |base: u64| -> Vec<SimRng> {
            (0..nt)
                .map(|t| rng::stream(seed, rep, base + t as u64 * streams::STRIDE))
                .collect()
        };
        let ipd = model.intervals_per_day;
        let days = ni / ipd;
        let mut day_factor = vec![1.0; nt * days];
        for (t, ct) in model.types.iter().enumerate() {
            if ct.volume_leader != t {
                // a shared forecast error: the group's first type has drawn it already
                let l = ct.volume_leader;
                for d in 0..days {
                    day_factor[t * days + d] = day_factor[l * days + d];
                }
                continue;
            }
            if ct.volume_cv > 0.0 {
                let mut r = rng::stream(seed, rep, streams::VOLUME + t as u64 * streams::STRIDE);
                let k = 1.0 / (ct.volume_cv * ct.volume_cv);
                for d in 0..days {
                    day_factor[t * days + d] = sample::gamma(&mut r, k) / k;
                }
            }
        }
        let mean_gaps: Vec<f64> = model
            .types
            .iter()
            .enumerate()
            .flat_map(|(t, ct)| {
                let day_factor = &day_factor;
                ct.rate_per_s
                    .iter()
                    .enumerate()
                    .map(move |(i, r)| mean_gap(r * day_factor[t * days + i / ipd]))
            })
            .collect();
        let (mut answer_groups, mut answer_at) = (Vec::new(), Vec::with_capacity(nt));
        let (mut wakeups, mut wakeup_at) = (Vec::new(), Vec::with_capacity(nt));
        for (t, ty) in model.types.iter().enumerate() {
            let (first_group, first_wakeup) = (answer_groups.len(), wakeups.len());
            for &g in &ty.route {
                let d = model.groups[g].overflow_delay_s[t];
                if d <= 0.0 {
                    answer_groups.push(g as u32);
                } else if !wakeups[first_wakeup..].contains(&d) {
                    wakeups.push(d);
                }
            }
            answer_at.push((first_group as u32, answer_groups.len() as u32));
            wakeup_at.push((first_wakeup as u32, wakeups.len() as u32));
        }
        let mut agents = Vec::new();
        for (g, grp) in model.groups.iter().enumerate() {
            for i in 0..grp.agents.len() {
                agents.push(Agent::new(g as u16, i as u32));
            }
        }
        Simulation {
            seed,
            rep,
            now: 0.0,
            cal: Calendar::with_capacity(1024 + agents.len() * 2),
            deadlines: DeadlineHeap::with_capacity(1024),
            contacts: Vec::with_capacity(1024),
            free: Vec::with_capacity(1024),
            queues: (0..nt).map(|_| VecDeque::with_capacity(256)).collect(),
            qlen: vec![0; nt],
            q_last: vec![0.0; nt],
            ivr_busy: vec![0; nt],
            ivr_last: vec![0.0; nt],
            idle: (0..ng).map(|_| VecDeque::with_capacity(64)).collect(),
            partial: (0..ng).map(|_| VecDeque::new()).collect(),
            glive: vec![GroupLive::default(); ng],
            rng_arrival: per_type(streams::ARRIVALS),
            rng_handle: per_type(streams::HANDLE),
            rng_patience: per_type(streams::PATIENCE),
            rng_choice: per_type(streams::ROUTING_CHOICES),
            rng_delay: per_type(streams::DELAYS),
            next_arrival: vec![f64::INFINITY; nt],
            first_arrival: (f64::INFINITY, 0),
            tally: ReplicationTally {
                replication: rep,
                by_type: vec![ContactTally::default(); nt],
                by_interval_type: vec![ContactTally::default(); ni * nt],
                by_group: vec![GroupTally::default(); ng],
                by_interval_group: vec![GroupTally::default(); ni * ng],
                wait_hist: vec![WaitHistogram::default(); nt],
                events: 0,
                volume_factors: day_factor,
                overloaded_at: None,
            },
            mean_gaps,
            answer_groups,
            answer_at,
            wakeups,
            wakeup_at,
            cur_interval: 0,
            interval_start: 0.0,
            interval_end: 0.0,
            stats_start: 0.0,
            stats_end: 0.0,
            next_stats_end: 0.0,
            next_interval: 0,
            handle_factor_now: vec![1.0; nt],
            agents,
            model,
            finished: false,
            records: None,
        }
    }

    /// The model being simulated.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Current simulated time in seconds.
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Processes every event up to time `t` (capped at the horizon).
    pub fn advance_to(&mut self, t: f64) {
        let t = t.min(self.model.horizon_s);
        // Three sources of events, merged by time: the calendar, the patience deadlines and the
        // next arrival of each type. On equal times the calendar goes first, then arrivals, then
        // abandonments (a fixed rule, so runs stay deterministic).
        loop {
            let next = self.cal.next_time();
            let (arrival, arrival_type) = self.first_arrival;
            let deadline = self.deadlines.peek();
            if deadline.0 < next && deadline.0 < arrival {
                if deadline.0 > t {
                    break;
                }
                self.step_to(deadline.0);
                self.on_abandon(deadline.1 as usize);
                continue;
            }
            if arrival < next {
                if arrival > t {
                    break;
                }
                self.step_to(arrival);
                self.on_arrival(arrival_type);
                continue;
            }
            if next > t {
                break;
            }
            let ev = self.cal.pop().expect("peeked");
            self.step_to(next);
            let (a, b) = (ev.a as usize, ev.b);
            match ev.kind() {
                Kind::Enter => self.offer(a),
                Kind::IvrDone => self.on_ivr_done(a),
                Kind::Done => self.on_done(a, b as usize),
                Kind::Overflow => self.on_overflow(a, b),
                Kind::ShiftStart => self.on_shift_start(a),
                Kind::ShiftEnd => self.on_shift_end(a, b),
                Kind::BreakDue => self.on_break_due(a, b),
                Kind::BreakEnd => self.on_break_end(a, b),
            }
        }
        self.now = self.now.max(t);
        if self.now >= self.interval_end {
            self.enter_interval();
        }
    }

    /// Moves the clock to the time of the event about to run.
    #[inline(always)]
    fn step_to(&mut self, time: f64) {
        self.now = time;
        if time >= self.interval_end {
            self.enter_interval();
        }
        self.tally.events += 1;
    }

    /// Updates the cached interval of `now` (intervals are crossed far less often than events).
    fn enter_interval(&mut self) {
        let m = &self.model;
        self.cur_interval = m.interval_of(self.now);
        self.interval_start = self.cur_interval as f64 * m.interval_s;
        // the last interval ends at the horizon too: only events at exactly the horizon come
        // back here, and find the same (last) interval
        self.interval_end = (self.cur_interval + 1) as f64 * m.interval_s;
        self.stats_start = self.interval_start.max(m.warmup_s);
        self.stats_end = self.interval_end.min(m.horizon_s);
        self.next_interval = (self.cur_interval + 1).min(m.n_intervals - 1);
        self.next_stats_end = ((self.cur_interval + 2) as f64 * m.interval_s).min(m.horizon_s);
        for (t, ty) in m.types.iter().enumerate() {
            self.handle_factor_now[t] = ty.handle_factor(self.cur_interval);
        }
    }

    /// Runs to the end of the horizon and returns the tallies.
    pub fn finish(mut self) -> ReplicationTally {
        let end = self.model.horizon_s;
        self.advance_to(end);
        self.finalize();
        self.tally
    }

    fn finalize(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        let end = self.model.horizon_s;
        self.now = end;
        for g in 0..self.glive.len() {
            self.touch_group(g);
        }
        for t in 0..self.qlen.len() {
            self.touch_queue(t);
            self.touch_ivr(t);
        }
        self.record_unfinished();
        let nt = self.model.types.len();
        for c in &self.contacts {
            if !c.stats {
                continue;
            }
            let cell =
                &mut self.tally.by_interval_type[c.interval as usize * nt + c.ctype as usize];
            match c.state {
                CState::Waiting | CState::InService => cell.in_system_end += 1.0,
                // counted as an arrival of its interval, never offered
                CState::InIvr => cell.in_self_service_end += 1.0,
                CState::Free | CState::Pending => {}
            }
        }
        let ng = self.model.groups.len();
        for (i, row) in self.tally.by_interval_type.chunks(nt).enumerate() {
            let _ = i;
            for (t, x) in row.iter().enumerate() {
                self.tally.by_type[t].add(x);
            }
        }
        for row in self.tally.by_interval_group.chunks(ng) {
            for (g, x) in row.iter().enumerate() {
                self.tally.by_group[g].add(x);
            }
        }
    }

    /// A contact tally cell for interval `i`, type `t`.
    #[inline]
    fn ct(&mut self, interval: u32, t: usize) -> &mut ContactTally {
        let nt = self.model.types.len();
        &mut self.tally.by_interval_type[interval as usize * nt + t]
    }

    #[inline(always)]
    fn touch_queue(&mut self, t: usize) {
        let q = self.qlen[t] as f64;
        let from = self.q_last[t];
        self.q_last[t] = self.now;
        if q == 0.0 {
            return;
        }
        let nt = self.model.types.len();
        match self.span_in_current_interval(from) {
            Some(i) => {
                let cell = &mut self.tally.by_interval_type[i * nt + t];
                cell.queue_area += q * (self.now - from);
                if q > cell.queue_max {
                    cell.queue_max = q;
                }
            }
            None => self.integrate_queue(t, from, q),
        }
    }

    /// [`Self::touch_queue`] across interval boundaries or the warm-up end (rare).
    #[cold]
    fn integrate_queue(&mut self, t: usize, from: f64, q: f64) {
        let nt = self.model.types.len();
        let cells = &mut self.tally.by_interval_type;
        integrate(&self.model, from, self.now, |i, dt| {
            let cell = &mut cells[i * nt + t];
            cell.queue_area += q * dt;
            cell.queue_max = cell.queue_max.max(q);
        });
    }

    fn channel(&self, t: usize) -> Channel {
        self.model.types[t].channel
    }
}

/// Splits [from, to) at interval boundaries, skipping the warm-up, and calls `f(interval, dt)`.
#[inline]
fn integrate(model: &Model, from: f64, to: f64, mut f: impl FnMut(usize, f64)) {
    let mut t = from.max(model.warmup_s);
    let to = to.min(model.horizon_s);
    while t < to {
        let i = model.interval_of(t);
        let next = ((i + 1) as f64 * model.interval_s).min(to);
        if next <= t {
            break;
        }
        f(i, next - t);
        t = next;
    }
}

impl<M: Deref<Target = Model>> Simulation<M> {
    /// When [from, now) lies inside the current interval and after the warm-up (the common case),
    /// the interval index; otherwise `None` and the caller splits the span with [`integrate`].
    #[inline]
    fn span_in_current_interval(&self, from: f64) -> Option<usize> {
        (from >= self.stats_start).then_some(self.cur_interval)
    }
}

#[cfg(test)]
mod tests;
