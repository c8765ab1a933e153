//! Checking a [`StartState`] against the model and expanding it into a [`StartPlan`]: one
//! start per scheduled agent, agents beyond the schedule, waiting and self-service contacts.
//! Every contradiction is an error naming the field (`groups.agents.busy`), the value and what
//! is allowed; all of them are reported at once.

use super::read::{expand_group, Entry};
use super::state::{parse_time_of_day, AgentStatus, StartState};
use crate::error::{fmt_num, Errors};
use crate::model::Model;
use crate::schedule::ShiftPlan;
use crate::ScenarioErrors;

/// Default time left of a break whose remaining time is not given, when the schedule has no
/// block in progress to take half of (seconds).
pub const DEFAULT_BREAK_LEFT_S: f64 = 450.0;
/// The same for an off-phone block.
pub const DEFAULT_OFF_PHONE_LEFT_S: f64 = 1800.0;

/// A contact an agent holds at the clock time.
#[derive(Debug, Clone, PartialEq)]
pub struct InHand {
    pub ctype: usize,
    /// Talk so far (wrap-up so far when `wrap_up`); `None`: drawn from the equilibrium age.
    pub elapsed_s: Option<f64>,
    pub wrap_up: bool,
}

/// How one agent starts.
#[derive(Debug, Clone, PartialEq)]
pub enum AgentStart {
    /// Not logged in: a scheduled agent on shift now is absent for the rest of that shift;
    /// one not on shift starts their next shift as planned.
    NotLoggedIn,
    Idle {
        breaks_taken: usize,
    },
    Busy {
        contacts: Vec<InHand>,
        breaks_taken: usize,
        /// Their shift is over: they log off after the contacts in hand (overtime).
        overtime: bool,
    },
    /// On a break (`off_phone` false) or an off-phone block, for `remaining_s` more seconds.
    Away {
        remaining_s: f64,
        off_phone: bool,
        /// Index of the block in the current shift (`None`: not a planned block); the
        /// breaks taken after it ends are `breaks_taken`.
        activity: u16,
        breaks_taken: usize,
    },
}

/// An agent logged in beyond the group's schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraAgent {
    pub start: AgentStart,
    /// Log-off time (seconds from the horizon start).
    pub logs_off_s: f64,
}

/// The checked, expanded start state the engine starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct StartPlan {
    /// Clock time in seconds from the horizon start.
    pub clock_s: f64,
    /// End of the clock's day (seconds from the horizon start).
    pub day_end_s: f64,
    /// Per group, one start per scheduled agent (index = the agent's plan index).
    pub agents: Vec<Vec<AgentStart>>,
    /// Per group, agents logged in beyond the schedule.
    pub extras: Vec<Vec<ExtraAgent>>,
    /// Per group, the idle agents in the order the state lists them (longest idle first):
    /// schedule indices, and `schedule length + k` for extra agent `k`. Idle agents take
    /// waiting work and new contacts in this order.
    pub idle_order: Vec<Vec<usize>>,
    /// Waiting contacts: (contact type, seconds waited), longest wait first.
    pub waiting: Vec<(usize, f64)>,
    /// Contacts in self-service: (contact type, seconds so far or `None` = drawn).
    pub self_service: Vec<(usize, Option<f64>)>,
}

impl StartPlan {
    /// Agents logged in per group (scheduled and extra).
    pub fn logged_in(&self) -> Vec<usize> {
        self.agents
            .iter()
            .zip(&self.extras)
            .map(|(a, x)| {
                a.iter()
                    .filter(|s| !matches!(s, AgentStart::NotLoggedIn))
                    .count()
                    + x.len()
            })
            .collect()
    }

    /// Waiting contacts per contact type.
    pub fn waiting_per_type(&self, n_types: usize) -> Vec<usize> {
        let mut n = vec![0; n_types];
        for &(t, _) in &self.waiting {
            n[t] += 1;
        }
        n
    }
}

