//! Runs replications in parallel (rayon) and merges them exactly, so the result is identical for
//! any thread count and any sharding. A progress bar appears on stderr for runs longer than a
//! moment; Ctrl-C (or SIGTERM) stops starting new replications and keeps the finished ones.

use crate::error::{CliError, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sim_core::kpi;
use sim_core::tally::ReplicationTally;
use sim_core::{run_replication, Model, Summary};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set by the Ctrl-C / SIGTERM handler.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// True once the user asked to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Installs the Ctrl-C / SIGTERM handler: the first signal lets running replications finish and
/// writes what is done; a second one exits at once.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            eprintln!("\nccsim: stopped without writing results");
            std::process::exit(crate::error::EXIT_INTERRUPTED);
        }
        eprintln!(
            "\nccsim: interrupted: finishing the replications under way, then writing the partial \
             results (press Ctrl-C again to quit at once)"
        );
    });
}

/// Sets the number of worker threads (0 = one per core). Call once.
pub fn init_threads(threads: usize) {
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
}

/// The merged result of some replications of one model, plus each replication's daily service
/// level (for the histogram; sim-core's summary keeps only the whole-horizon value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub summary: Summary,
    /// Replication index → service level of each day of the horizon (None when nothing offered).
    pub daily_service_level: BTreeMap<u32, Vec<Option<f64>>>,
}

impl Batch {
    pub fn new(model: &Model, seed: u64) -> Batch {
        Batch {
            summary: Summary::new(model, seed),
            daily_service_level: BTreeMap::new(),
        }
    }

    fn add(&mut self, model: &Model, t: &ReplicationTally) {
        self.summary.add(model, t);
        self.daily_service_level
            .insert(t.replication, kpi::daily_service_level(model, t));
    }

    pub fn merge(&mut self, other: &Batch) -> Result<()> {
        self.summary
            .merge(&other.summary)
            .map_err(CliError::invalid)?;
        self.daily_service_level.extend(
            other
                .daily_service_level
                .iter()
                .map(|(k, v)| (*k, v.clone())),
        );
        Ok(())
    }

    /// All daily service levels (days × replications), in replication order.
    pub fn daily_values(&self) -> Vec<f64> {
        self.daily_service_level
            .values()
            .flat_map(|d| d.iter().flatten().copied())
            .collect()
    }
}

/// A progress bar that shows itself only after a moment, only on a terminal, never with --quiet.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    enabled: bool,
    shown: AtomicBool,
}

impl Progress {
    pub fn new(total: u64, quiet: bool, what: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{msg} [{bar:30}] {pos}/{len} ({elapsed} elapsed, about {eta} left)",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Progress {
            bar,
            start: Instant::now(),
            enabled: !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            shown: AtomicBool::new(false),
        }
    }

    pub fn inc(&self) {
        self.bar.inc(1);
        if self.enabled
            && self.start.elapsed() > Duration::from_millis(400)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub fn set_message(&self, m: String) {
        self.bar.set_message(m);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Runs replication indices `reps` of every model (the same index of all models together, so
/// paired comparisons stay paired even when interrupted). Returns one batch per model and
/// whether the run was interrupted.
pub fn run_models(
    models: &[&Model],
    seed: u64,
    reps: &[u32],
    progress: &Progress,
) -> Result<(Vec<Batch>, bool)> {
    run_models_visiting(models, seed, reps, progress, &|_, _| {})
}

/// Replications `0..replications` of one model, merged into its report; `None` when the run was
/// interrupted (the planning searches then stop and keep what they have).
pub fn run_report(
    model: &Model,
    seed: u64,
    replications: u32,
    progress: &Progress,
) -> Result<Option<sim_core::Report>> {
    let reps: Vec<u32> = (0..replications).collect();
    let (b, interrupted) = run_models(&[model], seed, &reps, progress)?;
    if interrupted {
        return Ok(None);
    }
    b.into_iter()
        .next()
        .map(|b| Some(b.summary.report(model)))
        .ok_or_else(|| CliError::failed("no simulation result"))
}

/// [`run_models`], showing `visit` each replication's raw tallies (model index, tallies) before
/// they are merged away, e.g. to export per-replication data. Called from worker threads in any
/// order: key what it keeps by `ReplicationTally::replication`.
pub fn run_models_visiting(
    models: &[&Model],
    seed: u64,
    reps: &[u32],
    progress: &Progress,
    visit: &(dyn Fn(usize, &ReplicationTally) + Sync),
) -> Result<(Vec<Batch>, bool)> {
    let empty = || -> Vec<Batch> { models.iter().map(|m| Batch::new(m, seed)).collect() };
    let merged: Result<Vec<Batch>> = reps
        .par_iter()
        .fold(
            || Ok(empty()),
            |acc: Result<Vec<Batch>>, &r| {
                let mut acc = acc?;
                if interrupted() {
                    return Ok(acc);
                }
                for (k, (m, b)) in models.iter().zip(acc.iter_mut()).enumerate() {
                    let t = run_replication(m, seed, r);
                    visit(k, &t);
                    b.add(m, &t);
                }
                progress.inc();
                Ok(acc)
            },
        )
        .reduce(
            || Ok(empty()),
            |a, b| {
                let (mut a, b) = (a?, b?);
                for (x, y) in a.iter_mut().zip(&b) {
                    x.merge(y)?;
                }
                Ok(a)
            },
        );
    let mut batches = merged?;
    let stopped = interrupted();
    let requested = reps.len() as u32;
    for b in &mut batches {
        b.summary.requested = b.summary.requested.max(requested);
        if stopped && b.summary.count() < reps.len() {
            b.summary.partial = true;
        }
    }
    Ok((batches, stopped))
}

/// Parses `K/N` (K = 0 … N-1).
pub fn parse_shard(s: &str) -> Result<(u32, u32)> {
    let bad = || {
        CliError::invalid(format!(
            "--shard {s}: expected K/N with 0 <= K < N, e.g. 3/10 (K counts from 0, like \
             SLURM_ARRAY_TASK_ID with --array=0-9 or JOB_COMPLETION_INDEX)"
        ))
    };
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: u32 = k.trim().parse().map_err(|_| bad())?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The replication indices of shard k of n: a contiguous block, sizes differing by at most one.
pub fn shard_range(replications: u32, k: u32, n: u32) -> std::ops::Range<u32> {
    let lo = (replications as u64 * k as u64 / n as u64) as u32;
    let hi = (replications as u64 * (k as u64 + 1) / n as u64) as u32;
    lo..hi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_everything_once() {
        for reps in [0u32, 1, 7, 100, 101] {
            for n in 1..=9 {
                let mut all = Vec::new();
                for k in 0..n {
                    all.extend(shard_range(reps, k, n));
                }
                assert_eq!(all, (0..reps).collect::<Vec<_>>());
            }
        }
        assert!(parse_shard("3/2").is_err());
        assert!(parse_shard("x").is_err());
        assert_eq!(parse_shard("1/4").unwrap(), (1, 4));
    }
}
