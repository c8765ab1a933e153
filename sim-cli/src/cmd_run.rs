//! `ccsim run` (whole or one shard) and `ccsim merge`.

use crate::acd_export::{self, Export, HistoryCell};
use crate::cli::{MergeArgs, OutFormat, RunArgs};
use crate::error::{CliError, Result, EXIT_INTERRUPTED, EXIT_OK};
use crate::output::{self, OutDir};
use crate::present;
use crate::runner::{self, Batch, Progress};
use crate::source;
use serde::{Deserialize, Serialize};
use sim_core::tally::ReplicationTally;
use sim_core::{run_replication_with_records, Limits, Model, Scenario};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

const PART_FORMAT: &str = "ccsim-partial-summary";
const PART_VERSION: u32 = 1;

/// A shard's partial summary: self-contained (the scenario travels with it), mergeable.
#[derive(Debug, Serialize, Deserialize)]
pub struct PartFile {
    pub format: String,
    pub version: u32,
    /// [K, N]
    pub shard: [u32; 2],
    /// Replications of the whole (unsharded) run.
    pub replications: u32,
    /// Replication indices of this shard: [first, end).
    pub range: [u32; 2],
    /// The scenario as run (after --set and what-if changes).
    pub scenario: Scenario,
    pub limits: PartLimits,
    pub batch: Batch,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct PartLimits {
    pub max_events: f64,
    pub max_agents: usize,
    pub max_days: u32,
    /// (absent in part files written before --max-shifts existed: the default)
    #[serde(default = "default_max_shifts")]
    pub max_shifts: u64,
}

fn default_max_shifts() -> u64 {
    Limits::default().max_shifts
}

impl From<PartLimits> for Limits {
    fn from(l: PartLimits) -> Limits {
        Limits {
            max_contacts: l.max_events,
            max_agents: l.max_agents,
            max_days: l.max_days,
            max_shifts: l.max_shifts,
        }
    }
}

pub fn run(a: RunArgs) -> Result<i32> {
    let src = source::load(a.scenario.as_deref())?;
    let wi = source::whatif(&a.whatif)?;
    source::check_whatif_groups(&wi, &src.scenario)?;
    let scenario = source::prepare(&src, &a.model, Some(&a.whatif))?;
    let limits = source::limits(&a.model)?;
    let model = source::compile(&src.label, &scenario, limits)?;
    if a.replications == 0 {
        return Err(CliError::invalid("--replications: must be at least 1"));
    }
    let shard = a.shard.as_deref().map(runner::parse_shard).transpose()?;
    let export = Export::from_args(&a.export, &model, shard.is_some())?;
    let range = match shard {
        Some((k, n)) => runner::shard_range(a.replications, k, n),
        None => 0..a.replications,
    };
    let reps: Vec<u32> = range.clone().collect();
    runner::init_threads(a.exec.threads);
    let progress = Progress::new(reps.len() as u64, a.exec.quiet, "simulating");
    let t0 = Instant::now();
    let history: Mutex<BTreeMap<u32, Vec<HistoryCell>>> = Mutex::new(BTreeMap::new());
    let keep = |_: usize, t: &ReplicationTally| {
        if export.as_ref().is_some_and(|x| x.keeps(t.replication)) {
            let cells = acd_export::history_cells(t);
            if let Ok(mut h) = history.lock() {
                h.insert(t.replication, cells);
            }
        }
    };
    let (batches, stopped) =
        runner::run_models_visiting(&[&model], a.exec.seed, &reps, &progress, &keep)?;
    progress.finish();
    let mut batch = batches
        .into_iter()
        .next()
        .ok_or_else(|| CliError::failed("internal: no result"))?;
    batch.summary.requested = a.replications;
    if stopped {
        batch.summary.partial = true;
        eprintln!(
            "ccsim: interrupted after {} of {} replications; the results are PARTIAL",
            batch.summary.count(),
            reps.len()
        );
    }
    let elapsed = t0.elapsed().as_secs_f64();
    if !a.exec.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!(
            "ccsim: {} replications in {elapsed:.2} s ({:.0} events/s)",
            batch.summary.count(),
            batch.summary.events() as f64 / elapsed.max(1e-9)
        );
    }

    if let Some((k, n)) = shard {
        let part = PartFile {
            format: PART_FORMAT.into(),
            version: PART_VERSION,
            shard: [k, n],
            replications: a.replications,
            range: [range.start, range.end],
            scenario,
            limits: PartLimits {
                max_events: limits.max_contacts,
                max_agents: limits.max_agents,
                max_days: limits.max_days,
                max_shifts: limits.max_shifts,
            },
            batch,
        };
        let json = output::to_json(&part)?;
        match &a.output.out {
            Some(dir) => {
                let mut out = OutDir::create(dir)?;
                let name = format!("part-{k}-of-{n}.json");
                out.write(&name, json.as_bytes())?;
                if !a.exec.quiet {
                    eprintln!(
                        "ccsim: shard {k}/{n} (replications {}..{}) written to {}",
                        range.start,
                        range.end,
                        out.path(&name).display()
                    );
                }
            }
            None => output::print_stdout(&json)?,
        }
        return Ok(if stopped { EXIT_INTERRUPTED } else { EXIT_OK });
    }

    if let Some(x) = &export {
        let history = history
            .into_inner()
            .map_err(|_| CliError::failed("internal: a replication failed while exporting"))?;
        write_exports(&model, a.exec.seed, x, &history, a.exec.quiet)?;
    }
    let report = batch.summary.report(&model);
    emit(
        &model,
        &batch,
        &report,
        a.output.format,
        a.output.out.as_deref(),
        a.all_kpis,
        a.exec.quiet,
    )?;
    Ok(if stopped { EXIT_INTERRUPTED } else { EXIT_OK })
}

