//! Numerical edge cases, limits and overload: zero agents, zero arrivals, a single contact,
//! patience 0, deterministic everything, handle times far above the interval, contacts still in
//! the system at the end (reported, not dropped), overloaded systems that must finish and report
//! the backlog, and absurd scenarios that must be refused up front, naming the limit and the
//! flag that raises it, without first allocating or computing without bound.
//!
//! Every bug found is fixed and kept here as a regression test with a minimal input.

use sim_core::tally::{ContactTally, ReplicationTally};
use sim_core::{run_batch, run_replication, Format, Limits, Model, Scenario, Simulation};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// ------------------------------------------------------------------ allocation budget

/// Counts live heap bytes; refuses allocations beyond `LIMIT` (the process then aborts with
/// "memory allocation failed"), so a budget test runs in a child process.
struct Budget;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

unsafe impl GlobalAlloc for Budget {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        if now > LIMIT.load(Ordering::Relaxed) {
            LIVE.fetch_sub(l.size(), Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(now, Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        System.dealloc(p, l)
    }
}

#[global_allocator]
static GLOBAL: Budget = Budget;

/// Runs `body` in a child process (this test binary, only test `name`) where the heap may not
/// grow past `mib` MiB and the whole must finish within `secs` seconds.
fn within_budget(name: &str, mib: usize, secs: u64, body: impl FnOnce()) {
    if std::env::var("CCSIM_TEST_HEAP_MIB").is_ok() {
        LIMIT.store(
            LIVE.load(Ordering::Relaxed) + (mib << 20),
            Ordering::Relaxed,
        );
        body();
        return;
    }
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            name,
            "--exact",
            "--include-ignored",
            "--test-threads=1",
            "--nocapture",
        ])
        .env("CCSIM_TEST_HEAP_MIB", mib.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            assert!(
                status.success(),
                "{name}: failed within a {mib} MiB heap budget ({status}):\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        if t0.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `f` on another thread; fails when it takes longer than `secs` (a hang).
fn with_deadline<T: Send + 'static>(
    secs: u64,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let h = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(h.join().unwrap_err())
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("HANG: {what} did not finish within {secs} s")
        }
    }
}

// ------------------------------------------------------------------ helpers

