//! Agents over time: shifts (with absence), breaks and off-phone blocks that never interrupt a
//! contact, overtime at shift end, and the agent-time integrals behind occupancy and cost.

use super::{integrate, AState, Agent, Simulation};
use crate::calendar::Kind;
use crate::model::Model;
use crate::rng::{self, streams};
use std::ops::Deref;

impl Agent {
    pub(super) fn new(group: u16, index: u32) -> Self {
        Agent {
            group,
            index,
            state: AState::Off,
            load: 0,
            cap: 1,
            chat: false,
            absent: false,
            logoff_pending: false,
            break_pending: false,
            on_activity: 0,
            stamp: 0,
            pstamp: 0,
            epoch: 0,
            shift: 0,
            brk: 0,
            talk_end: 0.0,
            idle_since: 0.0,
            retired: false,
        }
    }
}

impl<M: Deref<Target = Model>> Simulation<M> {
    fn plan_shift(&self, a: usize) -> Option<(f64, f64)> {
        let ag = &self.agents[a];
        let plan = self.model.groups[ag.group as usize]
            .agents
            .get(ag.index as usize)?;
        plan.shifts.get(ag.shift as usize).map(|s| (s.start, s.end))
    }

    /// Schedules the log-on of the agent's current shift (if any and not retired).
    pub(super) fn schedule_shift_start(&mut self, a: usize) {
        if self.agents[a].retired {
            return;
        }
        if let Some((start, _)) = self.plan_shift(a) {
            let at = start.max(self.now);
            self.cal.schedule(at, Kind::ShiftStart, a as u32, 0);
        }
    }

    fn next_break_due(&mut self, a: usize) {
        let ag = &self.agents[a];
        let g = ag.group as usize;
        let Some(plan) = self.model.groups[g].agents.get(ag.index as usize) else {
            return;
        };
        let Some(shift) = plan.shifts.get(ag.shift as usize) else {
            return;
        };
        if let Some(b) = shift.breaks.get(ag.brk as usize) {
            let at = b.earliest.max(self.now);
            self.cal
                .schedule(at, Kind::BreakDue, a as u32, self.agents[a].epoch);
        }
    }

    pub(super) fn on_shift_start(&mut self, a: usize) {
        let Some((_, end)) = self.plan_shift(a) else {
            return;
        };
        if self.agents[a].retired || self.agents[a].state != AState::Off {
            return;
        }
        if end <= self.now {
            // overtime ran past this whole shift: skip it
            self.advance_shift(a);
            return;
        }
        let g = self.agents[a].group as usize;
        let absence = self.model.groups[g].absence;
        let ag = &self.agents[a];
        let absent = absence > 0.0
            && rng::unit_hash(
                self.seed,
                self.rep,
                streams::GROUP_BASE + g as u64,
                ((ag.index as u64) << 24) ^ ag.shift as u64,
            ) < absence;
        self.touch_group(g);
        self.glive[g].paid += 1;
        let epoch = self.agents[a].epoch;
        // a shift ending at or after the horizon never ends inside the run: logging off at the
        // horizon itself changes no statistic (every agent-time integral stops there), so the
        // event is not scheduled. For a center staffed to the end this keeps one far-future
        // event per agent out of the calendar, which would otherwise double the heap that every
        // service end is popped from (a sift one level deeper, ~4 % of the run time).
        if end < self.model.horizon_s {
            self.cal.schedule(end, Kind::ShiftEnd, a as u32, epoch);
        }
        if self.now >= self.model.warmup_s {
            let i = self.cur_interval;
            let ng = self.model.groups.len();
            let cell = &mut self.tally.by_interval_group[i * ng + g];
            cell.shifts += 1.0;
            cell.absent_shifts += absent as u8 as f64;
        }
        if absent {
            self.agents[a].absent = true;
            self.glive[g].absent += 1;
            return;
        }
        self.glive[g].staffed += 1;
        self.agents[a].brk = 0;
        self.agents[a].state = AState::Busy; // becomes Idle in agent_available if no work
        self.next_break_due(a);
        self.agent_available(a);
    }

    pub(super) fn on_shift_end(&mut self, a: usize, epoch: u32) {
        if self.agents[a].epoch != epoch {
            return;
        }
        let g = self.agents[a].group as usize;
        self.touch_group(g);
        self.glive[g].paid -= 1;
        self.agents[a].epoch = epoch.wrapping_add(1);
        if self.agents[a].absent {
            self.agents[a].absent = false;
            self.glive[g].absent -= 1;
            self.advance_shift(a);
            return;
        }
        self.agents[a].break_pending = false;
        match self.agents[a].state {
            AState::Idle => {
                self.glive[g].staffed -= 1;
                self.agents[a].state = AState::Off;
                self.advance_shift(a);
            }
            AState::Break => {
                self.end_break_counts(a);
                self.agents[a].state = AState::Off;
                self.advance_shift(a);
            }
            AState::Busy => {
                self.agents[a].logoff_pending = true;
                self.glive[g].overtime += 1;
            }
            AState::Off => self.advance_shift(a),
        }
    }

    /// Logs off after finishing the contact in hand past shift end (the overtime is counted).
    pub(super) fn log_off(&mut self, a: usize) {
        let g = self.agents[a].group as usize;
        self.touch_group(g);
        self.glive[g].overtime -= 1;
        self.glive[g].staffed -= 1;
        self.agents[a].logoff_pending = false;
        self.agents[a].state = AState::Off;
        self.advance_shift(a);
    }