/// The shift of a plan in progress at `t`, if any.
fn shift_at(shifts: &[ShiftPlan], t: f64) -> Option<&ShiftPlan> {
    shifts.iter().find(|s| s.start <= t && t < s.end)
}

/// Breaks of `shift` whose window closed before `t` (taken by default).
fn closed_breaks(shift: &ShiftPlan, t: f64) -> usize {
    shift.breaks.iter().filter(|b| b.latest < t).count()
}

/// Checks `state` against `model` and expands it.
pub fn plan(model: &Model, state: &StartState) -> Result<StartPlan, ScenarioErrors> {
    let mut e = Errors::default();
    let days = (model.horizon_s / 86_400.0).round() as u32;
    let day = state.day.unwrap_or(1);
    if day == 0 || day > days {
        e.push(
            "day",
            format!("must be a day of the scenario's horizon, 1 … {days}, got {day}"),
        );
    }
    let tod = parse_time_of_day(&state.clock);
    match tod {
        None => e.push(
            "clock",
            format!(
                "must be a time of day \"HH:MM\" or \"HH:MM:SS\" before 24:00, got \"{}\"",
                state.clock
            ),
        ),
        Some(t) if t >= 86_400.0 => e.push(
            "clock",
            format!(
                "must be before the end of the day (24:00), got \"{}\": nothing is left to simulate",
                state.clock
            ),
        ),
        Some(_) => {}
    }
    let day0 = (day.clamp(1, days.max(1)) - 1) as f64 * 86_400.0;
    let clock_s = day0 + tod.unwrap_or(0.0).min(86_399.0);
    let day_end_s = day0 + 86_400.0;
    let type_index = |id: &str| model.types.iter().position(|t| t.id == id);
    let known_types = || {
        model
            .types
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };

    let mut agents: Vec<Vec<AgentStart>> = model
        .groups
        .iter()
        .map(|g| vec![AgentStart::NotLoggedIn; g.agents.len()])
        .collect();
    let mut extras: Vec<Vec<ExtraAgent>> = vec![Vec::new(); model.groups.len()];
    let mut idle_order: Vec<Vec<usize>> = vec![Vec::new(); model.groups.len()];
    for (gid, gs) in &state.groups {
        let path = format!("groups.{gid}");
        let Some(g) = model.groups.iter().position(|x| &x.id == gid) else {
            let known: Vec<&str> = model.groups.iter().map(|x| x.id.as_str()).collect();
            e.push(
                path,
                format!(
                    "unknown agent group \"{gid}\"; the scenario's groups: {}",
                    known.join(", ")
                ),
            );
            continue;
        };
        let list = match expand_group(model, g, gs, clock_s, &path, &mut e) {
            Some(l) => l,
            None => continue,
        };
        assign_group(
            model,
            g,
            list,
            (clock_s, day_end_s),
            &mut agents[g],
            &mut extras[g],
            &mut idle_order[g],
            &mut e,
        );
    }

    let mut waiting = Vec::new();
    for (tid, q) in &state.queues {
        let path = format!("queues.{tid}");
        let Some(t) = type_index(tid) else {
            e.push(
                path,
                format!(
                    "unknown contact type \"{tid}\"; the scenario's types: {}",
                    known_types()
                ),
            );
            continue;
        };
        let waits: Vec<f64> = match (&q.waits_s, q.waiting, q.oldest_wait_s) {
            (Some(w), None, None) => w.clone(),
            (None, Some(n), oldest) => {
                let oldest = match (n, oldest) {
                    (0, _) => 0.0,
                    (_, Some(o)) => o,
                    (_, None) => {
                        e.push(
                            format!("{path}.oldest_wait_s"),
                            format!("is needed with waiting = {n} (the longest wait, seconds)"),
                        );
                        continue;
                    }
                };
                (0..n).map(|j| oldest * (n - j) as f64 / n as f64).collect()
            }
            (None, None, None) => Vec::new(),
            _ => {
                e.push(
                    path,
                    "give either waits_s (each waiting contact) or waiting with oldest_wait_s, not both",
                );
                continue;
            }
        };
        let field = if q.waits_s.is_some() {
            "waits_s"
        } else {
            "oldest_wait_s"
        };
        for (j, &w) in waits.iter().enumerate() {
            let p = if q.waits_s.is_some() {
                format!("{path}.{field}[{j}]")
            } else {
                format!("{path}.{field}")
            };
            if !(w.is_finite() && w >= 0.0) {
                e.push(p, format!("must be >= 0 seconds, got {}", fmt_num(w)));
                break;
            }
            if w > clock_s {
                e.push(
                    p,
                    format!(
                        "a wait of {} s started before the scenario's horizon ({} s before the clock time)",
                        fmt_num(w),
                        fmt_num(clock_s)
                    ),
                );
                break;
            }
            waiting.push((t, w));
        }
    }
    // longest wait first: the queue's order
    waiting.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    let mut self_service = Vec::new();
    for (tid, s) in &state.self_service {
        let path = format!("self_service.{tid}");
        let Some(t) = type_index(tid) else {
            e.push(
                path,
                format!(
                    "unknown contact type \"{tid}\"; the scenario's types: {}",
                    known_types()
                ),
            );
            continue;
        };
        if model.types[t].self_service.is_none() {
            e.push(
                path,
                format!("contact type \"{tid}\" has no self_service in the scenario"),
            );
            continue;
        }
        match (&s.elapsed_s, s.count) {
            (Some(list), None) => {
                for (j, &x) in list.iter().enumerate() {
                    if !(x.is_finite() && x >= 0.0 && x <= clock_s) {
                        e.push(
                            format!("{path}.elapsed_s[{j}]"),
                            format!(
                                "must be between 0 and the time since the horizon start ({} s), got {}",
                                fmt_num(clock_s),
                                fmt_num(x)
                            ),
                        );
                        break;
                    }
                    self_service.push((t, Some(x)));
                }
            }
            (None, Some(n)) => self_service.extend((0..n).map(|_| (t, None))),
            (None, None) => {}
            _ => e.push(path, "give either elapsed_s or count, not both"),
        }
    }

    if e.list.is_empty() {
        Ok(StartPlan {
            clock_s,
            day_end_s,
            agents,
            extras,
            idle_order,
            waiting,
            self_service,
        })
    } else {
        Err(ScenarioErrors(e.list))
    }
}

