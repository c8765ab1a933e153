//! `ccsim intraday`: the rest of the day from the center's state. Reads the scenario, the state
//! and the day's actuals, lets sim-history build the day (re-forecast, what-ifs, start plan),
//! runs the replications in parallel and writes what sim-history's report says. No model,
//! re-forecast or KPI logic lives here (the page calls the same library).

use crate::cli::{IntradayArgs, OutFormat};
use crate::error::{CliError, Result, EXIT_OK};
use crate::html::Html;
use crate::output::{self, Align, OutDir, Table};
use crate::plots::{self, Chart, LineChart, Series, XAxis, PALETTE};
use crate::runner::{self, Progress};
use crate::source;
use rayon::prelude::*;
use serde::Serialize;
use sim_core::intraday::StartState;
use sim_history::intraday::{
    actuals_date, intraday_backtest, run_today, weekday_profile, Estimate, IntradayBacktest,
    IntradayOptions, ReforecastMethod, Today, TodayDelta, TodayInput, TodayRep, TodayReport,
    TodayWhatIf, TypeKpis,
};
use sim_history::{ColumnMap, HistoryOptions, IntervalHistory, HISTORY_COLUMNS};

/// What `--format json` prints and today.json holds.
#[derive(Serialize)]
struct Document<'a> {
    report: &'a TodayReport,
    whatifs: &'a [TodayDelta],
}

fn input_err(what: &str, e: sim_history::InputError) -> CliError {
    CliError::invalid(format!("{what}: {e}"))
}

