//! `ccsim sweep`: KPIs against one parameter (a scenario field or a scale).

use crate::cli::{OutFormat, SweepArgs};
use crate::error::{CliError, Result, EXIT_INTERRUPTED, EXIT_OK};
use crate::html::Html;
use crate::output::{self, csv_num, fmt_ci, fmt_kpi, fmt_short, Align, OutDir, Table};
use crate::plots::{self, Chart, HLine, LineChart, Series, XAxis, PALETTE, TARGET_COLOR};
use crate::runner::{self, Progress};
use crate::source;
use serde_json::json;
use sim_core::stats::Describe;
use sim_core::whatif::WhatIf;
use sim_core::{Model, Report, Scenario};

/// KPIs of the sweep table and CSV.
const KPIS: &[&str] = &[
    "service_level",
    "abandon_rate",
    "asa_s",
    "occupancy",
    "offered",
    "handled",
];
/// KPIs of the sweep table.
const TABLE_KPIS: &[&str] = &["service_level", "abandon_rate", "asa_s", "occupancy"];
/// KPIs of the sweep plot (all shares).
const PLOTTED: &[&str] = &["service_level", "abandon_rate", "occupancy"];

/// Parses FROM..TO, FROM..TO:STEP or a,b,c.
pub fn parse_range(s: &str) -> Result<Vec<f64>> {
    let bad = |why: &str| {
        CliError::invalid(format!(
            "range \"{s}\": {why}; write FROM..TO (step 1), FROM..TO:STEP or a list a,b,c, e.g. 8..20 or 0.8..1.4:0.1"
        ))
    };
    let num = |x: &str| -> Result<f64> {
        x.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad(&format!("\"{}\" is not a number", x.trim())))
    };
    let vals: Vec<f64> = if let Some((from, rest)) = s.split_once("..") {
        let (to, step) = match rest.split_once(':') {
            Some((t, st)) => (num(t)?, num(st)?),
            None => (num(rest)?, 1.0),
        };
        let from = num(from)?;
        if step <= 0.0 {
            return Err(bad("the step must be > 0"));
        }
        if to < from {
            return Err(bad("TO is smaller than FROM"));
        }
        let n = ((to - from) / step + 1e-9).floor() as u64 + 1;
        if n > 1000 {
            return Err(bad(&format!("{n} points is too many (at most 1000)")));
        }
        (0..n)
            .map(|k| {
                let v = from + k as f64 * step;
                // 0.1 steps: 0.8 + 3·0.1 = 1.1000000000000003 → 1.1
                (v * 1e9).round() / 1e9
            })
            .collect()
    } else if s.contains(',') {
        s.split(',').map(num).collect::<Result<Vec<_>>>()?
    } else {
        vec![num(s)?]
    };
    if vals.is_empty() {
        return Err(bad("no values"));
    }
    Ok(vals)
}

/// What is varied.
enum Axis {
    Field(String),
    Volume,
    Aht,
    Shrinkage,
}

impl Axis {
    fn name(&self) -> String {
        match self {
            Axis::Field(p) => p.clone(),
            Axis::Volume => "volume scale".into(),
            Axis::Aht => "handle time scale".into(),
            Axis::Shrinkage => "added absence (pp)".into(),
        }
    }

    fn apply(&self, s: &Scenario, v: f64) -> Result<Scenario> {
        match self {
            Axis::Field(p) => source::set_path(s, p, source::number_value(v)),
            Axis::Volume => Ok(WhatIf {
                volume_scale: Some(v),
                ..Default::default()
            }
            .apply(s)),
            Axis::Aht => Ok(WhatIf {
                aht_scale: Some(v),
                ..Default::default()
            }
            .apply(s)),
            Axis::Shrinkage => Ok(WhatIf {
                shrinkage_pp: Some(v),
                ..Default::default()
            }
            .apply(s)),
        }
    }
}

struct Point {
    value: f64,
    report: Report,
}

