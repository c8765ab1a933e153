//! Bindings over sim-plan: the Erlang requirement, the Erlang prediction of a type, and the
//! simulation staffing search as an object the page drives (it proposes a staffing, the page runs
//! the replications in its Web Workers and hands back the merged summary). The work is plain Rust
//! (unit-tested natively); the `#[wasm_bindgen]` layer only converts errors.

use crate::api;
use serde_json::json;
use sim_core::{Limits, Model, Scenario, Summary};
use sim_plan::{erlang_prediction, SearchOptions, StaffingSearch, StaffingTargets, Step};
use wasm_bindgen::prelude::*;

/// `""`, `"[]"` or a JSON array of `KPI=VALUE` strings (the CLI's `--target` values).
fn targets(model: &Model, targets_json: &str) -> Result<StaffingTargets, String> {
    let given: Vec<String> = if targets_json.trim().is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(targets_json)
            .map_err(|e| format!("targets: expected a JSON list of \"KPI=VALUE\" strings: {e}"))?
    };
    StaffingTargets::parse(model, &given).map_err(|e| e.to_string())
}

/// The Erlang requirement (sim-plan `Requirement`) as JSON.
pub fn requirement_json(
    text: &str,
    fmt: &str,
    whatif_json: &str,
    targets_json: &str,
) -> Result<String, String> {
    let model = api::compile(text, fmt, whatif_json)?;
    let t = targets(&model, targets_json)?;
    let max = Limits::default().max_agents.min(100_000) as u32;
    let r = sim_plan::requirement::erlang_requirement(&model, &t, 0, max);
    serde_json::to_string(&r).map_err(|e| e.to_string())
}

/// The Erlang C/A prediction (sim-plan `Prediction`) of contact type `type_id`, as JSON.
pub fn prediction_json(
    text: &str,
    fmt: &str,
    whatif_json: &str,
    type_id: &str,
) -> Result<String, String> {
    let model = api::compile(text, fmt, whatif_json)?;
    let t = model
        .types
        .iter()
        .position(|t| t.id == type_id)
        .ok_or_else(|| format!("unknown contact type \"{type_id}\""))?;
    serde_json::to_string(&erlang_prediction(&model, t)).map_err(|e| e.to_string())
}

/// The state the page keeps between steps of a search.
pub struct PlanSearch {
    base: Scenario,
    search: StaffingSearch,
    /// The compiled model of the staffing proposed last (to build its report).
    proposed: Option<Model>,
}

impl PlanSearch {
    /// `options_json`: `{"replications":N,"seed":"S","max_steps":N,"min_agents":N}` (all optional;
    /// the CLI's defaults: 40, 1, 40, 0). The seed is a decimal string (u64).
    pub fn new(
        text: &str,
        fmt: &str,
        whatif_json: &str,
        targets_json: &str,
        options_json: &str,
    ) -> Result<PlanSearch, String> {
        let base = api::scenario(text, fmt, whatif_json)?;
        let model = Model::compile(&base, Limits::default()).map_err(|e| api::errors_json(&e))?;
        let t = targets(&model, targets_json)?;
        let o: serde_json::Value = if options_json.trim().is_empty() {
            json!({})
        } else {
            serde_json::from_str(options_json).map_err(|e| format!("options: {e}"))?
        };
        let d = SearchOptions::default();
        let num = |k: &str, def: u32| -> Result<u32, String> {
            match o.get(k) {
                None | Some(serde_json::Value::Null) => Ok(def),
                Some(v) => v
                    .as_u64()
                    .and_then(|x| u32::try_from(x).ok())
                    .ok_or_else(|| format!("options.{k}: {v} is not a whole number")),
            }
        };
        let seed = match o.get("seed") {
            None | Some(serde_json::Value::Null) => d.seed,
            Some(v) => v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string())
                .parse::<u64>()
                .map_err(|_| format!("options.seed: {v} is not a whole number 0..2^64"))?,
        };
        let options = SearchOptions {
            replications: num("replications", d.replications)?,
            seed,
            max_steps: num("max_steps", d.max_steps)?,
            min_agents: num("min_agents", d.min_agents)?,
            max_agents: Limits::default().max_agents.min(100_000) as u32,
        };
        let search = StaffingSearch::new(&model, t, options).map_err(|e| e.to_string())?;
        Ok(PlanSearch {
            base,
            search,
            proposed: None,
        })
    }

    /// `{"kind":"simulate","step","max_steps","seed":"S","replications","scenario":"<JSON text>"}`
    /// or `{"kind":"done","plan":{…StaffingPlan…}}`.
    pub fn next_step(&mut self) -> Result<String, String> {
        match self.search.next_step() {
            Step::Done(plan) => Ok(json!({ "kind": "done", "plan": plan }).to_string()),
            Step::Simulate(p) => {
                let s = p.scenario(&self.base);
                let model =
                    Model::compile(&s, Limits::default()).map_err(|e| api::errors_json(&e))?;
                self.proposed = Some(model);
                let text = serde_json::to_string(&s).map_err(|e| e.to_string())?;
                Ok(json!({
                    "kind": "simulate",
                    "step": p.step,
                    "max_steps": p.max_steps,
                    "seed": p.seed.to_string(),
                    "replications": p.replications,
                    "scenario": text,
                })
                .to_string())
            }
        }
    }

    /// Hands back the merged summary of the proposed staffing's replications.
    pub fn submit(&mut self, summary_json: &str) -> Result<(), String> {
        let model = self
            .proposed
            .as_ref()
            .ok_or("submit: no staffing was proposed (call next first)")?;
        let s: Summary = serde_json::from_str(summary_json).map_err(|e| e.to_string())?;
        self.search
            .submit(&s.report(model))
            .map_err(|e| e.to_string())
    }

    /// Stops now: the best plan so far (partial) as JSON, or `null` before the first step ended.
    pub fn stop(&mut self) -> String {
        match self.search.stop() {
            Some(plan) => serde_json::to_string(&plan).unwrap_or_else(|_| "null".into()),
            None => "null".into(),
        }
    }
}

