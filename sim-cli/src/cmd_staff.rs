//! `ccsim staff`: minimum agents per interval (per group) that meet the targets in simulation,
//! starting from the Erlang requirement. The search itself is sim-plan's [`StaffingSearch`] (the
//! page runs the same one); this command runs its simulation steps on rayon threads and presents
//! the result. The method is described in `ccsim staff --help` and docs/planning.md.

use crate::cli::{OutFormat, StaffArgs};
use crate::error::{CliError, Result, EXIT_INTERRUPTED, EXIT_OK};
use crate::html::Html;
use crate::output::{self, csv_num, Align, OutDir, Table};
use crate::plots::{self, Chart, LineChart, Series, XAxis, PALETTE};
use crate::runner::{self, Progress};
use crate::source;
use serde_json::json;
use sim_core::report::time_label;
use sim_core::Model;
use sim_plan::search::{GroupPlan, IntervalCheck};
use sim_plan::{SearchOptions, StaffingPlan, StaffingSearch, StaffingTargets, Step};

pub fn staff(a: StaffArgs) -> Result<i32> {
    let src = source::load(Some(&a.scenario))?;
    let wi = source::whatif(&a.whatif)?;
    source::check_whatif_groups(&wi, &src.scenario)?;
    let scenario = source::prepare(&src, &a.model, Some(&a.whatif))?;
    let limits = source::limits(&a.model)?;
    let model = source::compile(&src.label, &scenario, limits)?;
    let targets =
        StaffingTargets::parse(&model, &a.target).map_err(|e| CliError::invalid(e.to_string()))?;
    let options = SearchOptions {
        replications: a.replications,
        seed: a.exec.seed,
        max_steps: a.max_iterations.max(1),
        min_agents: a.min_agents,
        max_agents: limits.max_agents.min(100_000) as u32,
    };
    let mut search = StaffingSearch::new(&model, targets, options).map_err(|e| {
        let flag = match e.field.as_str() {
            "max_steps" => "--max-iterations",
            "min_agents" => "--min-agents",
            _ => "--replications",
        };
        CliError::invalid(format!("{flag} {}: {}", e.value, e.allowed))
    })?;
    runner::init_threads(a.exec.threads);
    let progress = Progress::new(
        a.replications as u64 * options.max_steps as u64,
        a.exec.quiet,
        "staffing",
    );
    let mut stopped = false;
    let plan = loop {
        match search.next_step() {
            Step::Done(plan) => break plan,
            Step::Simulate(p) => {
                let m = source::compile(&src.label, &p.scenario(&scenario), limits)?;
                progress.set_message(format!("staffing: simulation step {}", p.step));
                let Some(report) = runner::run_report(&m, p.seed, p.replications, &progress)?
                else {
                    stopped = true;
                    match search.stop() {
                        Some(plan) => break plan,
                        None => {
                            progress.finish();
                            eprintln!("ccsim: interrupted before the first simulation finished; nothing to report");
                            return Ok(EXIT_INTERRUPTED);
                        }
                    }
                };
                search
                    .submit(&report)
                    .map_err(|e| CliError::failed(e.to_string()))?;
            }
        }
    };
    progress.finish();
    if !plan.converged {
        eprintln!(
            "ccsim: warning: after {} simulation steps some intervals still miss their targets \
             (raise --max-iterations, or check that the targets can be met at all)",
            plan.simulation_steps
        );
    }
    if stopped {
        eprintln!("ccsim: interrupted: the staffing below is the best found so far (PARTIAL)");
    }
    let view = View {
        model: &model,
        plan: &plan,
        shifts: scenario
            .agent_groups
            .iter()
            .map(|g| !g.shifts.is_empty())
            .collect(),
    };
    let headline = format!(
        "{}: agents needed per interval\nTargets (mean per interval): {}\n{} simulation steps of {} replications, seed {}{}{}",
        model.name,
        plan.targets.join("; "),
        plan.simulation_steps,
        plan.replications,
        plan.seed,
        if plan.converged { "" } else { "\nNOT CONVERGED: some intervals still miss their targets" },
        if plan.partial { "\nPARTIAL RESULT (interrupted)" } else { "" }
    );
    let mut doc = serde_json::to_value(&*plan).map_err(|e| CliError::failed(e.to_string()))?;
    doc["source"] = json!(src.label);
    let text = match a.output.format {
        OutFormat::Table => {
            let mut s = format!("{headline}\n");
            for (g, gp) in plan.groups.iter().enumerate() {
                s.push_str(&format!("\n{}\n", view.group_title(g)));
                if gp.planned {
                    s.push_str(&view.table(gp).render("  "));
                    s.push_str(&view.totals(gp));
                }
            }
            s.push_str(&view.paste_hint());
            s
        }
        OutFormat::Json => output::to_json(&doc)?,
        OutFormat::Csv => view.csv()?,
    };
    output::print_stdout(&text)?;
    if let Some(dir) = &a.output.out {
        let mut out = OutDir::create(dir)?;
        out.write("staffing.json", output::to_json(&doc)?.as_bytes())?;
        out.write("staffing.csv", view.csv()?.as_bytes())?;
        let mut html = Html::new(&format!("ccsim staffing: {}", model.name));
        html.h1(&format!("{}: staffing", model.name));
        for l in headline.lines() {
            html.p(l);
        }
        html.note("Erlang: the Erlang A/C requirement for each interval's forecast load (docs/planning.md). Needed: the fewest agents found by simulation that meet every target. Scheduled: agents on shift in the scenario as written.");
        for (g, gp) in plan.groups.iter().enumerate() {
            html.h2(&view.group_title(g));
            if !gp.planned {
                continue;
            }
            let svg = plots::write_chart(
                &mut out,
                &format!("staffing-{}", crate::output::file_safe(&gp.id)),
                &view.chart(gp),
            )?;
            html.svg(&svg);
            html.table(&view.table(gp));
            html.p(view.totals(gp).trim());
        }
        out.write("report.html", html.finish().as_bytes())?;
        out.report_written(a.exec.quiet);
    }
    Ok(if stopped { EXIT_INTERRUPTED } else { EXIT_OK })
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{:.1} %", x * 100.0))
}