fn model(text: &str) -> Model {
    Model::from_text(text, Format::Toml).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn errors(text: &str) -> Vec<String> {
    match Model::from_text(text, Format::Toml) {
        Ok(_) => vec![],
        Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
    }
}

/// One voice queue: `head` goes before the tables, `ty` into the contact type, `group` into the
/// group (which has no staffing unless given).
fn scenario(head: &str, ty: &str, group: &str) -> String {
    format!(
        "version = 1\nname = \"edge\"\n{head}\n[[contact_types]]\nid = \"voice\"\n{ty}\n\
         [[agent_groups]]\nid = \"team\"\nskills = [\"voice\"]\n{group}\n"
    )
}

fn conserved(c: &ContactTally) {
    assert_eq!(
        c.offered,
        c.handled + c.abandoned + c.blocked + c.callbacks + c.in_system_end,
        "conservation: {c:?}"
    );
}

fn run1(m: &Model) -> ReplicationTally {
    let t = run_replication(m, 42, 0);
    for c in &t.by_type {
        conserved(c);
    }
    t
}

fn kpi(m: &Model, t: &ReplicationTally, name: &str) -> f64 {
    let (k, _) = sim_core::kpi::replication_kpis(m, t);
    let i = sim_core::kpi::overall_names()
        .iter()
        .position(|n| *n == name)
        .unwrap();
    k.overall.values()[i]
}

// ------------------------------------------------------------------ numerical edge cases

#[test]
fn zero_agents_all_day_keeps_everyone_in_the_system() {
    let m = model(&scenario(
        "",
        "arrivals = { rate_per_hour = 60 }\nhandle_time = { dist = \"exponential\", mean = 120 }",
        "staffing = { constant = 0 }",
    ));
    let t = run1(&m);
    let c = &t.by_type[0];
    assert!(c.offered > 1000.0);
    assert_eq!(c.answered, 0.0);
    assert_eq!(
        c.in_system_end, c.offered,
        "waiting contacts are reported at the end"
    );
    for name in ["service_level", "asa_s", "occupancy", "aht_s"] {
        let v = kpi(&m, &t, name);
        assert!(v.is_nan() || v == 0.0, "{name} = {v}");
    }
    // the summary and report still build
    let s = run_batch(&m, 1, 0..2);
    serde_json::to_string(&s.report(&m)).unwrap();
}

#[test]
fn zero_agents_in_some_intervals() {
    // nobody from 00:00 to 08:00, then 10 agents: the night's contacts wait, then get served
    let mut staff = vec!["0"; 16];
    staff.extend(vec!["10"; 32]);
    let m = model(&scenario(
        "",
        "arrivals = { rate_per_hour = 30 }\nhandle_time = { dist = \"exponential\", mean = 120 }",
        &format!("staffing = {{ per_interval = [{}] }}", staff.join(", ")),
    ));
    let t = run1(&m);
    let c = &t.by_type[0];
    assert!(
        c.max_wait > 4.0 * 3600.0,
        "night contacts waited for the morning"
    );
    assert!(c.handled > 0.9 * c.offered);
    let (_, rows) = sim_core::kpi::replication_kpis(&m, &t);
    for (i, row) in rows.iter().enumerate() {
        let occ = row[0].occupancy;
        assert!(
            occ.is_nan() || (0.0..=1.0 + 1e-9).contains(&occ),
            "interval {i}: occupancy {occ}"
        );
        if i < 16 {
            assert!(occ.is_nan(), "no agents → occupancy undefined, got {occ}");
        }
    }
}

#[test]
fn zero_arrivals_give_undefined_rates_not_infinities() {
    let m = model(&scenario(
        "days = 2",
        "arrivals = { rate_per_hour = 0 }\nhandle_time = { dist = \"exponential\", mean = 120 }",
        "staffing = { constant = 3 }",
    ));
    let s = run_batch(&m, 7, 0..3);
    let t = run1(&m);
    assert_eq!(t.by_type[0].arrivals, 0.0);
    assert_eq!(kpi(&m, &t, "occupancy"), 0.0);
    for (i, v) in s.replications[&0].overall.values().iter().enumerate() {
        assert!(!v.is_infinite(), "KPI {i} is infinite");
    }
    let json = serde_json::to_string(&s.report(&m)).unwrap();
    assert!(!json.contains("inf") && !json.contains("NaN"), "{json}");
}

#[test]
fn a_single_contact() {
    let m = model(&scenario(
        "",
        "arrivals = { rate_per_hour = 0 }\nhandle_time = { dist = \"constant\", value = 100 }\n\
         wrap_up = { dist = \"constant\", value = 20 }",
        "staffing = { constant = 1 }",
    ));
    let mut sim = Simulation::new(&m, 1, 0);
    sim.advance_to(3600.0);
    sim.inject(0);
    sim.advance_to(m.horizon_s);
    let t = sim.finish();
    let c = &t.by_type[0];
    conserved(c);
    assert_eq!(
        (c.offered, c.answered, c.handled, c.abandoned),
        (1.0, 1.0, 1.0, 0.0)
    );
    assert_eq!(c.wait_answered_sum, 0.0);
    assert_eq!(c.handle_sum, 120.0, "talk + wrap-up");
    assert_eq!(t.by_group[0].busy_s, 120.0);
}

#[test]
fn patience_zero_abandons_at_once_unless_an_agent_is_free() {
    let m = model(&scenario(
        "",
        "arrivals = { rate_per_hour = 120 }\nhandle_time = { dist = \"exponential\", mean = 300 }\n\
         patience = { dist = \"constant\", value = 0 }",
        "staffing = { constant = 2 }",
    ));
    let t = run1(&m);
    let c = &t.by_type[0];
    assert!(c.abandoned > 0.0 && c.answered > 0.0);
    assert_eq!(c.wait_answered_sum, 0.0, "nobody waits");
    assert_eq!(c.wait_abandoned_sum, 0.0);
    assert_eq!(c.short_abandoned, c.abandoned);
    assert_eq!(c.answered_in_threshold, c.answered);
}

#[test]
fn deterministic_everything() {
    // constant durations; the same seed → identical tallies; AHT exact
    let m = model(&scenario(
        "days = 2\nwarmup_minutes = 60",
        "arrivals = { rate_per_hour = 4 }\nhandle_time = { dist = \"constant\", value = 300 }\n\
         wrap_up = { dist = \"constant\", value = 0 }\npatience = { dist = \"constant\", value = 600 }\n\
         retry = { probability = 1, delay = { dist = \"constant\", value = 60 } }",
        "shifts = [{ start = \"06:00\", end = \"22:00\", agents = 1, breaks = [{ after = \"04:00\", minutes = 30 }] }]",
    ));
    let a = run1(&m);
    let b = run1(&m);
    assert_eq!(a, b);
    let c = &a.by_type[0];
    assert_eq!(c.handle_sum, 300.0 * c.handled);
    assert!(c.abandoned > 0.0 && c.retries > 0.0);
}

#[test]
fn handle_times_far_above_the_interval_length() {
    // 10-hour contacts, 15-minute intervals, agents on 8-hour shifts: work runs into overtime,
    // spans many intervals, and is still in service at the end of the horizon
    let m = model(&scenario(
        "interval_minutes = 15",
        "arrivals = { rate_per_hour = 1 }\nhandle_time = { dist = \"constant\", value = 36000 }",
        "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 3 }]",
    ));
    let t = run1(&m);
    let c = &t.by_type[0];
    let g = &t.by_group[0];
    assert!(c.answered > 0.0 && c.in_system_end > 0.0);
    assert!(g.overtime_s > 0.0, "contacts are finished after shift end");
    assert!(g.busy_s <= g.staffed_s + 1e-6);
    let (_, rows) = sim_core::kpi::replication_kpis(&m, &t);
    for row in &rows {
        let occ = row[0].occupancy;
        assert!(
            occ.is_nan() || occ <= 1.0 + 1e-9,
            "interval occupancy {occ}"
        );
    }
}

#[test]
fn contacts_in_the_system_at_the_end_are_reported_not_dropped() {
    // email (no abandonment), too few agents: a backlog remains at the end
    let m = model(&scenario(
        "warmup_minutes = 120",
        "channel = \"email\"\narrivals = { rate_per_hour = 40 }\nhandle_time = { dist = \"exponential\", mean = 600 }",
        "staffing = { constant = 2 }",
    ));
    for r in 0..5 {
        let t = run_replication(&m, 3, r);
        let c = &t.by_type[0];
        conserved(c);
        assert!(c.in_system_end > 100.0, "backlog {c:?}");
        let s = run_batch(&m, 3, r..r + 1);
        assert_eq!(
            s.replications[&r].by_type[0].in_system_end, c.in_system_end,
            "in the summary too"
        );
    }
}

// ------------------------------------------------------------------ overload

#[test]
fn overloaded_system_finishes_and_reports_the_explosion() {
    // 3 000 calls/h against 1 agent (load 150 Erlangs), infinite patience, 2 days
    let m = model(&scenario(
        "days = 2",
        "arrivals = { rate_per_hour = 3000 }\nhandle_time = { dist = \"exponential\", mean = 180 }",
        "staffing = { constant = 1 }",
    ));
    let t = with_deadline(30, "overloaded run", move || run_replication(&m, 1, 0));
    let c = &t.by_type[0];
    conserved(c);
    assert!(c.offered > 130_000.0);
    assert!(
        c.in_system_end > 0.99 * c.offered,
        "the backlog is reported: {c:?}"
    );
    assert!(c.queue_max > 100_000.0);
}

#[test]
fn overloaded_multi_skill_system_with_everything_finishes() {
    let text = include_str!("corpus/seed-full.toml")
        .replace("per_day = 600", "per_day = 60000")
        .replace("rate_per_hour = 40", "rate_per_hour = 4000");
    let m = model(&text);
    let t = with_deadline(30, "overloaded full scenario", move || {
        run_replication(&m, 1, 0)
    });
    for c in &t.by_type {
        conserved(c);
    }
    assert!(t.by_type.iter().map(|c| c.in_system_end).sum::<f64>() > 1000.0);
}

// ------------------------------------------------------------------ limits

#[test]
fn a_100_year_horizon_is_refused_naming_the_limit_and_flag() {
    within_budget(
        "a_100_year_horizon_is_refused_naming_the_limit_and_flag",
        64,
        20,
        || {
            let e = errors(&scenario(
            "days = 36500",
            "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "staffing = { constant = 1 }",
        ));
            assert_eq!(
            e,
            ["days: a horizon of 36500 days exceeds the limit of 3660 days (raise it with --max-days)"]
        );
        },
    );
}

#[test]
fn a_billion_contacts_are_refused_naming_the_limit_and_flag() {
    within_budget(
        "a_billion_contacts_are_refused_naming_the_limit_and_flag",
        64,
        20,
        || {
            let e = errors(&scenario(
            "",
            "arrivals = { per_day = 1e9 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "staffing = { constant = 1 }",
        ));
            assert_eq!(
            e,
            ["contact_types: about 1.000e9 contacts per replication exceed the limit of 5.000e7 (raise it with --max-events)"]
        );
        },
    );
}

#[test]
fn a_million_agents_are_refused_naming_the_limit_and_flag() {
    within_budget(
        "a_million_agents_are_refused_naming_the_limit_and_flag",
        256,
        20,
        || {
            let e = errors(&scenario(
            "",
            "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "staffing = { constant = 1000000 }",
        ));
            assert_eq!(e, ["agent_groups: 1000000 agents exceed the limit of 100000 (raise it with --max-agents)"]);
        },
    );
}

#[test]
fn limits_can_be_raised_and_lowered() {
    let text = scenario(
        "days = 20",
        "arrivals = { rate_per_hour = 100 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
        "staffing = { constant = 5 }",
    );
    let s = Scenario::parse(&text, Format::Toml).unwrap();
    let tight = Limits {
        max_contacts: 1000.0,
        max_agents: 4,
        max_days: 10,
        ..Limits::default()
    };
    let e = Model::compile(&s, tight).unwrap_err();
    let msgs: Vec<String> = e.0.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        msgs,
        ["days: a horizon of 20 days exceeds the limit of 10 days (raise it with --max-days)",],
        "the horizon is checked first; agents and volume after"
    );
    let s10 = Scenario {
        days: 10,
        ..s.clone()
    };
    let e = Model::compile(&s10, tight).unwrap_err();
    let msgs: Vec<String> = e.0.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        msgs,
        [
            "agent_groups: 5 agents exceed the limit of 4 (raise it with --max-agents)",
            "contact_types: about 2.400e4 contacts per replication exceed the limit of 1.000e3 (raise it with --max-events)",
        ]
    );
    let roomy = Limits {
        max_contacts: 1e5,
        max_agents: 5,
        max_days: 20,
        ..Limits::default()
    };
    assert!(Model::compile(&s, roomy).is_ok());
}

