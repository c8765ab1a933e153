//! `ccsim erlang`: Erlang B, C and A for one queue, straight from sim-core's analytic module.

use crate::cli::{ErlangArgs, OutFormat};
use crate::error::{CliError, Result, EXIT_OK};
use crate::output::{self, csv_num, Align, Table};
use serde_json::json;
use sim_core::analytic::{
    agents_for_abandon_rate, agents_for_service_level, erlang_a_metrics, erlang_b,
    erlang_c_metrics, offered_load_erlangs, QueueMetrics,
};

const MAX_AGENTS: u32 = 100_000;

fn check(a: &ErlangArgs) -> Result<()> {
    let mut problems = Vec::new();
    if !(a.calls_per_hour.is_finite() && a.calls_per_hour >= 0.0) {
        problems.push(format!(
            "--calls-per-hour: must be >= 0, got {}",
            a.calls_per_hour
        ));
    }
    if !(a.aht.is_finite() && a.aht > 0.0) {
        problems.push(format!("--aht: must be > 0 seconds, got {}", a.aht));
    }
    if let Some(p) = a.patience {
        if p.is_nan() || p <= 0.0 {
            problems.push(format!("--patience: must be > 0 seconds, got {p}"));
        }
    }
    if !(a.threshold.is_finite() && a.threshold >= 0.0) {
        problems.push(format!(
            "--threshold: must be >= 0 seconds, got {}",
            a.threshold
        ));
    }
    if let Some(t) = a.target {
        if !(t > 0.0 && t < 1.0) {
            problems.push(format!(
                "--target: a service level between 0 and 1 (0.8 = 80 %), got {t}"
            ));
        }
    }
    if let Some(t) = a.max_abandon {
        if !(t > 0.0 && t < 1.0) {
            problems.push(format!(
                "--max-abandon: an abandonment rate between 0 and 1 (0.05 = 5 %), got {t}"
            ));
        }
        if a.patience.is_none() {
            problems.push(
                "--max-abandon needs --patience (callers who never hang up never abandon)".into(),
            );
        }
    }
    if let Some(n) = a.agents {
        if n > MAX_AGENTS {
            problems.push(format!("--agents: at most {MAX_AGENTS}, got {n}"));
        }
    }
    let load = a.calls_per_hour / 3600.0 * a.aht;
    if load.is_finite() && load > MAX_AGENTS as f64 {
        problems.push(format!(
            "the offered load of {load:.0} Erlangs is beyond what this calculator sizes ({MAX_AGENTS} agents)"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::invalid(problems.join("\n  ")))
    }
}

struct Row {
    agents: u32,
    b: f64,
    c: QueueMetrics,
    a: Option<QueueMetrics>,
}

fn metrics_json(m: &QueueMetrics) -> serde_json::Value {
    let f = |x: f64| if x.is_finite() { json!(x) } else { json!(null) };
    json!({
        "p_wait": f(m.p_wait),
        "service_level": f(m.service_level),
        "service_level_of_answered": f(m.service_level_of_answered),
        "asa_s": f(m.asa_s),
        "abandon_rate": f(m.abandon_rate),
        "occupancy": f(m.occupancy),
        "mean_queue_len": f(m.mean_queue_len),
        "stable": m.stable,
    })
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1} %", x * 100.0)
    } else {
        "-".into()
    }
}

fn secs(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1} s")
    } else {
        "unstable".into()
    }
}

