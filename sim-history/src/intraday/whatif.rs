//! The supervisor's what-ifs for the rest of the day (`docs/intraday.md`, "What-ifs"): a line
//! of changes separated by `;`, each a few words:
//!
//! | change | meaning |
//! |---|---|
//! | `add GROUP N [HH:MM[-HH:MM]]` | N more agents in GROUP from the time (default: the clock) to the end time (default: the end of the day), no breaks |
//! | `remove GROUP N [HH:MM]` | N agents of GROUP on shift at the time (default: the clock) leave then, those whose shift ends latest first (a contact in hand is finished) |
//! | `overtime GROUP N HOURS` | the N agents of GROUP whose shifts end soonest after the clock work HOURS longer |
//! | `cancel ACTIVITY [GROUP]` | off-phone blocks named ACTIVITY that have not started by the clock are cancelled (agents stay on the phones) |
//! | `move ACTIVITY HH:MM [GROUP]` | those blocks start at HH:MM instead (same window length and duration) |
//! | `breaks GROUP ±MINUTES` | breaks of GROUP not started by the clock move by MINUTES (within the shift) |
//! | `callbacks TYPE WAIT_S SHARE TO` | callers of TYPE who would wait longer than WAIT_S are offered a callback, SHARE accept it; the callback is a contact of type TO (must exist in the scenario) |
//! | `volume ±PERCENT` | the rest of the day's volume of every type changes by PERCENT (on top of the re-forecast) |
//!
//! Changes apply to the day's compiled model; a what-if run uses the same seed as the baseline,
//! so the comparison is paired (common random numbers).

use crate::error::InputError;
use sim_core::intraday::{parse_time_of_day, AgentStart, StartPlan};
use sim_core::model::CallbackOffer;
use sim_core::schedule::{AgentPlan, ShiftPlan};
use sim_core::Model;

/// One change.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Add {
        group: String,
        count: u32,
        from: Option<f64>,
        to: Option<f64>,
    },
    Remove {
        group: String,
        count: u32,
        from: Option<f64>,
    },
    Overtime {
        group: String,
        count: u32,
        hours: f64,
    },
    Cancel {
        activity: String,
        group: Option<String>,
    },
    Move {
        activity: String,
        to: f64,
        group: Option<String>,
    },
    Breaks {
        group: String,
        minutes: f64,
    },
    Callbacks {
        contact_type: String,
        wait_s: f64,
        share: f64,
        to: String,
    },
    Volume {
        percent: f64,
    },
}

/// A what-if: its text and its changes (no changes: the baseline).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TodayWhatIf {
    pub text: String,
    pub changes: Vec<Change>,
}

fn bad(text: &str, message: impl Into<String>) -> InputError {
    InputError::option("--whatif", text, message.into())
}

const SYNTAX: &str = "allowed: add GROUP N [HH:MM[-HH:MM]] · remove GROUP N [HH:MM] · overtime GROUP N HOURS · cancel ACTIVITY [GROUP] · move ACTIVITY HH:MM [GROUP] · breaks GROUP ±MINUTES · callbacks TYPE WAIT_S SHARE TO · volume ±PERCENT";

impl TodayWhatIf {
    /// The baseline (no change).
    pub fn none() -> TodayWhatIf {
        TodayWhatIf::default()
    }

