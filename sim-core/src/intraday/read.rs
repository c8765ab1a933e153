//! Reading one group of a start state: the detailed form's agents, or the simple form's counts
//! expanded into agents (`docs/intraday.md`, "The simple form"), each checked against the model.

use super::plan::InHand;
use super::state::{parse_time_of_day, AgentState, AgentStatus, ContactInHand, GroupState};
use crate::error::{fmt_num, Errors};
use crate::model::{Channel, Model};

/// One logged-in agent as read from either form, before being matched to the schedule.
pub(super) struct Entry {
    pub(super) path: String,
    pub(super) status: AgentStatus,
    pub(super) contacts: Vec<InHand>,
    pub(super) remaining_s: Option<f64>,
    pub(super) agent: Option<usize>,
    pub(super) breaks_taken: Option<usize>,
    pub(super) logs_off: Option<f64>,
}

/// Reads a group's agents (detailed form) or expands its counts (simple form).
pub(super) fn expand_group(
    model: &Model,
    g: usize,
    gs: &GroupState,
    clock_s: f64,
    path: &str,
    e: &mut Errors,
) -> Option<Vec<Entry>> {
    let group = &model.groups[g];
    let simple = gs.logged_in.is_some()
        || gs.busy.is_some()
        || gs.on_break.is_some()
        || gs.off_phone.is_some()
        || gs.busy_by_type.is_some();
    let serves = |t: usize| group.skills.contains(&t);
    let type_of = |id: &str, p: &str, e: &mut Errors| -> Option<usize> {
        match model.types.iter().position(|x| x.id == id) {
            None => {
                e.push(p, format!("unknown contact type \"{id}\""));
                None
            }
            Some(t) if !serves(t) => {
                e.push(
                    p,
                    format!("agent group \"{}\" is not skilled for \"{id}\"", group.id),
                );
                None
            }
            Some(t) => Some(t),
        }
    };
    if let Some(list) = &gs.agents {
        if simple {
            e.push(
                path,
                "give either agents (each agent) or the counts logged_in, busy, on_break, off_phone, not both",
            );
            return None;
        }
        let mut out = Vec::new();
        for (j, a) in list.iter().enumerate() {
            let p = format!("{path}.agents[{j}]");
            out.push(read_agent(model, g, a, clock_s, &p, e, &type_of)?);
        }
        return Some(out);
    }
    let logged_in = gs.logged_in.unwrap_or(0);
    if gs.logged_in.is_none() && simple {
        e.push(
            format!("{path}.logged_in"),
            "is needed in the simple form (agents logged in)",
        );
        return None;
    }
    let (busy, on_break, off_phone) = (
        gs.busy.unwrap_or(0),
        gs.on_break.unwrap_or(0),
        gs.off_phone.unwrap_or(0),
    );
    if busy + on_break + off_phone > logged_in {
        e.push(
            format!("{path}.busy"),
            format!(
                "busy + on_break + off_phone ({}) must not exceed logged_in ({logged_in})",
                busy + on_break + off_phone
            ),
        );
        return None;
    }
    let mut types: Vec<usize> = Vec::new();
    match &gs.busy_by_type {
        Some(m) => {
            let total: u32 = m.values().sum();
            if total != busy {
                e.push(
                    format!("{path}.busy_by_type"),
                    format!("must add up to busy ({busy}), got {total}"),
                );
                return None;
            }
            for (id, &n) in m {
                let t = type_of(id, &format!("{path}.busy_by_type.{id}"), e)?;
                types.extend((0..n).map(|_| t));
            }
        }
        None => {
            let Some(&t) = group.serve_order.first() else {
                return Some(Vec::new());
            };
            types.extend((0..busy).map(|_| t));
        }
    }
    let entry = |status, contacts| Entry {
        path: path.to_string(),
        status,
        contacts,
        remaining_s: None,
        agent: None,
        breaks_taken: None,
        logs_off: None,
    };
    let mut out = Vec::new();
    out.extend((0..on_break).map(|_| entry(AgentStatus::Break, vec![])));
    out.extend((0..off_phone).map(|_| entry(AgentStatus::OffPhone, vec![])));
    for t in types {
        out.push(entry(
            AgentStatus::Busy,
            vec![InHand {
                ctype: t,
                elapsed_s: None,
                wrap_up: false,
            }],
        ));
    }
    let idle = logged_in - busy - on_break - off_phone;
    out.extend((0..idle).map(|_| entry(AgentStatus::Idle, vec![])));
    Some(out)
}

