// The one check every fuzz input goes through, shared by the cargo-fuzz target
// (fuzz/fuzz_targets/parse_validate.rs) and the proptest harness and corpus replay
// (sim-core/tests/fuzz_inputs.rs), so a crash found by either is reproduced by both.
//
// For any text: parsing and validating never panic, return quickly, and either reject the text
// with at least one non-empty "path: message" error, or accept it as a model that is consistent
// with the scenario (every contact type and group present, finite arrival rates and means) and
// whose export (TOML and JSON) is accepted again.
//
// Known bugs are recognised and reported as `Outcome::KnownBug` instead of crashing, so fuzzing
// can go on finding new ones; each has an ignored regression test in sim-core/tests/.

#[allow(unused_imports)]
use sim_core::{Format, Limits, Model, Scenario};

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Outcome {
    /// Not a scenario file (syntax, type or unknown-field error).
    ParseError,
    /// A scenario with validation errors.
    Invalid,
    /// A valid scenario.
    Accepted,
    /// Would hit a known bug (the name says which); not run further.
    KnownBug(&'static str),
}

/// Known bugs that are detectable from the parsed scenario, before validation would crash or
/// allocate without bound.
pub fn known_bug_before_compile(s: &Scenario) -> Option<&'static str> {
    // (fixed: non-ASCII weekday names used to panic; a single group's headcount above
    // max_agents used to be expanded before the check)
    //
    // each group's headcount is checked against max_agents before its agents are expanded, but
    // not the running total: many groups just under the limit are all expanded first
    let days = s.days.clamp(1, 3660) as u64;
    let mut agents = 0u64;
    let mut agent_shifts = 0u64;
    for g in &s.agent_groups {
        // the headcount model.rs checks per group (groups above the limit are refused early)
        let headcount: u64 = match &g.staffing {
            Some(st) => st
                .constant
                .map(u64::from)
                .or_else(|| {
                    st.per_interval
                        .as_ref()
                        .and_then(|l| l.iter().max().map(|&x| x as u64))
                })
                .unwrap_or(0),
            None => g.shifts.iter().map(|sh| sh.agents as u64).sum(),
        };
        if headcount > 100_000 {
            continue;
        }
        agents += headcount;
        if g.staffing.is_none() {
            agent_shifts += headcount * (days + 1);
        }
    }
    // every agent is expanded over every interval of the horizon it covers (per-interval
    // staffing plans, scheduled headcount): O(agents × intervals), e.g. 100 000 agents × 175 680
    // half-hours of a ten-year horizon, both within the limits, validate for minutes
    let ipd_guess = if s.interval_minutes > 0 && 1440 % s.interval_minutes == 0 {
        (1440 / s.interval_minutes) as u64
    } else {
        48
    };
    if agents * days * ipd_guess > 50_000_000 {
        return Some("agent-intervals-quadratic");
    }
    if agents > 300_000 && s.agent_groups.len() > 1 {
        return Some("agents-across-groups-expanded-before-limit");
    }
    if agent_shifts > 2_000_000 {
        return Some("agent-shifts-unbounded");
    }
    // per-interval statistics are limited to 400 000 cells of intervals × (types + 1), but the
    // per-group tallies (intervals × groups) are not limited
    let ipd = if s.interval_minutes > 0 && 1440 % s.interval_minutes == 0 {
        (1440 / s.interval_minutes) as u64
    } else {
        48
    };
    if days * ipd * s.agent_groups.len() as u64 > 20_000_000 {
        return Some("per-group-interval-memory-unbounded");
    }
    None
}

