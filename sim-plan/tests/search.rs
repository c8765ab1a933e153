//! The staffing search: its protocol, and that what it finds is right by evidence it did not use
//! — an independent seed, and the Erlang C requirement where Erlang C is exact.

use sim_core::{run_batch, Format, Limits, Model, Report, Scenario};
use sim_plan::{SearchOptions, StaffingPlan, StaffingSearch, StaffingTargets, Step};

/// M/M/n (exponential handle times, no abandonment, no breaks): Erlang C is exact within an
/// interval; only the queue carried over between hourly intervals differs.
const MMN: &str = r#"
version = 1
name = "M/M/n day"
interval_minutes = 60
days = 1
warmup_minutes = 60
[[contact_types]]
id = "calls"
arrivals = { per_interval = [100, 100, 100, 100, 100, 100, 100, 160, 240, 300, 300, 280, 260, 260, 280, 300, 260, 200, 160, 120, 100, 100, 100, 100] }
handle_time = { dist = "exponential", mean = 180 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = { constant = 10 }
"#;

fn base() -> (Scenario, Model) {
    let s = Scenario::parse(MMN, Format::Toml).unwrap();
    let m = Model::compile(&s, Limits::default()).unwrap();
    (s, m)
}

fn simulate(s: &Scenario, seed: u64, reps: u32) -> (Model, Report) {
    let m = Model::compile(s, Limits::default()).unwrap();
    let r = run_batch(&m, seed, 0..reps).report(&m);
    (m, r)
}

fn search(seed: u64) -> (StaffingPlan, u32) {
    let (s, m) = base();
    let o = SearchOptions {
        replications: 30,
        seed,
        max_steps: 30,
        ..SearchOptions::default()
    };
    let mut search = StaffingSearch::new(&m, StaffingTargets::from_model(&m), o).unwrap();
    let mut sims = 0;
    loop {
        match search.next_step() {
            Step::Done(p) => return (*p, sims),
            Step::Simulate(p) => {
                sims += 1;
                let (_, r) = simulate(&p.scenario(&s), p.seed, p.replications);
                search.submit(&r).unwrap();
            }
        }
    }
}

fn with_agents(s: &Scenario, agents: &[u32]) -> Scenario {
    sim_plan::search::staffed_scenario(s, &[true], &[agents.to_vec()])
}

fn overall_sl(r: &Report) -> f64 {
    r.kpis.get("service_level").unwrap().mean.unwrap()
}

#[test]
fn the_found_staffing_meets_the_target_on_an_independent_seed_and_one_less_misses() {
    let (plan, sims) = search(11);
    assert!(plan.converged && !plan.partial);
    assert_eq!(
        plan.simulation_steps, sims,
        "every step the search asked for was run"
    );
    let needed: Vec<u32> = plan.groups[0]
        .intervals
        .iter()
        .map(|iv| iv.needed)
        .collect();
    let (s, _) = base();
    // A fresh seed and four times the replications: evidence the search never saw.
    let (_, r) = simulate(&with_agents(&s, &needed), 987_654, 120);
    let sl = overall_sl(&r);
    assert!(sl >= 0.8, "service level {sl} with the staffing found");
    let measured: Vec<usize> = (1..24).collect();
    let worst = measured
        .iter()
        .map(|&i| {
            r.by_interval[i]
                .kpis
                .get("service_level")
                .unwrap()
                .mean
                .unwrap()
        })
        .fold(1.0, f64::min);
    // Each interval was judged on the mean of 30 replications with one seed, so an interval can
    // pass by chance a little below the target (here 7 agents for 5 Erlangs, true SL about 76 %);
    // none may be far below it.
    assert!(
        worst >= 0.7,
        "no interval far below the target: worst {worst}"
    );
    // One agent fewer in every measured interval must miss: the staffing is minimal.
    let fewer: Vec<u32> = needed
        .iter()
        .enumerate()
        .map(|(i, &n)| if i == 0 { n } else { n - 1 })
        .collect();
    let (_, r) = simulate(&with_agents(&s, &fewer), 987_654, 120);
    let sl = overall_sl(&r);
    assert!(
        sl < 0.8,
        "service level {sl} with one agent fewer everywhere"
    );
}

#[test]
fn on_mmn_the_simulated_requirement_is_the_erlang_c_requirement() {
    // Erlang C is exact for M/M/n in steady state; an hourly interval is long against a 3-minute
    // handle time, so the simulated minimum may differ by one agent at most (the carried-over
    // queue after a step up in load), and on average barely at all.
    let (plan, _) = search(5);
    let ivs: Vec<_> = plan.groups[0]
        .intervals
        .iter()
        .filter(|iv| !iv.warmup)
        .collect();
    let mut diff = 0i64;
    for iv in &ivs {
        let d = iv.needed as i64 - iv.erlang as i64;
        assert!(
            d.abs() <= 1,
            "{}: needed {} vs Erlang C {}",
            iv.label,
            iv.needed,
            iv.erlang
        );
        diff += d.abs();
    }
    assert!(
        diff <= ivs.len() as i64 / 3,
        "{diff} agent-intervals apart over {}",
        ivs.len()
    );
    // the agent-hours add up the intervals shown (hourly intervals: one hour each)
    let g = &plan.groups[0];
    let erlang_h: u32 = ivs.iter().map(|iv| iv.erlang).sum();
    let needed_h: u32 = ivs.iter().map(|iv| iv.needed).sum();
    assert_eq!(g.agent_hours.erlang, erlang_h as f64);
    assert_eq!(g.agent_hours.needed, needed_h as f64);
}

#[test]
fn the_protocol_is_resumable_and_refuses_misuse() {
    let (s, m) = base();
    let o = SearchOptions {
        replications: 3,
        seed: 1,
        max_steps: 3,
        ..SearchOptions::default()
    };
    let mut search = StaffingSearch::new(&m, StaffingTargets::from_model(&m), o).unwrap();
    assert!(
        search.stop().is_none(),
        "nothing to report before the first simulation"
    );
    let (_, r) = simulate(&s, 1, 3);
    assert!(search.submit(&r).is_err(), "no report without a proposal");
    let Step::Simulate(p1) = search.next_step() else {
        panic!("first step simulates")
    };
    let Step::Simulate(p1b) = search.next_step() else {
        panic!("still waiting")
    };
    assert_eq!(p1, p1b, "asking again gives the same proposal");
    assert_eq!(p1.agents[0], search.requirement().group_agents[0]);
    let short = {
        let text = MMN.replace("days = 1", "days = 2");
        let s2 = Scenario::parse(&text, Format::Toml).unwrap();
        simulate(&s2, 1, 3).1
    };
    assert!(
        search.submit(&short).is_err(),
        "a report of another horizon is refused"
    );
    let (_, r) = simulate(&p1.scenario(&s), p1.seed, p1.replications);
    search.submit(&r).unwrap();
    let mut steps = 1;
    let plan = loop {
        match search.next_step() {
            Step::Done(p) => break p,
            Step::Simulate(p) => {
                steps += 1;
                assert_eq!(p.step, steps);
                let (_, r) = simulate(&p.scenario(&s), p.seed, p.replications);
                search.submit(&r).unwrap();
            }
        }
    };
    assert!(plan.simulation_steps <= 3);
    assert_eq!(
        search.next_step(),
        Step::Done(plan.clone()),
        "done stays done"
    );
    let stopped = search.stop().unwrap();
    assert_eq!(stopped, plan, "stopping after the end changes nothing");

    let e = StaffingSearch::new(
        &m,
        StaffingTargets::from_model(&m),
        SearchOptions {
            replications: 1,
            ..o
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "replications 1: at least 2 per simulation step"
    );
}

#[test]
fn a_cancelled_search_reports_the_best_so_far_as_partial() {
    let (s, m) = base();
    let o = SearchOptions {
        replications: 4,
        seed: 2,
        max_steps: 30,
        ..SearchOptions::default()
    };
    let mut search = StaffingSearch::new(&m, StaffingTargets::from_model(&m), o).unwrap();
    for _ in 0..2 {
        let Step::Simulate(p) = search.next_step() else {
            panic!("simulates")
        };
        let (_, r) = simulate(&p.scenario(&s), p.seed, p.replications);
        search.submit(&r).unwrap();
    }
    let Step::Simulate(_) = search.next_step() else {
        panic!("a third step")
    };
    let plan = search.stop().unwrap();
    assert!(plan.partial);
    assert_eq!(
        plan.simulation_steps, 2,
        "the step under way when cancelled is not counted"
    );
}
