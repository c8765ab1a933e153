//! The scenario file: what a planner writes (TOML or JSON, one serde schema).
//!
//! These types mirror the file one to one; they are *not* validated. [`crate::model::Model::compile`]
//! turns a [`Scenario`] into a validated, compiled model or into a list of field errors.
//! Every field is documented for planners in `docs/scenario.md`.

use crate::dist::DistSpec;
use crate::error::{FieldError, ScenarioErrors};
use serde::{Deserialize, Serialize};

/// A whole scenario file (`version = 1`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Schema version; must be 1.
    pub version: u32,
    /// Human-readable name shown in reports.
    pub name: String,
    /// Free text shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Forecast / reporting interval length in minutes (must divide 1440).
    #[serde(default = "default_interval")]
    pub interval_minutes: u32,
    /// Simulated horizon in days.
    #[serde(default = "default_days")]
    pub days: u32,
    /// Weekday of day 1 (`mon` … `sun`), used by shift `days` and weekday factors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_weekday: Option<String>,
    /// Minutes at the start of the horizon excluded from statistics.
    #[serde(default)]
    pub warmup_minutes: f64,
    /// Abandons within this many seconds are "short abandons" (SL variant that excludes them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_abandon_s: Option<f64>,
    /// Cost settings (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostSpec>,
    /// The kinds of contact the center receives.
    pub contact_types: Vec<ContactTypeSpec>,
    /// The teams of agents and what they can handle.
    pub agent_groups: Vec<AgentGroupSpec>,
}

fn default_interval() -> u32 {
    30
}
fn default_days() -> u32 {
    1
}

/// Cost rates.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CostSpec {
    /// Cost of one paid agent hour (groups may override with `cost_per_hour`).
    #[serde(default)]
    pub agent_hour: f64,
    /// Multiplier applied to overtime hours (default 1.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_factor: Option<f64>,
}

/// One contact type (a queue): channel, volume, handle time, patience, targets and process options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContactTypeSpec {
    pub id: String,
    /// `voice` | `chat` | `email` (email never abandons and carries backlog).
    #[serde(default = "default_channel")]
    pub channel: String,
    pub arrivals: ArrivalSpec,
    /// Handle (talk) time in seconds.
    pub handle_time: DistSpec,
    /// After-contact work in seconds (agent stays busy, contact counts as handled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrap_up: Option<DistSpec>,
    /// Multiplier of handle and wrap-up time by the interval in which a contact is answered: one
    /// value per interval of a day (repeated daily) or of the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle_time_factors: Option<Vec<f64>>,
    /// Patience in seconds; omitted = never abandons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience: Option<DistSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level: Option<ServiceLevelSpec>,
    /// Target maximum abandonment rate (e.g. 0.03); reported as met / missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_abandon_rate: Option<f64>,
    /// Higher is served first by agents who hold several skills (default 0).
    #[serde(default)]
    pub priority: i32,
    /// Voice: maximum waiting contacts; arrivals beyond it get a busy signal (blocked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_capacity: Option<u32>,
    /// Chat: how many chats an agent handles at once and how much slower each extra chat makes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<ChatSpec>,
    /// Redial after abandoning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<RetrySpec>,
    /// Self-service / IVR deflection before the queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_service: Option<SelfServiceSpec>,
    /// First-contact resolution: unresolved contacts come back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fcr: Option<FcrSpec>,
    /// Transfers to other contact types after handling.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<TransferSpec>,
    /// Virtual hold: offer a callback when the expected wait is long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<CallbackSpec>,
    /// Preferred order of agent groups for new contacts (default: groups where this skill ranks
    /// highest first, then file order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_to: Option<Vec<String>>,
}

fn default_channel() -> String {
    "voice".into()
}