/// Matches a group's logged-in agents to its scheduled agents: explicit `agent` indices first,
/// then away agents to those whose block is due now, then the rest in schedule order; agents
/// beyond the schedule on shift become extra agents.
#[allow(clippy::too_many_arguments)]
fn assign_group(
    model: &Model,
    g: usize,
    list: Vec<Entry>,
    (clock_s, day_end_s): (f64, f64),
    starts: &mut [AgentStart],
    extras: &mut Vec<ExtraAgent>,
    idle_order: &mut Vec<usize>,
    e: &mut Errors,
) {
    let plans = &model.groups[g].agents;
    let on_shift: Vec<bool> = plans
        .iter()
        .map(|p| shift_at(&p.shifts, clock_s).is_some())
        .collect();
    let mut taken = vec![false; plans.len()];
    let mut pending: Vec<Entry> = Vec::new();
    for en in list {
        let Some(k) = en.agent else {
            pending.push(en);
            continue;
        };
        if taken[k] {
            e.push(
                format!("{}.agent", en.path),
                format!("agent {k} is listed twice"),
            );
            continue;
        }
        let busy = !en.contacts.is_empty();
        if !on_shift[k] && !busy {
            e.push(
                format!("{}.agent", en.path),
                format!(
                    "agent {k} of group \"{}\" is not on shift at the clock time; only an agent finishing a contact may stay past their shift (list others without agent to count them as extra agents)",
                    model.groups[g].id
                ),
            );
            continue;
        }
        taken[k] = true;
        if en.status == AgentStatus::Idle {
            idle_order.push(k);
        }
        starts[k] = start_of(&plans[k].shifts, &en, clock_s, !on_shift[k], e);
    }
    // away agents first to the scheduled agents whose block of that kind is due now
    pending.sort_by_key(|en| match en.status {
        AgentStatus::Break | AgentStatus::OffPhone => 0,
        _ => 1,
    });
    for en in pending {
        let away_kind = match en.status {
            AgentStatus::Break => Some(false),
            AgentStatus::OffPhone => Some(true),
            _ => None,
        };
        let due = |k: usize| {
            away_kind.is_some_and(|off_phone| {
                shift_at(&plans[k].shifts, clock_s).is_some_and(|s| {
                    s.breaks.iter().any(|b| {
                        (b.activity != 0) == off_phone
                            && b.earliest <= clock_s
                            && clock_s < b.latest + b.duration
                    })
                })
            })
        };
        let free = |k: usize| on_shift[k] && !taken[k];
        let pick = (0..plans.len())
            .find(|&k| free(k) && due(k))
            .or_else(|| (0..plans.len()).find(|&k| free(k)));
        match pick {
            Some(k) => {
                taken[k] = true;
                if en.status == AgentStatus::Idle {
                    idle_order.push(k);
                }
                starts[k] = start_of(&plans[k].shifts, &en, clock_s, false, e);
            }
            None => {
                let logs_off_s = en
                    .logs_off
                    .map(|t| day_end_s - 86_400.0 + t)
                    .unwrap_or(day_end_s);
                if logs_off_s <= clock_s {
                    e.push(
                        format!("{}.logs_off", en.path),
                        "must be after the clock time".to_string(),
                    );
                    continue;
                }
                let start = start_of(&[], &en, clock_s, false, e);
                if en.status == AgentStatus::Idle {
                    idle_order.push(plans.len() + extras.len());
                }
                extras.push(ExtraAgent { start, logs_off_s });
            }
        }
    }
}

