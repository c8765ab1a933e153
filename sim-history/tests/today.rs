//! The projected day (sim-history/src/intraday/today.rs, projection.rs, whatif.rs): the
//! re-forecast reaches the model, whole-day KPIs combine actuals and projection as docs/kpis.md
//! defines them, and each what-if does what it says.

use sim_core::intraday::{AgentStart, StartState};
use sim_core::scenario::{Format, Scenario};
use sim_history::intraday::{
    run_today, Counts, ReforecastMethod, Today, TodayDelta, TodayInput, TodayRep, TodayReport,
    TodayWhatIf,
};
use sim_history::{HistoryOptions, IntervalHistory};

const DESK: &str = include_str!("../../scenarios/customer-care-24x7.toml");
const MENTORS: &str = include_str!("../../scenarios/customer-care-mentors.toml");
const STATE: &str = include_str!("../../scenarios/intraday/customer-care-24x7.state.json");
const ACTUALS: &str = include_str!("../../scenarios/intraday/customer-care-24x7.actuals.csv");

fn scenario(text: &str) -> Scenario {
    Scenario::parse(text, Format::Toml).unwrap()
}

fn build(s: &Scenario, actuals: Option<&IntervalHistory>, method: &str, whatif: &str) -> Today {
    let state = StartState::parse_json(STATE).unwrap();
    let method = ReforecastMethod::parse(method).unwrap();
    let input = TodayInput {
        scenario: s,
        state: &state,
        actuals,
        method: &method,
        profile: None,
    };
    let w = if whatif.is_empty() {
        TodayWhatIf::none()
    } else {
        TodayWhatIf::parse(whatif).unwrap()
    };
    Today::build(&input, &w).unwrap()
}

fn actuals() -> IntervalHistory {
    IntervalHistory::parse(ACTUALS, &HistoryOptions::default()).unwrap()
}

/// The rest of the day's arrival rates are the original ones times re-forecast / forecast; the
/// finished intervals and `keep` leave them alone; the actuals are the file's rows.
#[test]
fn the_reforecast_reaches_the_model() {
    let s = scenario(DESK);
    let h = actuals();
    let keep = build(&s, Some(&h), "keep", "");
    let ratio = build(&s, Some(&h), "ratio", "");
    assert_eq!(ratio.finished, 22);
    let calls = &ratio.types[0];
    let offered: f64 = calls.actuals.iter().map(|a| a.offered).sum();
    let forecast: f64 = calls.forecast[..22].iter().sum();
    assert!(
        offered > 1.05 * forecast,
        "the example day runs over forecast"
    );
    for i in 0..keep.intervals {
        let k = keep.day_first_interval + i;
        let (a, b) = (
            keep.model.types[0].rate_per_s[k],
            ratio.model.types[0].rate_per_s[k],
        );
        if i < 22 {
            assert_eq!(a, b);
        } else if a > 0.0 {
            let want = calls.reforecast[i] / calls.forecast[i];
            assert!((b / a - want).abs() < 1e-12, "interval {i}");
            assert!(want > 1.0);
        }
    }
    assert_eq!(keep.types[0].reforecast[22..], keep.types[0].forecast[22..]);
    // the remaining day-level uncertainty shrinks with what was seen (cv 1/√(1/cv² + seen))
    let cv = keep.model.types[0].volume_cv;
    if cv > 0.0 {
        let want = 1.0 / (1.0 / (cv * cv) + offered).sqrt();
        assert!((ratio.types[0].volume_cv - want).abs() < 1e-12);
    }
}

fn rep(offered: f64, in_sl: f64, abandoned: f64, answered: f64, wait: f64, n: usize) -> TodayRep {
    let c = Counts {
        offered,
        answered,
        answered_in_sl: in_sl,
        abandoned,
        wait_answered_sum: wait,
    };
    TodayRep {
        types: vec![c; n],
        intervals: vec![Counts::default(); n * 48],
        busy_s: vec![0.0; 3],
        staffed_s: vec![1.0; 3],
        cost: 0.0,
    }
}

