//! `scenario.toml`: a runnable scenario covering the forecast days.
//!
//! - On a **base scenario** (`--base`): its groups, shifts, targets, patience and handle times are
//!   kept; `interval_minutes`, `days` (the forecast days) and `start_weekday` are set; every
//!   history type must exist in the base (matched by id) and gets `arrivals = { per_interval =
//!   [one value per interval of the horizon], volume_cv }` (its other arrival fields are
//!   replaced) and, when the history has AHT, `handle_time_factors` (forecast AHT ÷ the base
//!   type's mean handle + wrap-up time, one per interval of the horizon). Base types without
//!   history are kept as written.
//! - **Without a base**: one voice type per history type (exponential handle time at the history's
//!   recent mean AHT, or 300 s; service level 80 % in 20 s; no abandonment), and one group
//!   `agents` with every skill, staffed per interval at sim-plan's Erlang requirement for 80/20 of
//!   the scenario itself (the pooled forecast, each interval with its own forecast AHT).

use super::{Forecast, TypeForecast};
use crate::error::InputError;
use sim_core::dist::DistSpec;
use sim_core::scenario::{
    AgentGroupSpec, ArrivalSpec, ContactTypeSpec, ServiceLevelSpec, StaffingSpec,
};
use sim_core::{Limits, Model, Scenario};
use sim_plan::StaffingTargets;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Handle time of the default scenario's types when the history has no AHT (s).
pub const DEFAULT_AHT_S: f64 = 300.0;

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Forecast {
    /// The scenario as TOML (see the module docs), validated by sim-core before it is returned.
    pub fn scenario_toml(&self, base: Option<&Scenario>) -> Result<String, InputError> {
        let scenario = self.scenario(base)?;
        let mut text = format!(
            "# Built by `ccsim forecast` from an interval history: {} days from {} ({}), \
             {}-minute intervals.\n# Methods: {}.\n",
            self.days,
            self.start,
            self.start.format("%A"),
            self.interval_minutes,
            self.types
                .iter()
                .map(|t| format!("{} = {}", t.id, t.method.name()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        text.push_str(
            &toml::to_string(&scenario)
                .map_err(|e| InputError::file(format!("cannot write the scenario: {e}")))?,
        );
        Ok(text)
    }

    /// The scenario, checked by sim-core.
    pub fn scenario(&self, base: Option<&Scenario>) -> Result<Scenario, InputError> {
        let scenario = match base {
            Some(b) => self.on_base(b)?,
            None => self.default_scenario()?,
        };
        compile(&scenario, base)?;
        Ok(scenario)
    }

    fn arrivals(t: &TypeForecast) -> ArrivalSpec {
        ArrivalSpec {
            per_interval: Some(t.forecast.iter().map(|&f| round2(f)).collect()),
            volume_cv: (t.volume_cv > 0.0).then(|| (t.volume_cv * 1e4).round() / 1e4),
            ..ArrivalSpec::default()
        }
    }

    fn weekday(&self) -> &'static str {
        WEEKDAYS[chrono::Datelike::weekday(&self.start).num_days_from_monday() as usize]
    }

    fn on_base(&self, b: &Scenario) -> Result<Scenario, InputError> {
        if b.interval_minutes != self.interval_minutes {
            return Err(InputError::option(
                "--interval-minutes",
                &self.interval_minutes.to_string(),
                format!(
                    "the base scenario has {}-minute intervals; forecast at {} minutes \
                     (--interval-minutes {}) so its staffing and the forecast line up",
                    b.interval_minutes, b.interval_minutes, b.interval_minutes
                ),
            ));
        }
        let mut s = b.clone();
        s.days = self.days as u32;
        s.start_weekday = Some(self.weekday().into());
        for t in &self.types {
            let Some(k) = s.contact_types.iter().position(|c| c.id == t.id) else {
                return Err(InputError::option(
                    "--base",
                    &b.name,
                    format!(
                        "the history has contact type `{}`, which the base scenario does not have \
                         (its types: {}); add it to the base or rename it in the history",
                        t.id,
                        b.contact_types
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            };
            let ct = &mut s.contact_types[k];
            ct.arrivals = Self::arrivals(t);
            let mean = ct.handle_time.mean() + ct.wrap_up.as_ref().map_or(0.0, |w| w.mean());
            ct.handle_time_factors = handle_time_factors(t, mean);
        }
        Ok(s)
    }

    /// One voice type per history type and one group `agents` with every skill, staffed per
    /// interval at sim-plan's Erlang requirement of the scenario itself (so the interval's own
    /// forecast AHT counts, through `handle_time_factors`).
    fn default_scenario(&self) -> Result<Scenario, InputError> {
        let mut types = Vec::new();
        for t in &self.types {
            let mean = round2(t.mean_aht_s.unwrap_or(DEFAULT_AHT_S));
            let mut ct = default_type();
            ct.id = t.id.clone();
            ct.arrivals = Self::arrivals(t);
            ct.handle_time = DistSpec::Exponential { mean };
            ct.handle_time_factors = handle_time_factors(t, mean);
            ct.service_level = Some(ServiceLevelSpec {
                threshold_s: 20.0,
                target: Some(0.8),
            });
            types.push(ct);
        }
        let n = self.days * self.intervals_per_day();
        let group = AgentGroupSpec {
            id: "agents".into(),
            skills: self.types.iter().map(|t| t.id.clone()).collect(),
            staffing: Some(StaffingSpec {
                constant: None,
                per_interval: Some(vec![0; n]),
            }),
            ..serde_default_group()
        };
        let mut s = Scenario {
            version: 1,
            name: "Forecast from history".into(),
            description: Some(
                "Arrivals forecast by ccsim forecast; one group with every skill staffed at the \
                 Erlang C requirement for 80 % in 20 s."
                    .into(),
            ),
            interval_minutes: self.interval_minutes,
            days: self.days as u32,
            start_weekday: Some(self.weekday().into()),
            warmup_minutes: 0.0,
            short_abandon_s: None,
            costs: None,
            contact_types: types,
            agent_groups: vec![group],
        };
        let model = compile(&s, None)?;
        let req = sim_plan::requirement::erlang_requirement(
            &model,
            &StaffingTargets::from_model(&model),
            0,
            Limits::default().max_agents.min(100_000) as u32,
        );
        if let Some(staffing) = s.agent_groups[0].staffing.as_mut() {
            staffing.per_interval = Some(req.group_agents[0].clone());
        }
        Ok(s)
    }
}

/// Forecast AHT ÷ the type's mean handle + wrap-up time, per interval of the horizon, rounded and
/// kept inside the range sim-core accepts (0.01 … 100); `None` without AHT history.
fn handle_time_factors(t: &TypeForecast, mean: f64) -> Option<Vec<f64>> {
    let aht = t.aht_s.as_ref().filter(|_| mean > 0.0)?;
    Some(
        aht.iter()
            .map(|x| ((x / mean * 1e4).round() / 1e4).clamp(0.01, 100.0))
            .collect(),
    )
}

fn compile(s: &Scenario, base: Option<&Scenario>) -> Result<Model, InputError> {
    Model::compile(s, Limits::default()).map_err(|e| {
        InputError::option(
            "--base",
            base.map_or("", |b| b.name.as_str()),
            format!("the scenario built from the forecast does not validate: {e}"),
        )
    })
}

/// An agent group with every optional field at its default (parsed from the smallest valid TOML,
/// so new optional fields of sim-core need no change here).
fn serde_default_group() -> AgentGroupSpec {
    toml::from_str("id = \"agents\"\nskills = [\"x\"]\n").expect("minimal group parses")
}

/// A voice contact type with every optional field at its default (same reason).
fn default_type() -> ContactTypeSpec {
    toml::from_str("id = \"x\"\narrivals = { rate_per_hour = 1 }\nhandle_time = { dist = \"exponential\", mean = 1 }\n")
        .expect("minimal contact type parses")
}
