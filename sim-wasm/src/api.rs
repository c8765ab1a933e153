//! The bindings' work as plain Rust (natively testable): text in, JSON text out, `Err(String)` for
//! problems. Everything is a call into `sim-core`.

use serde::Serialize;
use serde_json::{json, Value};
use sim_core::kpi::{self, KpiDef, CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS};
use sim_core::tally::ContactTally;
use sim_core::whatif::WhatIf;
use sim_core::{Format, Limits, Model, Scenario, ScenarioErrors, Simulation, Summary};

/// `"toml"` / `"json"` → [`Format`].
pub fn format(f: &str) -> Result<Format, String> {
    match f.trim().to_ascii_lowercase().as_str() {
        "toml" => Ok(Format::Toml),
        "json" => Ok(Format::Json),
        other => Err(format!(
            "unknown format \"{other}\": use \"toml\" or \"json\""
        )),
    }
}

/// Patience argument from JavaScript: a positive finite number, else "never abandons".
pub fn patience(p: f64) -> Option<f64> {
    (p.is_finite() && p > 0.0).then_some(p)
}

/// Scenario errors as the JSON text `{"errors":[…]}`.
pub fn errors_json(e: &ScenarioErrors) -> String {
    json!({ "errors": e }).to_string()
}

fn one_error(path: &str, message: String) -> String {
    json!({ "errors": [{ "path": path, "message": message }] }).to_string()
}

/// Parses a what-if (`""` = none).
pub fn whatif(whatif_json: &str) -> Result<WhatIf, String> {
    if whatif_json.trim().is_empty() {
        return Ok(WhatIf::default());
    }
    serde_json::from_str(whatif_json).map_err(|e| one_error("(what-if)", e.to_string()))
}

/// Parses a scenario and applies a what-if (errors as `{"errors":…}` JSON text).
pub fn scenario(text: &str, fmt: &str, whatif_json: &str) -> Result<Scenario, String> {
    let f = format(fmt).map_err(|m| one_error("(format)", m))?;
    let s = Scenario::parse(text, f).map_err(|e| errors_json(&e))?;
    let w = whatif(whatif_json)?;
    Ok(w.apply(&s))
}

/// Parses, applies the what-if and compiles with the CLI's default limits.
pub fn compile(text: &str, fmt: &str, whatif_json: &str) -> Result<Model, String> {
    let s = scenario(text, fmt, whatif_json)?;
    Model::compile(&s, Limits::default()).map_err(|e| errors_json(&e))
}

/// Facts of a compiled model the web app shows and the Erlang views need.
#[derive(Serialize)]
pub struct ModelInfo<'a> {
    pub name: &'a str,
    pub interval_s: f64,
    pub intervals_per_day: usize,
    pub n_intervals: usize,
    pub horizon_s: f64,
    pub warmup_s: f64,
    pub start_weekday: usize,
    pub agent_count: usize,
    /// Offered load (Erlangs) per interval, all types.
    pub offered_erlangs: Vec<f64>,
    pub types: Vec<TypeInfo<'a>>,
    pub groups: Vec<GroupInfo<'a>>,
    /// Erlang requirement of the center per interval for the scenario's own targets
    /// (sim-plan; a type without targets needs its load rounded up).
    pub required_agents: Vec<u32>,
}

#[derive(Serialize)]
pub struct TypeInfo<'a> {
    pub id: &'a str,
    pub channel: &'a str,
    pub rate_per_s: &'a [f64],
    pub mean_handle_s: f64,
    pub mean_wrap_s: f64,
    pub mean_patience_s: Option<f64>,
    pub sl_threshold_s: f64,
    pub sl_target: Option<f64>,
    pub max_abandon_rate: Option<f64>,
    pub concurrency: u32,
    pub deflection: f64,
    /// Group ids that serve this type, most preferred first.
    pub route: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct GroupInfo<'a> {
    pub id: &'a str,
    pub agents: usize,
    pub skills: Vec<&'a str>,
    pub absence: f64,
    pub cost_per_hour: f64,
    pub scheduled_per_interval: &'a [f64],
}