/// Presentation of a [`StaffingPlan`]: tables, CSV, chart, paste hint.
struct View<'a> {
    model: &'a Model,
    plan: &'a StaffingPlan,
    /// Per group: planned with shift lines in the scenario.
    shifts: Vec<bool>,
}

impl View<'_> {
    fn group_title(&self, g: usize) -> String {
        let gp = &self.plan.groups[g];
        if !gp.planned {
            format!(
                "Agent group {}: first choice for no contact type, kept as scheduled",
                gp.id
            )
        } else if self.shifts[g] {
            format!(
                "Agent group {} (planned with shift lines: compare 'needed' with 'scheduled' to see where the shifts are short or long)",
                gp.id
            )
        } else {
            format!("Agent group {}", gp.id)
        }
    }

    fn table(&self, gp: &GroupPlan) -> Table {
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
        for iv in &gp.intervals {
            t.row(vec![
                iv.label.clone() + if iv.warmup { " (warm-up)" } else { "" },
                format!("{:.2}", iv.offered_erlangs),
                iv.erlang.to_string(),
                pct(iv.at_erlang.service_level),
                pct(iv.at_erlang.abandon_rate),
                iv.needed.to_string(),
                pct(iv.at_needed.service_level),
                pct(iv.at_needed.abandon_rate),
                format!("{:.1}", iv.scheduled),
            ]);
        }
        t
    }

    fn totals(&self, gp: &GroupPlan) -> String {
        let h = &gp.agent_hours;
        format!(
            "  agent-hours on duty (after warm-up): Erlang {:.1}, needed {:.1}, scheduled {:.1}\n",
            h.erlang, h.needed, h.scheduled
        )
    }

    fn paste_hint(&self) -> String {
        let mut out = String::from(
            "\nTo run with the needed headcount (replaces constant staffing or shift lines):\n",
        );
        let ipd = self.model.intervals_per_day.max(1);
        for gp in self.plan.groups.iter().filter(|g| g.planned) {
            let v: Vec<u32> = gp.intervals.iter().map(|iv| iv.needed).collect();
            // one day's list (repeated daily) when every day is the same
            let days = v.len() / ipd;
            let same = days > 1 && (1..days).all(|d| v[d * ipd..(d + 1) * ipd] == v[..ipd]);
            let list: Vec<String> = if same { &v[..ipd] } else { &v[..] }
                .iter()
                .map(|x| x.to_string())
                .collect();
            out.push_str(&format!(
                "  --set 'agent_groups.{}.staffing={{\"per_interval\":[{}]}}' --set 'agent_groups.{}.shifts=[]'\n",
                gp.id,
                list.join(","),
                gp.id
            ));
        }
        out
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
        for gp in &self.plan.groups {
            for iv in &gp.intervals {
                let (e, n): (&IntervalCheck, &IntervalCheck) = (&iv.at_erlang, &iv.at_needed);
                rows.push(vec![
                    gp.id.clone(),
                    iv.interval.to_string(),
                    iv.label.clone(),
                    csv_num(Some(iv.offered_erlangs)),
                    iv.erlang.to_string(),
                    csv_num(e.service_level),
                    csv_num(e.abandon_rate),
                    iv.needed.to_string(),
                    csv_num(n.service_level),
                    csv_num(n.abandon_rate),
                    csv_num(Some(iv.scheduled)),
                ]);
            }
        }
        output::to_csv(&header, &rows)
    }

    fn chart(&self, gp: &GroupPlan) -> Chart {
        let measured: Vec<_> = gp.intervals.iter().filter(|iv| !iv.warmup).collect();
        let series =
            |name: &str, color, f: &dyn Fn(&sim_plan::search::IntervalPlan) -> f64| Series {
                name: name.to_string(),
                color,
                points: measured
                    .iter()
                    .map(|iv| (iv.interval as f64, Some(f(iv))))
                    .collect(),
                band: None,
                step: true,
            };
        let labels: Vec<String> = (0..self.model.n_intervals)
            .map(|i| time_label(self.model, i as f64 * self.model.interval_s))
            .collect();
        Chart::Line(LineChart {
            title: format!("Agents scheduled vs needed by interval: {}", gp.id),
            x_desc: "interval".into(),
            y_desc: "agents".into(),
            x: XAxis::Intervals(labels, self.model.intervals_per_day),
            percent: false,
            series: vec![
                series("scheduled (scenario)", PALETTE[7], &|iv| iv.scheduled),
                series("Erlang estimate", PALETTE[1], &|iv| iv.erlang as f64),
                series("needed (simulation)", PALETTE[0], &|iv| iv.needed as f64),
            ],
            hlines: vec![],
            legend_upper: true,
        })
    }
}