    /// Parses `change; change; …`.
    pub fn parse(text: &str) -> Result<TodayWhatIf, InputError> {
        let mut changes = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            changes.push(parse_change(part)?);
        }
        if changes.is_empty() {
            return Err(bad(text, format!("no change given; {SYNTAX}")));
        }
        Ok(TodayWhatIf {
            text: text.trim().to_string(),
            changes,
        })
    }

    /// Changes to schedules and volumes, before the state is matched to the schedule (`clock`:
    /// seconds from the horizon start).
    pub(super) fn apply_before_plan(
        &self,
        model: &mut Model,
        clock: f64,
    ) -> Result<(), InputError> {
        let day0 = (clock / 86_400.0).floor() * 86_400.0;
        for c in &self.changes {
            match c {
                Change::Cancel { activity, group } => {
                    for g in groups(model, group.as_deref(), &self.text)? {
                        let k = activity_index(model, g, activity);
                        let Some(k) = k else { continue };
                        for_future_blocks(model, g, clock, |blocks| {
                            blocks.retain(|b| !(b.activity == k && b.earliest >= clock))
                        });
                    }
                    if !model
                        .groups
                        .iter()
                        .enumerate()
                        .any(|(g, _)| activity_index(model, g, activity).is_some())
                    {
                        return Err(bad(
                            &self.text,
                            format!("no agent group has an off-phone activity named `{activity}`"),
                        ));
                    }
                }
                Change::Move {
                    activity,
                    to,
                    group,
                } => {
                    let at = day0 + to;
                    if at < clock {
                        return Err(bad(&self.text, "move: the new time is before the clock"));
                    }
                    for g in groups(model, group.as_deref(), &self.text)? {
                        let Some(k) = activity_index(model, g, activity) else {
                            continue;
                        };
                        for_future_blocks(model, g, clock, |blocks| {
                            for b in blocks.iter_mut() {
                                if b.activity == k && b.earliest >= clock {
                                    let d = at - b.earliest;
                                    b.earliest += d;
                                    b.latest += d;
                                }
                            }
                        });
                    }
                }
                Change::Breaks { group, minutes } => {
                    let g = group_index(model, group, &self.text)?;
                    let d = minutes * 60.0;
                    for plan in &mut model.groups[g].agents {
                        for s in &mut plan.shifts {
                            let (start, end) = (s.start, s.end);
                            for b in &mut s.breaks {
                                if b.activity == 0 && b.earliest >= clock {
                                    let e = (b.earliest + d)
                                        .max(clock)
                                        .max(start)
                                        .min(end - b.duration);
                                    let shift = e - b.earliest;
                                    b.earliest += shift;
                                    b.latest += shift;
                                }
                            }
                            s.breaks.sort_by(|x, y| x.earliest.total_cmp(&y.earliest));
                        }
                    }
                }
                Change::Callbacks {
                    contact_type,
                    wait_s,
                    share,
                    to,
                } => {
                    let t = type_index(model, contact_type, &self.text)?;
                    let to_t = type_index(model, to, &self.text)?;
                    if t == to_t {
                        return Err(bad(
                            &self.text,
                            "callbacks: TO must be another contact type",
                        ));
                    }
                    model.types[t].callback = Some(CallbackOffer {
                        offer_when_wait_s: *wait_s,
                        accept_share: *share,
                        to: to_t,
                    });
                }
                Change::Volume { percent } => {
                    let f = (1.0 + percent / 100.0).max(0.0);
                    let from = model.interval_of(clock);
                    for ty in &mut model.types {
                        for r in ty.rate_per_s.iter_mut().skip(from) {
                            *r *= f;
                        }
                    }
                }
                Change::Add { .. } | Change::Remove { .. } | Change::Overtime { .. } => {}
            }
        }
        Ok(())
    }

    /// Changes to who works, after the state is matched to the schedule.
    pub(super) fn apply_after_plan(
        &self,
        model: &mut Model,
        plan: &mut StartPlan,
    ) -> Result<(), InputError> {
        let clock = plan.clock_s;
        let day0 = (clock / 86_400.0).floor() * 86_400.0;
        let day_end = plan.day_end_s;
        for c in &self.changes {
            match c {
                Change::Add {
                    group,
                    count,
                    from,
                    to,
                } => {
                    let g = group_index(model, group, &self.text)?;
                    let start = from.map_or(clock, |f| (day0 + f).max(clock));
                    let end = to.map_or(day_end, |t| day0 + t);
                    if end <= start {
                        return Err(bad(&self.text, "add: the end is not after the start"));
                    }
                    // extra agents are numbered after the schedule: make room first
                    let old = model.groups[g].agents.len();
                    for slot in plan.idle_order[g].iter_mut() {
                        if *slot >= old {
                            *slot += *count as usize;
                        }
                    }
                    for j in 0..*count as usize {
                        model.groups[g].agents.push(AgentPlan {
                            shifts: vec![ShiftPlan {
                                start,
                                end,
                                breaks: vec![],
                            }],
                        });
                        if start <= clock {
                            plan.agents[g].push(AgentStart::Idle { breaks_taken: 0 });
                            plan.idle_order[g].push(old + j);
                        } else {
                            plan.agents[g].push(AgentStart::NotLoggedIn);
                        }
                    }
                }
                Change::Remove { group, count, from } => {
                    let g = group_index(model, group, &self.text)?;
                    // 1 s after the clock at the earliest: the engine ends the shift as an event
                    let at = from.map_or(clock + 1.0, |f| (day0 + f).max(clock + 1.0));
                    let mut on: Vec<(usize, usize, f64)> = model.groups[g]
                        .agents
                        .iter()
                        .enumerate()
                        .filter_map(|(a, p)| {
                            p.shifts
                                .iter()
                                .position(|s| s.start <= at && at < s.end)
                                .map(|k| (a, k, p.shifts[k].end))
                        })
                        .filter(|(a, _, _)| {
                            plan.agents[g]
                                .get(*a)
                                .is_some_and(|s| !matches!(s, AgentStart::NotLoggedIn))
                                || at > clock + 1.0
                        })
                        .collect();
                    on.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
                    if on.len() < *count as usize {
                        return Err(bad(
                            &self.text,
                            format!(
                                "remove: only {} agents of `{group}` are on shift then",
                                on.len()
                            ),
                        ));
                    }
                    for &(a, k, _) in on.iter().take(*count as usize) {
                        let s = &mut model.groups[g].agents[a].shifts[k];
                        s.end = at;
                        s.breaks.retain(|b| b.earliest < at);
                    }
                }
                Change::Overtime {
                    group,
                    count,
                    hours,
                } => {
                    let g = group_index(model, group, &self.text)?;
                    let mut ending: Vec<(usize, usize, f64)> = model.groups[g]
                        .agents
                        .iter()
                        .enumerate()
                        .filter_map(|(a, p)| {
                            p.shifts
                                .iter()
                                .position(|s| s.end > clock && s.end < day_end)
                                .map(|k| (a, k, p.shifts[k].end))
                        })
                        .filter(|(a, _, _)| {
                            !matches!(plan.agents[g].get(*a), Some(AgentStart::NotLoggedIn))
                                || model.groups[g].agents[*a]
                                    .shifts
                                    .iter()
                                    .any(|s| s.start > clock)
                        })
                        .collect();
                    ending.sort_by(|x, y| x.2.total_cmp(&y.2).then(x.0.cmp(&y.0)));
                    if ending.is_empty() {
                        return Err(bad(
                            &self.text,
                            format!("overtime: no agent of `{group}` ends a shift later today"),
                        ));
                    }
                    for &(a, k, end) in ending.iter().take(*count as usize) {
                        let plans = &mut model.groups[g].agents[a].shifts;
                        let next_start = plans.get(k + 1).map_or(f64::INFINITY, |s| s.start);
                        plans[k].end = (end + hours * 3600.0).min(next_start).min(day_end);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn parse_change(part: &str) -> Result<Change, InputError> {
    let w: Vec<&str> = part.split_whitespace().collect();
    let num = |s: &str, what: &str| -> Result<f64, InputError> {
        s.trim_start_matches('+')
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad(part, format!("{what} must be a number, got `{s}`")))
    };
    let count = |s: &str| -> Result<u32, InputError> {
        s.parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| bad(part, format!("N must be a whole number ≥ 1, got `{s}`")))
    };
    let time = |s: &str| -> Result<f64, InputError> {
        parse_time_of_day(s).ok_or_else(|| bad(part, format!("a time must be HH:MM, got `{s}`")))
    };
    let n = w.len();
    let c = match (w.first().copied().unwrap_or(""), n) {
        ("add", 3 | 4) => {
            let (from, to) = match w.get(3) {
                None => (None, None),
                Some(r) => match r.split_once('-') {
                    Some((a, b)) => (Some(time(a)?), Some(time(b)?)),
                    None => (Some(time(r)?), None),
                },
            };
            Change::Add {
                group: w[1].into(),
                count: count(w[2])?,
                from,
                to,
            }
        }
        ("remove", 3 | 4) => Change::Remove {
            group: w[1].into(),
            count: count(w[2])?,
            from: w.get(3).map(|s| time(s)).transpose()?,
        },
        ("overtime", 4) => {
            let hours = num(w[3], "HOURS")?;
            if !(hours > 0.0 && hours <= 12.0) {
                return Err(bad(part, "overtime: HOURS must be > 0 and ≤ 12"));
            }
            Change::Overtime {
                group: w[1].into(),
                count: count(w[2])?,
                hours,
            }
        }
        ("cancel", 2 | 3) => Change::Cancel {
            activity: w[1].into(),
            group: w.get(2).map(|s| s.to_string()),
        },
        ("move", 3 | 4) => Change::Move {
            activity: w[1].into(),
            to: time(w[2])?,
            group: w.get(3).map(|s| s.to_string()),
        },
        ("breaks", 3) => Change::Breaks {
            group: w[1].into(),
            minutes: num(w[2], "MINUTES")?,
        },
        ("callbacks", 5) => {
            let share = num(w[3], "SHARE")?;
            let wait_s = num(w[2], "WAIT_S")?;
            if !(0.0..=1.0).contains(&share) || wait_s < 0.0 {
                return Err(bad(
                    part,
                    "callbacks: WAIT_S must be ≥ 0 and SHARE between 0 and 1",
                ));
            }
            Change::Callbacks {
                contact_type: w[1].into(),
                wait_s,
                share,
                to: w[4].into(),
            }
        }
        ("volume", 2) => Change::Volume {
            percent: num(w[1].trim_end_matches('%'), "PERCENT")?,
        },
        (word, _) => {
            return Err(bad(
                part,
                format!("`{word}` with {} words is not a change; {SYNTAX}", n),
            ))
        }
    };
    Ok(c)
}

fn group_index(model: &Model, id: &str, text: &str) -> Result<usize, InputError> {
    model.groups.iter().position(|g| g.id == id).ok_or_else(|| {
        let known: Vec<&str> = model.groups.iter().map(|g| g.id.as_str()).collect();
        bad(
            text,
            format!(
                "unknown agent group `{id}`; the scenario's groups: {}",
                known.join(", ")
            ),
        )
    })
}

fn type_index(model: &Model, id: &str, text: &str) -> Result<usize, InputError> {
    model.types.iter().position(|t| t.id == id).ok_or_else(|| {
        let known: Vec<&str> = model.types.iter().map(|t| t.id.as_str()).collect();
        bad(
            text,
            format!(
                "unknown contact type `{id}`; the scenario's types: {}",
                known.join(", ")
            ),
        )
    })
}

fn groups(model: &Model, id: Option<&str>, text: &str) -> Result<Vec<usize>, InputError> {
    match id {
        Some(id) => Ok(vec![group_index(model, id, text)?]),
        None => Ok((0..model.groups.len()).collect()),
    }
}

/// The block code (`BreakPlan::activity`) of off-phone activity `name` in group `g`.
fn activity_index(model: &Model, g: usize, name: &str) -> Option<u16> {
    model.groups[g]
        .activities
        .iter()
        .position(|a| a == name)
        .map(|k| k as u16 + 1)
}

/// Runs `f` on the blocks of every shift of group `g` that has not ended by `clock`, keeping
/// them sorted.
fn for_future_blocks(
    model: &mut Model,
    g: usize,
    clock: f64,
    mut f: impl FnMut(&mut Vec<sim_core::schedule::BreakPlan>),
) {
    for plan in &mut model.groups[g].agents {
        for s in plan.shifts.iter_mut().filter(|s| s.end > clock) {
            f(&mut s.breaks);
            s.breaks.sort_by(|x, y| x.earliest.total_cmp(&y.earliest));
        }
    }
}
