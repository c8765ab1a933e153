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
    // schedule.rs parse_weekday slices a non-ASCII string at byte 3 (panics)
    let weekday_strings = s
        .start_weekday
        .iter()
        .chain(
            s.agent_groups
                .iter()
                .flat_map(|g| g.shifts.iter().filter_map(|x| x.days.as_ref()).flatten()),
        )
        .chain(
            s.agent_groups
                .iter()
                .flat_map(|g| g.off_phone.iter().filter_map(|x| x.days.as_ref()).flatten()),
        );
    for d in weekday_strings {
        let l = d.trim().to_ascii_lowercase();
        if l.len() >= 3 && !l.is_char_boundary(3) {
            return Some("weekday-non-ascii-panic");
        }
    }
    // agents are expanded one plan per agent (and per shift per day) before the max_agents limit
    // is checked: a huge count allocates without bound
    let days = s.days.clamp(1, 3660) as u64;
    let mut agents = 0u64;
    let mut agent_shifts = 0u64;
    for g in &s.agent_groups {
        if let Some(st) = &g.staffing {
            agents += st.constant.unwrap_or(0) as u64;
            agents += st
                .per_interval
                .as_ref()
                .and_then(|l| l.iter().max())
                .copied()
                .unwrap_or(0) as u64;
        }
        for sh in &g.shifts {
            agents += sh.agents as u64;
            agent_shifts += sh.agents as u64 * (days + 1);
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
    if agents > 200_000 {
        return Some("agents-expanded-before-limit");
    }
    if agent_shifts > 2_000_000 {
        return Some("agent-shifts-unbounded");
    }
    // per-interval vectors (types + groups) × intervals of the horizon
    let ipd = if s.interval_minutes > 0 && 1440 % s.interval_minutes == 0 {
        (1440 / s.interval_minutes) as u64
    } else {
        48
    };
    let cells = days * ipd * (s.contact_types.len() + s.agent_groups.len()) as u64;
    if cells > 20_000_000 {
        return Some("per-interval-memory-unbounded");
    }
    None
}

/// Known bugs visible in an accepted model: validation let through something it should refuse.
pub fn known_bug_after_compile(s: &Scenario, m: &Model) -> Option<&'static str> {
    if m.types.len() != s.contact_types.len() {
        return Some("dist-overflow-drops-contact-type");
    }
    for (t, spec) in m.types.iter().zip(&s.contact_types) {
        let dropped = (spec.wrap_up.is_some() && t.wrap.is_none())
            || (spec.patience.is_some() && t.patience.is_none())
            || (spec.retry.is_some() && t.retry.is_none())
            || (spec.self_service.is_some() && t.self_service.is_none())
            || (spec.fcr.is_some() && t.fcr.is_none());
        if dropped {
            return Some("dist-overflow-drops-option");
        }
        if t.rate_per_s.iter().any(|r| !r.is_finite()) {
            return Some("non-finite-arrival-rate-accepted");
        }
        if !(t.mean_handle_s.is_finite() && t.mean_wrap_s.is_finite())
            || t.mean_patience_s.is_some_and(|p| !p.is_finite())
        {
            return Some("infinite-mean-accepted");
        }
    }
    None
}

/// Parses and validates `text`; panics when an invariant is broken (a new bug).
pub fn check_input(text: &str, format: Format) -> Outcome {
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
    Outcome::Accepted
}
