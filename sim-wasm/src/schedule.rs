//! Bindings over sim-plan's schedule generation (docs/schedule.md): the rules file checked
//! against a scenario (live validation of the page's form), a starter rules file, and the
//! optimise → simulate → repair search as an object the page drives from a Web Worker (the
//! integer program is solved inside `new` and `submit`, so it must not run on the page's main
//! thread). The search proposes a scenario, the page runs its replications over the run workers
//! and hands back the merged summary, exactly as `ccsim schedule` hands back its report.
//!
//! Every error is the JSON text `{"source":…,"errors":[{"path","message"}…]}` with the field
//! paths of the rules file (`templates[1].breaks[0].latest`), the scenario, the requirement CSV
//! (`requirement line 4, column agents`) or the options (`options.replications`); `source` is
//! `scenario`, `rules`, `requirement`, `options`, `targets` or `search`.

use crate::api;
use serde_json::{json, Value};
use sim_core::{Limits, Model, Scenario, ScenarioErrors, Summary};
use sim_plan::schedule::{
    parse_requirement, parse_rules, starter_rules, Grid, Rules, ScheduleOptions, ScheduleResult,
    ScheduleSearch, ScheduleStep, SolverOptions,
};
use sim_plan::StaffingTargets;
use wasm_bindgen::prelude::*;

fn errors(source: &str, e: &ScenarioErrors) -> String {
    json!({ "source": source, "errors": e }).to_string()
}

fn error(source: &str, path: &str, message: impl Into<String>) -> String {
    json!({ "source": source, "errors": [{ "path": path, "message": message.into() }] }).to_string()
}

/// The scenario and its model; errors carry `source: "scenario"`.
fn scenario(text: &str, fmt: &str) -> Result<(Scenario, Model), String> {
    let tag = |e: String| {
        let v: Value = serde_json::from_str(&e).unwrap_or(Value::Null);
        json!({ "source": "scenario", "errors": v["errors"] }).to_string()
    };
    let s = api::scenario(text, fmt, "").map_err(tag)?;
    let m = Model::compile(&s, Limits::default()).map_err(|e| errors("scenario", &e))?;
    Ok((s, m))
}

fn rules(model: &Model, rules_toml: &str) -> Result<Rules, String> {
    parse_rules(rules_toml)
        .and_then(|r| r.validate(model))
        .map_err(|e| errors("rules", &e))
}

/// What the page shows of validated rules: per template its group, start times, length, cost
/// of one shift, paid minutes, breaks and how many weekly day patterns it may work.
fn rules_summary(r: &Rules) -> Value {
    use sim_plan::schedule::rules::clock_label;
    let templates: Vec<Value> = r
        .templates
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "group": r.group_ids[t.group],
                "starts": t.starts.iter().map(|&m| clock_label(m)).collect::<Vec<_>>(),
                "length_minutes": t.length,
                "paid_minutes": t.paid_minutes,
                "cost_per_shift": t.cost,
                "breaks": t.breaks.iter().map(|b| json!({
                    "name": b.name, "minutes": b.minutes, "paid": b.paid,
                    "earliest_minutes": b.earliest, "latest_minutes": b.latest, "step_minutes": b.step,
                })).collect::<Vec<_>>(),
                "patterns": t.patterns.len(),
            })
        })
        .collect();
    json!({
        "templates": templates,
        "weekly": r.weekly,
        "floors": r.floors.len(),
        "groups": r.groups.iter().map(|&g| r.group_ids[g].clone()).collect::<Vec<_>>(),
    })
}

/// `{"ok":true,"summary":{…}}` or `{"ok":false,"source","errors":[…]}`; never fails.
pub fn rules_validate(text: &str, fmt: &str, rules_toml: &str) -> String {
    let checked = scenario(text, fmt).and_then(|(_, m)| rules(&m, rules_toml));
    match checked {
        Ok(r) => json!({ "ok": true, "summary": rules_summary(&r) }).to_string(),
        Err(e) => {
            let mut v: Value = serde_json::from_str(&e).unwrap_or(Value::Null);
            v["ok"] = Value::Bool(false);
            v.to_string()
        }
    }
}

