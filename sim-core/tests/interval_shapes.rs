//! Handle time that varies by interval (`handle_time_factors`), intraday profiles per weekday
//! (`arrivals.weekday_profiles`) and the contact-record sink (`run_replication_with_records`).
//!
//! Deterministic cases are checked exactly. The random checks are one statistical family of
//! `CHECKS` = 6 checks over 2 tests, family-wise false-failure rate `ALPHA` = 0.1 %, Bonferroni
//! per-check level 1 − 0.001/6 (z ≈ 3.8, computed in tests/common/family.rs).

mod common;

use common::family::Family;
use sim_core::tally::{ContactTally, ReplicationTally};
use sim_core::{
    run_replication, run_replication_with_records, ContactRecord, Format, Model, Outcome,
};

const ALPHA: f64 = 0.001;
const CHECKS: usize = 6;

fn part(name: &'static str, checks: usize) -> Family {
    Family::part(name, checks, CHECKS, ALPHA)
}

fn model(text: &str) -> Model {
    Model::from_text(text, Format::Toml)
        .unwrap_or_else(|e| panic!("test scenario does not compile:\n{e}\n---\n{text}"))
}

fn errors(text: &str) -> String {
    match Model::from_text(text, Format::Toml) {
        Ok(_) => panic!("expected errors:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// 24 hourly values: `base` everywhere, `v` in hours `from..to`.
fn hours(base: f64, v: f64, from: usize, to: usize) -> String {
    let list: Vec<String> = (0..24)
        .map(|h| if (from..to).contains(&h) { v } else { base }.to_string())
        .collect();
    format!("[{}]", list.join(", "))
}

/// One voice queue with ample agents (no waiting), hourly intervals.
fn ample(handle: &str, factors: Option<&str>) -> Model {
    let factors = factors.map_or(String::new(), |f| format!("handle_time_factors = {f}\n"));
    model(&format!(
        r#"
version = 1
name = "factors"
interval_minutes = 60
[[contact_types]]
id = "voice"
arrivals = {{ rate_per_hour = 120 }}
handle_time = {handle}
wrap_up = {{ dist = "constant", value = 20 }}
{factors}
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = {{ constant = 60 }}
"#
    ))
}

fn answered_hour(r: &ContactRecord) -> usize {
    ((r.arrival_s + r.wait_s.unwrap_or(0.0)) / 3600.0) as usize
}

#[test]
fn the_factor_of_the_interval_of_answer_scales_talk_and_wrap_up() {
    let m = ample(
        r#"{ dist = "constant", value = 100 }"#,
        Some(&hours(1.0, 2.0, 10, 12)),
    );
    let (_, records) = run_replication_with_records(&m, 7, 0);
    let answered: Vec<&ContactRecord> = records
        .iter()
        .filter(|r| r.outcome == Outcome::Answered)
        .collect();
    assert!(answered.len() > 2000, "{} answered", answered.len());
    for r in answered {
        let f = if (10..12).contains(&answered_hour(r)) {
            2.0
        } else {
            1.0
        };
        assert_eq!(r.talk_s, Some(100.0 * f), "{r:?}");
        assert_eq!(r.wrap_s, Some(20.0 * f), "{r:?}");
    }
}

#[test]
fn a_factor_keeps_each_contacts_own_draw() {
    // common random numbers: the same contacts, each one's talk time scaled, nothing else
    let exp = r#"{ dist = "exponential", mean = 120 }"#;
    let plain = ample(exp, None);
    let scaled = ample(exp, Some(&hours(1.0, 1.5, 6, 18)));
    let (_, a) = run_replication_with_records(&plain, 3, 0);
    let (_, b) = run_replication_with_records(&scaled, 3, 0);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.arrival_s, y.arrival_s);
        assert_eq!(x.wait_s, Some(0.0), "ample agents: nobody waits");
        let f = if (6..18).contains(&answered_hour(x)) {
            1.5
        } else {
            1.0
        };
        if let (Some(tx), Some(ty)) = (x.talk_s, y.talk_s) {
            assert_eq!(ty, tx * f, "{x:?} vs {y:?}");
        }
    }
}

#[test]
fn a_factor_of_two_doubles_the_mean_handle_time_where_it_applies() {
    let fam = part("handle-time factor", 2);
    let m = ample(
        r#"{ dist = "exponential", mean = 180 }"#,
        Some(&hours(1.0, 2.0, 8, 12)),
    );
    let nt = m.types.len();
    let (mut inside, mut outside) = (ContactTally::default(), ContactTally::default());
    for r in 0..20 {
        let t = run_replication(&m, 11, r);
        for (i, c) in t.by_interval_type.chunks(nt).enumerate() {
            // nobody waits, so the interval of offer is the interval of answer
            if (8..12).contains(&i) {
                inside.add(&c[0]);
            } else if i < 23 {
                outside.add(&c[0]);
            }
        }
    }
    // handle_sum = Σ (talk + 20 s wrap) × factor; exponential talk: sd = mean
    for (what, c, f) in [("hours 8-12", &inside, 2.0), ("other hours", &outside, 1.0)] {
        let mean = c.handle_sum / c.handled;
        let se = 180.0 * f / c.handled.sqrt();
        fam.within(&format!("mean handle {what}"), mean, (180.0 + 20.0) * f, se);
    }
}

#[test]
fn the_requirement_inputs_use_the_intervals_own_handle_time() {
    let m = ample(
        r#"{ dist = "exponential", mean = 180 }"#,
        Some(&hours(1.0, 2.0, 8, 12)),
    );
    let t = &m.types[0];
    assert_eq!(t.mean_service_s(9), 400.0);
    assert_eq!(t.mean_service_s(13), 200.0);
    let load = m.offered_erlangs_per_interval();
    assert!((load[9] - 2.0 * load[13]).abs() < 1e-9, "{load:?}");
}

#[test]
fn handle_time_factors_are_validated_with_their_paths() {
    let base = |f: &str| {
        format!(
            "version = 1\nname = \"x\"\ndays = 2\ninterval_minutes = 720\n[[contact_types]]\nid = \"v\"\n\
             arrivals = {{ rate_per_hour = 10 }}\nhandle_time = {{ dist = \"constant\", value = 60 }}\n\
             handle_time_factors = {f}\n[[agent_groups]]\nid = \"g\"\nskills = [\"v\"]\nstaffing = {{ constant = 2 }}\n"
        )
    };
    // one per interval of a day, or of the horizon
    model(&base("[1, 2]"));
    model(&base("[1, 2, 0.5, 3]"));
    let e = errors(&base("[1, 2, 3]"));
    assert!(
        e.contains("contact_types[0].handle_time_factors: has 3 values; needs 2"),
        "{e}"
    );
    let e = errors(&base("[1, 0]"));
    assert!(
        e.contains("contact_types[0].handle_time_factors[1]: must be between 0.01 and 100, got 0"),
        "{e}"
    );
    let e = errors(&base("[1, -2, 1, 1e9]"));
    assert!(e.contains("handle_time_factors[1]"), "{e}");
    assert!(e.contains("handle_time_factors[3]"), "{e}");
}

// ------------------------------------------------------------------------- weekday profiles

fn week(arrivals: &str) -> String {
    format!(
        r#"
version = 1
name = "week"
interval_minutes = 60
days = 7
start_weekday = "mon"
[[contact_types]]
id = "voice"
arrivals = {arrivals}
handle_time = {{ dist = "exponential", mean = 60 }}
[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = {{ constant = 20 }}
"#
    )
}

#[test]
fn a_weekday_profile_shapes_its_own_days_only() {
    let fam = part("weekday profiles", 4);
    let profile = hours(1.0, 3.0, 9, 17);
    let saturday = hours(0.0, 1.0, 8, 12);
    let m = model(&week(&format!(
        "{{ per_day = 960, profile = {profile}, weekday_profiles = {{ sat = {saturday} }} }}"
    )));
    // compiled rates: Saturday (day 6 of a week starting Monday) has only 08-12, 240 per hour
    let rate_h = |i: usize| m.types[0].rate_per_s[i] * 3600.0;
    for h in 0..24 {
        let sat = rate_h(5 * 24 + h);
        let want = if (8..12).contains(&h) { 240.0 } else { 0.0 };
        assert!((sat - want).abs() < 1e-9, "Saturday {h}:00 rate {sat}");
        let weight = if (9..17).contains(&h) { 3.0 } else { 1.0 };
        let mon = rate_h(h);
        assert!((mon - 960.0 * weight / 40.0).abs() < 1e-9, "Monday {h}:00");
    }
    let (mut sat_morning, mut sat_rest, mut mon_peak, mut mon_night) = (0.0, 0.0, 0.0, 0.0);
    let reps = 10;
    for r in 0..reps {
        let t: ReplicationTally = run_replication(&m, 5, r);
        for (i, c) in t.by_interval_type.iter().enumerate() {
            let (day, h) = (i / 24, i % 24);
            match day {
                5 if (8..12).contains(&h) => sat_morning += c.arrivals,
                5 => sat_rest += c.arrivals,
                0 if (9..17).contains(&h) => mon_peak += c.arrivals,
                0 => mon_night += c.arrivals,
                _ => {}
            }
        }
    }
    assert_eq!(sat_rest, 0.0, "Saturday arrivals outside its morning");
    let n = reps as f64;
    fam.poisson("Saturday 08-12 arrivals", sat_morning, 960.0 * n);
    fam.poisson("Monday 09-17 arrivals", mon_peak, 960.0 * 24.0 / 40.0 * n);
    fam.poisson("Monday other hours", mon_night, 960.0 * 16.0 / 40.0 * n);
    fam.share(
        "Monday's share in 09-17",
        mon_peak,
        mon_peak + mon_night,
        0.6,
    );
}

#[test]
fn weekday_profiles_are_validated_with_their_paths() {
    let flat = hours(1.0, 1.0, 0, 0);
    let e = errors(&week(&format!(
        "{{ per_day = 100, weekday_profiles = {{ saturday = {flat}, sun = [1, 2], mon = {} }} }}",
        hours(0.0, 0.0, 0, 0)
    )));
    assert!(
        e.contains("contact_types[0].arrivals.weekday_profiles.saturday: unknown weekday \"saturday\"; use mon, tue, wed, thu, fri, sat or sun"),
        "{e}"
    );
    assert!(
        e.contains("contact_types[0].arrivals.weekday_profiles.sun: has 2 weights; needs 24"),
        "{e}"
    );
    assert!(
        e.contains("contact_types[0].arrivals.weekday_profiles.mon: weights must not all be 0"),
        "{e}"
    );
    let e = errors(&week(&format!(
        "{{ rate_per_hour = 10, weekday_profiles = {{ sat = {flat} }} }}"
    )));
    assert!(
        e.contains("contact_types[0].arrivals.weekday_profiles: only used together with per_day"),
        "{e}"
    );
    let e = errors(&week(&format!(
        "{{ per_day = 100, weekday_profiles = {{ tue = {} }} }}",
        hours(1.0, -1.0, 3, 4)
    )));
    assert!(
        e.contains("contact_types[0].arrivals.weekday_profiles.tue[3]: must be >= 0, got -1"),
        "{e}"
    );
}

// --------------------------------------------------------------------------- contact records

/// Every process option that creates or ends contacts: IVR with deflection, a capped queue,
/// redials, callbacks, FCR repeats and transfers, a warm-up, and a horizon that ends busy.
const BUSY: &str = r#"
version = 1
name = "busy"
interval_minutes = 30
days = 1
warmup_minutes = 45
[[contact_types]]
id = "sales"
arrivals = { per_interval = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 90, 120, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150] }
handle_time = { dist = "lognormal", mean = 240, sd = 200 }
wrap_up = { dist = "exponential", mean = 30 }
handle_time_factors = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.2, 1.3, 1.2, 1.1, 1.0, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
patience = { dist = "exponential", mean = 120 }
queue_capacity = 8
retry = { probability = 0.5, delay = { dist = "exponential", mean = 300 } }
self_service = { deflection = 0.2, duration = { dist = "constant", value = 45 }, ports = 6 }
fcr = { rate = 0.8, repeat_delay = { dist = "exponential", mean = 1800 } }
transfers = [{ to = "care", share = 0.1 }]
callback = { offer_when_wait_s = 90, accept_share = 0.4, to = "callbacks" }
[[contact_types]]
id = "care"
arrivals = { rate_per_hour = 60 }
handle_time = { dist = "gamma", mean = 300, cv = 0.7 }
patience = { dist = "exponential", mean = 200 }
[[contact_types]]
id = "callbacks"
arrivals = { rate_per_hour = 0 }
handle_time = { dist = "exponential", mean = 200 }
[[agent_groups]]
id = "front"
skills = ["sales", "care"]
staffing = { constant = 20 }
[[agent_groups]]
id = "back"
skills = ["callbacks", "care"]
staffing = { constant = 4 }
speed_factor = 1.2
"#;

#[test]
fn records_change_no_result() {
    for (text, seed) in [(BUSY, 1), (BUSY, 2)] {
        let m = model(text);
        for r in 0..3 {
            let plain = run_replication(&m, seed, r);
            let (with, records) = run_replication_with_records(&m, seed, r);
            assert_eq!(
                plain, with,
                "replication {r}: tallies differ with records on"
            );
            assert!(!records.is_empty());
        }
    }
}

/// Adds a record to the tally cell of its interval of arrival, counting only what the records
/// say (an independent count of the engine's tallies).
fn count(cell: &mut ContactTally, r: &ContactRecord) {
    match r.outcome {
        Outcome::Deflected => {
            cell.deflected += 1.0;
            return;
        }
        Outcome::Answered => {
            cell.handled += 1.0;
            cell.handle_sum += r.talk_s.unwrap() + r.wrap_s.unwrap();
        }
        Outcome::Abandoned => {
            cell.abandoned += 1.0;
            cell.wait_abandoned_sum += r.wait_s.unwrap();
        }
        Outcome::Blocked => cell.blocked += 1.0,
        Outcome::Callback => cell.callbacks += 1.0,
        Outcome::Unfinished => cell.in_system_end += 1.0,
    }
    cell.offered += 1.0;
    if r.group.is_some() {
        cell.answered += 1.0;
        cell.wait_answered_sum += r.wait_s.unwrap();
    }
}

#[test]
fn records_add_up_to_the_tallies() {
    let m = model(BUSY);
    let nt = m.types.len();
    for r in 0..3 {
        let (t, records) = run_replication_with_records(&m, 9, r);
        let mut cells = vec![ContactTally::default(); t.by_interval_type.len()];
        for rec in &records {
            assert!(
                rec.arrival_s >= m.warmup_s,
                "{rec:?} before the warm-up end"
            );
            let i = m.interval_of(rec.arrival_s);
            count(&mut cells[i * nt + rec.contact_type as usize], rec);
        }
        let mut outcomes = std::collections::BTreeSet::new();
        for (k, (got, want)) in cells.iter().zip(&t.by_interval_type).enumerate() {
            let at = format!("replication {r}, interval {}, type {}", k / nt, k % nt);
            for (what, a, b) in [
                ("offered", got.offered, want.offered),
                ("handled", got.handled, want.handled),
                ("abandoned", got.abandoned, want.abandoned),
                ("blocked", got.blocked, want.blocked),
                ("callbacks", got.callbacks, want.callbacks),
                ("deflected", got.deflected, want.deflected),
                (
                    "in system at the end",
                    got.in_system_end,
                    want.in_system_end,
                ),
                ("answered", got.answered, want.answered),
            ] {
                assert_eq!(a, b, "{at}: {what}");
                if a > 0.0 {
                    outcomes.insert(what);
                }
            }
            for (what, a, b) in [
                ("handle time", got.handle_sum, want.handle_sum),
                (
                    "wait of answered",
                    got.wait_answered_sum,
                    want.wait_answered_sum,
                ),
                (
                    "wait of abandoned",
                    got.wait_abandoned_sum,
                    want.wait_abandoned_sum,
                ),
            ] {
                assert!(
                    (a - b).abs() <= 1e-6 * b.max(1.0),
                    "{at}: {what} {a} vs {b}"
                );
            }
            // conservation, from the records alone
            let out = got.handled + got.abandoned + got.blocked + got.callbacks + got.in_system_end;
            assert_eq!(got.offered, out, "{at}: conservation");
        }
        // the scenario exercises every outcome
        assert_eq!(outcomes.len(), 8, "{outcomes:?}");
    }
}

#[test]
fn redials_repeats_and_callbacks_keep_their_callers_number() {
    // no warm-up: every caller's first contact is recorded
    let m = model(&BUSY.replace("warmup_minutes = 45", "warmup_minutes = 0"));
    let (_, records) = run_replication_with_records(&m, 4, 0);
    let mut by_caller: std::collections::BTreeMap<u32, Vec<&ContactRecord>> = Default::default();
    for r in &records {
        by_caller.entry(r.caller).or_default().push(r);
    }
    let several = by_caller.values().filter(|v| v.len() > 1).count();
    assert!(
        several > 100,
        "only {several} callers with several contacts"
    );
    // each of a caller's later contacts follows an earlier one that abandoned (redial), was
    // answered (repeat, transfer) or took a callback
    for contacts in by_caller.values() {
        for k in 1..contacts.len() {
            assert!(contacts[k - 1].arrival_s <= contacts[k].arrival_s);
            assert!(
                contacts[..k].iter().any(|c| matches!(
                    c.outcome,
                    Outcome::Abandoned | Outcome::Answered | Outcome::Callback
                )),
                "{:?} has no contact before it that could have led to it",
                contacts[k]
            );
        }
    }
    let callbacks_type = m.types.iter().position(|t| t.id == "callbacks").unwrap() as u16;
    let callback_rows = records
        .iter()
        .filter(|r| r.contact_type == callbacks_type)
        .count();
    assert!(callback_rows > 0);
    for r in records.iter().filter(|r| r.contact_type == callbacks_type) {
        assert!(
            by_caller[&r.caller]
                .iter()
                .any(|x| x.outcome == Outcome::Callback),
            "a callback without the contact that asked for it: {r:?}"
        );
    }
}
