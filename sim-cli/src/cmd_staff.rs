//! `ccsim staff`: minimum agents per interval (per group) that meet the targets in simulation,
//! starting from the Erlang A estimate. The method is described in `ccsim staff --help`.

use crate::cli::{OutFormat, StaffArgs};
use crate::error::{CliError, Result, EXIT_INTERRUPTED, EXIT_OK};
use crate::html::Html;
use crate::output::{self, csv_num, Align, OutDir, Table};
use crate::plots::{self, Chart, LineChart, Series, XAxis, PALETTE};
use crate::runner::{self, Progress};
use crate::source;
use serde_json::json;
use sim_core::analytic::{agents_for_abandon_rate, agents_for_service_level};
use sim_core::report::time_label;
use sim_core::scenario::StaffingSpec;
use sim_core::{Limits, Model, Report, Scenario};

/// Targets of one contact type.
#[derive(Debug, Clone, Default)]
struct TypeTarget {
    /// (threshold s, target share)
    sl: Option<(f64, f64)>,
    max_abandon: Option<f64>,
}

fn parse_targets(model: &Model, given: &[String]) -> Result<Vec<TypeTarget>> {
    let mut out: Vec<TypeTarget> = model
        .types
        .iter()
        .map(|t| TypeTarget {
            sl: if given.is_empty() {
                t.sl_target.map(|x| (t.sl_threshold_s, x))
            } else {
                None
            },
            max_abandon: if given.is_empty() {
                t.max_abandon_rate
            } else {
                None
            },
        })
        .collect();
    for g in given {
        let (k, v) = g.split_once('=').ok_or_else(|| {
            CliError::invalid(format!(
                "--target {g}: expected KPI=VALUE, e.g. service_level=0.8"
            ))
        })?;
        let v: f64 = v
            .trim()
            .parse()
            .ok()
            .filter(|x: &f64| *x > 0.0 && *x < 1.0)
            .ok_or_else(|| {
                CliError::invalid(format!(
                    "--target {g}: the value must be a share between 0 and 1, e.g. 0.8 for 80 %"
                ))
            })?;
        let (ty, kpi) = match k.trim().rsplit_once('.') {
            Some((t, kp)) => (Some(t), kp),
            None => (None, k.trim()),
        };
        let idx: Vec<usize> = match ty {
            None => (0..model.types.len()).collect(),
            Some(t) => match model.types.iter().position(|x| x.id == t) {
                Some(i) => vec![i],
                None => {
                    let ids: Vec<&str> = model.types.iter().map(|x| x.id.as_str()).collect();
                    return Err(CliError::invalid(format!(
                        "--target {g}: unknown contact type \"{t}\"; types: {}",
                        ids.join(", ")
                    )));
                }
            },
        };
        for i in idx {
            match kpi {
                "service_level" => out[i].sl = Some((model.types[i].sl_threshold_s, v)),
                "abandon_rate" => {
                    if model.types[i].mean_patience_s.is_some() {
                        out[i].max_abandon = Some(v)
                    }
                }
                other => {
                    return Err(CliError::invalid(format!(
                        "--target {g}: \"{other}\" cannot be staffed for; use service_level or abandon_rate"
                    )))
                }
            }
        }
    }
    if out
        .iter()
        .all(|t| t.sl.is_none() && t.max_abandon.is_none())
    {
        return Err(CliError::invalid(
            "no targets: give --target service_level=0.8 (or abandon_rate=0.05), or set \
             service_level.target / max_abandon_rate in the scenario",
        ));
    }
    Ok(out)
}

