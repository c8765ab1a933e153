//! Presentation of a [`Calibration`]: the stdout summary, `estimates.csv`, the scenario file's
//! header, plots and the report.html section. No estimation happens here.

use crate::error::Result;
use crate::html::Html;
use crate::output::{self, csv_num, Align, OutDir, Table};
use crate::plots::{self, Chart, LineChart, Series, XAxis, PALETTE};
use sim_core::dist::DistSpec;
use sim_history::calibrate::compare::FitTable;
use sim_history::calibrate::durations::{density, DurationEstimate};
use sim_history::calibrate::fisher::{ci_of, ParamCi};
use sim_history::calibrate::patience::{survival, PatienceEstimate};
use sim_history::calibrate::{Calibration, TypeEstimate};

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{:.1} %", x * 100.0))
}

fn secs(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{x:.1} s"))
}

/// The fit's other intervals, e.g. "sd 150.2 (146.8–151.7); median …" (the mean is the row's own).
fn other_cis(cis: &[ParamCi]) -> String {
    cis.iter()
        .filter(|c| c.name != "mean")
        .map(|c| match c.ci95 {
            Some([lo, hi]) => format!("{} {:.4} (95 % CI {lo:.4}–{hi:.4})", c.name, c.value),
            None => format!("{} {:.4} (no interval)", c.name, c.value),
        })
        .map(|t| t + "; ")
        .collect()
}

fn num(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{x:.3}"))
}

/// A distribution in the scenario's words.
pub fn dist_text(d: &DistSpec) -> String {
    match d {
        DistSpec::Exponential { mean } => format!("exponential, mean {mean:.1} s"),
        DistSpec::Lognormal { mean, sd } => format!("log-normal, mean {mean:.1} s, sd {sd:.1} s"),
        DistSpec::Gamma { mean, cv } => format!("gamma, mean {mean:.1} s, cv {cv:.3}"),
        DistSpec::Weibull { shape, scale } => {
            format!("Weibull, shape {shape:.3}, scale {scale:.1} s")
        }
        DistSpec::Empirical { samples } => {
            format!(
                "empirical, {} quantiles, mean {:.1} s",
                samples.len(),
                d.mean()
            )
        }
        DistSpec::Constant { value } => format!("constant {value} s"),
        DistSpec::Uniform { min, max } => format!("uniform {min}–{max} s"),
    }
}

/// The per-type table of the summary and the report.
fn types_table(c: &Calibration) -> Table {
    let mut t = Table::new(
        &[
            "type",
            "contacts",
            "first attempts/week",
            "abandoned",
            "handle mean (95 % CI)",
            "handle time",
            "patience KM median (95 % CI)",
            "patience",
            "naive mean of abandoners",
            "redial share (95 % CI)",
        ],
        &[Align::Left; 10],
    );
    for ty in &c.estimates.types {
        let h = ty.handle_time.as_ref();
        let km = &ty.patience.kaplan_meier;
        t.row(vec![
            ty.id.clone(),
            ty.contacts.to_string(),
            format!("{:.0}", ty.arrivals.mean.iter().sum::<f64>()),
            format!(
                "{} ({})",
                ty.abandoned,
                pct(Some(ty.abandoned as f64 / ty.contacts.max(1) as f64))
            ),
            h.map_or("-".into(), |h| {
                format!(
                    "{:.1} s ({:.1}–{:.1})",
                    h.sample_mean, h.mean_ci95[0], h.mean_ci95[1]
                )
            }),
            h.map_or("-".into(), |h| dist_text(&h.dist)),
            format!(
                "{} ({}–{})",
                secs(km.median_s),
                secs(km.median_ci95[0]),
                secs(km.median_ci95[1])
            ),
            ty.patience_dist.as_ref().map_or("none".into(), |d| {
                format!(
                    "{}{}",
                    dist_text(d),
                    if ty.patience_pooled { " (pooled)" } else { "" }
                )
            }),
            secs(ty.patience.naive_mean_of_abandoners_s),
            ty.redials.as_ref().map_or("-".into(), |r| {
                format!(
                    "{} ({}–{})",
                    pct(Some(r.share)),
                    pct(Some(r.share_ci95[0])),
                    pct(Some(r.share_ci95[1]))
                )
            }),
        ]);
    }
    t
}