/// Was a bug (found here, fixed in sim-core): agents were expanded into one plan each *before*
/// the agent limit was checked, so
/// `staffing.constant = 4294967295` tries to allocate ~256 GB (or runs for minutes) instead of
/// being refused at once. Here 20 million agents (refused in the end) may not take 256 MiB.
#[test]
fn absurd_agent_counts_are_refused_before_allocating() {
    within_budget(
        "absurd_agent_counts_are_refused_before_allocating",
        256,
        30,
        || {
            let e = errors(&scenario(
            "",
            "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "staffing = { constant = 20000000 }",
        ));
            assert_eq!(e.len(), 1);
            assert!(e[0].contains("--max-agents"), "{e:?}");
        },
    );
}

/// Was a bug (found here, fixed in sim-core): validation was O(agents × intervals of the
/// horizon): `days = 3660` with `staffing = { constant = 100000 }` — both exactly at their
/// limits, so accepted — spent minutes in `scheduled_per_interval` (and per_interval staffing in
/// plan expansion), and 100 000 agents on a daily shift line over 3 660 days expanded to 3.7e8
/// shift plans (~15 GB). Now schedules compile in time proportional to their shifts, and the
/// shifts, breaks and off-phone blocks they would expand to are counted first and refused above
/// `--max-shifts`.
#[test]
fn agents_times_horizon_is_bounded() {
    within_budget("agents_times_horizon_is_bounded", 1024, 20, || {
        let t0 = Instant::now();
        let e = errors(&scenario(
            "days = 3660",
            "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "staffing = { constant = 100000 }",
        ));
        assert!(
            e.is_empty(),
            "one shift per agent is within the limits: {e:?}"
        );
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "validation took {:?}",
            t0.elapsed()
        );
        let e = errors(&scenario(
            "days = 3660",
            "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 100000 }]",
        ));
        assert_eq!(
            e,
            ["agent_groups: the schedules expand to 366000000 agent shifts, breaks and off-phone blocks over the 3660-day horizon, which exceeds the limit of 20000000 (raise it with --max-shifts)"]
        );
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "validation took {:?}",
            t0.elapsed()
        );
    });
}