    fn advance_shift(&mut self, a: usize) {
        self.agents[a].shift += 1;
        self.agents[a].brk = 0;
        self.schedule_shift_start(a);
    }

    pub(super) fn on_break_due(&mut self, a: usize, epoch: u32) {
        if self.agents[a].epoch != epoch {
            return;
        }
        match self.agents[a].state {
            AState::Idle => self.start_break(a),
            AState::Busy | AState::Break => self.agents[a].break_pending = true,
            AState::Off => {}
        }
    }

    /// Starts the agent's next break or off-phone block now (the agent is free).
    pub(super) fn start_break(&mut self, a: usize) {
        let ag = &self.agents[a];
        let g = ag.group as usize;
        let Some(b) = self.model.groups[g]
            .agents
            .get(ag.index as usize)
            .and_then(|p| p.shifts.get(ag.shift as usize))
            .and_then(|s| s.breaks.get(ag.brk as usize))
        else {
            self.agents[a].break_pending = false;
            return;
        };
        let (duration, activity, late) = (b.duration, b.activity, self.now > b.latest + 1e-9);
        self.touch_group(g);
        self.glive[g].staffed -= 1;
        if activity == 0 {
            self.glive[g].on_break += 1;
        } else {
            self.glive[g].off_phone += 1;
        }
        if late && self.now >= self.model.warmup_s {
            let i = self.cur_interval;
            let ng = self.model.groups.len();
            self.tally.by_interval_group[i * ng + g].breaks_late += 1.0;
        }
        let ag = &mut self.agents[a];
        ag.state = AState::Break;
        ag.on_activity = activity;
        ag.break_pending = false;
        ag.brk += 1;
        let epoch = ag.epoch;
        self.cal
            .schedule(self.now + duration, Kind::BreakEnd, a as u32, epoch);
    }

    fn end_break_counts(&mut self, a: usize) {
        let g = self.agents[a].group as usize;
        if self.agents[a].on_activity == 0 {
            self.glive[g].on_break -= 1;
        } else {
            self.glive[g].off_phone -= 1;
        }
    }

    pub(super) fn on_break_end(&mut self, a: usize, epoch: u32) {
        if self.agents[a].epoch != epoch || self.agents[a].state != AState::Break {
            return;
        }
        let g = self.agents[a].group as usize;
        self.touch_group(g);
        self.end_break_counts(a);
        self.glive[g].staffed += 1;
        self.agents[a].state = AState::Busy;
        self.next_break_due(a);
        self.agent_available(a);
    }

    /// Adds the agent time a contact answered now will take (talk and wrap-up, `service`
    /// seconds, times the `share` of the agent it uses: 1, or 1/k for one of k chats) to the
    /// group's busy time of the intervals it spans. Busy time is booked per contact, at answer,
    /// instead of integrating the number of busy agents at every change: the span is known then
    /// and never changes (a contact in hand always runs to its end).
    #[inline(always)]
    pub(super) fn add_busy(&mut self, g: usize, service: f64, share: f64) {
        let end = self.now + service;
        if self.now >= self.stats_start && end <= self.next_stats_end {
            // the common case: within this interval or into the next one (a third of contacts
            // with 5-minute services and 15-minute intervals), booked without a branch on which
            let here = if end <= self.stats_end {
                service
            } else {
                self.stats_end - self.now
            };
            let ng = self.model.groups.len();
            let cells = &mut self.tally.by_interval_group;
            cells[self.cur_interval * ng + g].busy_s += share * here;
            // exactly 0 when the contact ends in this interval
            cells[self.next_interval * ng + g].busy_s += share * (service - here);
        } else {
            self.add_busy_spanning(g, service, share);
        }
    }

    /// [`Self::add_busy`] across interval boundaries, the warm-up end or the horizon (rare).
    #[cold]
    fn add_busy_spanning(&mut self, g: usize, service: f64, share: f64) {
        let ng = self.model.groups.len();
        let cells = &mut self.tally.by_interval_group;
        integrate(&self.model, self.now, self.now + service, |i, dt| {
            cells[i * ng + g].busy_s += share * dt
        });
    }

    /// Integrates the group's agent counts (busy time is booked per contact) since the last change into the interval tallies.
    pub(super) fn touch_group(&mut self, g: usize) {
        let live = &mut self.glive[g];
        let from = live.last;
        live.last = self.now;
        if from >= self.now {
            return;
        }
        let ng = self.model.groups.len();
        let fast = self.span_in_current_interval(from);
        let live = &self.glive[g];
        let cells = &mut self.tally.by_interval_group;
        let mut add = |i: usize, dt: f64| {
            let cell = &mut cells[i * ng + g];
            cell.staffed_s += live.staffed as f64 * dt;
            cell.paid_s += live.paid as f64 * dt;
            cell.break_s += live.on_break as f64 * dt;
            cell.off_phone_s += live.off_phone as f64 * dt;
            cell.absent_s += live.absent as f64 * dt;
            cell.overtime_s += live.overtime as f64 * dt;
        };
        match fast {
            Some(i) => add(i, self.now - from),
            None => integrate(&self.model, from, self.now, add),
        }
    }
}
