//! `ccsim compare BASE VARIANT`: paired differences with common random numbers.

use crate::cli::{CompareArgs, OutFormat};
use crate::error::{CliError, Result, EXIT_INTERRUPTED, EXIT_OK};
use crate::html::Html;
use crate::output::{
    self, csv_num, fmt_diff, fmt_diff_ci, fmt_half_width, fmt_kpi, Align, OutDir, Table,
};
use crate::plots::{self, Chart, LineChart, Series, XAxis, PALETTE};
use crate::runner::{self, Progress};
use crate::source;
use serde_json::json;
use sim_core::kpi::{self, Show};
use sim_core::{compare as paired, KpiDiff, Report, Scope};

/// Rows of the default table: KPIs sim-core's catalogue shows by default (headline or
/// happening), and only when they are not 0 in both runs.
fn shown(d: &KpiDiff, all: bool) -> bool {
    let nonzero = d.base.is_some_and(|x| x != 0.0) || d.variant.is_some_and(|x| x != 0.0);
    if all {
        d.base.is_some() || d.variant.is_some()
    } else {
        nonzero && kpi::def_of(&d.kpi).is_some_and(|def| def.show != Show::OnRequest)
    }
}

/// "overall", "type voice", "group fraud": a type and a group may share an id.
fn scope_label(d: &KpiDiff) -> String {
    match d.scope {
        Scope::Overall => "overall".into(),
        s => format!("{} {}", s.name(), d.id),
    }
}