/// Arrival volume: exactly one of `rate_per_hour`, `per_interval`, `per_day`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ArrivalSpec {
    /// Constant Poisson rate, contacts per hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_hour: Option<f64>,
    /// Contacts per interval: one value per interval of a day (repeated daily) or of the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_interval: Option<Vec<f64>>,
    /// Contacts per day, spread over the day's intervals by `profile` weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_day: Option<f64>,
    /// Intraday weights (one per interval of a day); normalised to sum 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Vec<f64>>,
    /// Intraday weights of particular weekdays (`mon` … `sun`), replacing `profile` on those days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday_profiles: Option<std::collections::BTreeMap<String, Vec<f64>>>,
    /// Multiplier per weekday, `[mon, tue, wed, thu, fri, sat, sun]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday_factors: Option<Vec<f64>>,
    /// Day-level forecast error: each day's volume is multiplied by a Gamma(mean 1, cv) draw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_cv: Option<f64>,
    /// Shared forecast error: contact types with the same `volume_group` share one day factor
    /// draw per day (they must have the same `volume_cv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_group: Option<String>,
    /// Multiplier on all volume (what-if "volume ±%"; default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceLevelSpec {
    /// Answer-time threshold in seconds (e.g. 20 for calls, 900 for written requests).
    pub threshold_s: f64,
    /// Target share answered within the threshold, in [0, 1]; optional (without it the
    /// threshold still defines the service-level KPIs, and no target is reported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChatSpec {
    /// Maximum simultaneous chats per agent (≥ 1).
    pub concurrency: u32,
    /// Handle time grows by this share per additional chat held: factor = 1 + slowdown × (k − 1).
    #[serde(default)]
    pub slowdown: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RetrySpec {
    /// Probability an abandoning customer tries again, in [0, 1].
    pub probability: f64,
    /// Delay before the new attempt, seconds.
    pub delay: DistSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SelfServiceSpec {
    /// Share of arrivals fully resolved in self-service, in [0, 1].
    pub deflection: f64,
    /// Time a caller spends in the IVR / self-service, seconds (default constant 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<DistSpec>,
    /// IVR ports available, for sizing (occupancy and P(all busy) are reported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FcrSpec {
    /// Share of handled contacts resolved first time, in [0, 1]; the rest come back.
    pub rate: f64,
    /// Delay until the repeat contact, seconds.
    pub repeat_delay: DistSpec,
    /// Contact type of the repeat (default: the same type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_as: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TransferSpec {
    /// Target contact type id.
    pub to: String,
    /// Share of handled contacts transferred, in [0, 1].
    pub share: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CallbackSpec {
    /// Offer a callback when the expected wait exceeds this many seconds.
    pub offer_when_wait_s: f64,
    /// Share of offered callers who accept, in [0, 1].
    pub accept_share: f64,
    /// Contact type (usually channel `voice` without patience) that carries the callback work.
    pub to: String,
}

/// One agent group (skill group / team).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AgentGroupSpec {
    pub id: String,
    /// Contact type ids this group handles, in priority order.
    pub skills: Vec<String>,
    /// Staffing by headcount (`constant` or `per_interval`); use `shifts` instead for schedules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing: Option<StaffingSpec>,
    /// Shift lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shifts: Vec<ShiftSpec>,
    /// Probability that an agent-shift is absent (unplanned shrinkage), sampled per replication.
    #[serde(default)]
    pub absence: f64,
    /// Planned off-phone activities (coaching, training, meetings, one-to-ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub off_phone: Vec<OffPhoneSpec>,
    /// Handle-time factor per skill (1.2 = 20 % slower), e.g. `{ voice = 1.2 }`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub proficiency: std::collections::BTreeMap<String, f64>,
    /// Handle-time factor for every skill of the group (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_factor: Option<f64>,
    /// The group becomes eligible for a contact type only after the contact waited this many seconds.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub overflow_delay_s: std::collections::BTreeMap<String, f64>,
    /// Cost per paid hour for this group (overrides `costs.agent_hour`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_hour: Option<f64>,
}

/// Headcount staffing: exactly one of `constant`, `per_interval`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct StaffingSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_interval: Option<Vec<u32>>,
}

/// A shift line: `agents` agents work from `start` to `end` on the given weekdays.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShiftSpec {
    /// "HH:MM".
    pub start: String,
    /// "HH:MM"; an end at or before the start crosses midnight.
    pub end: String,
    pub agents: u32,
    /// Weekdays the shift starts on (default every day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<BreakSpec>,
}

/// A break inside a shift: fixed (`at`) or windowed (`after` + `window_minutes`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BreakSpec {
    /// Clock time "HH:MM" of a fixed break.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Offset "HH:MM" from shift start where the window opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    pub minutes: f64,
    /// Window length; the break starts when the agent is first free inside it (default 0).
    #[serde(default)]
    pub window_minutes: f64,
    /// Free label ("lunch", "break").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Off-phone activity: scheduled block (`start` + `minutes` for `agents` agents on `days`),
/// or a `share` of on-shift time for `agents` agents (all agents when omitted).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OffPhoneSpec {
    pub activity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
}

/// Input format of a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// Chooses the format from a file name (`.json` → JSON, anything else → TOML).
    pub fn from_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

impl Scenario {
    /// Parses TOML or JSON text. Syntax and type errors name the field path.
    pub fn parse(text: &str, format: Format) -> Result<Scenario, ScenarioErrors> {
        let result = match format {
            Format::Json => {
                let de = &mut serde_json::Deserializer::from_str(text);
                serde_path_to_error::deserialize(de).map_err(|e| {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    FieldError::new(clean_path(&path), clean_serde_message(&inner.to_string()))
                })
            }
            Format::Toml => {
                let de = toml::Deserializer::new(text);
                serde_path_to_error::deserialize(de).map_err(|e| {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    let msg = inner.message().to_string();
                    let loc = inner
                        .span()
                        .map(|s| {
                            let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                            format!(" (line {line})")
                        })
                        .unwrap_or_default();
                    FieldError::new(
                        clean_path(&path),
                        format!("{}{loc}", clean_serde_message(&msg)),
                    )
                })
            }
        };
        result.map_err(|e| ScenarioErrors(vec![e]))
    }

    /// Serialises to pretty TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Serialises to pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn clean_path(p: &str) -> String {
    if p == "." || p == "?" || p.is_empty() {
        "(file)".into()
    } else {
        p.to_string()
    }
}

fn clean_serde_message(m: &str) -> String {
    m.trim().trim_end_matches('.').replace('`', "'")
}
