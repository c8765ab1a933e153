//! The start state file (`docs/intraday.md`, "The start state"): what the center looks like at
//! the clock time, as JSON, in a detailed form (each agent, each waiting contact) or a simple
//! form (counts per group and queue, the oldest wait), both read into the same [`StartState`]
//! and checked against the model into a [`StartPlan`] the engine starts from.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The state of the center at `clock` on day `day` of the scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartState {
    /// Time of day, `HH:MM` or `HH:MM:SS` (00:00 … 24:00).
    pub clock: String,
    /// Day of the scenario's horizon, 1 = the first (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    /// Agents per agent group id. A group that is not listed has nobody logged in.
    #[serde(default)]
    pub groups: BTreeMap<String, GroupState>,
    /// Contacts waiting per contact type id (callbacks waiting to be made are contacts of the
    /// callback type's queue).
    #[serde(default)]
    pub queues: BTreeMap<String, QueueState>,
    /// Contacts in self-service (IVR, bot) per contact type id.
    #[serde(default)]
    pub self_service: BTreeMap<String, SelfServiceState>,
}

/// One group: either `agents` (detailed) or the counts (simple form), not both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupState {
    /// Detailed form: each logged-in agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents: Option<Vec<AgentState>>,
    /// Simple form: agents logged in (idle = logged_in − busy − on_break − off_phone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged_in: Option<u32>,
    /// Simple form: agents on a contact (talking or in wrap-up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busy: Option<u32>,
    /// Simple form: how the busy agents split over contact types (must add up to `busy`);
    /// without it they all hold the group's first contact type in serve order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busy_by_type: Option<BTreeMap<String, u32>>,
    /// Simple form: agents on a break.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_break: Option<u32>,
    /// Simple form: agents in an off-phone block (training, coaching, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub off_phone: Option<u32>,
}

/// What an agent is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    Idle,
    /// On one or more contacts (`contacts`, or the `contact_type` shorthand).
    Busy,
    /// Shorthand: busy with one contact in its talk phase.
    Talking,
    /// Shorthand: busy with one contact in its wrap-up.
    WrapUp,
    Break,
    OffPhone,
}

/// One logged-in agent (detailed form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentState {
    pub status: AgentStatus,
    /// `talking` / `wrap_up`: the contact type in hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_type: Option<String>,
    /// `talking`: seconds of talk so far; `wrap_up`: seconds of wrap-up so far. Unknown: drawn
    /// (see docs/intraday.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_s: Option<f64>,
    /// `busy`: the contacts in hand (several for chat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<ContactInHand>>,
    /// `break` / `off_phone`: seconds left (unknown: half the planned block).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_s: Option<f64>,
    /// Which agent of the group's schedule this is (0-based, in the order the schedule lists
    /// the group's agents); by default the next scheduled agent on shift now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<usize>,
    /// Breaks and off-phone blocks of the current shift already taken (by default those whose
    /// window closed before the clock time, and the one in progress).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaks_taken: Option<usize>,
    /// For an agent beyond the schedule (more logged in than scheduled): when they log off
    /// (`HH:MM` on the same day; default: the end of the day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs_off: Option<String>,
}

/// A contact an agent is handling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInHand {
    pub contact_type: String,
    /// Seconds of talk so far (of wrap-up so far when `wrap_up`); unknown: drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_s: Option<f64>,
    /// The talk is over and the agent is in wrap-up.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wrap_up: bool,
}

/// A queue: `waits_s` (detailed) or `waiting` + `oldest_wait_s` (simple).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueState {
    /// How long each waiting contact has waited, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waits_s: Option<Vec<f64>>,
    /// Simple form: contacts waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<u32>,
    /// Simple form: the longest wait; the others are spread evenly below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest_wait_s: Option<f64>,
}

/// Contacts in self-service: `elapsed_s` (detailed) or `count` (time so far drawn).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfServiceState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_s: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl StartState {
    /// Reads the JSON state; a type error names the field.
    pub fn parse_json(text: &str) -> Result<StartState, crate::ScenarioErrors> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "state".into() } else { path };
            crate::ScenarioErrors(vec![crate::FieldError::new(
                path,
                e.into_inner().to_string(),
            )])
        })
    }
}

/// Parses `HH:MM` or `HH:MM:SS` (00:00 … 24:00) to seconds after midnight.
pub fn parse_time_of_day(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let h = num(parts[0])?;
    let m = num(parts[1])?;
    let sec = if parts.len() == 3 { num(parts[2])? } else { 0 };
    if m >= 60 || sec >= 60 || h > 24 || (h == 24 && (m > 0 || sec > 0)) {
        return None;
    }
    Some((h * 3600 + m * 60 + sec) as f64)
}
