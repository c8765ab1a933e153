//! Bindings over sim-history for the page's *History* tab: what kind of file was dropped, the
//! forecast of an interval history (with the same forecast.csv, backtest.csv and scenario.toml
//! text `ccsim forecast` writes for the same inputs), and the calibration of contact records with
//! the availability fit as an object the page drives over its worker pool (it proposes a
//! scenario, the page runs the replications and hands back the merged summary), like
//! [`crate::plan::StaffingSearchJs`].
//!
//! No forecasting or calibration logic lives here: sim-history decides every number, this module
//! only reads the page's options (the CLI's flags as JSON) and serialises the results. The work is
//! plain Rust (unit-tested natively); the `#[wasm_bindgen]` layer only converts errors.
//!
//! Errors are thrown as the JSON text `{"input_error":{"source":…,"message":…,"line":…,
//! "column":…}}`: `source` says which input is wrong (`file`, `options`, `special_days`, `base`),
//! `message` is sim-history's own text (with line and column, as the CLI prints it).

use crate::api;
use serde::Deserialize;
use serde_json::{json, Value};
use sim_core::{Limits, Model, Scenario, Summary};
use sim_history::calibrate::{
    calibrated_scenario, estimate, AvailabilitySearch, CalibrateOptions, Calibration, Estimates,
    FitOptions, FitStep,
};
use sim_history::chrono::{self, Days, NaiveDate};
use sim_history::forecast::Forecast;
use sim_history::history::INTERVAL_LENGTHS;
use sim_history::records::{parse_records, RecordOptions, RECORD_COLUMNS};
use sim_history::{
    ColumnMap, ForecastOptions, HistoryOptions, InputError, IntervalHistory, MethodChoice,
    SpecialDays, HISTORY_COLUMNS,
};
use wasm_bindgen::prelude::*;

/// Days of history shown before the forecast in the page's chart (as in the CLI's plots).
pub const CHART_HISTORY_DAYS: usize = 28;

/// An error of one input, as the page shows it next to that input.
fn input_error(source: &str, e: &InputError) -> String {
    json!({ "input_error": {
        "source": source,
        "message": e.to_string(),
        "line": e.line,
        "column": e.column,
    }})
    .to_string()
}

/// An error without line and column (`message` as given).
fn plain_error(source: &str, message: impl Into<String>) -> String {
    json!({ "input_error": { "source": source, "message": message.into(), "line": null, "column": null }})
        .to_string()
}

fn parse_options<T: for<'a> Deserialize<'a> + Default>(options_json: &str) -> Result<T, String> {
    if options_json.trim().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(options_json).map_err(|e| plain_error("options", format!("options: {e}")))
}

/// The base scenario (`text` empty = none), in the CLI's `--base` role.
fn base_scenario(text: &str, fmt: &str) -> Result<Option<Scenario>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let s = api::scenario(text, fmt, "").map_err(|e| plain_error("base", e))?;
    Ok(Some(s))
}

/// The kind of a dropped file, guessed from its header line: `{"kind":"history"|"records"|
/// "unknown","headers":[…],"delimiter":","}`. A guess only: the page lets the user override it.
pub fn guess_kind(text: &str) -> String {
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let delimiter = [',', '\t', ';']
        .into_iter()
        .max_by_key(|d| header.matches(*d).count())
        .unwrap_or(',');
    let headers: Vec<String> = header
        .split(delimiter)
        .map(|h| h.trim().trim_matches('"').trim().to_string())
        .collect();
    let has = |name: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(name));
    let history = ["interval_start", "offered", "handled", "aht_s", "asa_s"]
        .iter()
        .filter(|c| has(c))
        .count();
    let records = [
        "arrival",
        "wait_s",
        "outcome",
        "handle_s",
        "caller_id",
        "agent",
    ]
    .iter()
    .filter(|c| has(c))
    .count();
    let kind = if history == 0 && records == 0 {
        "unknown"
    } else if history >= records {
        "history"
    } else {
        "records"
    };
    json!({ "kind": kind, "headers": headers, "delimiter": delimiter.to_string() }).to_string()
}