/// The Erlang A/C headcount of one group in one interval for the types it is first choice for.
fn erlang_need(
    model: &Model,
    types: &[usize],
    targets: &[TypeTarget],
    i: usize,
    max: u32,
) -> (f64, u32) {
    let mut lam = 0.0;
    let mut work = 0.0;
    for &t in types {
        let ct = &model.types[t];
        let deflect = ct.deflection_share();
        let r = ct.rate_per_s.get(i).copied().unwrap_or(0.0) * (1.0 - deflect);
        lam += r;
        work += r * (ct.mean_handle_s + ct.mean_wrap_s) / ct.concurrency.max(1) as f64;
    }
    if lam <= 0.0 || work <= 0.0 {
        return (0.0, 0);
    }
    let aht = work / lam;
    let mut n = 0u32;
    for &t in types {
        let ct = &model.types[t];
        let tg = &targets[t];
        if let Some((thr, sl)) = tg.sl {
            n = n.max(
                agents_for_service_level(lam, aht, ct.mean_patience_s, thr, sl, max).unwrap_or(max),
            );
        }
        if let (Some(ab), Some(p)) = (tg.max_abandon, ct.mean_patience_s) {
            n = n.max(agents_for_abandon_rate(lam, aht, p, ab, max).unwrap_or(max));
        }
        if tg.sl.is_none() && tg.max_abandon.is_none() {
            n = n.max(work.ceil() as u32);
        }
    }
    (work, n)
}

/// Per interval of one group: worst simulated service level and abandonment over its types, and
/// whether every target was met.
#[derive(Debug, Clone, Copy, Default)]
struct Eval {
    sl: Option<f64>,
    abandon: Option<f64>,
    ok: bool,
    /// How far the worst target is missed (0 when met).
    shortfall: f64,
}

fn evaluate(r: &Report, model: &Model, types: &[usize], targets: &[TypeTarget], i: usize) -> Eval {
    let mut e = Eval {
        ok: true,
        ..Default::default()
    };
    let Some(iv) = r.by_interval.get(i) else {
        return e;
    };
    for &t in types {
        let Some(st) = iv.by_type.get(&model.types[t].id) else {
            continue;
        };
        let offered = st.get("offered").and_then(|s| s.mean).unwrap_or(0.0);
        if offered <= 0.0 {
            continue;
        }
        let tg = &targets[t];
        if let (Some((_, target)), Some(sl)) = (tg.sl, st.get("service_level").and_then(|s| s.mean))
        {
            e.sl = Some(e.sl.map_or(sl, |x: f64| x.min(sl)));
            if sl < target {
                e.ok = false;
                e.shortfall = e.shortfall.max(target - sl);
            }
        }
        if let (Some(max), Some(ab)) = (tg.max_abandon, st.get("abandon_rate").and_then(|s| s.mean))
        {
            e.abandon = Some(e.abandon.map_or(ab, |x: f64| x.max(ab)));
            if ab > max {
                e.ok = false;
                e.shortfall = e.shortfall.max((ab - max) * 2.0);
            }
        }
    }
    e
}

struct Sim<'a> {
    base: &'a Scenario,
    label: &'a str,
    limits: Limits,
    adjust: &'a [bool],
    seed: u64,
    reps: Vec<u32>,
    progress: &'a Progress,
    steps: u32,
}

impl Sim<'_> {
    fn scenario(&self, staff: &[Vec<u32>]) -> Scenario {
        let mut s = self.base.clone();
        for (g, spec) in s.agent_groups.iter_mut().enumerate() {
            if self.adjust.get(g).copied().unwrap_or(false) {
                spec.staffing = Some(StaffingSpec {
                    constant: None,
                    per_interval: Some(staff[g].clone()),
                });
                spec.shifts.clear();
            }
        }
        s
    }

    /// Simulates a staffing; None when interrupted.
    fn run(&mut self, staff: &[Vec<u32>]) -> Result<Option<Report>> {
        let s = self.scenario(staff);
        let m = source::compile(self.label, &s, self.limits)?;
        self.steps += 1;
        self.progress
            .set_message(format!("staffing: simulation step {}", self.steps));
        let (b, stopped) = runner::run_models(&[&m], self.seed, &self.reps, self.progress)?;
        if stopped {
            return Ok(None);
        }
        Ok(b.into_iter().next().map(|b| b.summary.report(&m)))
    }
}