/// Known bugs visible in an accepted model: validation let through something it should refuse.
/// Panics on what used to be a bug and is fixed (a regression).
pub fn known_bug_after_compile(s: &Scenario, m: &Model) -> Option<&'static str> {
    // fixed: sampler constructors that failed silently dropped the contact type or the option
    assert_eq!(
        m.types.len(),
        s.contact_types.len(),
        "contact type silently dropped"
    );
    for (t, spec) in m.types.iter().zip(&s.contact_types) {
        let dropped = (spec.wrap_up.is_some() && t.wrap.is_none())
            || (spec.patience.is_some() && t.patience.is_none())
            || (spec.retry.is_some() && t.retry.is_none())
            || (spec.self_service.is_some() && t.self_service.is_none())
            || (spec.fcr.is_some() && t.fcr.is_none());
        assert!(!dropped, "type {}: an option was silently dropped", t.id);
        // fixed: distributions with an infinite mean were accepted
        assert!(
            t.mean_handle_s.is_finite()
                && t.mean_wrap_s.is_finite()
                && t.mean_patience_s.is_none_or(|p| p.is_finite()),
            "type {}: infinite mean duration accepted",
            t.id
        );
        // open: 1e308 × 10 × 0 = NaN passes the volume limit as "no arrivals"
        if t.rate_per_s.iter().any(|r| !r.is_finite()) {
            return Some("non-finite-arrival-rate-accepted");
        }
    }
    None
}

/// Parses and validates `text`; panics when an invariant is broken (a new bug).
pub fn check_input(text: &str, format: Format) -> Outcome {
    check(text, format, false)
}

/// Like [`check_input`], and also simulates one replication of a small accepted scenario
/// (≤ 2 days, ≤ 300 agents, ≤ 10 000 expected contacts), checking conservation of contacts and
/// agent time.
#[allow(dead_code)]
pub fn check_input_and_run(text: &str, format: Format) -> Outcome {
    check(text, format, true)
}

fn check(text: &str, format: Format, run: bool) -> Outcome {
    let s = match Scenario::parse(text, format) {
        Ok(s) => s,
        Err(e) => {
            assert!(!e.0.is_empty(), "parse error without any message");
            for fe in &e.0 {
                assert!(
                    !fe.path.is_empty() && !fe.message.is_empty(),
                    "empty parse error {fe:?}"
                );
            }
            let _ = e.to_string();
            return Outcome::ParseError;
        }
    };
    if let Some(bug) = known_bug_before_compile(&s) {
        return Outcome::KnownBug(bug);
    }
    let m = match Model::compile(&s, Limits::default()) {
        Ok(m) => m,
        Err(e) => {
            assert!(!e.0.is_empty(), "validation failed without any message");
            for fe in &e.0 {
                assert!(
                    !fe.path.is_empty() && !fe.message.is_empty(),
                    "empty validation error {fe:?}"
                );
            }
            return Outcome::Invalid;
        }
    };
    if let Some(bug) = known_bug_after_compile(&s, &m) {
        return Outcome::KnownBug(bug);
    }
    assert_eq!(
        m.groups.len(),
        s.agent_groups.len(),
        "agent group silently dropped"
    );
    assert!(
        m.agent_count() <= Limits::default().max_agents,
        "agent limit not enforced"
    );
    for t in &m.types {
        assert!(
            t.rate_per_s.iter().all(|r| *r >= 0.0),
            "negative arrival rate accepted"
        );
        assert!(!t.route.is_empty(), "type {} has no route", t.id);
    }
    // the export of an accepted scenario is accepted again (TOML exactly, JSON up to float
    // parsing: see properties::json_floats_parse_exactly)
    let toml_text = s.to_toml();
    let back = Scenario::parse(&toml_text, Format::Toml)
        .unwrap_or_else(|e| panic!("exported TOML rejected: {e}\n{toml_text}"));
    assert_eq!(back, s, "TOML export changed the scenario:\n{toml_text}");
    let json_text = s.to_json();
    let from_json = Scenario::parse(&json_text, Format::Json)
        .unwrap_or_else(|e| panic!("exported JSON rejected: {e}\n{json_text}"));
    if let Err(e) = Model::compile(&from_json, Limits::default()) {
        panic!("exported JSON no longer valid: {e}\n{json_text}");
    }
    if run {
        if let Some(bug) = run_small(&m) {
            return Outcome::KnownBug(bug);
        }
    }
    Outcome::Accepted
}

