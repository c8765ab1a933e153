//! Command-line interface definition (clap derive). Every flag has help text; `ccsim help COMMAND`
//! or `ccsim COMMAND --help` prints it.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
SCENARIOS:
  SCENARIO is a scenario file (.toml, or .json for JSON) or the name of a bundled scenario:
  customer-care-24x7 (the default), customer-care-mentors, multi-skill-bank, volume-spike,
  trainer-single-queue. `ccsim scenarios` lists them; `ccsim scenarios NAME` prints one as a
  starting point for your own file.

EXIT CODES:
  0    success
  1    failure that is not the input's fault (e.g. a file could not be written)
  2    invalid input: the problems are printed on stderr, each with its field path
  130  interrupted (Ctrl-C or SIGTERM): the replications that finished were written, marked partial

Run `ccsim COMMAND --help` for the flags of each command.";

/// Monte Carlo simulation of contact centers: service level, abandonment, waiting times and
/// staffing, with confidence intervals.
#[derive(Debug, Parser)]
#[command(name = "ccsim", version, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario: every KPI with its mean and 95 % confidence interval, overall, by
    /// contact type, by agent group and by interval, and how many replications missed each target.
    #[command(after_help = RUN_HELP)]
    Run(RunArgs),
    /// Compare two scenarios with common random numbers: each KPI's difference with a paired
    /// 95 % confidence interval, and whether it is significant.
    #[command(after_help = COMPARE_HELP)]
    Compare(CompareArgs),
    /// Vary one number (a scenario field or a scale) over a range and show how the KPIs depend on
    /// it, e.g. service level against the number of agents.
    #[command(after_help = SWEEP_HELP)]
    Sweep(SweepArgs),
    /// Find the minimum agents per interval (per group) that meet the targets in simulation,
    /// starting from the Erlang A estimate, and show both side by side.
    #[command(after_help = STAFF_HELP)]
    Staff(StaffArgs),
    /// Generate the schedule: shifts, breaks and days-off patterns at least cost (an integer
    /// program over the shift rules), simulated and repaired until it meets the targets, then
    /// verified with an independent seed.
    #[command(after_help = SCHEDULE_HELP)]
    Schedule(ScheduleArgs),
    /// The rest of the day from the center's current state: re-forecast from the day's actuals,
    /// Monte Carlo of the remaining hours from the agents' and queues' state (remaining handle
    /// times and patience drawn given the time so far), whole-day KPIs, and what-ifs compared
    /// with common random numbers.
    #[command(after_help = INTRADAY_HELP)]
    Intraday(IntradayArgs),
    /// Calibrate a scenario from contact records (one row per contact, e.g. an ACD's call detail
    /// export): arrival rates, handle time, patience from censored waits, redials, staffing, and
    /// the agents' not-ready share fitted by simulation; every estimate with its 95 % interval.
    #[command(after_help = CALIBRATE_HELP)]
    Calibrate(CalibrateArgs),
    /// Forecast the coming days from an ACD interval history (seasonal naive, weekday mean or a
    /// level-trend model, or `auto` by a rolling-origin backtest), with 80 % prediction intervals
    /// and a runnable scenario.
    #[command(after_help = FORECAST_HELP)]
    Forecast(ForecastArgs),
    /// Quick analytic answers: Erlang B, C and A for one queue (no simulation).
    #[command(after_help = ERLANG_HELP)]
    Erlang(ErlangArgs),
    /// Check a scenario file: print every problem with its field path, or a summary of the
    /// compiled model (types, groups, agents and offered load per interval).
    Validate(ValidateArgs),
    /// Merge partial summaries written by `ccsim run --shard K/N` into the summary the unsharded
    /// run would have produced, bit for bit.
    #[command(after_help = MERGE_HELP)]
    Merge(MergeArgs),
    /// List the bundled scenarios, or print one (to copy and edit).
    Scenarios(ScenariosArgs),
}