pub fn sweep(a: SweepArgs) -> Result<i32> {
    let src = source::load(Some(&a.scenario))?;
    // the swept parameter: one --set with a range, or one of the scale flags
    let mut axes: Vec<(Axis, Vec<f64>)> = Vec::new();
    let mut base = src.scenario.clone();
    for e in &a.model.set {
        let (p, v) = source::split_assignment(e)?;
        let looks_like_range =
            v.contains("..") || (v.contains(',') && !v.trim_start().starts_with('['));
        if looks_like_range {
            axes.push((Axis::Field(p.to_string()), parse_range(v)?));
        } else {
            base = source::set_path(&base, p, source::parse_value(v))?;
        }
    }
    for (flag, axis) in [
        (&a.scale_volume, Axis::Volume),
        (&a.scale_aht, Axis::Aht),
        (&a.add_shrinkage, Axis::Shrinkage),
    ] {
        if let Some(r) = flag {
            axes.push((axis, parse_range(r)?));
        }
    }
    let (axis, values) = match axes.len() {
        1 => axes.pop().ok_or_else(|| CliError::failed("internal"))?,
        0 => {
            return Err(CliError::invalid(
                "nothing to sweep: give --set PATH=FROM..TO (e.g. agent_groups.team.staffing.constant=8..20), \
                 --scale-volume RANGE, --scale-aht RANGE or --add-shrinkage RANGE",
            ))
        }
        _ => {
            return Err(CliError::invalid(
                "sweep one parameter at a time: only one --set may have a range, and not together with a --scale-* or --add-shrinkage range",
            ))
        }
    };
    if a.replications < 2 {
        return Err(CliError::invalid(
            "--replications: at least 2 per point (for confidence intervals)",
        ));
    }
    let limits = source::limits(&a.model)?;
    // compile every point first: a bad value stops before any simulation
    let mut models: Vec<(f64, Model)> = Vec::new();
    for &v in &values {
        let s = axis.apply(&base, v)?;
        let m = source::compile(
            &format!("{} with {} = {}", src.label, axis.name(), fmt_short(v)),
            &s,
            limits,
        )?;
        models.push((v, m));
    }
    runner::init_threads(a.exec.threads);
    let reps: Vec<u32> = (0..a.replications).collect();
    let progress = Progress::new((reps.len() * models.len()) as u64, a.exec.quiet, "sweeping");
    let mut points = Vec::new();
    let mut stopped = false;
    for (v, m) in &models {
        if runner::interrupted() {
            stopped = true;
            break;
        }
        let (b, st) = runner::run_models(&[m], a.exec.seed, &reps, &progress)?;
        let Some(b) = b.into_iter().next() else { break };
        if b.summary.count() > 0 {
            points.push(Point {
                value: *v,
                report: b.summary.report(m),
            });
        }
        if st {
            stopped = true;
            break;
        }
    }
    progress.finish();
    if stopped {
        eprintln!(
            "ccsim: interrupted: {} of {} points simulated; the sweep is PARTIAL",
            points.len(),
            models.len()
        );
    }
    let model0 = &models[0].1;
    let name = axis.name();
    let doc = json!({
        "scenario": model0.name,
        "source": src.label,
        "parameter": name,
        "replications": a.replications,
        "seed": a.exec.seed,
        "partial": stopped,
        "points": points.iter().map(|p| json!({
            "value": p.value,
            "replications": p.report.replications,
            "kpis": p.report.kpis,
            "by_type": p.report.by_type,
            "by_group": p.report.by_group,
            "targets": p.report.targets,
        })).collect::<Vec<_>>(),
    });
    let table = sweep_table(&name, &points);
    let headline = format!(
        "{}: sweep of {name}, {} replications per point (same seeds at every point), seed {}{}",
        model0.name,
        a.replications,
        a.exec.seed,
        if stopped {
            "\nPARTIAL RESULT (interrupted)"
        } else {
            ""
        }
    );
    let text = match a.output.format {
        OutFormat::Table => format!("{headline}\n(mean [95 % CI])\n\n{}", table.render("")),
        OutFormat::Json => output::to_json(&doc)?,
        OutFormat::Csv => sweep_csv(&name, &points)?,
    };
    output::print_stdout(&text)?;
    if let Some(dir) = &a.output.out {
        let mut out = OutDir::create(dir)?;
        out.write("sweep.json", output::to_json(&doc)?.as_bytes())?;
        out.write("sweep.csv", sweep_csv(&name, &points)?.as_bytes())?;
        let chart = sweep_chart(&name, &points, model0);
        let svg = plots::write_chart(&mut out, "sweep", &chart)?;
        let mut html = Html::new(&format!("ccsim sweep: {}", model0.name));
        html.h1(&format!("{}: {name}", model0.name));
        for l in headline.lines() {
            html.p(l);
        }
        html.svg(&svg);
        html.h2("Results (mean [95 % CI])");
        html.table(&table);
        out.write("report.html", html.finish().as_bytes())?;
        out.report_written(a.exec.quiet);
    }
    Ok(if stopped { EXIT_INTERRUPTED } else { EXIT_OK })
}

fn kpi<'a>(r: &'a Report, k: &str) -> Option<&'a Describe> {
    r.kpis.get(k)
}