/// The start of one agent whose schedule is `shifts` (empty for an extra agent).
fn start_of(
    shifts: &[ShiftPlan],
    en: &Entry,
    clock_s: f64,
    overtime: bool,
    e: &mut Errors,
) -> AgentStart {
    let shift = shift_at(shifts, clock_s);
    let default_taken = shift.map_or(0, |s| closed_breaks(s, clock_s));
    let n_breaks = shift.map_or(0, |s| s.breaks.len());
    let breaks_taken = match en.breaks_taken {
        Some(b) if b > n_breaks => {
            e.push(
                format!("{}.breaks_taken", en.path),
                format!("the agent's shift has {n_breaks} breaks and off-phone blocks, got {b}"),
            );
            default_taken
        }
        Some(b) => b,
        None => default_taken,
    };
    match en.status {
        AgentStatus::Idle => AgentStart::Idle { breaks_taken },
        AgentStatus::Busy | AgentStatus::Talking | AgentStatus::WrapUp => AgentStart::Busy {
            contacts: en.contacts.clone(),
            breaks_taken,
            overtime,
        },
        AgentStatus::Break | AgentStatus::OffPhone => {
            let off_phone = en.status == AgentStatus::OffPhone;
            // the block in progress: the latest of that kind that is already due
            let current = shift.and_then(|s| {
                s.breaks
                    .iter()
                    .enumerate()
                    .rfind(|(_, b)| (b.activity != 0) == off_phone && b.earliest <= clock_s)
                    .map(|(j, b)| (j, b.duration, b.activity))
            });
            let remaining_s = en.remaining_s.unwrap_or(match current {
                Some((_, d, _)) => d / 2.0,
                None if off_phone => DEFAULT_OFF_PHONE_LEFT_S,
                None => DEFAULT_BREAK_LEFT_S,
            });
            let breaks_taken = match (en.breaks_taken, current) {
                (None, Some((j, _, _))) => (j + 1).max(default_taken),
                _ => breaks_taken,
            };
            AgentStart::Away {
                remaining_s,
                off_phone,
                activity: current.map_or(u16::from(off_phone), |c| c.2),
                breaks_taken,
            }
        }
    }
}
