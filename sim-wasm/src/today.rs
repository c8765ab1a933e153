//! Bindings over sim-history's intraday day (docs/intraday.md): the page's "Today" view. A
//! [`TodaySession`] holds the day built from a scenario, a start state (JSON), the day's actuals
//! (interval-history CSV, optional) and a re-forecast method, plus any number of supervisor
//! what-ifs; the page's worker runs its replications in chunks ([`TodaySession::step`], so it can
//! report progress) and asks for the result ([`TodaySession::result_json`]), which is exactly the
//! document `ccsim intraday … --format json` prints: `{"report": TodayReport, "whatifs":
//! [TodayDelta, …]}`. Replication `r` of every run is `run_today(&today, seed, r)`, the baseline
//! and each what-if with the same seed and indices (common random numbers), as the CLI runs them.
//!
//! A what-if added after the baseline has run only runs its own replications (the baseline's are
//! kept), which is what makes a what-if card quick.
//!
//! Every error is the JSON text `{"source":…,"errors":[{"path","message"}…]}`; `source` is
//! `scenario`, `state`, `actuals`, `method`, `whatif` or `options`, and `path` names the field
//! (`groups.agents.busy`), the file line and column (`actuals line 4, column offered`) or the
//! option. Nothing here panics on bad input.

use crate::api;
use serde_json::{json, Value};
use sim_core::intraday::StartState;
use sim_core::{Limits, Model, Scenario, ScenarioErrors};
use sim_history::intraday::{
    run_today, ReforecastMethod, Today, TodayDelta, TodayInput, TodayRep, TodayReport, TodayWhatIf,
};
use sim_history::{HistoryOptions, InputError, IntervalHistory};
use wasm_bindgen::prelude::*;

fn error(source: &str, path: &str, message: impl Into<String>) -> String {
    json!({ "source": source, "errors": [{ "path": path, "message": message.into() }] }).to_string()
}

fn field_errors(source: &str, e: &ScenarioErrors) -> String {
    json!({ "source": source, "errors": e }).to_string()
}

/// An [`InputError`] as `{"source","errors":[{"path","message"}]}`: the path names the file's line
/// and column (or the option), the message says what is wrong with which value.
fn input_error(source: &str, e: &InputError) -> String {
    let mut path = match source {
        "actuals" => "actuals".to_string(),
        "state" => "state".to_string(),
        other => other.to_string(),
    };
    if let Some(l) = e.line {
        path.push_str(&format!(" line {l}"));
    }
    match &e.column {
        Some(c) if c.starts_with("--") => {}
        Some(c) => path.push_str(&format!(", column {c}")),
        None => {}
    }
    let message = if e.value.is_empty() {
        e.message.clone()
    } else {
        format!("`{}`: {}", e.value, e.message)
    };
    error(source, &path, message)
}

/// Where a [`Today::build`] error belongs: the library names the state as `--state`, a what-if as
/// `--whatif`, a method as `--method`; everything else comes from the actuals or the scenario.
fn build_error(e: &InputError, whatif: bool) -> String {
    match e.column.as_deref() {
        Some("--state") => {
            // the planner's messages are `path: message` lines (`groups.agents.busy: …`)
            let errors: Vec<Value> = e
                .message
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| match l.split_once(": ") {
                    Some((p, m)) if !p.contains(' ') => {
                        json!({ "path": format!("state.{p}"), "message": m })
                    }
                    _ => json!({ "path": "state", "message": l }),
                })
                .collect();
            json!({ "source": "state", "errors": errors }).to_string()
        }
        Some("--whatif") => input_error("whatif", e),
        Some("--method") => input_error("method", e),
        _ if e.message.starts_with("scenario: ") => error(
            "scenario",
            "scenario",
            e.message.trim_start_matches("scenario: "),
        ),
        _ if whatif => input_error("whatif", e),
        _ => input_error("actuals", e),
    }
}

/// The inputs of a day, parsed once.
struct Inputs {
    scenario: Scenario,
    state: StartState,
    actuals: Option<IntervalHistory>,
    method: ReforecastMethod,
}

