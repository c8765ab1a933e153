//! Shared pieces of the ccsim benchmarks (`benches/benches/*.rs`) and of the measurement
//! binaries (`peer_ccsim`, `rss`, `profile_single_queue`): the M/M/n+M reference model, the
//! shipped scenarios, the Monte Carlo fold/reduce the CLI uses, KPI extraction, peak RSS and the
//! schedule-generation workloads ([`schedule`]).
//!
//! Methodology and results: `docs/performance.md`.

pub mod schedule;

use rayon::prelude::*;
use sim_core::kpi;
use sim_core::tally::ReplicationTally;
use sim_core::{run_replication, Format, Model, Summary};
use std::path::PathBuf;

/// Seed used by every benchmark (results are fully determined by it).
pub const SEED: u64 = 20_240_601;

/// The M/M/n+M ("Erlang A") reference model: Poisson arrivals, exponential handle times,
/// exponential patience, `agents` identical agents on duty for the whole horizon, one FIFO queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmnM {
    pub agents: u32,
    /// λ, contacts per second.
    pub lambda_per_s: f64,
    /// 1/μ, mean handle time in seconds.
    pub aht_s: f64,
    /// 1/θ, mean patience in seconds.
    pub patience_s: f64,
    /// Horizon in days.
    pub days: u32,
    /// Statistics start after this many minutes (the run starts empty).
    pub warmup_min: f64,
    /// Service-level threshold ("answered within T seconds").
    pub threshold_s: f64,
}

impl MmnM {
    /// `agents` agents, AHT 300 s, mean patience 600 s, offered load `rho × agents` Erlangs,
    /// one day, one hour of warm-up, SL threshold 20 s.
    pub fn new(agents: u32, rho: f64) -> MmnM {
        let aht_s = 300.0;
        MmnM {
            agents,
            lambda_per_s: rho * agents as f64 / aht_s,
            aht_s,
            patience_s: 600.0,
            days: 1,
            warmup_min: 60.0,
            threshold_s: 20.0,
        }
    }

    /// The bench's single-queue day: 100 agents at 95 % offered load (≈ 27,360 contacts).
    pub fn single_queue_day() -> MmnM {
        MmnM::new(100, 0.95)
    }

    pub fn with_days(mut self, days: u32) -> MmnM {
        self.days = days;
        self
    }

    pub fn horizon_s(&self) -> f64 {
        self.days as f64 * 86_400.0
    }

    /// Expected arrivals over the whole horizon (warm-up included).
    pub fn expected_contacts(&self) -> f64 {
        self.lambda_per_s * self.horizon_s()
    }

    /// The scenario file text (TOML), as a planner would write it.
    pub fn toml(&self) -> String {
        format!(
            r#"version = 1
name = "M/M/{n}+M bench ({n} agents)"
interval_minutes = 30
days = {days}
warmup_minutes = {warmup}

[[contact_types]]
id = "calls"
channel = "voice"
arrivals = {{ rate_per_hour = {rate_h:?} }}
handle_time = {{ dist = "exponential", mean = {aht:?} }}
patience = {{ dist = "exponential", mean = {pat:?} }}
service_level = {{ threshold_s = {thr:?}, target = 0.8 }}

[[agent_groups]]
id = "agents"
skills = ["calls"]
staffing = {{ constant = {n} }}
"#,
            n = self.agents,
            days = self.days,
            warmup = self.warmup_min,
            rate_h = self.lambda_per_s * 3600.0,
            aht = self.aht_s,
            pat = self.patience_s,
            thr = self.threshold_s,
        )
    }

    /// The compiled model (panics on a bug in [`MmnM::toml`]).
    pub fn model(&self) -> Model {
        Model::from_text(&self.toml(), Format::Toml)
            .unwrap_or_else(|e| panic!("M/M/n+M model: {e:?}"))
    }
}

/// Path of a shipped scenario, `scenarios/<name>.toml` at the repository root.
pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("scenarios")
        .join(format!("{name}.toml"))
}

/// Reads and compiles a shipped scenario at run time (so the benches follow edits of the file
/// without a rebuild).
pub fn load_scenario(name: &str) -> Model {
    let path = scenario_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read scenario {}: {e}", path.display()));
    Model::from_text(&text, Format::Toml)
        .unwrap_or_else(|e| panic!("scenario {} does not compile: {e:?}", path.display()))
}

/// Runs replications `0..n` in the current rayon pool with the CLI's fold/reduce and exact merge.
pub fn montecarlo(model: &Model, seed: u64, n: u32) -> Summary {
    (0..n)
        .into_par_iter()
        .fold(
            || Summary::new(model, seed),
            |mut s, r| {
                s.add(model, &run_replication(model, seed, r));
                s
            },
        )
        .reduce(
            || Summary::new(model, seed),
            |mut a, b| {
                a.merge(&b).expect("parts of one run merge");
                a
            },
        )
}