/// The column names of both formats (for the page's mapping hints).
pub fn column_names() -> String {
    json!({ "history": HISTORY_COLUMNS, "records": RECORD_COLUMNS, "interval_lengths": INTERVAL_LENGTHS })
        .to_string()
}

/// The page's forecast options: the flags of `ccsim forecast` (empty = the CLI's default).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastRequest {
    /// `--columns` values (`NAME=HEADER,…` each).
    pub columns: Vec<String>,
    /// `--contact-type`: the type of every row when the file has no `contact_type` column.
    pub contact_type: String,
    /// `--start` (YYYY-MM-DD); empty = the day after the history's last day.
    pub start: String,
    pub days: usize,
    pub method: String,
    /// `--interval-minutes`; none = the base scenario's with a base, else the history's.
    pub interval_minutes: Option<u32>,
    pub origins: usize,
    /// The text of the `--special-days` file (empty = none).
    pub special_days: String,
}

impl Default for ForecastRequest {
    fn default() -> Self {
        ForecastRequest {
            columns: Vec::new(),
            contact_type: HistoryOptions::default().default_type,
            start: String::new(),
            days: 7,
            method: "auto".into(),
            interval_minutes: None,
            origins: 8,
            special_days: String::new(),
        }
    }
}

fn read_history(text: &str, req: &ForecastRequest) -> Result<IntervalHistory, String> {
    let columns =
        ColumnMap::parse(&req.columns, HISTORY_COLUMNS).map_err(|e| input_error("options", &e))?;
    let options = HistoryOptions {
        columns,
        default_type: req.contact_type.clone(),
    };
    IntervalHistory::parse(text, &options).map_err(|e| input_error("file", &e))
}

/// The day after the history's last day (the page's default forecast start).
fn day_after(h: &IntervalHistory) -> NaiveDate {
    h.first_day + Days::new(h.n_days as u64)
}

/// What a history holds, for the page's form before forecasting: `{"interval_minutes",
/// "first_day","last_day","days","days_with_data","types":[…],"default_start"}`.
pub fn history_info(text: &str, options_json: &str) -> Result<String, String> {
    let req: ForecastRequest = parse_options(options_json)?;
    let h = read_history(text, &req)?;
    let with_data = (0..h.n_days)
        .filter(|&d| h.types.iter().any(|t| t.day_has_data[d]))
        .count();
    Ok(json!({
        "interval_minutes": h.interval_minutes,
        "first_day": h.first_day.to_string(),
        "last_day": (h.first_day + Days::new(h.n_days.saturating_sub(1) as u64)).to_string(),
        "days": h.n_days,
        "days_with_data": with_data,
        "types": h.types.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        "default_start": day_after(&h).to_string(),
    })
    .to_string())
}

/// The last [`CHART_HISTORY_DAYS`] of history and the forecast with its 80 % band on one interval
/// axis (the CLI's plot, as data): `{"labels":[…],"history_intervals":N,"types":[{"id","method",
/// "history":[…|null],"forecast":[…|null],"lo80","hi80"}]}`.
fn chart(h: &IntervalHistory, fc: &Forecast) -> Value {
    let ipd = fc.intervals_per_day();
    let first = fc.start - Days::new(CHART_HISTORY_DAYS as u64);
    let n = (CHART_HISTORY_DAYS + fc.days) * ipd;
    let off = CHART_HISTORY_DAYS * ipd;
    let midnight = first.and_hms_opt(0, 0, 0).expect("midnight");
    let step = fc.interval_minutes as i64;
    let labels: Vec<String> = (0..n)
        .map(|i| {
            (midnight + chrono::Duration::minutes(i as i64 * step))
                .format("%a %m-%d %H:%M")
                .to_string()
        })
        .collect();
    let types: Vec<Value> = fc
        .types
        .iter()
        .map(|t| {
            let th = h.find_type(&t.id);
            let mut hist: Vec<Option<f64>> = Vec::with_capacity(n);
            for d in 0..CHART_HISTORY_DAYS {
                let idx = (first + Days::new(d as u64) - h.first_day).num_days();
                for p in 0..ipd {
                    hist.push(th.and_then(|th| {
                        (idx >= 0 && (idx as usize) < h.n_days && th.day_has_data[idx as usize])
                            .then(|| th.offered[idx as usize * ipd + p])
                    }));
                }
            }
            hist.resize(n, None);
            let pad = |v: &[f64]| -> Vec<Option<f64>> {
                let mut out = vec![None; off];
                out.extend(v.iter().map(|x| x.is_finite().then_some(*x)));
                out
            };
            json!({
                "id": t.id,
                "method": t.method.name(),
                "history": hist,
                "forecast": pad(&t.forecast),
                "lo80": pad(&t.lo80),
                "hi80": pad(&t.hi80),
            })
        })
        .collect();
    json!({ "labels": labels, "history_intervals": off, "types": types })
}