/// Was a bug (found here, fixed in sim-core): the agent limit was checked per group before
/// expansion, the total only after every group was expanded: 200 groups of 100 000 agents
/// (each within the limit) built 20 million agent plans (~1.3 GB) before "exceed the limit"
/// was reported. Now the headcounts of all groups are summed before any plan is built.
#[test]
fn absurd_total_agents_are_refused_before_allocating() {
    within_budget(
        "absurd_total_agents_are_refused_before_allocating",
        256,
        60,
        || {
            let mut text = scenario(
            "",
            "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "staffing = { constant = 1 }",
        );
            for g in 0..200 {
                text += &format!(
                "[[agent_groups]]\nid = \"big{g}\"\nskills = [\"voice\"]\nstaffing = {{ constant = 100000 }}\n"
            );
            }
            let e = errors(&text);
            assert_eq!(
                e,
                ["agent_groups: 20000001 agents exceed the limit of 100000 (raise it with --max-agents)"]
            );
        },
    );
}

/// Was a bug (found here, fixed in sim-core): the limit of 400 000 interval cells counted
/// intervals × contact types only, while per-group interval tallies are sized intervals × groups:
/// ten years at 30-minute intervals with 200 one-agent groups and no traffic needed ~3 GB for one
/// replication's group tallies. Now intervals × groups is limited too (2 000 000 cells of about
/// 90 bytes, next to the 400 000 cells of about 900 bytes for intervals × (types + 1)).
#[test]
fn per_interval_memory_is_bounded() {
    within_budget("per_interval_memory_is_bounded", 1024, 60, || {
        let mut text = String::from(
            "version = 1\nname = \"long\"\ndays = 3660\n[[contact_types]]\nid = \"t\"\n\
             arrivals = { rate_per_hour = 0 }\nhandle_time = { dist = \"exponential\", mean = 100 }\n",
        );
        for g in 0..200 {
            text += &format!(
                "[[agent_groups]]\nid = \"g{g}\"\nskills = [\"t\"]\nstaffing = {{ constant = 1 }}\n"
            );
        }
        match Model::from_text(&text, Format::Toml) {
            Ok(m) => {
                let s = run_batch(&m, 1, 0..1);
                assert_eq!(s.count(), 1);
            }
            Err(e) => assert_eq!(
                e.to_string(),
                "interval_minutes: 175680 intervals × 200 agent groups give 35136000 agent-group statistics cells per run, above the limit of 2000000: use longer intervals, fewer days, or fewer agent groups"
            ),
        }
    });
}