pub fn erlang(a: ErlangArgs) -> Result<i32> {
    check(&a)?;
    let lambda = a.calls_per_hour / 3600.0;
    let load = offered_load_erlangs(lambda, a.aht);
    let eval = |n: u32| Row {
        agents: n,
        b: erlang_b(n, load),
        c: erlang_c_metrics(lambda, a.aht, n, a.threshold),
        a: a.patience
            .map(|p| erlang_a_metrics(lambda, a.aht, p, n, a.threshold)),
    };
    let for_sl_c = a
        .target
        .map(|t| agents_for_service_level(lambda, a.aht, None, a.threshold, t, MAX_AGENTS));
    let for_sl_a = match (a.target, a.patience) {
        (Some(t), Some(p)) => Some(agents_for_service_level(
            lambda,
            a.aht,
            Some(p),
            a.threshold,
            t,
            MAX_AGENTS,
        )),
        _ => None,
    };
    let for_ab = match (a.max_abandon, a.patience) {
        (Some(t), Some(p)) => Some(agents_for_abandon_rate(lambda, a.aht, p, t, MAX_AGENTS)),
        _ => None,
    };
    // rows: the given agents, else the staffing found for the targets, else a range
    let rows: Vec<Row> = if let Some(n) = a.agents {
        vec![eval(n)]
    } else {
        let mut ns: Vec<u32> = [for_sl_c, for_sl_a, for_ab]
            .into_iter()
            .flatten()
            .flatten()
            .collect();
        if ns.is_empty() {
            let lo = load.floor().max(1.0) as u32;
            let mut hi = lo;
            while hi < lo + 40
                && erlang_c_metrics(lambda, a.aht, hi, a.threshold).service_level < 0.99
            {
                hi += 1;
            }
            ns = (lo..=hi.max(lo + 5)).collect();
        } else {
            ns.sort_unstable();
            ns.dedup();
        }
        ns.into_iter().map(eval).collect()
    };
    let text = match a.format {
        OutFormat::Json => output::to_json(&json!({
            "calls_per_hour": a.calls_per_hour,
            "aht_s": a.aht,
            "patience_s": a.patience,
            "threshold_s": a.threshold,
            "offered_erlangs": load,
            "target_service_level": a.target,
            "max_abandon_rate": a.max_abandon,
            "agents_for_service_level": {
                "erlang_c": for_sl_c.flatten(),
                "erlang_a": for_sl_a.flatten(),
            },
            "agents_for_abandon_rate": for_ab.flatten(),
            "rows": rows.iter().map(|r| json!({
                "agents": r.agents,
                "erlang_b": {"blocking": r.b},
                "erlang_c": metrics_json(&r.c),
                "erlang_a": r.a.as_ref().map(metrics_json),
            })).collect::<Vec<_>>(),
        }))?,
        OutFormat::Csv => {
            let header: Vec<String> = [
                "agents",
                "offered_erlangs",
                "erlang_b_blocking",
                "erlang_c_p_wait",
                "erlang_c_service_level",
                "erlang_c_asa_s",
                "erlang_c_occupancy",
                "erlang_a_p_wait",
                "erlang_a_service_level",
                "erlang_a_asa_s",
                "erlang_a_abandon_rate",
                "erlang_a_occupancy",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let f = |x: f64| csv_num(Some(x));
                    let af = |g: fn(&QueueMetrics) -> f64| csv_num(r.a.as_ref().map(g));
                    vec![
                        r.agents.to_string(),
                        f(load),
                        f(r.b),
                        f(r.c.p_wait),
                        f(r.c.service_level),
                        f(r.c.asa_s),
                        f(r.c.occupancy),
                        af(|m| m.p_wait),
                        af(|m| m.service_level),
                        af(|m| m.asa_s),
                        af(|m| m.abandon_rate),
                        af(|m| m.occupancy),
                    ]
                })
                .collect();
            output::to_csv(&header, &rows)?
        }
        OutFormat::Table => {
            let mut s = format!(
                "Offered load: {load:.2} Erlangs ({} calls/h × {} s average handle time)\n",
                a.calls_per_hour, a.aht
            );
            if let Some(p) = a.patience {
                s.push_str(&format!("Mean patience: {p} s (Erlang A)\n"));
            }
            s.push_str(&format!(
                "Service level: answered within {} s, over all offered calls\n\n",
                a.threshold
            ));
            let mut header = vec![
                "agents",
                "B: blocked",
                "C: P(wait)",
                "C: service level",
                "C: ASA",
                "C: occupancy",
            ];
            if a.patience.is_some() {
                header.extend([
                    "A: P(wait)",
                    "A: service level",
                    "A: ASA",
                    "A: abandoned",
                    "A: occupancy",
                ]);
            }
            let mut t = Table::new(&header, &vec![Align::Right; header.len()]);
            for r in &rows {
                let mut row = vec![
                    r.agents.to_string(),
                    pct(r.b),
                    pct(r.c.p_wait),
                    pct(r.c.service_level),
                    secs(r.c.asa_s),
                    pct(r.c.occupancy),
                ];
                if let Some(m) = &r.a {
                    row.extend([
                        pct(m.p_wait),
                        pct(m.service_level),
                        secs(m.asa_s),
                        pct(m.abandon_rate),
                        pct(m.occupancy),
                    ]);
                }
                t.row(row);
            }
            s.push_str(&t.render(""));
            let need = |x: Option<Option<u32>>| match x {
                Some(Some(n)) => n.to_string(),
                Some(None) => format!("more than {MAX_AGENTS}"),
                None => "-".into(),
            };
            if let Some(t) = a.target {
                s.push_str(&format!(
                    "\nFewest agents for service level >= {:.1} % within {} s: Erlang C {}{}\n",
                    t * 100.0,
                    a.threshold,
                    need(for_sl_c),
                    if a.patience.is_some() {
                        format!(", Erlang A {}", need(for_sl_a))
                    } else {
                        String::new()
                    }
                ));
            }
            if let Some(t) = a.max_abandon {
                s.push_str(&format!(
                    "Fewest agents for abandonment <= {:.1} %: Erlang A {}\n",
                    t * 100.0,
                    need(for_ab)
                ));
            }
            s.push_str("\nB: blocked calls are lost. C: callers wait forever. A: callers abandon after an exponential patience.\n");
            s
        }
    };
    output::print_stdout(&text)?;
    Ok(EXIT_OK)
}
