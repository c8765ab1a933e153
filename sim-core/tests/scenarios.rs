//! The bundled scenarios (`scenarios/*.toml`): each parses, validates, runs, conserves contacts and
//! round-trips through JSON; and each still shows what its comments promise (the calibrated
//! baseline, the mentors change, the shape of the bank, the spike; Erlang C for the trainer is in
//! erlang_agreement.rs).

use sim_core::model::Channel;
use sim_core::tally::ReplicationTally;
use sim_core::{compare, run_batch, run_replication, Format, Limits, Model, Scenario};
use std::path::PathBuf;

const BUNDLED: [&str; 5] = [
    "customer-care-24x7",
    "customer-care-mentors",
    "multi-skill-bank",
    "volume-spike",
    "trainer-single-queue",
];

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios")
}

fn text(name: &str) -> String {
    let p = scenarios_dir().join(format!("{name}.toml"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load(name: &str) -> Model {
    Model::from_text(&text(name), Format::Toml)
        .unwrap_or_else(|e| panic!("{name}.toml does not validate:\n{e}"))
}

/// The scenario file as parsed (not compiled).
fn parse(name: &str) -> Scenario {
    Scenario::parse(&text(name), Format::Toml)
        .unwrap_or_else(|e| panic!("{name}.toml does not parse:\n{e}"))
}

/// Every `*.toml` in scenarios/ (so a newly added scenario is covered too).
fn all_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios/")
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "toml").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    v.sort();
    v
}

fn assert_conserved(name: &str, m: &Model, t: &ReplicationTally) {
    for (i, c) in t.by_type.iter().enumerate() {
        let out = c.handled + c.abandoned + c.blocked + c.callbacks + c.in_system_end;
        assert_eq!(
            c.offered, out,
            "{name} replication {}: type {} offered {} ≠ handled {} + abandoned {} + blocked {} + callbacks {} + in system {}",
            t.replication, m.types[i].id, c.offered, c.handled, c.abandoned, c.blocked, c.callbacks, c.in_system_end
        );
        // self-service: every arrival is deflected, offered, skipped past busy ports or still in
        // the IVR at the end (first attempts only: redials, repeats, transfers and accepted
        // callbacks are offered without an arrival of their own)
        let callbacks_in: f64 = m
            .types
            .iter()
            .zip(&t.by_type)
            .filter(|(u, _)| u.callback.is_some_and(|cb| cb.to == i))
            .map(|(_, x)| x.callbacks)
            .sum();
        let first_offers = c.offered - c.retries - c.repeats - c.transfers_in - callbacks_in;
        assert!(
            c.deflected + first_offers <= c.arrivals + 1e-9,
            "{name}: type {} has more deflected + first offers than arrivals",
            m.types[i].id
        );
    }
    for (g, x) in t.by_group.iter().enumerate() {
        assert!(
            x.busy_s <= x.staffed_s + 1e-6,
            "{name}: group {g} busy above staffed"
        );
        assert!(
            x.break_s + x.off_phone_s + x.absent_s <= x.paid_s + 1e-6,
            "{name}: group {g} shrinkage above paid time"
        );
    }
}

#[test]
fn the_five_bundled_scenarios_are_present() {
    let files = all_files();
    for name in BUNDLED {
        assert!(
            files.iter().any(|f| f == name),
            "scenarios/{name}.toml is missing"
        );
    }
}

#[test]
fn every_scenario_validates_runs_and_conserves_contacts() {
    for name in all_files() {
        let m = load(&name);
        let reps = if m.n_intervals > 48 { 2 } else { 3 };
        for r in 0..reps {
            let t = run_replication(&m, 42, r);
            assert_conserved(&name, &m, &t);
            let offered: f64 = t.by_type.iter().map(|c| c.offered).sum();
            let handled: f64 = t.by_type.iter().map(|c| c.handled).sum();
            assert!(
                offered > 0.0 && handled > 0.5 * offered,
                "{name}: offered {offered}, handled {handled}"
            );
        }
        // the report can be built and serialised
        let summary = run_batch(&m, 42, 0..2);
        let report = summary.report(&m);
        assert_eq!(report.replications, 2);
        serde_json::to_string(&report).expect("report serialises");
    }
}

#[test]
fn every_scenario_round_trips_through_json() {
    for name in all_files() {
        let s = Scenario::parse(&text(&name), Format::Toml).expect("parses");
        let json = s.to_json();
        let back = Scenario::parse(&json, Format::Json)
            .unwrap_or_else(|e| panic!("{name}: its JSON does not parse back: {e}"));
        assert_eq!(
            s, back,
            "{name}: TOML → JSON → Scenario changed the scenario"
        );
        // and the compiled models behave identically
        let a = Model::compile(&s, Limits::default()).expect("valid");
        let b = Model::compile(&back, Limits::default()).expect("valid");
        assert_eq!(
            run_replication(&a, 5, 0),
            run_replication(&b, 5, 0),
            "{name}"
        );
    }
}

#[test]
fn every_scenario_round_trips_through_toml() {
    for name in all_files() {
        let s = Scenario::parse(&text(&name), Format::Toml).expect("parses");
        let toml = s.to_toml();
        assert!(!toml.is_empty(), "{name}: to_toml produced nothing");
        let back = Scenario::parse(&toml, Format::Toml)
            .unwrap_or_else(|e| panic!("{name}: its TOML does not parse back: {e}"));
        assert_eq!(s, back, "{name}");
    }
}

// ------------------------------------------------------------------------------------------ customer care

fn type_values(s: &sim_core::Summary, m: &Model, ty: &str, kpi: &str) -> Vec<f64> {
    let t = m.types.iter().position(|x| x.id == ty).expect("type");
    let k = sim_core::kpi::index_of(sim_core::kpi::CONTACT_KPIS, kpi).expect("kpi");
    s.type_values(t, k)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// The baseline is calibrated to the documents' "before" state: ~5 % missed calls and ~81 % of
/// written requests answered within 15 minutes, with 20 agents and ~1,250 contacts a day.
#[test]
fn customer_care_baseline_matches_the_documents_before_state() {
    let m = load("customer-care-24x7");
    assert_eq!(m.agent_count(), 20);
    let written = m.types.iter().find(|t| t.id == "written").expect("written");
    assert_eq!(written.channel, Channel::Email);
    assert_eq!(
        (written.sl_threshold_s, written.sl_target),
        (900.0, Some(0.85))
    );
    let calls = m.types.iter().find(|t| t.id == "calls").expect("calls");
    assert_eq!(calls.max_abandon_rate, Some(0.03));
    let s = run_batch(&m, 1, 0..40);
    let abandon = mean(&type_values(&s, &m, "calls", "abandon_rate"));
    let written_sl = mean(&type_values(&s, &m, "written", "service_level"));
    assert!(
        (0.035..0.065).contains(&abandon),
        "missed calls {abandon:.4}"
    );
    assert!(
        (0.76..0.86).contains(&written_sl),
        "written within 15 min {written_sl:.4}"
    );
    // ~1,250 contacts offered a day (the warm-up day excluded: 7 measured days)
    let per_day = (mean(&type_values(&s, &m, "calls", "offered"))
        + mean(&type_values(&s, &m, "written", "offered")))
        / 7.0;
    assert!(
        (1150.0..1350.0).contains(&per_day),
        "{per_day} contacts a day"
    );
}

/// The mentors scenario keeps the desk (ids, people, schedules, forecast) and changes only what
/// its header lists; paired with common random numbers it shows fewer missed calls and more
/// written requests answered within 15 minutes.
#[test]
fn customer_care_mentors_changes_only_the_marked_parts_and_improves() {
    let base = load("customer-care-24x7");
    let after = load("customer-care-mentors");
    let ids = |m: &Model| {
        (
            m.types.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
            m.groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(ids(&base), ids(&after));
    for (a, b) in base.groups.iter().zip(&after.groups) {
        assert_eq!(a.agents.len(), b.agents.len(), "group {}", a.id);
        for (pa, pb) in a.agents.iter().zip(&b.agents) {
            let spans = |p: &sim_core::schedule::AgentPlan| {
                p.shifts
                    .iter()
                    .map(|s| (s.start, s.end))
                    .collect::<Vec<_>>()
            };
            assert_eq!(spans(pa), spans(pb), "same shifts in group {}", a.id);
        }
    }
    let (sb, sa) = (
        &parse("customer-care-24x7"),
        &parse("customer-care-mentors"),
    );
    for (tb, ta) in sb.contact_types.iter().zip(&sa.contact_types) {
        assert_eq!(tb.arrivals, ta.arrivals, "same forecast of first contacts");
        assert_eq!(tb.handle_time, ta.handle_time);
        assert_eq!(tb.patience, ta.patience);
        let (fb, fa) = (tb.fcr.as_ref().unwrap(), ta.fcr.as_ref().unwrap());
        assert!(fa.rate > fb.rate, "FCR improves");
        assert_eq!(tb.self_service.as_ref().unwrap().deflection, 0.0);
        assert_eq!(ta.self_service.as_ref().unwrap().deflection, 0.2);
    }
    let seniors = after.groups.iter().find(|g| g.id == "seniors").unwrap();
    let share: f64 = sa.agent_groups[2]
        .off_phone
        .iter()
        .filter_map(|o| o.share)
        .sum();
    assert_eq!(seniors.id, sa.agent_groups[2].id);
    assert!(share >= 0.5, "mentors spend most of their time off-phone");

    let (rb, ra) = (run_batch(&base, 1, 0..30), run_batch(&after, 1, 0..30));
    let diffs = compare(&rb, &ra);
    let find = |scope: sim_core::Scope, id: &str, kpi: &str| {
        diffs
            .iter()
            .find(|d| d.scope == scope && d.id == id && d.kpi == kpi)
            .unwrap_or_else(|| panic!("{scope:?} {id}.{kpi}"))
    };
    let ab = find(sim_core::Scope::Type, "calls", "abandon_rate");
    assert!(
        ab.significant && ab.diff.unwrap() < 0.0,
        "missed calls: {ab:?}"
    );
    let sl = find(sim_core::Scope::Type, "written", "service_level");
    assert!(
        sl.significant && sl.diff.unwrap() > 0.0,
        "written within 15 min: {sl:?}"
    );
    let off = find(sim_core::Scope::Group, "seniors", "shrinkage");
    assert!(
        off.diff.unwrap() > 0.5,
        "mentors' shrinkage rises by their off-phone share"
    );
}

// ------------------------------------------------------------------------------------------ trainer

// The trainer scenario against Erlang C: tests/erlang_agreement.rs (one statistical family).

// ------------------------------------------------------------------------------------------ bank

/// The bank has the promised shape: ≥ 150 agents, ≥ 6 contact types over voice, chat and e-mail,
/// ≥ 5 groups with overlapping skills, overflow delays, distinct priorities, a 7-day horizon with
/// weekday and intraday profiles, shifts with breaks, chat concurrency and an e-mail queue.
#[test]
fn multi_skill_bank_has_the_promised_shape() {
    let m = load("multi-skill-bank");
    let s = &parse("multi-skill-bank");
    assert!(m.agent_count() >= 150, "{} agents", m.agent_count());
    assert!(m.types.len() >= 6 && m.groups.len() >= 5);
    assert_eq!(s.days, 7);
    for ch in [Channel::Voice, Channel::Chat, Channel::Email] {
        assert!(m.types.iter().any(|t| t.channel == ch));
    }
    assert!(m.types.iter().any(|t| t.concurrency > 1));
    let shared = m.types.iter().filter(|t| t.route.len() >= 2).count();
    assert!(
        shared >= 4,
        "only {shared} types are served by several groups"
    );
    assert!(m
        .groups
        .iter()
        .any(|g| g.overflow_delay_s.iter().any(|&d| d > 0.0)));
    let mut prios: Vec<i32> = m.types.iter().map(|t| t.priority).collect();
    prios.sort();
    prios.dedup();
    assert!(prios.len() >= 4, "priorities {prios:?}");
    assert!(s
        .contact_types
        .iter()
        .all(|t| t.arrivals.weekday_factors.is_some() || t.arrivals.rate_per_hour == Some(0.0)));
    assert!(s.contact_types.iter().any(|t| t.arrivals.profile.is_some()));
    assert!(s.agent_groups.iter().all(|g| !g.shifts.is_empty()));
    assert!(s
        .agent_groups
        .iter()
        .flat_map(|g| &g.shifts)
        .all(|sh| !sh.breaks.is_empty()));
}

// ------------------------------------------------------------------------------------------ spike

/// The spike scenario triples the volume from 11:00 to 12:00 and nowhere else; the service level
/// of contacts arriving in that hour collapses compared with the morning before it.
#[test]
fn volume_spike_triples_one_hour() {
    let m = load("volume-spike");
    let t = &m.types[0];
    let i = |h: f64| (h * 2.0) as usize; // 30-minute intervals
    assert!((t.rate_per_s[i(11.0)] / t.rate_per_s[i(10.5)] - 3.0).abs() < 0.01);
    assert!((t.rate_per_s[i(11.5)] / t.rate_per_s[i(12.0)] - 324.0 / 102.0).abs() < 0.01);
    let tripled = t
        .rate_per_s
        .iter()
        .zip(t.rate_per_s.iter().skip(1))
        .filter(|(a, b)| **b > 2.5 * **a && **a > 0.0)
        .count();
    assert_eq!(tripled, 1, "exactly one jump");
    let s = run_batch(&m, 4, 0..20);
    let report = s.report(&m);
    let sl = |k: usize| {
        report.by_interval[k]
            .kpis
            .get("service_level")
            .unwrap()
            .mean
            .unwrap()
    };
    assert!(
        sl(i(11.0)) < 0.5 * sl(i(9.5)),
        "SL 11:00 {} vs 09:30 {}",
        sl(i(11.0)),
        sl(i(9.5))
    );
}

// ------------------------------------------------------------------------------------------ docs

fn doc(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn collect_keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                // the keys of these maps are contact type ids, not field names
                if k != "proficiency" && k != "overflow_delay_s" {
                    collect_keys(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_keys(x, out)),
        _ => {}
    }
}

/// docs/scenario.md names every field of the schema (a scenario that sets every field, parsed and
/// written back as JSON, gives the full list) and every distribution.
#[test]
fn docs_scenario_md_covers_every_field() {
    let every_field = r#"
version = 1
name = "all fields"
description = "x"
interval_minutes = 30
days = 1
start_weekday = "mon"
warmup_minutes = 0
short_abandon_s = 5
costs = { agent_hour = 1, overtime_factor = 1.5 }
[[contact_types]]
id = "a"
channel = "voice"
arrivals = { rate_per_hour = 1, weekday_factors = [1, 1, 1, 1, 1, 1, 1], volume_cv = 0.1, scale = 1 }
handle_time = { dist = "lognormal", mean = 1, sd = 1 }
wrap_up = { dist = "gamma", mean = 1, cv = 1 }
patience = { dist = "weibull", shape = 1, scale = 1 }
service_level = { threshold_s = 20, target = 0.8 }
max_abandon_rate = 0.1
priority = 1
queue_capacity = 5
chat = { concurrency = 2, slowdown = 0.1 }
retry = { probability = 0.5, delay = { dist = "uniform", min = 1, max = 2 } }
self_service = { deflection = 0.1, duration = { dist = "constant", value = 1 }, ports = 3 }
fcr = { rate = 0.9, repeat_delay = { dist = "empirical", samples = [1] }, repeat_as = "b" }
transfers = [{ to = "b", share = 0.1 }]
callback = { offer_when_wait_s = 60, accept_share = 0.5, to = "b" }
route_to = ["g"]
[[contact_types]]
id = "b"
arrivals = { per_interval = [1] }
handle_time = { dist = "exponential", mean = 1 }
[[contact_types]]
id = "c"
arrivals = { per_day = 1, profile = [1] }
handle_time = { dist = "exponential", mean = 1 }
[[agent_groups]]
id = "g"
skills = ["a"]
staffing = { constant = 1, per_interval = [1] }
absence = 0.1
off_phone = [{ activity = "x", start = "10:00", minutes = 1, share = 0.1, agents = 1, days = ["mon"] }]
proficiency = { a = 1 }
speed_factor = 1
overflow_delay_s = { a = 1 }
cost_per_hour = 1
[[agent_groups.shifts]]
start = "08:00"
end = "16:00"
agents = 1
days = ["mon"]
breaks = [{ at = "10:00", after = "02:00", minutes = 15, window_minutes = 30, name = "b" }]
"#;
    let s = Scenario::parse(every_field, Format::Toml).expect("parses");
    let mut keys = std::collections::BTreeSet::new();
    collect_keys(&serde_json::from_str(&s.to_json()).unwrap(), &mut keys);
    assert!(keys.len() > 60, "{keys:?}");
    let text = doc("scenario.md");
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !text.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scenario.md does not mention {missing:?}"
    );
    for d in [
        "exponential",
        "constant",
        "uniform",
        "lognormal",
        "gamma",
        "weibull",
        "empirical",
    ] {
        assert!(
            text.contains(&format!("`{d}`")),
            "distribution {d} undocumented"
        );
    }
}

/// docs/kpis.md defines every KPI the reports contain.
#[test]
fn docs_kpis_md_covers_every_kpi() {
    use sim_core::kpi::{CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS};
    let text = doc("kpis.md");
    let missing: Vec<&str> = CONTACT_KPIS
        .iter()
        .chain(GROUP_KPIS)
        .chain(INTERVAL_KPIS)
        .map(|d| d.id)
        .filter(|k| !text.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/kpis.md does not define {missing:?}"
    );
}
