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
//!   `agents` with every skill, staffed per interval at the Erlang C requirement for 80/20 of the
//!   pooled forecast (sim-plan's `agents_needed`, with the interval's forecast AHT).

use super::Forecast;
use crate::error::InputError;
use sim_core::dist::DistSpec;
use sim_core::scenario::{
    AgentGroupSpec, ArrivalSpec, ContactTypeSpec, ServiceLevelSpec, StaffingSpec,
};
use sim_core::{Limits, Model, Scenario};
use sim_plan::targets::{ServiceLevelTarget, TypeTarget};

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Handle time of the default scenario's types when the history has no AHT (s).
pub const DEFAULT_AHT_S: f64 = 300.0;

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Forecast {
    /// The scenario as TOML (see the module docs); the scenario is validated by sim-core before it
    /// is returned (the `handle_time_factors` are added after validation).
    pub fn scenario_toml(&self, base: Option<&Scenario>) -> Result<String, InputError> {
        let (scenario, factors) = self.scenario(base)?;
        if let Err(e) = Model::compile(&scenario, Limits::default()) {
            return Err(InputError::option(
                "--base",
                base.map_or("", |b| b.name.as_str()),
                format!("the scenario built from the forecast does not validate: {e}"),
            ));
        }
        let mut value = toml::Value::try_from(&scenario)
            .map_err(|e| InputError::file(format!("cannot write the scenario: {e}")))?;
        if let Some(types) = value
            .get_mut("contact_types")
            .and_then(|v| v.as_array_mut())
        {
            for (ty, f) in types.iter_mut().zip(&factors) {
                if let (Some(table), Some(f)) = (ty.as_table_mut(), f) {
                    let arr = f.iter().map(|x| toml::Value::Float(*x)).collect();
                    table.insert("handle_time_factors".into(), toml::Value::Array(arr));
                }
            }
        }
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
            &toml::to_string(&value)
                .map_err(|e| InputError::file(format!("cannot write the scenario: {e}")))?,
        );
        Ok(text)
    }

    /// The scenario without `handle_time_factors`, and those factors per contact type of it.
    #[allow(clippy::type_complexity)]
    fn scenario(
        &self,
        base: Option<&Scenario>,
    ) -> Result<(Scenario, Vec<Option<Vec<f64>>>), InputError> {
        let weekday =
            WEEKDAYS[chrono::Datelike::weekday(&self.start).num_days_from_monday() as usize];
        let arrivals = |t: &super::TypeForecast| ArrivalSpec {
            per_interval: Some(t.forecast.iter().map(|&f| round2(f)).collect()),
            volume_cv: (t.volume_cv > 0.0).then(|| (t.volume_cv * 1e4).round() / 1e4),
            ..ArrivalSpec::default()
        };
        let factor = |t: &super::TypeForecast, mean: f64| {
            t.aht_s.as_ref().filter(|_| mean > 0.0).map(|a| {
                a.iter()
                    .map(|x| (x / mean * 1e4).round() / 1e4)
                    .collect::<Vec<f64>>()
            })
        };
        match base {
            Some(b) => {
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
                s.start_weekday = Some(weekday.into());
                let mut factors = vec![None; s.contact_types.len()];
                for t in &self.types {
                    let Some(k) = s.contact_types.iter().position(|c| c.id == t.id) else {
                        return Err(InputError::option(
                            "--base",
                            &b.name,
                            format!(
                                "the history has contact type `{}`, which the base scenario does \
                                 not have (its types: {}); add it to the base or rename it in the \
                                 history",
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
                    ct.arrivals = arrivals(t);
                    let mean =
                        ct.handle_time.mean() + ct.wrap_up.as_ref().map_or(0.0, |w| w.mean());
                    factors[k] = factor(t, mean);
                }
                Ok((s, factors))
            }
            None => {
                let mut types = Vec::new();
                let mut factors = Vec::new();
                for t in &self.types {
                    let mean = t.mean_aht_s.unwrap_or(DEFAULT_AHT_S);
                    let mut ct = default_type();
                    ct.id = t.id.clone();
                    ct.arrivals = arrivals(t);
                    ct.handle_time = DistSpec::Exponential { mean: round2(mean) };
                    ct.service_level = Some(ServiceLevelSpec {
                        threshold_s: 20.0,
                        target: 0.8,
                    });
                    types.push(ct);
                    factors.push(factor(t, round2(mean)));
                }
                let staffing = self.erlang_staffing();
                let group = AgentGroupSpec {
                    id: "agents".into(),
                    skills: self.types.iter().map(|t| t.id.clone()).collect(),
                    staffing: Some(StaffingSpec {
                        constant: None,
                        per_interval: Some(staffing),
                    }),
                    ..serde_default_group()
                };
                let s = Scenario {
                    version: 1,
                    name: "Forecast from history".into(),
                    description: Some(
                        "Arrivals forecast by ccsim forecast; one group with every skill staffed at \
                         the Erlang C requirement for 80 % in 20 s."
                            .into(),
                    ),
                    interval_minutes: self.interval_minutes,
                    days: self.days as u32,
                    start_weekday: Some(weekday.into()),
                    warmup_minutes: 0.0,
                    short_abandon_s: None,
                    costs: None,
                    contact_types: types,
                    agent_groups: vec![group],
                };
                Ok((s, factors))
            }
        }
    }

    /// Agents per interval of the horizon: Erlang C for 80 % in 20 s on the pooled forecast.
    fn erlang_staffing(&self) -> Vec<u32> {
        let n = self.days * self.intervals_per_day();
        let interval_s = self.interval_minutes as f64 * 60.0;
        let target = TypeTarget {
            service_level: Some(ServiceLevelTarget {
                threshold_s: 20.0,
                share: 0.8,
            }),
            max_abandon_rate: None,
        };
        (0..n)
            .map(|i| {
                let (mut lam, mut work) = (0.0, 0.0);
                for t in &self.types {
                    let aht = t
                        .aht_s
                        .as_ref()
                        .map(|a| a[i])
                        .filter(|a| a.is_finite())
                        .or(t.mean_aht_s)
                        .unwrap_or(DEFAULT_AHT_S);
                    lam += t.forecast[i] / interval_s;
                    work += t.forecast[i] / interval_s * aht;
                }
                if lam <= 0.0 {
                    return 0;
                }
                sim_plan::requirement::agents_needed(lam, work / lam, None, &target, 100_000)
            })
            .collect()
    }
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