fn targets_met(r: &Report) -> String {
    if r.targets.is_empty() {
        return "-".into();
    }
    let met = r.targets.iter().filter(|t| t.met == Some(true)).count();
    format!("{met} of {}", r.targets.len())
}

fn sweep_table(name: &str, points: &[Point]) -> Table {
    let mut header: Vec<&str> = vec![name];
    header.extend(TABLE_KPIS);
    header.push("targets met (mean)");
    let mut align = vec![Align::Right; header.len()];
    align[header.len() - 1] = Align::Left;
    let mut t = Table::new(&header, &align);
    for p in points {
        let mut row = vec![fmt_short(p.value)];
        for k in TABLE_KPIS {
            let d = kpi(&p.report, k);
            row.push(format!(
                "{} {}",
                fmt_kpi(k, d.and_then(|d| d.mean)),
                fmt_ci(k, d.and_then(|d| d.ci95))
            ));
        }
        row.push(targets_met(&p.report));
        t.row(row);
    }
    t
}

fn sweep_csv(name: &str, points: &[Point]) -> Result<String> {
    let mut header = vec![
        "parameter".to_string(),
        "value".to_string(),
        "replications".to_string(),
    ];
    for k in KPIS {
        header.push(format!("{k}_mean"));
        header.push(format!("{k}_ci95_lo"));
        header.push(format!("{k}_ci95_hi"));
    }
    // per type service level and abandonment
    let types: Vec<String> = points
        .first()
        .map(|p| {
            p.report
                .by_type
                .0
                .iter()
                .map(|(id, _)| id.clone())
                .collect()
        })
        .unwrap_or_default();
    for t in &types {
        for k in ["service_level", "abandon_rate"] {
            header.push(format!("{t}.{k}_mean"));
            header.push(format!("{t}.{k}_ci95_lo"));
            header.push(format!("{t}.{k}_ci95_hi"));
        }
    }
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            let mut r = vec![
                name.to_string(),
                format!("{}", p.value),
                p.report.replications.to_string(),
            ];
            let mut push = |d: Option<&Describe>| {
                r.push(csv_num(d.and_then(|d| d.mean)));
                r.push(csv_num(d.and_then(|d| d.ci95.map(|c| c[0]))));
                r.push(csv_num(d.and_then(|d| d.ci95.map(|c| c[1]))));
            };
            for k in KPIS {
                push(kpi(&p.report, k));
            }
            for t in &types {
                for k in ["service_level", "abandon_rate"] {
                    push(p.report.by_type.get(t).and_then(|x| x.kpis.get(k)));
                }
            }
            r
        })
        .collect();
    output::to_csv(&header, &rows)
}

fn sweep_chart(name: &str, points: &[Point], model: &Model) -> Chart {
    let series = PLOTTED
        .iter()
        .enumerate()
        .map(|(i, k)| Series {
            name: format!("{} (mean, 95 % CI)", k.replace('_', " ")),
            color: PALETTE[i],
            points: points
                .iter()
                .map(|p| (p.value, kpi(&p.report, k).and_then(|d| d.mean)))
                .collect(),
            band: Some(
                points
                    .iter()
                    .map(|p| (p.value, kpi(&p.report, k).and_then(|d| d.ci95)))
                    .collect(),
            ),
            step: false,
        })
        .collect();
    let mut hlines: Vec<HLine> = Vec::new();
    for t in &model.types {
        if let Some(v) = t.sl_target {
            hlines.push(HLine {
                name: format!("service level target {:.0} % ({})", v * 100.0, t.id),
                value: v,
                color: TARGET_COLOR,
            });
        }
        if let Some(v) = t.max_abandon_rate {
            hlines.push(HLine {
                name: format!("max abandonment {:.1} % ({})", v * 100.0, t.id),
                value: v,
                color: PALETTE[3],
            });
        }
    }
    hlines.dedup_by(|a, b| a.value == b.value && a.color == b.color);
    Chart::Line(LineChart {
        title: format!("KPIs against {name}: {}", model.name),
        x_desc: name.to_string(),
        y_desc: "share (overall)".into(),
        x: XAxis::Numeric,
        percent: true,
        series,
        hlines,
        legend_upper: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range("8..12").unwrap(),
            vec![8.0, 9.0, 10.0, 11.0, 12.0]
        );
        assert_eq!(
            parse_range("0.8..1.1:0.1").unwrap(),
            vec![0.8, 0.9, 1.0, 1.1]
        );
        assert_eq!(parse_range("1,3,7").unwrap(), vec![1.0, 3.0, 7.0]);
        assert!(parse_range("5..1").is_err());
        assert!(parse_range("1..5:0").is_err());
        assert!(parse_range("a..b").is_err());
    }
}