/// The rules file as written (its TOML as a JSON document, for the page's form), or the
/// `{"source":"rules","errors":…}` of a file that does not parse. Not checked against a scenario.
pub fn rules_json(rules_toml: &str) -> Result<String, String> {
    parse_rules(rules_toml).map_err(|e| errors("rules", &e))?;
    let v: toml::Value = toml::from_str(rules_toml)
        .map_err(|e| error("rules", "(rules file)", e.message().to_string()))?;
    serde_json::to_string(&v).map_err(|e| e.to_string())
}

/// The starter rules (TOML) of a scenario: sim-plan's `starter_rules`.
pub fn starter(text: &str, fmt: &str) -> Result<String, String> {
    let (s, m) = scenario(text, fmt)?;
    Ok(starter_rules(&s, &m))
}

/// The search options from the page's JSON (the CLI's flags; absent = the CLI's defaults):
/// `{"replications":40,"seed":"1","max_iterations":20,"min_interval_service_level":null,
/// "targets":["service_level=0.8"],"mip_gap":0.01,"node_limit":500,"time_limit_s":60}`.
fn options(
    model: &Model,
    options_json: &str,
) -> Result<(ScheduleOptions, StaffingTargets), String> {
    let bad = |k: &str, m: String| error("options", &format!("options.{k}"), m);
    let o: Value = if options_json.trim().is_empty() {
        json!({})
    } else {
        serde_json::from_str(options_json).map_err(|e| bad("", e.to_string()))?
    };
    let present = |k: &str| o.get(k).filter(|v| !v.is_null());
    let d = ScheduleOptions::default();
    let whole = |k: &str, def: u32, min: u32| -> Result<u32, String> {
        match present(k) {
            None => Ok(def),
            Some(v) => v
                .as_u64()
                .and_then(|x| u32::try_from(x).ok())
                .filter(|&x| x >= min)
                .ok_or_else(|| {
                    bad(
                        k,
                        format!("must be a whole number of at least {min}, got {v}"),
                    )
                }),
        }
    };
    let real = |k: &str, ok: &dyn Fn(f64) -> bool, what: &str| -> Result<Option<f64>, String> {
        match present(k) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|&x| ok(x))
                .map(Some)
                .ok_or_else(|| bad(k, format!("must be {what}, got {v}"))),
        }
    };
    let seed = match present("seed") {
        None => d.seed,
        Some(v) => v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string())
            .parse::<u64>()
            .map_err(|_| {
                bad(
                    "seed",
                    format!("must be a whole number 0 … 2^64 − 1, got {v}"),
                )
            })?,
    };
    let floor = real(
        "min_interval_service_level",
        &|x| (0.0..=1.0).contains(&x),
        "a share 0 … 1 (0.6 for 60 %)",
    )?;
    let gap = real("mip_gap", &|x| (0.0..1.0).contains(&x), "a share 0 … 1")?;
    let time = real(
        "time_limit_s",
        &|x| x > 0.0 && x.is_finite(),
        "seconds, more than 0",
    )?;
    // 0 = no limit, as the CLI's --node-limit 0
    let nodes = match present("node_limit") {
        None => d.solver.node_limit,
        Some(v) => {
            let n = v.as_u64().ok_or_else(|| {
                bad(
                    "node_limit",
                    format!("must be a whole number (0 = no limit), got {v}"),
                )
            })?;
            (n > 0).then_some(n)
        }
    };
    let given: Vec<String> = match present("targets") {
        None => Vec::new(),
        Some(v) => serde_json::from_value(v.clone()).map_err(|_| {
            bad(
                "targets",
                format!("must be a list of \"KPI=VALUE\" strings, got {v}"),
            )
        })?,
    };
    let targets = StaffingTargets::parse(model, &given)
        .map_err(|e| error("targets", "targets", e.to_string()))?;
    let options = ScheduleOptions {
        replications: whole("replications", d.replications, 2)?,
        seed,
        max_iterations: whole("max_iterations", d.max_iterations, 1)?,
        solver: SolverOptions {
            mip_gap: gap.unwrap_or(d.solver.mip_gap),
            node_limit: nodes,
            time_limit_s: time.or(d.solver.time_limit_s),
        },
        min_interval_service_level: floor,
    };
    Ok((options, targets))
}

