use sim_core::*;
fn main() {
    let text = r#"
version = 1
name = "Single queue"
interval_minutes = 30
days = 1
warmup_minutes = 60
[[contact_types]]
id = "voice"
channel = "voice"
arrivals = { rate_per_hour = 200 }
handle_time = { dist = "exponential", mean = 180 }
patience = { dist = "exponential", mean = 300 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = { constant = 12 }
"#;
    let m = Model::from_text(text, Format::Toml).unwrap();
    let mut tot = tally::ContactTally::default();
    let mut occ = (0.0, 0.0);
    let t0 = std::time::Instant::now();
    let mut ev = 0;
    for r in 0..200 {
        let t = run_replication(&m, 1, r);
        tot.add(&t.by_type[0]);
        occ.0 += t.by_group[0].busy_s;
        occ.1 += t.by_group[0].staffed_s;
        ev += t.events;
    }
    let el = t0.elapsed().as_secs_f64();
    println!(
        "offered {} answered {} handled {} abandoned {} insys {}",
        tot.offered, tot.answered, tot.handled, tot.abandoned, tot.in_system_end
    );
    println!(
        "SL {:.4} ASA {:.2} ab {:.4} occ {:.4}",
        tot.answered_in_threshold / tot.offered,
        tot.wait_answered_sum / tot.answered,
        tot.abandoned / tot.offered,
        occ.0 / occ.1
    );
    let a = analytic::erlang_a_metrics(200.0 / 3600.0, 180.0, 300.0, 12, 20.0);
    println!("ErlangA {:?}", a);
    println!("events/s {:.0}", ev as f64 / el);
}
