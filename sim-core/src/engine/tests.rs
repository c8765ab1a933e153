//! Engine validation against exact queueing results, conservation, Little's law, determinism,
//! and routing rules on hand-built multi-skill cases.

use super::*;
use crate::{run_batch, Format, Model, Scenario};

fn single_queue(rate_h: f64, aht: f64, patience: Option<f64>, agents: u32, days: u32) -> Model {
    let pat = patience
        .map(|p| format!("patience = {{ dist = \"exponential\", mean = {p} }}"))
        .unwrap_or_default();
    let text = format!(
        r#"
version = 1
name = "mmn"
days = {days}
warmup_minutes = 120
[[contact_types]]
id = "voice"
arrivals = {{ rate_per_hour = {rate_h} }}
handle_time = {{ dist = "exponential", mean = {aht} }}
{pat}
service_level = {{ threshold_s = 20, target = 0.8 }}
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = {{ constant = {agents} }}
"#
    );
    Model::from_text(&text, Format::Toml).expect("valid")
}

// The agreement with Erlang C / Erlang A and Little's law: sim-core/tests/erlang_agreement.rs
// (one statistical family with a stated false-failure rate, see docs/testing.md).

#[test]
fn conserves_contacts_and_is_deterministic() {
    let m = single_queue(400.0, 200.0, Some(200.0), 20, 2);
    let a = run_replication(&m, 3, 7);
    let b = run_replication(&m, 3, 7);
    assert_eq!(
        a, b,
        "same seed and replication must give identical tallies"
    );
    let c = run_replication(&m, 3, 8);
    assert_ne!(a.by_type[0].offered, c.by_type[0].offered);
    for t in [&a, &c] {
        let x = &t.by_type[0];
        assert_eq!(
            x.offered,
            x.handled + x.abandoned + x.blocked + x.callbacks + x.in_system_end
        );
        assert!(x.offered > 0.0 && x.in_system_end >= 0.0);
    }
}

#[test]
fn summary_merge_is_order_free() {
    let m = single_queue(300.0, 180.0, Some(300.0), 16, 1);
    let whole = run_batch(&m, 9, 0..12);
    let mut parts = run_batch(&m, 9, 6..12);
    parts.merge(&run_batch(&m, 9, 0..3)).unwrap();
    parts.merge(&run_batch(&m, 9, 3..6)).unwrap();
    let j = |s: &crate::Summary| serde_json::to_string(s).unwrap();
    assert_eq!(j(&whole), j(&parts));
    let r1 = serde_json::to_string(&whole.report(&m)).unwrap();
    let r2 = serde_json::to_string(&parts.report(&m)).unwrap();
    assert_eq!(r1, r2);
    assert!(
        parts.merge(&run_batch(&m, 9, 0..1)).is_err(),
        "duplicate replication refused"
    );
}

// ------------------------------------------------------------------ routing

fn routing_model(extra_types: &str, groups: &str) -> Model {
    Model::compile(&routing_scenario(extra_types, groups), Default::default()).unwrap()
}

fn routing_scenario(extra_types: &str, groups: &str) -> Scenario {
    let text = format!(
        r#"
version = 1
name = "routing"
[[contact_types]]
id = "voice"
arrivals = {{ rate_per_hour = 0 }}
handle_time = {{ dist = "constant", value = 100 }}
{extra_types}
{groups}
"#
    );
    Scenario::parse(&text, Format::Toml).unwrap()
}

fn activities(sim: &Simulation<&Model>) -> Vec<u8> {
    sim.snapshot().agents.iter().map(|a| a.1).collect()
}

#[test]
fn new_contact_goes_to_most_preferred_group() {
    // group "blend" lists voice second, "voice_team" first: voice_team is preferred
    let m = routing_model(
        r#"[[contact_types]]
id = "sales"
arrivals = { rate_per_hour = 0 }
handle_time = { dist = "constant", value = 100 }"#,
        r#"[[agent_groups]]
id = "blend"
skills = ["sales", "voice"]
staffing = { constant = 1 }
[[agent_groups]]
id = "voice_team"
skills = ["voice"]
staffing = { constant = 1 }"#,
    );
    let mut sim = Simulation::new(&m, 1, 0);
    sim.advance_to(10.0);
    sim.inject(0);
    assert_eq!(
        activities(&sim),
        vec![1, 2],
        "voice goes to voice_team (agent 1)"
    );
    sim.inject(0);
    assert_eq!(
        activities(&sim),
        vec![2, 2],
        "then overflows to the blended agent"
    );
}

#[test]
fn route_to_overrides_preference() {
    let mut s = routing_scenario(
        "",
        r#"[[agent_groups]]
id = "a"
skills = ["voice"]
staffing = { constant = 1 }
[[agent_groups]]
id = "b"
skills = ["voice"]
staffing = { constant = 1 }"#,
    );
    s.contact_types[0].route_to = Some(vec!["b".into()]);
    let m = Model::compile(&s, Default::default()).unwrap();
    let mut sim = Simulation::new(&m, 1, 0);
    sim.advance_to(1.0);
    sim.inject(0);
    assert_eq!(activities(&sim), vec![1, 2]);
}