/// Output format on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// Aligned tables for people.
    Table,
    /// One JSON document.
    Json,
    /// Comma-separated values with a header line.
    Csv,
}

/// Flags that change or guard the scenario before it is compiled.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Change one field of the scenario before running: PATH=VALUE. PATH is dotted; list elements
    /// are addressed by their id or index, `*` means every element, e.g.
    /// `agent_groups.team.staffing.constant=14`, `contact_types.*.patience.mean=240`,
    /// `contact_types[0].arrivals.rate_per_hour=250`. VALUE is JSON (numbers, true/false, lists,
    /// objects) or else taken as text. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Refuse scenarios whose expected number of contacts per replication exceeds this
    /// (guards against runs that would take hours).
    #[arg(long, value_name = "N", default_value_t = 50_000_000.0)]
    pub max_events: f64,
    /// Refuse scenarios with more agents than this in all groups together.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_agents: usize,
    /// Refuse scenarios whose horizon is longer than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 3_660,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_days: u32,
    /// Refuse scenarios whose schedules expand to more than this many agent shifts, breaks and
    /// off-phone blocks over the horizon (all groups together).
    #[arg(long, value_name = "N", default_value_t = 20_000_000)]
    pub max_shifts: u64,
}

/// Quick what-if changes (shared with the web app: sim_core::whatif).
#[derive(Debug, Clone, Args, Default)]
pub struct WhatIfArgs {
    /// Multiply every contact type's volume, e.g. 1.1 for +10 %.
    #[arg(long, value_name = "FACTOR", allow_negative_numbers = true)]
    pub scale_volume: Option<f64>,
    /// Multiply every contact type's handle time and wrap-up, e.g. 0.9 for -10 %.
    #[arg(long, value_name = "FACTOR", allow_negative_numbers = true)]
    pub scale_aht: Option<f64>,
    /// Add (or remove, with a negative number) agents to a group: GROUP=N, e.g. team=+2 or
    /// team=-1. With shift lines, agents are added to the largest lines first. Repeatable.
    #[arg(long, value_name = "GROUP=N", allow_hyphen_values = true)]
    pub add_agents: Vec<String>,
    /// Add percentage points to every group's absence (unplanned shrinkage), e.g. 5.
    #[arg(long, value_name = "PP", allow_hyphen_values = true)]
    pub add_shrinkage: Option<f64>,
}

