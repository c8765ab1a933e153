//! # sim-wasm: JavaScript bindings over `sim-core` for the ccsim web app
//!
//! Thin glue only: every function parses its inputs, calls `sim-core` and serialises the result to
//! JSON text (sim-plan's planning steps in [`plan`], sim-history's forecast and calibration in
//! [`history`]). There is no model logic here, so the browser computes exactly what the CLI computes
//! (same scenario parser and validator, same engine, same associative [`Summary`] merge, same
//! [`Report`]), bit for bit.
//!
//! The plain-Rust functions in [`api`] do the work and are unit-tested natively; the
//! `#[wasm_bindgen]` wrappers below only turn their `Err(String)` into JavaScript exceptions.
//!
//! Conventions:
//! - `format` is `"toml"` or `"json"`.
//! - `whatif_json` is a serialised [`sim_core::whatif::WhatIf`] (`""` or `"{}"` = no change).
//! - Scenario errors are thrown as the JSON text `{"errors":[{"path":…,"message":…}]}` (the same
//!   paths and messages the CLI prints).
//! - Seeds are `u64` (JavaScript `BigInt`).

use sim_core::Summary;
use wasm_bindgen::prelude::*;

pub mod api;
pub mod history;
pub mod plan;
pub mod schedule;
pub mod today;

fn js<T>(r: Result<T, String>) -> Result<T, JsError> {
    r.map_err(|e| JsError::new(&e))
}

/// Version of the bindings (the workspace version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Names of the KPIs in the order of the report's arrays:
/// `{"contact":[…],"group":[…],"interval":[…],"overall":[…]}`.
#[wasm_bindgen]
pub fn kpi_names() -> String {
    api::kpi_names()
}

/// Parses and validates a scenario (with an optional what-if applied before compiling).
/// Returns `{"ok":true,"scenario":{…JSON form…},"info":{…compiled model facts…}}` or
/// `{"ok":false,"errors":[{"path","message"}…]}`; never throws for scenario problems.
#[wasm_bindgen]
pub fn validate(text: &str, format: &str, whatif_json: &str) -> String {
    api::validate(text, format, whatif_json)
}

/// Re-serialises a scenario: `to` is `"toml"` or `"json"` (the CLI accepts both).
#[wasm_bindgen]
pub fn convert(text: &str, format: &str, to: &str) -> Result<String, JsError> {
    js(api::convert(text, format, to))
}

/// Applies a what-if to a scenario and returns the changed scenario as text in `to` format.
#[wasm_bindgen]
pub fn apply_whatif(
    text: &str,
    format: &str,
    whatif_json: &str,
    to: &str,
) -> Result<String, JsError> {
    js(api::apply_whatif(text, format, whatif_json, to))
}

/// Runs replications `start..end` sequentially and returns the summary part as JSON.
#[wasm_bindgen]
pub fn run_part(
    text: &str,
    format: &str,
    whatif_json: &str,
    seed: u64,
    start: u32,
    end: u32,
) -> Result<String, JsError> {
    let model = js(api::compile(text, format, whatif_json))?;
    Ok(api::summary_json(&sim_core::run_batch(
        &model,
        seed,
        start..end,
    )))
}

/// Merges two summary parts (exact and order-free).
#[wasm_bindgen]
pub fn merge(a: &str, b: &str) -> Result<String, JsError> {
    js(api::merge(a, b))
}

/// Marks how many replications were requested; a summary with fewer is flagged partial
/// (a cancelled run).
#[wasm_bindgen]
pub fn finish_summary(summary_json: &str, requested: u32) -> Result<String, JsError> {
    js(api::finish_summary(summary_json, requested))
}

/// The report (the CLI's `--format json` document) of a summary.
#[wasm_bindgen]
pub fn report(
    text: &str,
    format: &str,
    whatif_json: &str,
    summary_json: &str,
) -> Result<String, JsError> {
    js(api::report(text, format, whatif_json, summary_json))
}

/// Paired comparison (common random numbers) of a baseline and a variant summary:
/// JSON array of `KpiDiff`.
#[wasm_bindgen]
pub fn compare(base_summary: &str, variant_summary: &str) -> Result<String, JsError> {
    js(api::compare(base_summary, variant_summary))
}

/// Steady-state Erlang C (`patience_s` ≤ 0, NaN or infinite: no abandonment) or Erlang A metrics:
/// JSON `QueueMetrics` (`asa_s` null when infinite).
#[wasm_bindgen]
pub fn queue_metrics(
    lambda_per_s: f64,
    aht_s: f64,
    patience_s: f64,
    agents: u32,
    threshold_s: f64,
) -> String {
    api::queue_metrics(lambda_per_s, aht_s, patience_s, agents, threshold_s)
}

/// Erlang B blocking probability.
#[wasm_bindgen]
pub fn erlang_b(agents: u32, offered_erlangs: f64) -> f64 {
    sim_core::analytic::erlang_b(agents, offered_erlangs)
}

/// Smallest agent count meeting a service-level target by Erlang C/A; -1 when `max_agents` is not enough.
#[wasm_bindgen]
pub fn agents_for_service_level(
    lambda_per_s: f64,
    aht_s: f64,
    patience_s: f64,
    threshold_s: f64,
    target_sl: f64,
    max_agents: u32,
) -> i64 {
    sim_core::analytic::agents_for_service_level(
        lambda_per_s,
        aht_s,
        api::patience(patience_s),
        threshold_s,
        target_sl,
        max_agents,
    )
    .map_or(-1, i64::from)
}