/// Forecasts a history like `ccsim forecast HISTORY [--base BASE] …` (options: [`ForecastRequest`]
/// as JSON; `base_text` empty = no base). Returns `{"start","days","interval_minutes","forecast":
/// {…Forecast…},"forecast_csv","backtest_csv","scenario_toml","base_used","base_error","chart"}`;
/// the three texts are byte for byte what the CLI writes. When the scenario cannot be built on
/// the base (a history type it lacks), `scenario_toml` is the one built without a base and
/// `base_error` says why (the CLI with `--base` would stop there).
pub fn forecast_json(
    text: &str,
    options_json: &str,
    base_text: &str,
    base_format: &str,
) -> Result<String, String> {
    let req: ForecastRequest = parse_options(options_json)?;
    let history = read_history(text, &req)?;
    let start = if req.start.trim().is_empty() {
        day_after(&history)
    } else {
        sim_history::timestamp::parse_date(&req.start, None)
            .map_err(|m| input_error("options", &InputError::option("--start", &req.start, m)))?
    };
    let base = base_scenario(base_text, base_format)?;
    let mut options = ForecastOptions::new(start, req.days);
    options.method = MethodChoice::parse(&req.method).map_err(|e| input_error("options", &e))?;
    options.origins = req.origins;
    options.interval_minutes = req
        .interval_minutes
        .or(base.as_ref().map(|b| b.interval_minutes));
    if !req.special_days.trim().is_empty() {
        options.special_days =
            SpecialDays::parse(&req.special_days).map_err(|e| input_error("special_days", &e))?;
    }
    let fc = sim_history::forecast(&history, &options).map_err(|e| input_error("options", &e))?;
    let (scenario_toml, base_error) = match fc.scenario_toml(base.as_ref()) {
        Ok(s) => (s, None),
        Err(e) if base.is_some() => (
            fc.scenario_toml(None)
                .map_err(|e| input_error("options", &e))?,
            Some(e.to_string()),
        ),
        Err(e) => return Err(input_error("options", &e)),
    };
    let history = history
        .aggregate(fc.interval_minutes)
        .map_err(|e| input_error("options", &e))?;
    Ok(json!({
        "start": fc.start.to_string(),
        "days": fc.days,
        "interval_minutes": fc.interval_minutes,
        "forecast_csv": fc.to_csv(),
        "backtest_csv": fc.backtest_csv(),
        "scenario_toml": scenario_toml,
        "base_used": base.is_some() && base_error.is_none(),
        "base_error": base_error,
        "chart": chart(&history, &fc),
        "forecast": fc,
    })
    .to_string())
}

/// The page's calibration options: the flags of `ccsim calibrate`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalibrateRequest {
    /// `--columns` values.
    pub columns: Vec<String>,
    /// `--values` values.
    pub values: Vec<String>,
    /// `--date-format` (empty = none).
    pub date_format: String,
    /// `--interval-minutes`; none = the base's, else 30.
    pub interval_minutes: Option<u32>,
    pub redial_window_minutes: f64,
    /// The scenario's name (the CLI: "Calibrated from FILE-NAME").
    pub name: String,
}

impl Default for CalibrateRequest {
    fn default() -> Self {
        CalibrateRequest {
            columns: Vec::new(),
            values: Vec::new(),
            date_format: String::new(),
            interval_minutes: None,
            redial_window_minutes: 60.0,
            name: "Calibrated from records".into(),
        }
    }
}