fn read_agent(
    model: &Model,
    g: usize,
    a: &AgentState,
    clock_s: f64,
    p: &str,
    e: &mut Errors,
    type_of: &dyn Fn(&str, &str, &mut Errors) -> Option<usize>,
) -> Option<Entry> {
    let group = &model.groups[g];
    let elapsed_ok = |x: Option<f64>, path: String, e: &mut Errors| -> bool {
        match x {
            Some(v) if !(v.is_finite() && v >= 0.0) => {
                e.push(path, format!("must be >= 0 seconds, got {}", fmt_num(v)));
                false
            }
            Some(v) if v > clock_s => {
                e.push(
                    path,
                    format!(
                        "{} s is longer than the time since the horizon start ({} s)",
                        fmt_num(v),
                        fmt_num(clock_s)
                    ),
                );
                false
            }
            _ => true,
        }
    };
    let mut contacts = Vec::new();
    match a.status {
        AgentStatus::Talking | AgentStatus::WrapUp => {
            if a.contacts.is_some() {
                e.push(
                    format!("{p}.contacts"),
                    "is for status \"busy\"; \"talking\" and \"wrap_up\" take contact_type and elapsed_s",
                );
                return None;
            }
            let Some(id) = &a.contact_type else {
                e.push(
                    format!("{p}.contact_type"),
                    "is needed for an agent on a contact",
                );
                return None;
            };
            let t = type_of(id, &format!("{p}.contact_type"), e)?;
            if !elapsed_ok(a.elapsed_s, format!("{p}.elapsed_s"), e) {
                return None;
            }
            contacts.push(InHand {
                ctype: t,
                elapsed_s: a.elapsed_s,
                wrap_up: a.status == AgentStatus::WrapUp,
            });
        }
        AgentStatus::Busy => {
            let list: Vec<ContactInHand> = match (&a.contacts, &a.contact_type) {
                (Some(l), None) => l.clone(),
                (None, Some(id)) => vec![ContactInHand {
                    contact_type: id.clone(),
                    elapsed_s: a.elapsed_s,
                    wrap_up: false,
                }],
                _ => {
                    e.push(
                        format!("{p}.contacts"),
                        "a busy agent needs either contacts (a list) or contact_type",
                    );
                    return None;
                }
            };
            if list.is_empty() {
                e.push(
                    format!("{p}.contacts"),
                    "a busy agent holds at least one contact",
                );
                return None;
            }
            for (k, c) in list.iter().enumerate() {
                let cp = format!("{p}.contacts[{k}]");
                let t = type_of(&c.contact_type, &format!("{cp}.contact_type"), e)?;
                if !elapsed_ok(c.elapsed_s, format!("{cp}.elapsed_s"), e) {
                    return None;
                }
                contacts.push(InHand {
                    ctype: t,
                    elapsed_s: c.elapsed_s,
                    wrap_up: c.wrap_up,
                });
            }
            if contacts.len() > 1 {
                let all_chat = contacts
                    .iter()
                    .all(|c| model.types[c.ctype].channel == Channel::Chat);
                let cap = contacts
                    .iter()
                    .map(|c| model.types[c.ctype].concurrency as usize)
                    .max()
                    .unwrap_or(1);
                if !all_chat || contacts.len() > cap {
                    e.push(
                        format!("{p}.contacts"),
                        format!(
                            "an agent holds one contact at a time, or up to the concurrency of chats ({cap}); got {}",
                            contacts.len()
                        ),
                    );
                    return None;
                }
            }
        }
        AgentStatus::Break | AgentStatus::OffPhone => {
            if let Some(r) = a.remaining_s {
                if !(r.is_finite() && r >= 0.0) {
                    e.push(
                        format!("{p}.remaining_s"),
                        format!("must be >= 0 seconds, got {}", fmt_num(r)),
                    );
                    return None;
                }
            }
        }
        AgentStatus::Idle => {}
    }
    if let Some(k) = a.agent {
        if k >= group.agents.len() {
            e.push(
                format!("{p}.agent"),
                format!(
                    "the schedule of group \"{}\" has {} agents (0 … {}), got {k}",
                    group.id,
                    group.agents.len(),
                    group.agents.len().saturating_sub(1)
                ),
            );
            return None;
        }
    }
    let logs_off = match &a.logs_off {
        None => None,
        Some(s) => match parse_time_of_day(s) {
            Some(x) => Some(x),
            None => {
                e.push(
                    format!("{p}.logs_off"),
                    format!("must be a time of day \"HH:MM\", got \"{s}\""),
                );
                return None;
            }
        },
    };
    Some(Entry {
        path: p.to_string(),
        status: a.status,
        contacts,
        remaining_s: a.remaining_s,
        agent: a.agent,
        breaks_taken: a.breaks_taken,
        logs_off,
    })
}
