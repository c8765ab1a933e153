//! The day as it stands (`docs/intraday.md`, "The projected day"): the scenario's day, the
//! day's actuals so far, the re-forecast of the rest of the day applied to the model, what-ifs
//! applied, and the start state checked against the result. Everything an intraday run needs,
//! built once and shared by the CLI and the page.

use super::reforecast::{reforecast, ReforecastMethod};
use super::whatif::TodayWhatIf;
use crate::error::InputError;
use crate::history::IntervalHistory;
use serde::Serialize;
use sim_core::intraday::{day_scenario, plan, StartPlan, StartState};
use sim_core::scenario::Scenario;
use sim_core::{Limits, Model};

/// One finished interval's actuals of one contact type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct IntervalActual {
    pub offered: f64,
    /// Answered (handled) contacts; `NaN` when the file has no `handled` column.
    pub handled: f64,
    /// `NaN` when the file has no `abandoned` column.
    pub abandoned: f64,
    /// `NaN` when the file has no `answered_in_sl` column.
    pub answered_in_sl: f64,
    /// `NaN` when unknown.
    pub asa_s: f64,
}

/// One contact type's day: forecast, actuals so far and re-forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDay {
    pub id: String,
    /// The scenario's expected offered contacts per interval of the day (first contacts reaching
    /// the queue: arrivals × (1 − self-service deflection)).
    pub forecast: Vec<f64>,
    /// The actuals of the finished intervals (before the clock); empty without actuals.
    pub actuals: Vec<IntervalActual>,
    /// The day re-forecast: actual offered for the finished intervals, the method's forecast for
    /// the rest (equal to `forecast` without actuals).
    pub reforecast: Vec<f64>,
    /// Day-level volume uncertainty (cv) kept for the rest of the day.
    pub volume_cv: f64,
}

/// Everything an intraday run needs.
#[derive(Debug, Clone)]
pub struct Today {
    /// The day's model: the re-forecast and the what-ifs applied.
    pub model: Model,
    /// The start state, checked against `model`.
    pub plan: StartPlan,
    /// First interval of the day in the model's horizon.
    pub day_first_interval: usize,
    /// Intervals per day.
    pub intervals: usize,
    /// Finished intervals of the day at the clock time (the actuals cover `0 … finished − 1`).
    pub finished: usize,
    /// The service-level threshold per type (seconds).
    pub sl_threshold_s: Vec<f64>,
    pub types: Vec<TypeDay>,
    /// The method's name (`keep`, `ratio`, `profile`), for reports.
    pub method: String,
    /// The what-if's text (empty for the baseline).
    pub whatif: String,
}

/// What a day is built from.
pub struct TodayInput<'a> {
    pub scenario: &'a Scenario,
    pub state: &'a StartState,
    /// The day's interval actuals (the interval-history format); the last date in the file is
    /// the day. `None`: no re-forecast, and no whole-day figures.
    pub actuals: Option<&'a IntervalHistory>,
    pub method: &'a ReforecastMethod,
    /// Per contact type (scenario order), weights per interval of the day for `profile`
    /// (`None`, or `None` for a type: the forecast's own shape), e.g. [`super::weekday_profile`]
    /// of a history.
    pub profile: Option<&'a [Option<Vec<f64>>]>,
}

