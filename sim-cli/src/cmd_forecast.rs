//! `ccsim forecast`: reads an interval history, forecasts the coming days with sim-history (the
//! page calls the same functions) and writes forecast.csv, backtest.csv, scenario.toml, plots and
//! report.html. No forecasting logic lives here.

use crate::cli::{ForecastArgs, OutFormat};
use crate::error::{CliError, Result, EXIT_OK};
use crate::html::Html;
use crate::output::{self, Align, OutDir, Table};
use crate::plots::{self, Chart, LineChart, Series, XAxis, PALETTE};
use crate::source;
use sim_history::chrono;
use sim_history::forecast::{Forecast, TypeForecast};
use sim_history::{
    ColumnMap, ForecastOptions, HistoryOptions, IntervalHistory, MethodChoice, SpecialDays,
    HISTORY_COLUMNS,
};
use std::path::Path;

/// Weeks of history shown before the forecast in the plots.
const PLOT_HISTORY_DAYS: usize = 28;

fn bad(path: &Path, e: sim_history::InputError) -> CliError {
    CliError::invalid(format!("{}: {e}", path.display()))
}

fn flag(e: sim_history::InputError) -> CliError {
    CliError::invalid(e.to_string())
}

pub fn forecast(a: ForecastArgs) -> Result<i32> {
    let columns = ColumnMap::parse(&a.columns, HISTORY_COLUMNS).map_err(flag)?;
    let history_options = HistoryOptions {
        columns,
        default_type: a.contact_type.clone(),
    };
    let text = source::read_text(&a.history, "the history")?;
    let history =
        IntervalHistory::parse(&text, &history_options).map_err(|e| bad(&a.history, e))?;
    let start = sim_history::timestamp::parse_date(&a.start, None)
        .map_err(|m| CliError::invalid(format!("--start `{}`: {m}", a.start)))?;
    let base = a
        .base
        .as_deref()
        .map(|b| source::load(Some(b)))
        .transpose()?;
    let mut options = ForecastOptions::new(start, a.days);
    options.method = MethodChoice::parse(&a.method).map_err(flag)?;
    options.origins = a.origins;
    options.interval_minutes = a
        .interval_minutes
        .or(base.as_ref().map(|b| b.scenario.interval_minutes));
    if let Some(p) = &a.special_days {
        options.special_days = SpecialDays::parse(&source::read_text(p, "the special days")?)
            .map_err(|e| bad(p, e))?;
    }
    let fc = sim_history::forecast(&history, &options).map_err(flag)?;
    let scenario = fc
        .scenario_toml(base.as_ref().map(|b| &b.scenario))
        .map_err(flag)?;
    let history = history.aggregate(fc.interval_minutes).map_err(flag)?;

    let table = backtest_table(&fc);
    let stdout = match a.format {
        OutFormat::Table => {
            let mut s = format!(
                "Forecast of {} days from {} ({}-minute intervals)\n\nRolling-origin backtest \
                 ({} days ahead; WAPE = Σ|a−f|/Σa, bias = Σ(f−a)/Σa, MASE against seasonal naive):\n",
                fc.days, fc.start, fc.interval_minutes, fc.days
            );
            s.push_str(&table.render("  "));
            for w in &fc.warnings {
                s.push_str(&format!("note: {w}\n"));
            }
            s
        }
        OutFormat::Json => output::to_json(&fc)?,
        OutFormat::Csv => fc.to_csv(),
    };
    output::print_stdout(&stdout)?;

    if let Some(dir) = &a.out {
        let mut out = OutDir::create(dir)?;
        out.write("forecast.csv", fc.to_csv().as_bytes())?;
        out.write("backtest.csv", fc.backtest_csv().as_bytes())?;
        out.write("scenario.toml", scenario.as_bytes())?;
        let mut html = Html::new("ccsim forecast");
        html.h1(&format!(
            "Forecast: {} days from {} ({}-minute intervals)",
            fc.days, fc.start, fc.interval_minutes
        ));
        html.p(&format!("History: {}", a.history.display()));
        for w in &fc.warnings {
            html.note(w);
        }
        html.h2("Rolling-origin backtest");
        html.note("Each method forecasts the next days from several origins using only the data before them; missing and special days are not scored. WAPE = Σ|a−f|/Σa (per interval and on daily totals), bias = Σ(f−a)/Σa, MASE = MAE / MAE of seasonal naive. `auto` picks the lowest interval WAPE.");
        html.table(&table);
        for (k, t) in fc.types.iter().enumerate() {
            html.h2(&format!("{} ({})", t.id, t.method.name()));
            html.p(&format!(
                "Forecast total {:.0} contacts; 80 % prediction intervals from a negative binomial with σ² = {:.4}; volume_cv = {:.4}.",
                t.forecast.iter().sum::<f64>(),
                t.dispersion,
                t.volume_cv
            ));
            let chart = chart(&history, &fc, t, PALETTE[k % PALETTE.len()]);
            let svg = plots::write_chart(
                &mut out,
                &format!("forecast-{}", crate::output::file_safe(&t.id)),
                &chart,
            )?;
            html.svg(&svg);
        }
        out.write("report.html", html.finish().as_bytes())?;
        out.report_written(a.quiet);
    }
    Ok(EXIT_OK)
}