/// The state the page (its schedule worker) keeps between steps of a search.
pub struct SchedSession {
    search: ScheduleSearch,
    /// The compiled model of the scenario proposed last (to build its report).
    proposed: Option<Model>,
}

impl SchedSession {
    /// Checks everything and solves the first cover. `requirement_csv` empty = the search
    /// computes the requirement (the CLI without `--requirement`).
    pub fn new(
        text: &str,
        fmt: &str,
        rules_toml: &str,
        requirement_csv: &str,
        options_json: &str,
    ) -> Result<SchedSession, String> {
        let (base, model) = scenario(text, fmt)?;
        let rules = rules(&model, rules_toml)?;
        let (options, targets) = options(&model, options_json)?;
        let required = if requirement_csv.trim().is_empty() {
            None
        } else {
            let grid = Grid::new(&model).ok_or_else(|| {
                error(
                    "scenario",
                    "interval_minutes",
                    "schedules need whole-minute intervals that divide the day",
                )
            })?;
            let ids: Vec<String> = model.groups.iter().map(|g| g.id.clone()).collect();
            Some(
                parse_requirement(requirement_csv, &ids, &grid)
                    .map_err(|e| errors("requirement", &e))?,
            )
        };
        let search = ScheduleSearch::new(&base, &model, rules, targets, required, options)
            .map_err(|e| error("search", "(schedule)", e))?;
        Ok(SchedSession {
            search,
            proposed: None,
        })
    }

    /// `{"kind":"simulate","purpose","iteration","max_iterations","seed":"S","replications",
    /// "scenario":"<JSON text>","proposed":{cover facts}|null,"iterations":[…so far]}` or
    /// `{"kind":"done","result":{…ScheduleResult…},"scenario":{…with the generated shifts…},
    /// "chosen_iteration":N,"templates":[…rules summary…],"interval_minutes":M,
    /// "verification_seed":"S"}`.
    pub fn next_step(&mut self) -> Result<String, String> {
        match self.search.next_step() {
            ScheduleStep::Done(r) => self.done(&r),
            ScheduleStep::Simulate(run) => {
                let model = Model::compile(&run.scenario, Limits::default())
                    .map_err(|e| errors("search", &e))?;
                self.proposed = Some(model);
                let proposed =
                    (run.purpose != sim_plan::schedule::RunPurpose::Baseline).then(|| {
                        let c = self.search.cover();
                        json!({
                            "weekly_cost": c.weekly_cost,
                            // as the search's Iteration::shifts_per_week
                        "shifts_per_week": c.lines.iter().map(|l| l.agents * l.days.iter().filter(|&&d| d).count() as u32).sum::<u32>(),
                            "lines": c.lines.len(),
                            "status": c.status,
                            "gap": c.gap,
                        })
                    });
                Ok(json!({
                    "kind": "simulate",
                    "purpose": run.purpose,
                    "iteration": run.iteration,
                    "max_iterations": run.max_iterations,
                    "seed": run.seed.to_string(),
                    "replications": run.replications,
                    "scenario": run.scenario.to_json(),
                    "proposed": proposed,
                    "iterations": self.search.iterations(),
                })
                .to_string())
            }
        }
    }