/// Types: ten years at 1-minute intervals is refused up front (no memory blow-up).
#[test]
fn long_horizons_at_short_intervals_are_refused() {
    within_budget(
        "long_horizons_at_short_intervals_are_refused",
        256,
        20,
        || {
            let e = errors(&scenario(
            "days = 3660\ninterval_minutes = 1",
            "arrivals = { rate_per_hour = 0 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            "staffing = { constant = 1 }",
        ));
            assert_eq!(e.len(), 1, "{e:?}");
            assert!(
                e[0].starts_with("interval_minutes: 5270400 intervals"),
                "{e:?}"
            );
        },
    );
}

// ------------------------------------------------------------------ feedback loops (hangs)

/// Was a bug (found here, fixed in sim-core): two contact types offering callbacks to each other
/// (accept_share = 1) bounced a contact between them forever at the same instant when no agent
/// was free: `offer` → callback → `offer` … Now a callback request is a single promise: a
/// contact that already is a callback is never offered another one, so it waits in `b`.
#[test]
fn callback_cycle_terminates() {
    let m = model(
        r#"version = 1
name = "cb"
[[contact_types]]
id = "a"
arrivals = { rate_per_hour = 10 }
handle_time = { dist = "exponential", mean = 100 }
callback = { offer_when_wait_s = 0, accept_share = 1, to = "b" }
[[contact_types]]
id = "b"
arrivals = { rate_per_hour = 0 }
handle_time = { dist = "exponential", mean = 100 }
callback = { offer_when_wait_s = 0, accept_share = 1, to = "a" }
[[agent_groups]]
id = "g"
skills = ["a", "b"]
staffing = { constant = 0 }
"#,
    );
    let t = with_deadline(10, "callback cycle", move || run_replication(&m, 1, 0));
    conserved(&t.by_type[0]);
    conserved(&t.by_type[1]);
    let (a, b) = (&t.by_type[0], &t.by_type[1]);
    assert!(a.offered > 100.0, "{a:?}");
    assert_eq!(
        a.callbacks, a.offered,
        "every caller of a takes the callback"
    );
    assert_eq!(
        b.offered, a.callbacks,
        "one callback contact in b per accepted offer"
    );
    assert_eq!(
        b.callbacks, 0.0,
        "a callback is never offered another callback"
    );
    assert_eq!(
        b.in_system_end, b.offered,
        "no agents: the callbacks wait to the end"
    );
}