pub fn model_info(m: &Model) -> ModelInfo<'_> {
    ModelInfo {
        name: &m.name,
        interval_s: m.interval_s,
        intervals_per_day: m.intervals_per_day,
        n_intervals: m.n_intervals,
        horizon_s: m.horizon_s,
        warmup_s: m.warmup_s,
        start_weekday: m.start_weekday,
        agent_count: m.agent_count(),
        offered_erlangs: m.offered_erlangs_per_interval(),
        types: m
            .types
            .iter()
            .map(|t| TypeInfo {
                id: &t.id,
                channel: t.channel.name(),
                rate_per_s: &t.rate_per_s,
                mean_handle_s: t.mean_handle_s,
                mean_wrap_s: t.mean_wrap_s,
                mean_patience_s: t.mean_patience_s,
                sl_threshold_s: t.sl_threshold_s,
                sl_target: t.sl_target,
                max_abandon_rate: t.max_abandon_rate,
                concurrency: t.concurrency,
                deflection: t.deflection_share(),
                route: t.route.iter().map(|&g| m.groups[g].id.as_str()).collect(),
            })
            .collect(),
        groups: m
            .groups
            .iter()
            .map(|g| GroupInfo {
                id: &g.id,
                agents: g.agents.len(),
                skills: g
                    .serve_order
                    .iter()
                    .map(|&t| m.types[t].id.as_str())
                    .collect(),
                absence: g.absence,
                cost_per_hour: g.cost_per_hour,
                scheduled_per_interval: &g.scheduled_per_interval,
            })
            .collect(),
        required_agents: sim_plan::requirement::erlang_requirement(
            m,
            &sim_plan::StaffingTargets::from_model(m),
            0,
            Limits::default().max_agents.min(100_000) as u32,
        )
        .center_agents,
    }
}

pub fn model_info_json(m: &Model) -> String {
    serde_json::to_string(&model_info(m)).unwrap_or_default()
}

/// See [`crate::validate`].
pub fn validate(text: &str, fmt: &str, whatif_json: &str) -> String {
    let parsed = format(fmt)
        .map_err(|m| one_error("(format)", m))
        .and_then(|f| Scenario::parse(text, f).map_err(|e| errors_json(&e)));
    let s = match parsed {
        Ok(s) => s,
        Err(e) => return error_result(&e),
    };
    let w = match whatif(whatif_json) {
        Ok(w) => w,
        Err(e) => return error_result(&e),
    };
    let scenario_value: Value = serde_json::from_str(&s.to_json()).unwrap_or(Value::Null);
    match Model::compile(&w.apply(&s), Limits::default()) {
        Ok(m) => {
            json!({ "ok": true, "scenario": scenario_value, "info": model_info(&m) }).to_string()
        }
        Err(e) => json!({ "ok": false, "errors": e, "scenario": scenario_value }).to_string(),
    }
}

fn error_result(errors_text: &str) -> String {
    let v: Value = serde_json::from_str(errors_text).unwrap_or(Value::Null);
    json!({ "ok": false, "errors": v["errors"] }).to_string()
}

/// See [`crate::convert`].
pub fn convert(text: &str, fmt: &str, to: &str) -> Result<String, String> {
    apply_whatif(text, fmt, "", to)
}

/// See [`crate::apply_whatif`].
pub fn apply_whatif(text: &str, fmt: &str, whatif_json: &str, to: &str) -> Result<String, String> {
    let s = scenario(text, fmt, whatif_json)?;
    Ok(match format(to)? {
        Format::Toml => s.to_toml(),
        Format::Json => s.to_json(),
    })
}

pub fn summary_json(s: &Summary) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn parse_summary(text: &str) -> Result<Summary, String> {
    serde_json::from_str(text).map_err(|e| format!("invalid summary JSON: {e}"))
}

