use super::*;
use crate::family::Family;
use crate::scenario::Format;
use crate::tally::ContactTally;

/// A small morning center that is overloaded around the stop time (a real queue, agents on
/// breaks, a shift that starts later, absence) with handle time, wrap-up and patience of the
/// given kind: `lognormal` (heavy tails, where a fresh draw is wrong) or `exponential`.
fn morning(kind: &str) -> Scenario {
    let (handle, patience) = match kind {
        "lognormal" => (
            r#"{ dist = "lognormal", mean = 240, sd = 480 }"#,
            r#"{ dist = "lognormal", mean = 400, sd = 800 }"#,
        ),
        _ => (
            r#"{ dist = "exponential", mean = 240 }"#,
            r#"{ dist = "exponential", mean = 400 }"#,
        ),
    };
    let mut profile = vec!["0"; 48];
    for p in profile.iter_mut().take(24).skip(16) {
        *p = "1";
    }
    let text = format!(
        r#"
version = 1
name = "morning"
interval_minutes = 30
[[contact_types]]
id = "calls"
handle_time = {handle}
wrap_up = {{ dist = "uniform", min = 10, max = 50 }}
patience = {patience}
service_level = {{ threshold_s = 20, target = 0.8 }}
arrivals = {{ per_day = 800, profile = [{}] }}
[[agent_groups]]
id = "team"
skills = ["calls"]
absence = 0.1
shifts = [
  {{ start = "08:00", end = "16:00", agents = 6, breaks = [{{ after = "02:30", minutes = 15, window_minutes = 60 }}] }},
  {{ start = "08:00", end = "14:00", agents = 5, breaks = [{{ after = "02:00", minutes = 20, window_minutes = 90 }}] }},
  {{ start = "11:30", end = "16:00", agents = 3 }},
]
"#,
        profile.join(", ")
    );
    Scenario::parse(&text, Format::Toml).expect("valid scenario")
}

fn model(kind: &str) -> Model {
    Model::compile(&day_scenario(&morning(kind), 1), crate::Limits::default()).expect("compiles")
}

fn total(cells: impl IntoIterator<Item = ContactTally>) -> ContactTally {
    let mut t = ContactTally::default();
    for c in cells {
        t.add(&c);
    }
    t
}

/// End-of-day KPIs of one day: service level, abandonment, ASA, answered, handled.
fn kpis(t: &ContactTally) -> [f64; 5] {
    [
        t.answered_in_threshold / t.offered,
        t.abandoned / t.offered,
        t.wait_answered_sum / t.answered.max(1.0),
        t.answered,
        t.handled,
    ]
}
const NAMES: [&str; 5] = [
    "service level",
    "abandon rate",
    "ASA",
    "answered",
    "handled",
];

const STOP_S: f64 = 11.0 * 3600.0;

/// Whole days: `n` uninterrupted, and `n` stopped at 11:00, read out as a start state (through
/// its JSON text), and continued from that state with fresh random numbers (another seed). The
/// whole day of a continued run is what had finished by 11:00 plus the continuation, which counts
/// the contacts still waiting at 11:00 as offered again (so they are taken out of the first part).
fn days(kind: &str, n: u32, residual: bool) -> (Vec<[f64; 5]>, Vec<[f64; 5]>, usize) {
    let m = model(kind);
    let mut full = Vec::new();
    let mut cont = Vec::new();
    let mut carried = 0;
    for r in 0..n {
        let t = crate::run_replication(&m, 1, r);
        full.push(kpis(&total(t.by_type.iter().cloned())));

        let mut sim = Simulation::new(&m, 2, r);
        sim.advance_to(STOP_S);
        let before = sim.snapshot().totals[0].clone();
        let state = sim.start_state();
        let json = serde_json::to_string(&state).unwrap();
        let state = StartState::parse_json(&json).unwrap();
        let plan = plan(&m, &state).expect("a state read from a run fits its model");
        let waiting = plan.waiting.len() as f64;
        carried += plan.waiting.len();
        let mut closed = before;
        closed.offered -= waiting;
        closed.arrivals -= waiting;
        let after = Simulation::start_from(&m, 3, r, &plan, residual).finish();
        let whole = total([closed, total(after.by_type.iter().cloned())]);
        cont.push(kpis(&whole));
    }
    (full, cont, carried)
}

fn mean_se(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (v / n).sqrt())
}