pub fn intraday(a: IntradayArgs) -> Result<i32> {
    runner::init_threads(a.exec.threads);
    if a.replications < 2 {
        return Err(CliError::invalid(
            "--replications: at least 2 are needed for a confidence interval",
        ));
    }
    let src = source::load(Some(&a.scenario))?;
    let state_text = source::read_text(&a.state, "the state")?;
    let state = StartState::parse_json(&state_text)
        .map_err(|e| CliError::invalid(format!("{}: {e}", a.state.display())))?;
    let method = ReforecastMethod::parse(&a.method).map_err(|e| input_err("--method", e))?;
    let columns =
        ColumnMap::parse(&a.columns, HISTORY_COLUMNS).map_err(|e| input_err("--columns", e))?;
    let options = HistoryOptions {
        columns,
        default_type: a.contact_type.clone(),
    };
    let read = |p: &std::path::Path, what: &str| -> Result<IntervalHistory> {
        let text = source::read_text(p, what)?;
        IntervalHistory::parse(&text, &options).map_err(|e| input_err(&p.display().to_string(), e))
    };
    let actuals = a
        .actuals
        .as_deref()
        .map(|p| read(p, "the actuals"))
        .transpose()?;
    let history = a
        .history
        .as_deref()
        .map(|p| read(p, "the history"))
        .transpose()?;
    // the history's same-weekday profile of the actuals' day, per scenario type, for `profile`
    let profile: Option<Vec<Option<Vec<f64>>>> = match (&history, &actuals) {
        (Some(h), Some(act)) => {
            let minutes = src.scenario.interval_minutes;
            let h = h
                .aggregate(minutes)
                .map_err(|e| input_err("--history", e))?;
            let date = actuals_date(act);
            Some(
                src.scenario
                    .contact_types
                    .iter()
                    .map(|t| {
                        weekday_profile(&h, &t.id, date, IntradayOptions::default().profile_weeks)
                    })
                    .collect(),
            )
        }
        _ => None,
    };
    let backtest = history
        .as_ref()
        .map(|h| intraday_backtest(h, &IntradayOptions::default()))
        .transpose()
        .map_err(|e| input_err("--history", e))?;
    let input = TodayInput {
        scenario: &src.scenario,
        state: &state,
        actuals: actuals.as_ref(),
        method: &method,
        profile: profile.as_deref(),
    };
    let state_label = a.state.display().to_string();
    let build = |w: &TodayWhatIf| {
        Today::build(&input, w).map_err(|e| CliError::invalid(format!("{state_label}: {e}")))
    };
    let base = build(&TodayWhatIf::none())?;
    let mut variants = Vec::new();
    for text in &a.whatif {
        let w = TodayWhatIf::parse(text).map_err(|e| input_err("--whatif", e))?;
        variants.push(build(&w)?);
    }

    let days: Vec<&Today> = std::iter::once(&base).chain(&variants).collect();
    let progress = Progress::new(
        a.replications as u64 * days.len() as u64,
        a.exec.quiet,
        "rest of the day",
    );
    let seed = a.exec.seed;
    let mut all: Vec<Vec<TodayRep>> = Vec::with_capacity(days.len());
    for d in &days {
        let reps: Vec<Option<TodayRep>> = (0..a.replications)
            .into_par_iter()
            .map(|r| {
                if runner::interrupted() {
                    return None;
                }
                let x = run_today(d, seed, r);
                progress.inc();
                Some(x)
            })
            .collect();
        // a run never loses finished work: keep the replications completed before a Ctrl-C,
        // in order up to the first missing one (so the variants stay paired)
        let done: Vec<TodayRep> = reps.into_iter().map_while(|x| x).collect();
        all.push(done);
    }
    progress.finish();
    let n = all.iter().map(Vec::len).min().unwrap_or(0);
    if n < 2 {
        return Err(CliError::failed(
            "interrupted before two replications finished: nothing to report",
        ));
    }
    let interrupted = n < a.replications as usize;
    let report = TodayReport::new(&base, &state.clock, &all[0][..n]);
    let deltas: Vec<TodayDelta> = variants
        .iter()
        .enumerate()
        .map(|(k, v)| TodayDelta::new(&base, &all[0][..n], v, &all[k + 1][..n]))
        .collect();
    if interrupted {
        eprintln!(
            "ccsim: interrupted: reporting the {n} of {} replications that finished",
            a.replications
        );
    }

    let doc = Document {
        report: &report,
        whatifs: &deltas,
    };
    let stdout = match a.output.format {
        OutFormat::Table => {
            let mut s = text_report(&report, &deltas);
            if let Some(b) = &backtest {
                s.push_str("\nRe-forecast backtest on the history (WAPE of the rest of the day, all cuts):\n");
                s.push_str(&backtest_table(b).render("  "));
            }
            s
        }
        OutFormat::Json => output::to_json(&doc)?,
        OutFormat::Csv => intervals_csv(&report)?,
    };
    output::print_stdout(&stdout)?;

    if let Some(dir) = &a.output.out {
        let mut out = OutDir::create(dir)?;
        out.write("today.json", output::to_json(&doc)?.as_bytes())?;
        out.write("intervals.csv", intervals_csv(&report)?.as_bytes())?;
        out.write("whatifs.csv", whatifs_csv(&deltas)?.as_bytes())?;
        if let Some(b) = &backtest {
            out.write("backtest.csv", b.rows_csv().as_bytes())?;
        }
        let mut html = Html::new("ccsim intraday");
        html.h1(&format!(
            "{} — the rest of the day from {}",
            src.scenario.name, report.clock
        ));
        html.p(&format!(
            "{} replications from the state in {}; re-forecast: {}; {} finished intervals of actuals.",
            report.replications, state_label, report.method, report.finished_intervals
        ));
        html.note("Whole day = the actuals of the finished intervals + the projection of the rest (contacts waiting at the clock counted once, with their projected outcome). Rest of day = every contact whose outcome is decided after the clock. ± = half-width of the 95 % confidence interval over replications. Definitions: docs/kpis.md, section Intraday.");
        html.table(&kpi_table(&report));
        if let Some(b) = &backtest {
            html.h2("Re-forecast backtest on the history");
            html.note("Each scored day of the history is forecast from the days before it (weekday mean), then re-forecast from every hourly cut by each method; WAPE = Σ|actual − re-forecast| / Σ actual over the rest of the day, pooled over days and cuts. Per cut: backtest.csv.");
            html.table(&backtest_table(b));
        }
        if !deltas.is_empty() {
            html.h2("What-ifs (against the baseline, same random numbers)");
            html.table(&delta_table(&deltas));
        }
        for (k, t) in report.types.iter().enumerate() {
            html.h2(&format!("{} by interval", t.id));
            let svg = plots::write_chart(
                &mut out,
                &format!("day-{}", output::file_safe(&t.id)),
                &day_chart(&report, k),
            )?;
            html.svg(&svg);
        }
        out.write("report.html", html.finish().as_bytes())?;
        out.report_written(a.exec.quiet);
    }
    Ok(if interrupted {
        crate::error::EXIT_INTERRUPTED
    } else {
        EXIT_OK
    })
}

