//! Step-wise control for the trainer view: read the state at any time and change arrivals,
//! handle time, patience and staff while the simulation runs.

use super::{AState, Agent, AgentActivity, Simulation};
use crate::calendar::Kind;
use crate::dist::DistSpec;
use crate::error::Errors;
use crate::kpi;
use crate::model::Model;
use crate::schedule::{AgentPlan, ShiftPlan};
use crate::tally::{ContactTally, GroupTally};
use serde::Serialize;
use std::ops::{Deref, DerefMut};

/// What the trainer view draws at one instant.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub now: f64,
    /// Waiting contacts per contact type.
    pub queue: Vec<u32>,
    /// Per agent: (group index, activity code — see [`AgentActivity`]).
    pub agents: Vec<(u16, u8)>,
    /// Counters since the start, per contact type.
    pub totals: Vec<ContactTally>,
}

impl<M: Deref<Target = Model>> Simulation<M> {
    /// The current state (queues, agents, running counters).
    pub fn snapshot(&self) -> Snapshot {
        let nt = self.model.types.len();
        let mut totals = vec![ContactTally::default(); nt];
        for row in self.tally.by_interval_type.chunks(nt) {
            for (t, c) in row.iter().enumerate() {
                totals[t].add(c);
            }
        }
        Snapshot {
            now: self.now,
            queue: self.qlen.clone(),
            agents: self
                .agents
                .iter()
                .map(|a| (a.group, self.activity(a) as u8))
                .collect(),
            totals,
        }
    }

    /// Agent time of group `g` from the warm-up end to now, as the replication's tallies count it:
    /// the integrals of the engine's agent counters brought up to now, and busy time (booked per
    /// contact at answer, for the whole service) less what contacts in hand have still to come.
    /// Reads the state only; the event loop does no extra work for it.
    pub fn agent_time(&self, g: usize) -> GroupTally {
        let mut out = GroupTally::default();
        let ng = self.model.groups.len();
        if g >= ng {
            return out;
        }
        for cell in self.tally.by_interval_group.iter().skip(g).step_by(ng) {
            out.add(cell);
        }
        let m = &*self.model;
        let clip = |t: f64| t.clamp(m.warmup_s, m.horizon_s);
        let live = &self.glive[g];
        let dt = clip(self.now) - clip(live.last);
        out.staffed_s += live.staffed as f64 * dt;
        out.paid_s += live.paid as f64 * dt;
        out.break_s += live.on_break as f64 * dt;
        out.off_phone_s += live.off_phone as f64 * dt;
        out.absent_s += live.absent as f64 * dt;
        out.overtime_s += live.overtime as f64 * dt;
        // every Done event pending is a contact in hand (a service always runs to its end)
        for ev in self.cal.pending().filter(|e| e.kind() == Kind::Done) {
            let a = &self.agents[ev.a as usize];
            if a.group as usize == g {
                out.busy_s -= (clip(ev.time()) - clip(self.now)) / a.cap as f64;
            }
        }
        out
    }

    /// Agent time of all groups together from the warm-up end to now.
    pub fn agent_time_total(&self) -> GroupTally {
        let mut out = GroupTally::default();
        for g in 0..self.model.groups.len() {
            out.add(&self.agent_time(g));
        }
        out
    }

    /// Occupancy of all groups together (the KPI `occupancy` of [`crate::kpi::group_kpis`]: busy
    /// over staffed agent time) between `since`, an earlier [`Self::agent_time_total`] of this
    /// replication (or the default tally for "since the start"), and now; NaN when nobody was
    /// staffed in between.
    pub fn occupancy_since(&self, since: &GroupTally) -> f64 {
        let now = self.agent_time_total();
        let between = GroupTally {
            staffed_s: now.staffed_s - since.staffed_s,
            busy_s: now.busy_s - since.busy_s,
            paid_s: now.paid_s - since.paid_s,
            break_s: now.break_s - since.break_s,
            off_phone_s: now.off_phone_s - since.off_phone_s,
            absent_s: now.absent_s - since.absent_s,
            overtime_s: now.overtime_s - since.overtime_s,
            handled: now.handled - since.handled,
            shifts: now.shifts - since.shifts,
            absent_shifts: now.absent_shifts - since.absent_shifts,
            breaks_late: now.breaks_late - since.breaks_late,
        };
        let duration = self.now.max(self.model.warmup_s) - self.model.warmup_s;
        kpi::group_kpis(&between, duration, 0.0, 1.0).occupancy
    }

