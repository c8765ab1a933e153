//! Step-wise control for the trainer view: read the state at any time and change arrivals,
//! handle time, patience and staff while the simulation runs.

use super::{AState, Agent, AgentActivity, Simulation};
use crate::dist::DistSpec;
use crate::error::Errors;
use crate::model::Model;
use crate::schedule::{AgentPlan, ShiftPlan};
use crate::tally::ContactTally;
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