/// The page's availability-fit options (`ccsim calibrate -n N --seed S --max-steps M`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitRequest {
    pub replications: u32,
    /// Decimal text (u64) or a number.
    pub seed: Value,
    pub max_steps: u32,
}

impl Default for FitRequest {
    fn default() -> Self {
        let d = FitOptions::default();
        FitRequest {
            replications: d.replications,
            seed: json!(d.seed.to_string()),
            max_steps: d.max_steps,
        }
    }
}

/// Records read and estimated, with the calibrated scenario (before the availability fit).
pub struct Calibrator {
    estimates: Estimates,
    scenario: Scenario,
}

impl Calibrator {
    /// Reads `text` and estimates everything, as `ccsim calibrate` does before its fit.
    pub fn new(
        text: &str,
        options_json: &str,
        base_text: &str,
        base_format: &str,
    ) -> Result<Calibrator, String> {
        let req: CalibrateRequest = parse_options(options_json)?;
        let date_format = Some(req.date_format.trim()).filter(|f| !f.is_empty());
        let options = RecordOptions::parse(&req.columns, &req.values, date_format)
            .map_err(|e| input_error("options", &e))?;
        let records = parse_records(text, &options).map_err(|e| input_error("file", &e))?;
        let base = base_scenario(base_text, base_format)?;
        let interval_minutes = req
            .interval_minutes
            .or(base.as_ref().map(|b| b.interval_minutes))
            .unwrap_or(30);
        if !(req.redial_window_minutes.is_finite() && req.redial_window_minutes > 0.0) {
            return Err(plain_error(
                "options",
                format!(
                    "redial window {}: must be a positive number of minutes",
                    req.redial_window_minutes
                ),
            ));
        }
        let copts = CalibrateOptions {
            interval_minutes,
            redial_window_s: req.redial_window_minutes * 60.0,
        };
        let estimates = estimate(&records, &copts).map_err(|e| input_error("file", &e))?;
        let scenario = calibrated_scenario(&estimates, base.as_ref(), &req.name)
            .map_err(|e| input_error("base", &e))?;
        Model::compile(&scenario, Limits::default())
            .map_err(|e| plain_error("base", format!("the calibrated scenario: {e}")))?;
        Ok(Calibrator {
            estimates,
            scenario,
        })
    }

    /// Every estimate (sim-history `Estimates`) as JSON.
    pub fn estimates_json(&self) -> String {
        serde_json::to_string(&self.estimates).unwrap_or_else(|_| "null".into())
    }

    /// The calibrated scenario before the availability fit, as scenario JSON text.
    pub fn scenario_json(&self) -> String {
        serde_json::to_string(&self.scenario).unwrap_or_else(|_| "null".into())
    }

    /// The availability fit of the calibrated scenario (options: [`FitRequest`] as JSON).
    pub fn fit(&self, options_json: &str) -> Result<AvailabilityFitRun, String> {
        let req: FitRequest = parse_options(options_json)?;
        let seed = match &req.seed {
            Value::Null => Some(FitOptions::default().seed),
            Value::String(s) => s.trim().parse::<u64>().ok(),
            v => v.as_u64(),
        }
        .ok_or_else(|| {
            plain_error(
                "options",
                format!("seed {}: a whole number 0..2^64", req.seed),
            )
        })?;
        let options = FitOptions {
            replications: req.replications,
            seed,
            max_steps: req.max_steps,
            ..FitOptions::default()
        };
        let search = AvailabilitySearch::new(self.scenario.clone(), &self.estimates, options)
            .map_err(|e| input_error("options", &e))?;
        Ok(AvailabilityFitRun {
            estimates: self.estimates.clone(),
            search,
            proposed: None,
        })
    }
}

/// The availability fit as the page drives it (like [`crate::plan::PlanSearch`]).
pub struct AvailabilityFitRun {
    estimates: Estimates,
    search: AvailabilitySearch,
    proposed: Option<Model>,
}

