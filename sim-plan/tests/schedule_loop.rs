//! The simulate-and-repair loop on the customer-care desk (scenarios/customer-care-24x7.toml with
//! its bundled rules), with the CLI's defaults: the generated schedule meets the service-level and
//! abandonment targets in a run with an independent seed, at a cost no higher than the cheapest
//! schedule that covers the Erlang requirement per interval with the same rules (the loop's first
//! cover). Evidence the loop did not use: the verification seed.

use sim_core::{run_batch, Format, Limits, Model, Scenario};
use sim_plan::schedule::{parse_rules, RunPurpose, ScheduleOptions, ScheduleSearch, ScheduleStep};
use sim_plan::StaffingTargets;

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/../{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn desk_schedule_meets_targets_with_an_independent_seed_and_costs_less_than_the_erlang_cover() {
    let s = Scenario::parse(&read("scenarios/customer-care-24x7.toml"), Format::Toml).unwrap();
    let m = Model::compile(&s, Limits::default()).unwrap();
    let rules = parse_rules(&read("scenarios/rules/customer-care-24x7.rules.toml"))
        .unwrap()
        .validate(&m)
        .unwrap();
    let targets = StaffingTargets::from_model(&m);
    let mut search =
        ScheduleSearch::new(&s, &m, rules, targets, None, ScheduleOptions::default()).unwrap();
    let mut seeds = Vec::new();
    let result = loop {
        match search.next_step() {
            ScheduleStep::Done(r) => break r,
            ScheduleStep::Simulate(run) => {
                seeds.push((run.purpose, run.seed));
                let mm = Model::compile(&run.scenario, Limits::default()).unwrap();
                let r = run_batch(&mm, run.seed, 0..run.replications).report(&mm);
                search.submit(&r).unwrap();
            }
        }
    };
    assert!(result.converged, "{:#?}", result.iterations);
    // the verification used a seed no other simulation used
    let verify_seed = seeds.iter().find(|s| s.0 == RunPurpose::Verify).unwrap().1;
    assert!(seeds
        .iter()
        .filter(|s| s.0 != RunPurpose::Verify)
        .all(|s| s.1 != verify_seed));
    let v = result.verification.as_ref().unwrap();
    assert!(v.targets.len() >= 3, "{:?}", v.targets);
    for t in &v.targets {
        assert!(t.met, "missed with the independent seed: {t:?}");
    }
    // the same check by the report's own target rule (what `ccsim run` prints)
    let vr = result.verification_report.as_ref().unwrap();
    assert!(
        vr.targets.iter().all(|t| t.met == Some(true)),
        "{:?}",
        vr.targets
    );
    let first = result.first.as_ref().unwrap();
    assert!(
        result.cost <= first.cost.unwrap(),
        "{} > {:?}",
        result.cost,
        first.cost
    );
    // the input scenario's own schedule was simulated with the search's seed for comparison
    assert!(result.baseline.is_some());
    let sum: f64 = result.rows.iter().map(|r| r.cost).sum();
    assert!((sum - result.cost).abs() < 1e-6);
    Model::compile(&result.scenario, Limits::default()).unwrap();
    eprintln!(
        "desk: first cover {:?}, generated {} ({} agents), baseline paid cost {:?}; verification {:?}",
        first.cost,
        result.cost,
        result.lines.iter().map(|l| l.agents).sum::<u32>(),
        result.baseline.as_ref().and_then(|b| b.scenario_cost),
        v.targets.iter().map(|t| (t.contact_type.as_str(), t.kpi.as_str(), t.mean)).collect::<Vec<_>>()
    );
}