impl Inputs {
    fn parse(
        text: &str,
        fmt: &str,
        state_json: &str,
        actuals_csv: &str,
        method: &str,
    ) -> Result<Inputs, String> {
        let scenario = scenario(text, fmt)?;
        if state_json.trim().is_empty() {
            return Err(error(
                "state",
                "state",
                "no start state given: the clock time, agents and waiting contacts (JSON)",
            ));
        }
        let state = StartState::parse_json(state_json).map_err(|e| field_errors("state", &e))?;
        let actuals = if actuals_csv.trim().is_empty() {
            None
        } else {
            Some(
                IntervalHistory::parse(actuals_csv, &HistoryOptions::default())
                    .map_err(|e| input_error("actuals", &e))?,
            )
        };
        let method = ReforecastMethod::parse(if method.trim().is_empty() {
            "ratio"
        } else {
            method.trim()
        })
        .map_err(|e| error("method", "method", e.message))?;
        Ok(Inputs {
            scenario,
            state,
            actuals,
            method,
        })
    }

    fn build(&self, whatif: &TodayWhatIf) -> Result<Today, String> {
        let input = TodayInput {
            scenario: &self.scenario,
            state: &self.state,
            actuals: self.actuals.as_ref(),
            method: &self.method,
            profile: None,
        };
        Today::build(&input, whatif).map_err(|e| build_error(&e, !whatif.changes.is_empty()))
    }
}

fn scenario(text: &str, fmt: &str) -> Result<Scenario, String> {
    api::scenario(text, fmt, "").map_err(|e| {
        let v: Value = serde_json::from_str(&e).unwrap_or(Value::Null);
        json!({ "source": "scenario", "errors": v["errors"] }).to_string()
    })
}

/// What the page's state form and what-if hints need of a scenario: its days and weekday of the
/// first, interval length, contact types, agent groups (skills, off-phone activities).
pub fn info(text: &str, fmt: &str) -> Result<String, String> {
    let s = scenario(text, fmt)?;
    let m = Model::compile(&s, Limits::default()).map_err(|e| field_errors("scenario", &e))?;
    let types: Vec<Value> = m
        .types
        .iter()
        .map(|t| json!({ "id": t.id, "channel": t.channel.name(), "sl_threshold_s": t.sl_threshold_s, "sl_target": t.sl_target }))
        .collect();
    let groups: Vec<Value> = m
        .groups
        .iter()
        .map(|g| {
            json!({
                "id": g.id,
                "skills": g.skills.iter().map(|&k| m.types[k].id.as_str()).collect::<Vec<_>>(),
                "activities": g.activities,
                "cost_per_hour": g.cost_per_hour,
            })
        })
        .collect();
    Ok(json!({
        "name": m.name,
        "days": s.days,
        "start_weekday": m.start_weekday,
        "interval_minutes": m.interval_s / 60.0,
        "intervals_per_day": m.intervals_per_day,
        "types": types,
        "groups": groups,
    })
    .to_string())
}

/// Checks a what-if's text against the day (parse and apply): `{"ok":true}` or
/// `{"ok":false,"source","errors"}`; never fails.
pub fn check_whatif(
    text: &str,
    fmt: &str,
    state_json: &str,
    actuals_csv: &str,
    method: &str,
    whatif: &str,
) -> String {
    let r = TodayWhatIf::parse(whatif)
        .map_err(|e| input_error("whatif", &e))
        .and_then(|w| {
            Inputs::parse(text, fmt, state_json, actuals_csv, method)?.build(&w)?;
            Ok(())
        });
    match r {
        Ok(()) => json!({ "ok": true }).to_string(),
        Err(e) => {
            let mut v: Value = serde_json::from_str(&e).unwrap_or(Value::Null);
            v["ok"] = Value::Bool(false);
            v.to_string()
        }
    }
}

/// One run (the baseline or a what-if) and its replications so far.
struct Run {
    today: Today,
    reps: Vec<TodayRep>,
}