#[test]
fn longest_idle_agent_answers_first() {
    let m = routing_model(
        "",
        r#"[[agent_groups]]
id = "a"
skills = ["voice"]
staffing = { constant = 3 }"#,
    );
    let mut sim = Simulation::new(&m, 1, 0);
    sim.advance_to(1.0);
    sim.inject(0); // agent 0 (idle since 0, first in line)
    assert_eq!(activities(&sim), vec![2, 1, 1]);
    sim.advance_to(150.0); // agent 0 free again at 101: now the most recently idle
    sim.inject(0);
    assert_eq!(
        activities(&sim),
        vec![1, 2, 1],
        "agent 1 has been idle longest"
    );
}

#[test]
fn freed_agent_follows_skill_order_then_priority_then_age() {
    let types = r#"[[contact_types]]
id = "low"
arrivals = { rate_per_hour = 0 }
handle_time = { dist = "constant", value = 100 }"#;
    let groups = r#"[[agent_groups]]
id = "a"
skills = ["voice", "low"]
staffing = { constant = 1 }"#;
    let mut s = routing_scenario(types, groups);
    let m = Model::compile(&s, Default::default()).unwrap();
    let mut sim = Simulation::new(&m, 1, 0);
    sim.advance_to(1.0);
    sim.inject(0); // agent busy until 101
    sim.advance_to(10.0);
    sim.inject(1); // "low" waits from t=10
    sim.advance_to(20.0);
    sim.inject(0); // voice waits from t=20
    sim.advance_to(102.0);
    assert_eq!(
        sim.snapshot().queue,
        vec![0, 1],
        "voice (first skill) taken before older low"
    );

    // with a higher priority on "low", the older low contact goes first
    s.contact_types[1].priority = 5;
    let m2 = Model::compile(&s, Default::default()).unwrap();
    let mut sim = Simulation::new(&m2, 1, 0);
    sim.advance_to(1.0);
    sim.inject(0);
    sim.advance_to(10.0);
    sim.inject(1);
    sim.advance_to(20.0);
    sim.inject(0);
    sim.advance_to(102.0);
    assert_eq!(sim.snapshot().queue, vec![1, 0]);
}

#[test]
fn overflow_group_waits_for_its_delay() {
    let groups = r#"[[agent_groups]]
id = "main"
skills = ["voice"]
staffing = { constant = 1 }
[[agent_groups]]
id = "backup"
skills = ["voice"]
staffing = { constant = 1 }
overflow_delay_s = { voice = 30 }"#;
    let m = routing_model("", groups);
    let mut sim = Simulation::new(&m, 1, 0);
    sim.advance_to(1.0);
    sim.inject(0);
    sim.inject(0); // main busy; backup idle but not yet eligible
    assert_eq!(activities(&sim), vec![2, 1]);
    sim.advance_to(30.5);
    assert_eq!(activities(&sim), vec![2, 1]);
    sim.advance_to(31.5);
    assert_eq!(activities(&sim), vec![2, 2], "backup answers after 30 s");
    let t = sim.finish();
    assert_eq!(t.by_type[0].max_wait, 30.0);
}

#[test]
fn exploding_queue_is_capped_and_reported() {
    // 10x overload, no abandonment: the queue grows without bound
    let mut m = single_queue(3000.0, 300.0, None, 25, 1);
    m.max_in_system = 500;
    let t = run_replication(&m, 1, 0);
    let x = &t.by_type[0];
    assert!(t.overloaded_at.is_some(), "overload reported");
    assert!(x.blocked > 0.0 && x.in_system_end > 400.0);
    assert_eq!(
        x.offered,
        x.handled + x.abandoned + x.blocked + x.callbacks + x.in_system_end
    );
    let normal = run_replication(&single_queue(300.0, 300.0, None, 30, 1), 1, 0);
    assert!(normal.overloaded_at.is_none());
}

/// The trainer's arrival slider changes the running replication: rate 0 stops arrivals at once,
/// a new rate applies from now on (was a bug: only the model's copy of the rates changed).
#[test]
fn live_arrival_rate_changes_the_running_replication() {
    let m = single_queue(360.0, 60.0, None, 5, 1);
    let mut sim = Simulation::new(Box::new(m), 4, 0);
    sim.advance_to(3.0 * 3600.0);
    let before = sim.snapshot().totals[0].arrivals;
    assert!(before > 0.0);
    sim.set_arrival_rate(0, 0.0);
    sim.advance_to(4.0 * 3600.0);
    assert_eq!(sim.snapshot().totals[0].arrivals, before);
    sim.set_arrival_rate(0, 3600.0);
    sim.advance_to(5.0 * 3600.0);
    let hour = sim.snapshot().totals[0].arrivals - before;
    assert!(
        (hour - 3600.0).abs() < 4.0 * 60.0,
        "{hour} arrivals in the hour at 3600/h"
    );
}