/// Two-sample Kolmogorov–Smirnov distance.
fn ks2(a: &[f64], b: &[f64]) -> f64 {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (mut i, mut j, mut d) = (0usize, 0usize, 0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / a.len() as f64 - j as f64 / b.len() as f64).abs());
    }
    d
}

const N: u32 = 8000;

/// The test statistics of one kind: per KPI, (|Welch z| of the means, KS distance).
fn compare(kind: &str, residual: bool) -> Vec<(String, f64, f64, f64, f64)> {
    let (full, cont, carried) = days(kind, N, residual);
    assert!(
        carried as f64 / N as f64 > 5.0,
        "{kind}: the stop time should find a queue (mean {})",
        carried as f64 / N as f64
    );
    (0..5)
        .map(|k| {
            let a: Vec<f64> = full.iter().map(|x| x[k]).collect();
            let b: Vec<f64> = cont.iter().map(|x| x[k]).collect();
            let (ma, sa) = mean_se(&a);
            let (mb, sb) = mean_se(&b);
            (
                format!("{kind}: {}", NAMES[k]),
                ma,
                mb,
                (sa * sa + sb * sb).sqrt(),
                ks2(&a, &b),
            )
        })
        .collect()
}

/// Consistency of continuing from a state (docs/intraday.md, "Consistency"): the end-of-day KPIs
/// of days stopped at 11:00 and continued from their state have the same distribution as those of
/// uninterrupted days, with exponential and with log-normal handle times and patience. Per KPI a
/// Welch test of the means and a two-sample KS test; one family of 2 kinds × 5 KPIs × 2 tests,
/// family-wise false-failure rate 1e-3 (Bonferroni).
#[test]
fn continuing_from_a_state_gives_the_same_days() {
    let f = Family::new("intraday consistency", 20, 1e-3);
    for kind in ["exponential", "lognormal"] {
        for (what, ma, mb, se, d) in compare(kind, true) {
            f.within(&format!("{what}: mean"), mb, ma, se);
            f.ks(&format!("{what}: distribution"), d, (N / 2) as usize);
        }
    }
}

/// The test above can fail: with the remaining handle times and patience drawn afresh (not
/// conditioned on the time so far), the log-normal days come out different, beyond the
/// per-check critical value of the same family (2-sided, 1e-3 / 20).
#[test]
fn fresh_draws_instead_of_residual_times_are_detected() {
    let z = crate::stats::normal_quantile(1.0 - 1e-3 / 20.0 / 2.0);
    let rows = compare("lognormal", false);
    let worst = rows
        .iter()
        .map(|(what, ma, mb, se, _)| (what, ((mb - ma) / se).abs()))
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .unwrap();
    assert!(
        worst.1 > z,
        "fresh draws went undetected: largest |z| {} ({}) below {z}",
        worst.1,
        worst.0
    );
}

fn plan_of(json: &str) -> Result<StartPlan, crate::ScenarioErrors> {
    plan(&model("exponential"), &StartState::parse_json(json)?)
}

fn first_error(json: &str) -> String {
    plan_of(json).unwrap_err().0[0].to_string()
}