    fn done(&self, r: &ScheduleResult) -> Result<String, String> {
        let scenario: Value =
            serde_json::from_str(&r.scenario.to_json()).map_err(|e| e.to_string())?;
        // the chosen schedule: the one the verification re-ran, else the last simulated
        let chosen = r
            .verification
            .as_ref()
            .map(|v| v.iteration)
            .or_else(|| r.iterations.last().map(|i| i.iteration));
        let summary = rules_summary(self.search.rules());
        Ok(json!({
            "kind": "done",
            "result": r,
            "scenario": scenario,
            "chosen_iteration": chosen,
            "templates": summary["templates"],
            "interval_minutes": self.search.grid().interval_min,
            // u64: JavaScript numbers lose its last digits
            "verification_seed": r.verification_seed.to_string(),
        })
        .to_string())
    }

    /// Stops now (the page's Cancel between solves): the done JSON with the best schedule
    /// simulated so far (`result.partial`), or `null` before a schedule was simulated.
    pub fn stop(&mut self) -> Result<String, String> {
        match self.search.stop() {
            Some(r) => self.done(&r),
            None => Ok("null".into()),
        }
    }

    /// Hands back the merged summary of the proposed scenario's replications (the next solve
    /// runs here).
    pub fn submit(&mut self, summary_json: &str) -> Result<(), String> {
        let model = self.proposed.take().ok_or_else(|| {
            error(
                "search",
                "(submit)",
                "no scenario was proposed (call next_step first)",
            )
        })?;
        let s: Summary = serde_json::from_str(summary_json)
            .map_err(|e| error("search", "(summary)", format!("invalid summary JSON: {e}")))?;
        self.search
            .submit(&s.report(&model))
            .map_err(|e| error("search", "(schedule)", e))
    }
}

/// Checks a rules file against a scenario: `{"ok":true,"summary":…}` or
/// `{"ok":false,"source","errors":[{"path","message"}…]}` (never throws).
#[wasm_bindgen]
pub fn schedule_rules_validate(text: &str, format: &str, rules_toml: &str) -> String {
    rules_validate(text, format, rules_toml)
}

/// A rules file as a JSON document (the page's form reads it); throws the errors JSON when the
/// TOML does not parse as a rules file.
#[wasm_bindgen]
pub fn schedule_rules_json(rules_toml: &str) -> Result<String, JsError> {
    rules_json(rules_toml).map_err(|e| JsError::new(&e))
}

/// Starter rules (TOML text) for a scenario, read off its current shifts.
#[wasm_bindgen]
pub fn schedule_starter_rules(text: &str, format: &str) -> Result<String, JsError> {
    starter(text, format).map_err(|e| JsError::new(&e))
}

/// The schedule search (sim-plan `ScheduleSearch`), driven by the page from a Web Worker.
#[wasm_bindgen]
pub struct ScheduleSearchJs {
    inner: SchedSession,
}

#[wasm_bindgen]
impl ScheduleSearchJs {
    /// Throws the errors JSON (see the module documentation).
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        format: &str,
        rules_toml: &str,
        requirement_csv: &str,
        options_json: &str,
    ) -> Result<ScheduleSearchJs, JsError> {
        SchedSession::new(text, format, rules_toml, requirement_csv, options_json)
            .map(|inner| ScheduleSearchJs { inner })
            .map_err(|e| JsError::new(&e))
    }

    /// The next step as JSON (see `SchedSession::next_step`).
    pub fn next_step(&mut self) -> Result<String, JsError> {
        self.inner.next_step().map_err(|e| JsError::new(&e))
    }

    /// The merged summary JSON of the proposed scenario's replications.
    pub fn submit(&mut self, summary_json: &str) -> Result<(), JsError> {
        self.inner
            .submit(summary_json)
            .map_err(|e| JsError::new(&e))
    }

    /// Stops now: the done JSON with the best schedule so far (partial), or `null`.
    pub fn stop(&mut self) -> Result<String, JsError> {
        self.inner.stop().map_err(|e| JsError::new(&e))
    }
}

#[cfg(test)]
mod tests;