/// Was a bug (found here, fixed in sim-core): zero-duration feedback loops never let the clock
/// advance: a transfer back to the same type (share 1), an FCR repeat (rate 0, delay 0) or a
/// redial (probability 1, delay 0, patience 0) with zero handle time / delay scheduled new work
/// at the same instant forever. Now validation refuses loops whose every contact creates at
/// least one new contact in (almost) no time, naming the loop.
#[test]
fn zero_duration_feedback_loops_terminate() {
    let cases = [
        "handle_time = { dist = \"constant\", value = 0 }\ntransfers = [{ to = \"voice\", share = 1 }]",
        "handle_time = { dist = \"constant\", value = 0 }\n\
         fcr = { rate = 0, repeat_delay = { dist = \"constant\", value = 0 } }",
        "handle_time = { dist = \"exponential\", mean = 100 }\npatience = { dist = \"constant\", value = 0 }\n\
         retry = { probability = 1, delay = { dist = \"constant\", value = 0 } }",
    ];
    for (k, ty) in cases.iter().enumerate() {
        let text = scenario(
            "",
            &format!("arrivals = {{ rate_per_hour = 10 }}\n{ty}"),
            "staffing = { constant = 1 }",
        )
        .replace(
            "constant = 1 }",
            if k == 2 {
                "constant = 0 }"
            } else {
                "constant = 1 }"
            },
        );
        match Model::from_text(&text, Format::Toml) {
            Err(e) => assert!(!e.0.is_empty()),
            Ok(m) => {
                with_deadline(10, &format!("loop case {k}"), move || {
                    run_replication(&m, 1, 0)
                });
            }
        }
        let e = errors(&text);
        let how = ["transfer", "repeat", "redial"][k];
        assert_eq!(
            e,
            [format!("contact_types[0]: zero-time loop \"voice\" → \"voice\" ({how}): every contact on it makes at least one new contact in (almost) no time, so the run would never end; make a handle time, patience or delay on the loop longer (at least 1 ms on average), or lower a share or probability below 1")]
        );
    }
}