/// Erlang requirement per interval, type, group and center: JSON `Requirement`.
/// `targets_json`: `""` (the scenario's targets) or a JSON list like `["service_level=0.8"]`.
#[wasm_bindgen]
pub fn staffing_requirement(
    text: &str,
    format: &str,
    whatif_json: &str,
    targets_json: &str,
) -> Result<String, JsError> {
    requirement_json(text, format, whatif_json, targets_json).map_err(|e| JsError::new(&e))
}

/// Erlang C/A prediction of one contact type with the scenario's staffing: JSON `Prediction`.
#[wasm_bindgen]
pub fn erlang_prediction_of(
    text: &str,
    format: &str,
    whatif_json: &str,
    type_id: &str,
) -> Result<String, JsError> {
    prediction_json(text, format, whatif_json, type_id).map_err(|e| JsError::new(&e))
}

/// The simulation staffing search (sim-plan `StaffingSearch`), driven by the page.
#[wasm_bindgen]
pub struct StaffingSearchJs {
    inner: PlanSearch,
}

#[wasm_bindgen]
impl StaffingSearchJs {
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        format: &str,
        whatif_json: &str,
        targets_json: &str,
        options_json: &str,
    ) -> Result<StaffingSearchJs, JsError> {
        PlanSearch::new(text, format, whatif_json, targets_json, options_json)
            .map(|inner| StaffingSearchJs { inner })
            .map_err(|e| JsError::new(&e))
    }

    /// The next step as JSON (see `PlanSearch::next_step`).
    pub fn next_step(&mut self) -> Result<String, JsError> {
        self.inner.next_step().map_err(|e| JsError::new(&e))
    }

    /// The merged summary JSON of the proposed staffing's replications.
    pub fn submit(&mut self, summary_json: &str) -> Result<(), JsError> {
        self.inner
            .submit(summary_json)
            .map_err(|e| JsError::new(&e))
    }

    /// Stops now; the best plan so far as JSON, or `null`.
    pub fn stop(&mut self) -> String {
        self.inner.stop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESK: &str = r#"
version = 1
name = "desk"
interval_minutes = 60
days = 1
warmup_minutes = 60
[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 120 }
handle_time = { dist = "exponential", mean = 180 }
patience = { dist = "exponential", mean = 240 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = { constant = 8 }
"#;

    /// Driving the search through the bindings (summary JSON in, like the page) gives the plan
    /// the native loop gives (report in, like the CLI).
    #[test]
    fn search_through_the_bindings_equals_the_native_loop() {
        let opts = r#"{"replications":4,"seed":"7","max_steps":6}"#;
        let mut js = PlanSearch::new(DESK, "toml", "", "", opts).unwrap();
        let via_js = loop {
            let step: serde_json::Value = serde_json::from_str(&js.next_step().unwrap()).unwrap();
            if step["kind"] == "done" {
                break step["plan"].clone();
            }
            let text = step["scenario"].as_str().unwrap();
            let m = api::compile(text, "json", "").unwrap();
            let s = sim_core::run_batch(&m, 7, 0..4);
            js.submit(&api::summary_json(&s)).unwrap();
        };
        let base = Scenario::parse(DESK, sim_core::Format::Toml).unwrap();
        let model = Model::compile(&base, Limits::default()).unwrap();
        let o = SearchOptions {
            replications: 4,
            seed: 7,
            max_steps: 6,
            ..SearchOptions::default()
        };
        let mut s = StaffingSearch::new(&model, StaffingTargets::from_model(&model), o).unwrap();
        let native = loop {
            match s.next_step() {
                Step::Done(p) => break serde_json::to_value(&p).unwrap(),
                Step::Simulate(p) => {
                    let m = Model::compile(&p.scenario(&base), Limits::default()).unwrap();
                    s.submit(&sim_core::run_batch(&m, p.seed, 0..p.replications).report(&m))
                        .unwrap();
                }
            }
        };
        assert_eq!(via_js, native);
        assert!(via_js["simulation_steps"].as_u64().unwrap() >= 2);
    }

    #[test]
    fn bad_targets_and_options_are_clear_errors() {
        let e = PlanSearch::new(DESK, "toml", "", r#"["service_level=80"]"#, "")
            .err()
            .unwrap();
        assert!(e.contains("share between 0 and 1"), "{e}");
        let e = PlanSearch::new(DESK, "toml", "", "", r#"{"replications":1}"#)
            .err()
            .unwrap();
        assert!(e.contains("replications 1: at least 2"), "{e}");
        let e = PlanSearch::new(DESK, "toml", "", "", r#"{"seed":"x"}"#)
            .err()
            .unwrap();
        assert!(e.contains("options.seed"), "{e}");
        let e = prediction_json(DESK, "toml", "", "chat").unwrap_err();
        assert!(e.contains("unknown contact type"), "{e}");
    }
}