/// Replications accumulated in one place (one per Web Worker): compile once, then add chunks of
/// replications and take the summary at the end.
#[wasm_bindgen]
pub struct Batch {
    model: sim_core::Model,
    summary: Summary,
}

#[wasm_bindgen]
impl Batch {
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, format: &str, whatif_json: &str, seed: u64) -> Result<Batch, JsError> {
        let model = js(api::compile(text, format, whatif_json))?;
        let summary = Summary::new(&model, seed);
        Ok(Batch { model, summary })
    }

    /// Runs replications `start..end` and adds them.
    pub fn run(&mut self, start: u32, end: u32) {
        for r in start..end {
            let t = sim_core::run_replication(&self.model, self.summary.seed, r);
            self.summary.add(&self.model, &t);
        }
    }

    /// Replications added so far.
    pub fn count(&self) -> u32 {
        self.summary.count() as u32
    }

    /// Events processed so far.
    pub fn events(&self) -> f64 {
        self.summary.events() as f64
    }

    /// The summary part so far, as JSON.
    pub fn summary(&self) -> String {
        api::summary_json(&self.summary)
    }
}

/// One replication run step by step for the trainer view: advance the clock, read the state,
/// change arrivals, handle time, patience and staff while it runs.
#[wasm_bindgen]
pub struct Trainer {
    sim: sim_core::Simulation<Box<sim_core::Model>>,
    /// Agent time of all groups at the last [`Trainer::mark`] (the trainer's "last change").
    mark: sim_core::tally::GroupTally,
}

#[wasm_bindgen]
impl Trainer {
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, format: &str, seed: u64, replication: u32) -> Result<Trainer, JsError> {
        let model = js(api::compile(text, format, ""))?;
        Ok(Trainer {
            sim: sim_core::Simulation::new(Box::new(model), seed, replication),
            mark: Default::default(),
        })
    }

    /// Processes every event up to `t_s` seconds (capped at the horizon).
    pub fn advance_to(&mut self, t_s: f64) {
        self.sim.advance_to(t_s);
    }

    /// Current simulated time in seconds.
    pub fn now(&self) -> f64 {
        self.sim.now()
    }

    /// End of the horizon in seconds.
    pub fn horizon(&self) -> f64 {
        self.sim.model().horizon_s
    }

    /// Compiled model facts (as in `validate`'s `info`), reflecting live changes.
    pub fn info(&self) -> String {
        api::model_info_json(self.sim.model())
    }

    /// State now: `{"now","queue":[per type],"agents":[[group,activity]…],"totals":[ContactTally…],
    /// "kpis":[{name: value} per type],"overall":{…}}`. Activity codes: 0 off, 1 idle, 2 talking,
    /// 3 wrap-up, 4 break, 5 absent, 6 off-phone.
    pub fn snapshot(&self) -> String {
        api::snapshot_json(&self.sim)
    }

    /// Arrival rate of contact type `t` from now on, contacts per hour.
    pub fn set_arrival_rate(&mut self, t: usize, per_hour: f64) {
        self.sim.set_arrival_rate(t, per_hour);
    }

    /// Mean handle time (seconds) of new contacts of type `t`.
    pub fn set_handle_mean(&mut self, t: usize, mean_s: f64) {
        self.sim.set_handle_mean(t, mean_s);
    }

    /// Mean patience (seconds, exponential) of new contacts; ≤ 0, NaN or infinite = never abandon.
    pub fn set_patience_mean(&mut self, t: usize, mean_s: f64) {
        self.sim.set_patience_mean(t, api::patience(mean_s));
    }

    /// Staff of group `g` from now on.
    pub fn set_agents(&mut self, g: usize, n: usize) {
        self.sim.set_agents(g, n);
    }

    /// Agents of group `g` logged on or due.
    pub fn active_agents(&self, g: usize) -> usize {
        self.sim.active_agents(g)
    }

    /// Agent time of group `g` from the warm-up end to now (busy time counted up to now):
    /// JSON `GroupTally` (`staffed_s`, `busy_s`, `paid_s`, …).
    pub fn agent_time(&self, g: usize) -> String {
        serde_json::to_string(&self.sim.agent_time(g)).unwrap_or_default()
    }

    /// Remembers the agent time now; [`Trainer::occupancy_since_mark`] measures from here.
    pub fn mark(&mut self) {
        self.mark = self.sim.agent_time_total();
    }

    /// Occupancy of all groups since the start, from sim-core's tallies (NaN before anyone was staffed).
    pub fn occupancy(&self) -> f64 {
        self.sim.occupancy_since(&Default::default())
    }

    /// Occupancy of all groups since the last [`Trainer::mark`] (NaN when nobody was staffed since).
    pub fn occupancy_since_mark(&self) -> f64 {
        self.sim.occupancy_since(&self.mark)
    }
}

/// Mean (seconds) of a duration distribution given as its JSON form
/// (`{"dist":"weibull","shape":1.5,"scale":200}`), as sim-core computes it.
#[wasm_bindgen]
pub fn dist_mean(spec_json: &str) -> Result<f64, JsError> {
    js(api::dist_mean(spec_json))
}