fn backtest_table(b: &IntradayBacktest) -> Table {
    let mut t = Table::new(
        &["type", "method", "day × cuts", "WAPE", "bias"],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for o in &b.overall {
        t.row(vec![
            o.contact_type.clone(),
            o.method.clone(),
            o.day_cuts.to_string(),
            format!("{:.2} %", o.wape * 100.0),
            format!("{:+.2} %", o.bias * 100.0),
        ]);
    }
    t
}

fn pct(e: &Estimate) -> String {
    if e.mean.is_finite() {
        if e.ci95_half_width.is_finite() {
            format!("{:.1} % ± {:.1}", e.mean * 100.0, e.ci95_half_width * 100.0)
        } else {
            format!("{:.1} %", e.mean * 100.0)
        }
    } else {
        "–".into()
    }
}

fn secs(e: &Estimate) -> String {
    if e.mean.is_finite() {
        format!("{:.0} s ± {:.0}", e.mean, e.ci95_half_width)
    } else {
        "–".into()
    }
}

fn count(e: &Estimate) -> String {
    if e.mean.is_finite() {
        format!("{:.0} ± {:.0}", e.mean, e.ci95_half_width)
    } else {
        "–".into()
    }
}

fn kpi_table(r: &TodayReport) -> Table {
    let mut t = Table::new(
        &[
            "type",
            "span",
            "offered",
            "service level",
            "abandoned",
            "ASA",
            "waiting at clock",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for ty in &r.types {
        let mut row = |span: &str, k: &TypeKpis, carried: String| {
            t.row(vec![
                ty.id.clone(),
                span.into(),
                count(&k.offered),
                pct(&k.service_level),
                pct(&k.abandon_rate),
                secs(&k.asa_s),
                carried,
            ])
        };
        if let Some(w) = &ty.whole_day {
            row("whole day", w, String::new());
        }
        row("rest of day", &ty.rest_of_day, ty.carried.to_string());
    }
    t
}

fn pp(e: &Estimate) -> String {
    if e.mean.is_finite() {
        format!(
            "{:+.2} pp [{:+.2}, {:+.2}]{}",
            e.mean * 100.0,
            (e.mean - e.ci95_half_width) * 100.0,
            (e.mean + e.ci95_half_width) * 100.0,
            star(e)
        )
    } else {
        "–".into()
    }
}

/// `*` when the 95 % interval of a difference excludes 0.
fn star(e: &Estimate) -> &'static str {
    if e.ci95_half_width.is_finite() && e.mean.abs() > e.ci95_half_width {
        " *"
    } else {
        ""
    }
}

fn delta_table(d: &[TodayDelta]) -> Table {
    let mut t = Table::new(
        &[
            "what-if",
            "type",
            "service level",
            "abandoned",
            "ASA",
            "cost",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for w in d {
        for (k, (id, x)) in w.types.iter().enumerate() {
            t.row(vec![
                if k == 0 {
                    w.whatif.clone()
                } else {
                    String::new()
                },
                id.clone(),
                pp(&x.service_level),
                pp(&x.abandon_rate),
                if x.asa_s.mean.is_finite() {
                    format!(
                        "{:+.0} s ± {:.0}{}",
                        x.asa_s.mean,
                        x.asa_s.ci95_half_width,
                        star(&x.asa_s)
                    )
                } else {
                    "–".into()
                },
                if k == 0 {
                    format!(
                        "{:+.0} ± {:.0}{}",
                        w.cost.mean,
                        w.cost.ci95_half_width,
                        star(&w.cost)
                    )
                } else {
                    String::new()
                },
            ]);
        }
    }
    t
}

fn text_report(r: &TodayReport, d: &[TodayDelta]) -> String {
    let mut s = format!(
        "The rest of the day from {} ({} replications; re-forecast: {}; {} finished intervals of actuals)\n\n",
        r.clock, r.replications, r.method, r.finished_intervals
    );
    s.push_str(&kpi_table(r).render("  "));
    s.push_str(&format!("\n  cost from the clock: {}\n", count(&r.cost)));
    let occ: Vec<String> = r
        .groups
        .iter()
        .map(|g| format!("{} {}", g.id, pct(&g.occupancy)))
        .collect();
    s.push_str(&format!("  occupancy from the clock: {}\n", occ.join(", ")));
    if !d.is_empty() {
        s.push_str("\nWhat-ifs (variant − baseline, 95 % CI, * = significant):\n");
        s.push_str(&delta_table(d).render("  "));
    }
    s
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{}", (x * 1e6).round() / 1e6)
    } else {
        String::new()
    }
}

fn clock_of(i: usize, minutes: f64) -> String {
    let m = (i as f64 * minutes).round() as u64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn intervals_csv(r: &TodayReport) -> Result<String> {
    let header: Vec<String> = [
        "contact_type",
        "interval_start",
        "part",
        "forecast",
        "reforecast",
        "offered",
        "offered_p5",
        "offered_p95",
        "service_level",
        "service_level_p5",
        "service_level_p95",
        "abandon_rate",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    for t in &r.types {
        for x in &t.intervals {
            rows.push(vec![
                t.id.clone(),
                clock_of(x.interval, r.interval_minutes),
                if x.actual { "actual" } else { "projected" }.into(),
                num(x.forecast),
                num(x.reforecast),
                num(x.offered_mean),
                num(x.offered_p5),
                num(x.offered_p95),
                num(x.service_level_mean),
                num(x.service_level_p5),
                num(x.service_level_p95),
                num(x.abandon_rate_mean),
            ]);
        }
    }
    output::to_csv(&header, &rows)
}

fn whatifs_csv(d: &[TodayDelta]) -> Result<String> {
    let header: Vec<String> = [
        "whatif",
        "contact_type",
        "kpi",
        "delta",
        "ci95_half_width",
        "significant",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    for w in d {
        for (id, k) in &w.types {
            for (name, e) in [
                ("service_level", &k.service_level),
                ("abandon_rate", &k.abandon_rate),
                ("asa_s", &k.asa_s),
                ("offered", &k.offered),
            ] {
                rows.push(vec![
                    w.whatif.clone(),
                    id.clone(),
                    name.into(),
                    num(e.mean),
                    num(e.ci95_half_width),
                    (!star(e).is_empty()).to_string(),
                ]);
            }
        }
        rows.push(vec![
            w.whatif.clone(),
            String::new(),
            "cost".into(),
            num(w.cost.mean),
            num(w.cost.ci95_half_width),
            (!star(&w.cost).is_empty()).to_string(),
        ]);
    }
    output::to_csv(&header, &rows)
}

/// Offered contacts per interval: actual (finished intervals), then projected with its 5–95 %
/// band, and the original forecast for reference.
fn day_chart(r: &TodayReport, k: usize) -> Chart {
    let t = &r.types[k];
    let n = t.intervals.len();
    let labels: Vec<String> = (0..n).map(|i| clock_of(i, r.interval_minutes)).collect();
    let x = |i: usize| i as f64;
    let actual = Series {
        name: "actual offered".into(),
        color: PALETTE[0],
        points: t
            .intervals
            .iter()
            .map(|v| (x(v.interval), v.actual.then_some(v.offered_mean)))
            .collect(),
        band: None,
        step: true,
    };
    let projected = Series {
        name: "projected offered (mean, 5–95 % band)".into(),
        color: PALETTE[1],
        points: t
            .intervals
            .iter()
            .map(|v| (x(v.interval), (!v.actual).then_some(v.offered_mean)))
            .collect(),
        band: Some(
            t.intervals
                .iter()
                .map(|v| {
                    (
                        x(v.interval),
                        (!v.actual).then_some([v.offered_p5, v.offered_p95]),
                    )
                })
                .collect(),
        ),
        step: true,
    };
    let forecast = Series {
        name: "original forecast".into(),
        color: PALETTE[7],
        points: t
            .intervals
            .iter()
            .map(|v| (x(v.interval), Some(v.forecast)))
            .collect(),
        band: None,
        step: true,
    };
    Chart::Line(LineChart {
        title: format!(
            "{}: offered contacts, actual to {} then projected",
            t.id, r.clock
        ),
        x_desc: "time of day".into(),
        y_desc: "contacts per interval".into(),
        x: XAxis::Intervals(labels, n),
        percent: false,
        series: vec![forecast, actual, projected],
        hlines: vec![],
        legend_upper: true,
    })
}