pub fn diff_table(diffs: &[KpiDiff], all: bool) -> Table {
    let mut t = Table::new(
        &[
            "scope",
            "KPI",
            "base",
            "variant",
            "difference",
            "paired 95 % CI",
            "unpaired ±",
            "significant",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
    );
    for d in diffs.iter().filter(|d| shown(d, all)) {
        t.row(vec![
            scope_label(d),
            d.kpi.clone(),
            fmt_kpi(&d.kpi, d.base),
            fmt_kpi(&d.kpi, d.variant),
            fmt_diff(&d.kpi, d.diff),
            fmt_diff_ci(&d.kpi, d.ci95),
            fmt_half_width(&d.kpi, d.unpaired_half_width),
            if d.significant { "yes" } else { "no" }.to_string(),
        ]);
    }
    t
}

fn diffs_csv(diffs: &[KpiDiff]) -> Result<String> {
    let header: Vec<String> = [
        "scope",
        "id",
        "kpi",
        "base",
        "variant",
        "diff",
        "ci95_lo",
        "ci95_hi",
        "unpaired_half_width",
        "significant",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = diffs
        .iter()
        .map(|d| {
            vec![
                d.scope.name().to_string(),
                d.id.clone(),
                d.kpi.clone(),
                csv_num(d.base),
                csv_num(d.variant),
                csv_num(d.diff),
                csv_num(d.ci95.map(|c| c[0])),
                csv_num(d.ci95.map(|c| c[1])),
                csv_num(d.unpaired_half_width),
                d.significant.to_string(),
            ]
        })
        .collect();
    output::to_csv(&header, &rows)
}

pub fn compare(a: CompareArgs) -> Result<i32> {
    let limits = source::limits(&a.model)?;
    let base_src = source::load(Some(&a.base))?;
    let var_src = source::load(Some(&a.variant))?;
    let base_s = source::prepare(&base_src, &a.model, None)?;
    let mut var_s = source::prepare(&var_src, &a.model, None)?;
    for e in &a.variant_set {
        let (p, v) = source::split_assignment(e)?;
        var_s = source::set_path(&var_s, p, source::parse_value(v))?;
    }
    let base = source::compile(&base_src.label, &base_s, limits)?;
    let variant = source::compile(&var_src.label, &var_s, limits)?;
    if a.replications < 2 {
        return Err(CliError::invalid(
            "--replications: a paired comparison needs at least 2 replications",
        ));
    }
    runner::init_threads(a.exec.threads);
    let reps: Vec<u32> = (0..a.replications).collect();
    let progress = Progress::new(reps.len() as u64, a.exec.quiet, "comparing");
    let (batches, stopped) = runner::run_models(&[&base, &variant], a.exec.seed, &reps, &progress)?;
    progress.finish();
    let (bb, vb) = match batches.as_slice() {
        [x, y] => (x, y),
        _ => return Err(CliError::failed("internal: missing results")),
    };
    if stopped {
        eprintln!(
            "ccsim: interrupted after {} of {} paired replications; the comparison is PARTIAL",
            bb.summary.count(),
            reps.len()
        );
    }
    let diffs = paired(&bb.summary, &vb.summary);
    let base_r = bb.summary.report(&base);
    let var_r = vb.summary.report(&variant);
    let doc = json!({
        "base": {"source": base_src.label, "scenario": base.name},
        "variant": {"source": var_src.label, "scenario": variant.name},
        "replications": bb.summary.count(),
        "requested": a.replications,
        "partial": stopped,
        "seed": a.exec.seed,
        "diffs": diffs,
    });
    let headline = format!(
        "Base:    {} ({})\nVariant: {} ({})\n{} paired replications with common random numbers, seed {}{}\n\
         (difference = variant - base; significant when the paired 95 % CI excludes 0; \"unpaired ±\" \
         is the half-width two independent runs would give)",
        base.name,
        base_src.label,
        variant.name,
        var_src.label,
        bb.summary.count(),
        a.exec.seed,
        if stopped { "\nPARTIAL RESULT (interrupted)" } else { "" }
    );
    let table = diff_table(&diffs, a.all_kpis);
    let text = match a.output.format {
        OutFormat::Table => format!("{headline}\n\n{}", table.render("")),
        OutFormat::Json => output::to_json(&doc)?,
        OutFormat::Csv => diffs_csv(&diffs)?,
    };
    output::print_stdout(&text)?;
    if let Some(dir) = &a.output.out {
        let mut out = OutDir::create(dir)?;
        out.write("comparison.json", output::to_json(&doc)?.as_bytes())?;
        out.write("comparison.csv", diffs_csv(&diffs)?.as_bytes())?;
        let mut html = Html::new(&format!(
            "ccsim comparison: {} vs {}",
            base.name, variant.name
        ));
        html.h1(&format!("{} vs {}", base.name, variant.name));
        for l in headline.lines() {
            html.p(l);
        }
        html.h2("Differences");
        html.table(&diff_table(&diffs, a.all_kpis));
        html.h2("Service level by interval");
        let chart = sl_chart(&base_r, &var_r, &base);
        let svg = plots::write_chart(&mut out, "compare_service_level", &chart)?;
        html.svg(&svg);
        out.write("report.html", html.finish().as_bytes())?;
        out.report_written(a.exec.quiet);
    }
    Ok(if stopped { EXIT_INTERRUPTED } else { EXIT_OK })
}

fn sl_chart(b: &Report, v: &Report, model: &sim_core::Model) -> Chart {
    let first = crate::present::measured_from(model);
    let series = |r: &Report, name: &str, color| Series {
        name: name.to_string(),
        color,
        points: r.by_interval[first.min(r.by_interval.len())..]
            .iter()
            .map(|iv| {
                (
                    iv.interval as f64,
                    iv.kpis.get("service_level").and_then(|s| s.mean),
                )
            })
            .collect(),
        band: Some(
            r.by_interval[first.min(r.by_interval.len())..]
                .iter()
                .map(|iv| {
                    (
                        iv.interval as f64,
                        iv.kpis.get("service_level").and_then(|s| s.ci95),
                    )
                })
                .collect(),
        ),
        step: true,
    };
    let labels: Vec<String> = b.by_interval.iter().map(|iv| iv.label.clone()).collect();
    Chart::Line(LineChart {
        title: "Service level by interval: base vs variant".into(),
        x_desc: "interval of arrival".into(),
        y_desc: "service level".into(),
        x: XAxis::Intervals(labels, model.intervals_per_day),
        percent: true,
        series: vec![
            series(b, &format!("base: {}", b.scenario), PALETTE[0]),
            series(v, &format!("variant: {}", v.scenario), PALETTE[1]),
        ],
        hlines: vec![],
        legend_upper: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(scope: Scope, id: &str, kpi: &str, base: f64) -> KpiDiff {
        KpiDiff {
            scope,
            id: id.into(),
            kpi: kpi.into(),
            base: Some(base),
            variant: Some(base + 0.01),
            diff: Some(0.01),
            ci95: Some([0.0, 0.02]),
            unpaired_half_width: Some(0.05),
            significant: false,
        }
    }

    /// A contact type and an agent group may share an id (`fraud` in multi-skill-bank): the rows
    /// say which one they are about.
    #[test]
    fn rows_name_their_scope() {
        let d = [
            diff(Scope::Overall, "", "service_level", 0.8),
            diff(Scope::Type, "fraud", "service_level", 0.7),
            diff(Scope::Group, "fraud", "occupancy", 0.9),
        ];
        let csv = diffs_csv(&d).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("scope,id,kpi,base,"), "{csv}");
        assert!(lines[1].starts_with("overall,,service_level,0.8,"), "{csv}");
        assert!(
            lines[2].starts_with("type,fraud,service_level,0.7,"),
            "{csv}"
        );
        assert!(lines[3].starts_with("group,fraud,occupancy,0.9,"), "{csv}");
        let t = diff_table(&d, false).render("");
        assert!(t.contains("type fraud") && t.contains("group fraud"), "{t}");
    }
}