/// See [`crate::merge`].
pub fn merge(a: &str, b: &str) -> Result<String, String> {
    let mut a = parse_summary(a)?;
    a.merge(&parse_summary(b)?)?;
    Ok(summary_json(&a))
}

/// See [`crate::finish_summary`].
pub fn finish_summary(summary: &str, requested: u32) -> Result<String, String> {
    let mut s = parse_summary(summary)?;
    s.requested = s.requested.max(requested);
    s.partial |= (s.count() as u32) < requested;
    Ok(summary_json(&s))
}

/// See [`crate::report`].
pub fn report(text: &str, fmt: &str, whatif_json: &str, summary: &str) -> Result<String, String> {
    let m = compile(text, fmt, whatif_json)?;
    let s = parse_summary(summary)?;
    serde_json::to_string(&s.report(&m)).map_err(|e| e.to_string())
}

/// See [`crate::compare`].
pub fn compare(base: &str, variant: &str) -> Result<String, String> {
    let d = sim_core::compare(&parse_summary(base)?, &parse_summary(variant)?);
    serde_json::to_string(&d).map_err(|e| e.to_string())
}

/// See [`crate::queue_metrics`].
pub fn queue_metrics(
    lambda_per_s: f64,
    aht_s: f64,
    patience_s: f64,
    agents: u32,
    threshold_s: f64,
) -> String {
    let m = sim_core::analytic::queue_metrics(
        lambda_per_s,
        aht_s,
        patience(patience_s),
        agents,
        threshold_s,
    );
    let f = |x: f64| x.is_finite().then_some(x);
    json!({
        "p_wait": f(m.p_wait),
        "service_level": f(m.service_level),
        "service_level_of_answered": f(m.service_level_of_answered),
        "asa_s": f(m.asa_s),
        "abandon_rate": f(m.abandon_rate),
        "occupancy": f(m.occupancy),
        "mean_queue_len": f(m.mean_queue_len),
        "stable": m.stable,
    })
    .to_string()
}

/// See [`crate::kpi_names`].
pub fn kpi_names() -> String {
    json!({
        "contact": ids(CONTACT_KPIS),
        "group": ids(GROUP_KPIS),
        "interval": ids(INTERVAL_KPIS),
        "overall": kpi::overall_names(),
    })
    .to_string()
}

fn ids(defs: &[KpiDef]) -> Vec<&'static str> {
    defs.iter().map(|d| d.id).collect()
}

/// Named contact KPIs of a running tally (`null` where undefined).
fn named_kpis(c: &ContactTally, duration_s: f64) -> serde_json::Map<String, Value> {
    CONTACT_KPIS
        .iter()
        .zip(kpi::contact_kpis(c, None, duration_s).values())
        .map(|(d, v)| {
            (
                d.id.to_string(),
                if v.is_finite() { json!(v) } else { Value::Null },
            )
        })
        .collect()
}

/// See [`crate::Trainer::snapshot`].
pub fn snapshot_json<M: std::ops::Deref<Target = sim_core::Model>>(sim: &Simulation<M>) -> String {
    let snap = sim.snapshot();
    let duration = snap.now.max(0.0);
    let mut all = ContactTally::default();
    for t in &snap.totals {
        all.add(t);
    }
    let kpis: Vec<_> = snap
        .totals
        .iter()
        .map(|t| named_kpis(t, duration))
        .collect();
    json!({
        "now": snap.now,
        "queue": snap.queue,
        "agents": snap.agents,
        "totals": snap.totals,
        "kpis": kpis,
        "overall": named_kpis(&all, duration),
    })
    .to_string()
}