/// Loops through several types: refused when every step is certain and instant, accepted when
/// one step takes time or dies out.
#[test]
fn zero_time_loops_across_types() {
    let two = |a: &str, b: &str| {
        format!(
            "version = 1\nname = \"x\"\n[[contact_types]]\nid = \"a\"\narrivals = {{ rate_per_hour = 10 }}\n{a}\n\
             [[contact_types]]\nid = \"b\"\narrivals = {{ rate_per_hour = 0 }}\n{b}\n\
             [[agent_groups]]\nid = \"g\"\nskills = [\"a\", \"b\"]\nstaffing = {{ constant = 1 }}\n"
        )
    };
    let zero = "handle_time = { dist = \"constant\", value = 0 }";
    let slow = "handle_time = { dist = \"exponential\", mean = 100 }";
    // a callback to b, which transfers straight back
    let e = errors(&two(
        &format!("{slow}\ncallback = {{ offer_when_wait_s = 0, accept_share = 1, to = \"b\" }}"),
        &format!("{zero}\ntransfers = [{{ to = \"a\", share = 1 }}]"),
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(
            "contact_types[0]: zero-time loop \"a\" → \"b\" (callback) → \"a\" (transfer):"
        ),
        "{e:?}"
    );
    // a repeat of a as b (no delay), b transferred back, both instant
    let e = errors(&two(
        &format!("{zero}\nfcr = {{ rate = 0, repeat_delay = {{ dist = \"constant\", value = 0 }}, repeat_as = \"b\" }}"),
        &format!("{zero}\ntransfers = [{{ to = \"a\", share = 0.5 }}, {{ to = \"b\", share = 0.5 }}]"),
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("zero-time loop"), "{e:?}");
    // the same when b's handling takes time: accepted, and the run ends
    for b in [
        format!("{slow}\ntransfers = [{{ to = \"a\", share = 1 }}]"),
        format!("{zero}\ntransfers = [{{ to = \"a\", share = 0.6 }}]"),
    ] {
        let m = model(&two(
            &format!("{zero}\nfcr = {{ rate = 0, repeat_delay = {{ dist = \"constant\", value = 0 }}, repeat_as = \"b\" }}"),
            &b,
        ));
        let t = with_deadline(20, "loop across types", move || run_replication(&m, 1, 0));
        conserved(&t.by_type[0]);
        conserved(&t.by_type[1]);
    }
}

/// The same loops with time in them are legitimate (if extreme) models: they are accepted and
/// end at the horizon — nothing after the horizon is processed.
#[test]
fn feedback_loops_that_take_time_end_at_the_horizon() {
    let cases = [
        // every contact is transferred back, but handling takes time
        ("handle_time = { dist = \"constant\", value = 60 }\ntransfers = [{ to = \"voice\", share = 1 }]", 1),
        // nobody is ever resolved, but the repeat comes back after handling
        ("handle_time = { dist = \"exponential\", mean = 100 }\n\
          fcr = { rate = 0, repeat_delay = { dist = \"constant\", value = 0 } }", 1),
        // everybody redials, nobody is ever served: redials every minute to the end
        ("handle_time = { dist = \"exponential\", mean = 100 }\npatience = { dist = \"constant\", value = 0 }\n\
          retry = { probability = 1, delay = { dist = \"constant\", value = 60 } }", 0),
        // a zero-time loop that dies out (half the contacts are transferred back)
        ("handle_time = { dist = \"constant\", value = 0 }\ntransfers = [{ to = \"voice\", share = 0.5 }]", 1),
    ];
    for (k, (ty, agents)) in cases.iter().enumerate() {
        let text = scenario(
            "",
            &format!("arrivals = {{ rate_per_hour = 10 }}\n{ty}"),
            &format!("staffing = {{ constant = {agents} }}"),
        );
        let m = model(&text);
        let t = with_deadline(20, &format!("case {k}"), move || run_replication(&m, 1, 0));
        conserved(&t.by_type[0]);
        assert!(t.by_type[0].offered > 0.0, "case {k}");
    }
}

/// Was a bug (found by the mutation fuzzer, `fuzz_inputs::mutated_valid_scenarios_never_panic`,
/// 1e308 in seed-full.toml; fixed in sim-core): validation accepted any finite number, so
/// astronomically large but finite values (cost_per_hour = 1e308, speed_factor = 1e308, …)
/// overflowed to infinity in KPIs: the cost was `inf` (serialised as null in JSON: silently
/// "undefined"). Now cost rates, overtime and handle-time factors, chat slowdown, volume_cv and
/// break windows have upper bounds (docs/scenario.md).
#[test]
fn huge_finite_values_are_refused_or_stay_finite() {
    let text = scenario(
        "",
        "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
        "staffing = { constant = 2 }\ncost_per_hour = 1e308",
    );
    if let Ok(m) = Model::from_text(&text, Format::Toml) {
        let t = run1(&m);
        let cost = kpi(&m, &t, "cost");
        assert!(cost.is_finite(), "cost = {cost}");
    }
    assert_eq!(
        errors(&text),
        ["agent_groups[0].cost_per_hour: must be at most 1000000000, got 1e308"]
    );
    for (field, msg) in [
        (
            "speed_factor = 1e308",
            "agent_groups[0].speed_factor: must be between 0.01 and 100, got 1e308",
        ),
        (
            "speed_factor = 1e-300",
            "agent_groups[0].speed_factor: must be between 0.01 and 100, got 1e-300",
        ),
        (
            "proficiency = { voice = 1e308 }",
            "agent_groups[0].proficiency.voice: must be between 0.01 and 100, got 1e308",
        ),
    ] {
        let text = scenario(
            "",
            "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
            &format!("staffing = {{ constant = 2 }}\n{field}"),
        );
        assert_eq!(errors(&text), [msg]);
    }
    let text = scenario(
        "[costs]\nagent_hour = 1e308\novertime_factor = 1e308",
        "arrivals = { rate_per_hour = 10 }\nhandle_time = { dist = \"exponential\", mean = 100 }",
        "staffing = { constant = 2 }",
    );
    assert_eq!(
        errors(&text),
        [
            "costs.agent_hour: must be at most 1000000000, got 1e308",
            "costs.overtime_factor: must be at most 10, got 1e308"
        ]
    );
}

/// `service_level` without `target` (the documented optional field): accepted, the threshold
/// counts for the service-level KPIs and no target is set; a target out of range is still named.
#[test]
fn a_service_level_without_a_target_is_accepted() {
    let ty = "arrivals = { rate_per_hour = 60 }\nhandle_time = { dist = \"exponential\", mean = 120 }\nservice_level = { threshold_s = 45 }";
    let m = model(&scenario("", ty, "staffing = { constant = 3 }"));
    assert_eq!(m.types[0].sl_threshold_s, 45.0);
    assert_eq!(m.types[0].sl_target, None);
    let bad = "arrivals = { rate_per_hour = 60 }\nhandle_time = { dist = \"exponential\", mean = 120 }\nservice_level = { threshold_s = 45, target = 1.5 }";
    let e = errors(&scenario("", bad, "staffing = { constant = 3 }"));
    assert!(
        e.iter()
            .any(|x| x.starts_with("contact_types[0].service_level.target:")),
        "{e:?}"
    );
}
