//! Presenting a run's report: tables, CSV, interval and replication files, plots and the HTML
//! page. Used by `run` and `merge` (which must produce identical files).

use crate::error::Result;
use crate::html::Html;
use crate::output::{self, csv_num, fmt_ci, fmt_kpi, Align, OutDir, Table};
use crate::plots::{
    self, Chart, HLine, Histogram, LineChart, Series, XAxis, PALETTE, TARGET_COLOR,
};
use crate::runner::Batch;
use sim_core::kpi::{self, CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS};
use sim_core::report::{IntervalReport, Named, Report};
use sim_core::stats::Describe;
use sim_core::Model;

/// The rows of a KPI table: every defined KPI with `all`, else those sim-core's catalogue shows by
/// default (headline KPIs, and the others that happen in this run).
fn select(named: &Named<Describe>, all: bool) -> Vec<(&str, &Describe)> {
    named
        .0
        .iter()
        .filter(|(k, d)| {
            if all {
                d.n > 0
            } else {
                kpi::def_of(k).is_some_and(|def| def.show.in_default_table(d.mean, d.max))
            }
        })
        .map(|(k, d)| (k.as_str(), d))
        .collect()
}

fn kpi_table(rows: &[(&str, &Describe)]) -> Table {
    let mut t = Table::new(
        &["KPI", "mean", "95 % CI", "p5", "p95"],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for (k, d) in rows {
        t.row(vec![
            k.to_string(),
            fmt_kpi(k, d.mean),
            fmt_ci(k, d.ci95),
            fmt_kpi(k, d.p5),
            fmt_kpi(k, d.p95),
        ]);
    }
    t
}

/// Headline of a report.
pub fn headline(r: &Report) -> String {
    let mut s = format!(
        "{}: {} replications, seed {}, {} events simulated",
        r.scenario, r.replications, r.seed, r.events
    );
    if r.partial {
        s.push_str(&format!(
            "\nPARTIAL RESULT: {} of {} requested replications finished",
            r.replications, r.requested
        ));
    }
    s
}

/// All tables of a report, titled.
pub fn report_tables(r: &Report, all: bool) -> Vec<(String, Table)> {
    let mut out = Vec::new();
    out.push(("Overall".to_string(), kpi_table(&select(&r.kpis, all))));
    for (id, t) in &r.by_type.0 {
        out.push((
            format!("Contact type {id} ({})", t.channel),
            kpi_table(&select(&t.kpis, all)),
        ));
    }
    for (id, g) in &r.by_group.0 {
        out.push((
            format!("Agent group {id} ({} agents)", g.agents),
            kpi_table(&select(&g.kpis, all)),
        ));
    }
    if !r.targets.is_empty() {
        let mut t = Table::new(
            &[
                "contact type",
                "KPI",
                "target",
                "mean",
                "met on average",
                "replications that missed it",
            ],
            &[
                Align::Left,
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Left,
                Align::Right,
            ],
        );
        for x in &r.targets {
            let met = match x.met {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "-",
            };
            t.row(vec![
                x.id.clone(),
                x.kpi.clone(),
                format!("{} {}", x.rule.symbol(), fmt_kpi(&x.kpi, Some(x.target))),
                fmt_kpi(&x.kpi, x.mean),
                met.to_string(),
                format!(
                    "{} of {} ({:.1} %)",
                    x.missed_replications,
                    r.replications,
                    x.missed_share * 100.0
                ),
            ]);
        }
        out.push(("Targets".to_string(), t));
    }
    out
}

/// The report as text tables.
pub fn report_text(r: &Report, all: bool) -> String {
    let mut s = headline(r);
    s.push_str("\n(mean and 95 % confidence interval of the mean over replications; p5 and p95 across replications)\n");
    for (title, t) in report_tables(r, all) {
        s.push('\n');
        s.push_str(&title);
        s.push('\n');
        s.push_str(&t.render("  "));
    }
    s
}

/// The report's scalar KPIs as CSV (one row per scope and KPI).
pub fn report_csv(r: &Report) -> Result<String> {
    let header: Vec<String> = [
        "scope", "id", "kpi", "n", "mean", "sd", "ci95_lo", "ci95_hi", "p5", "p95", "min", "max",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    let mut push = |scope: &str, id: &str, named: &Named<Describe>| {
        for (k, d) in &named.0 {
            rows.push(vec![
                scope.to_string(),
                id.to_string(),
                k.clone(),
                d.n.to_string(),
                csv_num(d.mean),
                csv_num(d.sd),
                csv_num(d.ci95.map(|c| c[0])),
                csv_num(d.ci95.map(|c| c[1])),
                csv_num(d.p5),
                csv_num(d.p95),
                csv_num(d.min),
                csv_num(d.max),
            ]);
        }
    };
    push("overall", "", &r.kpis);
    for (id, t) in &r.by_type.0 {
        push("type", id, &t.kpis);
    }
    for (id, g) in &r.by_group.0 {
        push("group", id, &g.kpis);
    }
    output::to_csv(&header, &rows)
}

/// Per-interval statistics as CSV: one row per interval and series (all types, then each type).
pub fn intervals_csv(r: &Report) -> Result<String> {
    let mut header: Vec<String> = ["interval", "start_s", "label", "series", "forecast_erlangs"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for d in INTERVAL_KPIS {
        header.push(format!("{}_mean", d.id));
        header.push(format!("{}_ci95_lo", d.id));
        header.push(format!("{}_ci95_hi", d.id));
    }
    let mut rows = Vec::new();
    for iv in &r.by_interval {
        let mut series: Vec<(&str, &Named<sim_core::summary::IntervalStat>)> =
            vec![("all", &iv.kpis)];
        series.extend(iv.by_type.0.iter().map(|(id, n)| (id.as_str(), n)));
        for (k, (name, stats)) in series.into_iter().enumerate() {
            let mut row = vec![
                iv.interval.to_string(),
                format!("{}", iv.start_s),
                iv.label.clone(),
                name.to_string(),
                if k == 0 {
                    format!("{}", iv.forecast_erlangs)
                } else {
                    String::new()
                },
            ];
            for d in INTERVAL_KPIS {
                let st = stats.get(d.id);
                row.push(csv_num(st.and_then(|s| s.mean)));
                row.push(csv_num(st.and_then(|s| s.ci95.map(|c| c[0]))));
                row.push(csv_num(st.and_then(|s| s.ci95.map(|c| c[1]))));
            }
            rows.push(row);
        }
    }
    output::to_csv(&header, &rows)
}

/// Every replication's KPIs as CSV.
pub fn replications_csv(b: &Batch) -> Result<String> {
    let s = &b.summary;
    let mut header = vec!["replication".to_string(), "events".to_string()];
    header.extend(kpi::overall_names().iter().map(|k| k.to_string()));
    for t in &s.type_ids {
        header.extend(CONTACT_KPIS.iter().map(|d| format!("{t}.{}", d.id)));
    }
    for g in &s.group_ids {
        header.extend(GROUP_KPIS.iter().map(|d| format!("{g}.{}", d.id)));
    }
    let days = b
        .daily_service_level
        .values()
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    header.extend((1..=days).map(|d| format!("day{d}.service_level")));
    let mut rows = Vec::new();
    for (r, k) in &s.replications {
        let mut row = vec![r.to_string(), k.events.to_string()];
        row.extend(k.overall.values().iter().map(|v| csv_num(Some(*v))));
        for t in &k.by_type {
            row.extend(t.values().iter().map(|v| csv_num(Some(*v))));
        }
        for g in &k.by_group {
            row.extend(g.values().iter().map(|v| csv_num(Some(*v))));
        }
        let daily = b.daily_service_level.get(r);
        for d in 0..days {
            row.push(csv_num(daily.and_then(|x| x.get(d).copied().flatten())));
        }
        rows.push(row);
    }
    output::to_csv(&header, &rows)
}

/// First interval with measurements (after the warm-up): sim-plan's definition.
pub fn measured_from(model: &Model) -> usize {
    sim_plan::first_measured_interval(model)
}

fn interval_labels(r: &Report) -> Vec<String> {
    let one_day =
        r.by_interval.len() <= 96 && r.by_interval.last().is_some_and(|x| x.start_s < 86_400.0);
    r.by_interval
        .iter()
        .map(|iv| {
            if one_day {
                iv.label
                    .split_once(' ')
                    .map_or(iv.label.clone(), |x| x.1.to_string())
            } else {
                iv.label.clone()
            }
        })
        .collect()
}

fn interval_series(
    ivs: &[IntervalReport],
    name: &str,
    color: plotters::style::RGBColor,
    pick: impl Fn(&IntervalReport) -> Option<&sim_core::summary::IntervalStat>,
    band: bool,
) -> Series {
    let points = ivs
        .iter()
        .map(|iv| (iv.interval as f64, pick(iv).and_then(|s| s.mean)))
        .collect();
    let band = band.then(|| {
        ivs.iter()
            .map(|iv| (iv.interval as f64, pick(iv).and_then(|s| s.ci95)))
            .collect()
    });
    Series {
        name: name.to_string(),
        color,
        points,
        band,
        step: true,
    }
}

/// Target lines of one KPI from the report's targets ("target 80 % (voice)").
fn target_lines(r: &Report, kpi_name: &str) -> Vec<HLine> {
    let mut lines: Vec<HLine> = Vec::new();
    for t in r.targets.iter().filter(|t| t.kpi == kpi_name) {
        let v = t.target;
        if let Some(l) = lines.iter_mut().find(|l| l.value == v) {
            l.name.push_str(&format!(", {}", t.id));
            continue;
        }
        lines.push(HLine {
            name: format!("target {} ({}", fmt_kpi(kpi_name, Some(v)), t.id),
            value: v,
            color: TARGET_COLOR,
        });
    }
    for l in &mut lines {
        l.name.push(')');
    }
    lines
}

/// The plots of a run: (file base name, chart).
pub fn run_charts(r: &Report, b: &Batch, model: &Model) -> Vec<(String, Chart)> {
    let labels = interval_labels(r);
    // the warm-up is not measured: leave it out of the plots
    let first = measured_from(model);
    let ivs = &r.by_interval[first.min(r.by_interval.len())..];
    let mut charts = Vec::new();
    for (kpi_name, base, title) in [
        (
            "service_level",
            "service_level",
            "Service level by interval",
        ),
        (
            "abandon_rate",
            "abandonment",
            "Abandonment rate by interval",
        ),
    ] {
        let mut series = vec![interval_series(
            ivs,
            "all contacts (mean, 95 % CI)",
            PALETTE[0],
            |iv| iv.kpis.get(kpi_name),
            true,
        )];
        if r.by_type.0.len() > 1 {
            for (k, (id, _)) in r.by_type.0.iter().enumerate() {
                let id2 = id.clone();
                series.push(interval_series(
                    ivs,
                    id,
                    PALETTE[(k + 1) % PALETTE.len()],
                    move |iv| iv.by_type.get(&id2).and_then(|n| n.get(kpi_name)),
                    false,
                ));
            }
        }
        charts.push((
            base.to_string(),
            Chart::Line(LineChart {
                title: format!("{title}: {}", r.scenario),
                x_desc: "interval of arrival".into(),
                y_desc: kpi_name.replace('_', " "),
                x: XAxis::Intervals(labels.clone(), model.intervals_per_day),
                percent: true,
                series,
                hlines: target_lines(r, kpi_name),
                legend_upper: kpi_name != "service_level",
            }),
        ));
    }
    charts.push((
        "offered_handled".to_string(),
        Chart::Line(LineChart {
            title: format!("Offered vs handled contacts by interval: {}", r.scenario),
            x_desc: "interval".into(),
            y_desc: "contacts per interval".into(),
            x: XAxis::Intervals(labels, model.intervals_per_day),
            percent: false,
            series: vec![
                interval_series(
                    ivs,
                    "offered (mean, 95 % CI)",
                    PALETTE[0],
                    |iv| iv.kpis.get("offered"),
                    true,
                ),
                interval_series(
                    ivs,
                    "handled (mean, 95 % CI)",
                    PALETTE[2],
                    |iv| iv.kpis.get("handled"),
                    true,
                ),
            ],
            hlines: vec![],
            legend_upper: true,
        }),
    ));
    let days = b
        .daily_service_level
        .values()
        .map(|d| d.iter().filter(|x| x.is_some()).count())
        .max()
        .unwrap_or(0);
    charts.push((
        "service_level_histogram".to_string(),
        Chart::Hist(Histogram {
            title: format!(
                "Daily service level across {} replications{}: {}",
                r.replications,
                if days > 1 {
                    format!(" × {days} days")
                } else {
                    String::new()
                },
                r.scenario
            ),
            x_desc: "service level of the day (all contacts)".into(),
            values: b.daily_values(),
            percent: true,
            vlines: target_lines(r, "service_level"),
        }),
    ));
    charts
}

/// Writes summary.json, intervals.csv, replications.csv, the plots and report.html.
pub fn write_run_outputs(
    out: &mut OutDir,
    model: &Model,
    b: &Batch,
    r: &Report,
    all: bool,
) -> Result<()> {
    out.write("summary.json", output::to_json(r)?.as_bytes())?;
    out.write("intervals.csv", intervals_csv(r)?.as_bytes())?;
    out.write("replications.csv", replications_csv(b)?.as_bytes())?;
    let mut html = Html::new(&format!("ccsim report: {}", r.scenario));
    html.h1(&r.scenario);
    html.p(&headline(r));
    if let Some(d) = &model.description {
        html.note(d);
    }
    html.note("Means with 95 % confidence intervals of the mean over replications; p5 and p95 are the 5th and 95th percentiles across replications.");
    // for a reader in a hurry: targets and the overall table first, then the plots, then details
    let tables = report_tables(r, all);
    let (first, rest): (Vec<_>, Vec<_>) = tables
        .into_iter()
        .partition(|(title, _)| title == "Targets" || title == "Overall");
    for (title, t) in first.iter().rev() {
        html.h2(title);
        html.table(t);
    }
    html.h2("Plots");
    for (base, chart) in run_charts(r, b, model) {
        let svg = plots::write_chart(out, &base, &chart)?;
        html.svg(&svg);
    }
    for (title, t) in &rest {
        html.h2(title);
        html.table(t);
    }
    out.write("report.html", html.finish().as_bytes())?;
    Ok(())
}