/// Writes `--history-out` and `--records-out` (both built first, then written atomically).
fn write_exports(
    model: &Model,
    seed: u64,
    x: &Export,
    history: &BTreeMap<u32, Vec<HistoryCell>>,
    quiet: bool,
) -> Result<()> {
    let mut files: Vec<(&Path, String)> = Vec::new();
    if let Some(p) = &x.history {
        let text = acd_export::history_csv(model, x.start, history, x.all_replications)?;
        files.push((p, text));
    }
    if let Some(p) = &x.records {
        // replication 0 again, with the record sink on: its tallies are bit-identical
        let (_, records) = run_replication_with_records(model, seed, 0);
        files.push((p, acd_export::records_csv(model, x.start, &records)?));
    }
    for (p, text) in &files {
        output::write_atomic(p, text.as_bytes())?;
        if !quiet {
            eprintln!("ccsim: wrote {}", p.display());
        }
    }
    Ok(())
}

fn emit(
    model: &Model,
    batch: &Batch,
    report: &sim_core::Report,
    format: OutFormat,
    out: Option<&Path>,
    all: bool,
    quiet: bool,
) -> Result<()> {
    let text = match format {
        OutFormat::Table => present::report_text(report, all),
        OutFormat::Json => output::to_json(report)?,
        OutFormat::Csv => present::report_csv(report)?,
    };
    output::print_stdout(&text)?;
    if let Some(dir) = out {
        let mut o = OutDir::create(dir)?;
        present::write_run_outputs(&mut o, model, batch, report, all)?;
        o.report_written(quiet);
    }
    Ok(())
}

fn part_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| {
                CliError::invalid(format!("cannot read folder {}: {e}", p.display()))
            })?;
            let mut found: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("part-") && n.ends_with(".json"))
                })
                .collect();
            if found.is_empty() {
                return Err(CliError::invalid(format!(
                    "{}: no part-*.json files in this folder",
                    p.display()
                )));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn read_part(p: &Path) -> Result<PartFile> {
    let text = std::fs::read_to_string(p)
        .map_err(|e| CliError::invalid(format!("cannot read {}: {e}", p.display())))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        CliError::invalid(format!(
            "{}: not a ccsim part file (invalid JSON: {e})",
            p.display()
        ))
    })?;
    if v.get("format").and_then(|f| f.as_str()) != Some(PART_FORMAT) {
        return Err(CliError::invalid(format!(
            "{}: not a ccsim part file (write parts with `ccsim run --shard K/N --out DIR`)",
            p.display()
        )));
    }
    if v.get("version").and_then(|f| f.as_u64()) != Some(PART_VERSION as u64) {
        return Err(CliError::invalid(format!(
            "{}: part file version {} is not supported by this ccsim (expects {PART_VERSION})",
            p.display(),
            v.get("version").map_or("?".to_string(), |x| x.to_string())
        )));
    }
    serde_json::from_value(v)
        .map_err(|e| CliError::invalid(format!("{}: damaged part file: {e}", p.display())))
}

pub fn merge(a: MergeArgs) -> Result<i32> {
    let files = part_files(&a.parts)?;
    let mut parts: Vec<(PathBuf, PartFile)> = Vec::new();
    for f in files {
        let p = read_part(&f)?;
        parts.push((f, p));
    }
    let Some((first_path, first)) = parts.first() else {
        return Err(CliError::invalid("no part files given"));
    };
    let (first_path, n_shards, total) = (first_path.clone(), first.shard[1], first.replications);
    let scenario = first.scenario.clone();
    let limits: Limits = first.limits.into();
    let seed = first.batch.summary.seed;
    let mut seen = std::collections::BTreeMap::new();
    for (path, p) in &parts {
        let same = p.scenario == scenario
            && p.replications == total
            && p.shard[1] == n_shards
            && p.batch.summary.seed == seed;
        if !same {
            return Err(CliError::invalid(format!(
                "{} does not belong to the same run as {} (scenario, seed, replications and \
                 shard count must all match)",
                path.display(),
                first_path.display()
            )));
        }
        if let Some(other) = seen.insert(p.shard[0], path.clone()) {
            return Err(CliError::invalid(format!(
                "shard {}/{n_shards} given twice: {} and {}",
                p.shard[0],
                other.display(),
                path.display()
            )));
        }
    }
    let model = source::compile(&first_path.display().to_string(), &scenario, limits)?;
    // merge in shard order (the result is the same in any order)
    parts.sort_by_key(|(_, p)| p.shard[0]);
    let mut batch = Batch::new(&model, seed);
    for (path, p) in &parts {
        batch
            .merge(&p.batch)
            .map_err(|e| CliError::invalid(format!("{}: {e}", path.display())))?;
    }
    batch.summary.requested = total;
    let missing: Vec<String> = (0..n_shards)
        .filter(|k| !seen.contains_key(k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() || batch.summary.count() < total as usize {
        let msg = format!(
            "the parts hold {} of {} replications{}",
            batch.summary.count(),
            total,
            if missing.is_empty() {
                " (some shards were interrupted)".to_string()
            } else {
                format!("; missing shards: {} of {n_shards}", missing.join(", "))
            }
        );
        if !a.allow_partial {
            return Err(CliError::invalid(format!(
                "{msg}. Run the missing shards, or pass --allow-partial to merge anyway (the \
                 result is then marked partial)"
            )));
        }
        eprintln!("ccsim: {msg}; the merged result is marked PARTIAL");
        batch.summary.partial = true;
    }
    let report = batch.summary.report(&model);
    emit(
        &model,
        &batch,
        &report,
        a.output.format,
        a.output.out.as_deref(),
        a.all_kpis,
        false,
    )?;
    Ok(EXIT_OK)
}