/// Whole day = actuals so far (less the contacts waiting at the clock, which the projection
/// counts) + projection, as docs/kpis.md ("Intraday") writes it, checked by hand on two fixed
/// replications.
#[test]
fn whole_day_kpis_combine_actuals_and_projection_as_documented() {
    let s = scenario(DESK);
    let h = actuals();
    let today = build(&s, Some(&h), "ratio", "");
    let reps = [
        rep(900.0, 850.0, 5.0, 890.0, 4000.0, 2),
        rep(920.0, 850.0, 9.0, 905.0, 5000.0, 2),
    ];
    let r = TodayReport::new(&today, "11:00", &reps);
    let a = &today.types[0].actuals;
    let sum = |f: &dyn Fn(&sim_history::intraday::IntervalActual) -> f64| -> f64 {
        a.iter().map(f).sum()
    };
    let carried = 9.0;
    let off = sum(&|x| x.offered) - carried;
    let handled = sum(&|x| x.handled);
    let wait = sum(&|x| {
        if x.handled > 0.0 {
            x.asa_s * x.handled
        } else {
            0.0
        }
    });
    let sl = |p: &TodayRep| {
        (sum(&|x| x.answered_in_sl) + p.types[0].answered_in_sl) / (off + p.types[0].offered)
    };
    let asa =
        |p: &TodayRep| (wait + p.types[0].wait_answered_sum) / (handled + p.types[0].answered);
    let whole = r.types[0].whole_day.as_ref().unwrap();
    let mean = (sl(&reps[0]) + sl(&reps[1])) / 2.0;
    assert!((whole.service_level.mean - mean).abs() < 1e-12);
    let mean = (asa(&reps[0]) + asa(&reps[1])) / 2.0;
    assert!((whole.asa_s.mean - mean).abs() < 1e-9);
    assert!((whole.offered.mean - (off + 910.0)).abs() < 1e-9);
    // rest of day: the projection alone
    assert!(
        (r.types[0].rest_of_day.service_level.mean - (850.0 / 900.0 + 850.0 / 920.0) / 2.0).abs()
            < 1e-12
    );
    assert_eq!(r.types[0].carried, 9);
    // finished intervals show the actuals
    assert!(r.types[0].intervals[..22].iter().all(|x| x.actual));
    assert_eq!(r.types[0].intervals[3].offered_mean, a[3].offered);
    // without actuals there is no whole day
    let none = build(&s, None, "ratio", "");
    let r = TodayReport::new(&none, "11:00", &reps);
    assert!(r.types[0].whole_day.is_none());
}

/// Each schedule what-if changes the day's model as documented.
#[test]
fn schedule_whatifs_change_the_model_as_documented() {
    let s = scenario(MENTORS);
    let base = build(&s, None, "keep", "");
    let g = base
        .model
        .groups
        .iter()
        .position(|g| g.id == "agents")
        .unwrap();
    let clock = base.plan.clock_s;
    let day_end = base.plan.day_end_s;
    let review = base.model.groups[g]
        .activities
        .iter()
        .position(|a| a == "error_review")
        .unwrap() as u16
        + 1;
    let blocks = |t: &Today| -> Vec<f64> {
        t.model.groups[g]
            .agents
            .iter()
            .flat_map(|p| p.shifts.iter())
            .filter(|s| s.end > clock && s.start < day_end)
            .flat_map(|s| s.breaks.iter())
            .filter(|b| b.activity == review && b.earliest >= clock)
            .map(|b| b.earliest)
            .collect()
    };
    assert_eq!(
        blocks(&base).len(),
        3,
        "three agents have the 17:00 review on Tuesday"
    );
    assert!(blocks(&build(&s, None, "keep", "cancel error_review")).is_empty());
    let moved = blocks(&build(&s, None, "keep", "move error_review 19:30 agents"));
    assert_eq!(moved, vec![clock - 11.0 * 3600.0 + 19.5 * 3600.0; 3]);

    let n = base.model.groups[g].agents.len();
    let added = build(&s, None, "keep", "add agents 2; add agents 1 13:00-17:00");
    assert_eq!(added.model.groups[g].agents.len(), n + 3);
    assert_eq!(added.plan.agents[g].len(), n + 3);
    assert!(matches!(added.plan.agents[g][n], AgentStart::Idle { .. }));
    assert_eq!(added.plan.agents[g][n + 2], AgentStart::NotLoggedIn);

    let on_at = |t: &Today, at: f64| {
        t.model.groups[g]
            .agents
            .iter()
            .filter(|p| p.shifts.iter().any(|s| s.start <= at && at < s.end))
            .count()
    };
    let t14 = clock + 3.0 * 3600.0;
    let removed = build(&s, None, "keep", "remove agents 2 14:00");
    assert_eq!(on_at(&removed, t14), on_at(&base, t14) - 2);
    assert_eq!(on_at(&removed, t14 - 60.0), on_at(&base, t14 - 60.0));
    let ot = build(&s, None, "keep", "overtime agents 2 2");
    let ends = |t: &Today| -> f64 {
        t.model.groups[g]
            .agents
            .iter()
            .flat_map(|p| p.shifts.iter())
            .filter(|s| s.start < day_end && s.end > clock)
            .map(|s| s.end - s.start)
            .sum()
    };
    assert!((ends(&ot) - ends(&base) - 2.0 * 2.0 * 3600.0).abs() < 1e-6);
}