impl Today {
    /// Builds the day; every problem is an error naming the field or file.
    pub fn build(input: &TodayInput, whatif: &TodayWhatIf) -> Result<Today, InputError> {
        let day = input.state.day.unwrap_or(1);
        let scenario = day_scenario(input.scenario, day);
        let mut model = Model::compile(&scenario, Limits::default())
            .map_err(|e| InputError::file(format!("scenario: {e}")))?;
        if day == 0 || day > input.scenario.days {
            return Err(state_error(&format!(
                "day: must be a day of the scenario's horizon, 1 … {}, got {day}",
                input.scenario.days
            )));
        }
        let ipd = model.intervals_per_day;
        let first = (day as usize - 1) * ipd;
        let clock = sim_core::intraday::parse_time_of_day(&input.state.clock)
            .filter(|t| *t < 86_400.0)
            .ok_or_else(|| {
                state_error(&format!(
                    "clock: must be a time of day \"HH:MM\" or \"HH:MM:SS\" before 24:00, got \"{}\"",
                    input.state.clock
                ))
            })?;
        let finished = (clock / model.interval_s).floor() as usize;
        let actuals = match input.actuals {
            Some(h) => Some(day_actuals(h, &model, finished)?),
            None => None,
        };
        let mut types = Vec::with_capacity(model.types.len());
        for (t, ty) in model.types.iter_mut().enumerate() {
            let keep = 1.0 - ty.deflection_share();
            let forecast: Vec<f64> = (0..ipd)
                .map(|i| ty.rate_per_s[first + i] * model.interval_s * keep)
                .collect();
            let acts = actuals.as_ref().map(|a| a[t].clone()).unwrap_or_default();
            let (refc, cv) = match &actuals {
                None => (forecast.clone(), ty.volume_cv),
                Some(_) => {
                    let offered: Vec<f64> = acts.iter().map(|a| a.offered).collect();
                    let profile = input
                        .profile
                        .and_then(|p| p.get(t))
                        .and_then(|v| v.as_deref());
                    let r = reforecast(input.method, &forecast, &offered, profile)?;
                    let cv = posterior_cv(ty.volume_cv, input.method, offered.iter().sum());
                    (r, cv)
                }
            };
            // the rest of the day follows the re-forecast
            for i in finished..ipd {
                if forecast[i] > 0.0 {
                    ty.rate_per_s[first + i] *= refc[i] / forecast[i];
                } else if refc[i] > 0.0 && keep > 0.0 {
                    ty.rate_per_s[first + i] = refc[i] / model.interval_s / keep;
                }
            }
            ty.volume_cv = cv;
            types.push(TypeDay {
                id: ty.id.clone(),
                forecast,
                actuals: acts,
                reforecast: refc,
                volume_cv: cv,
            });
        }
        let clock_s = clock + first as f64 * model.interval_s;
        whatif.apply_before_plan(&mut model, clock_s)?;
        let mut plan = plan(&model, input.state).map_err(|e| state_error(&e.to_string()))?;
        whatif.apply_after_plan(&mut model, &mut plan)?;
        let sl_threshold_s = model.types.iter().map(|t| t.sl_threshold_s).collect();
        Ok(Today {
            model,
            plan,
            day_first_interval: first,
            intervals: ipd,
            finished,
            sl_threshold_s,
            types,
            method: if input.actuals.is_some() {
                input.method.label()
            } else {
                "none (no actuals)".into()
            },
            whatif: whatif.text.clone(),
        })
    }
}

/// The uncertainty of the day's volume left after seeing `seen` contacts: with a gamma day
/// factor of cv `c` (shape 1/c²) and Poisson counts, the factor given the day so far is gamma
/// with shape 1/c² + seen, so cv 1/√(1/c² + seen). `keep` uses nothing and keeps `c`.
fn posterior_cv(cv: f64, method: &ReforecastMethod, seen: f64) -> f64 {
    if cv <= 0.0 || matches!(method, ReforecastMethod::Keep) {
        return cv;
    }
    1.0 / (1.0 / (cv * cv) + seen).sqrt()
}

fn state_error(message: &str) -> InputError {
    InputError::option("--state", "", message.to_string())
}

/// The date of the actuals' day (the file's last date).
pub fn actuals_date(h: &IntervalHistory) -> chrono::NaiveDate {
    h.date(h.n_days - 1)
}

/// The actuals of the finished intervals of the file's last day, per scenario contact type.
fn day_actuals(
    h: &IntervalHistory,
    model: &Model,
    finished: usize,
) -> Result<Vec<Vec<IntervalActual>>, InputError> {
    let scenario_minutes = (model.interval_s / 60.0).round() as u32;
    let h = if h.interval_minutes == scenario_minutes {
        h.clone()
    } else {
        h.aggregate(scenario_minutes).map_err(|e| {
            InputError::file(format!(
                "the actuals have {}-minute intervals, the scenario {scenario_minutes}-minute ones: {}",
                h.interval_minutes, e.message
            ))
        })?
    };
    for t in &h.types {
        if !model.types.iter().any(|x| x.id == t.id) {
            let known: Vec<&str> = model.types.iter().map(|x| x.id.as_str()).collect();
            return Err(InputError::file(format!(
                "the actuals have contact type `{}`, which is not in the scenario (its types: {})",
                t.id,
                known.join(", ")
            )));
        }
    }
    let ipd = h.intervals_per_day();
    let d = h.n_days - 1;
    let mut out = Vec::with_capacity(model.types.len());
    for ty in &model.types {
        let mut v = vec![IntervalActual::default(); finished];
        if let Some(t) = h.find_type(&ty.id) {
            for (i, a) in v.iter_mut().enumerate() {
                let k = d * ipd + i;
                let get = |x: &Option<Vec<f64>>| x.as_ref().map_or(f64::NAN, |v| v[k]);
                *a = IntervalActual {
                    offered: t.offered[k],
                    handled: get(&t.handled),
                    abandoned: get(&t.abandoned),
                    answered_in_sl: get(&t.answered_in_sl),
                    asa_s: get(&t.asa_s),
                };
            }
        } else {
            for a in v.iter_mut() {
                let nan = f64::NAN;
                *a = IntervalActual {
                    offered: 0.0,
                    handled: 0.0,
                    abandoned: 0.0,
                    answered_in_sl: 0.0,
                    asa_s: nan,
                };
            }
        }
        out.push(v);
    }
    Ok(out)
}
