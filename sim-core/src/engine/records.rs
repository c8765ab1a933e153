//! Contact records: what a call-detail export of the simulated center would hold, one row per
//! contact (opt-in with [`Simulation::record_contacts`]).
//!
//! Off by default. When off, the engine pays one branch on an `Option` at arrival, answer, end of
//! service and abandonment, and nothing else: no allocation, no random draw. When on, it draws
//! nothing either, so a replication's tallies are bit-identical with and without records.

use super::{CState, Simulation};
use crate::model::Model;
use std::ops::Deref;

/// How a contact's stay ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Served by an agent, talk and wrap-up finished within the horizon.
    Answered,
    /// Patience ran out while waiting.
    Abandoned,
    /// Busy signal: the voice queue was full (or the in-system guard refused it).
    Blocked,
    /// Resolved in self-service, never offered to an agent.
    Deflected,
    /// Accepted a callback and left this queue (the callback is a record of its own type).
    Callback,
    /// Still waiting, or in service, at the end of the horizon.
    Unfinished,
}

impl Outcome {
    /// The word written in contact-record files.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Abandoned => "abandoned",
            Outcome::Blocked => "blocked",
            Outcome::Deflected => "deflected",
            Outcome::Callback => "callback",
            Outcome::Unfinished => "unfinished",
        }
    }
}

/// One contact of a replication, as a call-detail export shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactRecord {
    /// When it reached the queue, seconds from the start (deflected contacts: when they arrived).
    /// A redial, repeat, transfer or callback is a record of its own, at the time it entered.
    pub arrival_s: f64,
    /// Contact type index.
    pub contact_type: u16,
    /// The caller: the same number for a first contact and the redials, repeats, transfers and
    /// callbacks that followed it.
    pub caller: u32,
    pub outcome: Outcome,
    /// Wait in queue (answered: until answer; abandoned: until hanging up; unfinished: until
    /// answer or the horizon; blocked and callback: 0); `None` for deflected contacts.
    pub wait_s: Option<f64>,
    /// Talk time as given (group speed, chat slowdown and the interval's handle-time factor
    /// applied), answered contacts only.
    pub talk_s: Option<f64>,
    /// Wrap-up time as given (× the interval's handle-time factor), answered contacts only.
    pub wrap_s: Option<f64>,
    /// Agent group that answered (answered and unfinished-in-service contacts).
    pub group: Option<u16>,
}

/// What the engine keeps per contact slot while records are on.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    caller: u32,
    wait: f64,
    talk: f64,
    wrap: f64,
    group: u16,
}

/// The record sink of a replication.
#[derive(Debug, Default)]
pub(super) struct Recorder {
    slots: Vec<Slot>,
    rows: Vec<ContactRecord>,
    next_caller: u32,
    /// Caller of the contact that just ended: inherited by the contacts it creates.
    last_caller: u32,
}

impl<M: Deref<Target = Model>> Simulation<M> {
    /// Keeps one [`ContactRecord`] per contact counted in the statistics (offered, or deflected,
    /// after the warm-up); read them with [`Simulation::finish_with_records`]. Call before the
    /// first [`Simulation::advance_to`].
    pub fn record_contacts(&mut self) {
        self.records = Some(Box::default());
    }

    /// [`Simulation::finish`], plus the contact records (sorted by arrival; empty unless
    /// [`Simulation::record_contacts`] was called).
    pub fn finish_with_records(mut self) -> (crate::tally::ReplicationTally, Vec<ContactRecord>) {
        let end = self.model.horizon_s;
        self.advance_to(end);
        self.finalize();
        let mut rows = self.records.take().map(|r| r.rows).unwrap_or_default();
        rows.sort_by(|a, b| a.arrival_s.total_cmp(&b.arrival_s));
        (self.tally, rows)
    }

    /// A contact `c` created by the contact that just ended (redial, repeat, transfer, callback)
    /// has the same caller.
    pub(super) fn record_same_caller(&mut self, c: usize) {
        if let Some(r) = self.records.as_deref_mut() {
            let caller = r.last_caller;
            r.slot(c).caller = caller;
        }
    }

    /// Contact `c` is answered by group `g` after `wait` seconds, for `talk` + `wrap` seconds.
    #[cold]
    pub(super) fn record_answer(&mut self, c: usize, g: usize, wait: f64, talk: f64, wrap: f64) {
        if let Some(r) = self.records.as_deref_mut() {
            let s = r.caller_of(c);
            s.wait = wait;
            s.talk = talk;
            s.wrap = wrap;
            s.group = g as u16;
        }
    }

    /// Contact `c` ends with `outcome` now (before its slot is released).
    #[cold]
    pub(super) fn record_end(&mut self, c: usize, outcome: Outcome) {
        let cc = self.contacts[c];
        let now = self.now;
        let Some(r) = self.records.as_deref_mut() else {
            return;
        };
        let s = *r.caller_of(c);
        r.last_caller = s.caller;
        // the slot is free for the next contact, a new caller unless told otherwise
        r.slots[c].caller = NEW_CALLER;
        if !cc.stats {
            return;
        }
        let answered = outcome == Outcome::Answered;
        let in_service = cc.state == CState::InService;
        r.rows.push(ContactRecord {
            arrival_s: cc.arrival,
            contact_type: cc.ctype,
            caller: s.caller,
            outcome,
            wait_s: match outcome {
                Outcome::Deflected => None,
                Outcome::Blocked | Outcome::Callback => Some(0.0),
                _ if in_service => Some(s.wait),
                _ => Some(now - cc.arrival),
            },
            talk_s: answered.then_some(s.talk),
            wrap_s: answered.then_some(s.wrap),
            group: in_service.then_some(s.group),
        });
    }

    /// At the horizon: the contacts still waiting or in service.
    pub(super) fn record_unfinished(&mut self) {
        if self.records.is_none() {
            return;
        }
        for c in 0..self.contacts.len() {
            if matches!(self.contacts[c].state, CState::Waiting | CState::InService) {
                self.record_end(c, Outcome::Unfinished);
            }
        }
    }
}

/// The caller of a slot not yet given one: a first contact (numbered when first seen, so
/// arrivals need no bookkeeping).
const NEW_CALLER: u32 = u32::MAX;

impl Recorder {
    fn slot(&mut self, c: usize) -> &mut Slot {
        if c >= self.slots.len() {
            self.slots.resize(
                c + 1,
                Slot {
                    caller: NEW_CALLER,
                    ..Slot::default()
                },
            );
        }
        &mut self.slots[c]
    }

    /// The slot of contact `c`, its caller numbered if it is new.
    fn caller_of(&mut self, c: usize) -> &mut Slot {
        let next = self.next_caller;
        let s = self.slot(c);
        if s.caller == NEW_CALLER {
            s.caller = next;
            self.next_caller += 1;
        }
        &mut self.slots[c]
    }
}