/// How replications are run.
#[derive(Debug, Clone, Args)]
pub struct ExecArgs {
    /// Base random seed. Replication r uses (seed, r): the same seed gives the same result.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = one per CPU core). The result is identical for any thread count.
    #[arg(long, value_name = "T", default_value_t = 0)]
    pub threads: usize,
    /// No progress bar (it is also hidden when stderr is not a terminal).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Where results go.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    pub format: OutFormat,
    /// Also write files (JSON, CSV, SVG and PNG plots, report.html) into this folder; it is
    /// created if needed. Files are written atomically (temporary file, then rename).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

const RUN_HELP: &str = "\
OUTPUT FILES (--out DIR):
  summary.json        the same document as --format json
  intervals.csv       per interval (all types, then each type): mean and 95 % CI of each KPI
  replications.csv    one row per replication: every KPI, overall, by type, by group, by day
  service_level.svg/.png, abandonment.svg/.png
                      by interval, with 95 % confidence bands and the target lines
  offered_handled.svg/.png   offered vs handled contacts by interval
  service_level_histogram.svg/.png   daily service level across replications
  report.html         tables and plots in one self-contained page to send around

SIMULATED ACD EXPORTS (docs/kpis.md, \"Simulated exports\"):
  --history-out FILE   interval history: interval_start,contact_type,offered,handled,abandoned,
                       aht_s,asa_s per interval after the warm-up and contact type (replication 0;
                       --history-replications all: each one, with a leading replication column)
  --records-out FILE   contact records of replication 0: arrival,contact_type,wait_s,outcome,
                       handle_s,wrap_s,caller_id,group
  Times are local, day 1 = --history-start-date (default: the first date on or after 2024-01-01
  that falls on the scenario's start_weekday).

SHARDS (batch schedulers):
  --shard K/N runs only the K-th of N equal blocks of the replications (K = 0 … N-1) with the same
  per-replication seeds as the whole run, and writes a partial summary (JSON) to stdout or to
  DIR/part-K-of-N.json. `ccsim merge` combines the parts into exactly the unsharded result.
  See docs/cluster.md for Slurm job arrays and Kubernetes Indexed Jobs.

EXAMPLES:
  ccsim run                                   # the bundled 24/7 customer-care desk
  ccsim run my-center.toml --replications 500 --out results/
  ccsim run multi-skill-bank --format json > bank.json
  ccsim run my-center.toml --set agent_groups.team.staffing.constant=22
  ccsim run my-center.toml --replications 10000 --shard 3/10 --out parts/";

const COMPARE_HELP: &str = "\
Both scenarios run the same replications with the same seeds. Random numbers are drawn per
purpose (arrivals of each type, handle times, patience, …), so where the two scenarios share
structure they see the same customers: the per-replication differences vary much less than two
independent runs, and the paired confidence interval is correspondingly narrower. The table shows
the unpaired half-width for comparison. A difference is significant when its paired 95 % CI
excludes zero.

EXAMPLES:
  ccsim compare customer-care-24x7 customer-care-mentors
  ccsim compare today.toml today.toml --variant-set agent_groups.team.staffing.constant=22";

const SWEEP_HELP: &str = "\
THE PARAMETER (exactly one of):
  --set PATH=RANGE     a numeric scenario field, e.g. agent_groups.team.staffing.constant=8..20
  --scale-volume RANGE multiply all volume, e.g. 0.8..1.4:0.1
  --scale-aht RANGE    multiply all handle and wrap-up times
  --add-shrinkage RANGE  add percentage points of absence to every group, e.g. 0..20:5
RANGE is FROM..TO (step 1), FROM..TO:STEP, or a list a,b,c. Other --set flags with plain values
change the scenario for every point. All points use the same seeds (common random numbers), so
the curve is smooth and differences between points are not noise.

OUTPUT FILES (--out DIR): sweep.json, sweep.csv, sweep.svg/.png (service level, abandonment and
occupancy against the parameter, with 95 % bands and target lines), report.html.

EXAMPLES:
  ccsim sweep customer-care-24x7 --set agent_groups.team.staffing.constant=8..20
  ccsim sweep my-center.toml --scale-volume 0.8..1.4:0.1 --format csv";

const STAFF_HELP: &str = "\
METHOD:
  1. Erlang A (Erlang C for types without patience) gives, for every interval, the agents each
     group needs for the targets, from that interval's forecast load. A type's load is assigned
     to the first group it is routed to; a group serving several types is sized for their pooled
     load and the strictest of their targets. Groups that are nobody's first choice keep their
     scheduled headcount.
  2. The scenario is then simulated with that headcount per interval (staffing.per_interval,
     replacing constant staffing or shift lines); intervals whose simulated mean service level
     or abandonment misses a target get more agents, intervals that meet it are tried with one
     agent fewer, until every interval meets its targets with the fewest agents found.
  Both numbers are printed side by side, so the gap between formula and simulation is visible.
  The search is sim-plan's (docs/planning.md); the web page's Staffing tab runs the same one and
  gives the same numbers for the same scenario, seed and replications.

TARGETS: taken from the scenario (service_level.target, max_abandon_rate) unless given with
--target: service_level=0.8 or abandon_rate=0.05 for every type, TYPE.service_level=0.9 for one.
Given targets replace the scenario's. A type without any target is planned to carry its load
(its load rounded up); no target is ever assumed.

SHIFTS: a group planned with shift lines cannot be given a headcount per interval directly. Its
requirement is computed the same way (agents on duty per interval, breaks left out, absence and
off-phone rules kept) and shown against the agents its shifts schedule, so you can see where the
shift plan is short or long.

OUTPUT FILES (--out DIR): staffing.json, staffing.csv, staffing-GROUP.svg/.png (agents scheduled
vs needed by interval), report.html.

EXAMPLES:
  ccsim staff customer-care-24x7 --target service_level=0.8
  ccsim staff multi-skill-bank --target abandon_rate=0.05 --out staffing/";

const ERLANG_HELP: &str = "\
MODELS: Erlang B (blocked calls are lost), Erlang C (callers wait forever), Erlang A (callers
abandon after an exponential patience with mean --patience). All assume Poisson arrivals and
exponential handle times, one queue, steady state.

With --agents: the metrics for that many agents. With --target: the fewest agents that reach the
service level. With neither: a table of metrics for a range of agent counts.

EXAMPLES:
  ccsim erlang --calls-per-hour 200 --aht 180 --agents 12 --threshold 20
  ccsim erlang --calls-per-hour 200 --aht 180 --patience 300 --target 0.8";

const MERGE_HELP: &str = "\
PARTS are part files written by `ccsim run --shard K/N --out DIR` or folders containing them
(every part-*.json inside is read). All parts must come from the same scenario, seed and number
of replications. The merged result is identical, byte for byte, to the unsharded run.

EXAMPLES:
  ccsim merge parts/ --out results/
  ccsim merge parts/part-0-of-2.json parts/part-1-of-2.json --format json";

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file or bundled scenario name [default: customer-care-24x7].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Number of replications (independent simulated days/weeks of the scenario).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 100)]
    pub replications: u32,
    /// Run only shard K of N (K = 0 … N-1) and write a partial summary; see `ccsim merge`.
    #[arg(long, value_name = "K/N", conflicts_with = "format")]
    pub shard: Option<String>,
    /// Show every KPI in the table, not only the main ones.
    #[arg(long)]
    pub all_kpis: bool,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
    #[command(flatten)]
    pub export: AcdExportArgs,
}