/// Known engine hangs: feedback loops that create work at (nearly) the same instant forever.
fn known_hang(m: &Model) -> Option<&'static str> {
    for (i, t) in m.types.iter().enumerate() {
        // callback chains that come back to where they started and are always accepted
        let mut seen = vec![false; m.types.len()];
        let mut k = i;
        while let Some((_, accept, to)) = m.types[k].callback {
            if accept < 1.0 || seen[k] {
                break;
            }
            seen[k] = true;
            k = to;
            if k == i {
                return Some("callback-cycle-hang");
            }
        }
        let feedback = !t.transfers.is_empty() || t.fcr.is_some();
        if feedback && t.mean_handle_s + t.mean_wrap_s < 1.0 {
            return Some("zero-duration-feedback-hang");
        }
        if let Some((_, d)) = &t.retry {
            let _ = d;
            let delay = m.scenario.contact_types[i]
                .retry
                .as_ref()
                .map_or(0.0, |r| r.delay.mean());
            if t.mean_patience_s.unwrap_or(f64::INFINITY) + delay < 1.0 {
                return Some("zero-duration-feedback-hang");
            }
        }
        // more than one new contact per handled one: work grows without bound
        let children: f64 = t.transfers.iter().map(|x| x.1).sum::<f64>()
            + t.fcr.as_ref().map_or(0.0, |f| 1.0 - f.0);
        if children >= 1.0 {
            return Some("feedback-work-unbounded");
        }
    }
    None
}

/// Runs one replication of a small model and checks it; returns a known bug's name instead of
/// running into it. Large models are not run (returns None).
fn run_small(m: &Model) -> Option<&'static str> {
    let expected: f64 = m
        .types
        .iter()
        .map(|t| t.rate_per_s.iter().sum::<f64>() * m.interval_s)
        .sum();
    if m.horizon_s > 2.0 * 86_400.0
        || m.agent_count() > 300
        || expected.is_nan()
        || expected > 10_000.0
    {
        return None;
    }
    if let Some(bug) = known_hang(m) {
        return Some(bug);
    }
    let r = sim_core::run_replication(m, 7, 0);
    for (t, c) in r.by_type.iter().enumerate() {
        let out = c.handled + c.abandoned + c.blocked + c.callbacks + c.in_system_end;
        assert_eq!(c.offered, out, "type {t}: contacts not conserved: {c:?}");
        assert!(
            c.handled <= c.answered && c.answered <= c.offered,
            "type {t}: {c:?}"
        );
        assert!(
            c.wait_answered_sum >= 0.0 && c.wait_abandoned_sum >= 0.0 && c.max_wait >= 0.0,
            "type {t}: negative wait {c:?}"
        );
    }
    for (g, x) in r.by_group.iter().enumerate() {
        let eps = 1e-6 * (1.0 + x.paid_s + x.overtime_s);
        assert!(
            x.busy_s <= x.staffed_s + eps,
            "group {g}: occupancy > 1: {x:?}"
        );
        assert!(
            x.staffed_s <= x.paid_s + x.overtime_s + eps,
            "group {g}: {x:?}"
        );
    }
    let (k, _) = sim_core::kpi::replication_kpis(m, &r);
    if k.overall.iter().any(|v| v.is_infinite()) && has_huge_number(&m.scenario) {
        // validation accepts any finite value, e.g. cost_per_hour = 1e308; products overflow
        return Some("huge-values-overflow-kpis");
    }
    assert!(
        k.overall.iter().all(|v| !v.is_infinite()),
        "infinite KPI: {:?}",
        k.overall
    );
    None
}

/// Whether any number in the scenario is astronomically large (≥ 1e100).
fn has_huge_number(s: &Scenario) -> bool {
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Number(n) => n.as_f64().is_some_and(|x| x.abs() >= 1e100),
            serde_json::Value::Array(a) => a.iter().any(walk),
            serde_json::Value::Object(o) => o.values().any(walk),
            _ => false,
        }
    }
    serde_json::from_str::<serde_json::Value>(&s.to_json()).is_ok_and(|v| walk(&v))
}