impl AvailabilityFitRun {
    /// `{"kind":"simulate","step","max_steps","not_ready_share","seed":"S","replications",
    /// "scenario":"<JSON text>"}` or `{"kind":"done","calibration":{…}}`, where `calibration` is
    /// the document `ccsim calibrate` writes as calibration.json (without its `source`).
    pub fn next_step(&mut self) -> Result<String, String> {
        match self.search.next_step() {
            FitStep::Done(fit) => {
                let calibration = Calibration {
                    scenario: fit.scenario.clone(),
                    availability: Some(*fit),
                    estimates: self.estimates.clone(),
                };
                Ok(json!({ "kind": "done", "calibration": calibration }).to_string())
            }
            FitStep::Simulate(t) => {
                let model = Model::compile(&t.scenario, Limits::default())
                    .map_err(|e| api::errors_json(&e))?;
                self.proposed = Some(model);
                let text = serde_json::to_string(&t.scenario).map_err(|e| e.to_string())?;
                Ok(json!({
                    "kind": "simulate",
                    "step": t.step,
                    "max_steps": t.max_steps,
                    "not_ready_share": t.not_ready_share,
                    "seed": t.seed.to_string(),
                    "replications": t.replications,
                    "scenario": text,
                })
                .to_string())
            }
        }
    }

    /// Hands back the merged summary of the proposed scenario's replications.
    pub fn submit(&mut self, summary_json: &str) -> Result<(), String> {
        let model = self
            .proposed
            .take()
            .ok_or("submit: no scenario was proposed (call next_step first)")?;
        let s: Summary = serde_json::from_str(summary_json).map_err(|e| e.to_string())?;
        self.search.submit(&s.report(&model))
    }
}

fn js(r: Result<String, String>) -> Result<String, JsError> {
    r.map_err(|e| JsError::new(&e))
}

/// Guesses whether a file is an interval history or contact records (see [`guess_kind`]).
#[wasm_bindgen]
pub fn history_guess_kind(text: &str) -> String {
    guess_kind(text)
}

/// ccsim's column names of both formats: `{"history":[…],"records":[…],"interval_lengths":[…]}`.
#[wasm_bindgen]
pub fn history_column_names() -> String {
    column_names()
}

/// What a history holds (see [`history_info`]).
#[wasm_bindgen]
pub fn history_summary(text: &str, options_json: &str) -> Result<String, JsError> {
    js(history_info(text, options_json))
}

/// The forecast of a history (see [`forecast_json`]).
#[wasm_bindgen]
pub fn history_forecast(
    text: &str,
    options_json: &str,
    base_text: &str,
    base_format: &str,
) -> Result<String, JsError> {
    js(forecast_json(text, options_json, base_text, base_format))
}

/// Contact records read and estimated (see [`Calibrator`]).
#[wasm_bindgen]
pub struct CalibrationJs {
    inner: Calibrator,
}

#[wasm_bindgen]
impl CalibrationJs {
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        options_json: &str,
        base_text: &str,
        base_format: &str,
    ) -> Result<CalibrationJs, JsError> {
        Calibrator::new(text, options_json, base_text, base_format)
            .map(|inner| CalibrationJs { inner })
            .map_err(|e| JsError::new(&e))
    }

    /// Every estimate as JSON.
    pub fn estimates(&self) -> String {
        self.inner.estimates_json()
    }

    /// The calibrated scenario (before the availability fit) as scenario JSON text.
    pub fn scenario(&self) -> String {
        self.inner.scenario_json()
    }

    /// Starts the availability fit (`{"replications","seed","max_steps"}`).
    pub fn fit(&self, options_json: &str) -> Result<AvailabilityFitJs, JsError> {
        self.inner
            .fit(options_json)
            .map(|inner| AvailabilityFitJs { inner })
            .map_err(|e| JsError::new(&e))
    }
}

/// The availability fit driven by the page (see [`AvailabilityFitRun`]).
#[wasm_bindgen]
pub struct AvailabilityFitJs {
    inner: AvailabilityFitRun,
}

#[wasm_bindgen]
impl AvailabilityFitJs {
    /// The next step as JSON.
    pub fn next_step(&mut self) -> Result<String, JsError> {
        js(self.inner.next_step())
    }