/// What the simulated center's ACD would export (docs/kpis.md, "Simulated exports").
#[derive(Debug, Args)]
pub struct AcdExportArgs {
    /// Write the interval history the simulated center's ACD would export (CSV:
    /// interval_start,contact_type,offered,handled,abandoned,aht_s,asa_s), one row per interval
    /// after the warm-up and contact type, of the first replication unless
    /// --history-replications all.
    #[arg(long, value_name = "FILE")]
    pub history_out: Option<PathBuf>,
    /// Replications in --history-out: 1 (the first) or all (each one, with a leading
    /// `replication` column numbered like replications.csv).
    #[arg(long, value_enum, value_name = "1|all", default_value_t = HistoryReplications::First)]
    pub history_replications: HistoryReplications,
    /// Calendar date of the horizon's first day in the exported times (YYYY-MM-DD); it must fall
    /// on the scenario's start_weekday [default: the first such date on or after 2024-01-01].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub history_start_date: Option<String>,
    /// Write the contact records of the first replication (CSV, one row per contact:
    /// arrival,contact_type,wait_s,outcome,handle_s,wrap_s,caller_id,group).
    #[arg(long, value_name = "FILE")]
    pub records_out: Option<PathBuf>,
}

/// Which replications `--history-out` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryReplications {
    /// The first replication.
    #[value(name = "1")]
    First,
    /// Every replication, with a `replication` column.
    All,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The baseline scenario (file or bundled name).
    #[arg(value_name = "BASE")]
    pub base: String,
    /// The variant scenario (file or bundled name).
    #[arg(value_name = "VARIANT")]
    pub variant: String,
    /// Number of paired replications.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 100)]
    pub replications: u32,
    /// Change a field of the variant only: PATH=VALUE (see `ccsim run --help` for PATH). The
    /// `--set` flag changes both scenarios. Repeatable.
    #[arg(long, value_name = "PATH=VALUE")]
    pub variant_set: Vec<String>,
    /// Show every KPI in the table, not only the main ones.
    #[arg(long)]
    pub all_kpis: bool,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file or bundled scenario name.
    #[arg(value_name = "SCENARIO")]
    pub scenario: String,
    /// Multiply all volume by each value of a RANGE (see below).
    #[arg(long, value_name = "RANGE")]
    pub scale_volume: Option<String>,
    /// Multiply all handle and wrap-up times by each value of a RANGE.
    #[arg(long, value_name = "RANGE")]
    pub scale_aht: Option<String>,
    /// Add each value of a RANGE (percentage points) to every group's absence.
    #[arg(long, value_name = "RANGE")]
    pub add_shrinkage: Option<String>,
    /// Replications per point.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 50)]
    pub replications: u32,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct StaffArgs {
    /// Scenario file or bundled scenario name.
    #[arg(value_name = "SCENARIO")]
    pub scenario: String,
    /// A target: service_level=0.8, abandon_rate=0.05, or TYPE.service_level=0.9 for one contact
    /// type. Repeatable. Default: the targets in the scenario.
    #[arg(long, value_name = "KPI=VALUE")]
    pub target: Vec<String>,
    /// Replications per simulation step of the search (more = steadier, slower).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 40)]
    pub replications: u32,
    /// Maximum simulation steps of the search.
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub max_iterations: u32,
    /// Never plan fewer agents than this in any interval of a group that has work.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_agents: u32,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
}

