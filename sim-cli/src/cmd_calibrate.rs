//! `ccsim calibrate`: a scenario from contact records. The estimators and the availability fit are
//! sim-history's (the page runs the same ones); this command reads the file, runs the fit's
//! simulation steps on rayon threads and writes the outputs (presentation in `calibrate_view`).

use crate::calibrate_view as view;
use crate::cli::CalibrateArgs;
use crate::error::{CliError, Result, EXIT_INTERRUPTED, EXIT_OK};
use crate::output::{self, OutDir};
use crate::runner::{self, Progress};
use crate::source;
use sim_core::{Limits, Report};
use sim_history::calibrate::{
    calibrated_scenario, estimate, run_fit, AvailabilitySearch, CalibrateOptions, Calibration,
    FitOptions, Trial,
};
use sim_history::records::{parse_records, RecordOptions};

pub fn calibrate(a: CalibrateArgs) -> Result<i32> {
    let label = a.records.display().to_string();
    let bytes = std::fs::read(&a.records)
        .map_err(|e| CliError::invalid(format!("cannot read records file {label}: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::invalid(format!("{label}: the file is not UTF-8 text")))?;
    let bad = |e: sim_history::InputError| CliError::invalid(format!("{label}: {e}"));
    let options =
        RecordOptions::parse(&a.columns, &a.values, a.date_format.as_deref()).map_err(bad)?;
    let records = parse_records(&text, &options).map_err(bad)?;
    let base = match &a.base {
        Some(b) => Some(source::load(Some(b))?),
        None => None,
    };
    let interval_minutes = a
        .interval_minutes
        .or(base.as_ref().map(|b| b.scenario.interval_minutes))
        .unwrap_or(30);
    if !(a.redial_window_minutes.is_finite() && a.redial_window_minutes > 0.0) {
        return Err(CliError::invalid(format!(
            "--redial-window-minutes {}: must be a positive number of minutes",
            a.redial_window_minutes
        )));
    }
    let copts = CalibrateOptions {
        interval_minutes,
        redial_window_s: a.redial_window_minutes * 60.0,
    };
    let estimates = estimate(&records, &copts).map_err(bad)?;
    let name = format!(
        "Calibrated from {}",
        a.records
            .file_name()
            .map_or(label.clone(), |f| f.to_string_lossy().into())
    );
    let scenario =
        calibrated_scenario(&estimates, base.as_ref().map(|b| &b.scenario), &name).map_err(bad)?;
    source::compile("calibrated scenario", &scenario, Limits::default())?;
    let fit_options = FitOptions {
        replications: a.replications,
        seed: a.exec.seed,
        max_steps: a.max_steps,
        ..FitOptions::default()
    };
    let search = AvailabilitySearch::new(scenario.clone(), &estimates, fit_options)
        .map_err(|e| CliError::invalid(e.to_string()))?;
    runner::init_threads(a.exec.threads);
    let progress = Progress::new(
        a.replications as u64 * a.max_steps as u64,
        a.exec.quiet,
        "availability fit",
    );
    let simulate = |t: &Trial| -> Result<Report> {
        let m = source::compile("calibrated scenario", &t.scenario, Limits::default())?;
        progress.set_message(format!(
            "availability fit: step {} of at most {} (not ready {:.1} %)",
            t.step,
            t.max_steps,
            t.not_ready_share * 100.0
        ));
        runner::run_report(&m, t.seed, t.replications, &progress)?
            .ok_or_else(|| CliError::failed("interrupted"))
    };
    let fit = run_fit(search, simulate, CliError::failed);
    progress.finish();
    let fit = match fit {
        Ok(f) => f,
        Err(_) if runner::interrupted() => {
            eprintln!("ccsim: interrupted during the availability fit; nothing was written");
            return Ok(EXIT_INTERRUPTED);
        }
        Err(e) => return Err(e),
    };
    let calibration = Calibration {
        scenario: fit.scenario.clone(),
        availability: Some(fit),
        estimates,
    };
    output::print_stdout(&view::summary(&calibration))?;
    let mut out = OutDir::create(&a.out)?;
    let mut doc =
        serde_json::to_value(&calibration).map_err(|e| CliError::failed(e.to_string()))?;
    doc["source"] = serde_json::json!(label);
    out.write(
        "scenario.toml",
        view::scenario_toml(&calibration, &label).as_bytes(),
    )?;
    out.write("calibration.json", output::to_json(&doc)?.as_bytes())?;
    out.write(
        "estimates.csv",
        view::estimates_csv(&calibration)?.as_bytes(),
    )?;
    let html = view::report_html(&calibration, &label, &mut out)?;
    out.write("report.html", html.as_bytes())?;
    out.report_written(a.exec.quiet);
    Ok(EXIT_OK)
}