/// Every contradiction names its field, the value and what is allowed.
#[test]
fn contradictions_are_errors_naming_the_field() {
    let cases = [
        (
            r#"{"clock": "11:00", "groups": {"sales": {"logged_in": 3}}}"#,
            "groups.sales: unknown agent group \"sales\"; the scenario's groups: team",
        ),
        (
            r#"{"clock": "11:00", "queues": {"chat": {"waits_s": [3]}}}"#,
            "queues.chat: unknown contact type \"chat\"; the scenario's types: calls",
        ),
        (
            r#"{"clock": "11:00", "groups": {"team": {"logged_in": 3, "busy": 3, "on_break": 1}}}"#,
            "groups.team.busy: busy + on_break + off_phone (4) must not exceed logged_in (3)",
        ),
        (
            r#"{"clock": "11:00", "queues": {"calls": {"waits_s": [30, -2]}}}"#,
            "queues.calls.waits_s[1]: must be >= 0 seconds, got -2",
        ),
        (
            r#"{"clock": "25:00"}"#,
            "clock: must be a time of day \"HH:MM\" or \"HH:MM:SS\" before 24:00, got \"25:00\"",
        ),
        (
            r#"{"clock": "11:00", "day": 2}"#,
            "day: must be a day of the scenario's horizon, 1 … 1, got 2",
        ),
        (
            r#"{"clock": "01:00", "queues": {"calls": {"waiting": 2, "oldest_wait_s": 4000}}}"#,
            "queues.calls.oldest_wait_s: a wait of 4000 s started before the scenario's horizon (3600 s before the clock time)",
        ),
        (
            r#"{"clock": "11:00", "groups": {"team": {"agents": [{"status": "talking", "contact_type": "calls", "elapsed_s": -1}]}}}"#,
            "groups.team.agents[0].elapsed_s: must be >= 0 seconds, got -1",
        ),
        (
            r#"{"clock": "11:00", "groups": {"team": {"agents": [{"status": "talking"}]}}}"#,
            "groups.team.agents[0].contact_type: is needed for an agent on a contact",
        ),
        (
            r#"{"clock": "11:00", "groups": {"team": {"agents": [{"status": "idle", "agent": 99}]}}}"#,
            "groups.team.agents[0].agent: the schedule of group \"team\" has 14 agents (0 … 13), got 99",
        ),
        (
            r#"{"clock": "11:00", "groups": {"team": {"agents": [{"status": "idle", "agent": 12}]}}}"#,
            "groups.team.agents[0].agent: agent 12 of group \"team\" is not on shift at the clock time; only an agent finishing a contact may stay past their shift (list others without agent to count them as extra agents)",
        ),
        (
            r#"{"clock": "11:00", "groups": {"team": {"logged_in": 2, "busy": 1, "busy_by_type": {"calls": 2}}}}"#,
            "groups.team.busy_by_type: must add up to busy (1), got 2",
        ),
        (
            r#"{"clock": "11:00", "groups": {"team": {"logged_in": 2, "agents": []}}}"#,
            "groups.team: give either agents (each agent) or the counts logged_in, busy, on_break, off_phone, not both",
        ),
        (
            r#"{"clock": "11:00", "self_service": {"calls": {"count": 2}}}"#,
            "self_service.calls: contact type \"calls\" has no self_service in the scenario",
        ),
    ];
    for (json, want) in cases {
        assert_eq!(first_error(json), want, "{json}");
    }
    // a field of the wrong type, or an unknown one, is named by the reader
    let e = StartState::parse_json(r#"{"clock": "11:00", "queues": {"calls": {"waiting": "x"}}}"#)
        .unwrap_err();
    assert!(e.0[0].path.starts_with("queues.calls.waiting"), "{e}");
    let e = StartState::parse_json(r#"{"clock": "11:00", "queue": {}}"#).unwrap_err();
    assert!(e.to_string().contains("unknown field `queue`"), "{e}");
}

/// The simple form expands as documented: waits evenly spread below the oldest, busy agents on
/// the group's first type, away agents matched to the agents whose break is due, the rest idle,
/// agents beyond the schedule kept as extra agents, on-shift agents not logged in absent.
#[test]
fn the_simple_form_expands_as_documented() {
    let p = plan_of(
        r#"{"clock": "10:40", "groups": {"team": {"logged_in": 13, "busy": 8, "on_break": 2}},
            "queues": {"calls": {"waiting": 4, "oldest_wait_s": 100}}}"#,
    )
    .unwrap();
    assert_eq!(p.clock_s, 10.0 * 3600.0 + 40.0 * 60.0);
    assert_eq!(p.waiting, vec![(0, 100.0), (0, 75.0), (0, 50.0), (0, 25.0)]);
    // 11 scheduled agents are on shift at 10:40 (the 11:30 line is not): 2 extra agents
    assert_eq!(p.extras[0].len(), 2);
    assert_eq!(p.logged_in(), vec![13]);
    let starts = &p.agents[0];
    let away: Vec<usize> = (0..starts.len())
        .filter(|&k| matches!(starts[k], AgentStart::Away { .. }))
        .collect();
    // both lines have a break window open at 10:40 (10:30–11:30 and 10:00–11:30): the first
    // scheduled agents on shift take the two breaks
    assert_eq!(away, vec![0, 1]);
    if let AgentStart::Away {
        remaining_s,
        breaks_taken,
        ..
    } = &starts[0]
    {
        assert_eq!(*remaining_s, 15.0 * 60.0 / 2.0);
        assert_eq!(*breaks_taken, 1);
    }
    let busy = starts
        .iter()
        .chain(p.extras[0].iter().map(|x| &x.start))
        .filter(|s| matches!(s, AgentStart::Busy { .. }))
        .count();
    assert_eq!(busy, 8);
    assert!(starts[11..].iter().all(|s| *s == AgentStart::NotLoggedIn));
}