fn backtest_table(fc: &Forecast) -> Table {
    let mut t = Table::new(
        &[
            "type",
            "method",
            "origins",
            "days",
            "WAPE interval",
            "WAPE day",
            "bias",
            "MASE",
            "",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
    );
    let pct = |x: f64| {
        if x.is_finite() {
            format!("{:.2} %", x * 100.0)
        } else {
            "–".into()
        }
    };
    for ty in &fc.types {
        for m in &ty.backtest {
            t.row(vec![
                ty.id.clone(),
                m.method.name().into(),
                m.origins.to_string(),
                m.days_scored.to_string(),
                pct(m.wape_interval),
                pct(m.wape_day),
                pct(m.bias),
                if m.mase.is_finite() {
                    format!("{:.3}", m.mase)
                } else {
                    "–".into()
                },
                if m.method == ty.method {
                    "← used"
                } else {
                    ""
                }
                .into(),
            ]);
        }
    }
    t
}

/// The last weeks of history, then the forecast with its 80 % band, on one interval axis.
fn chart(
    h: &IntervalHistory,
    fc: &Forecast,
    t: &TypeForecast,
    color: plotters::style::RGBColor,
) -> Chart {
    let ipd = fc.intervals_per_day();
    let first = fc.start - chrono::Days::new(PLOT_HISTORY_DAYS as u64);
    let n_days = PLOT_HISTORY_DAYS + fc.days;
    let step = fc.interval_minutes as i64;
    let midnight = first.and_hms_opt(0, 0, 0).expect("midnight");
    let labels: Vec<String> = (0..n_days * ipd)
        .map(|i| {
            (midnight + chrono::Duration::minutes(i as i64 * step))
                .format("%a %m-%d")
                .to_string()
        })
        .collect();
    let th = h.find_type(&t.id);
    let mut hist = Vec::with_capacity(PLOT_HISTORY_DAYS * ipd);
    for d in 0..PLOT_HISTORY_DAYS {
        let date = first + chrono::Days::new(d as u64);
        let idx = (date - h.first_day).num_days();
        for p in 0..ipd {
            let v = th.and_then(|th| {
                (idx >= 0 && (idx as usize) < h.n_days && th.day_has_data[idx as usize])
                    .then(|| th.offered[idx as usize * ipd + p])
            });
            hist.push(((d * ipd + p) as f64, v));
        }
    }
    let off = PLOT_HISTORY_DAYS * ipd;
    let fc_points = t
        .forecast
        .iter()
        .enumerate()
        .map(|(i, f)| ((off + i) as f64, Some(*f)))
        .collect();
    let band = (0..t.forecast.len())
        .map(|i| ((off + i) as f64, Some([t.lo80[i], t.hi80[i]])))
        .collect();
    Chart::Line(LineChart {
        title: format!(
            "{}: history, forecast ({}) and 80 % interval",
            t.id,
            t.method.name()
        ),
        x_desc: "interval".into(),
        y_desc: "offered contacts per interval".into(),
        x: XAxis::Intervals(labels, ipd),
        percent: false,
        series: vec![
            Series {
                name: "history".into(),
                color: PALETTE[7],
                points: hist,
                band: None,
                step: false,
            },
            Series {
                name: "forecast".into(),
                color,
                points: fc_points,
                band: Some(band),
                step: false,
            },
        ],
        hlines: Vec::new(),
        legend_upper: true,
    })
}
