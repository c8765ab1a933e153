//! `ccsim schedule`: shifts, breaks and days-off patterns that meet the targets. The search is
//! sim-plan's [`ScheduleSearch`] (the page runs the same one); this command runs its simulations
//! on rayon threads and presents the result (schedule_view.rs).

use crate::cli::{OutFormat, ScheduleArgs};
use crate::error::{CliError, Result, EXIT_INTERRUPTED, EXIT_OK};
use crate::output::{self, OutDir};
use crate::runner::{self, Progress};
use crate::schedule_view::View;
use crate::source;
use serde_json::json;
use sim_plan::schedule::{
    parse_requirement, parse_rules, Grid, RunPurpose, ScheduleOptions, ScheduleSearch,
    ScheduleStep, SolverOptions,
};
use sim_plan::StaffingTargets;
use std::path::Path;

pub fn schedule(a: ScheduleArgs) -> Result<i32> {
    let src = source::load(Some(&a.scenario))?;
    let scenario = source::prepare(&src, &a.model, None)?;
    let limits = source::limits(&a.model)?;
    let model = source::compile(&src.label, &scenario, limits)?;
    let targets =
        StaffingTargets::parse(&model, &a.target).map_err(|e| CliError::invalid(e.to_string()))?;
    let rules_text = source::read_text(&a.rules, "the shift rules")?;
    let rules = parse_rules(&rules_text)
        .and_then(|r| r.validate(&model))
        .map_err(|e| CliError::invalid(prefixed(&a.rules, &e.to_string())))?;
    let grid = Grid::new(&model).ok_or_else(|| {
        CliError::invalid(
            "interval_minutes: schedules need whole-minute intervals that divide the day",
        )
    })?;
    let required = match &a.requirement {
        None => None,
        Some(p) => {
            let ids: Vec<String> = model.groups.iter().map(|g| g.id.clone()).collect();
            Some(
                parse_requirement(&source::read_text(p, "the requirement")?, &ids, &grid)
                    .map_err(|e| CliError::invalid(prefixed(p, &e.to_string())))?,
            )
        }
    };
    if let Some(f) = a.min_interval_service_level {
        if !(0.0..=1.0).contains(&f) {
            return Err(CliError::invalid(format!(
                "--min-interval-service-level {f}: must be a share 0 … 1"
            )));
        }
    }
    if a.replications < 2 {
        return Err(CliError::invalid(format!(
            "--replications {}: at least 2 (the search judges targets by 95 % intervals)",
            a.replications
        )));
    }
    if !(a.mip_gap.is_finite() && (0.0..1.0).contains(&a.mip_gap)) {
        return Err(CliError::invalid(format!(
            "--mip-gap {}: must be 0 … 1 (0.01 = 1 %)",
            a.mip_gap
        )));
    }
    if !(a.time_limit.is_finite() && a.time_limit > 0.0) {
        return Err(CliError::invalid(format!(
            "--time-limit {}: must be more than 0 seconds",
            a.time_limit
        )));
    }
    let options = ScheduleOptions {
        replications: a.replications,
        seed: a.exec.seed,
        max_iterations: a.max_iterations.max(1),
        solver: SolverOptions {
            mip_gap: a.mip_gap,
            node_limit: (a.node_limit > 0).then_some(a.node_limit),
            time_limit_s: Some(a.time_limit),
        },
        min_interval_service_level: a.min_interval_service_level,
    };
    runner::init_threads(a.exec.threads);
    let progress = Progress::new(
        a.replications as u64 * (options.max_iterations as u64 + 2),
        a.exec.quiet,
        "schedule",
    );
    progress.set_message("schedule: solving the first cover".to_string());
    let mut search = ScheduleSearch::new(&scenario, &model, rules, targets, required, options)
        .map_err(|e| CliError::invalid(prefixed(&a.rules, &e)))?;
    let mut stopped = false;
    let result = loop {
        match search.next_step() {
            ScheduleStep::Done(r) => break r,
            ScheduleStep::Simulate(run) => {
                let m = source::compile(&src.label, &run.scenario, limits)?;
                progress.set_message(match run.purpose {
                    RunPurpose::Baseline => "schedule: simulating the current schedule".to_string(),
                    RunPurpose::Repair => format!(
                        "schedule: simulation {} of at most {}",
                        run.iteration, run.max_iterations
                    ),
                    RunPurpose::Verify => "schedule: verification (independent seed)".to_string(),
                });
                let Some(report) = runner::run_report(&m, run.seed, run.replications, &progress)?
                else {
                    stopped = true;
                    match search.stop() {
                        Some(r) => break r,
                        None => {
                            progress.finish();
                            eprintln!("ccsim: interrupted before the first schedule was simulated; nothing to report");
                            return Ok(EXIT_INTERRUPTED);
                        }
                    }
                };
                progress.set_message("schedule: solving".to_string());
                search
                    .submit(&report)
                    .map_err(|e| CliError::invalid(prefixed(&a.rules, &e)))?;
            }
        }
    };
    progress.finish();
    let view = View::new(&model, search.rules(), &result);
    if !result.converged && !result.requirement_given {
        eprintln!(
            "ccsim: warning: no schedule met every target in {} simulations (raise --max-iterations, or check the rules allow enough agents)",
            result.iterations.len()
        );
    }
    if stopped {
        eprintln!("ccsim: interrupted: the schedule below is the best found so far (PARTIAL)");
    }
    let mut doc = serde_json::to_value(&*result).map_err(|e| CliError::failed(e.to_string()))?;
    doc["source"] = json!(src.label);
    let text = match a.output.format {
        OutFormat::Table => view.text(),
        OutFormat::Json => output::to_json(&doc)?,
        OutFormat::Csv => view.schedule_csv()?,
    };
    output::print_stdout(&text)?;
    if let Some(dir) = &a.output.out {
        let mut out = OutDir::create(dir)?;
        out.write("scenario.toml", view.scenario_toml(&src.label).as_bytes())?;
        out.write("schedule.csv", view.schedule_csv()?.as_bytes())?;
        out.write("coverage.csv", view.coverage_csv()?.as_bytes())?;
        out.write("iterations.csv", view.iterations_csv()?.as_bytes())?;
        out.write("schedule.json", output::to_json(&doc)?.as_bytes())?;
        let html = view.html(&mut out)?;
        out.write("report.html", html.as_bytes())?;
        out.report_written(a.exec.quiet);
    }
    Ok(if stopped { EXIT_INTERRUPTED } else { EXIT_OK })
}

/// "rules.toml: templates[0].group: …" for every line of an error.
fn prefixed(path: &Path, e: &str) -> String {
    e.lines()
        .map(|l| format!("{}: {l}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}