/// `ccsim intraday`.
#[derive(Debug, Clone, Args)]
pub struct IntradayArgs {
    /// Scenario file or bundled scenario name: the day's plan (forecast, shifts, breaks, routing).
    #[arg(value_name = "SCENARIO")]
    pub scenario: String,
    /// The center's state now (JSON: clock, day, agents by group, waiting contacts;
    /// docs/intraday.md).
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// The day's interval actuals so far (the interval-history CSV of docs/history.md; the
    /// last date in the file is today). Without: no re-forecast and no whole-day figures.
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<PathBuf>,
    /// Re-forecast of the rest of the day: ratio, profile or keep; a damping as
    /// ratio:50+20% (contacts + share of the day's forecast).
    #[arg(long, value_name = "METHOD", default_value = "ratio")]
    pub method: String,
    /// An interval history of past days (the same format): the `profile` method's intraday
    /// profile (the same weekday's recent days), and a backtest of the re-forecast methods on it
    /// (backtest.csv; its error is reported).
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// A what-if, compared with the baseline: "add GROUP N [HH:MM[-HH:MM]]", "remove GROUP N
    /// [HH:MM]", "overtime GROUP N HOURS", "cancel ACTIVITY [GROUP]", "move ACTIVITY HH:MM
    /// [GROUP]", "breaks GROUP ±MINUTES", "callbacks TYPE WAIT_S SHARE TO", "volume ±PERCENT";
    /// several changes joined with ';'. Repeatable.
    #[arg(long, value_name = "TEXT")]
    pub whatif: Vec<String>,
    /// Map the actuals' headers to ccsim's column names, e.g. offered=Calls.
    #[arg(long, value_name = "NAME=HEADER")]
    pub columns: Vec<String>,
    /// The contact type of every actuals row when the file has no contact_type column.
    #[arg(long, value_name = "ID", default_value = "calls")]
    pub contact_type: String,
    /// Replications of the rest of the day.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1000)]
    pub replications: u32,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

const INTRADAY_HELP: &str = "\
METHOD (docs/intraday.md):
  1. The day's actuals (finished intervals before the clock) re-forecast the rest of the day
     (ratio: the rest scaled by (actual + κ) / (forecast + κ), κ = 50 contacts + 20 % of the
     day's forecast); the day-level volume uncertainty shrinks with what has been seen.
  2. Each replication starts from the state: contacts in hand keep their agent with the
     remaining handle time drawn given the time so far, waiting contacts keep their place with
     the remaining patience drawn given their wait; shifts and breaks continue from the clock.
  3. Whole day = actuals so far + the projection; what-ifs use the same random numbers.

OUTPUT FILES (--out DIR; nothing is written when the input is bad):
  today.json        the same document as --format json: the report and the what-if deltas
  intervals.csv     per type and interval: actual or projected offered and service level with
                    the 5-95 % band, forecast and re-forecast
  whatifs.csv       per what-if and type: deltas of SL, abandonment, ASA and cost with 95 % CI
  backtest.csv      with --history: WAPE and bias of the rest of the day per method and cut
  day-TYPE.svg/png  actual part and projected part of the day with bands
  report.html       all of it on one page

EXAMPLE:
  ccsim intraday customer-care-24x7 --state scenarios/intraday/customer-care-24x7.state.json \\
      --actuals scenarios/intraday/customer-care-24x7.actuals.csv \\
      --whatif \"add agents 2 11:30-15:00\" --whatif \"volume +10\" --out today/
";

/// `ccsim schedule`.
#[derive(Debug, Clone, Args)]
pub struct ScheduleArgs {
    /// Scenario file or bundled scenario name.
    #[arg(value_name = "SCENARIO")]
    pub scenario: String,
    /// Shift rules (TOML: templates, break windows, weekly rules, floors; docs/schedule.md).
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// The requirement to cover (CSV interval_start,group,required, or the staffing.csv of
    /// `ccsim staff`). Given: the cheapest cover is simulated once, not repaired.
    #[arg(long, value_name = "FILE")]
    pub requirement: Option<PathBuf>,
    /// A target: service_level=0.8, abandon_rate=0.05, or TYPE.service_level=0.9 for one contact
    /// type. Repeatable. Default: the targets in the scenario.
    #[arg(long, value_name = "KPI=VALUE")]
    pub target: Vec<String>,
    /// Every measured interval's mean service level must reach this too (0 … 1).
    #[arg(long, value_name = "SHARE")]
    pub min_interval_service_level: Option<f64>,
    /// Replications per simulation of the search.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 40)]
    pub replications: u32,
    /// Most repair simulations.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_iterations: u32,
    /// Stop a solve when its cost is proven within this relative gap of the optimum.
    #[arg(long, value_name = "GAP", default_value_t = 0.01)]
    pub mip_gap: f64,
    /// Most branch-and-bound nodes per solve stage (deterministic; 0 = no limit).
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub node_limit: u64,
    /// Wall-clock limit of one solve in seconds (a safety net: when it stops a solve, the result
    /// depends on the machine).
    #[arg(long, value_name = "S", default_value_t = 60.0)]
    pub time_limit: f64,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub model: ModelArgs,
}

const SCHEDULE_HELP: &str = "\
METHOD (docs/schedule.md):
  1. Requirement: --requirement, or the Erlang requirement per interval (planning module),
     grossed up for absence, on a week of intervals; the rules' floors raise it.
  2. Minimum-cost cover: shift lines (template, start, days-off pattern) and their breaks inside
     the break windows, as one integer program (microlp, the same solver as the page).
  3. Simulate the schedule; where a target is missed raise the requirement, where all are met
     trim it; re-solve. Keep the cheapest schedule that met every target with a margin (mean ± 2 half-widths of its 95 % interval).
  4. Re-run that schedule with an independent seed (the verification).

OUTPUT FILES (--out DIR; nothing is written when the input is bad):
  scenario.toml    the scenario with the generated shifts (runnable with ccsim run / compare)
  schedule.csv     group,template,start,weekdays,agents,breaks,cost (cost over the horizon)
  coverage.csv     interval, group, required, scheduled, net of breaks, over/under
  iterations.csv   every simulation: cost, KPIs, what changed
  schedule.json    everything above
  coverage-GROUP.svg/.png, gantt-GROUP.svg/.png, report.html

EXAMPLES:
  ccsim schedule customer-care-24x7 --rules scenarios/rules/customer-care-24x7.rules.toml --out schedule/
  ccsim schedule multi-skill-bank --rules scenarios/rules/multi-skill-bank.rules.toml --requirement staffing.csv";

const CALIBRATE_HELP: &str = "\
RECORDS (CSV, TSV or ;-separated, header line; docs/history.md, section Contact records):
  arrival (local date-time, or a clock time with a date column), contact_type (optional),
  wait_s, outcome (answered | abandoned | blocked | deflected | skip), handle_s (answered),
  wrap_s, caller_id, agent (optional). The header of `ccsim run --records-out` is read as is.

OUTPUT FILES (--out DIR, required; nothing is written when the input is bad):
  scenario.toml       a runnable typical week (Monday first) with every calibrated value
  calibration.json    every estimate, fit and the simulated-vs-observed tables
  estimates.csv       one row per estimate with its 95 % interval
  handle-TYPE.svg/.png, patience-TYPE.svg/.png, fit-abandonment.svg/.png, fit-asa.svg/.png
  report.html         tables and plots in one page

EXAMPLE (the Anonymous Bank export, ../shared/data/README.md):
  ccsim calibrate anonymous-bank-1999-02-01_14.tsv --out bank/ --date-format %y%m%d \\
    --columns date=date,arrival=vru_exit,wait_s=q_time,handle_s=ser_time,contact_type=type,agent=server,caller_id=customer_id \\
    --values outcome:AGENT=answered,HANG=abandoned,PHANTOM=skip,agent:NO_SERVER=,caller_id:0=";

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The contact-records file.
    #[arg(value_name = "RECORDS")]
    pub records: PathBuf,
    /// Take agent groups (staffing or shifts, breaks, absence, targets) from this scenario instead
    /// of estimating the staffing from the agents seen serving.
    #[arg(long, value_name = "SCENARIO")]
    pub base: Option<String>,
    /// Map ccsim's column names to the file's headers: NAME=HEADER,… (repeatable).
    #[arg(long, value_name = "NAME=HEADER,…")]
    pub columns: Vec<String>,
    /// Map the file's values to ccsim's: COLUMN:FROM=TO,FROM=TO,… (repeatable); an empty TO
    /// makes a caller or agent unknown.
    #[arg(long, value_name = "COLUMN:FROM=TO,…")]
    pub values: Vec<String>,
    /// strftime format of the date column (e.g. %y%m%d), or of arrival when there is no date column.
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
    /// Interval length of the calibrated scenario (default: the base's, else 30).
    #[arg(long, value_name = "M")]
    pub interval_minutes: Option<u32>,
    /// A new contact of the same caller within this many minutes of an abandonment is a redial.
    #[arg(long, value_name = "MIN", default_value_t = 60.0)]
    pub redial_window_minutes: f64,
    /// Replications per simulation step of the availability fit.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 20)]
    pub replications: u32,
    /// Most simulation steps of the availability fit.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_steps: u32,
    /// Folder for the outputs (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub exec: ExecArgs,
}

const FORECAST_HELP: &str = "\
HISTORY FORMAT (docs/history.md):
  interval_start,contact_type,offered[,handled,abandoned,aht_s,asa_s]
  2024-03-04T08:00,retail,41,39,2,312.5,14.2
  A day without rows is missing data (holiday, outage), never zero; inside a day with rows a
  missing interval is zero. The interval length (5, 10, 15, 30, 60 min) is inferred.

METHODS:
  seasonal-naive  the same interval of the same weekday last week (or the latest such day)
  weekday-mean    mean of the same weekday over the last 4 usable weeks
  level-trend     damped-trend exponential smoothing of daily totals with weekday factors,
                  times an intraday profile per weekday (last 8 weeks)
  auto            per contact type, the method with the lowest interval WAPE in the backtest

OUTPUT FILES (--out DIR; nothing is written when the input is invalid):
  forecast.csv        interval_start,contact_type,forecast,lo80,hi80[,aht_s]
  backtest.csv        per type and method: origins, days scored, WAPE per interval and per day,
                      bias, MASE against seasonal naive; `chosen` marks the method used
  scenario.toml       a runnable scenario of the forecast days (on --base, or a default one)
  forecast-TYPE.svg/.png   the last weeks of history, the forecast and its 80 % band
  report.html         the backtest table, warnings and plots

EXAMPLE:
  ccsim forecast history.csv --start 2024-03-11 --days 7 --out fc/
  ccsim run fc/scenario.toml
";

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Interval history CSV (or TSV / semicolon-separated).
    #[arg(value_name = "HISTORY")]
    pub history: PathBuf,
    /// First forecast day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub start: String,
    /// Number of forecast days.
    #[arg(long, value_name = "N", default_value_t = 7)]
    pub days: usize,
    /// Interval length of the forecast (a multiple of the history's). Default: the base
    /// scenario's with --base, else the history's.
    #[arg(long, value_name = "M")]
    pub interval_minutes: Option<u32>,
    /// auto, seasonal-naive, weekday-mean or level-trend.
    #[arg(long, value_name = "METHOD", default_value = "auto")]
    pub method: String,
    /// CSV of special days `date[,factor][,name]` (with a header line): left out of fitting and
    /// backtest scoring; a forecast day on one is multiplied by its factor.
    #[arg(long, value_name = "FILE")]
    pub special_days: Option<PathBuf>,
    /// Map the file's headers to ccsim's column names, e.g. offered=Calls,interval_start=DateTime.
    /// Columns: interval_start, contact_type, offered, handled, abandoned, aht_s, asa_s.
    #[arg(long, value_name = "NAME=HEADER")]
    pub columns: Vec<String>,
    /// The contact type of every row when the file has no contact_type column.
    #[arg(long, value_name = "ID", default_value = "calls")]
    pub contact_type: String,
    /// Backtest origins (the latest ones, one week apart).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub origins: usize,
    /// Base scenario (file or bundled name): its groups, shifts and targets; contact types are
    /// matched by id.
    #[arg(long, value_name = "SCENARIO")]
    pub base: Option<String>,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    pub format: OutFormat,
    /// Write forecast.csv, backtest.csv, scenario.toml, plots and report.html into this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// No progress messages on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ErlangArgs {
    /// Arriving calls per hour.
    #[arg(long, value_name = "RATE", allow_negative_numbers = true)]
    pub calls_per_hour: f64,
    /// Average handle time in seconds (talk + wrap-up).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub aht: f64,
    /// Mean patience in seconds: adds Erlang A (callers abandon). Omit for Erlang B and C only.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub patience: Option<f64>,
    /// Number of agents to evaluate.
    #[arg(long, value_name = "N")]
    pub agents: Option<u32>,
    /// Service-level threshold in seconds ("answered within T").
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 20.0,
        allow_negative_numbers = true
    )]
    pub threshold: f64,
    /// Target service level as a fraction (0.8 = 80 %): prints the fewest agents that reach it.
    #[arg(long, value_name = "SL", allow_negative_numbers = true)]
    pub target: Option<f64>,
    /// Target maximum abandonment rate as a fraction (needs --patience): fewest agents for it.
    #[arg(long, value_name = "RATE", allow_negative_numbers = true)]
    pub max_abandon: Option<f64>,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    pub format: OutFormat,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file or bundled scenario name.
    #[arg(value_name = "SCENARIO")]
    pub scenario: String,
    /// What to print on stdout (json prints {"valid": …, "errors": […]} or the model summary).
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    pub format: OutFormat,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Part files (part-K-of-N.json) or folders containing them.
    #[arg(value_name = "PARTS", required = true)]
    pub parts: Vec<PathBuf>,
    /// Merge even when shards are missing (the result is marked partial).
    #[arg(long)]
    pub allow_partial: bool,
    /// Show every KPI in the table, not only the main ones.
    #[arg(long)]
    pub all_kpis: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ScenariosArgs {
    /// Print this bundled scenario's file (TOML).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}
