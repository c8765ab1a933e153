//! The Erlang requirement against independent computations: Erlang C and Erlang A written out
//! directly in the test (sums of terms, not sim-core's recursions), and the pooling rules.

use sim_core::{Format, Model};
use sim_plan::requirement::{erlang_requirement, type_load};
use sim_plan::StaffingTargets;

fn model(text: &str) -> Model {
    Model::from_text(text, Format::Toml).expect("valid scenario")
}

/// Erlang C service level, textbook form: 1 − C(n, A)·exp(−(n − A)·T/AHT), with C from the
/// power series (small n only).
fn erlang_c_sl(n: u32, a: f64, aht: f64, t: f64) -> f64 {
    if a >= n as f64 {
        return 0.0;
    }
    let mut term = 1.0;
    let mut sum = 0.0;
    for k in 0..n {
        sum += term;
        term *= a / (k + 1) as f64;
    }
    let top = term * n as f64 / (n as f64 - a);
    let c = top / (sum + top);
    1.0 - c * (-(n as f64 - a) * t / aht).exp()
}

fn smallest_n(ok: impl Fn(u32) -> bool) -> u32 {
    (0..500).find(|&n| ok(n)).expect("found below 500")
}

const TWO_TYPES: &str = r#"
version = 1
name = "pooling"
interval_minutes = 60
days = 1
[[contact_types]]
id = "sales"
arrivals = { per_interval = [0, 60, 120, 180, 240, 300, 90, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }
handle_time = { dist = "exponential", mean = 240 }
wrap_up = { dist = "exponential", mean = 60 }
service_level = { threshold_s = 20, target = 0.8 }
[[contact_types]]
id = "service"
arrivals = { rate_per_hour = 100 }
handle_time = { dist = "exponential", mean = 300 }
service_level = { threshold_s = 60, target = 0.9 }
[[contact_types]]
id = "mail"
channel = "email"
arrivals = { rate_per_hour = 12 }
handle_time = { dist = "exponential", mean = 600 }
[[agent_groups]]
id = "front"
skills = ["sales", "service"]
staffing = { constant = 10 }
[[agent_groups]]
id = "back"
skills = ["mail", "service"]
staffing = { constant = 3 }
[[agent_groups]]
id = "reserve"
skills = ["sales"]
staffing = { constant = 2 }
"#;

#[test]
fn a_single_type_needs_the_textbook_erlang_c_headcount() {
    let m = model(TWO_TYPES);
    let r = erlang_requirement(&m, &StaffingTargets::from_model(&m), 0, 10_000);
    // sales on its own: λ·(AHT + wrap) Erlangs, SL 80 % in 20 s
    for (i, calls) in [0.0, 60.0, 120.0, 180.0, 240.0, 300.0, 90.0, 30.0]
        .iter()
        .enumerate()
    {
        let a = calls * 300.0 / 3600.0;
        assert!((r.type_load_erlangs[0][i] - a).abs() < 1e-9, "interval {i}");
        let want = if *calls == 0.0 {
            0
        } else {
            smallest_n(|n| erlang_c_sl(n, a, 300.0, 20.0) >= 0.8)
        };
        assert_eq!(r.type_agents[0][i], want, "interval {i}: A = {a}");
    }
    // mail has no target: its load rounded up, never an invented 80 %
    assert_eq!(
        r.type_agents[2][3],
        (12.0f64 * 600.0 / 3600.0).ceil() as u32
    );
}

#[test]
fn groups_pool_their_first_choice_types_and_the_center_adds_groups() {
    let m = model(TWO_TYPES);
    let r = erlang_requirement(&m, &StaffingTargets::from_model(&m), 0, 10_000);
    assert_eq!(r.first_choice_types, vec![vec![0, 1], vec![2], vec![]]);
    assert_eq!(r.planned, vec![true, true, false]);
    for i in 0..m.n_intervals {
        // front: sales + service pooled (summed arrivals, arrival-weighted work), the stricter
        // of the two targets on that pooled load
        let (ls, ws) = type_load(&m, 0, i);
        let (lv, wv) = type_load(&m, 1, i);
        let lam = ls + lv;
        let a = ls * ws + lv * wv;
        assert!((r.group_load_erlangs[0][i] - a).abs() < 1e-9);
        let aht = a / lam;
        let want = smallest_n(|n| {
            (ls == 0.0 || erlang_c_sl(n, a, aht, 20.0) >= 0.8)
                && erlang_c_sl(n, a, aht, 60.0) >= 0.9
        });
        assert_eq!(r.group_agents[0][i], want, "interval {i}");
        // pooling never needs more than the two types staffed apart
        assert!(want <= r.type_agents[0][i] + r.type_agents[1][i]);
        assert_eq!(r.group_agents[2][i], 0, "reserve is nobody's first choice");
        assert_eq!(
            r.center_agents[i],
            r.group_agents[0][i] + r.group_agents[1][i]
        );
    }
}

#[test]
fn self_service_concurrency_and_min_agents_shape_the_load() {
    let m = model(
        r#"
version = 1
name = "chat and ivr"
interval_minutes = 60
days = 1
[[contact_types]]
id = "chat"
channel = "chat"
arrivals = { rate_per_hour = 120 }
handle_time = { dist = "exponential", mean = 600 }
patience = { dist = "exponential", mean = 300 }
chat = { concurrency = 3 }
service_level = { threshold_s = 60, target = 0.8 }
self_service = { deflection = 0.25, duration = { dist = "exponential", mean = 60 } }
[[agent_groups]]
id = "chatters"
skills = ["chat"]
staffing = { constant = 10 }
"#,
    );
    let (lam, work) = type_load(&m, 0, 0);
    assert!(
        (lam - 120.0 * 0.75 / 3600.0).abs() < 1e-12,
        "deflected contacts never reach agents"
    );
    assert!(
        (work - 600.0 / 3.0).abs() < 1e-9,
        "a chat agent holds three chats"
    );
    let r = erlang_requirement(&m, &StaffingTargets::from_model(&m), 9, 10_000);
    assert!(
        r.group_agents[0].iter().all(|&n| n >= 9),
        "min_agents is a floor"
    );
}

#[test]
fn the_requirement_follows_the_handle_time_of_each_interval() {
    // the same calls every hour; handle time × 1.5 from 09:00 to 12:00 and × 0.5 at night
    let factors: Vec<String> = (0..24)
        .map(|h| match h {
            9..=11 => "1.5",
            0..=5 => "0.5",
            _ => "1",
        })
        .map(String::from)
        .collect();
    let m = model(&format!(
        r#"
version = 1
name = "aht by interval"
interval_minutes = 60
[[contact_types]]
id = "calls"
arrivals = {{ rate_per_hour = 100 }}
handle_time = {{ dist = "exponential", mean = 240 }}
wrap_up = {{ dist = "constant", value = 60 }}
handle_time_factors = [{}]
service_level = {{ threshold_s = 20, target = 0.8 }}
[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = {{ constant = 10 }}
"#,
        factors.join(", ")
    ));
    let r = erlang_requirement(&m, &StaffingTargets::from_model(&m), 0, 10_000);
    for (i, f) in factors.iter().enumerate() {
        // the interval's own AHT: (240 + 60) × its factor, against the textbook Erlang C
        let aht = 300.0 * f.parse::<f64>().unwrap();
        let a = 100.0 * aht / 3600.0;
        assert!((r.type_load_erlangs[0][i] - a).abs() < 1e-9, "interval {i}");
        let want = smallest_n(|n| erlang_c_sl(n, a, aht, 20.0) >= 0.8);
        assert_eq!(r.type_agents[0][i], want, "interval {i}: A = {a}");
        assert_eq!(r.group_agents[0][i], want, "interval {i}");
    }
    assert!(r.type_agents[0][10] > r.type_agents[0][14]);
    assert!(r.type_agents[0][3] < r.type_agents[0][14]);
}