/// What-ifs change the projected day in the expected direction, compared with the same random
/// numbers: two more agents raise the calls' service level, cancelling the review raises it,
/// ten percent more volume lowers it. Each at 400 replications, one-sided at the 95 % interval
/// (false-failure rate below 2.5 % each when the effect is real; the effects are many
/// half-widths large).
#[test]
fn whatifs_move_the_day_the_expected_way() {
    let s = scenario(MENTORS);
    let base = build(&s, None, "keep", "");
    let reps = |t: &Today| -> Vec<TodayRep> { (0..400).map(|r| run_today(t, 5, r)).collect() };
    let b = reps(&base);
    for (text, up) in [
        ("add agents 2", true),
        ("cancel error_review", true),
        ("volume +10", false),
    ] {
        let v = build(&s, None, "keep", text);
        let d = TodayDelta::new(&base, &b, &v, &reps(&v));
        let sl = d.types[0].1.service_level;
        assert!(
            if up {
                sl.mean - sl.ci95_half_width > 0.0
            } else {
                sl.mean + sl.ci95_half_width < 0.0
            },
            "{text}: {sl:?}"
        );
    }
}

/// Bad what-ifs are errors that name the flag, the text and what is allowed.
#[test]
fn bad_whatifs_are_clear_errors() {
    for (text, want) in [
        (
            "hire 3",
            "`hire` with 2 words is not a change; allowed: add GROUP N",
        ),
        ("add agents x", "N must be a whole number ≥ 1, got `x`"),
        ("add agents 2 25:00", "a time must be HH:MM, got `25:00`"),
        (
            "overtime agents 1 20",
            "overtime: HOURS must be > 0 and ≤ 12",
        ),
        (
            "callbacks calls 60 1.5 x",
            "WAIT_S must be ≥ 0 and SHARE between 0 and 1",
        ),
        ("", "no change given"),
    ] {
        let e = TodayWhatIf::parse(text).unwrap_err().to_string();
        assert!(e.contains(want) && e.contains("--whatif"), "{text}: {e}");
    }
    let s = scenario(DESK);
    let state = StartState::parse_json(STATE).unwrap();
    let method = ReforecastMethod::parse("ratio").unwrap();
    let input = TodayInput {
        scenario: &s,
        state: &state,
        actuals: None,
        method: &method,
        profile: None,
    };
    for (text, want) in [
        (
            "add sales 2",
            "unknown agent group `sales`; the scenario's groups: agents, night, seniors",
        ),
        (
            "cancel training",
            "no agent group has an off-phone activity named `training`",
        ),
        (
            "callbacks calls 60 0.5 calls",
            "callbacks: TO must be another contact type",
        ),
        ("remove seniors 9", "remove: only"),
    ] {
        let e = Today::build(&input, &TodayWhatIf::parse(text).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{text}: {e}");
    }
}