    fn activity(&self, a: &Agent) -> AgentActivity {
        match a.state {
            AState::Off if a.absent => AgentActivity::Absent,
            AState::Off => AgentActivity::Off,
            AState::Idle => AgentActivity::Idle,
            AState::Break if a.on_activity > 0 => AgentActivity::OffPhone,
            AState::Break => AgentActivity::Break,
            AState::Busy if self.now < a.talk_end => AgentActivity::Talking,
            AState::Busy => AgentActivity::WrapUp,
        }
    }

    /// Agents of group `g` logged on or due (not retired).
    pub fn active_agents(&self, g: usize) -> usize {
        self.agents
            .iter()
            .filter(|a| a.group as usize == g && !a.retired)
            .count()
    }
}

/// Live changes (trainer sliders) need a model the simulation owns.
impl<M: DerefMut<Target = Model>> Simulation<M> {
    /// Sets a contact type's arrival rate (contacts per hour) from now on.
    pub fn set_arrival_rate(&mut self, t: usize, per_hour: f64) {
        if t >= self.model.types.len() || !(per_hour.is_finite() && per_hour >= 0.0) {
            return;
        }
        let i0 = self.model.interval_of(self.now);
        let n = self.model.n_intervals;
        let m = &mut *self.model;
        for r in &mut m.types[t].rate_per_s[i0..] {
            *r = per_hour / 3600.0;
        }
        // the running replication draws from its own copy (with day volume factors applied)
        for gap in &mut self.mean_gaps[t * n + i0..(t + 1) * n] {
            *gap = super::mean_gap(per_hour / 3600.0);
        }
        let now = self.now;
        self.schedule_next_arrival(t, now);
    }

    /// Sets the mean handle time (seconds) of new contacts of type `t`, keeping the distribution's shape.
    pub fn set_handle_mean(&mut self, t: usize, mean_s: f64) {
        if t >= self.model.types.len() || !(mean_s.is_finite() && mean_s > 0.0) {
            return;
        }
        let spec = self.model.types[t].handle_spec.clone();
        let scaled = spec.scaled(mean_s / spec.mean());
        if let Some(s) = scaled.compile("handle_time", &mut Errors::default()) {
            let m = &mut *self.model;
            m.types[t].handle = s;
            m.types[t].mean_handle_s = mean_s;
        }
    }

    /// Sets the mean patience (seconds, exponential) of contacts that start waiting from now on
    /// (patience is drawn when a contact joins the queue); `None` = never abandon.
    pub fn set_patience_mean(&mut self, t: usize, mean_s: Option<f64>) {
        if t >= self.model.types.len() {
            return;
        }
        let sampler = match mean_s {
            Some(m) if m.is_finite() && m > 0.0 => {
                DistSpec::exp(m).compile("patience", &mut Errors::default())
            }
            _ => None,
        };
        let m = &mut *self.model;
        m.types[t].mean_patience_s = mean_s;
        m.types[t].patience = sampler;
    }

    /// Changes the staff of group `g` to `n` agents now: new agents log on at once; removed agents
    /// finish the contact in hand and log off.
    pub fn set_agents(&mut self, g: usize, n: usize) {
        if g >= self.model.groups.len() {
            return;
        }
        let mut current = self.active_agents(g);
        let horizon = self.model.horizon_s;
        while current < n {
            let now = self.now;
            let m = &mut *self.model;
            m.groups[g].agents.push(AgentPlan {
                shifts: vec![ShiftPlan {
                    start: now,
                    end: horizon,
                    breaks: vec![],
                }],
            });
            let index = (m.groups[g].agents.len() - 1) as u32;
            self.agents.push(Agent::new(g as u16, index));
            let a = self.agents.len() - 1;
            self.schedule_shift_start(a);
            current += 1;
        }
        while current > n {
            let Some(a) = (0..self.agents.len())
                .rev()
                .find(|&a| self.agents[a].group as usize == g && !self.agents[a].retired)
            else {
                break;
            };
            self.agents[a].retired = true;
            if self.agents[a].state != AState::Off || self.agents[a].absent {
                let epoch = self.agents[a].epoch;
                self.on_shift_end(a, epoch);
            }
            current -= 1;
        }
    }
}