pub fn staff(a: StaffArgs) -> Result<i32> {
    let src = source::load(Some(&a.scenario))?;
    let wi = source::whatif(&a.whatif)?;
    source::check_whatif_groups(&wi, &src.scenario)?;
    let scenario = source::prepare(&src, &a.model, Some(&a.whatif))?;
    let limits = source::limits(&a.model)?;
    let model = source::compile(&src.label, &scenario, limits)?;
    let targets = parse_targets(&model, &a.target)?;
    if a.replications < 2 {
        return Err(CliError::invalid(
            "--replications: at least 2 per simulation step",
        ));
    }
    let ng = model.groups.len();
    let n = model.n_intervals;
    let max_agents = limits.max_agents.min(100_000) as u32;
    // each type's load goes to the first group it is routed to
    let mut primary: Vec<Vec<usize>> = vec![Vec::new(); ng];
    for (t, ct) in model.types.iter().enumerate() {
        if let Some(&g) = ct.route.first() {
            primary[g].push(t);
        }
    }
    let adjust: Vec<bool> = primary.iter().map(|p| !p.is_empty()).collect();
    let first = crate::present::measured_from(&model);
    // 1. Erlang estimate
    let mut load = vec![vec![0.0; n]; ng];
    let mut erlang = vec![vec![0u32; n]; ng];
    for g in 0..ng {
        for i in 0..n {
            if adjust[g] {
                let (w, k) = erlang_need(&model, &primary[g], &targets, i, max_agents);
                load[g][i] = w;
                erlang[g][i] = if w > 0.0 { k.max(a.min_agents) } else { k };
            } else {
                erlang[g][i] = model.groups[g]
                    .scheduled_per_interval
                    .get(i)
                    .copied()
                    .unwrap_or(0.0)
                    .round() as u32;
            }
        }
    }
    // 2. search with simulation
    runner::init_threads(a.exec.threads);
    let progress = Progress::new(
        a.replications as u64 * a.max_iterations.max(1) as u64,
        a.exec.quiet,
        "staffing",
    );
    let mut sim = Sim {
        base: &scenario,
        label: &src.label,
        limits,
        adjust: &adjust,
        seed: a.exec.seed,
        reps: (0..a.replications).collect(),
        progress: &progress,
        steps: 0,
    };
    let max_steps = a.max_iterations.max(1);
    let mut stopped = false;
    let mut staff = erlang.clone();
    let Some(at_erlang) = sim.run(&staff)? else {
        progress.finish();
        eprintln!("ccsim: interrupted before the first simulation finished; nothing to report");
        return Ok(EXIT_INTERRUPTED);
    };
    let eval_all = |r: &Report| -> Vec<Vec<Eval>> {
        (0..ng)
            .map(|g| {
                (0..n)
                    .map(|i| {
                        if adjust[g] && i >= first {
                            evaluate(r, &model, &primary[g], &targets, i)
                        } else {
                            Eval {
                                ok: true,
                                ..Default::default()
                            }
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let mut floor: Vec<Vec<u32>> = erlang
        .iter()
        .map(|r| {
            r.iter()
                .map(|&x| if x > 0 { a.min_agents.min(x) } else { 0 })
                .collect()
        })
        .collect();
    let mut current = at_erlang.clone();
    let mut best: Option<(Vec<Vec<u32>>, Report)> = None;
    while sim.steps < max_steps {
        let ev = eval_all(&current);
        let failing: Vec<(usize, usize)> = (0..ng)
            .flat_map(|g| (0..n).map(move |i| (g, i)))
            .filter(|&(g, i)| !ev[g][i].ok)
            .collect();
        let next = if !failing.is_empty() {
            // raise: more agents where a target is missed (bigger steps for bigger misses)
            for &(g, i) in &failing {
                let step = 1 + (ev[g][i].shortfall / 0.1).floor() as u32;
                staff[g][i] = staff[g][i].saturating_add(step).min(max_agents);
                floor[g][i] = floor[g][i].max(staff[g][i].saturating_sub(step) + 1);
            }
            sim.run(&staff)?
        } else {
            best = Some((staff.clone(), current.clone()));
            // trim: one agent fewer wherever that has not been shown to fail
            let cands: Vec<(usize, usize)> = (0..ng)
                .flat_map(|g| (0..n).map(move |i| (g, i)))
                .filter(|&(g, i)| adjust[g] && i >= first && staff[g][i] > floor[g][i])
                .collect();
            if cands.is_empty() {
                break;
            }
            for &(g, i) in &cands {
                staff[g][i] -= 1;
            }
            let Some(r) = sim.run(&staff)? else {
                stopped = true;
                break;
            };
            let ev2 = eval_all(&r);
            let mut reverted = false;
            for &(g, i) in &cands {
                if !ev2[g][i].ok {
                    staff[g][i] += 1;
                    floor[g][i] = staff[g][i];
                    reverted = true;
                }
            }
            if reverted {
                if sim.steps >= max_steps {
                    break;
                }
                sim.run(&staff)?
            } else {
                Some(r)
            }
        };
        match next {
            Some(r) => current = r,
            None => {
                stopped = true;
                break;
            }
        }
    }
    progress.finish();
    let ev = eval_all(&current);
    let all_ok = ev.iter().all(|g| g.iter().all(|e| e.ok));
    let (final_staff, final_report, converged) = if all_ok {
        (staff, current, true)
    } else if let Some((s, r)) = best {
        (s, r, true)
    } else {
        (staff, current, false)
    };
    if !converged {
        eprintln!(
            "ccsim: warning: after {} simulation steps some intervals still miss their targets \
             (raise --max-iterations, or check that the targets can be met at all)",
            sim.steps
        );
    }
    if stopped {
        eprintln!("ccsim: interrupted: the staffing below is the best found so far (PARTIAL)");
    }
    let ev_erlang = eval_all(&at_erlang);
    let ev_final = eval_all(&final_report);
    let result = StaffResult {
        model: &model,
        adjust: &adjust,
        load: &load,
        erlang: &erlang,
        needed: &final_staff,
        ev_erlang: &ev_erlang,
        ev_final: &ev_final,
        first,
    };
    let target_text: Vec<String> = model
        .types
        .iter()
        .zip(&targets)
        .flat_map(|(t, tg)| {
            let mut v = Vec::new();
            if let Some((thr, x)) = tg.sl {
                v.push(format!(
                    "{}: service level >= {:.0} % within {} s",
                    t.id,
                    x * 100.0,
                    thr
                ));
            }
            if let Some(x) = tg.max_abandon {
                v.push(format!("{}: abandonment <= {:.1} %", t.id, x * 100.0));
            }
            v
        })
        .collect();
    let headline = format!(
        "{}: agents needed per interval\nTargets (mean per interval): {}\n{} simulation steps of {} replications, seed {}{}{}",
        model.name,
        target_text.join("; "),
        sim.steps,
        a.replications,
        a.exec.seed,
        if converged { "" } else { "\nNOT CONVERGED: some intervals still miss their targets" },
        if stopped { "\nPARTIAL RESULT (interrupted)" } else { "" }
    );
    let doc = json!({
        "scenario": model.name,
        "source": src.label,
        "targets": target_text,
        "replications": a.replications,
        "seed": a.exec.seed,
        "simulation_steps": sim.steps,
        "converged": converged,
        "partial": stopped,
        "groups": (0..ng).map(|g| result.group_json(g)).collect::<Vec<_>>(),
        "kpis_at_needed": final_report.kpis,
        "targets_at_needed": final_report.targets,
        "kpis_at_erlang": at_erlang.kpis,
    });
    let text = match a.output.format {
        OutFormat::Table => {
            let mut s = format!("{headline}\n");
            for g in 0..ng {
                s.push_str(&format!("\n{}\n", result.group_title(g)));
                if adjust[g] {
                    s.push_str(&result.table(g).render("  "));
                    s.push_str(&result.totals(g));
                }
            }
            s.push_str(&result.paste_hint());
            s
        }
        OutFormat::Json => output::to_json(&doc)?,
        OutFormat::Csv => result.csv()?,
    };
    output::print_stdout(&text)?;
    if let Some(dir) = &a.output.out {
        let mut out = OutDir::create(dir)?;
        out.write("staffing.json", output::to_json(&doc)?.as_bytes())?;
        out.write("staffing.csv", result.csv()?.as_bytes())?;
        let mut html = Html::new(&format!("ccsim staffing: {}", model.name));
        html.h1(&format!("{}: staffing", model.name));
        for l in headline.lines() {
            html.p(l);
        }
        html.note("Erlang: the Erlang A/C formula for each interval's forecast load. Needed: the fewest agents found by simulation that meet every target. Scheduled: agents on shift in the scenario as written.");
        for g in 0..ng {
            html.h2(&result.group_title(g));
            if !adjust[g] {
                continue;
            }
            let chart = result.chart(g);
            let svg = plots::write_chart(
                &mut out,
                &format!("staffing-{}", file_safe(&model.groups[g].id)),
                &chart,
            )?;
            html.svg(&svg);
            html.table(&result.table(g));
            html.p(result.totals(g).trim());
        }
        out.write("report.html", html.finish().as_bytes())?;
        out.report_written(a.exec.quiet);
    }
    Ok(if stopped { EXIT_INTERRUPTED } else { EXIT_OK })
}

fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

struct StaffResult<'a> {
    model: &'a Model,
    adjust: &'a [bool],
    load: &'a [Vec<f64>],
    erlang: &'a [Vec<u32>],
    needed: &'a [Vec<u32>],
    ev_erlang: &'a [Vec<Eval>],
    ev_final: &'a [Vec<Eval>],
    first: usize,
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{:.1} %", x * 100.0))
}

impl StaffResult<'_> {
    fn scheduled(&self, g: usize, i: usize) -> f64 {
        self.model.groups[g]
            .scheduled_per_interval
            .get(i)
            .copied()
            .unwrap_or(0.0)
    }

    fn had_shifts(&self, g: usize) -> bool {
        self.model.groups[g].planned_with_shifts()
    }

    fn group_title(&self, g: usize) -> String {
        let grp = &self.model.groups[g];
        if !self.adjust[g] {
            format!(
                "Agent group {}: first choice for no contact type, kept as scheduled",
                grp.id
            )
        } else if self.had_shifts(g) {
            format!(
                "Agent group {} (planned with shift lines: compare 'needed' with 'scheduled' to see where the shifts are short or long)",
                grp.id
            )
        } else {
            format!("Agent group {}", grp.id)
        }
    }

    fn table(&self, g: usize) -> Table {
        let mut t = Table::new(
            &[
                "interval",
                "load (Erl)",
                "Erlang",
                "SL at Erlang",
                "abandon at Erlang",
                "needed (sim)",
                "SL at needed",
                "abandon at needed",
                "scheduled",
            ],
            &[
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
            ],
        );
        for i in 0..self.model.n_intervals {
            let warm = i < self.first;
            t.row(vec![
                time_label(self.model, i as f64 * self.model.interval_s)
                    + if warm { " (warm-up)" } else { "" },
                format!("{:.2}", self.load[g][i]),
                self.erlang[g][i].to_string(),
                pct(self.ev_erlang[g][i].sl),
                pct(self.ev_erlang[g][i].abandon),
                self.needed[g][i].to_string(),
                pct(self.ev_final[g][i].sl),
                pct(self.ev_final[g][i].abandon),
                format!("{:.1}", self.scheduled(g, i)),
            ]);
        }
        t
    }

    fn hours(&self, v: impl Iterator<Item = f64>) -> f64 {
        v.sum::<f64>() * self.model.interval_s / 3600.0
    }

    fn totals(&self, g: usize) -> String {
        let r = self.first..self.model.n_intervals;
        format!(
            "  agent-hours on duty (after warm-up): Erlang {:.1}, needed {:.1}, scheduled {:.1}\n",
            self.hours(r.clone().map(|i| self.erlang[g][i] as f64)),
            self.hours(r.clone().map(|i| self.needed[g][i] as f64)),
            self.hours(r.map(|i| self.scheduled(g, i))),
        )
    }

    fn paste_hint(&self) -> String {
        let mut out = String::from(
            "\nTo run with the needed headcount (replaces constant staffing or shift lines):\n",
        );
        let ipd = self.model.intervals_per_day.max(1);
        for (g, grp) in self.model.groups.iter().enumerate() {
            if !self.adjust[g] {
                continue;
            }
            let v = &self.needed[g];
            // one day's list (repeated daily) when every day is the same
            let days = v.len() / ipd;
            let same = days > 1 && (1..days).all(|d| v[d * ipd..(d + 1) * ipd] == v[..ipd]);
            let list: Vec<String> = if same { &v[..ipd] } else { &v[..] }
                .iter()
                .map(|x| x.to_string())
                .collect();
            out.push_str(&format!(
                "  --set 'agent_groups.{}.staffing={{\"per_interval\":[{}]}}' --set 'agent_groups.{}.shifts=[]'\n",
                grp.id,
                list.join(","),
                grp.id
            ));
        }
        out
    }

    fn group_json(&self, g: usize) -> serde_json::Value {
        let grp = &self.model.groups[g];
        let r = self.first..self.model.n_intervals;
        json!({
            "id": grp.id,
            "adjusted": self.adjust[g],
            "planned_with_shifts": self.had_shifts(g),
            "agent_hours": {
                "erlang": self.hours(r.clone().map(|i| self.erlang[g][i] as f64)),
                "needed": self.hours(r.clone().map(|i| self.needed[g][i] as f64)),
                "scheduled": self.hours(r.map(|i| self.scheduled(g, i))),
            },
            "intervals": (0..self.model.n_intervals).map(|i| json!({
                "interval": i,
                "label": time_label(self.model, i as f64 * self.model.interval_s),
                "warmup": i < self.first,
                "offered_erlangs": self.load[g][i],
                "erlang": self.erlang[g][i],
                "service_level_at_erlang": self.ev_erlang[g][i].sl,
                "abandon_rate_at_erlang": self.ev_erlang[g][i].abandon,
                "needed": self.needed[g][i],
                "service_level_at_needed": self.ev_final[g][i].sl,
                "abandon_rate_at_needed": self.ev_final[g][i].abandon,
                "scheduled": self.scheduled(g, i),
            })).collect::<Vec<_>>(),
        })
    }

    fn csv(&self) -> Result<String> {
        let header: Vec<String> = [
            "group",
            "interval",
            "label",
            "offered_erlangs",
            "erlang",
            "service_level_at_erlang",
            "abandon_rate_at_erlang",
            "needed",
            "service_level_at_needed",
            "abandon_rate_at_needed",
            "scheduled",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut rows = Vec::new();
        for (g, grp) in self.model.groups.iter().enumerate() {
            for i in 0..self.model.n_intervals {
                rows.push(vec![
                    grp.id.clone(),
                    i.to_string(),
                    time_label(self.model, i as f64 * self.model.interval_s),
                    csv_num(Some(self.load[g][i])),
                    self.erlang[g][i].to_string(),
                    csv_num(self.ev_erlang[g][i].sl),
                    csv_num(self.ev_erlang[g][i].abandon),
                    self.needed[g][i].to_string(),
                    csv_num(self.ev_final[g][i].sl),
                    csv_num(self.ev_final[g][i].abandon),
                    csv_num(Some(self.scheduled(g, i))),
                ]);
            }
        }
        output::to_csv(&header, &rows)
    }

    fn chart(&self, g: usize) -> Chart {
        let n = self.model.n_intervals;
        let xs = self.first..n;
        let series = |name: &str, color, f: &dyn Fn(usize) -> f64| Series {
            name: name.to_string(),
            color,
            points: xs.clone().map(|i| (i as f64, Some(f(i)))).collect(),
            band: None,
            step: true,
        };
        let labels: Vec<String> = (0..n)
            .map(|i| time_label(self.model, i as f64 * self.model.interval_s))
            .collect();
        Chart::Line(LineChart {
            title: format!(
                "Agents scheduled vs needed by interval: {}",
                self.model.groups[g].id
            ),
            x_desc: "interval".into(),
            y_desc: "agents".into(),
            x: XAxis::Intervals(labels, self.model.intervals_per_day),
            percent: false,
            series: vec![
                series("scheduled (scenario)", PALETTE[7], &|i| {
                    self.scheduled(g, i)
                }),
                series("Erlang estimate", PALETTE[1], &|i| self.erlang[g][i] as f64),
                series("needed (simulation)", PALETTE[0], &|i| {
                    self.needed[g][i] as f64
                }),
            ],
            hlines: vec![],
            legend_upper: true,
        })
    }
}