/// The KPIs the peer comparison prints (all contacts that arrived after the warm-up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeerKpis {
    /// Contacts that reached the queue after the warm-up.
    pub offered: f64,
    /// Answered within the threshold / offered.
    pub service_level: f64,
    /// Abandoned / offered.
    pub abandon_rate: f64,
    /// Mean wait of answered contacts, seconds.
    pub asa_s: f64,
    /// Busy agent time / staffed agent time after the warm-up.
    pub occupancy: f64,
}

/// Extracts [`PeerKpis`] from one replication's tallies.
pub fn peer_kpis(model: &Model, tally: &ReplicationTally) -> PeerKpis {
    let (k, _) = kpi::replication_kpis(model, tally);
    let (c, g) = (&k.overall.contacts, &k.overall.agents);
    PeerKpis {
        offered: c.offered,
        service_level: c.service_level,
        abandon_rate: c.abandon_rate,
        asa_s: c.asa_s,
        occupancy: g.occupancy,
    }
}

/// Peak resident set size of this process in KiB (`VmHWM` of `/proc/self/status`; Linux only).
pub fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// True when a bench binary runs as a test (`cargo test --benches`, `cargo bench -- --test`):
/// criterion then runs each routine once, and the benches shrink their workloads to match.
pub fn quick_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench")
}

/// Median of a list of timings (seconds); NaN when empty.
pub fn median(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family;
    use sim_core::analytic::erlang_a_metrics;

    #[test]
    fn single_queue_day_is_about_95_percent_loaded() {
        let m = MmnM::single_queue_day();
        assert!((m.lambda_per_s * m.aht_s / m.agents as f64 - 0.95).abs() < 1e-12);
        assert!((m.expected_contacts() - 27_360.0).abs() < 1e-6);
        let model = m.model();
        assert_eq!(model.agent_count(), 100);
        assert_eq!(model.horizon_s, 86_400.0);
    }

    /// The simulated KPIs of the reference model agree with the exact Erlang A formulas, so the
    /// benches time a model that computes the right thing: 20 one-day replications, each exact
    /// value inside the simulated interval of the mean. One statistical family of 4 checks,
    /// family-wise false-failure rate 0.1 %, Bonferroni per-check level (docs/testing.md).
    #[test]
    fn reference_model_matches_erlang_a() {
        let f = family::Family::new("bench model vs Erlang A", 4, 1e-3);
        let m = MmnM::single_queue_day();
        let model = m.model();
        let exact = erlang_a_metrics(
            m.lambda_per_s,
            m.aht_s,
            m.patience_s,
            m.agents,
            m.threshold_s,
        );
        let mut k: [Vec<f64>; 4] = Default::default();
        for r in 0..20 {
            let t = run_replication(&model, SEED, r);
            // about two events per contact (arrival, answer or abandonment); 1.5 leaves room for
            // the Poisson count of one day (±0.6 %)
            assert!(
                t.events as f64 > 1.5 * m.expected_contacts(),
                "{} events for {} expected contacts",
                t.events,
                m.expected_contacts()
            );
            let p = peer_kpis(&model, &t);
            let measured_s = m.horizon_s() - 60.0 * m.warmup_min;
            k[0].push(p.offered / (m.lambda_per_s * measured_s));
            k[1].push(p.service_level);
            k[2].push(p.abandon_rate);
            k[3].push(p.occupancy);
        }
        f.mean_covers("offered / expected", &k[0], 1.0);
        f.mean_covers("service level", &k[1], exact.service_level);
        f.mean_covers("abandonment", &k[2], exact.abandon_rate);
        f.mean_covers("occupancy", &k[3], exact.occupancy);
    }

    #[test]
    fn montecarlo_merges_every_replication_in_any_pool() {
        let model = MmnM::new(10, 0.9).model();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let a = one.install(|| montecarlo(&model, SEED, 6));
        let b = two.install(|| montecarlo(&model, SEED, 6));
        assert_eq!(a.count(), 6);
        assert_eq!(a, b);
    }

    #[test]
    fn median_of_odd_and_even_lists() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn peak_rss_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_kib().unwrap_or(0) > 0);
        }
    }
}

/// The statistical check families shared with sim-core's tests (one implementation; the file
/// takes `stats` from its parent module).
#[cfg(test)]
use sim_core::stats;
#[cfg(test)]
#[path = "../../sim-core/tests/common/family.rs"]
mod family;