fn fit_table(f: &FitTable) -> Table {
    let mut t = Table::new(
        &[
            "",
            "offered/day obs",
            "sim",
            "abandonment obs",
            "sim",
            "ASA obs",
            "sim",
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for r in &f.rows {
        t.row(vec![
            r.label.clone(),
            format!("{:.1}", r.observed_offered),
            format!("{:.1}", r.simulated_offered),
            pct(Some(r.observed_abandon_rate)),
            pct(Some(r.simulated_abandon_rate)),
            secs(r.observed_asa_s),
            secs(r.simulated_asa_s),
        ]);
    }
    t
}

fn agreement(f: &FitTable) -> String {
    format!(
        "abandonment: correlation {}, RMSE {}; ASA: correlation {}, RMSE {}",
        num(f.abandon_correlation),
        pct(f.abandon_rmse),
        num(f.asa_correlation),
        secs(f.asa_rmse_s)
    )
}

/// What `ccsim calibrate` prints.
pub fn summary(c: &Calibration) -> String {
    let e = &c.estimates;
    let mut s = format!(
        "Calibrated from {} contacts ({} rows skipped), {} days observed ({} to {}), {}-minute intervals\n\n",
        e.contacts,
        e.skipped,
        e.week.dates.len(),
        e.week.dates.first().map_or(String::new(), |d| d.to_string()),
        e.week.dates.last().map_or(String::new(), |d| d.to_string()),
        e.week.interval_minutes
    );
    s.push_str(&types_table(c).render("  "));
    if let Some(st) = &e.staffing {
        s.push_str(&format!(
            "\nStaffing from agent activity: {} agents named; peak mean agents seen serving {:.1}\n",
            st.agents_named,
            st.mean_seen.iter().copied().fold(0.0, f64::max)
        ));
    }
    if let Some(a) = &c.availability {
        s.push_str(&format!(
            "\nAvailability fit: agents not ready {:.1} % of their time{}\n  observed abandonment {} vs simulated {}; ASA observed {} vs simulated {}\n  per hour: {}\n  per day:  {}\n",
            a.not_ready_share * 100.0,
            a.at_bound.as_ref().map_or(String::new(), |b| format!(" (AT BOUND: {b})")),
            pct(Some(a.observed_abandon_rate)),
            pct(a.simulated_abandon_rate),
            secs(a.observed_asa_s),
            secs(a.simulated_asa_s),
            agreement(&a.fit.per_hour),
            agreement(&a.fit.per_day)
        ));
        s.push('\n');
        s.push_str(&fit_table(&a.fit.per_day).render("  "));
    }
    s
}

/// scenario.toml with a header saying where it comes from.
pub fn scenario_toml(c: &Calibration, source: &str) -> String {
    format!(
        "# Calibrated by `ccsim calibrate` from {source}.\n# Every estimate with its 95 % interval: estimates.csv and calibration.json beside this file.\n\n{}",
        c.scenario.to_toml()
    )
}

/// estimates.csv: one row per estimate.
pub fn estimates_csv(c: &Calibration) -> Result<String> {
    let header: Vec<String> = [
        "contact_type",
        "estimate",
        "value",
        "ci95_lo",
        "ci95_hi",
        "n",
        "note",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row =
        |t: &str, what: &str, v: Option<f64>, ci: Option<[f64; 2]>, n: usize, note: String| {
            rows.push(vec![
                t.into(),
                what.into(),
                csv_num(v),
                csv_num(ci.map(|c| c[0])),
                csv_num(ci.map(|c| c[1])),
                n.to_string(),
                note,
            ]);
        };
    let e = &c.estimates;
    for ty in &e.types {
        type_rows(ty, &|s| e.week.days_of_slot(s), &mut row);
    }
    row(
        "",
        "observed_abandon_rate",
        e.observed_abandon_rate,
        None,
        e.contacts,
        String::new(),
    );
    row(
        "",
        "observed_asa_s",
        e.observed_asa_s,
        None,
        e.contacts,
        String::new(),
    );
    if let Some(st) = &e.staffing {
        row(
            "",
            "agents_named",
            Some(st.agents_named as f64),
            None,
            0,
            "distinct agents seen serving".into(),
        );
        row(
            "",
            "peak_mean_agents_seen",
            Some(st.mean_seen.iter().copied().fold(0.0, f64::max)),
            None,
            0,
            "underestimates logged-in agents (idle agents are invisible)".into(),
        );
    }
    if let Some(a) = &c.availability {
        row(
            "",
            "not_ready_share",
            Some(a.not_ready_share),
            None,
            a.replications as usize,
            a.at_bound
                .clone()
                .unwrap_or_else(|| "fitted by simulation to the observed abandonment".into()),
        );
        row(
            "",
            "simulated_abandon_rate",
            a.simulated_abandon_rate,
            None,
            a.replications as usize,
            String::new(),
        );
        row(
            "",
            "simulated_asa_s",
            a.simulated_asa_s,
            None,
            a.replications as usize,
            String::new(),
        );
        for (scope, f) in [("hour", &a.fit.per_hour), ("day", &a.fit.per_day)] {
            let n = f.rows.len();
            row(
                "",
                &format!("abandon_correlation_per_{scope}"),
                f.abandon_correlation,
                None,
                n,
                String::new(),
            );
            row(
                "",
                &format!("abandon_rmse_per_{scope}"),
                f.abandon_rmse,
                None,
                n,
                String::new(),
            );
            row(
                "",
                &format!("asa_correlation_per_{scope}"),
                f.asa_correlation,
                None,
                n,
                String::new(),
            );
            row(
                "",
                &format!("asa_rmse_s_per_{scope}"),
                f.asa_rmse_s,
                None,
                n,
                String::new(),
            );
        }
    }
    output::to_csv(&header, &rows)
}

type RowFn<'a> = dyn FnMut(&str, &str, Option<f64>, Option<[f64; 2]>, usize, String) + 'a;

fn type_rows(ty: &TypeEstimate, days: &dyn Fn(usize) -> usize, row: &mut RowFn) {
    let id = ty.id.as_str();
    let a = &ty.arrivals;
    let week: f64 = a.mean.iter().sum();
    // mean_s = count_s / days_s, so var(week) = Σ count_s / days_s² = Σ mean_s / days_s
    let var: f64 = a
        .mean
        .iter()
        .enumerate()
        .map(|(s, m)| m / days(s).max(1) as f64)
        .sum();
    let h = 1.959_964 * var.sqrt();
    let (lo, hi) = ((week - h).max(0.0), week + h);
    row(
        id,
        "contacts",
        Some(ty.contacts as f64),
        None,
        ty.contacts,
        String::new(),
    );
    row(
        id,
        "first_attempts_per_week",
        Some(week),
        Some([lo, hi]),
        a.first_attempts,
        "sum of the per-interval means; 95 % CI from the Poisson variance of the counts (normal approximation)"
            .into(),
    );
    row(
        id,
        "abandon_rate",
        Some(ty.abandoned as f64 / ty.contacts.max(1) as f64),
        None,
        ty.contacts,
        String::new(),
    );
    if let Some(h) = &ty.handle_time {
        duration_rows(id, "handle_time", h, row);
    }
    if let Some(w) = &ty.wrap_up {
        duration_rows(id, "wrap_up", w, row);
    }
    let p = &ty.patience;
    let km = &p.kaplan_meier;
    let both = km.median_ci95[0]
        .zip(km.median_ci95[1])
        .map(|(a, b)| [a, b]);
    row(
        id,
        "patience_km_median_s",
        km.median_s,
        both,
        km.waits,
        format!(
            "{} abandoned of {} waits; median CI ends: {:?}",
            km.abandoned, km.waits, km.median_ci95
        ),
    );
    row(
        id,
        "patience_exponential_mean_s",
        p.exponential_mean_ci95.map(|c| (c[0] * c[1]).sqrt()),
        p.exponential_mean_ci95,
        km.abandoned,
        String::new(),
    );
    for f in &p.fits {
        row(
            id,
            &format!("patience_fit_{:?}", f.family).to_lowercase(),
            Some(f.mean_s),
            ci_of(&f.cis, "mean"),
            km.waits,
            format!(
                "{}; {}log-likelihood {:.1}; AIC {:.1}; distance to KM {:.3}; {}",
                dist_text(&f.dist),
                other_cis(&f.cis),
                f.log_likelihood,
                f.aic,
                f.km_distance,
                match (&f.rejected, p.chosen == Some(f.family)) {
                    (_, true) => "CHOSEN".to_string(),
                    (Some(why), _) => format!("rejected: {why}"),
                    (None, _) => "agrees with Kaplan–Meier".to_string(),
                }
            ),
        );
    }
    let chosen_ci = p
        .fits
        .iter()
        .find(|f| !ty.patience_pooled && Some(f.family) == p.chosen)
        .and_then(|f| ci_of(&f.cis, "mean"));
    row(
        id,
        "patience_chosen_mean_s",
        ty.patience_dist.as_ref().map(|d| d.mean()),
        chosen_ci,
        km.waits,
        ty.patience_dist
            .as_ref()
            .map_or("nobody abandoned".into(), |d| {
                format!(
                    "{}{}",
                    dist_text(d),
                    if ty.patience_pooled {
                        " (pooled over types: too few abandonments)"
                    } else if p.chosen == Some(sim_history::calibrate::durations::Family::Empirical)
                    {
                        " (Kaplan–Meier curve: no fit agrees with it)"
                    } else {
                        " (lowest AIC among the fits that agree with Kaplan–Meier)"
                    }
                )
            }),
    );
    row(
        id,
        "naive_mean_wait_of_abandoners_s",
        p.naive_mean_of_abandoners_s,
        None,
        km.abandoned,
        "NOT patience: biased low (for comparison only)".into(),
    );
    if let Some(r) = &ty.redials {
        row(
            id,
            "redial_share",
            Some(r.share),
            Some(r.share_ci95),
            r.abandoned_identified,
            format!(
                "within {:.0} min of abandoning, callers identified",
                r.window_s / 60.0
            ),
        );
        if let Some(d) = &r.delay {
            row(
                id,
                "redial_delay_mean_s",
                Some(d.sample_mean),
                Some(d.mean_ci95),
                d.n,
                dist_text(&d.dist),
            );
        }
    }
}

fn duration_rows(id: &str, what: &str, d: &DurationEstimate, row: &mut RowFn) {
    row(
        id,
        &format!("{what}_mean_s"),
        Some(d.sample_mean),
        Some(d.mean_ci95),
        d.n,
        format!("sample sd {:.1} s; {} zero values", d.sample_sd, d.zeros),
    );
    for f in &d.fits {
        row(
            id,
            &format!("{what}_fit_{:?}", f.family).to_lowercase(),
            Some(f.fitted_mean),
            ci_of(&f.cis, "mean"),
            d.n,
            format!(
                "{}; {}log-likelihood {}; AIC {}; KS {:.4} (limit {:.4}); mean error {:+.1} %; {}",
                dist_text(&f.dist),
                other_cis(&f.cis),
                f.log_likelihood.map_or("-".into(), |v| format!("{v:.1}")),
                f.aic.map_or("-".into(), |v| format!("{v:.1}")),
                f.ks_distance,
                d.ks_limit,
                f.mean_error * 100.0,
                if f.family == d.chosen {
                    "CHOSEN"
                } else if f.acceptable {
                    "acceptable"
                } else {
                    "rejected"
                }
            ),
        );
    }
}

fn index_axis(n: usize, max: f64) -> XAxis {
    let labels = (0..n)
        .map(|i| format!("{:.0}", i as f64 * max / (n - 1) as f64))
        .collect();
    XAxis::Intervals(labels, n)
}

fn series(
    name: &str,
    color: plotters::style::RGBColor,
    points: Vec<(f64, Option<f64>)>,
    step: bool,
) -> Series {
    Series {
        name: name.into(),
        color,
        points,
        band: None,
        step,
    }
}

/// Histogram of handle times (density per second) with the fitted densities.
fn handle_chart(id: &str, values: &[f64], d: &DurationEstimate) -> Chart {
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    let max = v[((v.len() as f64 * 0.99) as usize).min(v.len() - 1)].max(1.0);
    let (n, bins) = (121usize, 40usize);
    let width = max / bins as f64;
    let mut counts = vec![0.0; bins];
    for &x in v.iter().filter(|&&x| x <= max) {
        counts[((x / width) as usize).min(bins - 1)] += 1.0;
    }
    let at = |i: usize| i as f64 * max / (n - 1) as f64;
    let hist = (0..n)
        .map(|i| {
            let b = ((at(i) / width) as usize).min(bins - 1);
            (i as f64, Some(counts[b] / (v.len() as f64 * width)))
        })
        .collect();
    let mut s = vec![series("records (histogram)", PALETTE[7], hist, true)];
    for (k, f) in d.fits.iter().enumerate() {
        if density(&f.dist, 1.0).is_none() {
            continue;
        }
        let pts = (1..n)
            .map(|i| (i as f64, density(&f.dist, at(i))))
            .collect();
        let name = format!(
            "{:?}{}",
            f.family,
            if f.family == d.chosen {
                " (chosen)"
            } else {
                ""
            }
        );
        s.push(series(&name, PALETTE[k % 6], pts, false));
    }
    Chart::Line(LineChart {
        title: format!("Handle time of {id}: records and fitted densities"),
        x_desc: "seconds (up to the 99th percentile)".into(),
        y_desc: "density per second".into(),
        x: index_axis(n, max),
        percent: false,
        series: s,
        hlines: vec![],
        legend_upper: true,
    })
}

/// Kaplan–Meier patience curve with its 95 % band and the fitted survival functions.
fn patience_chart(id: &str, p: &PatienceEstimate) -> Chart {
    let km = &p.kaplan_meier;
    let max = km.max_wait_s.max(1.0);
    let n = 121usize;
    let at = |i: usize| i as f64 * max / (n - 1) as f64;
    let step_at = |i: usize| {
        let t = at(i);
        let k = km.steps.partition_point(|s| s.seconds <= t);
        if k == 0 {
            (1.0, [1.0, 1.0])
        } else {
            (km.steps[k - 1].survival, km.steps[k - 1].ci95)
        }
    };
    let mut line = series(
        "Kaplan–Meier",
        PALETTE[7],
        (0..n).map(|i| (i as f64, Some(step_at(i).0))).collect(),
        true,
    );
    line.band = Some((0..n).map(|i| (i as f64, Some(step_at(i).1))).collect());
    let mut s = vec![line];
    for (k, f) in p.fits.iter().enumerate() {
        let pts = (0..n)
            .map(|i| (i as f64, Some(survival(&f.dist, at(i)))))
            .collect();
        let name = format!(
            "{:?}{}",
            f.family,
            if Some(f.family) == p.chosen {
                " (chosen)"
            } else {
                ""
            }
        );
        s.push(series(&name, PALETTE[k % 6], pts, false));
    }
    Chart::Line(LineChart {
        title: format!("Patience of {id}: share still waiting after t seconds"),
        x_desc: "seconds waited".into(),
        y_desc: "share still willing to wait".into(),
        x: index_axis(n, max),
        percent: true,
        series: s,
        hlines: vec![],
        legend_upper: true,
    })
}

fn fit_chart(f: &FitTable, asa: bool) -> Chart {
    let labels: Vec<String> = f.rows.iter().map(|r| r.label.clone()).collect();
    let pick = |obs: bool| -> Vec<(f64, Option<f64>)> {
        f.rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let v = match (asa, obs) {
                    (false, true) => Some(r.observed_abandon_rate),
                    (false, false) => Some(r.simulated_abandon_rate),
                    (true, true) => r.observed_asa_s,
                    (true, false) => r.simulated_asa_s,
                };
                (i as f64, v)
            })
            .collect()
    };
    let n = labels.len().max(1);
    Chart::Line(LineChart {
        title: format!(
            "{} per hour of the week (hours with contacts): records vs simulation",
            if asa { "ASA" } else { "Abandonment" }
        ),
        x_desc: "hour".into(),
        y_desc: if asa {
            "seconds".into()
        } else {
            "abandoned / offered".into()
        },
        x: XAxis::Intervals(labels, n),
        percent: !asa,
        series: vec![
            series("records", PALETTE[7], pick(true), false),
            series("simulation", PALETTE[0], pick(false), false),
        ],
        hlines: vec![],
        legend_upper: true,
    })
}

/// report.html (plots written into `out` on the way).
pub fn report_html(c: &Calibration, source: &str, out: &mut OutDir) -> Result<String> {
    let mut html = Html::new("ccsim calibration");
    html.h1("Calibration from contact records");
    html.p(&format!("Source: {source}"));
    for l in summary(c).lines().take(1) {
        html.p(l);
    }
    html.note("Every estimate with its 95 % interval is in estimates.csv; the method is in docs/history.md (Calibrate). Patience comes from censored waits (Kaplan–Meier and censored-likelihood fits), never from the mean wait of abandoners, which is shown only to show how biased it is.");
    html.table(&types_table(c));
    for ty in &c.estimates.types {
        html.h2(&format!("Contact type {}", ty.id));
        if let Some(h) = &ty.handle_time {
            let values: Vec<f64> = h_values(c, &ty.id);
            if !values.is_empty() {
                let svg = plots::write_chart(
                    out,
                    &format!("handle-{}", crate::output::file_safe(&ty.id)),
                    &handle_chart(&ty.id, &values, h),
                )?;
                html.svg(&svg);
            }
        }
        if !ty.patience.kaplan_meier.steps.is_empty() {
            let svg = plots::write_chart(
                out,
                &format!("patience-{}", crate::output::file_safe(&ty.id)),
                &patience_chart(&ty.id, &ty.patience),
            )?;
            html.svg(&svg);
        }
    }
    if let Some(a) = &c.availability {
        html.h2("Availability fit: simulated against observed");
        html.p(&format!(
            "Agents not ready {:.1} % of their time (off-phone share in scenario.toml){}.",
            a.not_ready_share * 100.0,
            a.at_bound
                .as_ref()
                .map_or(String::new(), |b| format!(" — at its bound: {b}"))
        ));
        html.p(&format!("Per hour: {}", agreement(&a.fit.per_hour)));
        html.p(&format!("Per day: {}", agreement(&a.fit.per_day)));
        let svg = plots::write_chart(out, "fit-abandonment", &fit_chart(&a.fit.per_hour, false))?;
        html.svg(&svg);
        let svg = plots::write_chart(out, "fit-asa", &fit_chart(&a.fit.per_hour, true))?;
        html.svg(&svg);
        html.table(&fit_table(&a.fit.per_day));
        html.table(&fit_table(&a.fit.per_hour));
    }
    Ok(html.finish())
}

/// The handle-time sample of a type is not kept in the estimate; the histogram is drawn from the
/// empirical quantiles (which are the sample's shape, at most 200 points).
fn h_values(c: &Calibration, id: &str) -> Vec<f64> {
    c.estimates
        .types
        .iter()
        .find(|t| t.id == id)
        .and_then(|t| t.handle_time.as_ref())
        .and_then(|h| {
            h.fits.iter().find_map(|f| match &f.dist {
                DistSpec::Empirical { samples } => Some(samples.clone()),
                _ => None,
            })
        })
        .unwrap_or_default()
}
