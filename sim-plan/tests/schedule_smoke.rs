use sim_core::{run_batch, Format, Limits, Model, Scenario};
use sim_plan::schedule::{parse_rules, ScheduleOptions, ScheduleSearch, ScheduleStep};
use sim_plan::StaffingTargets;

#[test]
fn desk_smoke() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scenarios/customer-care-24x7.toml"
    ))
    .unwrap();
    let s = Scenario::parse(&text, Format::Toml).unwrap();
    let m = Model::compile(&s, Limits::default()).unwrap();
    let rtext = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scenarios/rules/customer-care-24x7.rules.toml"
    ))
    .unwrap();
    let rules = parse_rules(&rtext).unwrap().validate(&m).unwrap();
    let t0 = std::time::Instant::now();
    let mut search = ScheduleSearch::new(
        &s,
        &m,
        rules,
        StaffingTargets::from_model(&m),
        None,
        ScheduleOptions {
            solver: sim_plan::schedule::SolverOptions {
                mip_gap: 0.01,
                node_limit: Some(500),
                time_limit_s: Some(60.0),
            },
            max_iterations: 20,
            ..ScheduleOptions::default()
        },
    )
    .unwrap();
    eprintln!(
        "first solve {:?} vars {} status {:?} gap {:?}",
        t0.elapsed(),
        search.cover().variables,
        search.cover().status,
        search.cover().gap
    );
    let res = loop {
        match search.next_step() {
            ScheduleStep::Done(r) => break r,
            ScheduleStep::Simulate(run) => {
                let mm = Model::compile(&run.scenario, Limits::default()).unwrap();
                let r = run_batch(&mm, run.seed, 0..run.replications).report(&mm);
                search.submit(&r).unwrap();
                if let Some(it) = search.iterations().last() {
                    eprintln!(
                        "{:?} {:?} it {} cost {:?} met {} agents {} worst {:?} {:?} :: {} [{:?}]",
                        run.purpose,
                        t0.elapsed(),
                        it.iteration,
                        it.cost,
                        it.met,
                        it.agents,
                        it.worst_interval_service_level,
                        it.targets
                            .iter()
                            .map(|t| (t.contact_type.clone(), t.kpi.clone(), t.mean))
                            .collect::<Vec<_>>(),
                        it.change,
                        search.cover().status
                    );
                }
            }
        }
    };
    eprintln!(
        "baseline {:?}",
        res.baseline.as_ref().map(|b| (
            b.scenario_cost,
            b.targets.iter().map(|t| t.mean).collect::<Vec<_>>()
        ))
    );
    eprintln!(
        "verify {:?}",
        res.verification
            .as_ref()
            .map(|b| (b.met, b.targets.iter().map(|t| t.mean).collect::<Vec<_>>()))
    );
    for r in &res.rows {
        eprintln!("{:?}", r);
    }
    eprintln!("total {:?}", t0.elapsed());
}
