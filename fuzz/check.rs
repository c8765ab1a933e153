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
pub fn known_bug_before_compile(_s: &Scenario) -> Option<&'static str> {
    // (fixed: non-ASCII weekday names used to panic; a single group's headcount above
    // max_agents used to be expanded before the check; the total of many groups was only checked
    // after expansion; validation was O(agents × intervals) and shift lines expanded without
    // bound (now --max-shifts); intervals × agent groups had no limit)
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
        // fixed: 1e308 × 10 × 0 = NaN passed the volume limit as "no arrivals"
        assert!(
            t.rate_per_s.iter().all(|r| r.is_finite()),
            "type {}: non-finite arrival rate accepted",
            t.id
        );
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

/// Models whose work feeds itself: some contact type makes on average at least one new contact
/// per handled contact (FCR failures + transfers), or every abandoning caller redials. Such a
/// model is legitimate and ends at the horizon (loops that take no time are refused by
/// validation), but its work is bounded only by the horizon and the agents, not by the
/// forecast: too much for the fuzz time budget, so it is not run.
fn self_sustaining(m: &Model) -> bool {
    m.types.iter().any(|t| {
        let children: f64 = t.transfers.iter().map(|x| x.share).sum::<f64>()
            + t.fcr.as_ref().map_or(0.0, |f| 1.0 - f.rate);
        children >= 1.0 || t.retry.as_ref().is_some_and(|r| r.probability >= 1.0)
    })
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
    // (fixed: callback cycles a → b → a and zero-time feedback loops used to hang the engine)
    if self_sustaining(m) {
        return None;
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
    // (fixed: validation accepted any finite value, e.g. cost_per_hour = 1e308, and products
    // overflowed to infinite KPIs)
    let (k, _) = sim_core::kpi::replication_kpis(m, &r);
    assert!(
        k.overall.values().iter().all(|v| !v.is_infinite()),
        "infinite KPI: {:?}",
        k.overall
    );
    None
}