/// See [`crate::dist_mean`].
pub fn dist_mean(spec_json: &str) -> Result<f64, String> {
    let spec: sim_core::dist::DistSpec = serde_json::from_str(spec_json)
        .map_err(|e| format!("invalid distribution {spec_json}: {e}"))?;
    Ok(spec.mean())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
version = 1
name = "small"
interval_minutes = 60
[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 60 }
handle_time = { dist = "exponential", mean = 240 }
patience = { dist = "exponential", mean = 120 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = { constant = 5 }
"#;

    #[test]
    fn parts_merge_to_the_sequential_run() {
        let m = compile(SMALL, "toml", "").unwrap();
        let whole = sim_core::run_batch(&m, 7, 0..6);
        let a = summary_json(&sim_core::run_batch(&m, 7, 3..6));
        let b = summary_json(&sim_core::run_batch(&m, 7, 0..3));
        let merged = merge(&a, &b).unwrap();
        assert_eq!(merged, summary_json(&whole));
        let r1 = report(SMALL, "toml", "", &merged).unwrap();
        let r2 = serde_json::to_string(&whole.report(&m)).unwrap();
        assert_eq!(r1, r2);
    }

    #[test]
    fn validation_errors_name_the_field() {
        let bad = SMALL.replace("mean = 240", "mean = -3");
        let v: Value = serde_json::from_str(&validate(&bad, "toml", "")).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["errors"][0]["path"], "contact_types[0].handle_time.mean");
        let v: Value = serde_json::from_str(&validate("version = ", "toml", "")).unwrap();
        assert_eq!(v["ok"], false);
        let ok: Value = serde_json::from_str(&validate(SMALL, "toml", "")).unwrap();
        assert_eq!(ok["ok"], true);
        assert_eq!(ok["info"]["groups"][0]["agents"], 5);
        assert_eq!(ok["scenario"]["agent_groups"][0]["id"], "team");
    }

    #[test]
    fn whatif_and_round_trip() {
        let j = convert(SMALL, "toml", "json").unwrap();
        let t = convert(&j, "json", "toml").unwrap();
        assert_eq!(
            Scenario::parse(&t, Format::Toml).unwrap(),
            Scenario::parse(SMALL, Format::Toml).unwrap()
        );
        let v: Value =
            serde_json::from_str(&validate(SMALL, "toml", r#"{"agents_delta":{"team":2}}"#))
                .unwrap();
        assert_eq!(v["info"]["groups"][0]["agents"], 7);
        assert!(compile(SMALL, "toml", "{not json").is_err());
    }

    #[test]
    fn compare_and_trainer() {
        let m = compile(SMALL, "toml", "").unwrap();
        let v = compile(SMALL, "toml", r#"{"agents_delta":{"team":1}}"#).unwrap();
        let a = summary_json(&sim_core::run_batch(&m, 1, 0..5));
        let b = summary_json(&sim_core::run_batch(&v, 1, 0..5));
        let d: Value = serde_json::from_str(&compare(&a, &b).unwrap()).unwrap();
        assert!(d
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kpi"] == "service_level"));
        let mut sim = Simulation::new(Box::new(m), 1, 0);
        sim.advance_to(3600.0);
        let s: Value = serde_json::from_str(&snapshot_json(&sim)).unwrap();
        assert_eq!(s["now"], 3600.0);
        assert_eq!(s["agents"].as_array().unwrap().len(), 5);
        assert!(s["overall"]["offered"].as_f64().unwrap() > 0.0);
        let q: Value =
            serde_json::from_str(&queue_metrics(60.0 / 3600.0, 240.0, 0.0, 5, 20.0)).unwrap();
        assert!(q["service_level"].as_f64().unwrap() > 0.4);
    }

    #[test]
    fn distribution_means_come_from_sim_core() {
        let m = dist_mean(r#"{"dist":"weibull","shape":2,"scale":100}"#).unwrap();
        assert!((m - 50.0 * std::f64::consts::PI.sqrt()).abs() < 1e-9);
        assert_eq!(
            dist_mean(r#"{"dist":"uniform","min":10,"max":30}"#),
            Ok(20.0)
        );
        let e = dist_mean(r#"{"dist":"weibull","shape":null,"scale":100}"#).unwrap_err();
        assert!(e.contains("invalid distribution"), "{e}");
    }
}