impl<M: Deref<Target = Model>> Simulation<M> {
    /// Puts one contact of type `t` into the center now (trainer "add a caller"; routing tests).
    pub fn inject(&mut self, t: usize) {
        if t >= self.model.types.len() {
            return;
        }
        let c = self.new_contact(t);
        if self.contacts[c].stats {
            let i = self.contacts[c].interval;
            self.ct(i, t).arrivals += 1.0;
        }
        self.offer(c);
    }
}

#[cfg(test)]
mod tests {
    use crate::tally::GroupTally;
    use crate::{run_replication, Format, Limits, Model, Scenario, Simulation};

    fn model(file: &str, days: u32) -> Model {
        let text = std::fs::read_to_string(format!(
            "{}/../scenarios/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("bundled scenario");
        let mut s = Scenario::parse(&text, Format::Toml).expect("valid");
        s.days = days;
        Model::compile(&s, Limits::default()).expect("valid")
    }

    fn close(what: &str, a: f64, b: f64) {
        assert!(
            (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
            "{what}: {a} vs {b}"
        );
    }

    /// The agent time of every time field, compared with an independent tally.
    fn same_time(what: &str, a: &GroupTally, b: &GroupTally) {
        close(&format!("{what} busy_s"), a.busy_s, b.busy_s);
        close(&format!("{what} staffed_s"), a.staffed_s, b.staffed_s);
        close(&format!("{what} paid_s"), a.paid_s, b.paid_s);
        close(&format!("{what} break_s"), a.break_s, b.break_s);
        close(&format!("{what} off_phone_s"), a.off_phone_s, b.off_phone_s);
        close(&format!("{what} absent_s"), a.absent_s, b.absent_s);
        close(&format!("{what} overtime_s"), a.overtime_s, b.overtime_s);
    }

    /// Midway through a run, the agent time so far equals the end-of-run tally of the same run
    /// cut at that instant: the same scenario one day shorter (same seed, so the same events up to
    /// its horizon), whose tally books busy time only up to the horizon. Covers warm-up, breaks,
    /// absence, overtime (customer care) and chat agents with three chats at once (the bank).
    #[test]
    fn agent_time_so_far_equals_the_tally_of_the_run_cut_there() {
        for (file, days) in [("customer-care-24x7.toml", 2), ("multi-skill-bank.toml", 1)] {
            let long = model(file, days + 1);
            let short = model(file, days);
            let cut = short.horizon_s;
            let mut sim = Simulation::new(&long, 5, 2);
            sim.advance_to(cut);
            let tally = run_replication(&short, 5, 2);
            let ng = long.groups.len();
            let mut in_hand = 0.0;
            for (g, expected) in tally.by_group.iter().enumerate() {
                let so_far = sim.agent_time(g);
                same_time(&format!("{file} group {g}"), &so_far, expected);
                let booked: f64 = sim.tally.by_interval_group[g..]
                    .iter()
                    .step_by(ng)
                    .map(|c| c.busy_s)
                    .sum();
                in_hand += booked - so_far.busy_s;
            }
            assert!(
                in_hand > 1.0,
                "{file}: no contact in hand at the cut, nothing checked"
            );
            if file.starts_with("customer") {
                assert!(tally
                    .by_group
                    .iter()
                    .any(|t| t.break_s > 0.0 && t.absent_s > 0.0));
            }
        }
    }

    /// At the horizon the agent time so far is the replication's own group tally, and occupancy
    /// since the start is its busy over staffed time; since a mark it is the ratio of the changes.
    #[test]
    fn occupancy_since_start_and_since_a_mark() {
        let m = model("customer-care-24x7.toml", 3);
        let mut sim = Simulation::new(&m, 9, 0);
        sim.advance_to(1.5 * 86_400.0);
        let mark = sim.agent_time_total();
        let occupancy_at_mark = sim.occupancy_since(&GroupTally::default());
        close(
            "at the mark",
            occupancy_at_mark,
            mark.busy_s / mark.staffed_s,
        );
        sim.advance_to(m.horizon_s);
        let end = sim.agent_time_total();
        close(
            "since the mark",
            sim.occupancy_since(&mark),
            (end.busy_s - mark.busy_s) / (end.staffed_s - mark.staffed_s),
        );
        let total = sim.finish();
        let mut all = GroupTally::default();
        for g in &total.by_group {
            all.add(g);
        }
        same_time("at the horizon", &end, &all);
        // nobody staffed yet (still in the warm-up): no occupancy
        let m = model("trainer-single-queue.toml", 1);
        let sim = Simulation::new(&m, 1, 0);
        assert!(sim.occupancy_since(&GroupTally::default()).is_nan());
    }
}