/// The day, its what-ifs and their replications (see the module documentation).
pub struct TodaySession {
    inputs: Inputs,
    seed: u64,
    replications: u32,
    /// The baseline first, then the what-ifs in the order added.
    runs: Vec<Run>,
}

impl TodaySession {
    /// Parses and builds everything (the what-ifs too), runs nothing. `whatifs_json`: a JSON
    /// array of what-if texts (`""` or `[]`: none).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        text: &str,
        fmt: &str,
        state_json: &str,
        actuals_csv: &str,
        method: &str,
        whatifs_json: &str,
        replications: u32,
        seed: &str,
    ) -> Result<TodaySession, String> {
        if replications < 2 {
            return Err(error(
                "options",
                "options.replications",
                format!("must be a whole number of at least 2, got {replications}"),
            ));
        }
        let seed = seed.trim().parse::<u64>().map_err(|_| {
            error(
                "options",
                "options.seed",
                format!("must be a whole number 0 … 2^64 − 1, got \"{seed}\""),
            )
        })?;
        let inputs = Inputs::parse(text, fmt, state_json, actuals_csv, method)?;
        let base = inputs.build(&TodayWhatIf::none())?;
        let mut s = TodaySession {
            inputs,
            seed,
            replications,
            runs: vec![Run {
                today: base,
                reps: Vec::new(),
            }],
        };
        let texts: Vec<String> = if whatifs_json.trim().is_empty() {
            Vec::new()
        } else {
            serde_json::from_str(whatifs_json).map_err(|e| {
                error(
                    "whatif",
                    "whatifs",
                    format!("must be a JSON list of what-if texts: {e}"),
                )
            })?
        };
        for t in &texts {
            s.add_whatif(t)?;
        }
        Ok(s)
    }

    /// Adds a what-if (its replications run in the next steps); returns its index (1-based:
    /// 0 is the baseline).
    pub fn add_whatif(&mut self, text: &str) -> Result<usize, String> {
        let w = TodayWhatIf::parse(text).map_err(|e| input_error("whatif", &e))?;
        let today = self.inputs.build(&w)?;
        self.runs.push(Run {
            today,
            reps: Vec::new(),
        });
        Ok(self.runs.len() - 1)
    }

    /// Removes what-if `k` (1-based) and its replications.
    pub fn remove_whatif(&mut self, k: usize) -> Result<(), String> {
        if k == 0 || k >= self.runs.len() {
            return Err(error(
                "whatif",
                "whatif",
                format!(
                    "no what-if {k} (there are {})",
                    self.runs.len().saturating_sub(1)
                ),
            ));
        }
        self.runs.remove(k);
        Ok(())
    }

    /// Replications still to run over all runs.
    pub fn remaining(&self) -> u64 {
        self.runs
            .iter()
            .map(|r| u64::from(self.replications) - r.reps.len() as u64)
            .sum()
    }

    /// Runs up to `max` replications (the baseline's first, then each what-if's, each run in
    /// replication order); returns how many are left.
    pub fn step(&mut self, max: u32) -> u64 {
        let mut budget = max;
        for run in self.runs.iter_mut() {
            while budget > 0 && (run.reps.len() as u32) < self.replications {
                let r = run.reps.len() as u32;
                run.reps.push(run_today(&run.today, self.seed, r));
                budget -= 1;
            }
        }
        self.remaining()
    }

    /// The CLI's JSON document: `{"report": TodayReport, "whatifs": [TodayDelta, …]}` (NaN as
    /// null). Only when every replication has run.
    pub fn result_json(&self) -> Result<String, String> {
        if self.remaining() > 0 {
            return Err(error(
                "options",
                "(result)",
                format!(
                    "{} replications are still to run (call step first)",
                    self.remaining()
                ),
            ));
        }
        let base = &self.runs[0];
        let report = TodayReport::new(&base.today, &self.inputs.state.clock, &base.reps);
        let whatifs: Vec<TodayDelta> = self.runs[1..]
            .iter()
            .map(|v| TodayDelta::new(&base.today, &base.reps, &v.today, &v.reps))
            .collect();
        // a struct, not `json!`: the fields in the CLI's order (a `Value` map sorts its keys)
        #[derive(serde::Serialize)]
        struct Doc<'a> {
            report: &'a TodayReport,
            whatifs: &'a [TodayDelta],
        }
        serde_json::to_string(&Doc {
            report: &report,
            whatifs: &whatifs,
        })
        .map_err(|e| e.to_string())
    }
}