    /// The merged summary JSON of the proposed scenario's replications.
    pub fn submit(&mut self, summary_json: &str) -> Result<(), JsError> {
        self.inner
            .submit(summary_json)
            .map_err(|e| JsError::new(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three weeks of hourly counts for one type without a contact_type column, `Calls` header.
    fn history() -> String {
        let mut s = String::from("DateTime,Calls\n");
        for d in 1..=21 {
            for hour in 8..18 {
                let n = 10 + (d * 7 + hour * 3) % 11;
                s.push_str(&format!("2024-01-{d:02}T{hour:02}:00,{n}\n"));
            }
        }
        s
    }

    const OPTS: &str =
        r#"{"columns":["offered=Calls,interval_start=DateTime"],"days":7,"origins":2}"#;

    #[test]
    fn guesses_the_kind_from_the_header() {
        let v: Value =
            serde_json::from_str(&guess_kind("interval_start;contact_type;offered\n")).unwrap();
        assert_eq!(v["kind"], "history");
        assert_eq!(v["delimiter"], ";");
        let v: Value = serde_json::from_str(&guess_kind("arrival\twait_s\toutcome\n")).unwrap();
        assert_eq!(v["kind"], "records");
        let v: Value = serde_json::from_str(&guess_kind("a,b\n1,2\n")).unwrap();
        assert_eq!(v["kind"], "unknown");
    }

    #[test]
    fn the_forecast_is_the_libraries_with_the_clis_texts() {
        let info: Value = serde_json::from_str(&history_info(&history(), OPTS).unwrap()).unwrap();
        assert_eq!(info["default_start"], "2024-01-22");
        assert_eq!(info["interval_minutes"], 60);
        let out: Value =
            serde_json::from_str(&forecast_json(&history(), OPTS, "", "").unwrap()).unwrap();
        assert_eq!(out["start"], "2024-01-22");
        // the same library calls the CLI makes
        let h = IntervalHistory::parse(
            &history(),
            &HistoryOptions {
                columns: ColumnMap::parse(
                    &["offered=Calls,interval_start=DateTime".into()],
                    HISTORY_COLUMNS,
                )
                .unwrap(),
                default_type: "calls".into(),
            },
        )
        .unwrap();
        let mut o = ForecastOptions::new(NaiveDate::from_ymd_opt(2024, 1, 22).unwrap(), 7);
        o.origins = 2;
        let fc = sim_history::forecast(&h, &o).unwrap();
        assert_eq!(out["forecast_csv"], fc.to_csv());
        assert_eq!(out["backtest_csv"], fc.backtest_csv());
        assert_eq!(out["scenario_toml"], fc.scenario_toml(None).unwrap());
        assert_eq!(out["forecast"], serde_json::to_value(&fc).unwrap());
        let chart = &out["chart"];
        assert_eq!(chart["labels"].as_array().unwrap().len(), (28 + 7) * 24);
        assert_eq!(
            chart["types"][0]["history"][28 * 24 - 24 + 8],
            json!((10 + (21 * 7 + 8 * 3) % 11) as f64)
        );
        assert!(chart["types"][0]["forecast"][0].is_null());
        assert_eq!(out["base_used"], false);
    }

    #[test]
    fn errors_name_the_input_line_and_column() {
        let bad = history().replace("2024-01-03T09:00,", "2024-01-03T09:00,-4");
        let e = forecast_json(&bad, OPTS, "", "").unwrap_err();
        let v: Value = serde_json::from_str(&e).unwrap();
        assert_eq!(v["input_error"]["source"], "file");
        assert!(v["input_error"]["line"].as_u64().unwrap() > 1, "{e}");
        assert_eq!(v["input_error"]["column"], "Calls");
        let e = forecast_json(
            &history(),
            r#"{"columns":["offered=Calls,interval_start=DateTime"],"method":"magic"}"#,
            "",
            "",
        )
        .unwrap_err();
        assert!(e.contains("unknown method"), "{e}");
        let e = forecast_json(&history(), r#"{"days":"x"}"#, "", "").unwrap_err();
        assert!(e.contains("options"), "{e}");
        let e = forecast_json(
            &history(),
            r#"{"columns":["offered=Calls,interval_start=DateTime"],"special_days":"date\nnope\n"}"#,
            "",
            "",
        )
        .unwrap_err();
        assert!(e.contains("special_days") && e.contains("line 2"), "{e}");
    }

    #[test]
    fn a_base_without_the_history_type_falls_back_to_the_default_scenario() {
        let base = "version = 1\nname = \"b\"\ninterval_minutes = 60\ndays = 1\n[[contact_types]]\nid = \"other\"\narrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }\n[[agent_groups]]\nid = \"g\"\nskills = [\"other\"]\nstaffing = { constant = 3 }\n";
        let out: Value =
            serde_json::from_str(&forecast_json(&history(), OPTS, base, "toml").unwrap()).unwrap();
        assert_eq!(out["base_used"], false);
        assert!(
            out["base_error"].as_str().unwrap().contains("calls"),
            "{}",
            out["base_error"]
        );
        assert!(out["scenario_toml"]
            .as_str()
            .unwrap()
            .contains("per_interval"));
    }

    fn records() -> String {
        let mut s = String::from("arrival,wait_s,outcome,handle_s,agent\n");
        for d in 1..=7 {
            for i in 0..200 {
                let (h, m) = (8 + i / 20, (i % 20) * 3);
                let wait = (i * 37 % 90) as f64;
                if i % 6 == 0 {
                    s.push_str(&format!(
                        "2024-01-{d:02}T{h:02}:{m:02}:00,{wait},abandoned,,\n"
                    ));
                } else {
                    let hs = 60 + (i * 53 % 300);
                    s.push_str(&format!(
                        "2024-01-{d:02}T{h:02}:{m:02}:00,{wait},answered,{hs},a{}\n",
                        i % 4
                    ));
                }
            }
        }
        s
    }

    /// Driving the fit through the bindings (summary JSON in, like the page) gives the calibration
    /// the library's own loop gives (report in, like the CLI).
    #[test]
    fn the_fit_through_the_bindings_equals_the_native_loop() {
        let c = Calibrator::new(&records(), r#"{"name":"t"}"#, "", "").unwrap();
        let mut run = c
            .fit(r#"{"replications":2,"seed":"5","max_steps":3}"#)
            .unwrap();
        let via_js = loop {
            let step: Value = serde_json::from_str(&run.next_step().unwrap()).unwrap();
            if step["kind"] == "done" {
                break step["calibration"].clone();
            }
            let m = api::compile(step["scenario"].as_str().unwrap(), "json", "").unwrap();
            run.submit(&api::summary_json(&sim_core::run_batch(&m, 5, 0..2)))
                .unwrap();
        };
        let records = parse_records(&records(), &RecordOptions::default()).unwrap();
        let est = estimate(&records, &CalibrateOptions::default()).unwrap();
        let scenario = calibrated_scenario(&est, None, "t").unwrap();
        let o = FitOptions {
            replications: 2,
            seed: 5,
            max_steps: 3,
            ..FitOptions::default()
        };
        let search = AvailabilitySearch::new(scenario, &est, o).unwrap();
        let fit = sim_history::calibrate::run_fit(
            search,
            |t| {
                let m =
                    Model::compile(&t.scenario, Limits::default()).map_err(|e| e.to_string())?;
                Ok::<_, String>(sim_core::run_batch(&m, t.seed, 0..t.replications).report(&m))
            },
            |e| e,
        )
        .unwrap();
        let native = Calibration {
            scenario: fit.scenario.clone(),
            availability: Some(fit),
            estimates: est,
        };
        assert_eq!(via_js, serde_json::to_value(&native).unwrap());
        assert_eq!(
            serde_json::from_str::<Value>(&c.estimates_json()).unwrap(),
            via_js["estimates"]
        );
    }

    #[test]
    fn record_errors_are_clear() {
        let e = Calibrator::new(
            "arrival,wait_s,outcome\n2024-01-01T08:00,3,gone\n",
            "",
            "",
            "",
        )
        .err()
        .unwrap();
        let v: Value = serde_json::from_str(&e).unwrap();
        assert_eq!(v["input_error"]["line"], 2, "{e}");
        assert_eq!(v["input_error"]["column"], "outcome", "{e}");
        let e = Calibrator::new(&records(), r#"{"redial_window_minutes":0}"#, "", "")
            .err()
            .unwrap();
        assert!(e.contains("redial window"), "{e}");
    }
}