/// Facts of a scenario for the Today form (see [`info`]); throws the errors JSON.
#[wasm_bindgen]
pub fn today_info(text: &str, format: &str) -> Result<String, JsError> {
    info(text, format).map_err(|e| JsError::new(&e))
}

/// Checks a what-if against the day: `{"ok":true}` or `{"ok":false,"source","errors"}`.
#[wasm_bindgen]
pub fn today_check_whatif(
    text: &str,
    format: &str,
    state_json: &str,
    actuals_csv: &str,
    method: &str,
    whatif: &str,
) -> String {
    check_whatif(text, format, state_json, actuals_csv, method, whatif)
}

/// The intraday run (sim-history's `Today`), driven by the page from a Web Worker.
#[wasm_bindgen]
pub struct TodayJs {
    inner: TodaySession,
}

#[wasm_bindgen]
impl TodayJs {
    /// Throws the errors JSON (see the module documentation). `seed` is a decimal string (u64).
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        format: &str,
        state_json: &str,
        actuals_csv: &str,
        method: &str,
        whatifs_json: &str,
        replications: u32,
        seed: &str,
    ) -> Result<TodayJs, JsError> {
        TodaySession::new(
            text,
            format,
            state_json,
            actuals_csv,
            method,
            whatifs_json,
            replications,
            seed,
        )
        .map(|inner| TodayJs { inner })
        .map_err(|e| JsError::new(&e))
    }

    /// Adds a what-if; returns its index (1-based). Throws the errors JSON.
    pub fn add_whatif(&mut self, text: &str) -> Result<u32, JsError> {
        self.inner
            .add_whatif(text)
            .map(|k| k as u32)
            .map_err(|e| JsError::new(&e))
    }

    /// Removes what-if `k` (1-based).
    pub fn remove_whatif(&mut self, k: u32) -> Result<(), JsError> {
        self.inner
            .remove_whatif(k as usize)
            .map_err(|e| JsError::new(&e))
    }

    /// Runs up to `max` replications; returns how many are left (all runs).
    pub fn step(&mut self, max: u32) -> f64 {
        self.inner.step(max) as f64
    }

    /// Replications left to run.
    pub fn remaining(&self) -> f64 {
        self.inner.remaining() as f64
    }

    /// The result JSON (see `TodaySession::result_json`).
    pub fn result(&self) -> Result<String, JsError> {
        self.inner.result_json().map_err(|e| JsError::new(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = include_str!("../../scenarios/customer-care-24x7.toml");
    const STATE: &str = include_str!("../../scenarios/intraday/customer-care-24x7.state.json");
    const ACTUALS: &str = include_str!("../../scenarios/intraday/customer-care-24x7.actuals.csv");

    fn err(e: String) -> Value {
        serde_json::from_str(&e).expect("errors are JSON")
    }

    #[test]
    fn runs_the_example_with_a_whatif_in_steps() {
        let mut s = TodaySession::new(
            SCENARIO,
            "toml",
            STATE,
            ACTUALS,
            "ratio",
            r#"["add agents 2 13:00-17:00"]"#,
            6,
            "7",
        )
        .unwrap();
        assert_eq!(s.remaining(), 12);
        assert!(s.result_json().is_err());
        assert_eq!(s.step(5), 7);
        assert_eq!(s.step(100), 0);
        let v: Value = serde_json::from_str(&s.result_json().unwrap()).unwrap();
        assert_eq!(v["report"]["replications"], 6);
        assert_eq!(v["report"]["clock"], "11:00");
        assert_eq!(v["whatifs"].as_array().unwrap().len(), 1);
        assert_eq!(v["whatifs"][0]["whatif"], "add agents 2 13:00-17:00");
        assert!(v["report"]["types"][0]["whole_day"].is_object());

        // the same with the what-if added after the baseline ran: same numbers
        let mut t =
            TodaySession::new(SCENARIO, "toml", STATE, ACTUALS, "ratio", "", 6, "7").unwrap();
        t.step(3);
        t.add_whatif("add agents 2 13:00-17:00").unwrap();
        t.step(100);
        assert_eq!(t.result_json().unwrap(), s.result_json().unwrap());
        t.remove_whatif(1).unwrap();
        assert!(t.remove_whatif(1).is_err());
        let v: Value = serde_json::from_str(&t.result_json().unwrap()).unwrap();
        assert_eq!(v["whatifs"].as_array().unwrap().len(), 0);
    }

    #[test]
    fn bad_inputs_name_the_field() {
        let new = |state: &str, acts: &str, method: &str, w: &str, n: u32, seed: &str| {
            TodaySession::new(SCENARIO, "toml", state, acts, method, w, n, seed).map(|_| ())
        };
        let e = err(new(
            r#"{"clock":"11:00","groups":{"agents":{"busy":"x"}}}"#,
            ACTUALS,
            "ratio",
            "",
            10,
            "1",
        )
        .unwrap_err());
        assert_eq!(e["source"], "state");
        assert!(
            e["errors"][0]["path"].as_str().unwrap().contains("busy"),
            "{e}"
        );
        let e = err(new(r#"{"clock":"25:00"}"#, ACTUALS, "ratio", "", 10, "1").unwrap_err());
        assert_eq!(e["source"], "state");
        assert_eq!(e["errors"][0]["path"], "state.clock", "{e}");
        let e = err(new(
            STATE,
            "interval_start,contact_type,offered\n2024-01-09T00:00,calls,x\n",
            "ratio",
            "",
            10,
            "1",
        )
        .unwrap_err());
        assert_eq!(e["source"], "actuals");
        assert!(
            e["errors"][0]["path"].as_str().unwrap().contains("line 2"),
            "{e}"
        );
        let e = err(new(STATE, ACTUALS, "median", "", 10, "1").unwrap_err());
        assert_eq!(e["source"], "method");
        let e = err(new(STATE, ACTUALS, "ratio", r#"["hire 3"]"#, 10, "1").unwrap_err());
        assert_eq!(e["source"], "whatif");
        let e = err(new(STATE, ACTUALS, "ratio", r#"["add nobody 2"]"#, 10, "1").unwrap_err());
        assert_eq!(e["source"], "whatif", "{e}");
        let e = err(new(STATE, ACTUALS, "ratio", "", 1, "1").unwrap_err());
        assert_eq!(e["errors"][0]["path"], "options.replications");
        let e = err(new(STATE, ACTUALS, "ratio", "", 10, "-1").unwrap_err());
        assert_eq!(e["errors"][0]["path"], "options.seed");
        let e = err(new("", ACTUALS, "ratio", "", 10, "1").unwrap_err());
        assert_eq!(e["source"], "state");
        let e =
            err(
                TodaySession::new("nonsense = [", "toml", STATE, ACTUALS, "ratio", "", 10, "1")
                    .map(|_| ())
                    .unwrap_err(),
            );
        assert_eq!(e["source"], "scenario");
        let c: Value = serde_json::from_str(&check_whatif(
            SCENARIO,
            "toml",
            STATE,
            ACTUALS,
            "ratio",
            "volume +10",
        ))
        .unwrap();
        assert_eq!(c["ok"], true);
        let c: Value = serde_json::from_str(&check_whatif(
            SCENARIO,
            "toml",
            STATE,
            ACTUALS,
            "ratio",
            "volume lots",
        ))
        .unwrap();
        assert_eq!(c["ok"], false);
        assert_eq!(c["source"], "whatif");
    }

    #[test]
    fn info_lists_groups_types_and_activities() {
        let v: Value = serde_json::from_str(&info(SCENARIO, "toml").unwrap()).unwrap();
        assert_eq!(v["types"][0]["id"], "calls");
        assert!(v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == "agents"));
        assert!(v["days"].as_u64().unwrap() >= 3);
    }
}
